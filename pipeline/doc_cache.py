"""Documents of unchanged pages, kept between runs so a refresh cleans only what changed.

A page's documents depend on its archived body, what the archive says about it (URL, content
type, source, kind), its source's configuration and the cleaning code itself. The cache key
holds all of them: the body's SHA-256 (verified when the body is read), the page's fields, the
source's settings as JSON, and a fingerprint of the cleaning code (every module of this package
that ``clean`` imports, directly or not), the dates file and the versions of the parsing
libraries. Any change to one of them is a miss, so a cached document is always the one cleaning
would give now. Storage and damage handling are ``disk_cache.DiskCache``'s.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .disk_cache import DiskCache

CACHE_VERSION = "1"  # bump when the shape of a cached value changes
LIBRARIES = ("beautifulsoup4", "lxml", "trafilatura", "htmldate", "dateparser", "py3langid", "soupsieve", "charset-normalizer")
PACKAGE = Path(__file__).resolve().parent


def local_imports(module: str) -> set[str]:
    """``module`` and every module of this package it imports, directly or through another."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        path = PACKAGE / f"{name}.py"
        if name in seen or not path.exists():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                todo += [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
    return seen


@lru_cache(maxsize=4)
def clean_fingerprint(dates_file: str) -> str:
    """Changes whenever cleaning could give other documents for the same page and source."""
    digest = hashlib.sha256(CACHE_VERSION.encode() + b"\0")
    for name in sorted(local_imports("clean")):
        digest.update(name.encode() + b"\0" + (PACKAGE / f"{name}.py").read_bytes() + b"\0")
    path = Path(dates_file)
    digest.update(path.read_bytes() if path.exists() else b"(shipped)")
    for library in LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{library}={version}\0".encode())
    return digest.hexdigest()[:16]


def page_key(page, source) -> str:
    """What identifies one page's cleaning besides the code: body hash, page fields, source settings."""
    settings_json = source.model_dump_json() if source is not None else ""
    return "\0".join((page.raw_sha256 or hashlib.sha256(page.body).hexdigest(), page.url, page.content_type,
                      page.source, page.page_kind, settings_json))


class DocumentCache(DiskCache):
    """The outcome of cleaning one page: ``("ok", records, notes)`` or ``("reject", reason)``."""

    name = "clean: document cache"

    @staticmethod
    def valid(value) -> bool:
        if not isinstance(value, tuple) or not value:
            return False
        if value[0] == "reject":
            return len(value) == 2 and isinstance(value[1], str)
        return (value[0] == "ok" and len(value) == 3 and isinstance(value[1], list)
                and all(isinstance(r, dict) and "doc_id" in r for r in value[1]) and isinstance(value[2], list))
