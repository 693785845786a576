"""Scores of the extracted mentions against a hand-labelled gold set (``tests/gold``).

Gold and extracted mentions are paired one to one within a document by the similarity of
their evidence sentences (sentence splitting may differ slightly), and among the mentions of
one sentence by how well they agree. Reported: precision and recall of mentions; for paired
mentions, dates exact at the gold's precision (the mention at least as precise), event types,
micro-averaged precision and recall of canonical people and organisations, and pairwise
precision and recall of the event clusters (two mentions in one event, in the output and in
the gold ``event`` slugs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from .derived import read_parquet_table

MATCH_THRESHOLD = 80.0  # rapidfuzz token_set_ratio of the two evidence sentences
# What score_mentions reads of processed/mentions.parquet (event_id is optional: no cluster scores).
MENTION_COLUMNS_SCORED = ("doc_id", "evidence", "event_date", "date_precision", "event_type", "people", "organisations")


@dataclass
class Scores:
    counts: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def format(self) -> str:
        lines = [f"{name:<34} {value:.3f}" for name, value in self.metrics.items()]
        lines.append("counts: " + ", ".join(f"{k} {v}" for k, v in self.counts.items()))
        return "\n".join(lines)


def load_mentions(path: Path) -> pd.DataFrame:
    """The extracted mentions to score; a damaged table raises ``derived.DerivedTableError``."""
    return read_parquet_table(path, MENTION_COLUMNS_SCORED)


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def date_agrees(item: dict, row: dict) -> bool:
    """The mention's date is the gold's at the gold's precision, and at least as precise ("2019-07-17"
    for a gold "2019-07" agrees; "2019" for a gold "2019-07" does not)."""
    date, want = str(row.get("event_date") or ""), str(item.get("date") or "")
    return bool(want) and date[:len(want)] == want and \
        PRECISION_RANK.get(str(row.get("date_precision")), -1) >= PRECISION_RANK.get(str(item.get("precision")), 3)


def agreement(item: dict, row: dict) -> tuple:
    """How well an extracted mention agrees with a gold one beyond its evidence: the date at the
    gold precision, the type, and the overlap of the names. A sentence that reports several
    occurrences gives several mentions with one evidence; each gold mention pairs with the one
    that reads its own occurrence."""
    names = set(row["people"]) | set(row["organisations"])
    gold_names = set(item.get("people", [])) | set(item.get("organisations", []))
    overlap = len(names & gold_names) / len(names | gold_names) if names | gold_names else 1.0
    return (date_agrees(item, row), row.get("event_type") == item.get("event_type"), overlap)


def pair_mentions(gold: list[dict], mentions: pd.DataFrame) -> list[tuple[dict, dict | None]]:
    """Greedy one-to-one pairing within each document, best evidence similarity first, and
    among equally similar evidence the mention that agrees best (``agreement``)."""
    extracted = mentions.to_dict("records")
    by_doc: dict[str, list[int]] = {}
    for i, row in enumerate(extracted):
        by_doc.setdefault(row["doc_id"], []).append(i)
    candidates = []
    for g, item in enumerate(gold):
        for i in by_doc.get(item["doc_id"], []):
            score = fuzz.token_set_ratio(item["evidence"], extracted[i]["evidence"])
            if score >= MATCH_THRESHOLD:
                candidates.append((score, agreement(item, extracted[i]), g, i))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, g, i in sorted(candidates, key=lambda c: (-c[0], tuple(-float(x) for x in c[1]), c[2], c[3])):
        if g not in pairs and i not in used:
            pairs[g] = i
            used.add(i)
    return [(item, extracted[pairs[g]] if g in pairs else None) for g, item in enumerate(gold)]


def _set_scores(pairs: list[tuple[dict, dict]], column: str) -> tuple[float, float]:
    tp = fp = fn = 0
    for item, row in pairs:
        want, got = set(item.get(column, [])), set(row[column])
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def score_mentions(gold: list[dict], mentions: pd.DataFrame) -> Scores:
    gold_docs = {item["doc_id"] for item in gold}
    in_scope = mentions[mentions["doc_id"].isin(gold_docs)]
    paired = pair_mentions(gold, in_scope)
    matched = [(item, row) for item, row in paired if row is not None]
    scores = Scores()
    scores.counts = {"gold mentions": len(gold), "extracted mentions": len(in_scope), "paired": len(matched)}
    scores.metrics["mention precision"] = len(matched) / len(in_scope) if len(in_scope) else 0.0
    scores.metrics["mention recall"] = len(matched) / len(gold) if gold else 0.0
    exact = sum(date_agrees(item, row) for item, row in matched)
    scores.metrics["dates exact (paired)"] = exact / len(matched) if matched else 0.0
    scores.metrics["dates exact (all gold)"] = exact / len(gold) if gold else 0.0
    scores.metrics["event type accuracy (paired)"] = (
        sum(row["event_type"] == item["event_type"] for item, row in matched) / len(matched) if matched else 0.0
    )
    for column in ("people", "organisations"):
        precision, recall = _set_scores(matched, column)
        scores.metrics[f"{column} precision"] = precision
        scores.metrics[f"{column} recall"] = recall
    if "event_id" in in_scope.columns and matched:
        precision, recall, counts = pairwise_cluster_scores(matched)
        scores.metrics["cluster pairwise precision"] = precision
        scores.metrics["cluster pairwise recall"] = recall
        scores.counts.update(counts)
    scores.misses = [f"{item['doc_id']}: {item['evidence'][:100]}" for item, row in paired if row is None]
    return scores


def pairwise_cluster_scores(matched: list[tuple[dict, dict]]) -> tuple[float, float, dict[str, int]]:
    """Over every pair of paired mentions: same event in the output vs same ``event`` in the gold."""
    from itertools import combinations

    tp = same_predicted = same_gold = 0
    for (g1, m1), (g2, m2) in combinations(matched, 2):
        predicted = m1["event_id"] == m2["event_id"]
        gold = g1["event"] == g2["event"]
        same_predicted += predicted
        same_gold += gold
        tp += predicted and gold
    precision = tp / same_predicted if same_predicted else 1.0
    recall = tp / same_gold if same_gold else 1.0
    return precision, recall, {"gold same-event pairs": same_gold, "output same-event pairs": same_predicted}


# -- errors by kind: what the next change should aim at ----------------------------------------

ERROR_KINDS = (
    "missed", "misdated", "mistyped", "people missing", "people extra", "organisations missing", "organisations extra",
)


def error_report(gold: list[dict], mentions: pd.DataFrame) -> dict[str, list[str]]:
    """The gold mentions' errors grouped by kind, with the same pairing as ``score_mentions``:
    not found; found with another date (at the gold precision) or type; people and
    organisations the gold names that the mention lacks, and those it names that the gold does
    not. One line per error: document, what was wanted and what was found, the evidence."""
    in_scope = mentions[mentions["doc_id"].isin({item["doc_id"] for item in gold})]
    report: dict[str, list[str]] = {kind: [] for kind in ERROR_KINDS}
    for item, row in pair_mentions(gold, in_scope):
        where = f"{item['doc_id']}: “{_short(item['evidence'])}”"
        if row is None:
            report["missed"].append(f"{where} ({item.get('event_type')}, {item.get('date')})")
            continue
        if not date_agrees(item, row):
            report["misdated"].append(f"{where} want {item['date']} ({item['precision']}), got {row['event_date']} "
                                      f"({row['date_precision']}, from {_given(row.get('date_text')) or _given(row.get('date_from'))})")
        if row["event_type"] != item["event_type"]:
            report["mistyped"].append(f"{where} want {item['event_type']}, got {row['event_type']}")
        for column in ("people", "organisations"):
            want, got = set(item.get(column, [])), set(row[column])
            for name in sorted(want - got):
                report[f"{column} missing"].append(f"{where} {name}")
            for name in sorted(got - want):
                report[f"{column} extra"].append(f"{where} {name}")
    return report


def format_errors(report: dict[str, list[str]]) -> str:
    """Kinds with their counts, most frequent first, each followed by its errors."""
    lines = ["errors by kind: " + ", ".join(f"{kind} {len(report[kind])}" for kind in ERROR_KINDS)]
    for kind in sorted(ERROR_KINDS, key=lambda k: (-len(report[k]), ERROR_KINDS.index(k))):
        if report[kind]:
            lines.append(f"\n{kind} ({len(report[kind])})")
            lines += [f"  {line}" for line in report[kind]]
    return "\n".join(lines)


def _given(value) -> str:
    return value if isinstance(value, str) else ""


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
