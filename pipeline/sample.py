"""The reconstructed sample snapshot shipped in ``raw/`` so that ``make`` works offline.

``replace_sample`` (``make sample``) rebuilds it in place: the new run replaces the old
sample run instead of joining it, and a rebuild that gives the same pages keeps the old run
(and its ID) untouched. The sample is the one part of ``raw/`` that is not append-only: it is
a reconstruction, not a capture.

The live pages cannot be fetched where this project is built, so the sample is crawled by the
real crawler from a folder of HTML pages rebuilt from the seed texts (``tests/fixture_site``),
served under the sources' real URLs by a requests transport adapter instead of the network.
Every record is marked ``reconstructed-sample``, never as a live capture.
"""

from __future__ import annotations

import io
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse

from .archive import RUNS, SAMPLE, Archive
from .fetch import FetchReport, build_session, fetch_sources
from .sources import SourcesConfig


class FolderAdapter(BaseAdapter):
    """Answers ``GET scheme://host/path`` from ``<root>/<host>/<path>`` (``index.html`` for
    folders), 404 otherwise. A stand-in for the network, for offline reconstruction only."""

    def __init__(self, root: Path):
        super().__init__()
        self.root = Path(root).resolve()
        self._builder = HTTPAdapter()

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # noqa: ANN001
        parts = urlsplit(request.url)
        path = (self.root / (parts.hostname or "") / unquote(parts.path).lstrip("/")).resolve()
        if parts.path.endswith("/") or path.is_dir():
            path = path / "index.html"
        if self.root in path.parents and path.is_file():
            body = path.read_bytes()
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            status, headers = 200, {"Content-Type": f"{kind}; charset=utf-8" if kind.startswith("text/") else kind}
        else:
            body, status, headers = b"not found", 404, {"Content-Type": "text/plain"}
        headers["Content-Length"] = str(len(body))
        raw = HTTPResponse(body=io.BytesIO(body), headers=headers, status=status, reason="OK" if status == 200 else "Not Found", preload_content=False)
        return self._builder.build_response(request, raw)

    def close(self) -> None:
        self._builder.close()


def build_sample(config: SourcesConfig, site_dir: Path, raw_dir: Path) -> FetchReport:
    fast = config.model_copy(update={"fetch": config.fetch.model_copy(update={"delay_seconds": 0.0})})
    session: requests.Session = build_session(fast.fetch)
    adapter = FolderAdapter(site_dir)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    site = Path(site_dir)

    def reconstructed(source) -> bool:  # only sources with pages in the site folder
        return all((site / (urlsplit(u).hostname or "")).is_dir() for u in source.start_urls)

    return fetch_sources(
        fast, raw_dir, session=session, provenance=SAMPLE, progress=False, resolve_hosts=False, only=reconstructed
    )


def _pages_of(archive: Archive, run: str | None = None) -> set[tuple[str, int, str]]:
    return {(c.url, c.status, c.sha256) for c in archive.captures if run is None or c.run_id == run}


def sample_runs(raw_dir: Path) -> list[Path]:
    """The runs of ``raw_dir`` whose every capture is a reconstructed sample."""
    provenances: dict[str, set[str]] = {}
    for capture in Archive(raw_dir).captures:
        provenances.setdefault(capture.run_id, set()).add(capture.provenance)
    return [Path(raw_dir) / RUNS / run for run, kinds in sorted(provenances.items()) if kinds == {SAMPLE}]


def replace_sample(config: SourcesConfig, site_dir: Path, raw_dir: Path) -> FetchReport:
    """Rebuild the sample snapshot and make it the only sample run of ``raw_dir``. It is built
    in a staging folder inside ``raw_dir``, moved into ``runs/`` with one rename, and only then
    are the old sample runs removed (a crash in between leaves both, never none). Live runs are
    never touched."""
    raw_dir = Path(raw_dir)
    (raw_dir / RUNS).mkdir(parents=True, exist_ok=True)
    old = sample_runs(raw_dir)
    staging = Path(tempfile.mkdtemp(prefix=".sample-", dir=raw_dir))
    try:
        report = build_sample(config, site_dir, staging)
        if report.run_dir is None:
            return report
        built = Path(report.run_dir)
        if len(old) == 1 and _pages_of(Archive(staging)) == _pages_of(Archive(raw_dir), old[0].name):
            report.run_dir = old[0]
            report.message = f"the sample is unchanged; kept {old[0]}"
            return report
        target = raw_dir / RUNS / built.name
        os.rename(built, target)
        for run in old:
            shutil.rmtree(run)
        report.run_dir = target
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)
