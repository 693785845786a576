"""The language of a document's text: py3langid, its model unpacked once per output folder.

py3langid ships its model as one LZMA-compressed file and unpacks it in every process that
classifies a text: some 0.9 s, paid by a refresh that cleans ten pages as by a cold run, and by
each clean worker. Given a folder (``keep_model_in``: the run's cache), the unpacked arrays are
kept there as NumPy files the first time and mapped from them afterwards (milliseconds); the
identifier made from them is py3langid's own, over the same arrays, so it classifies alike.
Without a folder, or when the kept files cannot be read, py3langid loads its model itself.
"""

from __future__ import annotations

import lzma
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_FOLDER: Path | None = None  # where the unpacked model is kept (inherited by forked workers)
_IDENTIFIER = None  # the identifier this process made from it


def keep_model_in(folder: Path | None) -> None:
    """Keep (and read) the unpacked model in ``folder``; None: py3langid's own loading."""
    global _FOLDER, _IDENTIFIER
    folder = Path(folder) if folder is not None else None
    if folder != _FOLDER:
        _FOLDER, _IDENTIFIER = folder, None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (from its first 2,000 characters); None for a text
    too short to tell (under 20 characters)."""
    if not text or len(text) < 20:
        return None
    return _identifier().classify(text[:2000])[0]


def _identifier():
    global _IDENTIFIER
    if _IDENTIFIER is None:
        kept = _kept_model(_FOLDER) if _FOLDER is not None else None
        if kept is None:
            import py3langid.langid

            kept = py3langid.langid._get_identifier()
        _IDENTIFIER = kept
    return _IDENTIFIER


def model_folder(cache: Path) -> Path:
    """The folder of the unpacked model in ``cache``, named by py3langid's version (another
    version's model is unpacked beside it, never read for it)."""
    return Path(cache) / f"langid-{metadata.version('py3langid')}"


def _kept_model(cache: Path):
    """The identifier over the arrays kept in ``cache`` (unpacked there first when missing or
    unreadable); None when they can be neither read nor written."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    folder = model_folder(cache)
    try:
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
    except (OSError, ValueError):
        try:
            arrays = _unpack(MODEL_DIR / MODEL_FILE, folder)
        except OSError:
            return None
    return LanguageIdentifier(np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
                              _to_array(arrays["nextmove"]), arrays["out_feat"].tolist(),
                              tk_row=_to_array(arrays["nextmove_row"]))


def _unpack(model_file: Path, folder: Path) -> dict:
    """The model's arrays, written to ``folder`` one file each (into a new folder renamed into
    place, so a reader sees all of them or none; of two processes unpacking at once, one wins)."""
    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(suffix=".npz") as unpacked:
        with lzma.open(model_file) as packed:
            shutil.copyfileobj(packed, unpacked, length=1 << 20)
        unpacked.seek(0)
        with np.load(unpacked, allow_pickle=False) as model:
            arrays = {name: model[name] for name in ARRAYS}
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, values in arrays.items():
            np.save(staging / f"{name}.npy", values, allow_pickle=False)
        try:
            os.rename(staging, folder)
        except OSError:  # a damaged copy is in the way (or another process's, the same arrays)
            shutil.rmtree(folder, ignore_errors=True)
            try:
                os.rename(staging, folder)
            except OSError:
                pass  # kept next time; this run has the arrays
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return arrays
