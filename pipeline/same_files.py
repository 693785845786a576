"""Output files the last generation already holds, linked into the new one instead of written.

A refresh that changes nothing (or nothing in some tables) would otherwise spend most of its
time writing the same Parquet, CSV and XLSX bytes again (XLSX alone is seconds per thousand
pages). Each file's content is a pure function of its table and the code, so after a
generation is published, ``<out>/cache/written.json`` records, per file, a hash of its table's
content and the code fingerprint, with the file's size and modification time. The next
write links (``os.link``) a file of the current generation into the new one when its table's
hash is the same and the file is untouched since (same size and time); anything else is
written afresh. Linking costs nothing on disk, and pruning the old generation leaves the new
one's link intact. A record that is missing, damaged or of another generation is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .generations import current_generation

RECORD = Path("cache") / "written.json"


def file_stamp(path: Path) -> list[int]:
    """What changes when a file is edited or replaced (a copy that keeps times keeps it too)."""
    stat = os.stat(path)
    return [stat.st_size, stat.st_mtime_ns]


class LastWritten:
    """The file hashes of the current generation of ``out``, as the last run recorded them."""

    def __init__(self, out: Path, fingerprint: str):
        self.out = Path(out)
        self.fingerprint = fingerprint
        self.folder = current_generation(self.out)
        self.files: dict[str, list] = {}
        self.linked = 0  # files of this write linked rather than written
        try:
            record = json.loads((self.out / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if (isinstance(record, dict) and self.folder is not None and record.get("fingerprint") == fingerprint
                and record.get("generation") == self.folder.name and isinstance(record.get("files"), dict)):
            self.files = record["files"]

    def same(self, name: str, digest: str) -> Path | None:
        """The current generation's ``name`` when it holds ``digest``'s content, untouched since."""
        known = self.files.get(name)
        if self.folder is None or not isinstance(known, list) or len(known) != 2 or known[0] != digest:
            return None
        path = self.folder / name
        try:
            return path if file_stamp(path) == known[1] else None
        except OSError:
            return None

    def linker(self, name: str, digest: str | None, write):
        """A writer that links the current generation's copy when it is the same, else ``write``s."""
        def link_or_write(path: Path) -> None:
            old = self.same(name, digest) if digest is not None else None
            if old is not None:
                try:
                    os.link(old, path)
                    self.linked += 1
                    return
                except OSError:  # a file system without hard links: write it
                    pass
            write(path)
        return link_or_write

    def save(self, digests: dict[str, str]) -> None:
        """Record the hashes of the generation just published (best effort: the record only saves time)."""
        folder = current_generation(self.out)
        if folder is None:
            return
        try:
            files = {name: [digest, file_stamp(folder / name)] for name, digest in digests.items()}
            path = self.out / RECORD
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(json.dumps({"fingerprint": self.fingerprint, "generation": folder.name, "files": files}),
                           encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
