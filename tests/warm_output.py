"""A fresh output folder that shares the sample run's spaCy cache, so a `process` run in a test
costs seconds instead of a minute (the cache is keyed by text hash: the results are the same)."""

from __future__ import annotations

import shutil
from pathlib import Path


def warm_output(sample_out: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    cache = Path(sample_out) / "cache"
    if cache.is_dir():
        shutil.copytree(cache, folder / "cache", symlinks=False)
    return folder
