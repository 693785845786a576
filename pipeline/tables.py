"""Writing output files: Parquet with the schema version in its metadata, CSV that is safe in a
spreadsheet, and single files written atomically (a temporary file, then a rename).

A whole run's files are published together by ``pipeline.generations``; ``write_table`` and
``write_csv`` also serve on their own (one file, atomically). Files get the mode the umask
gives (0644 under umask 022), as any file the user creates would.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

# Key of the schema version in every output Parquet file's key-value metadata (pipeline.schema).
SCHEMA_VERSION_KEY = b"labour_rights_events_schema_version"

# What makes a spreadsheet read a cell as a formula (OWASP's CSV-injection list, their full-width
# forms, which some spreadsheets fold to ASCII), and the invisible marks that may come before them.
FORMULA_CHARS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
INVISIBLE_MARKS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
# A line (the cell's start, or after CR or LF inside it) that starts like a formula, possibly
# behind invisible marks or apostrophes already there (so that neutralising is reversible).
FORMULA_LINE = re.compile(rf"(?:^|(?<=[\r\n]))(?='*[{INVISIBLE_MARKS}]*[{re.escape(FORMULA_CHARS)}])")
# A text can match FORMULA_LINE only when it starts with one of these or holds a line break.
_LINE_START_CHARS = frozenset(FORMULA_CHARS + "'" + "".join(
    chr(c) for a, b in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0xFEFF, 0xFEFF)) for c in range(a, b + 1)))
# FORMULA_LINE after a line break only: a search the regex engine starts at each CR or LF (the
# look-behind of FORMULA_LINE makes it try every position of a long text).
_AFTER_BREAK = re.compile(rf"[\r\n]'*[{INVISIBLE_MARKS}]*[{re.escape(FORMULA_CHARS)}]")
CSV_LINE_END = "\r\n"  # RFC 4180; with it the csv module quotes every cell holding a CR or an LF


def file_mode() -> int:
    """The mode a new file gets under the current umask (0o644 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (new names, renames) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _atomic_write(path: Path, write) -> Path:
    """``write(tmp)`` to a temporary file beside ``path``, fsync, rename into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp, file_mode())  # mkstemp makes 0600 files
        write(tmp)
        fsync_file(Path(tmp))
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def neutralise_formula(value):
    """Scraped text is untrusted: every line of a cell (its start, and after each CR or LF) that
    starts like a formula, even behind invisible marks, is prefixed with an apostrophe, which
    spreadsheets show as text (the OWASP CSV-injection advice). Removing one apostrophe at each
    such line start gives the text back exactly."""
    if isinstance(value, str):
        if value[:1] not in _LINE_START_CHARS and ("\n" not in value and "\r" not in value
                                                    or _AFTER_BREAK.search(value) is None):
            return value  # the common case, without running the regex over the whole text
        return FORMULA_LINE.sub("'", value)
    return value


def restore_formula(text: str) -> str:
    """The inverse of ``neutralise_formula`` (for readers and tests)."""
    return re.sub(rf"(?:^|(?<=[\r\n]))'(?='*[{INVISIBLE_MARKS}]*[{re.escape(FORMULA_CHARS)}])", "", text)


def _cell(value):
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0):
        value = "; ".join(map(str, value))  # a list, or an array read back from Parquet (not a numpy scalar)
    return neutralise_formula(value)


def column_cells(column: pd.Series):
    """The column's values as iterating it gives them; a text column read in one go (the same
    str and missing values, without an Arrow scalar per cell)."""
    return column.to_numpy(dtype=object) if isinstance(column.dtype, pd.StringDtype) else column


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV shows it: lists joined with "; ", formulas neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
            continue  # no text and no lists: written as they are
        safe[column] = [neutralise_formula(v) if isinstance(v, str) else _cell(v) for v in column_cells(values)]
    return safe


DIGEST_ROWS = 100_000  # rows of a data frame hashed at once (``table_digest``): a pair table's row group


def table_digest(table, rows_per_group: int | None = None) -> str:
    """SHA-256 of a table's column names and values: the Arrow stream of the table its Parquet
    file is written from, which reads no value as text (to_json would, and rounds floats to
    ten digits). Text is text however pandas holds it (``str`` or ``object``: a changelog read
    back is the one written), so the pandas metadata and Arrow's large-text types are left
    out. A table given in parts (``groups()``: ``pair_table.PairTable``) is hashed a part at a
    time, and a data frame longer than a part (``DIGEST_ROWS``) is too, so that one table has
    one digest however it is held and no more than one part's text is made at once. A part
    Arrow cannot take is hashed as JSON instead."""
    rows = rows_per_group or DIGEST_ROWS
    if hasattr(table, "groups"):
        parts, whole = table.groups(rows_per_group=rows), table.frame
    else:
        parts, whole = (table.iloc[start:start + rows] for start in range(0, len(table), rows)), lambda: table
    digest, kind, n = hashlib.sha256(), "arrow", 0
    several = len(table) > rows
    for part in parts:
        part_kind, data = _part_bytes(part, fresh=several)
        if n:
            digest.update(b"\0")
        digest.update(data)  # (the stream's buffer as it is: no copy of a part's bytes)
        kind, n = ("json" if "json" in (kind, part_kind) else "arrow"), n + 1
    if not n:  # no rows: the columns alone
        kind, data = _part_bytes(whole())
        digest.update(data)
    return f"{kind}:{digest.hexdigest()}"


def _part_bytes(frame: pd.DataFrame, fresh: bool = False) -> tuple[str, "bytes | pyarrow.Buffer"]:
    """``("arrow", the frame's Arrow stream)``, or ``("json", its JSON)`` when Arrow cannot take it.
    ``fresh``: its arrays copied first, so that a slice of a longer table (whose buffers start
    inside the table's, with the whole table's null masks) gives the bytes of the same rows made anew."""
    import pyarrow as pa

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.cast(pa.schema([f.with_type(_plain_type(f.type)) for f in table.schema]))
        if fresh:
            table = pa.concat_tables([table.slice(0, 0), table])
        table = table.combine_chunks()  # one batch, however the frame was built
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as stream:
            stream.write_table(table)
        return "arrow", sink.getvalue()
    except (pa.ArrowException, TypeError, ValueError):
        text = json.dumps(list(map(str, frame.columns))) + frame.to_json(orient="values", date_format="iso",
                                                                         default_handler=str)
        return "json", text.encode("utf-8", "surrogatepass")


def _plain_type(kind):
    """``kind`` with its large text and list types as the plain ones (the same values)."""
    import pyarrow as pa

    if pa.types.is_large_string(kind):
        return pa.string()
    if pa.types.is_large_binary(kind):
        return pa.binary()
    if pa.types.is_large_list(kind) or pa.types.is_list(kind):
        return pa.list_(kind.value_field.with_type(_plain_type(kind.value_type)))
    if pa.types.is_struct(kind):
        return pa.struct([f.with_type(_plain_type(f.type)) for f in kind])
    return kind


def write_csv_file(frame: pd.DataFrame, path: Path) -> Path:
    """CSV for spreadsheets (UTF-8 with BOM, CRLF, cells with CR, LF, commas or quotes quoted)."""
    spreadsheet_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator=CSV_LINE_END,
                                    quoting=csv.QUOTE_MINIMAL)
    return Path(path)


def write_parquet_file(frame: pd.DataFrame, path: Path, schema_version: str | bytes) -> Path:
    """Parquet with ``schema_version`` in the file's key-value metadata under ``SCHEMA_VERSION_KEY``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    version = schema_version if isinstance(schema_version, bytes) else str(schema_version).encode("utf-8")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), SCHEMA_VERSION_KEY: version})
    pq.write_table(table, path)
    return Path(path)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """One CSV file for spreadsheets, atomically (see ``write_csv_file``)."""
    return _atomic_write(path, lambda tmp: write_csv_file(frame, tmp))


def write_table(frame: pd.DataFrame, path: Path, schema_version: str | bytes) -> Path:
    """One Parquet file, atomically, with ``schema_version`` in its metadata (read it back with
    ``read_schema_version``). Validate first (``pipeline.schema.validate_tables``): this only writes."""
    return _atomic_write(path, lambda tmp: write_parquet_file(frame, tmp, schema_version))


def read_schema_version(path: Path) -> str | None:
    """The schema version a Parquet table was written with, None for a file written without one."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(path).metadata or {}
    version = metadata.get(SCHEMA_VERSION_KEY)
    return version.decode("utf-8") if version is not None else None
