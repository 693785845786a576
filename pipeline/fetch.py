"""Polite, incremental crawling of the configured sources into the raw archive.

``fetch_sources`` is the entry point. Each source is crawled breadth-first from its start URLs,
following only the links its selectors name (item links one level deeper, next-page links at
the same depth), within its allowed domains, depth and page limits. Per host: robots.txt is
obeyed, requests are spaced by a delay (robots' Crawl-delay when longer) and limited in
concurrency. Retries with exponential backoff (and Retry-After) come from urllib3's ``Retry``;
robots.txt parsing from Protego; archiving from warcio. Unchanged pages cost a 304 because the
archive's last good copy supplies ETag / Last-Modified validators. Bodies are read within the
caps by ``body.read_body``; a whole 200 HTML body that looks broken (``body.looks_broken``) is
archived as ``rejected`` and never replaces the page's last good copy.

Speed: sources are crawled side by side (``parallel_sources``), and within a source pages of up
to ``HOSTS_IN_FLIGHT`` hosts are in flight at once, each host within its own delay and
``concurrency_per_host``. Links are read with lxml (``links.py``) and stored with the run
(``links.jsonl``), so an unchanged page is never parsed again; a page at ``max_depth`` whose
links could not be followed is not parsed at all.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import RequestHistory, Retry

from .archive import LIVE, OUTCOMES, Archive, ArchiveWriter, Capture, FetchLogEntry, is_html_type
from .body import ACCEPT_ENCODING, ROBOTS_MAX_BYTES, looks_broken, read_body
from .decode import decode_html
from .frontier import Frontier
from .links import Link, absolute as _absolute, extract_links, link_key, normalise_url
from .http_failures import could_not_connect, describe_error, root_cause, sent_before, sent_requests
from .sources import FetchSettings, PageKind, Source, SourcesConfig
from .unfinished import recover_unfinished

RETRY_STATUSES = (429, 500, 502, 503, 504)
HOSTS_IN_FLIGHT = 8  # per source: how many hosts may have requests in flight at once
ROBOTS_MAX_REDIRECTS = 5


@dataclass
class FetchReport:
    run_dir: Path | None
    entries: list[FetchLogEntry]
    seconds: float
    offline: bool = False
    message: str = ""
    skipped_links: Counter = field(default_factory=Counter)
    link_pages: Counter = field(default_factory=Counter)  # how each page's links were found
    warnings: list[str] = field(default_factory=list)  # the archive's damage and unfinished runs

    def counts(self) -> Counter:
        return Counter(e.outcome for e in self.entries)

    @property
    def bytes(self) -> int:
        return sum(e.bytes for e in self.entries)


def build_session(settings: FetchSettings) -> requests.Session:
    """An HTTP session whose transport retries the way a polite crawler should."""
    cap = settings.retry_after_max_seconds

    class CappedRetry(Retry):
        """Honours Retry-After, but never sleeps longer than the configured cap."""

        def get_retry_after(self, response):  # noqa: ANN001 - urllib3 signature
            value = super().get_retry_after(response)
            return None if value is None else min(value, cap)

        def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):  # noqa: ANN001
            try:
                return super().increment(method, url, response, error, _pool, _stacktrace)
            except MaxRetryError as exc:  # say how many requests were really sent before giving up
                final = RequestHistory(method, url, error, getattr(response, "status", None), None)
                exc.sent = sent_requests((*self.history, final))  # type: ignore[attr-defined]
                raise

    retry = CappedRetry(
        total=settings.max_retries,
        connect=settings.max_retries,
        read=settings.max_retries,
        status=settings.max_retries,
        backoff_factor=settings.backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=max(4, settings.concurrency_per_host * 2))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        "Accept-Encoding": ACCEPT_ENCODING,
    })
    return session


class HostGate:
    """Per-host politeness: at most N requests in flight, starts spaced by a delay."""

    def __init__(self, concurrency: int):
        self._concurrency = concurrency
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        with self._lock:
            semaphore = self._semaphores.setdefault(host, threading.Semaphore(self._concurrency))
        with semaphore:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + delay
            time.sleep(max(0.0, start - now))
            yield


@dataclass
class _HostRules:
    robots: Protego | None
    allow_all: bool = False
    deny_reason: str = ""  # set when robots.txt could not be read: then nothing is fetched
    unreachable: str = ""  # set when the host cannot be resolved or connected to
    delay: float = 0.0


@dataclass
class _Body:
    """A page body for link discovery, decoded only if its links are not stored already."""

    sha256: str
    content_type: str
    html: Callable[[], str]


@dataclass
class _Response:
    status: int
    reason: str
    body: bytes
    truncated: str
    attempts: int
    location: str
    capture: Capture
    retried: list[str]


class Crawler:
    def __init__(
        self,
        config: SourcesConfig,
        archive: Archive,
        writer: ArchiveWriter,
        session: requests.Session | None = None,
        progress: bool = True,
        resolve_hosts: bool = True,
    ):
        self.resolve_hosts = resolve_hosts
        self.settings = config.fetch
        self.config = config
        self.archive = archive
        self.writer = writer
        self.session = session or build_session(self.settings)
        self.progress = progress
        self.gate = HostGate(self.settings.concurrency_per_host)
        self._hosts: dict[str, _HostRules] = {}
        self._hosts_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self.responses = 0
        self._count_lock = threading.Lock()
        self.pages_parsed = 0  # pages whose links were read from the body
        self.links_from_archive = 0  # pages whose links were stored by an earlier run
        self.pages_not_parsed = 0  # pages at the depth limit: no link could be followed
        self.reached_hosts: set[str] = set()  # hosts that accepted a connection, answered or not
        self.skipped_links: Counter = Counter()

    # -- one source -------------------------------------------------------------------------

    def crawl_source(self, source: Source, position: int = 0) -> list[FetchLogEntry]:
        """Breadth-first, with pages of several hosts in flight: pages are started ahead of
        their turn (at most ``concurrency_per_host`` per host, the host gate spacing their
        starts), but their results are taken in the frontier's order, so the pages fetched,
        their links and the log are those of a crawl one page at a time."""
        from concurrent.futures import ThreadPoolExecutor

        entries: list[FetchLogEntry] = []
        frontier = Frontier()
        seen: set[str] = set()
        for url in source.start_urls:
            url = normalise_url(url)
            if url not in seen:
                seen.add(url)
                frontier.append(url, 0, None)
        per_host = self.settings.concurrency_per_host
        workers = HOSTS_IN_FLIGHT * per_host
        bar = tqdm(
            total=min(len(frontier), source.max_pages),
            desc=source.name,
            unit="page",
            position=position,
            leave=True,
            disable=not self.progress,
            dynamic_ncols=True,
        )

        def start(pool: ThreadPoolExecutor, queued) -> None:  # noqa: ANN001 - a frontier.Queued
            kind = source.page_kind(queued.url, queued.hint)
            queued.future = pool.submit(self.fetch_page, source, queued.url, queued.depth, kind)

        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"fetch-{position}") as pool:
                while frontier and len(entries) < source.max_pages:
                    # only pages a crawl one at a time would reach before max_pages
                    for queued in frontier.startable(source.max_pages - len(entries), per_host, workers):
                        start(pool, queued)
                    queued = frontier.take()
                    if queued.future is None:
                        start(pool, queued)
                    entry, body, final_url = queued.future.result()
                    frontier.done(queued)
                    entries.append(entry)
                    self.writer.log(entry)
                    bar.update(1)
                    bar.set_postfix_str(entry.outcome, refresh=False)
                    kind = source.page_kind(queued.url, queued.hint)
                    for link, step, link_hint in self._page_links(source, kind, final_url, body, queued.depth):
                        if link in seen:
                            continue
                        seen.add(link)
                        if not source.allows(link):
                            self.skipped_links["other domain"] += 1
                        elif queued.depth + step > source.max_depth:
                            self.skipped_links["beyond max_depth"] += 1
                        else:
                            frontier.append(link, queued.depth + step, link_hint)
                    bar.total = min(len(entries) + len(frontier), source.max_pages)
                    bar.refresh()
            if frontier:
                self.skipped_links["beyond max_pages"] += len(frontier)
        finally:
            bar.close()
        return entries

    def link_pages(self) -> Counter:
        """Pages by how their links were found (only kinds that occurred)."""
        counts = Counter({"parsed": self.pages_parsed, "from the archive": self.links_from_archive,
                          "at max_depth, not read": self.pages_not_parsed})
        return +counts

    def _page_links(
        self, source: Source, kind: PageKind | None, base_url: str, body: _Body | None, depth: int
    ) -> list[Link]:
        """The page's links: none at the depth limit (unless it names next pages), else the
        ones stored for the same body, URL and selectors, else read from the body (and stored)."""
        if body is None:
            return []
        if depth >= source.max_depth and not (kind is not None and kind.next):
            with self._count_lock:
                self.pages_not_parsed += 1
            return []
        key = link_key(body.sha256, body.content_type, base_url, kind)
        links = self.archive.stored_links(key)
        if links is None:
            links = extract_links(body.html(), base_url, kind)
            self.writer.store_links(key, links)
            with self._count_lock:
                self.pages_parsed += 1
        else:
            with self._count_lock:
                self.links_from_archive += 1
        return links

    # -- one page ---------------------------------------------------------------------------

    def fetch_page(
        self, source: Source, url: str, depth: int, kind: PageKind | None
    ) -> tuple[FetchLogEntry, _Body | None, str]:
        """Fetch one URL (following redirects); returns its log entry, its body (fresh or
        from the archive when unchanged or failing) for link discovery, and its final URL."""
        started = time.monotonic()
        kind_name = kind.kind if kind else "generic"
        entry = FetchLogEntry(url=url, source=source.name, outcome="failed", depth=depth, page_kind=kind_name)
        previous = self.archive.latest_good(url)
        fallback_html = self._archived_body(previous)
        current = url
        try:
            for hop in range(self.settings.max_redirects + 1):
                refusal = self._refusal(current)
                if refusal:
                    entry.outcome, entry.reason = refusal
                    return entry, (fallback_html if entry.outcome == "failed" else None), current
                headers: dict[str, str] = {}
                if previous is not None and hop == 0:
                    if previous.etag:
                        headers["If-None-Match"] = previous.etag
                    if previous.last_modified:
                        headers["If-Modified-Since"] = previous.last_modified
                    entry.conditional = bool(headers)
                response = self._exchange(current, url, headers, source, kind_name, depth)
                entry.attempts += response.attempts
                entry.retried += response.retried
                entry.status = response.status
                entry.bytes += len(response.body)
                entry.final_url = current
                if 300 <= response.status < 400 and response.status != 304 and response.location:
                    target = _absolute(current, response.location)
                    if target is None:
                        entry.reason = f"redirect to an unusable location {response.location!r}"
                        return entry, fallback_html, current
                    if not source.allows(target):
                        entry.outcome, entry.reason = "skipped", f"redirected outside the allowed domains to {target}"
                        return entry, None, current
                    current = target
                    continue
                return self._judge(entry, response, previous, fallback_html), self._page_html(entry, response, fallback_html), current
            entry.reason = f"too many redirects (more than {self.settings.max_redirects}), last to {current}"
            return entry, fallback_html, current
        except requests.RequestException as exc:
            entry.attempts += sent_before(exc)
            entry.reason = describe_error(exc, entry.attempts)
            return entry, fallback_html, current
        finally:
            entry.seconds = round(time.monotonic() - started, 3)

    def _judge(
        self, entry: FetchLogEntry, response: _Response, previous: Capture | None, fallback_html: _Body | None
    ) -> FetchLogEntry:
        status = response.status
        entry.sha256 = response.capture.sha256
        if status == 304:
            if previous is None:
                entry.reason = "304 Not Modified, but no stored copy to fall back on"
            else:
                entry.outcome, entry.sha256 = "unchanged", previous.sha256
                entry.reason = "304 Not Modified"
        elif status == 200:
            content_type = response.capture.content_type
            if response.truncated.startswith("not HTML"):
                entry.outcome, entry.reason = "skipped", response.truncated
            elif response.truncated:
                entry.reason = response.truncated
            elif response.capture.rejected:
                entry.outcome = "rejected"
                entry.reason = f"looks broken: {response.capture.rejected}; archived, not used as the page's good copy"
            elif not response.capture.is_good:
                entry.outcome, entry.reason = "skipped", f"not HTML (Content-Type {content_type!r})"
            elif previous is None:
                entry.outcome = "new"
            elif previous.sha256 == response.capture.sha256:
                entry.outcome, entry.reason = "unchanged", "same content (server ignored the conditional request)" if entry.conditional else "same content"
            else:
                entry.outcome = "changed"
        elif status in RETRY_STATUSES:
            entry.reason = f"HTTP {status} {response.reason}; gave up after {response.attempts} attempt(s)"
        else:
            entry.reason = f"HTTP {status} {response.reason}".strip()
        return entry

    def _page_html(self, entry: FetchLogEntry, response: _Response, fallback_html: _Body | None) -> _Body | None:
        if entry.outcome in ("new", "changed") or (entry.outcome == "unchanged" and response.status == 200):
            content_type = response.capture.content_type
            return _Body(response.capture.sha256, content_type, lambda: decode_html(response.body, content_type)[0])
        if entry.outcome == "skipped":
            return None
        return fallback_html

    def _archived_body(self, capture: Capture | None) -> _Body | None:
        """The last good copy, read from the archive only if its links are needed and not stored."""
        if capture is None:
            return None
        return _Body(capture.sha256, capture.content_type,
                     lambda: decode_html(self.archive.read_body(capture), capture.content_type)[0])

    def _exchange(
        self, url: str, request_url: str, headers: dict[str, str], source: Source, kind: str, depth: int
    ) -> _Response:
        """One GET (with transport-level retries), its body read within the caps, archived."""
        host = urlsplit(url).netloc
        rules = self._rules(url)
        with self.gate.slot(host, max(self.settings.delay_seconds, rules.delay)):
            return self._get_and_archive(url, request_url, headers, source.name, kind, depth)

    def _get_and_archive(
        self, url: str, request_url: str, headers: dict[str, str], source: str, kind: str, depth: int
    ) -> _Response:
        """A GET whose body is read within the caps and archived; robots.txt (kind "robots")
        is the only non-HTML body read."""
        settings = self.settings
        response = self.session.get(
            url,
            headers=headers,
            stream=True,
            allow_redirects=False,
            timeout=(settings.connect_timeout_seconds, settings.read_timeout_seconds),
        )
        robots = kind == "robots"
        truncated = "not read"
        try:
            body, truncated = read_body(
                response,
                max_bytes=ROBOTS_MAX_BYTES if robots else settings.max_body_bytes,
                max_seconds=settings.max_response_seconds,
                expect_html=not robots,
            )
        finally:
            if truncated or not hasattr(response.raw, "release_conn"):
                response.close()  # a body not read to its end: the connection cannot be reused
            else:
                response.raw.release_conn()  # read whole: keep the connection for the next page
        self.reached_hosts.add(urlsplit(url).netloc)
        history = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
        rejected = ""
        if response.status_code == 200 and not robots and not truncated and is_html_type(response.headers.get("Content-Type", "")):
            rejected = looks_broken(body)
        sent = dict(self.session.headers)
        sent.update(headers)
        capture = self.writer.write_exchange(
            url=url,
            request_url=request_url,
            request_headers=sent,
            status=response.status_code,
            reason=response.reason or "",
            response_headers=list(response.raw.headers.items()) if response.raw is not None else list(response.headers.items()),
            body=body,
            truncated=truncated,
            rejected=rejected,
            source=source,
            page_kind=kind,
            depth=depth,
        )
        with self._count_lock:
            self.responses += 1
        return _Response(
            status=response.status_code,
            reason=response.reason or "",
            body=body,
            truncated=truncated,
            attempts=sent_requests(history) + 1,
            location=response.headers.get("Location", ""),
            capture=capture,
            retried=[f"HTTP {h.status}" if h.status else h.error.__class__.__name__ for h in history],
        )

    # -- robots.txt and reachability ----------------------------------------------------------

    def _refusal(self, url: str) -> tuple[str, str] | None:
        rules = self._rules(url)
        if rules.unreachable:
            return "failed", rules.unreachable
        if rules.deny_reason:
            return "skipped", rules.deny_reason
        if not rules.allow_all and rules.robots is not None and not rules.robots.can_fetch(url, self.settings.user_agent):
            return "skipped", "disallowed by robots.txt"
        return None

    def _rules(self, url: str) -> _HostRules:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._hosts_lock:
            if key in self._hosts:
                return self._hosts[key]
            lock = self._host_locks.setdefault(key, threading.Lock())
        with lock:  # one robots.txt request per host, even with several sources on it
            with self._hosts_lock:
                if key in self._hosts:
                    return self._hosts[key]
            rules = self._load_rules(parts.scheme, parts.netloc, parts.hostname or "", parts.port)
            with self._hosts_lock:
                self._hosts[key] = rules
            return rules

    def _load_rules(self, scheme: str, netloc: str, hostname: str, port: int | None) -> _HostRules:
        if self.resolve_hosts:  # fail fast, once per host, when there is no network at all
            try:
                socket.getaddrinfo(hostname, port or (443 if scheme == "https" else 80))
            except (socket.gaierror, UnicodeError) as exc:
                return _HostRules(robots=None, unreachable=f"host unreachable: cannot resolve {hostname} ({exc})")
        robots_url = first_url = f"{scheme}://{netloc}/robots.txt"
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):  # RFC 9309, 2.3.1.2: follow at least five
                with self.gate.slot(urlsplit(robots_url).netloc, self.settings.delay_seconds):
                    response = self._get_and_archive(robots_url, first_url, {}, "", "robots", 0)
                target = _absolute(robots_url, response.location) if 300 <= response.status < 400 else None
                if target is None:
                    break
                robots_url = target
        except requests.RequestException as exc:
            if could_not_connect(exc) and robots_url == first_url:  # not a redirect's other host
                return _HostRules(robots=None, unreachable=f"host unreachable: {root_cause(exc)}")
            self.reached_hosts.add(netloc)  # it accepted the connection, then failed to answer
            return _deny(f"could not be fetched ({root_cause(exc)})")
        if response.status >= 500 or response.status == 429:
            return _deny(f"answered HTTP {response.status}")
        if response.status != 200:  # 4xx, odd statuses, redirects beyond five: no rules (RFC 9309)
            return _HostRules(robots=None, allow_all=True)
        if response.truncated and not response.truncated.startswith("body exceeds"):
            return _deny(f"could not be read whole ({response.truncated})")
        # over 500 KiB: the first 500 KiB are the rules (RFC 9309, 2.5)
        robots = Protego.parse(decode_html(response.body, "text/plain; charset=utf-8")[0])
        delay = robots.crawl_delay(self.settings.user_agent) or 0.0
        return _HostRules(robots=robots, delay=float(delay))


def _deny(why: str) -> _HostRules:
    """RFC 9309, 2.3.1.4: a robots.txt that is unreachable (5xx, timeouts) means disallow-all."""
    return _HostRules(robots=None, deny_reason=f"robots.txt {why}: disallow-all for this host in this run (RFC 9309)")


def fetch_sources(
    config: SourcesConfig,
    raw_dir: Path,
    *,
    session: requests.Session | None = None,
    provenance: str = LIVE,
    progress: bool = True,
    only: Callable[[Source], bool] | None = None,
    resolve_hosts: bool = True,
) -> FetchReport:
    """Crawl every enabled source into a new archive run. A run that received no response at
    all (no network) is dropped, leaving the archive exactly as it was."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    sources = [s for s in config.enabled if only is None or only(s)]
    notes = recover_unfinished(raw_dir)  # before this run's own .part folder exists
    archive = Archive(raw_dir)
    writer = ArchiveWriter(raw_dir, provenance=provenance)
    crawler = Crawler(config, archive, writer, session=session, progress=progress, resolve_hosts=resolve_hosts)
    entries: list[FetchLogEntry] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(config.fetch.parallel_sources, len(sources)))) as pool:
            futures = [pool.submit(crawler.crawl_source, source, i) for i, source in enumerate(sources)]
            for future in futures:
                entries.extend(future.result())
    except BaseException:
        writer.abort()
        raise
    seconds = round(time.monotonic() - started, 2)
    notes += archive.warnings
    if crawler.responses == 0 and not crawler.reached_hosts:
        writer.abort()
        unreachable = sorted({e.reason for e in entries if e.reason.startswith("host unreachable")})
        message = (
            f"network unreachable ({len(unreachable)} host(s) could not be reached); "
            f"the archive is kept as it is: {len(archive.good_pages())} page(s) from {len(archive.runs)} run(s)"
            if unreachable
            else "nothing was fetched; the archive is kept as it is"
        )
        return FetchReport(None, entries, seconds, offline=bool(unreachable), message=message,
                           skipped_links=crawler.skipped_links, link_pages=crawler.link_pages(), warnings=notes)
    counts = Counter(e.outcome for e in entries)
    summary = {
        "sources": [s.name for s in sources],
        "outcomes": {k: counts.get(k, 0) for k in OUTCOMES},
        "responses": crawler.responses,
        "bytes": sum(e.bytes for e in entries),
        "seconds": seconds,
        "links_not_followed": dict(crawler.skipped_links),
        "pages_links": dict(crawler.link_pages()),
    }
    run_dir = writer.commit(summary)
    return FetchReport(run_dir, entries, seconds, skipped_links=crawler.skipped_links,
                       link_pages=crawler.link_pages(), warnings=notes)
