"""HTML → PDF bytes with WeasyPrint (the only module that imports it): assets only, fail loudly."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..choices import STYLESHEET
from ..content.project import template_file
from ..errors import RenderError
from .bundle import MAX_ASSET_BYTES, AssetBundle
from .task import Embedded


class AssetFetcher(URLFetcher):
    """Serves ``data:`` URLs and files inside the asset folders; refuses everything else."""

    def __init__(self, asset_dirs: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"data"})
        self.asset_dirs = tuple(d.resolve() for d in asset_dirs)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(d) for d in self.asset_dirs) and path.is_file():
                size = path.stat().st_size
                if size > MAX_ASSET_BYTES:
                    raise FatalURLFetchingError(f"asset too large ({size} bytes): {path.name}")
                return URLFetcherResponse(path.as_uri(), path.read_bytes())
        raise FatalURLFetchingError(_refused(url))


def _refused(url: str) -> str:
    return f"refused to fetch {url[:200]!r}: only project assets may load"


class BundleFetcher(URLFetcher):
    """Serves ``data:`` URLs and the bundle's assets, as ``AssetFetcher`` serves the same files
    from disk (same URLs, same bytes, same refusals); refuses everything else."""

    def __init__(self, bundle: AssetBundle) -> None:
        super().__init__(allowed_protocols={"data"})
        self.bundle = bundle

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if urlsplit(url).scheme == "data":
            return super().fetch(url, headers)
        found = self.bundle.lookup(url)
        if isinstance(found, int):
            name = Path(unquote(urlsplit(url).path)).name
            raise FatalURLFetchingError(f"asset too large ({found} bytes): {name}")
        if found is None:
            raise FatalURLFetchingError(_refused(url))
        path = Path(unquote(urlsplit(url).path))
        return URLFetcherResponse(Path(os.path.normpath(path)).as_uri(), found)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _is_failure(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR or ".notdef" in record.getMessage()


def _shown(message: str) -> str:
    """The first line of a WeasyPrint message, with any data: URL cut short."""
    return _DATA_URL.sub(lambda m: m.group(0)[:40] + "…", message.splitlines()[0])


_DATA_URL = re.compile(r"data:[^\s'\"]{40,}")


class PdfRenderer:
    """Renders many documents with one font configuration and one parsed stylesheet."""

    def __init__(self, template_dirs: tuple[Path, ...]) -> None:
        css_path = template_file(template_dirs, STYLESHEET)
        if css_path is None:
            raise RenderError(f"stylesheet {STYLESHEET} not found in {template_dirs[0]}")
        self.stylesheet_path: Path | None = css_path
        self._start(
            css_path.read_text(encoding="utf-8"),
            css_path.parent.as_uri() + "/",
            AssetFetcher(template_dirs),
        )

    @classmethod
    def from_bundle(cls, bundle: AssetBundle) -> PdfRenderer:
        """A renderer that reads nothing from disk: stylesheet and assets come from ``bundle``
        (for cluster workers); same base URL, so the same PDF bytes as ``PdfRenderer(dirs)``."""
        if bundle.stylesheet is None:
            raise RenderError(bundle.missing)
        renderer = cls.__new__(cls)
        renderer.stylesheet_path = None
        renderer._start(bundle.stylesheet, bundle.base_url, BundleFetcher(bundle))
        return renderer

    def _start(self, css_text: str, base_url: str, fetcher: URLFetcher) -> None:
        self.fetcher, self.base_url = fetcher, base_url
        self.font_config = FontConfiguration()
        try:
            with _captured() as log:
                self.stylesheet = CSS(
                    string=css_text,
                    base_url=self.base_url,
                    url_fetcher=self.fetcher,
                    font_config=self.font_config,
                )
        except FatalURLFetchingError as exc:
            raise RenderError(f"{STYLESHEET}: {exc}") from None
        failures = [r for r in log.records if _is_failure(r)]
        if failures:
            raise RenderError(f"{STYLESHEET}: {failures[0].getMessage().splitlines()[0]}")

    def render(self, html: str, attachments: list[Embedded] | None = None) -> bytes:
        """PDF/UA-1 bytes for ``html``; raise RenderError on any WeasyPrint error record.

        ``attachments`` are embedded from bytes (never from a path or URL, which would bypass
        the fetcher), with fixed dates so the same inputs give the same bytes.
        """
        files = [
            Attachment(
                string=a.data,
                name=a.name,
                description=a.description,
                created=a.date,
                modified=a.date,
                url_fetcher=self.fetcher,
            )
            for a in attachments or []
        ]
        with _captured() as log:
            try:
                pdf = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).write_pdf(
                    stylesheets=[self.stylesheet],
                    font_config=self.font_config,
                    pdf_variant="pdf/ua-1",
                    uncompressed_pdf=False,
                    attachments=files,
                )
            except FatalURLFetchingError as exc:
                raise RenderError(str(exc)) from None
            except (RecursionError, MemoryError, ZeroDivisionError, ValueError) as exc:
                raise RenderError(f"WeasyPrint failed: {type(exc).__name__}: {exc}") from exc
        failures = [r for r in log.records if _is_failure(r)]
        if failures:
            lines = "; ".join(_shown(r.getMessage()) for r in failures[:5])
            raise RenderError(f"WeasyPrint reported {len(failures)} error(s): {lines}")
        if pdf is None:
            raise RenderError("WeasyPrint returned no PDF")
        return pdf
