"""Mentions to events: one row per real-world event, not per report.

1. ``candidate_pairs``: blocks, never all pairs (shared actor with overlapping date ranges;
   near-identical sentences by MinHash LSH); ``blocking.extra_pairs`` adds the blocks that need
   no shared name (resolved "he"/"the union", type and date, place and type, rare words, counts,
   an index entry and its page), each bounded.
2. ``score_pair``: explainable features (date compatibility given both precisions, shared
   people and organisations, event types, places, sentence similarity); with a learned model
   (``pair_model``, features in ``pair_features``) its probability and each feature's
   contribution decide one of three outcomes: ``same``, ``review``, ``different``; without one,
   the weighted score and thresholds of ``config/dedup.toml``.
3. ``cluster_mentions``: reviewer decisions first (must-link, cannot-link), then the ``same``
   links strongest first; a link never joins two groups when a reviewer said two of their
   members differ, when their dates cannot all hold at once (for date ranges on a line,
   pairwise overlap is the same as a common overlap, so each group keeps one range), or when
   they name different places.
4. ``build_events``: one row per group, with IDs kept from the previous run where its mentions
   persist, and the span of its members' dates (``date_start``, ``date_end``).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from .blocking import BlockStats, extra_pairs, sentence_words, sweep_overlaps
from .coref import complete_participants
from .mention_rows import Completed, MentionRows
from .pair_blocks import PairBlocks, PairCollector
from .pair_features import build_context, model_features
from .pair_model import PairModel, load_model
from .pair_neighbours import Neighbours
from .pair_rules import apply_model, hand_mergeable, one_sentence, pair_outcome
from .pair_table import PairTable, PendingPairs
from .pair_workers import beside
from .scored_pairs import ScoredPairs, items_where, strongest_first

OUTCOMES = ("same", "review", "different")
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
EVENT_COLUMNS = [
    "event_id",
    "event_date",
    "date_precision",
    "date_start",
    "date_end",
    "event_type",
    "people",
    "organisations",
    "locations",
    "summary",
    "n_mentions",
    "n_sources",
    "source_urls",
    "first_published",
    "last_published",
    "needs_review",
]
PAIR_COLUMNS = [
    "mention_a", "mention_b", "score", "outcome", "blocks", "date_compatible", "same_day", "date_overlap",
    "actors", "people", "organisations", "event_type", "headline", "evidence", "location_conflict", "decision",
    "probability", "contributions",
]


@dataclass(frozen=True)
class DedupConfig:
    same: float
    review: float
    weights: dict[str, float]
    tolerance_days: int
    published_window_days: int
    publication_window_days: int
    related_types: frozenset[frozenset[str]]
    publication_types: frozenset[str]
    max_block: int
    max_neighbours: int
    minhash_threshold: float
    minhash_permutations: int
    shingle_words: int
    reporters: frozenset[str]
    broad_places: frozenset[str]
    max_extra_block: int = 200  # the blocks of pipeline/blocking.py (split by year, month, day, then windowed)
    durative_types: frozenset[str] = frozenset()
    durative_window_days: int = 0
    month_window_days: int = 0
    corroboration: int = 0  # review links that together join two groups (0: never)
    average_link: float = 0.0  # mean score of the scored pairs between two groups that a join needs (0: off)
    corroborate_precision: float = 0.75  # held-out precision at which training sets the model's `corroborate`
    alike_types: frozenset[frozenset[str]] = frozenset()  # two names of one occurrence (a strike, a protest)
    max_word_share: float = 0.05
    words_per_mention: int = 4
    nearest_bounded: int = 0  # pairs a mention keeps from blocks beyond their bound: its nearest by date (0: all)
    model: PairModel | None = None
    reporter_keys: frozenset[str] = frozenset()  # reporters.reporter_names(): the listed media and NGOs, by name_key


def load_dedup_config(path: Path, with_model: bool = True) -> DedupConfig:
    """The dedup settings; ``with_model=False`` for training, which writes the model."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("max_block", "max_neighbours"):
        value = data.get("blocking", {}).get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{path}: [blocking] {key} must be a whole number of at least 1, not {value!r}")
    return DedupConfig(
        same=data["thresholds"]["same"],
        review=data["thresholds"]["review"],
        weights=dict(data["weights"]),
        tolerance_days=data["dates"]["tolerance_days"],
        published_window_days=data["dates"]["published_window_days"],
        publication_window_days=data["dates"].get("publication_window_days", 0),
        related_types=frozenset(frozenset(p) for p in data["types"]["related"]),
        alike_types=_type_pairs(data["types"], "alike", path),
        corroboration=_setting(data.get("clustering", {}), "corroboration", 0, int, 0, 100, path),
        average_link=_setting(data.get("clustering", {}), "average_link", 0.0, float, 0.0, 1.0, path),
        corroborate_precision=_setting(data.get("clustering", {}), "corroborate_precision", 0.75, float, 0.5, 1.0, path),
        publication_types=frozenset(data["types"].get("publication", [])),
        max_block=data["blocking"]["max_block"],
        max_neighbours=data["blocking"]["max_neighbours"],
        minhash_threshold=data["blocking"]["minhash_threshold"],
        minhash_permutations=data["blocking"]["minhash_permutations"],
        shingle_words=data["blocking"]["shingle_words"],
        reporters=frozenset(data["blocking"].get("reporters", [])),
        broad_places=frozenset(data["blocking"].get("broad_places", [])),
        durative_types=frozenset(data["types"].get("durative", [])),
        durative_window_days=_setting(data["dates"], "durative_window_days", 0, int, 0, 366, path),
        month_window_days=_setting(data["dates"], "month_window_days", 0, int, 0, 62, path),
        max_extra_block=_setting(data["blocking"], "max_extra_block", 200, int, 2, 100_000, path),
        max_word_share=_setting(data["blocking"], "max_word_share", 0.05, float, 0.0, 1.0, path),
        words_per_mention=_setting(data["blocking"], "words_per_mention", 4, int, 1, 50, path),
        nearest_bounded=_setting(data["blocking"], "nearest_bounded", 0, int, 0, 100_000, path),
        model=_load_configured_model(Path(path), data.get("model", {})) if with_model else None,
        reporter_keys=_reporter_keys(Path(path).parent / "reporters.toml"),
    )


def _reporter_keys(path: Path) -> frozenset[str]:
    """The names of the listed reporters (``config/reporters.toml`` beside the dedup file), so
    that a report naming its source agency shares no actor with another for that."""
    from .reporters import reporter_names

    return reporter_names(path=path) if path.exists() else frozenset()


def with_run_reporters(rows: list[dict], config: DedupConfig) -> DedupConfig:
    """``config`` whose ``reporters`` also hold every organisation of the run that is a listed
    reporter or a source's publisher under any of its names (case, a leading 'the' ignored)."""
    from dataclasses import replace

    from .entities import name_key

    keys = config.reporter_keys | {name_key(str(r["publisher"])) for r in rows if isinstance(r.get("publisher"), str)}
    found = {o for r in rows for o in r["organisations"] if name_key(o) in keys}
    return replace(config, reporters=config.reporters | found) if found - config.reporters else config


def _type_pairs(section: dict, key: str, path: Path) -> frozenset[frozenset[str]]:
    """A list of pairs of event types, checked: the error names the entry and the file."""
    pairs = section.get(key, [])
    if not isinstance(pairs, list) or any(not isinstance(p, list) or len(p) != 2 or not all(isinstance(t, str) for t in p) for p in pairs):
        raise ValueError(f"{path}: [types] {key} must be a list of pairs of event types, got {pairs!r}")
    return frozenset(frozenset(p) for p in pairs)


def _setting(section: dict, key: str, default, kind: type, low: float, high: float, path: Path):
    """A number of the config, checked: the error names the entry and the file."""
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)) \
            or not low <= value <= high:
        raise ValueError(f"{path}: {key} must be {'an integer' if kind is int else 'a number'} "
                         f"between {low} and {high}, got {value!r}")
    return kind(value)


def _load_configured_model(config_path: Path, section: dict) -> PairModel | None:
    """The learned pair model named by ``[model] file`` (relative to the config file), or
    None: the hand weights of ``[weights]`` then score the pairs."""
    if not section.get("file"):
        return None
    return load_model(config_path.parent / section["file"])


# -- dates as ranges -----------------------------------------------------------------------


def _published_statement(row: dict, config: DedupConfig) -> bool:
    """A statement without a date of its own is made about when it is published."""
    return row.get("date_from") == "published" and row.get("event_type") in config.publication_types


def effective_date(row: dict, config: DedupConfig) -> tuple[str | None, str | None, str]:
    """(date, precision, origin): the sentence's own date ("text"; for a statement, its
    publication date), the date read before it in its document ("context"), or the
    publication date ("published")."""
    if _published_statement(row, config):
        return row.get("event_date"), row.get("date_precision"), "text"
    if row.get("date_from") == "published" and isinstance(row.get("context_date"), str) and row.get("context_from") == "previous":
        return row["context_date"], row["context_precision"], "context"
    return row.get("event_date"), row.get("date_precision"), row.get("date_from") or "published"


def mention_range(row: dict, config: DedupConfig) -> tuple[int, int] | None:
    """``_own_range``, widened for an occurrence that lasts (a strike, a protest): a report of
    the day it began and one of the day it spread are about one strike."""
    days = _own_range(row, config)
    span = _span(row)
    if span is not None:  # the days its sentence says it covers ("ended an eight-month strike")
        days = (min(days[0], span[0]), max(days[1], span[1])) if days else span
    if days and row.get("event_type") in config.durative_types:
        return days[0] - config.durative_window_days, days[1] + config.durative_window_days
    when, precision, origin = effective_date(row, config)
    if days and precision == "month" and origin != "published":  # "sentenced in June" for a verdict of 17 July
        return days[0] - config.month_window_days, days[1] + config.month_window_days
    return days


def _span(row: dict) -> tuple[int, int] | None:
    """The mention's ``span_start`` to ``span_end`` as ordinals, when extraction gave both."""
    start, end = row.get("span_start"), row.get("span_end")
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    try:
        return date.fromisoformat(start[:10]).toordinal(), date.fromisoformat(end[:10]).toordinal()
    except ValueError:
        return None


def _own_range(row: dict, config: DedupConfig) -> tuple[int, int] | None:
    """The days a mention may be about: its own date; for a sentence without one, the window
    before publication (for a statement, a short one), widened to the last date its document
    gave before it (``context_date``) if that is older."""
    if _published_statement(row, config):
        days = date_range(row.get("event_date"), row.get("date_precision"), "text", config)
        return days and (days[0] - config.publication_window_days, days[1])
    if row.get("date_from") == "published" and row.get("context_from") == "body" and isinstance(row.get("context_date"), str):
        start = date_range(row["context_date"], row["context_precision"], "text", config)  # an undated title:
        end = date_range(row["event_date"], row["date_precision"], "text", config)  # its text's first date to publication
        if start and end:
            return start[0], max(start[1], end[1])
    when, precision, origin = effective_date(row, config)
    if origin == "context":  # the previous date is a hint (an update box, a background date may come
        # between), not a bound: the range also keeps the window before publication
        hint = date_range(when, precision, "text", config)
        window = date_range(row.get("event_date"), row.get("date_precision"), "published", config)
        if hint and window:
            return min(hint[0], window[0]), max(hint[1], window[1])
    return date_range(when, precision, "published" if origin == "published" else "text", config)


def date_range(event_date: str | None, precision: str | None, date_from: str | None, config: DedupConfig) -> tuple[int, int] | None:
    """The days (as ordinals) a date may stand for; None for no date or one that is no date
    (never an error: year 1 and year 9999 are dates like others, ordinals need no calendar)."""
    if not isinstance(event_date, str) or not event_date:
        return None
    try:
        year = int(event_date[:4])
        if precision == "day":
            start = end = date.fromisoformat(event_date[:10]).toordinal()
        elif precision == "month":
            month = int(event_date[5:7])
            start = date(year, month, 1).toordinal()
            end = start + calendar.monthrange(year, month)[1] - 1
        else:
            start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None
    if date_from == "published":
        start -= config.published_window_days
    return start, end


def _tolerance(a: tuple[int, int], b: tuple[int, int], tolerance: int) -> int:
    """Days of slack: only for a single day (a report a day late, a time zone); January and
    February are different months however close their ends."""
    return tolerance if a[0] == a[1] or b[0] == b[1] else 0


def ranges_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None, tolerance: int) -> bool:
    if a is None or b is None:
        return True  # an undated mention constrains nothing
    slack = _tolerance(a, b, tolerance)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def _intersect(a: tuple[int, int] | None, b: tuple[int, int] | None, tolerance: int) -> tuple[int, int] | None:
    if a is None:
        return b
    if b is None:
        return a
    slack = _tolerance(a, b, tolerance)
    return max(a[0], b[0] - slack), min(a[1], b[1] + slack)


# -- candidate pairs -----------------------------------------------------------------------


def _taking_part(row: dict, config: DedupConfig) -> set[str]:
    """The organisations named, less those reporting (the configured reporters, the publisher)."""
    return set(row["organisations"]) - config.reporters - {row.get("publisher") or ""}


def _actors(row: dict, config: DedupConfig) -> set[str]:
    """People and organisations, but not those reporting (they are the actors of statements)."""
    if row.get("event_type") in config.publication_types:
        return set(row["people"]) | set(row["organisations"])
    return set(row["people"]) | _taking_part(row, config)


# "(Berlin) – ...", "ALMATY, Kazakhstan -- ...": where the report was filed, not where it happened
DATELINE = re.compile(r"^\s*\(?((?:[A-Z][\w'\u2019.-]*,?\s*){1,4})\)?\s*(?:--|\u2013|\u2014|-)\s")


def dateline_places(row: dict) -> set[str]:
    """Places named only in the sentence's dateline: the publisher's desk, no place of the event."""
    evidence = row.get("evidence") or ""
    match = DATELINE.match(evidence)
    if not match:
        return set()
    head, body = match.group(1).lower(), evidence[match.end():].lower()
    return {place for place in row["locations"] if place.lower() in head and place.lower() not in body}


def _places(row: dict, config: DedupConfig) -> set[str]:
    """The places that tell events apart: not the broad ones, not a dateline's."""
    return set(row["locations"]) - config.broad_places - dateline_places(row)


@dataclass
class Blocking:
    """Candidate pairs of row indices (i < j) with the blocks that proposed them, and the
    blocks that were too large to pair in full (``kind key``: members)."""

    pairs: PairBlocks  # (i, j) -> the kinds of block that proposed it
    capped: dict[str, int] = field(default_factory=dict)


def candidate_pairs(rows: list[dict], ranges: list[tuple[int, int] | None], config: DedupConfig) -> Blocking:
    """Pairs from blocks. A block of more than ``max_block`` mentions (a person named in
    thousands of index entries) is not paired in full: each mention meets only its
    ``max_neighbours`` nearest predecessors by date, so the work stays linear in the number of
    mentions while reports of one day still meet. Near-identical sentences: the same bound."""
    collected = PairCollector(len(rows))
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        actors = _actors(row, config)
        for actor in actors:
            blocks[("actor", actor)].append(i)
        if not actors:
            for place in _places(row, config):
                blocks[("place", place)].append(i)
        blocks[("document", row["doc_id"])].append(i)
    capped: dict[str, int] = {}
    for (kind, key), members in blocks.items():
        if len(members) < 2:
            continue
        cap = None
        if len(members) > config.max_block:
            cap = config.max_neighbours
            capped[f"{kind} {key}"] = len(members)
        collected.add(kind, _overlapping(members, ranges, config.tolerance_days, rows, cap), bounded=cap is not None)
    similar, text_capped = _similar_text(rows, config)
    collected.add("text", similar)
    if text_capped:
        capped["text (near-identical sentences)"] = text_capped
    return Blocking(collected.blocks(), capped)


def _overlapping(members: list[int], ranges: list[tuple[int, int] | None], tolerance: int,
                 rows: list[dict], cap: int | None = None):
    """Sweep over date ranges sorted by start: only overlapping ranges are paired. With a
    ``cap``, a mention meets only the ``cap`` mentions before it in that order (ties ordered
    by sentence, so like sentences of one day stand together), an undated one the ``cap``
    nearest in document order."""
    undated = [m for m in members if ranges[m] is None]
    dated = sorted((m for m in members if ranges[m] is not None), key=lambda m: (*ranges[m], rows[m]["evidence"], m))
    if cap is None:
        yield from sweep_overlaps(dated, ranges, tolerance)
        for u in undated:
            for m in members:
                if m != u:
                    yield u, m
        return
    for position, m in enumerate(dated):
        start = ranges[m][0] - tolerance
        for a in dated[max(0, position - cap):position]:
            if ranges[a][1] + tolerance >= start:
                yield a, m
    ordered = sorted(members)
    at = {m: k for k, m in enumerate(ordered)}
    for u in undated:
        for m in ordered[max(0, at[u] - cap // 2): at[u] + cap // 2 + 1]:
            if m != u:
                yield u, m


def _similar_text(rows: list[dict], config: DedupConfig) -> tuple[list[tuple[int, int]], int]:
    """Pairs of near-identical sentences (MinHash LSH, ``near_text``), each sentence with at most
    ``max_neighbours`` others (the most similar, by the MinHash estimate); and how many
    sentences had more candidates than that."""
    from .near_text import similar_text

    return similar_text(rows, config.minhash_threshold, config.minhash_permutations, config.shingle_words,
                        config.max_neighbours)


# -- scores --------------------------------------------------------------------------------


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _actor_agreement(a: dict, b: dict, config: DedupConfig) -> float:
    """People decide when both name people (the court and the union around them may differ);
    else organisations (reporters only when nobody else is named); else the places."""
    if len(a["people"]) and len(b["people"]):
        return _overlap(set(a["people"]), set(b["people"]))
    if a["event_type"] in config.publication_types and b["event_type"] in config.publication_types:
        return _overlap(_actors(a, config), _actors(b, config))  # who speaks, reporters included
    orgs_a, orgs_b = _taking_part(a, config), _taking_part(b, config)
    if not orgs_a and not orgs_b and not len(a["people"]) and not len(b["people"]):
        orgs_a, orgs_b = set(a["organisations"]), set(b["organisations"])  # statements by reporters
    if orgs_a and orgs_b:
        return _overlap(orgs_a, orgs_b)
    if len(a["people"]) or len(b["people"]):  # one names a person, the other only organisations
        return 0.5 * _overlap(_actors(a, config), _actors(b, config))
    return _overlap(_places(a, config), _places(b, config))


def _type_agreement(a: str, b: str, config: DedupConfig) -> float:
    """1 the same type, 0.75 two names of one occurrence (``alike``), 0.5 related (a later stage
    of the same people's case, ``related``), 0 otherwise."""
    pair = frozenset((a, b))
    return 1.0 if a == b else 0.75 if pair in config.alike_types else 0.5 if pair in config.related_types else 0.0


def _place_conflict(a: set[str], b: set[str]) -> float:
    return float(bool(a) and bool(b) and not a & b)


def score_pair(a: dict, b: dict, range_a, range_b, config: DedupConfig) -> dict:
    """The features of a pair, its score and its outcome; every number is kept for review."""
    w = config.weights
    compatible = ranges_overlap(range_a, range_b, config.tolerance_days)
    date_a, date_b = effective_date(a, config), effective_date(b, config)
    same_day = 0.0
    if date_a[1] == date_b[1] == "day" and date_a[0] == date_b[0]:
        origins = {date_a[2], date_b[2]}
        same_day = 1.0 if origins == {"text"} else 0.5 if "published" in origins and origins != {"published"} else 0.75 if "published" not in origins else 0.0
    features = {
        "date_compatible": compatible,
        "same_day": same_day,
        "date_overlap": float(compatible and date_a[2] != "published" and date_b[2] != "published"),
        "actors": _actor_agreement(a, b, config),
        "people": _jaccard(set(a["people"]), set(b["people"])),
        "organisations": _jaccard(_taking_part(a, config), _taking_part(b, config)),
        "event_type": _type_agreement(a["event_type"], b["event_type"], config),
        "headline": float(a["doc_id"] == b["doc_id"] and bool(a.get("from_title")) != bool(b.get("from_title"))
                          and a["event_type"] == b["event_type"]),
        "evidence": fuzz.token_set_ratio(a["evidence"], b["evidence"]) / 100,
        "location_conflict": _place_conflict(_places(a, config), _places(b, config)),
        "same_place": float(bool(_places(a, config) & _places(b, config))),
        # both last for days or weeks (a strike, a protest): one report may date it by two months
        "lasting": float(a["event_type"] in config.durative_types and b["event_type"] in config.durative_types),
    }
    score = sum(w[name] * float(features[name]) for name in w)
    # related types merge across reports (one calls "sentenced" what another calls "ruled"),
    # but within one report two types are two occurrences (the sentence, then the appeal)
    mergeable = hand_mergeable(features["event_type"], a["doc_id"] == b["doc_id"])
    outcome = pair_outcome(score, config.same, config.review, compatible, mergeable)
    return {**features, "score": round(score, 4), "outcome": outcome}


# -- clustering ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """A group of clustering. A mention's own group shares its sets with others until it grows
    (``own``): a million groups of one held a gigabyte of empty and one-name sets."""

    members: list[int]
    range: tuple[int, int] | None
    places: set[str] | frozenset[str] = frozenset()
    casts: set[frozenset[str]] | frozenset[frozenset[str]] = frozenset()  # the people each member names
    cannot: set[int] | frozenset[int] = frozenset()
    owned: bool = False  # its sets are its own, to change in place

    def own(self) -> _Group:
        if not self.owned:
            self.places, self.casts, self.cannot, self.owned = set(self.places), set(self.casts), set(self.cannot), True
        return self


@dataclass
class Clustering:
    labels: list[int]  # group number per row
    conflicts: list[tuple[int, int]]  # "different" decisions overruled by chains of "same" ones


def cluster_mentions(
    n: int,
    ranges: list[tuple[int, int] | None],
    scored: dict[tuple[int, int], dict],
    must: list[tuple[int, int]],
    cannot: list[tuple[int, int]],
    tolerance: int,
    places: list[set[str]] | None = None,
    people: list[set[str]] | None = None,
    corroboration: int = 0,
    average_link: float = 0.0,
) -> Clustering:
    """Groups of mentions. Links are followed strongest first, and only when the two groups
    can be one event: no reviewer said two of their members differ, their date ranges still
    overlap, and they do not name different places (Almaty branch, Atyrau branch). Then, with
    ``corroboration``, two groups that ``review`` links join, from at least that many members on
    each side, are joined under the same guarantees, each link mergeable by the hard rules and at
    the model's ``corroborate`` probability (``pair["corroborates"]``): several reports on each
    side, each likely the same, tell more than one link does; one report's links to every member
    of a group are not several reports.

    With ``average_link``, a join must also suit the two groups as wholes: the mean score of
    the scored pairs between their members reaches it, so one strong link does not chain a
    report into a group whose other members it scores as different (average link over the
    pairs the blocks proposed; pairs no block proposed say nothing either way). A pair that is
    one report (``pair["one_report"]``: a statement's heading and signature, an index entry and
    its page) joins without it."""
    parent = list(range(n))
    neighbours = Neighbours.of(n, scored) if average_link else None  # each mention's scored pairs, as arrays
    places = places or [set() for _ in range(n)]
    people = people or [set() for _ in range(n)]
    casts: dict[frozenset[str], frozenset[frozenset[str]]] = {frozenset(): frozenset()}  # equal casts shared
    groups: list[_Group | None] = [
        _Group([i], ranges[i], places[i], casts.setdefault(cast := frozenset(people[i]), frozenset({cast})))
        for i in range(n)]
    del casts
    conflicts: list[tuple[int, int]] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj:
            return
        if len(groups[ri].members) < len(groups[rj].members):
            ri, rj = rj, ri
        big, small = groups[ri].own(), groups[rj]
        groups[rj] = None
        parent[rj] = ri
        big.members += small.members
        big.cannot |= small.cannot
        big.places |= small.places
        big.casts |= small.casts
        if big.range and small.range and ranges_overlap(big.range, small.range, tolerance):
            big.range = _intersect(big.range, small.range, tolerance)
        else:  # only a reviewer's "same" joins groups whose dates disagree
            big.range = big.range or small.range

    for i, j in cannot:
        groups[find(i)].own().cannot.add(j)
        groups[find(j)].own().cannot.add(i)
    for i, j in must:  # a reviewer's "same" is followed even against the dates
        if find(i) != find(j):
            union(i, j)
    for i, j in cannot:
        if find(i) == find(j):
            conflicts.append((i, j))
    def can_join(ri: int, rj: int, one_report: bool = False) -> bool:
        gi, gj = groups[ri], groups[rj]
        if set(gj.members) & gi.cannot or set(gi.members) & gj.cannot:
            return False  # a reviewer said two of these differ
        if not ranges_overlap(gi.range, gj.range, tolerance):
            return False  # some members' dates could not all hold
        if gi.places and gj.places and not gi.places & gj.places:
            return False  # different places
        # a member of each names people and none is shared: two people's events
        if any(not a & b for a in gi.casts for b in gj.casts):
            return False
        return one_report or not average_link or _mean_link(gi, gj) >= average_link

    def _mean_link(gi: _Group, gj: _Group) -> float:
        """The mean score of the scored pairs between two groups, from the smaller one's side
        (each member's neighbours are few: blocks are bounded)."""
        small, big = (gi, gj) if len(gi.members) <= len(gj.members) else (gj, gi)
        root = find(big.members[0])
        scores = []
        for m in small.members:
            others, their = neighbours.of_mention(m)
            scores += [s for other, s in zip(others, their) if find(other) == root]
        return sum(scores) / len(scores) if scores else 1.0

    for (i, j), pair in strongest_first(scored):
        ri, rj = find(i), find(j)
        if ri != rj and can_join(ri, rj, bool(pair.get("one_report"))):  # one report's parts: no average
            union(i, j)
    if corroboration:  # groups that several "possibly the same" links join, each mergeable on its own
        between: dict[frozenset[int], list[tuple[int, int]]] = defaultdict(list)
        for (i, j), pair in items_where(scored, "outcome", "review"):
            if pair.get("corroborates") and find(i) != find(j):
                between[frozenset((find(i), find(j)))].append((i, j))
        for links in sorted(between.values(), key=lambda ls: (-len(ls), min(ls))):
            ri, rj = find(links[0][0]), find(links[0][1])
            # distinct members on both sides: not one report's links to each member of a group
            ends = ({i if find(i) == ri else j for i, j in links}, {j if find(i) == ri else i for i, j in links})
            if max(len(ends[0]), len(ends[1])) >= corroboration and ri != rj and can_join(ri, rj):
                union(*links[0])
    roots = {find(i) for i in range(n)}
    numbering = {root: k for k, root in enumerate(sorted(roots, key=lambda r: min(groups[r].members)))}
    return Clustering([numbering[find(i)] for i in range(n)], conflicts)


# -- events --------------------------------------------------------------------------------


def _event_id(members: list[str]) -> str:
    return "evt_" + hashlib.sha1(min(members).encode()).hexdigest()[:16]


def assign_event_ids(groups: dict[int, list[str]], previous: dict[str, str]) -> dict[int, str]:
    """Keep each group's previous event ID where its mentions persist (the ID most of its
    members had, largest groups first); new groups get an ID from their first mention."""
    taken: set[str] = set()
    ids: dict[int, str] = {}
    order = sorted(groups, key=lambda g: (-len(groups[g]), min(groups[g])))
    for g in order:
        votes = Counter(previous[m] for m in groups[g] if m in previous)
        for candidate, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if candidate not in taken:
                ids[g] = candidate
                taken.add(candidate)
                break
    for g in order:
        if g not in ids:
            candidate, salt = _event_id(groups[g]), 0
            while candidate in taken:  # every ID given so far is in taken
                salt += 1
                candidate = _event_id([f"{min(groups[g])}#{salt}"])
            ids[g] = candidate
        taken.add(ids[g])
    return ids


def _best_date(rows: list[dict]) -> tuple[str | None, str | None]:
    dated = [r for r in rows if isinstance(r["event_date"], str)]
    if not dated:
        return None, None
    from_text = [r for r in dated if r["date_from"] == "text"] or dated
    best = min(PRECISION_RANK.get(r["date_precision"], 3) for r in from_text)
    candidates = Counter(r["event_date"] for r in from_text if PRECISION_RANK.get(r["date_precision"], 3) == best)
    value = sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return value, next(r["date_precision"] for r in from_text if r["event_date"] == value)


def _summary(rows: list[dict]) -> str:
    def quality(r: dict) -> tuple:
        names = len(r["people"]) + len(r["organisations"])
        return (r["date_from"] != "text", -names, -len(r["evidence"]), r["mention_id"])

    return min(rows, key=quality)["evidence"]


def build_events(rows: list[dict], labels: list[int], event_ids: dict[int, str], flagged: set[int], type_order: list[str],
                 spans: dict[int, tuple[str, str]] | None = None) -> list[dict]:
    """One dictionary per event (``event_columns`` as rows)."""
    columns = event_columns(rows, labels, event_ids, flagged, type_order, spans)
    return [dict(zip(EVENT_COLUMNS, values)) for values in zip(*(columns[c] for c in EVENT_COLUMNS))]


def event_columns(rows: list[dict], labels: list[int], event_ids: dict[int, str], flagged: set[int], type_order: list[str],
                  spans: dict[int, tuple[str, str]] | None = None) -> dict[str, list]:
    """The events table as one list per column (``EVENT_COLUMNS``), in its order (by date, then
    ID): a dictionary per event was some 600 bytes more, a million events most of a run's end."""
    members: dict[int, list[dict]] = defaultdict(list)
    for row, label in zip(rows, labels):
        members[label].append(row)
    columns: dict[str, list] = {c: [] for c in EVENT_COLUMNS}
    add = {c: columns[c].append for c in EVENT_COLUMNS}
    rank = {t: k for k, t in enumerate(type_order)}
    spans = spans or {}
    for label, group in members.items():
        types = Counter(r["event_type"] for r in group)
        event_type = sorted(types.items(), key=lambda kv: (-kv[1], rank.get(kv[0], 99)))[0][0]
        event_date, precision = _best_date(group)
        published = sorted(r["published"] for r in group if isinstance(r["published"], str))
        span = spans.get(label, (None, None))
        add["event_id"](event_ids[label])
        add["event_date"](event_date)
        add["date_precision"](precision)
        add["date_start"](span[0])
        add["date_end"](span[1])
        add["event_type"](event_type)
        add["people"](sorted({p for r in group for p in r["people"]}))
        add["organisations"](sorted({o for r in group for o in r["organisations"]}))
        add["locations"](sorted({x for r in group for x in r["locations"]}))
        add["summary"](_summary(group))
        add["n_mentions"](len(group))
        add["n_sources"](len({r["publisher"] for r in group}))
        add["source_urls"](sorted({r["url"] for r in group}))
        add["first_published"](published[0] if published else None)
        add["last_published"](published[-1] if published else None)
        add["needs_review"](label in flagged)
    del members
    dates, ids = columns["event_date"], columns["event_id"]
    order = sorted(range(len(ids)), key=lambda k: (dates[k] or "", ids[k]))
    return {c: [values[k] for k in order] for c, values in columns.items()}


def event_frame(columns: dict[str, list]) -> pd.DataFrame:
    """The events table from ``event_columns``: the frame its rows as records give, of the same
    column types (no events: the empty frame of records)."""
    if not columns["event_id"]:
        return pd.DataFrame([], columns=EVENT_COLUMNS)
    return pd.DataFrame(columns, columns=EVENT_COLUMNS)


# -- the whole stage -----------------------------------------------------------------------


@dataclass
class Candidates:
    """Every candidate pair of a run with the blocks that proposed it and its scored features."""

    ranges: list[tuple[int, int] | None]
    blocks: PairBlocks  # (i, j) -> the kinds of block that proposed it
    scored: dict[tuple[int, int], dict]  # a run's: scored_pairs.ScoredPairs, the same mapping as columns
    block_stats: dict[str, BlockStats]
    capped: dict[str, int] = field(default_factory=dict)  # actor/place/text blocks paired by nearest neighbours only
    participants: list[dict] = field(default_factory=list)  # coref.complete_participants of the rows


def _narrow_text_range(row: dict, days: tuple[int, int] | None, config: DedupConfig) -> tuple[int, int] | None:
    """The range of a mention dated by its text (or context) to a day, a month or a year, else None."""
    if days is None or effective_date(row, config)[2] == "published" or days[1] - days[0] > 366:
        return None
    return days


def shared_sets(sets) -> list[frozenset]:
    """Each set as a frozenset, equal ones one object (read only): most mentions name the places
    and people others name, and a set each took some 200 bytes a mention."""
    known: dict[frozenset, frozenset] = {}
    return [known.setdefault(s := frozenset(values), s) for values in sets]


def _middle_days(ranges: list[tuple[int, int] | None]) -> np.ndarray:
    """Each mention's middle day (an ordinal), -1 for an undated one."""
    return np.fromiter((-1 if r is None else (r[0] + r[1]) // 2 for r in ranges), dtype=np.int64, count=len(ranges))


def score_candidates(rows: list[dict], config: DedupConfig, links: dict[str, str] | None = None,
                     also: set[tuple[int, int]] | None = None, one_at_a_time: bool = False,
                     keep: frozenset[str] | None = None, prior=None) -> Candidates:
    """Blocks (``candidate_pairs`` and ``blocking.extra_pairs``), then each pair's features
    and, with a learned model, its probability, contributions and outcome. Training
    (``train_dedup``) calls this too, with ``also`` the labelled pairs no block proposed, so
    that it learns from the same features a run computes. ``one_at_a_time`` scores each pair
    with the reference functions (``score_pair``, ``model_features``, ``apply_model``), as the
    test of the faster path does; ``keep`` names the only keys each scored pair keeps. ``prior``
    (``pair_cache.PairCache``) scores in its place, reusing the last run's unchanged pairs."""
    config = with_run_reporters(rows, config)
    ranges = [mention_range(r, config) for r in rows]

    def extra() -> tuple:
        participants, words = complete_participants(rows), sentence_words(rows)
        return participants, words, extra_pairs(
            rows, ranges, [_narrow_text_range(r, d, config) for r, d in zip(rows, ranges)], participants,
            shared_sets(_places(r, config) for r in rows), shared_sets(set(r["locations"]) & config.broad_places for r in rows),
            links or {}, config.tolerance_days, config.max_extra_block, config.max_word_share, config.words_per_mention,
            config.related_types | config.alike_types, window=config.max_neighbours, words=words,
        )

    # the two blocking passes on both cores (a forked child's blocks, from pair_workers.MIN_MENTIONS on)
    blocking, (participants, words, (more, more_stats)) = beside(lambda: candidate_pairs(rows, ranges, config), extra, len(rows))
    stats: dict[str, BlockStats] = {kind: BlockStats(pairs=proposed) for kind, proposed in blocking.pairs.counts().items()}
    stats.update(more_stats)
    blocks = blocking.pairs.union(more)  # arrays: the kinds of a pair as bits, one frozenset per combination
    blocking.pairs = more = None  # (the two halves: not held through scoring)
    if config.nearest_bounded:  # of the pairs only oversize blocks proposed, each mention's nearest
        blocks = blocks.nearest(_middle_days(ranges), config.nearest_bounded)
        left = blocks.counts()
        for kind, kind_stats in stats.items():
            kind_stats.beyond_nearest, kind_stats.pairs = kind_stats.pairs - left.get(kind, 0), left.get(kind, 0)
    scoring = blocks.with_pairs(also) if also else blocks  # in (i, j) order
    completed = [Completed(r, p) for r, p in zip(rows, participants)]  # each row as coreference completed it (a view)
    context = build_context(rows, participants, config.reporters, words)
    del words
    if one_at_a_time:
        dates = [effective_date(r, config) for r in rows]
        scored = {}
        for i, j in scoring:
            pair = score_pair(completed[i], completed[j], ranges[i], ranges[j], config)
            pair["features"] = model_features(i, j, rows, pair, dates, context)
            if config.model is not None:
                apply_model(pair, completed[i], completed[j], blocks.get((i, j), set()), config.model, config.publication_types)
            scored[(i, j)] = pair
    else:  # the same values from facts computed once per mention (pair_scoring)
        from .pair_scoring import facts_of, score_all

        facts = facts_of(rows, completed, participants, context, config)
        scored = (prior.score if prior is not None else score_all)(scoring, facts, ranges, context, blocks, config, keep)
    return Candidates(ranges, blocks, scored, stats, blocking.capped, participants)


@dataclass
class DedupResult:
    events: pd.DataFrame
    mentions: pd.DataFrame  # the input with `event_id`
    pair_rows: PairTable | pd.DataFrame  # every scored candidate pair with its features and outcome (``pairs``)
    review_queue: pd.DataFrame | PendingPairs  # flagged pairs no reviewer has decided yet (``queue``: as a frame)
    applied: int  # reviewer decisions applied
    stale: list[str]  # decisions whose mentions no longer exist
    conflicts: list[str]  # decisions that contradict each other
    capped: dict[str, int] = field(default_factory=dict)  # blocks too large to pair in full: members
    warnings: list[str] = field(default_factory=list)  # one line per capped block
    block_stats: dict[str, BlockStats] = field(default_factory=dict)  # per block kind: blocks, largest, pairs

    @property
    def pairs(self) -> pd.DataFrame:
        """``pairs.parquet``'s table, made from the scored arrays when first read (``pair_table``);
        ``pair_rows.write`` writes it in row groups without making it whole."""
        if not isinstance(self.pair_rows, pd.DataFrame):
            self.pair_rows = self.pair_rows.frame()
        return self.pair_rows

    @property
    def pair_count(self) -> int:
        return len(self.pair_rows)

    def pair_columns(self, columns: list[str]) -> pd.DataFrame:
        """Only these columns of ``pairs.parquet``'s table (its counts read a few)."""
        if isinstance(self.pair_rows, pd.DataFrame):
            return self.pair_rows[columns]
        return self.pair_rows.frame(columns=columns)

    @property
    def queue(self) -> pd.DataFrame:
        """The review queue as a data frame (made from the pair table when first read)."""
        if not isinstance(self.review_queue, pd.DataFrame):
            self.review_queue = self.review_queue.frame()
        return self.review_queue

    def __getstate__(self) -> dict:  # (kept by the stage cache: the pair table and the queue as the arrays they are made from)
        return self.__dict__


def _date_spans(rows: list[dict], labels: list[int], ranges: list[tuple[int, int] | None], config: DedupConfig) -> dict[int, tuple[str, str]]:
    """Per group, the earliest and latest day its members' own dates allow: a day's
    disagreement between publishers shows as a two-day span, not as two events."""
    spans: dict[int, list[int]] = {}
    for row, label, days in zip(rows, labels, ranges):
        if days is None or effective_date(row, config)[2] == "published":
            continue
        span = spans.setdefault(label, [days[0], days[1]])
        span[0], span[1] = min(span[0], days[0]), max(span[1], days[1])
    for row, label in zip(rows, labels):  # dated only by publication: the event date's own range
        if label not in spans:
            days = date_range(row.get("event_date"), row.get("date_precision"), "text", config)
            if days:
                spans[label] = [days[0], days[1]]
    known: dict[int, str] = {}  # each day's text made once (a run's events fall on a few thousand days)

    def iso(day: int) -> str:
        text = known.get(day)
        if text is None:
            text = known[day] = date.fromordinal(day).isoformat()
        return text

    return {label: (iso(a), iso(b)) for label, (a, b) in spans.items()}


def _one_sentence_pairs(rows: list[dict], must: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs of mentions of one sentence (``pair_rules.one_sentence``): kept apart in clustering
    as a reviewer's "different" would, so that no chain through other reports joins them; a
    reviewer's "same" still wins."""
    by_sentence: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_sentence[(row["doc_id"], row["evidence"])].append(i)
    return [(i, j) for members in by_sentence.values() for k, i in enumerate(members) for j in members[k + 1:]
            if (i, j) not in must and one_sentence(rows[i], rows[j])]


def _pending_groups(scored, labels: list[int], decided: dict[tuple[int, int], str]) -> set[int]:
    """The groups of the pairs flagged for review that no reviewer decided and that clustering
    left apart: by array for scored columns (a list of a large run's flagged pairs as tuples held
    some 120 bytes each at the end of the run), else pair by pair."""
    if not isinstance(scored, ScoredPairs):
        return {labels[k] for p, _ in items_where(scored, "outcome", "review")
                if p not in decided and labels[p[0]] != labels[p[1]] for k in p}
    at = scored.where("outcome", "review")
    group = np.asarray(labels, dtype=np.int64)
    a, b = scored.i[at].astype(np.int64), scored.j[at].astype(np.int64)
    apart = group[a] != group[b]
    if decided:
        n = max(1, len(labels))
        known = np.fromiter((i * n + j for i, j in decided), dtype=np.int64, count=len(decided))
        apart &= ~np.isin(a * n + b, known)
    return set(group[a[apart]].tolist()) | set(group[b[apart]].tolist())


PAIR_KEYS = frozenset(PAIR_COLUMNS) | {"corroborates", "one_report"}  # what clustering and pairs.parquet read of a scored pair


def pair_table(rows: list[dict], scored: dict[tuple[int, int], dict], blocks: dict[tuple[int, int], frozenset[str]],
               decided: dict[tuple[int, int], str]) -> pd.DataFrame:
    """``pairs.parquet``: every scored pair, highest score first, built column by column (one
    dictionary per pair as well as the pair itself doubled the memory of a large run); from the
    arrays themselves when the pairs are kept as columns (``scored_pairs``)."""
    from .scored_pairs import ScoredPairs, table

    if isinstance(scored, ScoredPairs):
        return table(rows, scored, blocks, decided, PAIR_COLUMNS)
    order = sorted(scored.items(), key=lambda kv: -kv[1]["score"])
    if not order:
        return pd.DataFrame([], columns=PAIR_COLUMNS)
    present = [k for k in PAIR_COLUMNS if k in order[0][1]]  # every pair of a run has the same keys
    nan = float("nan")  # a key a pair lacks, as pandas fills it from records
    columns = {}
    for k in present:
        try:
            columns[k] = [pair[k] for _, pair in order]
        except KeyError:
            columns[k] = [pair.get(k, nan) for _, pair in order]
    kinds = {b: sorted(b) for b in set(blocks.values())}
    columns.update(mention_a=[rows[i]["mention_id"] for (i, _), _ in order],
                   mention_b=[rows[j]["mention_id"] for (_, j), _ in order],
                   blocks=[list(kinds[blocks[key]]) for key, _ in order], decision=[decided.get(key) for key, _ in order])
    return pd.DataFrame({k: columns.get(k, [float("nan")] * len(order)) for k in PAIR_COLUMNS}, columns=PAIR_COLUMNS)


def deduplicate(
    mentions: pd.DataFrame,
    decisions: dict[tuple[str, str], dict],
    config: DedupConfig,
    previous_ids: dict[str, str] | None = None,
    type_order: list[str] | None = None,
    links: dict[str, str] | None = None,
    prior=None,
) -> DedupResult:
    """Group mentions into events, honouring every reviewer decision (keyed by the two
    mention IDs, sorted). ``links`` maps a document to the page it links to (an index entry,
    a teaser): the two are one report. ``prior`` (``pair_cache.PairCache``): the last run's
    scored pairs, of which those whose two mentions are unchanged are not scored again."""
    rows = MentionRows(mentions)  # the columns read as rows (``to_dict("records")``'s values, no dictionary each)
    index = {row["mention_id"]: i for i, row in enumerate(rows)}
    candidates = score_candidates(rows, config, links, keep=PAIR_KEYS, prior=prior)
    ranges, blocks, scored = candidates.ranges, candidates.blocks, candidates.scored
    must, cannot, stale = [], [], []
    decided: dict[tuple[int, int], str] = {}
    for (a, b), decision in decisions.items():
        if a not in index or b not in index:
            stale.append(f"{a} ~ {b} ({decision['decision']})")
            continue
        pair = (min(index[a], index[b]), max(index[a], index[b]))
        decided[pair] = decision["decision"]
        if decision["decision"] == "same":
            must.append(pair)
        elif decision["decision"] == "different":
            cannot.append(pair)
    places = shared_sets(_places(r, config) for r in rows)
    people = shared_sets(x["people"] for x in candidates.participants)
    apart = _one_sentence_pairs(rows, set(must))
    clustering = cluster_mentions(len(rows), ranges, scored, must, cannot + apart, config.tolerance_days, places, people,
                                  config.corroboration, config.average_link)
    clustering.conflicts = [c for c in clustering.conflicts if c not in set(apart)]
    labels = clustering.labels
    unsure = [p for p, d in decided.items() if d == "unsure"]
    flagged = _pending_groups(scored, labels, decided) | {labels[i] for p in unsure for i in p}
    groups: dict[int, list[str]] = defaultdict(list)
    for row, label in zip(rows, labels):
        groups[label].append(row["mention_id"])
    event_ids = assign_event_ids(groups, previous_ids or {})
    spans = _date_spans(rows, labels, [_own_range(r, config) for r in rows], config)  # the dates reported, not widened
    events = event_frame(event_columns(rows, labels, event_ids, flagged, type_order or [], spans))
    with_ids = mentions.copy(deep=False)  # (a new column on a shallow copy: the input frame is unchanged)
    with_ids["event_id"] = [event_ids[label] for label in labels]
    pairs = PairTable(rows, scored, blocks, decided, PAIR_COLUMNS) if isinstance(scored, ScoredPairs) \
        else pair_table(rows, scored, blocks, decided)
    if isinstance(pairs, PairTable):  # positions, its rows made when read (``pair_table.PendingPairs``)
        queue = pairs.pending(labels)
    else:
        queue = pairs[(pairs["outcome"] == "review") & pairs["decision"].isna()]
        apart = [labels[index[a]] != labels[index[b]] for a, b in zip(queue["mention_a"], queue["mention_b"])]
        queue = queue.loc[pd.Series(apart, index=queue.index, dtype=bool)].reset_index(drop=True)
    conflicts = [f"{rows[i]['mention_id']} ~ {rows[j]['mention_id']}" for i, j in clustering.conflicts]
    warnings = [f"dedup: block {name} has {size} mentions (more than max_block = {config.max_block}); each was "
                f"compared with its {config.max_neighbours} nearest only" for name, size in sorted(candidates.capped.items())]
    return DedupResult(events, with_ids, pairs, queue, len(must) + len(cannot), stale, conflicts,
                       candidates.capped, warnings, candidates.block_stats)
