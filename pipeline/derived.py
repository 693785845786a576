"""Reading derived tables back from ``processed/``: a damaged one names itself and the fix.

Everything under ``processed/`` is rebuilt by ``python -m pipeline process``, so a file there
that cannot be parsed (random bytes, a half-copied file, another program's output) or lacks a
column the reader needs deserves one line saying which file and how to rebuild it, never a
parser's traceback. Tables are read through their usual paths (``out / "mentions.parquet"``),
whatever those point to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

REBUILD = "rerun `python -m pipeline process` (or `make process`) to rebuild it"


class DerivedTableError(Exception):
    """A table under ``processed/`` that cannot be used as it is; the message is one line."""

    @classmethod
    def of(cls, path: Path, what: str) -> "DerivedTableError":
        return cls(f"{path}: {_one_line(what)}; {REBUILD}")


def read_parquet_table(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    """A Parquet table with at least ``columns``."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow's errors have no common base worth naming
        raise DerivedTableError.of(path, f"not a readable Parquet table ({_reason(exc)})") from None
    return _with_columns(path, frame, columns)


def read_csv_table(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    """A CSV table (as written by ``tables.write_csv``) with at least ``columns``, every cell a string."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:  # decoding, tokenising, an empty file: all the file's fault
        raise DerivedTableError.of(path, f"not a readable CSV table ({_reason(exc)})") from None
    return _with_columns(path, frame, columns)


def _with_columns(path: Path, frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise DerivedTableError.of(path, f"not the expected table (no column {shown})")
    return frame


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
