"""A real HTTP server on 127.0.0.1 for the tests: serves a folder of pages with ETag and
Last-Modified validators, plus fault endpoints, and logs every request it receives."""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"

CYRILLIC = "Профсоюз работников топливно-энергетического комплекса. Забастовка нефтяников в Жанаозене."


GOOD_ARTICLE = (
    "<html><head><title>Union leader released</title></head><body><h1>Union leader released</h1>"
    "<p>The court released the union leader on 12 March 2022 after a hearing.</p></body></html>"
).encode()

@functools.cache
def _bomb() -> bytes:
    """50 MB of HTML as ~50 KB of gzip: one member per megabyte (a gzip stream may hold many),
    made in milliseconds so that the server answers long before any read timeout."""
    block = gzip.compress(b" " * 1_000_000, compresslevel=9)
    return gzip.compress(b"<html><body>") + block * 50 + gzip.compress(b"</body></html>")


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


# what /faults/breaks/<name>.html turns into after its first, good answer
BROKEN = {
    "empty": (200, {"Content-Type": "text/html; charset=utf-8"}, b""),
    "png": (200, {"Content-Type": "text/html; charset=utf-8"}, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300)),
    "cut-gzip": (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                 _half(gzip.compress(GOOD_ARTICLE))),
    "soft-404": (200, {"Content-Type": "text/html; charset=utf-8"},
                 b"<html><head><title>Page not found | Example News</title></head>"
                 b"<body><h1>Sorry</h1><p>We could not find that page.</p></body></html>"),
    "error-heading": (200, {"Content-Type": "text/html; charset=utf-8"},
                      b"<html><head><title>Example News</title></head><body><h1>Error 503</h1>"
                      b"<p>Please try again later.</p></body></html>"),
}


class LoopbackServer:
    """A threaded HTTP server on a free port of 127.0.0.1, serving while in a ``with`` block."""

    def _listen(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SiteServer(LoopbackServer):
    """``SiteServer(root)`` serves ``root`` (folders answer with ``index.html``); with
    ``faults=True`` it also answers the ``/faults/...`` endpoints used by the fetch tests.
    ``robots`` replaces the robots.txt answer (status -1: it never arrives in time);
    ``drip_seconds`` is the pause between the bytes of ``/faults/drip.html``."""

    def __init__(self, root: Path | None = None, faults: bool = False, slow_seconds: float = 2.0,
                 robots: tuple[int, dict, bytes] | None = None, drip_seconds: float = 0.25):
        self.root = Path(root) if root else None
        self.faults = faults
        self.slow_seconds = slow_seconds
        self.robots = robots or (200, {"Content-Type": "text/plain"}, ROBOTS)
        self.drip_seconds = drip_seconds
        self.log: list[dict] = []
        self.counters: dict[str, int] = {}
        self.overrides: dict[str, tuple[int, dict, bytes]] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server naming
                server._record(self)
                status, headers, body = server.respond(self.path, self.headers)
                if status == -1:  # a response that never arrives in time
                    time.sleep(server.slow_seconds)
                    status, headers, body = 200, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>late</body></html>"
                if status == -2:  # a whole response, one byte at a time
                    self._drip(body)
                    return
                self.send_response(status)
                headers = {"Content-Length": str(len(body)), **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _drip(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for i in range(len(body)):
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                        time.sleep(server.drip_seconds)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):  # keep test output quiet
                pass

        self._listen(Handler)

    # -- bookkeeping ------------------------------------------------------------------------

    def _record(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.log.append(
                {"path": handler.path, "headers": dict(handler.headers.items()), "time": time.monotonic()}
            )

    def requests_for(self, path: str) -> list[dict]:
        return [r for r in self.log if r["path"] == path]

    def _count(self, key: str) -> int:
        with self._lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    # -- responses --------------------------------------------------------------------------

    def respond(self, path: str, headers) -> tuple[int, dict, bytes]:
        path = path.split("?", 1)[0]
        if path in self.overrides:
            return self.overrides[path]
        if path == "/robots.txt":
            return self.robots
        if self.faults and path.startswith("/faults/"):
            return self.fault(path)
        if self.root is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        return self.static(path, headers)

    def static(self, path: str, headers) -> tuple[int, dict, bytes]:
        file = (self.root / path.lstrip("/")).resolve()
        if path.endswith("/"):
            file = file / "index.html"
        if self.root.resolve() not in file.parents or not file.is_file():
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body><h1>Not found</h1></body></html>"
        body = file.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if headers.get("If-None-Match") == etag:
            return 304, validators, b""
        since = headers.get("If-Modified-Since")
        if since and not headers.get("If-None-Match"):
            try:
                if parsedate_to_datetime(since) >= parsedate_to_datetime(LAST_MODIFIED):
                    return 304, validators, b""
            except (TypeError, ValueError):
                pass
        kind = "text/plain; charset=utf-8" if file.suffix == ".txt" else "text/html; charset=utf-8"
        return 200, {"Content-Type": kind, **validators}, body

    def fault(self, path: str) -> tuple[int, dict, bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        name = path[len("/faults/"):]
        if name in ("", "index.html"):
            links = [
                "slow.html", "flaky.html", "ratelimited.html", "loop-a.html", "missing.html",
                "wrong-charset.html", "latin1-declared.html", "meta-charset.html", "binary.bin",
                "report.pdf", "huge.html", "bomb.html", "redirect.html", "cut-body.html", "/private/secret.html",
                f"http://localhost:{self.port}/faults/other-domain.html",
            ]
            items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
            return 200, html, f"<html><body><h1>Faults</h1><ul>{items}</ul></body></html>".encode()
        if name == "slow.html":
            return -1, {}, b""
        if name == "drip.html":  # a whole page, sent at one byte per drip_seconds
            return -2, {}, GOOD_ARTICLE
        if name == "cut-body.html":  # promises 5000 bytes, sends 60 and hangs up
            return 200, {**html, "Content-Length": "5000", "Connection": "close"}, GOOD_ARTICLE[:60]
        if name.startswith("breaks/"):  # good the first time, broken afterwards
            kind = name[len("breaks/"):].removesuffix(".html")
            if kind in BROKEN:
                return (200, html, GOOD_ARTICLE) if self._count(name) == 1 else BROKEN[kind]
        if name == "flaky.html":
            if self._count(name) == 1:
                return 500, html, b"<html><body>Internal error</body></html>"
            return 200, html, b"<html><body><p>Recovered after a server error.</p></body></html>"
        if name == "ratelimited.html":
            if self._count(name) == 1:
                return 429, {**html, "Retry-After": "1"}, b"<html><body>Slow down</body></html>"
            return 200, html, b"<html><body><p>Served after waiting.</p></body></html>"
        if name == "loop-a.html":
            return 302, {"Location": "/faults/loop-b.html"}, b""
        if name == "loop-b.html":
            return 302, {"Location": "/faults/loop-a.html"}, b""
        if name == "redirect.html":
            return 301, {"Location": "/faults/target.html"}, b""
        if name == "target.html":
            return 200, html, b"<html><body><p>Redirect target.</p></body></html>"
        if name == "wrong-charset.html":  # declares UTF-8, sends windows-1251
            body = f"<html><body><p>{CYRILLIC}</p><p>{CYRILLIC}</p></body></html>".encode("cp1251")
            return 200, html, body
        if name == "latin1-declared.html":  # declares latin-1, sends UTF-8
            body = f"<html><body><p>Kushakbayev’s union — {CYRILLIC}</p></body></html>".encode("utf-8")
            return 200, {"Content-Type": "text/html; charset=iso-8859-1"}, body
        if name == "meta-charset.html":  # no charset in the header, only in the page
            body = f'<html><head><meta charset="windows-1251"></head><body><p>{CYRILLIC}</p></body></html>'.encode("cp1251")
            return 200, {"Content-Type": "text/html"}, body
        if name == "binary.bin":
            return 200, {"Content-Type": "application/octet-stream"}, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
        if name == "report.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + bytes(500)
        if name == "huge.html":
            return 200, html, b"<html><body><p>" + b"x" * 3_000_000 + b"</p></body></html>"
        if name == "bomb.html":  # 50 MB of spaces, gzip-compressed to ~50 KB
            return 200, {**html, "Content-Encoding": "gzip"}, _bomb()
        return 404, html, b"<html><body>Not found</body></html>"
