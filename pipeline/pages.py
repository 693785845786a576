"""Raw pages: the latest good copy of every archived page, the input of cleaning."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from .archive import Capture

PAGE_COLUMNS = [
    "url",
    "request_url",
    "source",
    "page_kind",
    "depth",
    "status",
    "content_type",
    "bytes",
    "sha256",
    "fetched_at",
    "run_id",
    "provenance",
]


def list_pages(captures: list[Capture]) -> pd.DataFrame:
    """One row per page (its latest good capture)."""
    rows = [{k: v for k, v in asdict(c).items() if k in PAGE_COLUMNS} for c in captures]
    return pd.DataFrame(rows, columns=PAGE_COLUMNS)
