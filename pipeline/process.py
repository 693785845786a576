"""Every processing stage, from an archive to the output tables.

sources -> raw pages -> documents -> mentions -> events; this module wires the stages together
and writes their tables as one generation (``pipeline.generations``). Reading the archive
happens here; the stages are pure.

A record that cannot be used is left out with its reason (``pipeline.rejects``), never fatal:
pages are checked row by row before cleaning, documents after cleaning (before extraction, so a
rejected document takes its mentions with it), mentions after extraction (before dedup). Only
broken structural invariants (unique keys, links between tables) stop the write.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
from tqdm import tqdm

from . import settings
from .archive import Archive, Capture
from .doc_cache import DocumentCache, clean_fingerprint, page_key
from .dedup import DedupResult, deduplicate, load_dedup_config
from .changelog import CHANGE_COLUMNS, CHANGES, TIME_FORMAT, read_previous, refresh
from .clean import DOCUMENT_COLUMNS, CleanError, PageInput, clean_page, mark_duplicates
from .datapackage import build_package, write_package_file
from .entities import EntityResolver, separate_namesakes
from .event_columns import MENTION_COLUMNS as MENTION_ROLE_COLUMNS, event_columns, mention_columns
from .extract import extract_mentions, load_event_types, text_units
from .extract_cache import DOC_FIELDS, ExtractCache
from .ahead import MIN_DOCUMENTS_AHEAD, extract_ahead
from .reporters import reporter_names
from .generations import publish
from .language import keep_model_in
from .nlp import annotate_documents
from .pages import list_pages
from .report import pairs_awaiting_a_decision, pairs_flagged_for_review
from .places import place_events, place_mentions, place_of
from .rejects import STAGES, Reject, rejects_frame
from .review import load_decisions, review_queue_rows
from .sources import Source, SourcesConfig
from .workers import Engine
from .row_checks import checked, quarantine
from .schema import SCHEMA_VERSION, validate_tables
from .same_files import LastWritten
from .forked_files import ForkedFiles
from .pair_table import PairTable
from .pair_cache import PairCache
from .stage_cache import StageCache, code_fingerprint, content_hash, packed, unpacked
from .tables import table_digest, write_csv_file, write_parquet_file
from .xlsx import write_xlsx_file

TABLE_NAMES = ("pages", "documents", "mentions", "entities", "events", "pairs")
SPREADSHEET_TABLES = ("events", "mentions", "entities", "documents")
# Every file of one output generation, in the order they are written (the summary last).
GENERATION_FILES = (
    *(f"{name}.parquet" for name in TABLE_NAMES),
    "rejects.parquet",
    "changes.parquet",
    *(f"{name}.csv" for name in SPREADSHEET_TABLES),
    "review_queue.csv",
    "rejects.csv",
    "changes.csv",
    *(f"{name}.xlsx" for name in SPREADSHEET_TABLES),
    "datapackage.json",
    "run-summary.json",
)


@dataclass
class ProcessResult:
    n_pages: int
    provenance: Counter
    outputs: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)

    def rejects_per_stage(self) -> dict[str, int]:
        counts = Counter(r.stage for r in self.rejects)
        return {stage: counts.get(stage, 0) for stage in STAGES}

    def summary(self) -> dict:
        """What ``run-summary.json`` holds."""
        return {"pages": self.n_pages, "counts": self.counts, "rejects": self.rejects_per_stage(),
                "seconds": self.seconds, "warnings": self.warnings}


def one_line(exc: BaseException, limit: int = 200) -> str:
    """``ExceptionType: first line of its message``, printable and at most ``limit`` characters."""
    lines = str(exc).strip().splitlines()
    if not lines:
        return type(exc).__name__
    text = "".join(ch if ch.isprintable() else "?" for ch in lines[0])
    return f"{type(exc).__name__}: {text[:limit]}" + ("..." if len(text) > limit else "")


def read_pages(archive: Archive, captures: Iterable[Capture]) -> Iterator[PageInput | Reject]:
    """The archived body of each page; a page whose body cannot be read becomes a Reject."""
    for capture in captures:
        yield ArchivedPage(archive, capture).read()


def page_stub(c: Capture) -> PageInput:
    """An archived page without its body: all its cache key needs but the body's hash, which the capture holds."""
    return PageInput(url=c.url, body=b"", content_type=c.content_type, source=c.source, page_kind=c.page_kind,
                     raw_sha256=c.sha256)


@dataclass(frozen=True)
class ArchivedPage:
    """A page whose body is read only when it must be cleaned: its archive entry already holds
    the body's hash (checked against the record by ``Archive.good_pages``), which is all the
    document cache needs to know."""

    archive: Archive
    capture: Capture

    @property
    def stub(self) -> PageInput:
        """The page without its body (for the cache key)."""
        return page_stub(self.capture)

    def read(self) -> PageInput | Reject:
        return self.stored.read()

    @property
    def stored(self) -> "StoredPage":
        return StoredPage(str(self.archive.raw_dir), self.capture)


@dataclass(frozen=True)
class StoredPage:
    """An archived page as a worker process on this machine reads it: the WARC file's folder
    and the capture, a few hundred bytes to send instead of the body (which the parent then
    neither reads nor pickles). ``read`` is ``ArchivedPage``'s too."""

    raw_dir: str
    capture: Capture

    @property
    def stub(self) -> PageInput:
        return page_stub(self.capture)

    def read(self) -> PageInput | Reject:
        from . import archive

        c = self.capture
        try:
            body = archive.read_record(Path(self.raw_dir) / c.warc_file, c.offset, c.sha256)[0]
        except Exception as exc:  # a damaged or missing WARC record: this page only
            return Reject("pages", "pages", c.url, c.url,
                          f"body cannot be read from the archive ({c.warc_file} at {c.offset}): {one_line(exc)}")
        return PageInput(url=c.url, body=body, content_type=c.content_type, source=c.source, page_kind=c.page_kind,
                         raw_sha256=c.sha256)


def clean_one(task: tuple[PageInput | StoredPage, Source | None]) -> tuple:
    """The outcome of cleaning one page: ``("ok", records, notes)`` or ``("reject", reason)``,
    or ``("unreadable", reason)`` for a ``StoredPage`` whose body cannot be read. Never raises:
    any exception rejects that page only. A plain function of its input, so it runs the same
    in this process, a worker process or a Dask worker (``pipeline.workers``)."""
    page, source = task
    if isinstance(page, StoredPage):
        page = page.read()
        if isinstance(page, Reject):
            return ("unreadable", page.reason)
    try:
        records, notes = clean_page(page, source)
    except CleanError as exc:
        return ("reject", str(exc))
    except RecursionError:
        return ("reject", "markup nested too deeply to parse")
    except Exception as exc:  # a cleaner bug met by one page must not stop the others
        return ("reject", one_line(exc))
    return ("ok", records, notes)


CLEAN_BATCH = 256  # pages held in memory at once while waiting for workers
STORED_BATCH = 2048  # pages whose bodies the workers read (none held here): fewer waits for the slowest worker


def clean_pages(pages: Iterable[PageInput | ArchivedPage | Reject], config: SourcesConfig, progress: bool = False,
                cache: DocumentCache | None = None, engine: Engine | None = None, stats: Counter | None = None,
                ) -> tuple[list[dict], list[str], list[Reject]]:
    """Document records of every page, notes on odd pages (kept), and the pages that gave
    nothing. Cleaning one page never raises out of the loop: any exception rejects that page.
    A page whose cleaning is in ``cache`` (same body, fields, source settings and code) is not
    cleaned again; the others are cleaned by ``engine`` (in this process by default).
    ``stats`` counts pages ``cleaned`` and ``from cache``."""
    engine = engine or Engine(jobs=1)
    stats = stats if stats is not None else Counter()
    outcomes: list = []  # per page, in order: a Reject, or its cleaning outcome
    todo: list[tuple[int, PageInput | StoredPage, Source | None]] = []
    # worker processes of this machine read the bodies themselves (what this process did while they waited)
    stored = engine.parallel and engine.engine == "local"

    def run_todo() -> None:
        kept = []
        for (position, page, source), outcome in zip(todo, engine.map(clean_one, [(p, s) for _, p, s in todo])):
            if outcome[0] == "unreadable":
                url = page.capture.url
                outcomes[position] = Reject("pages", "pages", url, url, outcome[1])
                continue
            stub = page.stub if isinstance(page, StoredPage) else page
            outcomes[position] = (stub.url, outcome)
            stats["cleaned"] += 1
            if cache is not None and (outcome[0] == "ok" or not outcome[1].startswith(("MemoryError", "RecursionError"))):
                kept.append((page_key(stub, source), outcome))
        if cache is not None and kept:
            cache.set_many(kept)  # one transaction a batch, not one a page
        todo.clear()

    for item in tqdm(pages, desc="clean", unit="page", disable=not progress):
        if isinstance(item, Reject):
            outcomes.append(item)
            continue
        page = item.stub if isinstance(item, ArchivedPage) else item
        source = config.source(page.source) or config.source_for_url(page.url)
        cached = cache.get(page_key(page, source)) if cache is not None else None
        outcomes.append((page.url, cached))
        if cached is not None:
            stats["from cache"] += 1
            continue
        if isinstance(item, ArchivedPage) and stored and item.capture.sha256:
            todo.append((len(outcomes) - 1, item.stored, source))
            if len(todo) >= STORED_BATCH:
                run_todo()
            continue
        if isinstance(item, ArchivedPage):
            page = item.read()
            if isinstance(page, Reject):
                outcomes[-1] = page
                continue
        todo.append((len(outcomes) - 1, page, source))
        if len(todo) >= CLEAN_BATCH:
            run_todo()
    run_todo()
    records: list[dict] = []
    warnings: list[str] = []
    rejects: list[Reject] = []
    for outcome in outcomes:
        if isinstance(outcome, Reject):
            rejects.append(outcome)
            continue
        url, result = outcome
        if result[0] == "reject":
            rejects.append(Reject("clean", "pages", url, url, result[1]))
        else:
            records.extend(result[1])
            warnings.extend(f"clean: {url}: {note}; kept" for note in result[2])
    return records, warnings, rejects


def clean_documents(pages: Iterable[PageInput | Reject], config: SourcesConfig, progress: bool = False,
                    ) -> tuple[pd.DataFrame, list[str]]:
    """Documents of every page, duplicates linked, with one warning line per odd or skipped page."""
    records, warnings, rejects = clean_pages(pages, config, progress)
    frame = pd.DataFrame(mark_duplicates(records), columns=DOCUMENT_COLUMNS)
    return frame, warnings + [r.warning() for r in rejects]


def duplicates_linked(documents: pd.DataFrame, fingerprints: dict | None = None) -> pd.DataFrame:
    """The documents with ``duplicate_of`` set (``clean.mark_duplicates``; ``fingerprints``: its memo)."""
    return pd.DataFrame(mark_duplicates(documents.to_dict("records"), fingerprints), columns=DOCUMENT_COLUMNS)


def less_mentions(entities: pd.DataFrame, gone: pd.DataFrame) -> pd.DataFrame:
    """``entities`` with the mentions ``gone`` (left out after extraction) no longer counted."""
    if gone.empty:
        return entities
    counts = Counter(name for column in ("people", "organisations", "locations") if column in gone.columns
                     for names in gone[column] if not isinstance(names, str) and hasattr(names, "__iter__")
                     for name in names)
    entities = entities.copy()
    entities["n_mentions"] = [max(0, n - counts.get(c, 0)) for c, n in zip(entities["canonical"], entities["n_mentions"])]
    return entities


def usable_documents(archive: Archive, captures: list[Capture], config: SourcesConfig, progress: bool = False,
                     cache_dir: Path | None = None, engine: Engine | None = None, stats: Counter | None = None,
                     stages: StageCache | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[Reject]]:
    """The pages and their documents (duplicates linked), with the pages and documents left out:
    pages are checked row by row before cleaning, documents after it (before extraction).
    With ``cache_dir``, pages cleaned by an earlier run with the same code are not cleaned again;
    with ``stages``, the checks of unchanged tables are not run again."""
    pages, rejects = checked(stages, "pages", "pages", list_pages(captures), key="url")
    kept = set(pages["url"])
    cache = DocumentCache(cache_dir, clean_fingerprint(str(settings.DATES_FILE))) if cache_dir is not None else None
    keep_model_in(cache_dir)  # the language identifier's model, unpacked once
    try:
        records, warnings, clean_rejects = clean_pages([ArchivedPage(archive, c) for c in captures if c.url in kept],
                                                       config, progress=progress, cache=cache, engine=engine, stats=stats)
    finally:
        if cache is not None:
            cache.close()
    warnings = (cache.warnings if cache is not None else []) + warnings
    unreadable = {r.key for r in clean_rejects if r.stage == "pages"}
    pages = pages[~pages["url"].isin(unreadable)].reset_index(drop=True)
    documents, document_rejects = checked(stages, "clean", "documents", pd.DataFrame(records, columns=DOCUMENT_COLUMNS),
                                          key="doc_id", then=duplicates_linked)  # a refresh of the same pages: kept
    documents = with_country(documents, config)
    return pages, documents, warnings, rejects + clean_rejects + document_rejects


def with_country(documents: pd.DataFrame, config: SourcesConfig) -> pd.DataFrame:
    """Documents with the ISO code of their source's country ("" for a source without one)."""
    country = {source.name: source.country for source in config.sources}
    return documents.assign(country=[country.get(name, "") for name in documents["source"]])


def usable_mentions(documents: pd.DataFrame, cache_dir: Path | None, progress: bool = False, jobs: int = 1,
                    extract_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str], dict, list[Reject]]:
    """``find_mentions``, then the mentions checked row by row (before dedup); entities no
    longer count the mentions left out."""
    mentions, entities, warnings, counts, rejects = find_mentions(documents, cache_dir, progress, jobs=jobs,
                                                                  extract_dir=extract_dir)
    mentions = mentions.reset_index(drop=True)
    valid, mention_rejects = quarantine("extract", "mentions", mentions, key="mention_id",
                                         without=("event_id", *MENTION_ROLE_COLUMNS))
    entities = less_mentions(entities, mentions.drop(index=valid.index))
    return valid.reset_index(drop=True), entities, warnings, counts, rejects + mention_rejects


def process_archive(
    archive: Archive,
    config: SourcesConfig,
    out_dir: Path,
    progress: bool = False,
    decisions_file: Path | None = None,
    engine: Engine | None = None,
) -> ProcessResult:
    """Every stage, records that cannot be used left out, then every table validated and only
    then written as one generation, so a failing run leaves the previous tables in place.
    ``engine`` runs the per-page stages (default: this process only); its output is the same
    whatever it is."""
    engine = engine or Engine(jobs=1)
    out = Path(out_dir)
    clock = time.monotonic()
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[stage] = round(now - clock, 2)
        clock = now

    captures = archive.good_pages(known=out / "cache" / "archive" / "intact.json")
    clean_stats: Counter = Counter()
    stages = StageCache(out / "cache" / "stages")
    try:
        pages, documents, warnings, rejects = usable_documents(archive, captures, config, progress,
                                                               cache_dir=out / "cache" / "documents", engine=engine,
                                                               stats=clean_stats, stages=stages)
    except BaseException:
        stages.close()
        raise
    found = {c.url for c in captures}  # a page whose every copy is damaged is a reject, not a silent gap
    rejects[:0] = [Reject("pages", "pages", url, url, why) for url, why in sorted(archive.unreadable.items()) if url not in found]
    kept = set(pages["url"])
    result = ProcessResult(n_pages=len(pages), provenance=Counter(c.provenance for c in captures if c.url in kept))
    result.warnings += warnings
    result.counts["documents"] = len(documents)
    result.counts["duplicate documents"] = int(documents["duplicate_of"].notna().sum())
    result.counts["pages cleaned"] = clean_stats["cleaned"]
    result.counts["pages cleaned, from cache"] = clean_stats["from cache"]
    lap("clean")
    try:
        mentions, entities, extract_warnings, nlp_counts, extract_rejects = cached_mentions(
            stages, documents, out / "cache" / "nlp", progress, jobs=engine.jobs if engine.engine == "local" else 1,
            extract_dir=out / "cache" / "extract")
        from_last_run = nlp_counts.pop("stage from cache", 0)
        for name in (EXTRACTED, EXTRACTED_FROM_CACHE, AHEAD, AHEAD_AGAIN):
            result.counts[name] = nlp_counts.pop(name, 0)
        extract_warnings = stages.warnings + extract_warnings
        rejects += extract_rejects
        place_stats: Counter = Counter()
        mentions = cached_places(stages, mentions, documents, place_stats)
        result.counts["mention places looked up"] = place_stats["placed"]
        result.counts["mention places, from cache"] = place_stats["placed, from cache"]
        result.warnings += extract_warnings
        result.counts["mentions"] = len(mentions)
        result.counts["entities"] = len(entities)
        result.counts["mentions from the last run (documents unchanged)"] = len(mentions) if from_last_run else 0
        result.counts.update({f"text units {k}": v for k, v in nlp_counts.items()})
        lap("extract")
        decisions = load_decisions(decisions_file or settings.DECISIONS_FILE)
        result.warnings += decisions.problems  # damaged lines are reported and skipped, never fatal
        links = {d: link for d, link in zip(documents["doc_id"], documents["link"]) if isinstance(link, str) and link}
        pair_cache = PairCache(out / "cache" / "pairs")
        dedup, reused, dedup_key = cached_dedup(stages, mentions, decisions, links, previous_event_ids(out), pair_cache)
        with_roles, event_table, queue_rows, queue_digest = after_dedup(stages, dedup, dedup_key, reused)
    finally:
        stages.close()
    result.counts["events from the last run (mentions and decisions unchanged)"] = len(dedup.events) if reused else 0
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
    result.counts["pairs scored"] = dedup.pair_count
    result.counts["pairs scored, from the last run"] = dedup.pair_count if reused else pair_cache.reused
    result.warnings += pair_cache.warnings
    result.counts["blocks capped"] = len(dedup.capped)
    result.warnings += dedup.warnings
    counted = dedup.pair_columns(["outcome", "decision", "mention_a", "mention_b"])  # not the whole table
    result.counts["pairs flagged for review"] = pairs_flagged_for_review(counted)
    result.counts["pairs awaiting a decision"] = pairs_awaiting_a_decision(counted, dedup.mentions)
    del counted
    result.counts["review decisions applied"] = dedup.applied
    result.counts["review decisions stale"] = len(dedup.stale)
    result.rejects = rejects
    result.counts["records left out"] = len(rejects)
    result.warnings += [r.warning() for r in rejects]
    for kind, stats in sorted(dedup.block_stats.items()):  # every block bounded: its sizes in the summary
        result.counts[f"pairs from {kind} blocks"] = stats.pairs
        if stats.largest:
            result.counts[f"largest {kind} block"] = stats.largest
        if stats.skipped:
            result.counts[f"{kind} blocks too large, skipped"] = stats.skipped
        if stats.split:
            result.counts[f"{kind} blocks split by a finer key"] = stats.split
        if stats.windowed:
            result.counts[f"{kind} blocks paired by a sorted window"] = stats.windowed
        if stats.beyond_nearest:
            result.counts[f"pairs from {kind} blocks beyond their bound, among neither mention's nearest"] = stats.beyond_nearest
    lap("dedup")
    refreshed = time.strftime(TIME_FORMAT, time.gmtime())
    previous = read_previous(out)  # the generation readers see now: its events, IDs and changelog
    result.warnings += previous.warnings
    events, changelog, changes = refresh(event_table, with_roles, previous, refreshed)
    counted = Counter(changes["change"])
    result.counts.update({f"events {kind.replace('_', ' ')}": counted.get(kind, 0) for kind in CHANGES})
    tables = {
        "pages": pages,
        "documents": documents,
        "mentions": with_roles,
        "entities": entities,
        "events": events,
        "pairs": dedup.pair_rows,  # a PairTable: validated, hashed and written a row group at a time
    }

    write_stats: Counter = Counter()

    def summary() -> dict:
        lap("write")
        result.counts["output files written"] = len(GENERATION_FILES) - write_stats["linked"]
        result.counts["output files, from the last run (tables unchanged)"] = write_stats["linked"]
        result.seconds = seconds
        return result.summary()

    result.outputs = write_outputs(tables, queue_rows, out,
                                   rejects=rejects, summary=summary, warnings=result.warnings, changes=changelog,
                                   created=refreshed, stats=write_stats,
                                   jobs=engine.jobs if engine.engine == "local" else 1,
                                   known={"pairs": "dedup input " + dedup_key.split(":")[0],
                                          "review_queue": queue_digest})
    result.seconds = seconds
    return result


def _one_line_rejects(rejects: Iterable[Reject]) -> pd.DataFrame:
    frame = rejects_frame(list(rejects))
    frame["reason"] = [" ".join(str(r).split()) or "unknown" for r in frame["reason"]]
    return frame


def write_outputs(tables: dict[str, pd.DataFrame], review_queue: pd.DataFrame, out: Path,
                  rejects: Iterable[Reject] = (), summary=None, warnings: list[str] | None = None,
                  changes: pd.DataFrame | None = None, created: str | None = None, stats: Counter | None = None,
                  jobs: int = 1, known: dict[str, str] | None = None) -> dict[str, Path]:
    """Validate every table (types, values, IDs, links between tables), then write them as one
    generation: Parquet with the schema version in its metadata, CSV copies for spreadsheets,
    the review queue, the rejects and the run summary (``summary()``, called last). Nothing is
    written when anything is invalid, and nothing a reader sees changes until all is written.
    Warnings of the write (files left by an interrupted run) are appended to ``warnings``.
    ``changes`` is the whole changelog (``pipeline.changelog``; none: an empty one), also
    written as CSV; the four spreadsheet tables get XLSX copies; ``datapackage.json``
    describes every Parquet and CSV table. A file whose table is the one the current generation
    already holds is linked from it (``same_files``), counted in ``stats["linked"]``. With
    ``jobs`` > 1 the XLSX copies are written by a forked child meanwhile (``forked_files``).
    ``known``: a table's digest when its caller has one without hashing the table (the pairs
    are a function of dedup's input, whose hash names them: 130k pairs take a second to hash)."""
    rejected = _one_line_rejects(rejects)
    changes = changes if changes is not None else pd.DataFrame(columns=CHANGE_COLUMNS)
    created = created or time.strftime(TIME_FORMAT, time.gmtime())
    frames = {**tables, "rejects": rejected, "changes": changes}
    last = LastWritten(out, code_fingerprint())
    known = known or {}
    table_digests = {name: known.get(name) or table_digest(frame)
                     for name, frame in {**frames, "review_queue": review_queue}.items()}

    def xlsx(name):
        return lambda path: write_xlsx_file(tables[name], path, sheet=name)

    fresh = {f"{name}.xlsx": xlsx(name) for name in SPREADSHEET_TABLES
             if last.same(f"{name}.xlsx", table_digests[name]) is None}
    forked = ForkedFiles(out / "cache", fresh, enabled=jobs > 1)  # meanwhile, in a child
    try:
        validate_changed(frames, {name for name in frames if last.same(f"{name}.parquet", table_digests[name]) is not None})
        writers = _generation_writers(tables, review_queue, rejected, changes, created, frames, last, summary, stats)
        writers.update({f"{name}.xlsx": forked.writer(f"{name}.xlsx", xlsx(name)) for name in SPREADSHEET_TABLES})
        writers = {name: writers[name] for name in GENERATION_FILES}
        digests = {name: table_digests[name.rsplit(".", 1)[0]] for name in writers
                   if name.rsplit(".", 1)[0] in table_digests}
        written = publish(out, {name: last.linker(name, digests.get(name), write) for name, write in writers.items()},
                          warnings)
    finally:
        forked.close()
    last.save(digests)
    return written


def _generation_writers(tables, review_queue, rejected, changes, created, frames, last, summary, stats) -> dict:
    """The writer of every file of a generation but the XLSX copies (``write_outputs``)."""
    def parquet(name):
        if isinstance(frames[name], PairTable):  # row group by row group, from the scored arrays
            return lambda path: frames[name].write(path, SCHEMA_VERSION)
        return lambda path: write_parquet_file(frames[name], path, SCHEMA_VERSION)

    def csv(frame):
        return lambda path: write_csv_file(frame, path)

    def run_summary(path: Path) -> None:
        if stats is not None:
            stats["linked"] = last.linked
        content = summary() if summary else {"counts": {name: len(frame) for name, frame in tables.items()}}
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    spreadsheets = {**{name: tables[name] for name in SPREADSHEET_TABLES}, "review_queue": review_queue,
                    "rejects": rejected, "changes": changes}
    package = build_package({name: frames[name].typed_head() if isinstance(frames[name], PairTable) else frames[name]
                             for name in (*TABLE_NAMES, "rejects", "changes")}, spreadsheets, SCHEMA_VERSION, created)
    writers = {f"{name}.parquet": parquet(name) for name in (*TABLE_NAMES, "rejects", "changes")}
    writers.update({f"{name}.csv": csv(tables[name]) for name in SPREADSHEET_TABLES})
    writers["review_queue.csv"] = csv(review_queue)
    writers["rejects.csv"] = csv(rejected)
    writers["changes.csv"] = csv(changes)
    writers["datapackage.json"] = lambda path: write_package_file(package, path)
    writers["run-summary.json"] = run_summary
    return writers


def validate_changed(frames: dict[str, pd.DataFrame], unchanged: set[str]) -> None:
    """``validate_tables``, but a table the current generation already holds (same content, same
    code: validated when it was written) is not checked row by row again; the links between
    tables are checked whenever any table changed."""
    if set(frames) - unchanged:
        validate_tables(frames, trusted=unchanged)


def cached_mentions(stages: StageCache, documents: pd.DataFrame, cache_dir: Path, progress: bool, jobs: int,
                    extract_dir: Path | None = None):
    """``usable_mentions``, or its last result when the documents (and all code and config) are
    the same; then every text unit and every kept document counts as from the cache, and
    ``stage from cache`` is 1."""
    key = content_hash(documents)
    last = stages.result("extract", key)
    if last is not None:
        mentions, entities, warnings, counts, rejects = last
        units = sum(v for k, v in counts.items() if k in ("annotated", "from cache"))
        kept = int(documents["duplicate_of"].isna().sum())
        return mentions, entities, warnings, {"annotated": 0, "from cache": units, "stage from cache": 1,
                                              EXTRACTED: 0, EXTRACTED_FROM_CACHE: kept, AHEAD: 0, AHEAD_AGAIN: 0}, rejects
    found = usable_mentions(documents, cache_dir, progress, jobs=jobs, extract_dir=extract_dir)
    stages.keep("extract", key, found)
    return found


def cached_places(stages: StageCache, mentions: pd.DataFrame, documents: pd.DataFrame, stats: Counter,
                  ) -> pd.DataFrame:
    """``place_mentions`` with each (place names, country) placed once across runs: the
    gazetteer (seconds to build) is loaded only when a mention names places never placed before.
    ``stats`` counts the (names, country) ``placed`` and the mentions ``placed, from cache``."""
    known: dict[str, dict] = stages.result("places", "by names") or {}
    before = len(known)

    def place(names: list[str], country: str) -> dict:
        key = json.dumps([names, country], ensure_ascii=False)
        if key not in known:
            known[key] = place_of(names, country)
        return dict(known[key])

    placed = place_mentions(mentions, documents, place)
    stats["placed"] += len(known) - before
    stats["placed, from cache"] += len(mentions) - (len(known) - before)
    if len(known) != before:
        stages.keep("places", "by names", known)
    return placed


def after_dedup(stages: StageCache, dedup, key: str, reused: bool) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """The mentions with their role columns, the event table before the changelog's stamps, the
    review queue's rows and their digest (``tables.table_digest``: 50k rows take half a second
    to hash): pure functions of the dedup result (``key`` names it, from ``cached_dedup``), so
    the last run's when dedup's result is the last run's (``reused``)."""
    last = stages.result("after dedup", key) if reused else None
    if last is not None:
        derived, queue_digest = last
        return (*unpacked(derived), queue_digest)
    with_roles = mention_columns(dedup.mentions)
    derived = (with_roles, event_columns(place_events(dedup.events, dedup.mentions), with_roles),
               review_queue_rows(dedup.review_queue, dedup.mentions))
    queue_digest = table_digest(derived[2])
    stages.keep("after dedup", key, (packed(derived), queue_digest))  # the queue's texts as codes: a tenth of the bytes
    return (*derived, queue_digest)


def cached_dedup(stages: StageCache, mentions: pd.DataFrame, decisions, links: dict[str, str],
                 previous: dict[str, str], prior: PairCache | None = None):
    """``deduplicate``, whether its result is the last run's, and a key naming that result:
    reused when the mentions, decisions and links are the same and the previous event IDs are the
    ones it gave out (or the ones it was computed with); IDs are the only thing previous runs
    change in dedup. Otherwise dedup scores only the pairs ``prior`` does not hold (``pair_cache``)."""
    key = content_hash(mentions, sorted((list(k), v) for k, v in decisions.items()), links)
    given = content_hash(previous)
    last = stages.result("dedup", key)
    if last is not None:
        kept, computed_with = last
        result = DedupResult(*kept) if isinstance(kept, tuple) else kept
        if given == computed_with or previous == dict(zip(result.mentions["mention_id"], result.mentions["event_id"])):
            return result, True, f"{key}:{computed_with}"
    result = deduplicate(mentions, decisions, load_dedup_config(settings.DEDUP_FILE), previous, _type_order(), links,
                         prior=prior)
    stages.keep("dedup", key, (light(result), given))
    return result, False, f"{key}:{given}"


def light(result: DedupResult) -> tuple:
    """The result's fields as the stage cache keeps them: the pairs as their scored arrays, not
    as the table (its contributions' text made and pickled was seconds of a refresh)."""
    return tuple(getattr(result, f.name) for f in dataclasses.fields(result))


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


EXTRACTED = "documents extracted"
EXTRACTED_FROM_CACHE = "documents extracted, from cache"  # their mentions from the extract cache (or the stage cache)
AHEAD = "documents extracted ahead in a worker"  # of the extracted: a worker's part, checked in order (pipeline.ahead)
AHEAD_AGAIN = "documents extracted ahead, again in order"  # the worker's answers differed: extracted again here


def find_mentions(documents: pd.DataFrame, cache_dir: Path | None, progress: bool = False, jobs: int = 1,
                  extract_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str], dict, list[Reject]]:
    """spaCy over the kept documents (cached by text), then mentions and canonical entities,
    with the records that could not be used (``Reject``): a document whose extraction raises
    is left out with the exception as its reason, and the others are extracted. With
    ``extract_dir``, a document whose part of the extraction an earlier run kept, and which the
    resolver still answers the same, is not extracted again (``extract_cache``); the counts say
    how many documents were extracted and how many came from that cache."""
    extract_cache = ExtractCache(extract_dir)
    try:
        mentions, entities, warnings, counts, rejects = _find_mentions(documents, cache_dir, progress, jobs, extract_cache)
    finally:
        extract_cache.close()
    counts = {**counts, EXTRACTED: extract_cache.extracted, EXTRACTED_FROM_CACHE: extract_cache.from_cache,
              AHEAD: extract_cache.ahead_taken, AHEAD_AGAIN: extract_cache.ahead_again}
    notes = list(extract_cache.warnings)
    if extract_cache.bad_entries:
        notes.append(f"extract: {extract_cache.bad_entries} unreadable document cache entr"
                     f"{'y' if extract_cache.bad_entries == 1 else 'ies'}; extracted again")
    return mentions, entities, notes + warnings, counts, rejects


def _find_mentions(documents: pd.DataFrame, cache_dir: Path | None, progress: bool, jobs: int, extract_cache: "ExtractCache",
                   ) -> tuple[pd.DataFrame, pd.DataFrame, list[str], dict, list[Reject]]:
    kept = documents[documents["duplicate_of"].isna()].reset_index(drop=True)
    units = text_units(kept)
    countries = kept["country"] if "country" in kept.columns else pd.Series([""] * len(kept), dtype=object)
    resolvers = {code: EntityResolver.from_alias_file(settings.ALIASES_FILE, code or None) for code in set(countries)}
    resolver_of = dict(enumerate(resolvers[code] for code in countries))
    types = load_event_types(settings.EVENT_TYPES_FILE)
    # every source's publisher is a reporter on every page, whichever documents one call holds
    reporters = reporter_names(sorted({p for p in kept["publisher"] if isinstance(p, str)})) if "publisher" in kept else None
    annotations, counts, cache_warnings = _annotations(kept, units, cache_dir, progress, jobs, extract_cache, resolver_of,
                                                       reporters, types.lexicon)
    extract_ahead(extract_cache, kept, units, annotations, countries, resolvers, types, reporters, jobs)
    try:  # each country's documents with that country's knowledge
        parts, warnings = [], []
        for code, resolver in sorted(resolvers.items()):
            positions = [i for i, c in enumerate(countries) if c == code]
            chosen = set(positions)
            one = kept.iloc[positions].reset_index(drop=True)
            mentions, entities, notes = extract_mentions(
                one, [a for (p, _), a in zip(units, annotations) if p in chosen], types, resolver, reporters=reporters,
                cache=extract_cache)
            parts.append((mentions, entities))
            warnings += notes
        if len(parts) == 1:
            return parts[0][0], parts[0][1], cache_warnings + warnings, counts, []
        separate_namesakes([(code, m, e) for code, (m, e) in zip(sorted(resolvers), parts)])
        return (*_merge_extractions(parts), cache_warnings + warnings, counts, [])
    except Exception:  # some document breaks the extractor: find it by extracting one at a time
        extract_cache.extracted = extract_cache.from_cache = 0  # every document is taken again below
        extract_cache.ahead_taken = extract_cache.ahead_again = 0
    by_document: dict[int, list] = {}
    for (position, _), annotation in zip(units, annotations):
        by_document.setdefault(position, []).append(annotation)
    parts: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    warnings, rejects = list(cache_warnings), []
    codes: list[str] = []  # the country of each of parts
    for position in range(len(kept)):
        one = kept.iloc[[position]].reset_index(drop=True)
        try:
            mentions, entities, notes = extract_mentions(one, by_document.get(position, []), types, resolver_of[position],
                                                         reporters=reporters, cache=extract_cache)
        except Exception as exc:  # noqa: BLE001 - any failure of one document is that document's
            doc = kept.iloc[position]
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            rejects.append(Reject(stage="extract", table="documents", key=str(doc["doc_id"]), url=doc["url"], reason=reason))
            continue
        parts.append((mentions, entities))
        codes.append(countries.iloc[position])
        warnings += notes
    separate_namesakes([(code, m, e) for code, (m, e) in zip(codes, parts)])
    return (*_merge_extractions(parts), warnings, counts, rejects)


def _annotations(kept: pd.DataFrame, units: list, cache_dir: Path | None, progress: bool, jobs: int,
                 extract_cache: ExtractCache, resolver_of: dict, reporters, lexicon: frozenset[str],
                 ) -> tuple[list, dict, list[str]]:
    """``annotate_documents`` of the text units, but None for the units of a document whose part
    the extract cache holds (read only if that part is stale: ``ExtractCache.deferred_read``);
    they count as from the cache. Not when workers will extract ahead: they replay every earlier
    document's units."""
    def annotate(texts: list[str]) -> tuple[list, dict, list[str]]:
        return annotate_documents(texts, cache_dir=cache_dir, aliases_file=settings.ALIASES_FILE,
                                  patterns_file=settings.PATTERNS_FILE, progress=progress, n_process=jobs,
                                  lexicon=lexicon)  # tags only where it could match

    def annotate_late(texts: list[str]) -> list:
        late, late_counts, _ = annotate(texts)
        counts["annotated"] += late_counts.get("annotated", 0)  # (the dictionary returned below)
        counts["from cache"] -= late_counts.get("annotated", 0)
        return late

    extract_cache.annotate = annotate_late
    fields = kept[[f for f in DOC_FIELDS if f in kept.columns]].to_dict("records")  # (a row each: iloc is slow)
    held = {p for p, doc in enumerate(fields) if extract_cache.holds(doc, resolver_of[p], reporters)}
    if jobs > 1 and len(kept) - len(held) >= MIN_DOCUMENTS_AHEAD:
        held = set()
    wanted = [k for k, (position, _) in enumerate(units) if position not in held]
    found, counts, warnings = annotate([units[k][1] for k in wanted])
    annotations: list = [None] * len(units)
    for k, annotation in zip(wanted, found):
        annotations[k] = annotation
    counts.update({"annotated": counts.get("annotated", 0), "from cache": counts.get("from cache", 0) + len(units) - len(wanted)})
    return annotations, counts, warnings


def _merge_extractions(parts: list[tuple[pd.DataFrame, pd.DataFrame]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions and entities of documents extracted one at a time, as one extraction of
    them all would give them: an entity once, with every spelling, counted over all mentions."""
    from .extract import ENTITY_COLUMNS, MENTION_COLUMNS

    mentions = pd.concat([m for m, _ in parts], ignore_index=True) if parts else pd.DataFrame(columns=MENTION_COLUMNS)
    rows: dict[str, dict] = {}
    for _, entities in parts:
        for row in entities.to_dict("records"):
            known = rows.setdefault(row["entity_id"], {**row, "variants": set()})
            known["variants"] |= set(row["variants"])
    counts = Counter(name for column in ("people", "organisations", "locations") for names in mentions[column] for name in names)
    merged = [{**row, "variants": sorted(row["variants"]), "n_mentions": counts.get(row["canonical"], 0)}
              for _, row in sorted(rows.items())]
    return mentions, pd.DataFrame(merged, columns=ENTITY_COLUMNS)
