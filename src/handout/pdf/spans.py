"""Parts of a document in another language than the document's: read from its HTML in the
parent, carried with the task, and marked with /Lang in the PDF by ``pdf.repair``."""

from __future__ import annotations

from dataclasses import dataclass

from ..literacy.htmltext import VOID, Attrs, TextWalker


@dataclass(frozen=True)
class LangSpan:
    """The text of an HTML element in another language than its surroundings (BCP 47 tag)."""

    lang: str
    text: str


class _LangSpans(TextWalker):
    """Elements whose ``lang`` differs from the language they sit in, with their text."""

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
    return tuple(_LangSpans().walk(html).spans)
