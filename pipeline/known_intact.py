"""Which archived records an earlier listing read back whole, kept between runs.

Listing the archive (``Archive.good_pages``) reads every latest record back and hashes its body,
to never hand a damaged copy to cleaning: a second of a refresh at 1,000 pages, for files that
are written once and never edited (``raw/`` is append-only). The records found intact are kept
here with the size and modification time (ns) of their WARC file as it was before they were
read; a later listing takes a record as intact only when its file has that size and time still
and the record is at the same offset with the same stored hash. Anything else, a damaged or
unreadable memory included, is read and checked again. The file lives beside the output's other
caches, never in ``raw/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT = 1


def file_state(path: Path) -> list[int] | None:
    """[size, mtime_ns] of a file, or None when it cannot be stat'ed."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def load(memory: Path, raw_dir: Path) -> dict[tuple[str, int], str]:
    """(warc file, offset) -> body sha256 of the records kept as intact whose WARC file is unchanged."""
    try:
        data = json.loads(Path(memory).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        known = {}
        for warc_file, entry in data["files"].items():
            if file_state(Path(raw_dir) / warc_file) != entry["state"]:
                continue
            for offset, sha256 in entry["records"]:
                known[(str(warc_file), int(offset))] = str(sha256)
        return known
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no memory, or a damaged one: every record is checked


def save(memory: Path, states: dict[str, list[int] | None], intact: dict[tuple[str, int], str]) -> None:
    """Keep the records found ``intact`` ((warc file, offset) -> sha256) of the files whose state
    before reading was ``states``; written to a temporary file, then renamed."""
    files: dict[str, dict] = {}
    for (warc_file, offset), sha256 in sorted(intact.items()):
        state = states.get(warc_file)
        if state is not None:
            files.setdefault(warc_file, {"state": state, "records": []})["records"].append([offset, sha256])
    memory = Path(memory)
    try:
        memory.parent.mkdir(parents=True, exist_ok=True)
        partial = memory.with_name(f"{memory.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps({"format": FORMAT, "files": files}), encoding="utf-8")
        os.replace(partial, memory)
    except OSError:
        pass  # a cache that cannot be written only costs the next run the reading
