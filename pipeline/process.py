"""Every processing stage, from an archive to the output tables.

sources -> raw pages -> documents -> mentions -> events; this module wires the stages together
and writes their tables (atomically). Reading the archive happens here; the stages are pure.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
from tqdm import tqdm

from . import settings
from .archive import Archive, Capture
from .dedup import deduplicate, load_dedup_config
from .clean import DOCUMENT_COLUMNS, CleanError, PageInput, clean_page, mark_duplicates
from .entities import EntityResolver
from .extract import extract_mentions, load_event_types, text_units
from .nlp import annotate_documents
from .pages import list_pages
from .rejects import Reject
from .review import load_decisions, review_queue_rows
from .sources import SourcesConfig
from .schema import SCHEMA_VERSION, validate_tables
from .tables import atomic_batch, write_csv, write_table



@dataclass
class ProcessResult:
    n_pages: int
    provenance: Counter
    outputs: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)


def page_inputs(archive: Archive, captures: Iterable[Capture]) -> Iterator[PageInput]:
    for capture in captures:
        yield PageInput(
            url=capture.url,
            body=archive.read_body(capture),
            content_type=capture.content_type,
            source=capture.source,
            page_kind=capture.page_kind,
            raw_sha256=capture.sha256,
        )


def clean_documents(pages: Iterable[PageInput], config: SourcesConfig, progress: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """Documents of every page. A page that cannot be cleaned is skipped, and an odd one
    kept, each with a one-line warning naming the page."""
    records: list[dict] = []
    warnings: list[str] = []
    for page in tqdm(pages, desc="clean", unit="page", disable=not progress):
        source = config.source(page.source) or config.source_for_url(page.url)
        try:
            page_records, notes = clean_page(page, source)
            records.extend(page_records)
            warnings.extend(f"clean: {page.url}: {note}; kept" for note in notes)
        except CleanError as exc:
            warnings.append(f"clean: {page.url}: {exc}; page skipped")
        except RecursionError:
            warnings.append(f"clean: {page.url}: markup nested too deeply to parse; page skipped")
    frame = pd.DataFrame(mark_duplicates(records), columns=DOCUMENT_COLUMNS)
    return frame, warnings


def process_archive(
    archive: Archive,
    config: SourcesConfig,
    out_dir: Path,
    progress: bool = False,
    decisions_file: Path | None = None,
) -> ProcessResult:
    """Every stage, then every table validated and only then written (each atomically), so a
    failing run leaves the previous tables in place."""
    out = Path(out_dir)
    clock = time.monotonic()
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[stage] = round(now - clock, 2)
        clock = now

    captures = archive.good_pages()
    pages = list_pages(captures)
    result = ProcessResult(n_pages=len(pages), provenance=Counter(c.provenance for c in captures))
    documents, warnings = clean_documents(page_inputs(archive, captures), config, progress=progress)
    result.warnings += warnings
    result.counts["documents"] = len(documents)
    result.counts["duplicate documents"] = int(documents["duplicate_of"].notna().sum())
    lap("clean")
    mentions, entities, extract_warnings, nlp_counts, extract_rejects = find_mentions(documents, out / "cache" / "nlp", progress)
    result.warnings += extract_warnings
    result.rejects += extract_rejects
    result.counts["mentions"] = len(mentions)
    result.counts["entities"] = len(entities)
    result.counts.update({f"text units {k}": v for k, v in nlp_counts.items()})
    lap("extract")
    decisions = load_decisions(decisions_file or settings.DECISIONS_FILE)
    links = {d: link for d, link in zip(documents["doc_id"], documents["link"]) if isinstance(link, str) and link}
    dedup = deduplicate(mentions, decisions, load_dedup_config(settings.DEDUP_FILE), previous_event_ids(out), _type_order(), links)
    result.warnings += [
        f"review: decision on {stale} refers to a mention that no longer exists; kept in the file, not applied"
        for stale in dedup.stale
    ]
    result.warnings += [
        f"review: {conflict} were decided different but other 'same' decisions join them; check the decisions file"
        for conflict in dedup.conflicts
    ]
    result.counts["events"] = len(dedup.events)
    result.counts["multi-mention events"] = int((dedup.events["n_mentions"] > 1).sum())
    result.counts["pairs scored"] = len(dedup.pairs)
    result.counts["pairs flagged for review"] = len(dedup.review_queue)
    result.counts["review decisions applied"] = dedup.applied
    result.counts["review decisions stale"] = len(dedup.stale)
    for kind, stats in sorted(dedup.block_stats.items()):  # every block bounded: its sizes in the summary
        result.counts[f"pairs from {kind} blocks"] = stats.pairs
        if stats.largest:
            result.counts[f"largest {kind} block"] = stats.largest
        if stats.skipped:
            result.counts[f"{kind} blocks too large, skipped"] = stats.skipped
    lap("dedup")
    tables = {
        "pages": pages,
        "documents": documents,
        "mentions": dedup.mentions,
        "entities": entities,
        "events": dedup.events,
        "pairs": dedup.pairs,
    }
    result.outputs = write_outputs(tables, review_queue_rows(dedup.review_queue, dedup.mentions), out)
    lap("write")
    result.seconds = seconds
    return result


SPREADSHEET_TABLES = ("events", "mentions", "entities", "documents")


def write_outputs(tables: dict[str, pd.DataFrame], review_queue: pd.DataFrame, out: Path) -> dict[str, Path]:
    """Validate every table (types, values, IDs, links between tables), then write them:
    Parquet with the schema version in its metadata, CSV copies for spreadsheets. Nothing is
    written when anything is invalid."""
    validate_tables(tables)
    with atomic_batch():  # all files renamed into place together, after the last is written
        outputs = {name: write_table(frame, out / f"{name}.parquet", SCHEMA_VERSION) for name, frame in tables.items()}
        for name in SPREADSHEET_TABLES:
            outputs[f"{name} (csv)"] = write_csv(tables[name], out / f"{name}.csv")
        outputs["review queue"] = write_csv(review_queue, out / "review_queue.csv")
    return outputs


def previous_event_ids(out_dir: Path) -> dict[str, str]:
    """mention_id -> event_id of the last run, so events keep their IDs across refreshes."""
    path = Path(out_dir) / "mentions.parquet"
    if not path.exists():
        return {}
    try:
        previous = pd.read_parquet(path, columns=["mention_id", "event_id"])
    except Exception:  # an older table without event_id, or an unreadable one: start afresh
        return {}
    return dict(zip(previous["mention_id"], previous["event_id"]))


def _type_order() -> list[str]:
    return load_event_types(settings.EVENT_TYPES_FILE).names


def find_mentions(documents: pd.DataFrame, cache_dir: Path | None, progress: bool = False,
                  ) -> tuple[pd.DataFrame, pd.DataFrame, list[str], dict, list[Reject]]:
    """spaCy over the kept documents (cached by text), then mentions and canonical entities,
    with the records that could not be used (``Reject``)."""
    kept = documents[documents["duplicate_of"].isna()].reset_index(drop=True)
    units = [text for _, text in text_units(kept)]
    annotations, counts = annotate_documents(
        units, cache_dir=cache_dir, aliases_file=settings.ALIASES_FILE, patterns_file=settings.PATTERNS_FILE,
        progress=progress,
    )
    resolver = EntityResolver.from_alias_file(settings.ALIASES_FILE)
    types = load_event_types(settings.EVENT_TYPES_FILE)
    mentions, entities, warnings = extract_mentions(documents, annotations, types, resolver)
    return mentions, entities, warnings, counts, []
