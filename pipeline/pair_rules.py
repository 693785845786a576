"""The outcome of a scored pair: the learned probability, and the hard rules that no weight overrides.

The model (``pair_model``) says how likely two mentions report one event; some facts are not a
matter of degree. Dates that cannot both hold are never one event. Two types, even related ones,
are one event only when the reports name the same person, and a report of a later stage (an
appeal, a second sentence, an anniversary) never merges without a reviewer with one that does
not tell it. An index entry and its own page, and one page's statement, are one report.
"""

from __future__ import annotations

import json

from .blocking import roles
from .pair_model import PairModel


def _one_report(pair: dict, a: dict, b: dict, kinds: set[str], publication_types: frozenset[str]) -> bool:
    """Pairs that are one report whatever the score: an index entry or teaser and the page it
    links to, of the same type; two statement mentions of one page by the same speaker
    (heading, body, signature), since a page publishes one statement."""
    if "link" in kinds and pair["event_type"] == 1.0:
        return True
    return (a["doc_id"] == b["doc_id"] and a["event_type"] in publication_types
            and b["event_type"] in publication_types and pair["actors"] > 0)


def one_sentence(a: dict, b: dict) -> bool:
    """Two mentions of one sentence of one document with different types, or of one type each
    dated by a date expression of its own ("protests this year, starting with a demo on 2
    January"): extraction found two occurrences there ("was again arrested and sentenced"), never
    one event. (Two of one type, "on 6 and 27 August ... refused", are told apart by their dates.)"""
    if a["doc_id"] != b["doc_id"] or a["evidence"] != b["evidence"]:
        return False
    return a["event_type"] != b["event_type"] or own_dates(a, b)


def own_dates(a: dict, b: dict) -> bool:
    """Both mentions are dated by their text, by two different date expressions."""
    said_a, said_b = a.get("date_text"), b.get("date_text")
    return (a.get("date_from") == "text" and b.get("date_from") == "text" and isinstance(said_a, str)
            and isinstance(said_b, str) and bool(said_a.strip()) and said_a.strip(" .,") != said_b.strip(" .,"))


def two_months(a: dict, b: dict) -> bool:
    """Both sentences date themselves, one to a month, and the months differ ("applied in October,
    refused again in November"): within one report these are two occurrences (unless both last,
    ``score_pair``'s ``lasting``: a strike begun in December and spreading in January), although a
    month read in the text is widened for other publishers (``month_window_days``)."""
    if a.get("date_from") != "text" or b.get("date_from") != "text" or "month" not in (a.get("date_precision"), b.get("date_precision")):
        return False
    if {a.get("date_precision"), b.get("date_precision")} - {"day", "month"}:
        return False
    return str(a.get("event_date"))[:7] != str(b.get("event_date"))[:7]


def _mergeable(pair: dict, a: dict, b: dict) -> bool:
    """Same type; or related types ("sentenced" in one report, "ruled" in another) from two
    reports that name the same person (the fines of 15 workers are not the arrest of their two
    leaders); and neither tells a later stage the other does not (an appeal, a second sentence,
    an anniversary), nor are they done to different kinds of people (``target_conflict``); one
    report giving them different days tells two."""
    if pair["features"]["stage_mismatch"] or pair["features"]["target_conflict"]:
        return False  # a later stage; or done to another kind of people (a journalist, not the strikers)
    if pair["features"]["same_document"] and (pair["features"]["near_day"] or (two_months(a, b) and not pair.get("lasting"))):
        return False  # one writer giving two days, or two months (but a strike's), tells two occurrences
    if pair["event_type"] >= 0.75:  # the same type, or two names of one occurrence (a strike, a protest)
        return True
    shared_people = set(a["people"]) & set(b["people"])
    return pair["event_type"] > 0 and a["doc_id"] != b["doc_id"] and bool(shared_people)


def pair_outcome(score: float, same: float, review: float, compatible: bool, mergeable: bool,
                 separate: bool = False, one_report: bool = False) -> str:
    """The one rule from a pair's score to its outcome, for the learned probability and the hand
    weights alike: dates that cannot both hold, or two occurrences of one sentence
    (``separate``), are different whatever the score; one report (``one_report``) is the same;
    otherwise a score at ``same`` merges a ``mergeable`` pair, and one at ``review`` is flagged."""
    if not compatible or separate:
        return "different"
    if one_report or (score >= same and mergeable):
        return "same"
    return "review" if score >= review else "different"


def hand_mergeable(event_type: float, same_document: bool) -> bool:
    """For the hand weights: the same type, or related types from two reports (within one
    report, "sentenced" and then "rejected the appeal" tell two occurrences)."""
    return event_type == 1.0 or (event_type > 0 and not same_document)


def specific(features: dict) -> bool:
    """The two reports agree on more than a type and dates that overlap: a participant, a place,
    the trigger word, a kind of participant, a count, or a day each gives (the same day, or one
    or two days apart). Links that agree on nothing else are what any two reports of one type in
    one month share (the torture of detainees and the shooting before it)."""
    return bool(features["actors"] or features["same_place"] or features["same_trigger"] or features["same_role"]
                or features["same_count"] or features["near_day"] or features["same_day_across"])


def corroborates(outcome: str, mergeable: bool, probability: float, corroborate: float,
                 roles_a: frozenset[str] | set[str], roles_b: frozenset[str] | set[str], features: dict) -> bool:
    """A flagged pair that counts toward joining two groups (``dedup.cluster_mentions``):
    mergeable, likely enough, agreeing on something ``specific``, and not of two kinds of
    participant (workers shot are not a journalist beaten)."""
    return (outcome == "review" and mergeable and probability >= corroborate and specific(features)
            and not (roles_a and roles_b and not roles_a & roles_b))


def apply_model(pair: dict, a: dict, b: dict, kinds: set[str], model: PairModel, publication_types: frozenset[str]) -> None:
    """The learned probability replaces the hand-weighted score; the hard rules stay: dates
    that cannot both hold are never the same event, and a pair that is not ``_mergeable`` is at
    most flagged for review; ``_one_report`` pairs are merged. ``a`` and ``b`` carry the
    participants completed by coreference."""
    probability = model.probability(pair["features"])
    separate = one_sentence(a, b)
    pair["mergeable"] = bool(pair["date_compatible"]) and not separate and _mergeable(pair, a, b)
    pair["one_report"] = _one_report(pair, a, b, kinds, publication_types)
    outcome = pair_outcome(probability, model.same, model.review, bool(pair["date_compatible"]), pair["mergeable"],
                           separate, pair["one_report"])
    pair["corroborates"] = corroborates(outcome, pair["mergeable"], probability, model.corroborate, roles(a), roles(b), pair["features"])
    pair.update(score=round(probability, 4), probability=round(probability, 4), outcome=outcome,
                contributions=json.dumps(model.contributions(pair["features"]), sort_keys=True))
