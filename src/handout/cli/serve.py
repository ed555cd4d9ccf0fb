"""``handout serve``: a local preview that follows the files as they are saved.

A way in like the command line: every page comes from ``build.preview`` (the one pipeline).
Only GET and HEAD are answered, so nothing a browser sends can write a file. Saved files are
seen with watchfiles (the operating system's notifications) and announced to open pages as a
server-sent event, on which they reload.
"""

from __future__ import annotations

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from ..build.preview import Page, Preview
from ..content.project import shipped_templates
from ..errors import HandoutError

HEARTBEAT_SECONDS = 15.0
STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}
header{padding:.6rem 1rem;background:#f3f5f8;border-bottom:1px solid #ccd}
h1{font-size:1.1rem;margin:0 0 .3rem}a{color:#0b4f8a}
.ok{color:#0a6b2d;font-weight:600}.bad{color:#a3001b;font-weight:600}
pre{white-space:pre-wrap;margin:.4rem 0;font-size:.9rem}
iframe{border:0;width:100%;height:calc(100vh - 9rem);background:#fff}
img.print-page{display:block;max-width:100%;margin:0 auto 1rem;box-shadow:0 0 .4rem #888}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #dde}"""


class Changes:
    """A counter of saved changes that open pages wait on."""

    def __init__(self) -> None:
        self.generation = 0
        self.closing = False
        self._condition = threading.Condition()

    def bump(self) -> None:
        with self._condition:
            self.generation += 1
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self.closing = True
            self._condition.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self._condition:
            self._condition.wait_for(lambda: self.generation != seen or self.closing, timeout)
            return self.generation


def watch(preview: Preview, changes: Changes, stop: threading.Event, extra: list[Path]) -> None:
    """Drop what each saved file affects, then tell open pages (runs until ``stop``)."""
    from watchfiles import watch as watch_files

    folders = [p for p in (preview.root, *extra) if p.exists()]
    for batch in watch_files(*folders, stop_event=stop, debounce=150, step=50):
        paths = {Path(p) for _, p in batch if not Path(p).name.startswith(".")}
        paths = {
            p
            for p in paths
            if p.suffix
            in {".yaml", ".yml", ".po", ".pot", ".j2", ".css", ".txt", ".png", ".svg", ".json"}
        }
        if paths:
            preview.changed(paths)
            changes.bump()


def _report(page: Page) -> str:
    parts = []
    verdict = "would pass the build's checks" if page.passes else "would fail the build"
    parts.append(f'<p class="{"ok" if page.passes else "bad"}" id="verdict">{verdict}</p>')
    pdf = {
        "not checked": "PDF: not checked yet",
        "checking": "PDF: being made and verified…",
        "verified": "PDF: made and verified (every required part found in it)",
    }.get(page.pdf)
    parts.append(f'<p id="pdf">{html.escape(pdf or "PDF: fails verification")}</p>')
    errors = page.errors + ([f"ERROR {line}" for line in page.pdf.splitlines()] if not pdf else [])
    if errors:
        text = html.escape("\n".join(errors))
        parts.append(f'<pre id="errors" class="bad" role="alert">{text}</pre>')
    if page.literacy is not None:
        r = page.literacy
        score = (
            f"{r.readability} {r.score:.1f} ({r.limit})" if r.score is not None else r.readability
        )
        lines = [f"literacy: {score}; {r.sentences} sentences; " + ("pass" if r.passed else "FAIL")]
        lines += [f"FAIL {f}" for f in r.failures] + [f"FAIL {f}" for f in r.located]
        lines += [f"note {n}" for n in r.located_notes]
        parts.append(f'<pre id="literacy">{html.escape(chr(10).join(lines))}</pre>')
    return "\n".join(parts)


def _where(topic: str, audience: str, locale: str, length: str) -> tuple[str, ...]:
    """The parts of a document's address (the full length needs none)."""
    return (topic, audience, locale) if length == "full" else (topic, audience, locale, length)


def _print_pages(page: Page, here: str) -> str:
    """The print layout: pictures of the verified PDF's pages, once it is made."""
    if not page.pictures:
        note = "The print pages appear here once the PDF is made and verified."
        return f'<section id="print"><h2>Print layout</h2><p>{note}</p></section>'
    total = len(page.pictures)
    images = "".join(
        f'<img class="print-page" src="/page/{here}/{n}" alt="page {n} of {total}">'
        for n in range(1, total + 1)
    )
    heading = f"<h2>Print layout: {total} pages, as in the verified PDF</h2>"
    return f'<section id="print">{heading}<div id="print-pages">{images}</div></section>'


# The page knows which saved state it shows; any later one reloads it.
RELOAD = """<script>
const born = "%s";
new EventSource("/events").addEventListener("change", (e) => {
  if (e.data !== born) location.reload();
});
</script>"""


def _shell(title: str, body: str, generation: int = 0) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{STYLE}</style></head><body>{body}{RELOAD % generation}</body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    preview: Preview
    changes: Changes

    def log_message(self, format: str, *args: object) -> None:
        pass  # a quiet terminal: errors show on the page

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = [unquote(p) for p in self.path.split("?")[0].strip("/").split("/") if p]
        try:
            if not parts:
                return self._send(200, "text/html; charset=utf-8", self._index())
            if parts == ["events"]:
                return self._events()
            # /preview/TOPIC/AUDIENCE/LOCALE[/LENGTH], and /page/…/N for the print pages
            if len(parts) in (4, 5) and parts[0] in {"preview", "doc", "pdf"}:
                return self._document(parts[0], *parts[1:])
            if len(parts) in (5, 6) and parts[0] == "page" and parts[-1].isdigit():
                return self._picture(*parts[1:-1], number=int(parts[-1]))
            self._send(404, "text/plain; charset=utf-8", b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass
        except HandoutError as exc:
            body = _shell("handout", f"<pre class='bad' id='errors'>{html.escape(str(exc))}</pre>")
            self._send(500, "text/html; charset=utf-8", body)

    def _index(self) -> bytes:
        rows = []
        for d in self.preview.documents():
            where = _where(d.topic, d.audience, d.locale, d.length)
            url = "/preview/" + "/".join(quote(x) for x in where)
            shown = (d.topic, d.audience, d.locale, d.length)
            cells = "".join(f"<td>{html.escape(x)}</td>" for x in shown)
            rows.append(f'<tr><td><a href="{url}">{html.escape(d.filename)}</a></td>{cells}</tr>')
        table = (
            "<table><tr><th>document</th><th>topic</th><th>audience</th><th>locale</th>"
            "<th>length</th></tr>" + "".join(rows) + "</table>"
        )
        title = f"<header><h1>handout preview: {html.escape(str(self.preview.root))}</h1></header>"
        return _shell("handout preview", f"{title}<main>{table}</main>", self.changes.generation)

    def _document(
        self, what: str, topic: str, audience: str, locale: str, length: str = "full"
    ) -> None:
        if what == "pdf":
            from ..build.run import build_one
            from ..content.project import Project

            request = self.preview.request()
            pdf_request = type(request)(
                topics=(topic,),
                audience=audience,
                locales=locale,
                length=length,
                clinic=request.clinic,
                allow_fallback=True,
                root=request.root,
            )
            try:
                data = build_one(Project.open(request.root), pdf_request).data or b""
            except HandoutError as exc:
                body = _shell(
                    "PDF failed", f"<pre class='bad' id='errors'>{html.escape(str(exc))}</pre>"
                )
                return self._send(500, "text/html; charset=utf-8", body)
            return self._send(200, "application/pdf", data)
        generation = self.changes.generation  # before rendering: a save meanwhile reloads
        page = self.preview.page(topic, audience, locale, length)
        if what == "doc":
            body = page.html.encode() if page.html else _shell("no document", "")
            return self._send(200, "text/html; charset=utf-8", body)
        here = "/".join(quote(x) for x in _where(topic, audience, locale, length))
        head = (
            f"<header><h1>{html.escape(page.document.filename)}</h1>"
            f'<a href="/">all documents</a> · <a href="/pdf/{here}">PDF</a> (rendered now, '
            f"verified as the build does)\n{_report(page)}</header>"
        )
        if page.html is not None:
            frame = f'<iframe id="document" title="the document" src="/doc/{here}"></iframe>'
        else:
            frame = ""
        frame += _print_pages(page, here)
        body = _shell(page.document.filename, head + frame, generation)
        self._send(200, "text/html; charset=utf-8", body)

    def _picture(
        self, topic: str, audience: str, locale: str, length: str = "full", *, number: int
    ) -> None:
        pictures = self.preview.page(topic, audience, locale, length).pictures
        if not 1 <= number <= len(pictures):
            return self._send(404, "text/plain; charset=utf-8", b"no such page (yet)")
        self._send(200, "image/png", pictures[number - 1])

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.changes.generation
        self.wfile.write(f"retry: 500\nevent: change\ndata: {seen}\n\n".encode())
        self.wfile.flush()
        while not self.changes.closing:
            now = self.changes.wait(seen, HEARTBEAT_SECONDS)
            if now != seen:
                seen = now
                self.wfile.write(f"event: change\ndata: {json.dumps(now)}\n\n".encode())
            else:
                self.wfile.write(b": still here\n\n")
            self.wfile.flush()


class PreviewServer:
    """The server and its watcher; ``start`` returns the address, ``close`` stops both."""

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 8000, clinic: Path | None = None
    ) -> None:
        self.changes = Changes()
        self.preview = Preview(root, clinic, on_verified=lambda _page: self.changes.bump())
        handler = type(
            "BoundHandler", (Handler,), {"preview": self.preview, "changes": self.changes}
        )
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._stop = threading.Event()
        extra = [shipped_templates()] + ([clinic.resolve().parent] if clinic else [])
        self._threads = [
            threading.Thread(target=self.httpd.serve_forever, daemon=True),
            threading.Thread(
                target=watch, args=(self.preview, self.changes, self._stop, extra), daemon=True
            ),
        ]

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> str:
        for thread in self._threads:
            thread.start()
        return self.url

    def close(self) -> None:
        self._stop.set()
        self.changes.close()
        self.httpd.shutdown()
        self.httpd.server_close()
