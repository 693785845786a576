"""Human summaries of what a run did."""

from __future__ import annotations

from collections import Counter, defaultdict

from .archive import OUTCOMES
from .fetch import FetchReport


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def format_fetch_report(report: FetchReport, verbose: bool = False) -> str:
    """One line per source with outcome counts, a total, and the reason of every failure."""
    if report.run_dir is None:
        return f"fetch: {report.message}"
    per_source: dict[str, Counter] = defaultdict(Counter)
    for entry in report.entries:
        per_source[entry.source][entry.outcome] += 1
    width = max([len(s) for s in per_source] + [6])
    header = f"{'source':<{width}}  " + "  ".join(f"{o:>9}" for o in OUTCOMES)
    lines = ["fetch summary", header]
    for source, counts in per_source.items():
        lines.append(f"{source:<{width}}  " + "  ".join(f"{counts.get(o, 0):>9}" for o in OUTCOMES))
    total = report.counts()
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{total.get(o, 0):>9}" for o in OUTCOMES))
    lines.append(f"{_size(report.bytes)} in {report.seconds:.1f}s; archived in {report.run_dir}")
    if report.skipped_links:
        lines.append("links not followed: " + ", ".join(f"{n} {why}" for why, n in sorted(report.skipped_links.items())))
    problems = [e for e in report.entries if e.outcome in ("failed", "rejected", "skipped")]
    for entry in problems if verbose else problems[:20]:
        lines.append(f"  {entry.outcome}: {entry.url}: {entry.reason}")
    if not verbose and len(problems) > 20:
        lines.append(f"  ... and {len(problems) - 20} more (see fetch-log.jsonl in the run folder, or use --verbose)")
    return "\n".join(lines)


# -- figures of a run ----------------------------------------------------------------------
# One definition per figure name: the run summary, the notebook and the README compute these
# from the output tables with the functions below, so a name never means two numbers.
FIGURES = {
    "pairs flagged for review": "candidate pairs whose outcome is `review` in pairs.parquet, decided or not",
    "pairs awaiting a decision": "flagged pairs with no reviewer decision whose mentions are still in different "
                                 "events: the rows of review_queue.csv",
}


def pairs_flagged_for_review(pairs) -> int:
    """``FIGURES["pairs flagged for review"]``."""
    return int((pairs["outcome"] == "review").sum())


def pairs_awaiting_a_decision(pairs, mentions) -> int:
    """``FIGURES["pairs awaiting a decision"]``."""
    event_of = dict(zip(mentions["mention_id"], mentions["event_id"]))
    pending = pairs[(pairs["outcome"] == "review") & pairs["decision"].isna()]
    return int(sum(event_of.get(a) != event_of.get(b) for a, b in zip(pending["mention_a"], pending["mention_b"])))


# -- the README's sample rows --------------------------------------------------------------
README_COLUMNS = ["event_id", "event_date", "date_precision", "event_type", "people", "n_mentions", "n_sources"]


def readme_rows(events, event_ids) -> str:
    """The README's block of sample event rows, generated from the events table (a test checks
    the README against it, so the shown rows are the sample's, not a stale copy)."""
    rows = events.set_index("event_id").loc[list(event_ids)].reset_index()[README_COLUMNS].copy()
    rows["people"] = ["[" + ", ".join(list(p)) + "]" for p in rows["people"]]
    return rows.to_string(index=False)
