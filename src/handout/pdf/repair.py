"""Repairs of WeasyPrint's PDF/UA-1 output, after rendering and before verification (pikepdf).

WeasyPrint 70 leaves two things short of PDF/UA-1:

- **Empty ToUnicode entries** (WeasyPrint issue 2841): when a cluster of text is drawn as
  several glyphs, the later glyphs map to an empty string. In Arabic "شيئًا" the medial yeh
  with hamza gets nothing, so page-validation fails PDFUA1-FONT-UNICODE-MAPPING-001 and text
  extraction reads a wrong letter. Each empty entry gets its glyph's own character from the
  embedded font's cmap (Arabic presentation forms folded to their letters).
- **/Lang only on the catalog**: an HTML element in another language (the English line of a
  translation notice) would be read in the document's language. The structure element that
  shows each such element's text gets its ``/Lang``.

Same input, same bytes; a PDF that needs neither repair is returned as it came. A glyph that
cannot be mapped or a part whose text is not found fails the document (RenderError).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import pikepdf
from fontTools.agl import toUnicode
from fontTools.ttLib import TTFont, TTLibError

from ..errors import RenderError
from ..literacy.htmltext import LangSpan

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_EMPTY = re.compile(rb"<([0-9A-Fa-f]+)>(\s*)<>")
_SHOW = frozenset({"Tj", "TJ", "'", '"'})


def repair(data: bytes, spans: Sequence[LangSpan] = ()) -> bytes:
    """``data`` with empty ToUnicode entries filled and ``spans`` tagged with their language.

    Returns ``data`` itself when nothing needs repair. Raises RenderError when a glyph has no
    character to give or a span's text is shown by no structure element.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        filled = fill_empty_tounicode(pdf)
        if spans:
            set_languages(pdf, spans)
        if not filled and not spans:
            return data
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()


# --- ToUnicode ------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFF) as their letters; others as they are."""
    return "".join(
        unicodedata.normalize("NFKC", c)
        if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff"
        else c
        for c in text
    )


def _rank(code: int) -> tuple[bool, bool, int]:
    """Order of preference among code points of one glyph: ordinary characters before radicals,
    compatibility ideographs and characters with a decomposition."""
    radical = 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF
    return radical, bool(unicodedata.decomposition(chr(code))), code


def _embedded_font(font: pikepdf.Dictionary) -> TTFont | None:
    """The font program embedded for ``font`` when it is an sfnt (TrueType or OpenType)."""
    descendants = font.get("/DescendantFonts")
    descriptor = (descendants[0] if descendants is not None else font).get("/FontDescriptor")
    if descriptor is None:
        return None
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    if program is None:
        return None
    try:
        return TTFont(io.BytesIO(program.read_bytes()), lazy=True)
    except (TTLibError, AssertionError, ValueError):  # bare CFF is not an sfnt
        return None


def _glyph_texts(font: TTFont | None) -> tuple[list[str], dict[str, str]]:
    """The font's glyph names by id, and the best character for each glyph its cmap reaches."""
    if font is None:
        return [], {}
    best: dict[str, str] = {}
    if "cmap" in font:
        for code, name in sorted(font.getBestCmap().items(), key=lambda item: _rank(item[0])):
            best.setdefault(name, chr(code))
    return font.getGlyphOrder(), best


def fill_empty_tounicode(pdf: pikepdf.Pdf) -> int:
    """Give every empty ToUnicode entry its glyph's character; return how many were filled."""
    filled, seen = 0, set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        cmap = obj.get("/ToUnicode")
        if cmap is None or cmap.objgen in seen:
            continue
        seen.add(cmap.objgen)
        data = cmap.read_bytes()
        if not _EMPTY.search(data):
            continue
        repaired, count = _EMPTY.subn(_filler(obj), data)
        cmap.write(repaired)
        filled += count
    return filled


def _filler(font: pikepdf.Dictionary) -> Callable[[re.Match[bytes]], bytes]:
    """Rewrites one empty ``<gid> <>`` entry of ``font``'s ToUnicode with its glyph's text."""
    order, best = _glyph_texts(_embedded_font(font))

    def fill(match: re.Match[bytes]) -> bytes:
        gid = int(match.group(1), 16)
        name = order[gid] if gid < len(order) else ""
        text = _fold(best.get(name) or toUnicode(name)) if name else ""
        if not text:
            raise RenderError(
                f"PDF repair: glyph {gid} of font {font.get('/BaseFont')} has no character "
                "(an empty ToUnicode entry, WeasyPrint issue 2841)"
            )
        code = text.encode("utf-16-be").hex().encode()
        return b"<%s>%s<%s>" % (match.group(1), match.group(2), code)

    return fill


# --- /Lang on structure elements ---------------------------------------------------------------


def _key(text: str) -> str:
    """Text to compare across HTML and PDF: no whitespace, soft hyphens or hyphens, NFKC."""
    return re.sub(r"[\s\u00ad\u2010-]", "", unicodedata.normalize("NFKC", text)).casefold()


def _font_decoder(font: pikepdf.Dictionary) -> tuple[int, dict[int, str]]:
    """Bytes per character code and the ToUnicode map of ``font``."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping: dict[int, str] = {}
    cmap = font.get("/ToUnicode")
    if cmap is not None:
        for code, text in _BFCHAR.findall(cmap.read_bytes()):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return width, mapping


def _mcid_texts(page: pikepdf.Page, decoders: dict) -> dict[int, str]:
    """Marked-content id -> the text shown inside that sequence on ``page``."""
    fonts = page.resources.get("/Font", pikepdf.Dictionary())
    texts: dict[int, list[str]] = {}
    stack: list[int | None] = []
    width, mapping = 1, {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(None if mcid is None else int(mcid))
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf" and str(operands[0]) in fonts:
            font = fonts[str(operands[0])]
            if font.objgen not in decoders:
                decoders[font.objgen] = _font_decoder(font)
            width, mapping = decoders[font.objgen]
        elif op in _SHOW:
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is None:
                continue
            items = operands[0] if op == "TJ" else [operands[-1]]
            raw = b"".join(bytes(s) for s in items if isinstance(s, pikepdf.String))
            codes = (int.from_bytes(raw[i : i + width], "big") for i in range(0, len(raw), width))
            texts.setdefault(mcid, []).append("".join(mapping.get(c, "") for c in codes))
    return {mcid: "".join(parts) for mcid, parts in texts.items()}


def _parent_tree(root: pikepdf.Dictionary) -> dict[int, pikepdf.Object]:
    """StructParents key -> its value (for a page: the structure elements by MCID)."""
    found: dict[int, pikepdf.Object] = {}
    nodes = [root.ParentTree]
    while nodes:
        node = nodes.pop()
        nums = node.get("/Nums", pikepdf.Array())
        for i in range(0, len(nums) - 1, 2):
            found[int(nums[i])] = nums[i + 1]
        nodes.extend(node.get("/Kids", pikepdf.Array()))
    return found


class _Texts:
    """The text each structure element shows, from the marked content of the pages read."""

    def __init__(self) -> None:
        self.by_mcid: dict[tuple[tuple[int, int], int], str] = {}
        self.memo: dict[tuple[int, int], str] = {}  # per element, for the pages read so far

    def add_page(self, page: pikepdf.Page, decoders: dict) -> dict[int, str]:
        texts = _mcid_texts(page, decoders)
        self.by_mcid.update({(page.obj.objgen, mcid): text for mcid, text in texts.items()})
        self.memo.clear()
        return texts

    def of(self, elem: pikepdf.Dictionary, page: tuple[int, int]) -> str:
        if elem.objgen not in self.memo:
            self.memo[elem.objgen] = self._text(elem, page)
        return self.memo[elem.objgen]

    def _text(self, elem: pikepdf.Dictionary, page: tuple[int, int]) -> str:
        if "/Pg" in elem:
            page = elem.Pg.objgen
        kids = elem.get("/K")
        kids = [] if kids is None else kids if isinstance(kids, pikepdf.Array) else [kids]
        parts = []
        for kid in kids:
            if isinstance(kid, int):
                parts.append(self.by_mcid.get((page, int(kid)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                where = kid.Pg.objgen if "/Pg" in kid else page
                parts.append(self.by_mcid.get((where, int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                parts.append(self.of(kid, page))
        return "".join(parts)


def _highest_match(
    elem: pikepdf.Object, page: tuple[int, int], texts: _Texts, wanted: dict[str, str]
) -> tuple[pikepdf.Dictionary, str] | None:
    """The highest structure element from ``elem`` up whose text is one of ``wanted``."""
    best = None
    while isinstance(elem, pikepdf.Dictionary) and elem.get("/Type") != "/StructTreeRoot":
        key = _key(texts.of(elem, page))
        if key in wanted:
            best = elem, key
        elif not any(key in k for k in wanted):
            break
        elem = elem.get("/P")
    return best


def set_languages(pdf: pikepdf.Pdf, spans: Iterable[LangSpan]) -> None:
    """Set ``/Lang`` on the structure elements that show each span's text.

    Pages are read in order until every span (counting repeats: a packet has one notice per
    topic) is found. Raises RenderError naming the first span no element shows.
    """
    spans = list(spans)
    wanted = {_key(s.text): s.lang for s in spans}
    needed = Counter(_key(s.text) for s in spans)
    found: Counter[str] = Counter()
    if "/StructTreeRoot" in pdf.Root:
        owners_by_key = _parent_tree(pdf.Root.StructTreeRoot)
        texts, decoders, tagged = _Texts(), {}, set()
        for page in pdf.pages:
            if all(found[k] >= n for k, n in needed.items()):
                break
            if "/StructParents" not in page.obj:
                continue
            owners = owners_by_key.get(int(page.obj.StructParents))
            for mcid, text in texts.add_page(page, decoders).items():
                if owners is None or mcid >= len(owners) or not _key(text):
                    continue
                match = _highest_match(owners[mcid], page.obj.objgen, texts, wanted)
                if match is not None and match[0].objgen not in tagged:
                    match[0].Lang = pikepdf.String(wanted[match[1]])
                    tagged.add(match[0].objgen)
                    found[match[1]] += 1
    for span in spans:
        if found[_key(span.text)] < needed[_key(span.text)]:
            raise RenderError(
                f"PDF repair: no structure element shows the {span.lang} text {span.text[:60]!r}"
            )
