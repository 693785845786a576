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

from .blocking import listed, roles, sentence_words, target_kinds

FEATURES = (
    "same_day", "near_day", "date_overlap", "actors", "people_conflict", "same_type", "related_type",
    "evidence", "rare_words", "location_conflict", "same_document", "stage_mismatch", "reaction_mismatch",
    "undated", "organisation_conflict", "same_role", "same_count", "same_trigger", "same_place", "same_people", "far_days",
    "coarse_date", "same_day_across", "target_conflict",
)
# a later or other occurrence than the one it recalls: an appeal, a repeat, an anniversary, a
# "new sentence"; the torture or ill-treatment of people held after it (not the shooting or the
# arrests themselves, though the report dates it to their day)
STAGE_CUES = re.compile(
    r"\b(appeal\w*|cassation|upheld|uphold\w*|overturn\w*|again|second|third|fourth|repeated\w*|re-?arrest\w*|anniversar\w*|commemorat\w*|tortur\w*|ill-?treat\w*|new,? (\S+ ){0,2}(sentence|term|charges?|trial|case))\b",
    re.IGNORECASE,
)

# a reaction to an occurrence rather than the occurrence: a condemnation, an appeal to someone.
# Not "demanding" or "calling for": strikers demand wages, leaders are arrested for calling for a strike.
REACTION_CUES = re.compile(
    r"\b(condemn\w*|deplor\w*|denounc\w*|call(s|ed|ing)? on|urg(e|es|ed|ing)|protest(s|ed)? against|"
    r"express\w* (concern|solidarity)|welcom\w*|statement)\b",
    re.IGNORECASE,
)


# inflections folded so that "arrested", "arrest" and "arrests" are one trigger
_SUFFIX = re.compile(r"(ings?|ed|es|s|ment)$")
STAGE_WINDOW = 6  # words either side of the trigger in which a stage cue belongs to its occurrence


@dataclass
class PairContext:
    """What the features need from the whole run: participants completed by coreference, each
    mention's content words and their inverse document frequency."""

    participants: list[dict]
    words: list[set[str]]
    idf: dict[str, float]
    reporters: frozenset[str] = frozenset()  # organisations that report rather than take part


def build_context(rows: list[dict], participants: list[dict], reporters: frozenset[str] = frozenset(),
                  words: list[set[str]] | None = None) -> PairContext:
    """``words``: the mentions' ``blocking.sentence_words`` when the blocks made them already."""
    words = sentence_words(rows) if words is None else words
    frequency = Counter(w for ws in words for w in ws)
    n = max(1, len(rows))
    return PairContext(participants, words, {w: math.log(1 + n / c) for w, c in frequency.items()},
                       frozenset(reporters) | {str(r.get("publisher")) for r in rows})


def _weighted_jaccard(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    # fsum is exactly rounded, so the value does not depend on the order a set is walked in
    # (which changes with the hash seed), and a pair near a threshold gets the same outcome in every run
    union = math.fsum(idf.get(w, 0.0) for w in a | b)
    return math.fsum(idf.get(w, 0.0) for w in a & b) / union if union else 0.0


def _day(effective: tuple) -> date | None:
    when, precision, origin = effective
    if precision != "day" or origin == "published" or not isinstance(when, str):
        return None
    try:
        return date.fromisoformat(when[:10])
    except ValueError:
        return None


def trigger_stem(row: dict) -> str | None:
    """The predicate's head word without inflection, or None when extraction gives none."""
    words = (listed(row.get("trigger")) or [""])[0].lower().split()
    return _SUFFIX.sub("", words[0]) or words[0] if words else None


def count(row: dict) -> float | None:
    values = listed(row.get("n_people"))
    try:
        value = float(values[0]) if values else None
    except ValueError:
        return None
    return value if value and value > 0 else None


def own_words(row: dict) -> str:
    """The words around the trigger, where a cue of another stage ("rejected the appeal",
    "sentenced a second time", "marked the anniversary of") belongs to this occurrence; the
    whole sentence when extraction gives no trigger or it cannot be found."""
    evidence = row.get("evidence") or ""
    stem = trigger_stem(row)
    words = evidence.split()
    if not stem:
        return evidence
    at = [k for k, w in enumerate(words) if w.lower().startswith(stem[:5])]
    if not at:
        return evidence
    return " ".join(words[max(0, at[0] - STAGE_WINDOW): at[0] + STAGE_WINDOW + 1])


def model_features(i: int, j: int, rows: list[dict], base: dict, dates: list[tuple], ctx: PairContext) -> dict[str, float]:
    """The model's inputs for the pair (i, j); ``base`` are the features ``dedup.score_pair``
    computed (date compatibility, actor agreement, type, sentence similarity, places)."""
    a, b = rows[i], rows[j]
    pa, pb = ctx.participants[i], ctx.participants[j]
    day_a, day_b = _day(dates[i]), _day(dates[j])
    gap = abs((day_a - day_b).days) if day_a and day_b else None
    people_a, people_b = set(pa["people"]), set(pb["people"])
    stage_a, stage_b = bool(STAGE_CUES.search(own_words(a))), bool(STAGE_CUES.search(own_words(b)))
    roles_a, roles_b = roles(a), roles(b)
    count_a, count_b = count(a), count(b)
    ratio = min(count_a, count_b) / max(count_a, count_b) if count_a and count_b else None
    trigger_a, trigger_b = trigger_stem(a), trigger_stem(b)
    orgs_a, orgs_b = set(pa["organisations"]) - ctx.reporters, set(pb["organisations"]) - ctx.reporters
    return {
        "same_day": float(base["same_day"]),
        "near_day": float(gap is not None and 1 <= gap <= 2),
        "date_overlap": float(base["date_overlap"]),
        "actors": float(base["actors"]),
        "people_conflict": float(bool(people_a) and bool(people_b) and not people_a & people_b),
        "same_type": float(base["event_type"] >= 0.75),  # the same type, or two names of one occurrence
        "related_type": float(0 < base["event_type"] < 0.75),
        "evidence": float(base["evidence"]),
        "rare_words": _weighted_jaccard(ctx.words[i], ctx.words[j], ctx.idf),
        "location_conflict": float(base["location_conflict"]),
        "same_document": float(a["doc_id"] == b["doc_id"]),
        "stage_mismatch": float(stage_a != stage_b),
        "reaction_mismatch": float(bool(REACTION_CUES.search(own_words(a))) != bool(REACTION_CUES.search(own_words(b)))),
        "undated": float(dates[i][2] == "published" or dates[j][2] == "published"),
        "organisation_conflict": float(bool(orgs_a) and bool(orgs_b) and not orgs_a & orgs_b),  # two companies' strikes
        "same_role": len(roles_a & roles_b) / min(len(roles_a), len(roles_b)) if roles_a and roles_b else 0.0,
        "same_count": float(ratio is not None and ratio >= 0.75),  # tolls differ between publishers (14, 16, 17)
        "same_trigger": float(trigger_a is not None and trigger_a == trigger_b),
        "same_place": float(base.get("same_place", 0.0)),  # a shared place, neither broad nor a dateline's
        "same_people": float(bool(people_a & people_b)),
        "far_days": float(gap is not None and gap > 2),  # both give days, farther apart than publishers disagree
        "same_day_across": float(base["same_day"] == 1.0 and a["publisher"] != b["publisher"]),  # two publishers give one day
        "coarse_date": float((dates[i][1] in ("month", "year")) != (dates[j][1] in ("month", "year"))),  # a month or year beside a day
        "target_conflict": target_conflict(target_kinds(a), target_kinds(b)),  # a journalist beaten, strikers shot
    }


def target_conflict(a: frozenset[str], b: frozenset[str]) -> float:
    """1 when both say whom the occurrence was done to and no kind is shared."""
    return float(bool(a) and bool(b) and not a & b)
