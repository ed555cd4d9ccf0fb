"""handout: one content model per topic, rendered into patient and clinician PDFs.

Python API: ``build_pdf(topic, audience, locale, *, clinic=None, paper=None, large_print=False,
allow_fallback=False, root=".") -> bytes`` and its twin ``build_html(...) -> str`` (see
``handout.api``).
"""

from __future__ import annotations

from typing import Any

from .version import __version__

__all__ = ["__version__", "build_html", "build_pdf"]


def build_pdf(*args: Any, **kwargs: Any) -> bytes:
    """See :func:`handout.api.build_pdf` (imported on first use: the command starts faster)."""
    from .api import build_pdf as build

    return build(*args, **kwargs)


def build_html(*args: Any, **kwargs: Any) -> str:
    """See :func:`handout.api.build_html`."""
    from .api import build_html as build

    return build(*args, **kwargs)
