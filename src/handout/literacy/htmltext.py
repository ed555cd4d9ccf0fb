"""The one HTML text walker: readability, the literacy report and must-text collection use it.

``TextWalker`` keeps the stack of open elements (void elements never open one) and calls
``opened``, ``closed`` and ``text`` hooks; subclasses keep what they need. ``html_blocks`` is
the reading text of a document, block by block.
"""

from __future__ import annotations

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
    return (
        tag in {"head", "style", "script", "title"}
        or "data-readability" in attrs
        or "data-glossary" in attrs
        or "running" in attrs.get("class", "").split()
    )


class _Blocks(TextWalker):
    """Text of each block element, skipping what ``skipped_for_reading`` names."""

    def __init__(self) -> None:
        super().__init__()
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
        if not self._skip_depth and tag not in VOID and skipped_for_reading(tag, attrs):
            self._skip_depth = self.depth

    def closed(self, tag: str, attrs: Attrs) -> None:
        if tag in BLOCKS:
            self._flush()
        if self._skip_depth and self.depth < self._skip_depth:
            self._skip_depth = 0

    def text(self, data: str) -> None:
        if not self._skip_depth:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[str]:
    """The reading text of a document, block by block (no glossary, sources or margins)."""
    return _Blocks().walk(html).blocks
