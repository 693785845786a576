"""The disk cache every stage keeps its rebuildable values in (annotations, documents,
extractions, the stage results), with one way of handling damage for all of them."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import sqlite3
from pathlib import Path
from typing import Iterable

# What a damaged cache raises: a database file that is not one, a value that does not unpickle.
CACHE_ERRORS = (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError,
                TypeError, ValueError, OSError)


class DiskCache:
    """Values keyed by (fingerprint, text hash) in a disk cache (diskcache). A cache is
    rebuildable, so damage never stops a run: a database that cannot be opened is deleted and
    made afresh (one warning), an entry that cannot be read or is of another shape (``valid``)
    is a miss (counted). Each stage's cache names itself and says what a valid value is."""

    name = "cache"

    def __init__(self, folder: Path | None, fingerprint: str):
        self.fingerprint = fingerprint
        self.warnings: list[str] = []
        self.bad_entries = 0
        self._cache = None
        if folder is not None:
            self._cache = self._open(Path(folder))

    def _open(self, folder: Path):
        import diskcache

        try:
            cache = diskcache.Cache(str(folder), size_limit=2**32)
            cache.get("")  # reads the database: a damaged one fails here, not later
            return cache
        except CACHE_ERRORS as exc:
            problem = " ".join(f"{type(exc).__name__}: {exc}".split())
        shutil.rmtree(folder, ignore_errors=True)
        try:
            cache = diskcache.Cache(str(folder), size_limit=2**32)
        except CACHE_ERRORS as exc:
            self.warnings.append(f"{self.name} {folder} is damaged ({problem}) and could not be rebuilt "
                                 f"({type(exc).__name__}: {exc}); running without it")
            return None
        self.warnings.append(f"{self.name} {folder} was damaged ({problem}); deleted and rebuilt")
        return cache

    def key(self, text: str) -> str:
        return self.fingerprint + ":" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, text: str):
        if self._cache is None:
            return None
        key = self.key(text)
        try:
            value = self._cache.get(key)
        except CACHE_ERRORS:
            value = False
        if value is None or self.valid(value):
            return value
        self.bad_entries += 1  # unreadable or of another shape: annotated again and overwritten
        try:
            self._cache.delete(key)
        except CACHE_ERRORS:
            pass
        return None

    def contains(self, text: str) -> bool:
        """Whether the cache holds a value for ``text`` (not read, so not checked)."""
        if self._cache is None:
            return False
        try:
            return self.key(text) in self._cache
        except CACHE_ERRORS:
            return False

    def set(self, text: str, value) -> None:
        if self._cache is None:
            return
        try:
            self._cache.set(self.key(text), value)
        except CACHE_ERRORS as exc:  # a disk full or a database damaged while running: go on without it
            self.warnings.append(f"{self.name} write failed ({type(exc).__name__}: {exc}); "
                                 "running without the cache")
            self.close()
            self._cache = None

    def set_many(self, items: Iterable[tuple[str, object]]) -> None:
        """``set`` of each (text, value) in one transaction: one commit to the database instead
        of one per entry, which is most of a cold run's cache cost."""
        if self._cache is None:
            return
        try:
            with self._cache.transact():
                for text, value in items:
                    self._cache.set(self.key(text), value)
        except CACHE_ERRORS as exc:  # as in ``set`` (the transaction is rolled back: none of it kept)
            self.warnings.append(f"{self.name} write failed ({type(exc).__name__}: {exc}); "
                                 "running without the cache")
            self.close()
            self._cache = None

    @staticmethod
    def valid(value) -> bool:
        return True

    def close(self) -> None:
        if self._cache is not None:
            try:
                self._cache.close()
            except CACHE_ERRORS:
                pass
