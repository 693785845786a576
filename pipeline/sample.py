"""The reconstructed sample snapshot shipped in ``raw/`` so that ``make`` works offline.

The live pages cannot be fetched where this project is built, so the sample is crawled by the
real crawler from a folder of HTML pages rebuilt from the seed texts (``tests/fixture_site``),
served under the sources' real URLs by a requests transport adapter instead of the network.
Every record is marked ``reconstructed-sample``, never as a live capture.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse

from .archive import SAMPLE
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
