"""Topic + audience + locale → HTML, through a sandboxed Jinja environment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from . import __version__
from .clinic import Clinic
from .errors import RenderError
from .i18n import Formatter, decimals, script_of
from .model import AUDIENCES, Effect, Finding, Glossary, PerAudience, Topic, text_for
from .readability import html_blocks
from .risk import icon_array_uri, natural_frequency, wording
from .translate import Language


def make_environment(template_dirs: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """The only way handout builds a Jinja environment: sandboxed, autoescaped, strict."""
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["capfirst"] = lambda s: str(s)[:1].upper() + str(s)[1:]
    return env


class Citations:
    """Numbers references in order of first citation while a document renders."""

    def __init__(self, topic: Topic) -> None:
        self._refs = {r.id: r for r in topic.references}
        self._order: list[str] = []

    def __call__(self, ids: list[str]) -> str:
        numbers = sorted({self.number(i) for i in ids})
        return "[" + ", ".join(str(n) for n in numbers) + "]"

    def number(self, ref_id: str) -> int:
        if ref_id not in self._order:
            self._order.append(ref_id)
        return self._order.index(ref_id) + 1

    def listed(self) -> list[tuple[int, Any]]:
        """Cited references by number, then the uncited ones after them."""
        for ref_id in self._refs:
            self.number(ref_id)
        return [(i + 1, self._refs[r]) for i, r in enumerate(self._order)]


@dataclass
class Rendered:
    """An HTML document and the texts that must survive into its PDF, by key."""

    html: str
    must: dict[str, str] = field(default_factory=dict)
    furniture: dict[str, str] = field(default_factory=dict)
    digest: str = ""


_BLOCKS = {"br", "p", "li", "div", "h1", "h2", "h3", "h4", "td", "th", "tr", "ul", "ol", "section"}


class _MustCollector(HTMLParser):
    """Collects the text of every ``data-must="key"`` element and every ``data-part`` name.

    ``data-must`` text has to be found again in the PDF; ``data-part`` marks a section that has
    to be rendered (its items carry their own ``data-must``); ``data-furniture`` is the text of
    the page margins, which verification removes so that it can read across page breaks.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.furniture: dict[str, str] = {}
        self.parts: set[str] = set()
        self._open: list[tuple[str, int, list[str]]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:  # a new line, paragraph or item also separates words
            self.handle_data(" ")
        if tag in {"br", "img", "meta", "link", "hr", "input", "wbr"}:
            return
        self._depth += 1
        attributes = dict(attrs)
        if attributes.get("data-part"):
            self.parts.add(str(attributes["data-part"]))
        key = attributes.get("data-must")
        if key:
            self._open.append((key, self._depth, []))
        furniture = attributes.get("data-furniture")
        if furniture:
            self._open.append(("furniture:" + furniture, self._depth, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "img", "meta", "link", "hr", "input", "wbr"}:
            return
        if self._open and self._open[-1][1] == self._depth:
            key, _, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if key.startswith("furniture:"):
                self.furniture[key.removeprefix("furniture:")] = text
            else:
                self.found[key] = text
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)


def required_keys(topic: Topic, clinic: Clinic | None = None, locale: str = "en") -> list[str]:
    """What every document of ``topic`` must show, whatever the template."""
    keys = ["consult", "consult-urgent", "regulatory", "cautions"]
    if clinic is not None and (clinic.profile.contact_for(locale) or clinic.profile.phone):
        keys.append("clinic-contact")
    keys += [f"caution:{c.id}" for c in topic.cautions]
    keys += [f"jurisdiction:{j.id}" for j in topic.regulatory.jurisdictions]
    return keys


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


def _qr_uri(url: str) -> str:
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def used_glossary(topic: Topic, blocks: list[str], script: str = "latin") -> list[Glossary]:
    """The glossary entries whose term appears in the document's reading text."""
    text = "\n".join(blocks).lower()

    def used(term: str) -> bool:
        if script in {"han", "arabic"}:
            # No spaces between Chinese words; Arabic joins articles and prepositions to them.
            return term in text
        return bool(re.search(rf"(?<!\w){re.escape(term)}(?:s|es)?(?!\w)", text))

    return [g for g in topic.glossary if used(g.term.lower())]


def _effect_parts(effect: Effect, fmt: Formatter) -> dict[str, str]:
    places = decimals(effect.value, *effect.ci)
    parts = {
        "measure": effect.measure.value,
        "value": fmt.number(effect.value, places),
        "low": fmt.number(effect.ci[0], places),
        "high": fmt.number(effect.ci[1], places),
        "unit": effect.unit or "",
        "p": "",
    }
    if effect.p is not None:
        parts["p"] = "p = " + fmt.number(effect.p)
    elif effect.p_below is not None:
        parts["p"] = "p < " + fmt.number(effect.p_below)
    return parts


def _key_frequency(finding: Finding, fmt: Formatter) -> dict[str, Any] | None:
    outcome = next((o for o in finding.outcomes if o.groups), None)
    if outcome is None or outcome.groups is None:
        return None
    a, b = outcome.groups.intervention, outcome.groups.comparison
    places = decimals(a, b)
    return {
        "outcome": outcome,
        "nf": natural_frequency(a, b),
        "wording": wording(finding.certainty, outcome.effect),
        "difference": fmt.number(round(abs(a - b), places), places),
    }


PAGE_SIZES = {"a4": "A4", "letter": "letter"}


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
    rules = [f"@page {{ size: {PAGE_SIZES[paper]}; {boxes} }}", f"html {{ font-family: {fonts}; }}"]
    if clinic is not None:
        r, g, b = clinic.accent_rgb
        rules.append(
            f"body.with-clinic h1, body.with-clinic h2, body.with-clinic .clinic-name "
            f"{{ color: rgb({r}, {g}, {b}); }}"
        )
    return Markup("\n".join(rules))


def _common_context(
    env: ImmutableSandboxedEnvironment,
    audience: str,
    language: Language,
    digest: str,
    clinic: Clinic | None,
    paper: str,
    large_print: bool,
) -> dict[str, Any]:
    """What every template needs, whether it renders one document or a packet."""
    if paper not in PAGE_SIZES:
        raise RenderError(f"unknown paper {paper!r}; choose from: {', '.join(PAGE_SIZES)}")
    if audience not in AUDIENCES:
        raise RenderError(f"unknown audience {audience!r}")
    fmt = language.fmt
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    locale = language.locale
    return {
        "audience": audience,
        "locale": locale,
        "lang": locale.replace("_", "-"),
        "script": script_of(locale),
        "draft_translation": language.draft_translation,
        "dir": "rtl" if language.rtl else "ltr",
        "language_name": fmt.language_name,
        "fmt": fmt,
        "digest": digest,
        "version": __version__,
        "clinic": clinic,
        "paper": paper,
        "large_print": large_print,
        "ltr": ltr,
        "option_css": option_css(paper, clinic, script_of(locale)),
    }


def render_html(
    topic: Topic,
    audience: str,
    locale: str,
    env: ImmutableSandboxedEnvironment,
    digest: str,
    *,
    clinic: Clinic | None = None,
    paper: str = "a4",
    large_print: bool = False,
    language: Language | None = None,
) -> Rendered:
    """Render one document; raise RenderError naming the template on any template failure.

    ``topic`` is the source (English) topic; ``language`` translates it (default: English).
    """
    language = language or Language(locale)
    context = _common_context(env, audience, language, digest, clinic, paper, large_print)
    fmt: Formatter = context["fmt"]
    topic, english = language.localize(topic)
    context["untranslated"] = bool(english or language.message_gaps)

    def t(value: PerAudience | str) -> str:
        return value if isinstance(value, str) else text_for(value, audience)

    context |= {
        "topic": topic,
        "t": t,
        "cite": Citations(topic),
        "effect_parts": lambda e: _effect_parts(e, fmt),
        "wording": wording,
        "key_frequency": lambda f: _key_frequency(f, fmt),
        "main_outcome": lambda f: next((o for o in f.outcomes if o.effect), None),
        "icon_array": icon_array_uri,
        "draft": topic.review.status.value != "approved",
        "online_url": clinic.online_url(topic.id, audience, locale) if clinic else None,
        "qr_code": _qr_uri,
    }
    name = f"{audience}.html.j2"
    try:
        template = env.get_template(name)
        html = template.render({**context, "glossary": topic.glossary})
        used = (
            used_glossary(topic, html_blocks(html), context["script"])
            if "data-glossary" in html
            else []
        )
        if "data-glossary" in html and len(used) != len(topic.glossary):
            # "Words to know" lists only the terms this document actually uses.
            context["cite"] = Citations(topic)
            html = template.render({**context, "glossary": used})
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template not found: {exc.name}") from exc
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        raise RenderError(f"{name}: {exc}") from exc

    collector = _MustCollector()
    collector.feed(html)
    collector.close()
    missing = [
        k
        for k in required_keys(topic, clinic, locale)
        if not collector.found.get(k) and k not in collector.parts
    ]
    if missing:
        raise RenderError(
            f"{name}: the template does not render required parts: {', '.join(missing)}"
        )
    return Rendered(html=html, must=collector.found, furniture=collector.furniture, digest=digest)


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def render_packet(
    parts: list[tuple[Topic, Rendered]],
    audience: str,
    locale: str,
    env: ImmutableSandboxedEnvironment,
    digest: str,
    *,
    clinic: Clinic | None = None,
    paper: str = "a4",
    large_print: bool = False,
    language: Language | None = None,
) -> Rendered:
    """Several rendered documents of one audience as one packet: cover, contents, topics."""
    language = language or Language(locale)
    context = _common_context(env, audience, language, digest, clinic, paper, large_print)
    context["untranslated"] = bool(language.message_gaps)
    bodies = []
    must: dict[str, str] = {}
    for topic, rendered in parts:
        match = _BODY.search(rendered.html)
        if match is None:
            raise RenderError(f"{topic.id}: the rendered document has no <body>")
        bodies.append((topic, Markup(match.group(1))))  # our own autoescaped output
        must.update({f"{topic.id}/{key}": text for key, text in rendered.must.items()})
    topics = [t for t, _ in parts]
    context |= {
        "topics": topics,
        "bodies": bodies,
        "date": max(t.review.updated for t in topics),
        "any_draft": any(t.review.status.value != "approved" for t in topics),
    }
    try:
        html = env.get_template("packet.html.j2").render(context)
    except jinja2.TemplateError as exc:
        raise RenderError(f"packet.html.j2: {exc}") from exc
    cover = _MustCollector()
    cover.feed(html[: html.find('<article class="packet-topic"')])
    cover.close()
    must.update(cover.found)
    furniture = {
        key if key in {"page-word", "of-word"} else f"packet/{key}": text
        for key, text in cover.furniture.items()
    }
    for topic, rendered in parts:
        for key, text in rendered.furniture.items():
            if key not in {"page-word", "of-word"}:
                furniture[f"{topic.id}/{key}"] = text
    return Rendered(html=html, must=must, furniture=furniture, digest=digest)
