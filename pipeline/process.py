"""Every processing stage, from an archive to the output tables.

sources -> raw pages -> documents -> mentions -> events; this module only wires stages together
and writes their tables (atomically). Later stages plug in here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .archive import Archive
from .pages import list_pages
from .sources import SourcesConfig
from .tables import write_parquet


@dataclass
class ProcessResult:
    n_pages: int
    provenance: Counter
    outputs: dict[str, Path] = field(default_factory=dict)


def process_archive(archive: Archive, config: SourcesConfig, out_dir: Path) -> ProcessResult:
    captures = archive.good_pages()
    pages = list_pages(captures)
    result = ProcessResult(n_pages=len(pages), provenance=Counter(c.provenance for c in captures))
    result.outputs["pages"] = write_parquet(pages, Path(out_dir) / "pages.parquet")
    return result
