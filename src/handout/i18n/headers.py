"""A PO file's header checked before Babel reads it: size, charset and plural forms.

Babel and gettext trust the header: an unknown charset, a plural expression that does not
parse or divides by zero, a huge ``nplurals`` (Babel makes that many empty strings per plural
entry) or an index past the last form end in a traceback, an exhausted machine or a
document that quietly prints English. Each is refused here, as ``file:line``.
"""

from __future__ import annotations

import codecs
import gettext
import re
from pathlib import Path

from ..errors import ContentError, Problem

MAX_PO_BYTES = 2 * 1024 * 1024
MAX_PLURALS = 6
PLURAL_TEST_RANGE = range(1001)
_MSGID_EMPTY = re.compile(r'^msgid\s+""\s*$')
_STRING = re.compile(r'^\s*(?:msgstr\s+)?"(.*)"\s*$')
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d{1,9})\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.I)
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def header_fields(raw: bytes) -> list[tuple[str, str, int]]:
    """(name, value, line) of each header of the PO file's first (empty-msgid) entry."""
    lines = raw.decode("latin-1").splitlines()
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    if i >= len(lines) or not _MSGID_EMPTY.match(lines[i]) or i + 1 >= len(lines):
        return []
    if not lines[i + 1].lstrip().startswith("msgstr"):
        return []
    fields: list[tuple[str, str, int]] = []
    pending, start = "", 0
    for number in range(i + 1, len(lines)):
        match = _STRING.match(lines[number])
        if not match:
            break
        if not pending:
            start = number + 1
        pending += _unescape(match.group(1))
        while "\n" in pending:
            field, pending = pending.split("\n", 1)
            if ":" in field:
                name, value = field.split(":", 1)
                fields.append((name.strip(), value.strip(), start))
            start = number + 1
    if pending and ":" in pending:
        name, value = pending.split(":", 1)
        fields.append((name.strip(), value.strip(), start))
    return fields


def plural_problem(value: str) -> str | None:
    """Why a ``Plural-Forms`` value cannot be used, or None."""
    match = _PLURAL_FORMS.match(value)
    if not match:
        return f"expected Plural-Forms 'nplurals=N; plural=EXPRESSION;', found {value[:80]!r}"
    count, expression = int(match.group(1)), match.group(2)
    if not 1 <= count <= MAX_PLURALS:
        return f"expected nplurals from 1 to {MAX_PLURALS}, found {count}"
    try:
        plural = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError, MemoryError, OverflowError) as exc:
        return f"expected a plural expression gettext can read, found {expression[:80]!r} ({exc})"
    for n in PLURAL_TEST_RANGE:
        try:
            index = plural(n)
        except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
            return f"expected a plural expression that works for every n, found {exc} at n={n}"
        if not isinstance(index, int) or not 0 <= index < count:
            return (
                f"expected plural forms 0 to {count - 1}, found form {index} for n={n} "
                f"(plural={expression[:60]})"
            )
    return None


def charset_problem(value: str) -> str | None:
    """Why a ``Content-Type`` value's charset cannot be used, or None."""
    match = _CHARSET.search(value)
    if not match:
        return None
    charset = match.group(1).strip("\"'")
    try:
        codecs.lookup(charset)
    except LookupError:
        return f"expected a known charset in Content-Type (UTF-8), found {charset!r}"
    return None


def check_header(raw: bytes, name: str) -> None:
    """Raise ContentError when the PO file is too large or its header unusable."""
    if len(raw) > MAX_PO_BYTES:
        found = f"expected at most {MAX_PO_BYTES} bytes, found {len(raw)}"
        raise ContentError([Problem(name, 1, 1, "", found)])
    problems = []
    for field, value, line in header_fields(raw):
        key = field.lower()
        found = (
            plural_problem(value)
            if key == "plural-forms"
            else charset_problem(value)
            if key == "content-type"
            else None
        )
        if found:
            problems.append(Problem(name, line, 1, field, found))
    if problems:
        raise ContentError(problems)


def read_limited(path: Path, name: str) -> bytes:
    """A PO file's bytes, refused unread past the size cap (read at most one byte more)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PO_BYTES + 1)
    except OSError as exc:
        raise ContentError([Problem(name, 1, 1, "", f"cannot read catalog: {exc}")]) from exc
    if len(raw) > MAX_PO_BYTES:
        found = f"expected at most {MAX_PO_BYTES} bytes, found more"
        raise ContentError([Problem(name, 1, 1, "", found)])
    return raw
