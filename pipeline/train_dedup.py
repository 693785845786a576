"""Labelled pairs from gold sets and review decisions, and the pair model fitted on them.

A gold set is a folder with ``events.jsonl``: one hand-labelled mention per line, with its
``evidence`` and the ``event_key`` of the event it reports. Gold mentions are matched to the
mentions of a processed run as the evaluation matches them (a project mention whose words cover
at least 60% of the gold sentence's; among several, the one whose date and type agree); each pair
the run's blocks propose between two matched mentions is labelled same (one event key) or
different. Reviewer decisions on a pair of the run's mentions override the gold label. The gold
folders come from the command line (or ``PIPELINE_DEDUP_GOLD``), never from the code.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .dedup import DedupConfig, score_candidates
from .pair_model import PairModel, fit, model_json
from .review import load_decisions

WORD = re.compile(r"\w+", re.UNICODE)
COVERAGE = 0.6


def _tokens(text: str) -> set[str]:
    return {t.lower() for t in WORD.findall(text or "")}


def load_gold(folder: Path) -> list[dict]:
    path = Path(folder) / "events.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{folder}: no events.jsonl (a gold folder holds one labelled mention per line)")
    gold = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = json.loads(line)
        if not entry.get("evidence") or not entry.get("event_key"):
            raise ValueError(f"{path}:{number}: a gold mention needs 'evidence' and 'event_key'")
        gold.append(entry)
    return gold


def match_gold(gold: list[dict], rows: list[dict]) -> dict[int, str]:
    """Row index -> event key of the gold mention it reports; a row that two gold mentions of
    different events both match (one sentence, two events) is left out as ambiguous."""
    tokens = [_tokens(r.get("evidence") or "") for r in rows]
    keys: dict[int, set[str]] = {}
    for g in gold:
        wanted = _tokens(g["evidence"])
        if not wanted:
            continue
        cover = [(len(wanted & t) / len(wanted), i) for i, t in enumerate(tokens)]
        candidates = [(c, i) for c, i in cover if c >= COVERAGE]
        if not candidates:
            continue

        def fit_of(item: tuple[float, int]) -> tuple:
            c, i = item
            when = str(rows[i].get("event_date") or "")
            return (bool(g.get("date")) and when.startswith(str(g["date"])), rows[i].get("event_type") == g.get("event_type"), c, -i)

        best = max(candidates, key=fit_of)[1]
        keys.setdefault(best, set()).add(g["event_key"])
    return {i: next(iter(k)) for i, k in keys.items() if len(k) == 1}


def labelled_pairs(processed: Path, gold: list[dict], config: DedupConfig, decisions: dict) -> tuple[list[dict], list[int], list[str]]:
    """Features, labels and held-out groups (the publishers of the two mentions) of every pair
    of labelled mentions the model would decide (compatible dates, same or related types),
    whether or not a block proposes it: more examples than the blocks' pairs alone, from the
    same features."""
    mentions = pd.read_parquet(Path(processed) / "mentions.parquet")
    rows = mentions.to_dict("records")
    links: dict[str, str] = {}
    documents_file = Path(processed) / "documents.parquet"
    if documents_file.exists():
        documents = pd.read_parquet(documents_file, columns=["doc_id", "link"])
        links = {d: link for d, link in zip(documents["doc_id"], documents["link"]) if isinstance(link, str) and link}
    keys = match_gold(gold, rows)
    index = {r["mention_id"]: i for i, r in enumerate(rows)}
    decided = {}
    for (a, b), decision in decisions.items():
        if a in index and b in index and decision["decision"] in ("same", "different"):
            decided[(min(index[a], index[b]), max(index[a], index[b]))] = int(decision["decision"] == "same")
    labelled = sorted(keys)
    also = {(a, b) for n, a in enumerate(labelled) for b in labelled[n + 1:]} | set(decided)
    features, labels, groups = [], [], []
    for (i, j), pair in score_candidates(rows, config, links, also).scored.items():
        if not pair["date_compatible"] or pair["event_type"] == 0:
            continue
        if (i, j) in decided:
            label = decided[(i, j)]
        elif i in keys and j in keys:
            label = int(keys[i] == keys[j])
        else:
            continue
        features.append(pair["features"])
        labels.append(label)
        groups.append("|".join(sorted({str(rows[i].get("publisher")), str(rows[j].get("publisher"))})))
    return features, labels, groups


def train(gold_dirs: list[Path], processed_dirs: list[Path], config: DedupConfig, decisions_file: Path | None,
          target_precision: float = 0.9, regularisation: float = 1.0) -> tuple[PairModel, dict]:
    gold = [g for folder in gold_dirs for g in load_gold(folder)]
    decisions = load_decisions(decisions_file) if decisions_file else {}
    features, labels, groups = [], [], []
    for folder in processed_dirs:
        f, y, g = labelled_pairs(folder, gold, config, decisions)
        features += f
        labels += y
        groups += g
    trained = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "gold_sets": [Path(d).name if Path(d).name != "gold" else Path(d).parent.name for d in gold_dirs],
        "gold_mentions": len(gold),
        "runs": len(processed_dirs),
        "review_decisions": len(decisions),
    }
    return fit(features, labels, groups, target_precision, regularisation, trained=trained,
               corroborate_precision=config.corroborate_precision)


def write_model(model: PairModel, path: Path) -> None:
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(model_json(model), encoding="utf-8")
    tmp.replace(path)
