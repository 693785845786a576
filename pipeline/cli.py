"""Command line: ``python -m pipeline COMMAND``. File and network I/O live here and in fetch."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from . import __version__, settings
from .archive import Archive
from .sources import ConfigError, load_sources

log = logging.getLogger("pipeline")


class PathError(ValueError):
    """An --out / --raw path that cannot be used; the message names the option and the path."""

EXAMPLES = """\
commands (each has --help):
  fetch     crawl the configured sources into the raw archive
              python -m pipeline fetch --sources config/sources.toml --raw raw
  process   run every processing stage from an archive into an output folder
              python -m pipeline process --raw raw --out processed
  run       fetch, then process (what `make` runs)
              python -m pipeline run --offline
  review    settle flagged duplicate pairs: s(ame) d(ifferent) u(nsure) k (skip) z (undo) q(uit)
              python -m pipeline review
              python -m pipeline review --import my-filled-queue.csv
  eval      score the processed tables against the gold set (what `make eval` runs)
              python -m pipeline eval --gold tests/gold/mentions.jsonl --out processed
  clean-html  print the clean text of one page read from standard input
              python -m pipeline clean-html --url https://survey.ituc-csi.org/Kazakhstan.html < page.html
  serve     browse the tables in Datasette on 127.0.0.1 (what `make serve` runs)
              python -m pipeline serve --out processed --port 8001
  sample    rebuild the reconstructed sample snapshot from the fixture site (maintainers)
              python -m pipeline sample --site tests/fixture_site/sites --raw raw
"""


def _add_common(parser: argparse.ArgumentParser, *, fetch: bool, process: bool) -> None:
    parser.add_argument("--sources", type=Path, default=settings.SOURCES_FILE, help="sources file (default: %(default)s)")
    parser.add_argument("--raw", type=Path, default=settings.RAW_DIR, help="raw archive folder (default: %(default)s)")
    if fetch:
        parser.add_argument("--offline", action="store_true", help="do not touch the network; use the archive as it is")
    if process:
        parser.add_argument("--out", type=Path, default=settings.PROCESSED_DIR, help="output folder (default: %(default)s)")
        parser.add_argument("--decisions", type=Path, default=None,
                            help=f"review decisions to apply, whatever dataset they are tied to (default: {settings.DECISIONS_FILE} "
                                 "when it is tied to these sources)")
        parser.add_argument("--jobs", type=int, default=None, metavar="N",
                            help="worker processes for the per-page stages (default: all cores)")
        parser.add_argument("--engine", choices=["local", "dask"], default="local",
                            help="local worker processes, or a Dask cluster (default: %(default)s)")
        parser.add_argument("--scheduler", default="", metavar="ADDRESS",
                            help="with --engine dask: the scheduler's address (default: a local cluster)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings, errors and the summary")
    parser.add_argument("-v", "--verbose", action="store_true", help="print debugging detail")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn news and index pages about the repression of trade unions into a deduplicated event table.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("fetch", help="crawl the configured sources into the raw archive")
    _add_common(p, fetch=True, process=False)
    p = sub.add_parser("process", help="run every processing stage from an archive into an output folder")
    _add_common(p, fetch=False, process=True)
    p = sub.add_parser("run", help="fetch, then process")
    _add_common(p, fetch=True, process=True)
    p = sub.add_parser("eval", help="score the processed tables against the hand-labelled gold set")
    p.add_argument("--gold", type=Path, default=Path("tests/gold/mentions.jsonl"), help="gold mentions (default: %(default)s)")
    p.add_argument("--out", type=Path, default=settings.PROCESSED_DIR, help="folder with the processed tables (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help="also list the gold mentions that were not found")
    p.add_argument("--errors", action="store_true", help="also list the errors grouped by kind (missed, misdated, mistyped, people/organisations missing or extra)")
    p = sub.add_parser("review", help="settle the flagged duplicate pairs in the terminal, or import a filled-in queue")
    p.add_argument("--out", type=Path, default=settings.PROCESSED_DIR, help="folder with review_queue.csv (default: %(default)s)")
    p.add_argument("--decisions", type=Path, default=settings.DECISIONS_FILE, help="decisions file (default: %(default)s)")
    p.add_argument("--reviewer", default=None, help="name stored with each decision (default: $PIPELINE_REVIEWER or your login)")
    p.add_argument("--import", dest="import_file", type=Path, default=None, metavar="FILE", help="append the decisions filled in a copy of review_queue.csv (CSV or XLSX)")
    p.add_argument("--merge-entity", nargs=2, metavar=("VARIANT", "CANONICAL"), default=None, help="record that VARIANT is a spelling of CANONICAL in the alias table")
    p.add_argument("--label", default="PERSON", choices=["PERSON", "ORG", "GPE", "LOC"], help="label for --merge-entity when CANONICAL is new (default: %(default)s)")
    p.add_argument("--aliases", type=Path, default=settings.ALIASES_FILE, help="alias table for --merge-entity (default: %(default)s)")
    p.add_argument("--no-color", action="store_true", help="no colours: differences marked with ≠, the clause read with «...»")
    p.add_argument("--force", action="store_true", help="with --merge-entity: move a spelling another entity owns")
    p.add_argument("--new", action="store_true", help="with --merge-entity: CANONICAL is a new entity (not a typo)")
    p.add_argument("--country", default="", metavar="CODE", help="with --merge-entity --new: a national entity, kept in config/countries/CODE/aliases.csv (ISO 3166 code)")
    p.add_argument("--unsure", action="store_true", help="walk the pairs decided 'unsure' again")
    p.add_argument("--event", default=None, metavar="EVENT_ID", help="show every mention of one event to confirm it or take members out")
    p.add_argument("--export", type=Path, default=None, metavar="FILE", help="write the queue to FILE (.xlsx or .csv) to fill in a spreadsheet")
    p.add_argument("--report", type=Path, default=None, metavar="DIR", help="write static HTML pages per flagged pair and per event into DIR")
    p.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    p = sub.add_parser("train-dedup", help="fit the pair model of the deduplication on labelled pairs (maintainers)")
    p.add_argument("--gold", default=os.environ.get(settings.ENV_PREFIX + "DEDUP_GOLD"), help="gold folder(s) with events.jsonl, comma-separated (default: $PIPELINE_DEDUP_GOLD)")
    p.add_argument("--out-dir", required=True, help="processed folder(s) of runs over the gold pages, comma-separated")
    p.add_argument("--decisions", type=Path, default=settings.DECISIONS_FILE, help="review decisions, also labels (default: %(default)s)")
    p.add_argument("--dedup-config", type=Path, default=settings.DEDUP_FILE, help="dedup settings (default: %(default)s)")
    p.add_argument("--model", type=Path, default=Path("config/dedup_model.json"), help="model file to write (default: %(default)s)")
    p.add_argument("--precision", type=float, default=0.9, help="precision the merge threshold is chosen for, cross-validated (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    p = sub.add_parser("clean-html", help="print the clean text of one page read from standard input")
    p.add_argument("--url", default="", help="the page's URL: a configured source's selectors apply when it matches")
    p.add_argument("--sources", type=Path, default=settings.SOURCES_FILE, help="sources file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print the document records as JSON lines")
    p.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    p = sub.add_parser("sample", help="rebuild the reconstructed sample snapshot (maintainers)")
    _add_common(p, fetch=False, process=False)
    p.add_argument("--site", type=Path, default=Path("tests/fixture_site/sites"), help="fixture site folder (default: %(default)s)")
    # listed for --help; its own parser (pipeline/check_config.py) reads its options, see main()
    sub.add_parser("check-config", add_help=False,
                   help="check the knowledge files: spellings owned twice, unknown labels or countries, patterns that match nothing")
    p = sub.add_parser("serve", help="build a SQLite copy of the tables and browse it with Datasette on 127.0.0.1")
    p.add_argument("--out", type=Path, default=settings.PROCESSED_DIR, help="folder with the processed tables (default: %(default)s)")
    p.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default: %(default)s)")
    p.add_argument("--web-dir", type=Path, default=None, help="where the SQLite copy and its metadata go (default: OUT/webview)")
    p.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["check-config"]:  # the knowledge check (pipeline/check_config.py)
        from .check_config import main as check_config

        return check_config(given[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    log_file = None
    try:
        _check_paths(args)
        log_file = _setup_logging(args)
        if args.command == "fetch":
            return cmd_fetch(args)
        if args.command == "process":
            return cmd_process(args)
        if args.command == "run":
            status = cmd_fetch(args)
            return status or cmd_process(args)
        if args.command == "sample":
            return cmd_sample(args)
        if args.command == "clean-html":
            return cmd_clean_html(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command == "review":
            return cmd_review(args)
        if args.command == "train-dedup":
            return cmd_train_dedup(args)
        if args.command == "serve":
            return cmd_serve(args)
    except (ConfigError, PathError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the archive and the tables are as they were before this step", file=sys.stderr)
        return 130
    except Exception as exc:  # one clear line for the user, the traceback for the log
        from .schema import SchemaViolation

        log.debug("failure", exc_info=True)  # the log file always gets the traceback
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        if isinstance(exc, SchemaViolation):
            print(f"error: the output tables failed validation, nothing was written (previous tables kept): {first}", file=sys.stderr)
            for line in str(exc).strip().splitlines()[1:6]:
                print(f"  {line}", file=sys.stderr)
        else:
            print(f"error: {exc.__class__.__name__}: {first}" + (f" (details in {log_file})" if log_file else ""), file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command}")
    return 2


def _check_paths(args: argparse.Namespace) -> None:
    """Folders the command writes must be (or become) writable directories; --raw of
    ``process`` is only read, so it need only not be something other than a directory."""
    writes_raw = args.command in ("fetch", "run", "sample") and not getattr(args, "offline", False)
    if getattr(args, "raw", None) is not None:
        if writes_raw:
            _writable_dir(args.raw, "--raw")
        elif args.raw.exists() and not args.raw.is_dir():
            raise PathError(f"--raw {args.raw}: not a directory")
    if args.command in ("process", "run"):
        _writable_dir(args.out, "--out")


def _writable_dir(path: Path, option: str) -> None:
    if path.exists() and not path.is_dir():
        raise PathError(f"{option} {path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PathError(f"{option} {path}: cannot be created ({exc.strerror or exc})") from None
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise PathError(f"{option} {path}: cannot be written to ({exc.strerror or exc})") from None


def _setup_logging(args: argparse.Namespace) -> Path | None:
    """Messages on stderr by --quiet / --verbose; everything, tracebacks included, in
    ``<out>/run.log`` for the commands that write an output folder."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for noisy in ("urllib3", "charset_normalizer", "trafilatura", "htmldate", "matplotlib", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO)
    console.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(console)
    out = getattr(args, "out", None)
    if out is None or args.command not in ("process", "run"):
        return None
    Path(out).mkdir(parents=True, exist_ok=True)
    path = Path(out) / "run.log"
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.setLevel(logging.DEBUG)
    root.addHandler(handler)
    return path


def cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import fetch_sources
    from .report import format_fetch_report

    config = load_sources(args.sources)
    if args.offline:
        archive = Archive(args.raw)
        print(
            f"fetch: offline; using the archive as it is: {len(archive.good_pages())} page(s) "
            f"from {len(archive.runs)} run(s) in {args.raw}"
        )
        return 0
    report = fetch_sources(config, args.raw, progress=not args.quiet and sys.stderr.isatty())
    for warning in report.warnings:
        log.warning(warning)
    print(format_fetch_report(report, verbose=args.verbose))
    return 0


def cmd_process(args: argparse.Namespace) -> int:
    from .process import process_archive

    started = time.monotonic()
    config = load_sources(args.sources)
    archive = Archive(args.raw)
    from .unfinished import owner_state

    for run in archive.incomplete_runs:
        running, who = owner_state(args.raw / "runs" / run)
        state = "still being written" if running else "abandoned; the next fetch recovers what it holds"
        log.warning("raw: ignoring unfinished run %s (%s by %s)", run, state, who)
    if not archive.runs:
        print(f"process: no archived pages in {args.raw}; run `python -m pipeline fetch` first", file=sys.stderr)
        return 1
    from .review_dataset import decisions_for
    from .workers import Engine

    if args.jobs is not None and args.jobs < 1:
        print(f"process: --jobs must be at least 1, not {args.jobs}", file=sys.stderr)
        return 2
    decisions, note = decisions_for(args.decisions or settings.DECISIONS_FILE, args.decisions is not None,
                                    [source.name for source in config.sources])
    if note:
        log.warning(note)
    with Engine(jobs=args.jobs, engine=args.engine, scheduler=args.scheduler) as engine:
        result = process_archive(
            archive, config, args.out, progress=not args.quiet and sys.stderr.isatty(), decisions_file=decisions,
            engine=engine,
        )
    seconds = time.monotonic() - started
    result.warnings[:0] = archive.warnings  # damaged archive files, found while reading
    for warning in result.warnings:
        log.warning(warning)
    provenance = ", ".join(f"{n} {p}" for p, n in sorted(result.provenance.items()))
    lines = [f"process: {result.n_pages} page(s) from {len(archive.runs)} run(s) in {args.raw} ({provenance})"]
    lines += [f"  {count} {name}" for name, count in result.counts.items()]
    left_out = {stage: n for stage, n in result.rejects_per_stage().items() if n}
    if left_out:
        lines.append("  left out per stage: " + ", ".join(f"{stage} {n}" for stage, n in left_out.items())
                     + f" (each with its reason in {args.out / 'rejects.csv'})")
    if result.warnings:
        lines.append(f"  {len(result.warnings)} warning(s) (listed above and in {args.out / 'run.log'})")
    lines.append("  seconds per stage: " + ", ".join(f"{stage} {s:.1f}" for stage, s in result.seconds.items()) + f"; total {seconds:.1f}")
    lines.append(f"  tables in {args.out}: " + ", ".join(sorted({p.name for p in result.outputs.values()})))
    summary = "\n".join(lines)
    print(summary)
    log.debug("summary\n%s", summary)
    return 0  # run-summary.json was written with the tables, in the same generation


def cmd_sample(args: argparse.Namespace) -> int:
    from .report import format_fetch_report
    from .sample import replace_sample

    config = load_sources(args.sources)
    report = replace_sample(config, args.site, args.raw)
    print(format_fetch_report(report, verbose=args.verbose))
    return 0


def cmd_clean_html(args: argparse.Namespace) -> int:
    import json

    from .clean import CleanError, PageInput, clean_page

    config = load_sources(args.sources)
    source = config.source_for_url(args.url) if args.url else None
    body = sys.stdin.buffer.read()
    try:
        records, notes = clean_page(PageInput(url=args.url or "about:blank", body=body, content_type=""), source)
    except CleanError as exc:
        print(f"clean-html: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"clean-html: {note}", file=sys.stderr)
    if args.json:
        for record in records:
            print(json.dumps(record, ensure_ascii=False))
        return 0
    blocks = []
    for record in records:
        head = [line for line in (record["title"], record["published"]) if line]
        blocks.append("\n".join(head + ([""] if head else []) + [record["text"]]).strip())
    print("\n\n".join(blocks))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .derived import DerivedTableError
    from .evaluate import load_gold, load_mentions, score_mentions

    mentions_file = args.out / "mentions.parquet"
    if not mentions_file.exists():
        print(f"eval: {mentions_file} not found; run `python -m pipeline process` first", file=sys.stderr)
        return 1
    try:
        mentions = load_mentions(mentions_file)
    except DerivedTableError as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    scores = score_mentions(load_gold(args.gold), mentions)
    print(f"evaluation against {args.gold}")
    print(scores.format())
    if args.verbose:
        for miss in scores.misses:
            print(f"  not found: {miss}")
    if args.errors:
        from .evaluate import error_report, format_errors

        print()
        print(format_errors(error_report(load_gold(args.gold), mentions)))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .review_cli import run_review

    return run_review(args)


def cmd_train_dedup(args: argparse.Namespace) -> int:
    from .dedup import load_dedup_config
    from .train_dedup import train, write_model

    if not args.gold:
        print("error: train-dedup needs --gold DIR[,DIR] (or $PIPELINE_DEDUP_GOLD)", file=sys.stderr)
        return 2
    config = load_dedup_config(args.dedup_config, with_model=False)
    model, cv = train([Path(d) for d in args.gold.split(",")], [Path(d) for d in args.out_dir.split(",")], config,
                      args.decisions, args.precision)
    write_model(model, args.model)
    print(f"wrote {args.model}: {cv['pairs']} labelled pairs ({cv['same_pairs']} same); cross-validated "
          f"(held out by {cv['held_out_by']}, {cv['folds']} folds) precision {cv['cv_precision']:.3f} recall {cv['cv_recall']:.3f} "
          f"at threshold {model.same:.3f}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from . import webview

    try:
        built = webview.build(args.out, args.web_dir)
    except webview.WebviewError as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 2
    for note in built.notes:
        print(note, file=sys.stderr)
    print(f"serve: {built.database} on http://{webview.HOST}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    webview.serve(built, port=args.port)
    return 0  # not reached: serve() becomes the Datasette process
