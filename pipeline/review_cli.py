"""The ``review`` subcommand: which of the review tools a command line asks for, and its exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .decisions import load_decisions
from .derived import DerivedTableError

APPLY = "run `make process` to apply them"


def _err(text: str) -> None:
    print(f"review: {text}", file=sys.stderr)


def run_review(args: argparse.Namespace) -> int:
    from .review import default_reviewer

    reviewer = args.reviewer or default_reviewer()
    if args.merge_entity:
        return merge(args, reviewer)
    if args.import_file:
        return import_file(args, reviewer)
    if args.export or args.report:
        return export(args)
    if args.event:
        from .review_event import review_event

        data = _data(args.out)
        if data is None:
            return 2
        return review_event(data, args.event, args.decisions, reviewer, _screen(args), color=_color(args))
    return walk(args, reviewer)


def merge(args: argparse.Namespace, reviewer: str) -> int:
    from .review_entities import MergeRefused, judgements_file, merge_entity

    variant, canonical = args.merge_entity
    country = ""
    if args.country:
        from .countries import country_code

        try:
            country = country_code(args.country)
        except ValueError as exc:
            _err(f"--country: {exc}; nothing changed")
            return 2
    try:
        done = merge_entity(args.aliases, canonical, variant, args.label, reviewer, judgements_file(args.decisions),
                            force=args.force, new=args.new, country=country)
    except MergeRefused as exc:
        _err(f"{exc}; nothing changed")
        return 1
    print(f"review: {done}; run `make process` to apply")
    return 0


def import_file(args: argparse.Namespace, reviewer: str) -> int:
    from .review_queue import ImportFileError, import_decisions

    known = _known_ids(args.out)
    if known is None:
        return 2
    try:
        result = import_decisions(args.import_file, args.decisions, reviewer, known)
    except ImportFileError as exc:
        _err(f"{exc}; nothing imported")
        return 1
    for line in result.warnings + result.rejected:
        _err(line)
    summary = result.summary(args.import_file)
    if result.rejected:
        print(f"{summary}; fix the rows named above and import the file again", file=sys.stderr)
        return 1
    print(f"{summary}; {APPLY}" if result.taken else summary)
    return 0


def _known_ids(out: Path) -> set[str] | None:
    path = Path(out) / "mentions.parquet"
    if not path.exists():
        _err(f"{path} not found: the mention IDs cannot be checked; run `make process` first")
        return None
    from .derived import read_parquet_table

    try:
        return set(read_parquet_table(path, ["mention_id"])["mention_id"])
    except DerivedTableError as exc:
        _err(str(exc))
        return None


def export(args: argparse.Namespace) -> int:
    rows = _queue(args.out)
    if rows is None:
        return 2
    if args.export:
        from .review_queue import export_queue

        standing = load_decisions(args.decisions)
        from .decisions import pair_key

        rows = [r for r in rows if pair_key(r["mention_a"], r["mention_b"]) not in standing]
        print(f"review: {len(rows)} pair(s) written to {export_queue(rows, args.export)}; fill in the decision column "
              f"(same/s, different/d, unsure/u) and import it with --import")
    if args.report:
        from .review_report import write_report

        data = _data(args.out)
        if data is None:
            return 2
        written = write_report(data, rows, args.report, load_decisions(args.decisions))
        print(f"review: {written} page(s) written to {args.report} (open {Path(args.report) / 'index.html'})")
    return 0


def walk(args: argparse.Namespace, reviewer: str) -> int:
    from .review_walk import review_pairs, unsure_rows

    if args.unsure:
        data = _data(args.out)
        if data is None:
            return 2
        rows = unsure_rows(data, args.decisions)
        if not rows:
            print(f"review: no pair is decided 'unsure' in {args.decisions}")
            return 0
    else:
        rows = _queue(args.out)
        if rows is None:
            return 2
        data = _data(args.out, quiet=True)
    from .review_context import Effects

    effects = Effects(data) if data is not None else None
    review_pairs(rows, args.decisions, None, None, reviewer, color=_color(args), data=data, effects=effects,
                 screen=_screen(args), revisit=args.unsure)
    print(f"{APPLY.capitalize()} (the decisions are already saved)")
    return 0


def _queue(out: Path) -> list[dict] | None:
    from .review_queue import queue_rows_from_csv

    queue = Path(out) / "review_queue.csv"
    if not queue.exists():
        _err(f"{queue} not found; run `make process` first")
        return None
    try:
        return queue_rows_from_csv(queue)
    except DerivedTableError as exc:
        _err(str(exc))
        return None


def _data(out: Path, quiet: bool = False):
    from .review_context import ReviewData

    try:
        return ReviewData(out)
    except DerivedTableError as exc:
        if not quiet:
            _err(str(exc))
        else:
            _err(f"{exc} (shown without each mention's context)")
        return None


def _color(args: argparse.Namespace) -> bool:
    return sys.stdout.isatty() and not args.no_color


def _screen(args: argparse.Namespace):
    from .review_screen import KeyScreen, LineScreen

    if sys.stdin.isatty() and sys.stdout.isatty():
        return KeyScreen(color=_color(args))
    return LineScreen(lambda: sys.stdin.readline().strip() or "q", lambda text: (sys.stdout.write(text), sys.stdout.flush()),
                      color=False)
