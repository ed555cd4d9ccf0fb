"""The Jinja environment and what templates may call: sandboxed, autoescaped, strict.

Also the CSS built from checked options (paper, script fonts, clinic colour), the
left-to-right markup for phone numbers and addresses, and QR codes.
"""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..choices import PAPERS
from ..content.clinic import Clinic
from ..content.project import template_file
from .cache import bytecode_cache


class FolderLoader(jinja2.FileSystemLoader):
    """Loads templates from the template folders, never through a link that leaves one."""

    def __init__(self, template_dirs: tuple[Path, ...]) -> None:
        super().__init__([str(d) for d in template_dirs])
        self.folders = template_dirs

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        pieces = split_template_path(template)
        found = template_file(self.folders, "/".join(pieces))  # RenderError when it leaves
        if found is None:
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


# Compiled code depends on how the environment is made: this module's own text says how.
_OPTIONS = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def make_environment(template_dirs: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """The only way handout builds a Jinja environment: sandboxed, autoescaped, strict."""
    env = ImmutableSandboxedEnvironment(
        loader=FolderLoader(template_dirs),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache(_OPTIONS),
    )
    env.filters["capfirst"] = capfirst
    # Translations come with each render (translation_functions); trans blocks call them
    # new-style, with named values.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    return env


def capfirst(value: object) -> str:
    """``value`` with its first character in capitals. Markup (what a macro returns, already
    escaped) stays markup, so that autoescaping does not escape it a second time."""
    text = str(value)
    first = text[:1].upper() + text[1:]
    return Markup(first) if isinstance(value, Markup) else first


def ltr(text: str, part: str | None = None) -> Markup:
    """``text`` (or each ``part`` inside it) kept left to right, even on right-to-left pages.

    Phone numbers and addresses are read left to right in every script; without this, the
    groups of "+1 555 0100" come out in reverse order in Arabic.
    """
    if part is None:
        part = text
    if not part or part not in text:
        return Markup(escape(text))
    # Short ones (phone numbers) also stay on one line: split, they read out of order in Arabic.
    kind = ' class="nobreak"' if len(part) <= 40 else ""
    span = Markup(f'<span dir="ltr"{kind}>') + escape(part) + Markup("</span>")
    return Markup(span).join(escape(piece) for piece in text.split(part))


def qr_uri(url: str) -> str:
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


# The font family of each script, named explicitly: fontconfig's own choice for Arabic is
# DejaVu, and without a CJK font Chinese would come out as boxes. scripts/system-deps.sh
# installs them (Debian fonts-noto-core and fonts-noto-cjk).
SCRIPT_FONTS = {
    "latin": '"Noto Sans", sans-serif',
    "arabic": '"Noto Sans Arabic", "Noto Sans", sans-serif',
    "hebrew": '"Noto Sans Hebrew", "Noto Sans", sans-serif',
    "han": '"Noto Sans CJK SC", "Noto Sans", sans-serif',
}
MARGIN_BOXES = ("top-left", "top-right", "bottom-left", "bottom-right")


def option_css(paper: str, clinic: Clinic | None, script: str = "latin") -> Markup:
    """CSS for paper, script fonts and clinic colour, built only from checked values."""
    fonts = SCRIPT_FONTS[script]
    # Margin boxes inherit nothing from the body: each names the font too.
    boxes = " ".join(f"@{box} {{ font-family: {fonts}; }}" for box in MARGIN_BOXES)
    rules = [f"@page {{ size: {PAPERS[paper]}; {boxes} }}", f"html {{ font-family: {fonts}; }}"]
    if clinic is not None:
        r, g, b = clinic.accent_rgb
        rules.append(
            f"body.with-clinic h1, body.with-clinic h2, body.with-clinic .clinic-name "
            f"{{ color: rgb({r}, {g}, {b}); }}"
        )
    return Markup("\n".join(rules))


def translation_functions(translations: gettext.NullTranslations) -> dict[str, object]:
    """``_``, ``gettext`` and ``ngettext`` for one render, passed in its context.

    A translation is text, never markup: it is escaped before the named values (escaped in
    turn unless they are markup the templates made) are put into it. The shared environment
    is never changed, so documents in several locales can be rendered one after another.
    """

    def translate(message: str, /, **values: object) -> Markup:
        return Markup(escape(translations.gettext(message))) % values

    def translate_plural(singular: str, plural: str, num: int, /, **values: object) -> Markup:
        values.setdefault("num", num)
        return Markup(escape(translations.ngettext(singular, plural, num))) % values

    return {"_": translate, "gettext": translate, "ngettext": translate_plural}
