"""The raw archive: every HTTP response kept as received, in WARC files that are never edited.

Layout (one folder per fetch run, written under ``<run>.part`` and renamed when the run ends,
so a crash never leaves a half-written run where readers look)::

    raw/runs/<run_id>/pages.warc.gz     request and response records (WARC/1.1, gzip per record)
    raw/runs/<run_id>/captures.jsonl    one line per response: where it is in the WARC, and why
    raw/runs/<run_id>/fetch-log.jsonl   one line per URL tried: new / changed / unchanged / failed / skipped
    raw/runs/<run_id>/summary.json      counts, bytes, seconds, provenance
    raw/runs/<run_id>/links.jsonl       the links read from each page body (a cache: see below)

``captures.jsonl`` is an index (like a CDX file): everything in it can be rebuilt from the WARC.
Reading is forgiving, because a disk or a copy can damage any file: an index line that is not a
capture is skipped with a warning naming file and line, records cut off the end of a WARC are
left out with one warning naming the file, and a body whose SHA-256 differs from the one stored
with it is never a good copy (the URL's previous good copy stays its last one).

``links.jsonl`` keeps the links fetch read from each page, keyed by what they depend on (body
hash, the URL the body answered from, the page's selectors: ``links.link_key``), so a page
answered 304 or with the same body is not parsed again. It is only a cache: a missing file or a
damaged line means that page is parsed again, and its links are written to the new run.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
import uuid
import zlib
from dataclasses import MISSING, asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

RUNS = "runs"
WARC_NAME = "pages.warc.gz"
CAPTURES_NAME = "captures.jsonl"
LOG_NAME = "fetch-log.jsonl"
SUMMARY_NAME = "summary.json"
LINKS_NAME = "links.jsonl"
PART_SUFFIX = ".part"

LIVE = "live-capture"
SAMPLE = "reconstructed-sample"
PROVENANCE_NOTE = {
    LIVE: "fetched from the live web by this pipeline",
    SAMPLE: (
        "reconstructed sample: HTML rebuilt from the text of the seed pages for offline use; "
        "not a live capture of the publisher's page"
    ),
}

OUTCOMES = ("new", "changed", "unchanged", "failed", "rejected", "skipped")


@dataclass(frozen=True)
class Capture:
    """One archived response, as indexed in ``captures.jsonl``."""

    run_id: str
    warc_file: str  # relative to the raw folder
    offset: int
    length: int
    url: str  # the URL of this request (one hop)
    request_url: str  # the URL the crawler asked for, before any redirect
    status: int
    fetched_at: str
    sha256: str
    bytes: int
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    truncated: str = ""  # why the body is incomplete, empty when whole
    rejected: str = ""  # why a whole 200 HTML response looks broken (error page, empty ...)
    source: str = ""
    page_kind: str = ""
    depth: int = 0
    provenance: str = LIVE

    @property
    def is_good(self) -> bool:
        """A whole HTML page: the only kind of capture that counts as the last good copy."""
        return self.status == 200 and not self.truncated and not self.rejected and is_html_type(self.content_type)


@dataclass
class FetchLogEntry:
    url: str
    source: str
    outcome: str  # one of OUTCOMES
    reason: str = ""
    status: int | None = None
    final_url: str = ""
    bytes: int = 0
    attempts: int = 0
    seconds: float = 0.0
    depth: int = 0
    page_kind: str = ""
    sha256: str = ""
    conditional: bool = False
    retried: list[str] = field(default_factory=list)  # what each transport-level retry answered


def is_html_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml")


def new_run_id() -> str:
    """UTC time to the microsecond (``20261122T143106.123456Z``): IDs sort in time order, and
    the writer claims one with an atomic ``mkdir``, so two fetches never share one."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def _claim_run(raw_dir: Path, run_id: str | None) -> tuple[str, Path]:
    runs = raw_dir / RUNS
    runs.mkdir(parents=True, exist_ok=True)
    while True:
        candidate = run_id or new_run_id()
        part = runs / (candidate + PART_SUFFIX)
        if not (runs / candidate).exists():
            try:
                part.mkdir()
                return candidate, part
            except FileExistsError:
                pass
        if run_id is not None:
            raise FileExistsError(f"run {run_id} already exists in {runs}")
        time.sleep(0.000_01)


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ArchiveWriter:
    """Writes one fetch run. Thread-safe: source crawlers share one writer."""

    def __init__(self, raw_dir: Path, provenance: str = LIVE, run_id: str | None = None):
        self.raw_dir = Path(raw_dir)
        self.provenance = provenance
        from .unfinished import write_owner

        self.run_id, self.part_dir = _claim_run(self.raw_dir, run_id)
        self.final_dir = self.raw_dir / RUNS / self.run_id
        write_owner(self.part_dir)  # so a later run can tell a running fetch from a killed one
        self._lock = threading.Lock()
        self._warc = open(self.part_dir / WARC_NAME, "wb")
        self._writer = WARCWriter(self._warc, gzip=True, warc_version="WARC/1.1")
        self._captures = open(self.part_dir / CAPTURES_NAME, "w", encoding="utf-8")
        self._log = open(self.part_dir / LOG_NAME, "w", encoding="utf-8")
        self._links = open(self.part_dir / LINKS_NAME, "w", encoding="utf-8")
        self.n_responses = 0
        info = {
            "software": "labour-rights-events/0.1 (pipeline.archive)",
            "format": "WARC File Format 1.1",
            "provenance": provenance,
            "provenance-note": PROVENANCE_NOTE[provenance],
        }
        with self._lock:
            self._writer.write_record(self._writer.create_warcinfo_record(WARC_NAME, info))

    def write_exchange(
        self,
        *,
        url: str,
        request_url: str,
        request_headers: dict[str, str],
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        truncated: str = "",
        rejected: str = "",
        source: str = "",
        page_kind: str = "",
        depth: int = 0,
    ) -> Capture:
        """Archive one request and its response; returns the capture's index entry."""
        fetched_at = _utc_now()
        sha256 = hashlib.sha256(body).hexdigest()
        headers = _archived_headers(response_headers, len(body))
        content_type = _header(headers, "Content-Type")
        extra = {
            "WARC-Date": fetched_at,
            "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
            "WARC-X-Provenance": self.provenance,
            "WARC-X-Body-SHA256": sha256,
        }
        if request_url != url:
            extra["WARC-X-Request-URI"] = request_url
        if truncated:
            extra["WARC-Truncated"] = "length" if "bytes" in truncated else "unspecified"
            extra["WARC-X-Truncated-Reason"] = truncated
        if rejected:
            extra["WARC-X-Rejected-Reason"] = rejected
        if source:
            extra["WARC-X-Source"] = source
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1"),
            warc_headers_dict=extra,
        )
        target = _request_target(url)
        req_headers = [(k, v) for k, v in request_headers.items()]
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", req_headers, is_http_request=True),
            warc_headers_dict={
                "WARC-Date": fetched_at,
                "WARC-Concurrent-To": extra["WARC-Record-ID"],
            },
        )
        with self._lock:
            offset = self._warc.tell()
            self._writer.write_record(response)
            length = self._warc.tell() - offset
            self._writer.write_record(request)
            capture = Capture(
                run_id=self.run_id,
                warc_file=f"{RUNS}/{self.run_id}/{WARC_NAME}",
                offset=offset,
                length=length,
                url=url,
                request_url=request_url,
                status=status,
                fetched_at=fetched_at,
                sha256=sha256,
                bytes=len(body),
                content_type=content_type,
                etag=_header(headers, "ETag"),
                last_modified=_header(headers, "Last-Modified"),
                truncated=truncated,
                rejected=rejected,
                source=source,
                page_kind=page_kind,
                depth=depth,
                provenance=self.provenance,
            )
            # the WARC reaches the OS before the index line that points into it, so a killed
            # fetch leaves every indexed record whole (unfinished.py recovers them)
            self._warc.flush()
            self._captures.write(json.dumps(asdict(capture), ensure_ascii=False) + "\n")
            self._captures.flush()
            self.n_responses += 1
        return capture

    def log(self, entry: FetchLogEntry) -> None:
        with self._lock:
            self._log.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            self._log.flush()

    def store_links(self, key: str, links: list) -> None:
        """Remember the links read from one page body (see ``links.link_key``)."""
        line = json.dumps({"key": key, "links": [list(link) for link in links]}, ensure_ascii=False) + "\n"
        with self._lock:
            self._links.write(line)
            self._links.flush()

    def commit(self, summary: dict) -> Path:
        """Close the files and move the run into place, atomically."""
        from .unfinished import remove_owner

        self._close()
        remove_owner(self.part_dir)
        summary = {"run_id": self.run_id, "provenance": self.provenance, **summary}
        (self.part_dir / SUMMARY_NAME).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        for name in (WARC_NAME, CAPTURES_NAME, LOG_NAME, SUMMARY_NAME, LINKS_NAME):
            with open(self.part_dir / name, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(self.part_dir, self.final_dir)
        return self.final_dir

    def abort(self) -> None:
        """Drop an unfinished run; the archive is left as it was before the run."""
        self._close()
        for path in self.part_dir.iterdir():
            path.unlink()
        self.part_dir.rmdir()

    def _close(self) -> None:
        with self._lock:
            for fh in (self._warc, self._captures, self._log, self._links):
                if not fh.closed:
                    fh.close()


def _archived_headers(headers: Iterable[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """The response headers as stored: the body is stored decoded, so say so instead of lying."""
    kept: list[tuple[str, str]] = []
    for name, value in headers:
        lower = name.lower()
        if lower in ("content-encoding", "transfer-encoding"):
            kept.append((f"X-Archive-Original-{name}", value))
        elif lower != "content-length":
            kept.append((name, value))
    kept.append(("Content-Length", str(length)))
    return kept


def _header(headers: Iterable[tuple[str, str]], name: str) -> str:
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), "")


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class ArchiveDamage(Exception):
    """A record that cannot be read back whole, or whose body is not the one stored."""


_FIELD_TYPES = {f.name: {"int": int, "str": str}[str(f.type)] for f in fields(Capture)}
_REQUIRED = {f.name for f in fields(Capture) if f.default is MISSING}


def capture_from_line(line: str) -> Capture:
    """One ``captures.jsonl`` line as a Capture; ValueError saying what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError(f"a JSON {type(data).__name__}, not an object")
    unknown = sorted(set(data) - set(_FIELD_TYPES))
    missing = sorted(_REQUIRED - set(data))
    if unknown or missing:
        raise ValueError("; ".join(filter(None, [unknown and f"unknown field(s) {', '.join(unknown)}",
                                                 missing and f"missing field(s) {', '.join(missing)}"])))
    for name, value in data.items():
        kind = _FIELD_TYPES[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValueError(f"field {name!r} is {value!r}, not a{'n int' if kind is int else ' string'}")
    return Capture(**data)


def read_captures(index: Path, warnings: list[str]) -> list[Capture]:
    """Every usable line of a ``captures.jsonl``; each unusable one becomes a warning naming
    the file and the line, and reading goes on."""
    captures: list[Capture] = []
    try:
        with open(index, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    captures.append(capture_from_line(line))
                except ValueError as exc:
                    warnings.append(f"raw: {index}:{number}: not a capture record ({exc}); line skipped")
    except OSError as exc:
        warnings.append(f"raw: {index} cannot be read ({exc.strerror or exc}); {len(captures)} line(s) before it used")
    return captures


def read_record(warc: Path, offset: int, sha256: str = "") -> tuple[bytes, dict[str, str]]:
    """The body and WARC headers of the record at ``offset``; ArchiveDamage when it cannot be
    read whole or its body does not match ``sha256`` (and the record's own stored hash)."""
    try:
        with open(warc, "rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)), None)
            if record is None:
                raise ArchiveDamage(f"{warc}: no record at offset {offset}")
            body = record.content_stream().read()
            headers = dict(record.rec_headers.headers)
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as exc:
        raise ArchiveDamage(f"{warc}: record at offset {offset} cannot be read ({exc.__class__.__name__}: {exc})") from None
    actual = hashlib.sha256(body).hexdigest()
    for expected in {sha256, headers.get("WARC-X-Body-SHA256", "")} - {""}:
        if actual != expected:
            raise ArchiveDamage(f"{warc}: record at offset {offset} has a body whose sha256 is not the stored one")
    return body, headers


class Archive:
    """Read side of the archive: every committed run, in order. ``warnings`` says what was
    damaged and left out (one line per damaged file or index line)."""

    def __init__(self, raw_dir: Path):
        self.raw_dir = Path(raw_dir)
        self.runs: list[str] = []
        self.captures: list[Capture] = []
        self.incomplete_runs: list[str] = []
        self.warnings: list[str] = []
        self._damaged_files: set[str] = set()
        self._intact: dict[tuple[str, int], bool] = {}
        self.unreadable: dict[str, str] = {}  # url -> why a copy of it was not used (damage)
        self._links: dict[str, list] | None = None  # links.jsonl of every run, read on first use
        self._links_lock = threading.Lock()
        runs_dir = self.raw_dir / RUNS
        if runs_dir.is_dir():
            for run in sorted(runs_dir.iterdir()):
                if run.name.endswith(PART_SUFFIX):
                    self.incomplete_runs.append(run.name)
                    continue
                index = run / CAPTURES_NAME
                if not run.is_dir():
                    continue
                if not index.is_file():
                    self.warnings.append(f"raw: {run} has no {CAPTURES_NAME}; run ignored")
                    continue
                self.runs.append(run.name)
                self.captures.extend(self._within_warc(read_captures(index, self.warnings)))
        self._good: dict[str, list[Capture]] = {}
        for capture in self.captures:
            if capture.is_good:
                self._good.setdefault(capture.url, []).append(capture)
                if capture.request_url != capture.url:
                    self._good.setdefault(capture.request_url, []).append(capture)

    def _within_warc(self, captures: list[Capture]) -> list[Capture]:
        """The captures whose record lies wholly inside its WARC file (a cut file keeps the
        records before the cut)."""
        sizes: dict[str, int] = {}
        kept: list[Capture] = []
        cut: dict[str, int] = {}
        for capture in captures:
            if capture.warc_file not in sizes:
                path = self.raw_dir / capture.warc_file
                sizes[capture.warc_file] = path.stat().st_size if path.is_file() else -1
            if capture.offset + capture.length <= sizes[capture.warc_file]:
                kept.append(capture)
            else:
                cut[capture.warc_file] = cut.get(capture.warc_file, 0) + 1
        for name, n in cut.items():
            state = "missing" if sizes[name] < 0 else f"cut at {sizes[name]} bytes"
            self._damaged(name, f"{state}: {n} record(s) are beyond its end and left out; the records before are read")
        return kept

    def _damaged(self, warc_file: str, what: str) -> None:
        if warc_file not in self._damaged_files:
            self._damaged_files.add(warc_file)
            self.warnings.append(f"raw: {self.raw_dir / warc_file} is damaged ({what})")

    def is_intact(self, capture: Capture) -> bool:
        """Whether the capture's record reads back whole with its stored sha256 (checked once)."""
        key = (capture.warc_file, capture.offset)
        if key not in self._intact:
            try:
                self.read_body(capture)
                self._intact[key] = True
            except ArchiveDamage as exc:
                self._damaged(capture.warc_file, f"{str(exc).split(': ', 1)[-1]}; not used as a good copy of {capture.url}")
                self.unreadable.setdefault(capture.url, f"archived copy unusable ({capture.warc_file} at {capture.offset}): {exc}")
                self._intact[key] = False
        return self._intact[key]

    def latest_good(self, url: str) -> Capture | None:
        """The last whole, intact HTML copy of a URL (by the URL asked for or the URL that
        answered)."""
        return next((c for c in reversed(self._good.get(url, [])) if self.is_intact(c)), None)

    def good_pages(self, known: Path | None = None) -> list[Capture]:
        """The latest good, intact capture of every page, one per final URL, sorted by URL.
        ``known``: a file of the records an earlier listing found intact (``known_intact``),
        taken as intact while their WARC file is unchanged, and updated."""
        if known is None:
            return self._good_pages()
        from . import known_intact

        states = {name: known_intact.file_state(self.raw_dir / name) for name in {c.warc_file for c in self.captures}}
        remembered = known_intact.load(known, self.raw_dir)
        for capture in self.captures:
            key = (capture.warc_file, capture.offset)
            if key not in self._intact and capture.sha256 and remembered.get(key) == capture.sha256:
                self._intact[key] = True
        pages = self._good_pages()
        found = {(c.warc_file, c.offset): c.sha256 for c in self.captures
                 if c.sha256 and self._intact.get((c.warc_file, c.offset))}
        if found != remembered:
            known_intact.save(known, states, found)
        return pages

    def _good_pages(self) -> list[Capture]:
        latest: dict[str, Capture] = {}
        for url, candidates in self._good.items():
            for capture in reversed(candidates):
                if capture.url == url and capture.page_kind != "robots" and self.is_intact(capture):
                    latest[url] = capture
                    break
        return sorted(latest.values(), key=lambda c: c.url)

    def stored_links(self, key: str) -> list[tuple[str, int, str | None]] | None:
        """The links stored for ``key`` by an earlier run, or None (never stored, or damaged)."""
        with self._links_lock:
            if self._links is None:
                self._links = {}
                for run in self.runs:
                    _read_links(self.raw_dir / RUNS / run / LINKS_NAME, self._links, self.warnings)
        return self._links.get(key)

    def read_body(self, capture: Capture) -> bytes:
        return read_record(self.raw_dir / capture.warc_file, capture.offset, capture.sha256)[0]

    def read_record_headers(self, capture: Capture) -> dict[str, str]:
        return read_record(self.raw_dir / capture.warc_file, capture.offset, capture.sha256)[1]

    def __len__(self) -> int:
        return len(self.captures)


def _read_links(path: Path, into: dict[str, list], warnings: list[str]) -> None:
    """Add one run's stored links to ``into``; lines that are not links are left out with one
    warning for the file (those pages are parsed again)."""
    if not path.is_file():
        return  # runs written before links were stored, or recovered without them
    bad = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.strip():
                    continue
                parsed = _links_line(line)
                if parsed is None:
                    bad += 1
                else:
                    into[parsed[0]] = parsed[1]
    except OSError as exc:
        warnings.append(f"raw: {path} cannot be read ({exc.strerror or exc}); its pages' links are read from their bodies")
        return
    if bad:
        warnings.append(f"raw: {path}: {bad} line(s) are not stored links; those pages' links are read from their bodies")


def _links_line(line: str) -> tuple[str, list[tuple[str, int, str | None]]] | None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str) or not isinstance(data.get("links"), list):
        return None
    links = []
    for link in data["links"]:
        if not (isinstance(link, list) and len(link) == 3 and isinstance(link[0], str)
                and link[1] in (0, 1) and not isinstance(link[1], bool)
                and (link[2] is None or isinstance(link[2], str))):
            return None
        links.append((link[0], link[1], link[2]))
    return data["key"], links


def read_fetch_log(run_dir: Path) -> list[dict]:
    with open(Path(run_dir) / LOG_NAME, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]

