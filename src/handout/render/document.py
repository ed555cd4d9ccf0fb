"""Topic + setting → HTML, through the sandboxed Jinja environment: documents and packets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..content.model import Topic
from ..errors import RenderError
from .context import Citations, Setting, common_context, document_context, used_glossary
from .environment import make_environment
from .must import Rendered, missing_parts, read, required_keys


def _render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; raise RenderError naming the template on any failure."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template not found: {exc.name}") from exc
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        raise RenderError(f"{name}: {exc}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: {exc}") from exc


class Renderer:
    """Renders documents and packets of one project's templates (one Jinja environment)."""

    def __init__(self, template_dirs: tuple[Path, ...]) -> None:
        self.env = make_environment(template_dirs)

    def document(self, topic: Topic, setting: Setting, *, fragment: bool = False) -> Rendered:
        """One document of ``topic`` (the source topic: the setting's language translates it).

        ``fragment``: only the page content, for a packet. Raises RenderError when the
        template fails or does not render a part every document must show.
        """
        brief = ".brief" if setting.length == "brief" else ""
        name = f"{setting.audience}{brief}.html.j2"
        topic, english = setting.language.localize(topic)
        untranslated = bool(english or setting.language.message_gaps)
        context = document_context(topic, setting) | {
            "fragment": fragment,
            "untranslated": untranslated,
        }
        html = _render(self.env, name, context)
        reading = read(html)
        if "data-glossary" in html:
            # "Words to know" lists only the terms this document actually uses.
            used = used_glossary(topic, reading.blocks, context["script"])
            if len(used) != len(topic.glossary):
                context |= {"glossary": used, "cite": Citations(topic)}
                html = _render(self.env, name, context)
                reading = read(html)
        keys = required_keys(topic, setting.clinic, setting.locale)
        missing = missing_parts(reading.must, keys)
        if missing:
            raise RenderError(
                f"{name}: the template does not render required parts: {', '.join(missing)}"
            )
        found = reading.must
        return Rendered(html, found.found, found.furniture, setting.digest, reading.spans)

    def packet(self, parts: list[tuple[Topic, Rendered]], setting: Setting) -> Rendered:
        """Several documents of one audience as one packet: cover, contents, topics.

        ``parts`` pairs each topic (translated, as its readers see it) with its document
        rendered as a fragment; each fragment's texts are found again under the topic's scope.
        """
        topics = [topic for topic, _ in parts]
        dates: list[date] = [t.review.updated for t in topics]
        context = common_context(setting) | {
            "topics": topics,
            "bodies": [(topic, Markup(r.html)) for topic, r in parts],  # our own escaped output
            "date": max(dates),
            "any_draft": any(t.review.status.value != "approved" for t in topics),
            "untranslated": bool(setting.language.message_gaps),
        }
        html = _render(self.env, "packet.html.j2", context)
        reading = read(html)
        found = reading.must
        expected = [f"{topic.id}/{key}" for topic, r in parts for key in r.must]
        missing = [key for key in expected if key not in found.found]
        if missing:
            raise RenderError(f"packet.html.j2: topics not rendered whole: {', '.join(missing)}")
        return Rendered(html, found.found, found.furniture, setting.digest, reading.spans)
