"""Writing output tables: always to a temporary file first, then renamed into place, so a run
that fails half-way leaves the previous table intact and never a mix of old and new.

Inside ``atomic_batch()`` every file of a run is written to its temporary name first and all
are renamed only once every one of them is written: a failure while writing any table leaves
all the previous ones in place."""

from __future__ import annotations

import contextvars
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Key of the schema version in every output Parquet file's key-value metadata (pipeline.schema).
SCHEMA_VERSION_KEY = b"labour_rights_events_schema_version"


_BATCH: contextvars.ContextVar[list[tuple[str, Path]] | None] = contextvars.ContextVar("batch", default=None)


@contextmanager
def atomic_batch() -> Iterator[None]:
    """Files written inside are renamed into place together, after the last one is written."""
    pending: list[tuple[str, Path]] = []
    token = _BATCH.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _BATCH.reset(token)
    for tmp, path in pending:
        os.replace(tmp, path)


def _atomic_write(path: Path, write) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        batch = _BATCH.get()
        if batch is None:
            os.replace(tmp, path)
        else:
            batch.append((tmp, path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def neutralise_formula(value):
    """Scraped text is untrusted: a cell starting like a formula is prefixed with an
    apostrophe, which spreadsheets show as text (the OWASP CSV-injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """CSV for spreadsheets: lists joined with "; ", formulas neutralised, UTF-8 with BOM."""
    safe = frame.copy()
    for column in safe.columns:
        safe[column] = [
            neutralise_formula("; ".join(map(str, v)) if isinstance(v, (list, tuple)) or hasattr(v, "tolist") and not isinstance(v, str) else v)
            for v in safe[column]
        ]
    return _atomic_write(path, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8-sig"))


def write_table(frame: pd.DataFrame, path: Path, schema_version: str | bytes) -> Path:
    """Parquet, atomically, with ``schema_version`` stored in the file's key-value metadata under
    ``SCHEMA_VERSION_KEY`` (read it back with ``read_schema_version``). Validate first
    (``pipeline.schema.validate_tables``): this only writes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    version = schema_version if isinstance(schema_version, bytes) else str(schema_version).encode("utf-8")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), SCHEMA_VERSION_KEY: version})
    return _atomic_write(path, lambda tmp: pq.write_table(table, tmp))


def read_schema_version(path: Path) -> str | None:
    """The schema version a Parquet table was written with, None for a file written without one."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(path).metadata or {}
    version = metadata.get(SCHEMA_VERSION_KEY)
    return version.decode("utf-8") if version is not None else None
