"""Whole-stage results kept between runs, for the stages that read every record at once.

Extraction reads the documents together (an entity named in one document is recognised in
the next) and dedup compares mentions across documents, so neither can be cached one record at
a time. When all of a stage's input is what it was in the last run, and so is every line of
code and configuration, its last result is used as it is. The key is a hash of the input's
content and of ``code_fingerprint()``: every module of this package, every configuration file
the settings name or ``config/`` holds, and the installed libraries' versions. A change to any
of them is a miss, so a result from the cache is always the one the stage would compute now.
Storage and damage handling are ``disk_cache.DiskCache``'s.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import settings
from .disk_cache import DiskCache

PACKAGE = Path(__file__).resolve().parent
CONFIG = PACKAGE.parent / "config"


@lru_cache(maxsize=1)
def library_versions() -> str:
    """Every installed distribution with its version, from the names of their metadata folders
    (``name-version.dist-info``): reading each one's metadata costs seconds with hundreds installed."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info")))
    if not found:  # an unusual installation (zip imports, ...): ask importlib, slowly
        return "\n".join(sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]))
    return "\n".join(sorted(found))


def code_fingerprint() -> str:
    """Every module of the package, every configuration file, every installed library's version
    (read afresh each time: a file edited between two runs in one process counts)."""
    digest = hashlib.sha256(b"stage-cache 1\0")
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    files = {p.resolve() for p in CONFIG.glob("*") if p.is_file()}
    files |= {Path(p).resolve() for p in (settings.ALIASES_FILE, settings.PATTERNS_FILE, settings.EVENT_TYPES_FILE,
                                          settings.DEDUP_FILE, settings.LABELS_FILE, settings.DATES_FILE) if Path(p).is_file()}
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(library_versions().encode())
    digest.update(settings.SPACY_MODEL.encode())
    return digest.hexdigest()[:16]


def content_hash(*parts) -> str:
    """SHA-256 of data frames and plain values, by content (JSON, lists and arrays as lists)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, pd.DataFrame):
            digest.update(json.dumps(list(part.columns)).encode())
            text = part.to_json(orient="values", date_format="iso", default_handler=str)
        else:
            text = json.dumps(part, sort_keys=True, default=str)
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class StageCache(DiskCache):
    """One result per stage: ``get(stage, input_hash)`` is the stage's last result when its
    input hash (and the code fingerprint) are the same, else None."""

    name = "process: stage cache"

    def __init__(self, folder: Path | None):
        super().__init__(folder, code_fingerprint())

    @staticmethod
    def valid(value) -> bool:
        return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)

    def result(self, stage: str, input_hash: str):
        known = self.get(f"{stage} input")  # small: the large result is not read to learn it is another input's
        if known is not None and known[0] != input_hash:
            return None
        value = self.get(stage)
        return value[1] if value is not None and value[0] == input_hash else None

    def keep(self, stage: str, input_hash: str, result) -> None:
        self.set(stage, (input_hash, result))
        self.set(f"{stage} input", (input_hash, None))


class PackedFrame:
    """A data frame as the stage cache keeps it: each text column as codes into its distinct
    values (a review queue of 50k pairs repeats a few thousand mentions' texts: 39 MB pickled
    whole, 4.5 MB so, and seconds of a refresh to write). ``frame()`` is the same frame: values,
    missing values, dtypes, index, column order and attrs."""

    def __init__(self, frame: pd.DataFrame):
        self.index, self.columns, self.attrs = frame.index, frame.columns, dict(frame.attrs)
        self.parts = []
        for k in range(frame.shape[1]):
            column = frame.iloc[:, k]
            if isinstance(column.dtype, pd.StringDtype):
                codes, uniques = pd.factorize(column, use_na_sentinel=True)
                self.parts.append((column.dtype, codes.astype("int32"), uniques.array.astype(column.dtype)))
            else:
                self.parts.append((None, column, None))

    def frame(self) -> pd.DataFrame:
        columns = [values.reset_index(drop=True) if dtype is None
                   else pd.Series(uniques.take(values, allow_fill=True), copy=False)
                   for dtype, values, uniques in self.parts]
        frame = pd.concat(columns, axis=1, ignore_index=True) if columns else pd.DataFrame(index=range(len(self.index)))
        frame.columns = self.columns
        frame.index = self.index
        frame.attrs = dict(self.attrs)
        return frame


def packed(value):
    """``value`` with each data frame in it (itself, or an item of a tuple) a ``PackedFrame``."""
    if isinstance(value, pd.DataFrame):
        return PackedFrame(value)
    if isinstance(value, tuple):
        return tuple(packed(item) for item in value)
    return value


def unpacked(value):
    """``packed``'s value as it was."""
    if isinstance(value, PackedFrame):
        return value.frame()
    if isinstance(value, tuple):
        return tuple(unpacked(item) for item in value)
    return value
