"""The one HTML text walker: readability, the literacy report and must-text collection use it.

``TextWalker`` keeps the stack of open elements (void elements never open one) and calls
``opened``, ``closed``, ``text`` and ``finished`` hooks; subclasses keep what they need.
``walk_together`` parses a document once for several walkers. ``html_blocks`` is the reading
text of a document, block by block; ``LangSpans`` finds its parts in another language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Self

# Elements that never have content or an end tag (HTML Living Standard).
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# Elements that end a run of text: their start or end also separates words.
BLOCKS = frozenset(
    {
        "br", "p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "ul",
        "ol", "dt", "dd", "section", "header", "footer", "main", "article", "aside", "nav",
        "title", "table", "figure", "figcaption", "blockquote",
    }
)  # fmt: skip

Attrs = dict[str, str]


class TextWalker(HTMLParser):
    """Walks a document; subclasses override ``opened``, ``closed`` and ``text``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, Attrs]] = []

    def walk(self, html: str) -> Self:
        self.feed(html)
        self.close()
        self.finished()
        return self

    @property
    def depth(self) -> int:
        return len(self.stack)

    def opened(self, tag: str, attrs: Attrs) -> None:
        """An element started (void elements too, which are closed at once)."""

    def closed(self, tag: str, attrs: Attrs) -> None:
        """An element ended (or was left open when an ancestor ended)."""

    def text(self, data: str) -> None:
        """Character data inside the current element."""

    def finished(self) -> None:
        """The whole document has been read."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag in VOID:
            self.opened(tag, found)
            self.closed(tag, found)
            return
        self.stack.append((tag, found))
        self.opened(tag, found)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not any(name == tag for name, _ in self.stack):
            return
        while self.stack:
            name, attrs = self.stack.pop()
            self.closed(name, attrs)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        self.text(data)


def skipped_for_reading(tag: str, attrs: Attrs) -> bool:
    """Parts of a document that are not reading text: head, scripts, sources, glossary, margins."""
    return not_shown(tag, attrs) or "data-readability" in attrs or "data-glossary" in attrs


def not_shown(tag: str, attrs: Attrs) -> bool:
    """Parts of a document that are not on its pages: head, scripts, page-margin texts."""
    return (
        tag in {"head", "style", "script", "title"} or "running" in attrs.get("class", "").split()
    )


class Blocks(TextWalker):
    """Text of each block element, skipping the elements ``skip`` names (and their content)."""

    def __init__(self, skip: Callable[[str, Attrs], bool] = skipped_for_reading) -> None:
        super().__init__()
        self.skip = skip
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip_depth = 0  # depth of the outermost skipped element, 0 when reading

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text and not self._skip_depth:
            self.blocks.append(text)
        self._current = []

    def opened(self, tag: str, attrs: Attrs) -> None:
        if tag in BLOCKS:
            self._flush()
        if not self._skip_depth and tag not in VOID and self.skip(tag, attrs):
            self._skip_depth = self.depth

    def closed(self, tag: str, attrs: Attrs) -> None:
        if tag in BLOCKS:
            self._flush()
        if self._skip_depth and self.depth < self._skip_depth:
            self._skip_depth = 0

    def text(self, data: str) -> None:
        if not self._skip_depth:
            self._current.append(data)

    def finished(self) -> None:
        self._flush()


def html_blocks(html: str) -> list[str]:
    """The reading text of a document, block by block (no glossary, sources or margins)."""
    return Blocks().walk(html).blocks


def shown_blocks(html: str) -> list[str]:
    """All the text on a document's pages, block by block, but the page-margin texts."""
    return Blocks(not_shown).walk(html).blocks


@dataclass(frozen=True)
class LangSpan:
    """The text of an HTML element in another language than its surroundings (BCP 47 tag)."""

    lang: str
    text: str


class LangSpans(TextWalker):
    """Elements whose ``lang`` differs from the language they sit in, with their text, in the
    order they end (``pdf.repair`` marks them with /Lang in the PDF)."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[LangSpan] = []
        self._open: list[tuple[int, str, list[str]]] = []  # depth, lang, text parts

    def opened(self, tag: str, attrs: Attrs) -> None:
        lang = attrs.get("lang")
        if not lang or tag in VOID or tag == "html" or any(n == "head" for n, _ in self.stack):
            return
        inherited = next((a["lang"] for _, a in reversed(self.stack[:-1]) if a.get("lang")), "")
        if lang.casefold() != inherited.casefold():
            self._open.append((self.depth, lang, []))

    def closed(self, tag: str, attrs: Attrs) -> None:
        if self._open and self._open[-1][0] == self.depth + 1:
            _, lang, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if text:
                self.spans.append(LangSpan(lang, text))

    def text(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)


def lang_spans(html: str) -> tuple[LangSpan, ...]:
    """Each element of ``html`` whose ``lang`` differs from its parent's, in the order they end."""
    return tuple(LangSpans().walk(html).spans)


class _Together(TextWalker):
    """One parse of a document, every hook passed on to each walker (who share its stack)."""

    def __init__(self, walkers: tuple[TextWalker, ...]) -> None:
        super().__init__()
        self.walkers = walkers
        for walker in walkers:
            walker.stack = self.stack

    def opened(self, tag: str, attrs: Attrs) -> None:
        for walker in self.walkers:
            walker.opened(tag, attrs)

    def closed(self, tag: str, attrs: Attrs) -> None:
        for walker in self.walkers:
            walker.closed(tag, attrs)

    def text(self, data: str) -> None:
        for walker in self.walkers:
            walker.text(data)

    def finished(self) -> None:
        for walker in self.walkers:
            walker.finished()


def walk_together(html: str, *walkers: TextWalker) -> None:
    """Feed ``html`` to several walkers in one parse (parsing is most of a walk's cost); each
    keeps its own results, as if it had walked the document alone."""
    _Together(walkers).walk(html)
