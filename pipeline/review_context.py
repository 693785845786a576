"""What a reviewer needs beside a pair: each mention's paragraph and clause, the features that
scored the pair, the other members of each mention's event, and what a decision would really
do to the events (``Effects``: the deduplication rerun with the decision added).

Read from the tables of the last ``process``; a table that is missing (an old output folder)
only leaves its part of the screen empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .derived import DerivedTableError, read_parquet_table


@dataclass
class Paragraph:
    before: str
    clause: str
    after: str


class ReviewData:
    """The mentions, documents and pairs of one output folder, indexed for the screen."""

    def __init__(self, out: Path) -> None:
        out = Path(out)
        self.out = out
        self.mentions = read_parquet_table(out / "mentions.parquet", ["mention_id", "doc_id", "evidence", "event_id"])
        self.by_id = {row["mention_id"]: row for row in self.mentions.to_dict("records")}
        self.members: dict[str, list[str]] = {}
        for mid, event in zip(self.mentions["mention_id"], self.mentions["event_id"]):
            self.members.setdefault(event, []).append(mid)
        self.documents = self._optional(out / "documents.parquet", ["doc_id", "text"])
        self.texts = dict(zip(self.documents["doc_id"], self.documents["text"])) if self.documents is not None else {}
        self.titles = dict(zip(self.documents["doc_id"], self.documents.get("title", pd.Series(dtype=str)))) \
            if self.documents is not None else {}
        pairs = self._optional(out / "pairs.parquet", ["mention_a", "mention_b", "score"])
        self.pairs = {}
        if pairs is not None:
            for row in pairs.to_dict("records"):
                self.pairs[tuple(sorted((row["mention_a"], row["mention_b"])))] = row

    @staticmethod
    def _optional(path: Path, columns: list[str]) -> pd.DataFrame | None:
        if not path.exists():
            return None
        try:
            return read_parquet_table(path, columns)
        except DerivedTableError:
            return None

    def mention(self, mention_id: str) -> dict:
        return self.by_id.get(mention_id, {})

    def event_of(self, mention_id: str) -> str:
        return self.mention(mention_id).get("event_id", "")

    def others(self, mention_id: str) -> list[str]:
        """The other members of the mention's current event."""
        return [m for m in self.members.get(self.event_of(mention_id), []) if m != mention_id]

    def title(self, mention_id: str) -> str:
        value = self.titles.get(self.mention(mention_id).get("doc_id"))
        return value if isinstance(value, str) else ""

    def paragraph(self, mention_id: str) -> Paragraph:
        """The paragraph around the clause read (the sentence alone when the text is missing)."""
        m = self.mention(mention_id)
        text = self.texts.get(m.get("doc_id"))
        start, end = int(m.get("clause_start") or 0), int(m.get("clause_end") or 0)
        if not isinstance(text, str) or not (0 <= start < end <= len(text)):
            evidence = m.get("evidence", "")
            return Paragraph("", evidence, "")
        left = text.rfind("\n", 0, start) + 1
        right = text.find("\n", end)
        right = len(text) if right < 0 else right
        return Paragraph(text[left:start], text[start:end], text[end:right])

    def features(self, a: str, b: str) -> tuple[float | None, float | None, list[tuple[str, float]]]:
        """Score, model probability and the contributions that made it, largest first."""
        pair = self.pairs.get(tuple(sorted((a, b))))
        if pair is None:
            return None, None, []
        contributions = []
        raw = pair.get("contributions")
        if isinstance(raw, str) and raw:
            try:
                contributions = [(k, float(v)) for k, v in json.loads(raw).items() if abs(float(v)) >= 0.005]
            except (ValueError, AttributeError):
                contributions = []
        if not contributions:
            contributions = [(k, float(pair[k])) for k in ("same_day", "date_overlap", "actors", "people", "organisations",
                                                            "event_type", "headline", "evidence") if pair.get(k)]
        contributions.sort(key=lambda kv: -abs(kv[1]))
        probability = pair.get("probability")
        probability = None if probability is None or pd.isna(probability) else float(probability)
        return float(pair["score"]), probability, contributions


class Effects:
    """What a decision does to the events: the deduplication rerun on the same mentions with
    the standing decisions and then with the decision added, compared."""

    def __init__(self, data: ReviewData) -> None:
        from . import settings
        from .dedup import load_dedup_config
        from .extract import load_event_types

        self.data = data
        self._cache: dict[tuple, dict[str, str]] = {}
        self.mentions = data.mentions.drop(columns=["event_id"])
        self.previous = dict(zip(data.mentions["mention_id"], data.mentions["event_id"]))
        self.config = load_dedup_config(settings.DEDUP_FILE)
        self.types = load_event_types(settings.EVENT_TYPES_FILE).names
        docs = data.documents
        self.links = {}
        if docs is not None and "link" in docs.columns:
            self.links = {d: link for d, link in zip(docs["doc_id"], docs["link"]) if isinstance(link, str) and link}

    def events(self, decisions: dict) -> dict[str, str]:
        """mention_id -> event_id under ``decisions``."""
        from .dedup import deduplicate

        signature = tuple(sorted((k, d["decision"]) for k, d in decisions.items()))
        if signature not in self._cache:
            result = deduplicate(self.mentions, decisions, self.config, self.previous, self.types, self.links)
            if len(self._cache) >= 4:  # the standing decisions and a few decisions asked about
                self._cache.pop(next(iter(self._cache)))
            self._cache[signature] = dict(zip(result.mentions["mention_id"], result.mentions["event_id"]))
        return self._cache[signature]

    def surprises(self, a: str, b: str, decision: str, standing: dict) -> list[str]:
        """What ``decision`` on (a, b) would do beyond joining (same) or parting (different)
        the two: mentions moved out of their events, events split. Empty: no hidden effect."""
        from .decisions import pair_key

        before = self.events(standing)
        after_decisions = dict(standing)
        after_decisions[pair_key(a, b)] = {"a": min(a, b), "b": max(a, b), "decision": decision}
        after = self.events(after_decisions)
        groups_before: dict[str, set[str]] = {}
        for m, e in before.items():
            groups_before.setdefault(e, set()).add(m)
        messages = []
        for event, members in sorted(groups_before.items()):
            if len(members) < 2:
                continue
            parts: dict[str, set[str]] = {}
            for m in members:
                parts.setdefault(after[m], set()).add(m)
            if len(parts) < 2:
                continue
            if decision == "different" and before[a] == before[b] == event and len(parts) == 2 \
                    and not any(a in p and b in p for p in parts.values()):
                kept = max(parts.values(), key=lambda p: (a in p, len(p)))
                messages.append(f"splits event {event} ({len(members)} mentions): "
                                f"{', '.join(sorted(members - kept))} leave it")
                continue
            keep = next((p for p in parts.values() if a in p or b in p), max(parts.values(), key=len))
            if a not in members and b not in members:
                keep = max(parts.values(), key=len)
            leaving = sorted(members - keep)
            messages.append(f"moves {', '.join(leaving)} out of event {event} ({len(members)} mentions)")
        return messages
