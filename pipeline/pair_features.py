"""The few, general features the learned pair model reads, each between 0 and 1.

They say what a reader checks when deciding whether two reports tell one occurrence: are the
days the same or a day or two apart (publishers disagree), do they name the same people (after
"he" and "the union" are resolved in the page), the same type, the same rare words of the
sentence, places that conflict, and does one tell a later stage (an appeal, a second sentence,
an anniversary) that the other does not. No feature names a person, place or case.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .blocking import content_words

FEATURES = (
    "same_day", "near_day", "date_overlap", "actors", "people_conflict", "same_type", "related_type",
    "evidence", "rare_words", "location_conflict", "same_document", "same_document_same_type", "headline", "stage_mismatch", "reaction_mismatch",
    "unnamed", "undated",
)
# a later or other occurrence than the one it recalls: an appeal, a repeat, an anniversary
STAGE_CUES = re.compile(
    r"\b(appeal\w*|cassation|upheld|uphold\w*|overturn\w*|again|second|third|fourth|repeated\w*|re-?arrest\w*|anniversar\w*|commemorat\w*)\b",
    re.IGNORECASE,
)

# a reaction to an occurrence rather than the occurrence: a condemnation, a call, a demand
REACTION_CUES = re.compile(
    r"\b(condemn\w*|deplor\w*|denounc\w*|call(s|ed|ing)? (on|for)|urg(e|es|ed|ing)|demand(s|ed|ing)?|protest(s|ed)? against|"
    r"express\w* (concern|solidarity)|welcom\w*|statement)\b",
    re.IGNORECASE,
)


@dataclass
class PairContext:
    """What the features need from the whole run: participants completed by coreference, each
    mention's content words and their inverse document frequency."""

    participants: list[dict]
    words: list[set[str]]
    idf: dict[str, float]


def build_context(rows: list[dict], participants: list[dict]) -> PairContext:
    words = [content_words(r.get("evidence") or "") for r in rows]
    frequency = Counter(w for ws in words for w in ws)
    n = max(1, len(rows))
    return PairContext(participants, words, {w: math.log(1 + n / c) for w, c in frequency.items()})


def _weighted_jaccard(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    union = sum(idf.get(w, 0.0) for w in a | b)
    return sum(idf.get(w, 0.0) for w in a & b) / union if union else 0.0


def _day(effective: tuple) -> date | None:
    when, precision, origin = effective
    if precision != "day" or origin == "published" or not isinstance(when, str):
        return None
    try:
        return date.fromisoformat(when[:10])
    except ValueError:
        return None


def model_features(i: int, j: int, rows: list[dict], base: dict, dates: list[tuple], ctx: PairContext) -> dict[str, float]:
    """The model's inputs for the pair (i, j); ``base`` are the features ``dedup.score_pair``
    computed (date compatibility, actor agreement, type, sentence similarity, places)."""
    a, b = rows[i], rows[j]
    pa, pb = ctx.participants[i], ctx.participants[j]
    day_a, day_b = _day(dates[i]), _day(dates[j])
    gap = abs((day_a - day_b).days) if day_a and day_b else None
    people_a, people_b = set(pa["people"]), set(pb["people"])
    stage_a, stage_b = bool(STAGE_CUES.search(a.get("evidence") or "")), bool(STAGE_CUES.search(b.get("evidence") or ""))
    return {
        "same_day": float(base["same_day"]),
        "near_day": float(gap is not None and 1 <= gap <= 2),
        "date_overlap": float(base["date_overlap"]),
        "actors": float(base["actors"]),
        "people_conflict": float(bool(people_a) and bool(people_b) and not people_a & people_b),
        "same_type": float(base["event_type"] == 1.0),
        "related_type": float(0 < base["event_type"] < 1),
        "evidence": float(base["evidence"]),
        "rare_words": _weighted_jaccard(ctx.words[i], ctx.words[j], ctx.idf),
        "location_conflict": float(base["location_conflict"]),
        "same_document": float(a["doc_id"] == b["doc_id"]),
        "same_document_same_type": float(a["doc_id"] == b["doc_id"] and base["event_type"] == 1.0),  # one page tells
        # one occurrence once, unless it gives a second its own date (then same_day, date_overlap say so)
        "headline": float(base["headline"]),
        "stage_mismatch": float(stage_a != stage_b),
        "reaction_mismatch": float(bool(REACTION_CUES.search(a.get("evidence") or "")) != bool(REACTION_CUES.search(b.get("evidence") or ""))),
        "unnamed": float(not (people_a or pa["organisations"]) and not (people_b or pb["organisations"])),
        "undated": float(dates[i][2] == "published" or dates[j][2] == "published"),
    }
