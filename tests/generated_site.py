"""A generated news site on 127.0.0.1 of any size, for fetch tests and the fetch benchmark.

Listing pages ``/list-<k>.html`` (``li.news-item`` teasers whose ``h2.news-title a`` links an
article, ``nav.pagination a.next`` to the next listing) and articles ``/article-<i>.html`` with a
few paragraphs and links (to other articles, to ``also`` hosts, off-site, mailto), and with
``bulk`` the menus and scripts that make real news pages weigh tens of KB. ``keep_alive``
answers in HTTP/1.1, keeping connections open; ``clients`` holds one address per connection. Every page has
an ETag, so a re-crawl is answered 304. ``pause`` seconds are spent in each answer; every
request's path, start and end times are kept in ``requests``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler

from site_server import LoopbackServer

PER_LIST = 10
TEXT = (
    "Workers at the plant held a meeting about wages and the right to organise. The union said "
    "its members would continue to press for a collective agreement. "
)


def listing(k: int, n_pages: int, also: tuple[str, ...] = (), bulk: int = 0) -> str:
    n_lists = max(1, -(-n_pages // PER_LIST))
    items = []
    for i in range(k * PER_LIST, min(n_pages, (k + 1) * PER_LIST)):
        host = also[i % len(also)] if also and i % 3 == 0 else ""
        items.append(f'<li class="news-item"><h2 class="news-title"><a href="{host}/article-{i}.html">'
                     f"Story {i}</a></h2><p>{TEXT}</p><a href=\"/tag/{i % 7}.html\">tag</a></li>")
    nav = f'<nav class="pagination"><a class="next" href="/list-{k + 1}.html">Next</a></nav>' if k + 1 < n_lists else ""
    return (f"<!DOCTYPE html><html><head><title>News {k}</title></head><body>{chrome(bulk)}<ul>{''.join(items)}</ul>"
            f"{nav}</body></html>")


def chrome(bulk: int) -> str:
    """What real news pages carry around their text: menus of ``bulk`` links, wrappers, scripts."""
    if not bulk:
        return ""
    menu = "".join(f'<li class="menu-item menu-{j}"><div class="w"><span><a class="nav" href="/section/{j}/"'
                   f' title="Section {j}">Section {j}</a></span></div></li>' for j in range(bulk))
    return (f'<header><nav class="main-menu"><ul>{menu}</ul></nav></header>'
            f'<script>var config = {{"ads": [{",".join(str(j) for j in range(bulk))}]}};</script>')


def article(i: int, n_pages: int, also: tuple[str, ...] = (), bulk: int = 0) -> str:
    paragraphs = "".join(f"<p>{TEXT * 3} Paragraph {j} of story {i}.</p>" for j in range(6))
    related = "".join(f'<a href="/article-{(i + d) % n_pages}.html">related {d}</a> ' for d in (1, 2, 5))
    extra = "".join(f'<a href="{h}/article-{i}.html#top">mirror</a>' for h in also)
    return (f"<html><head><title>Story {i}</title></head><body>{chrome(bulk)}<article><h1>Story {i}</h1>{paragraphs}"
            f'</article><aside>{related}{extra}<a href="mailto:desk@example.org">mail</a>'
            f'<a href="https://elsewhere.example/x">elsewhere</a></aside></body></html>')


class GeneratedSite(LoopbackServer):
    """``with GeneratedSite(n_pages) as site: site.base_url``; ``site.also`` (base URLs of other
    hosts) may be set before the first request, to link some articles there."""

    def __init__(self, n_pages: int, pause: float = 0.0, robots: str = "User-agent: *\nDisallow: /private/\n",
                 bulk: int = 0, keep_alive: bool = False):
        self.n_pages = n_pages
        self.bulk = bulk
        self.pause = pause
        self.robots = robots
        self.also: tuple[str, ...] = ()
        self.requests: list[tuple[str, float, float]] = []
        self.clients: set[tuple[str, int]] = set()  # one per connection
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def do_GET(self):  # noqa: N802 - http.server naming
                started = time.monotonic()
                status, ctype, body = site.page(self.path)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                time.sleep(site.pause)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if status in (200, 304):
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with site._lock:
                    site.requests.append((self.path, started, time.monotonic()))
                    site.clients.add(self.client_address)

            def log_message(self, *args):
                pass

        self._listen(Handler)

    def page(self, path: str) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", self.robots.encode()
        name = path.rsplit("/", 1)[-1]
        try:
            if name.startswith("list-"):
                return 200, html, listing(int(name[5:-5]), self.n_pages, self.also, self.bulk).encode()
            if name.startswith("article-") and int(name[8:-5]) < self.n_pages:
                return 200, html, article(int(name[8:-5]), self.n_pages, self.also, self.bulk).encode()
        except ValueError:
            pass
        if path.startswith("/tag/"):
            return 200, html, b"<html><body><p>A tag page.</p><a href='/list-0.html'>home</a></body></html>"
        return 404, html, b"<html><body>not here</body></html>"

    def pages(self) -> list[str]:
        """Every page path requested, robots.txt aside."""
        with self._lock:
            return [p for p, _, _ in self.requests if p != "/robots.txt"]


def news_source(name: str, base_urls: list[str], max_pages: int = 10_000, max_depth: int = 1) -> dict:
    """A source crawling the generated listings of every base URL (each its own host)."""
    return {
        "name": name,
        "publisher": "Generated",
        "start_urls": [b + "/list-0.html" for b in base_urls],
        "allowed_domains": [b.split("//", 1)[1] for b in base_urls],
        "max_depth": max_depth,
        "max_pages": max_pages,
        "pages": [
            {"kind": "listing", "match": "/list-", "item": "li.news-item", "item_link": "h2.news-title a",
             "next": "nav.pagination a.next", "title": "h2", "body": "p"},
            {"kind": "article", "title": "h1", "body": "article p"},
        ],
    }
