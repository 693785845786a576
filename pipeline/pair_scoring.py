"""Every candidate pair scored in one pass, from facts computed once per mention.

``dedup.score_pair``, ``pair_features.model_features`` and ``pair_rules.apply_model`` state what
each feature means, one pair at a time: each call normalises both mentions again (their places
without the dateline, the organisations less the reporters, the words around the trigger, the
roles, the day). A run scores tens of pairs per mention, so here each mention's values are
computed once (``MentionFacts``) and a pair only combines two of them. The values are the same
to the last bit (the same sets, summed in the same order); ``tests/test_dedup_speed.py``
compares this path with the one-pair-at-a-time functions on generated mentions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .blocking import roles, target_kinds
from .dedup import (DedupConfig, _actors, _places, _taking_part, _type_agreement, effective_date,
                    ranges_overlap)
from .pair_features import (REACTION_CUES, STAGE_CUES, PairContext, _day, _weighted_jaccard, count, own_words, target_conflict,
                            trigger_stem)
from .pair_model import PairModel
from .pair_rules import _mergeable, _one_report, corroborates, hand_mergeable, one_sentence, pair_outcome


@dataclass(frozen=True, slots=True)
class MentionFacts:
    """What the pair features read of one mention, normalised once (slots: no dictionary per mention)."""

    row: dict  # the mention with the participants completed by coreference
    date: tuple  # effective_date: (date, precision, origin)
    day: object  # the day when the mention gives one of its own, else None
    people: frozenset[str]
    organisations: frozenset[str]
    actors: frozenset[str]  # dedup._actors
    taking_part: frozenset[str]  # dedup._taking_part
    places: frozenset[str]  # dedup._places
    own_orgs: frozenset[str]  # participants' organisations less the run's reporters
    stage: bool
    reaction: bool
    roles: frozenset[str]
    targets: frozenset[str]  # blocking.target_kinds
    count: float | None
    trigger: str | None
    publication: bool  # a type that is its own publication (a statement)


def mention_facts(row: dict, completed: dict, participants: dict, ctx: PairContext, config: DedupConfig,
                  shared: dict | None = None) -> MentionFacts:
    """``row`` as extracted, ``completed`` with coreference's people and organisations; with
    ``shared``, a set (or a date, a trigger) equal to one seen before is that one (``every_mention_facts``)."""
    when = effective_date(row, config)
    words = own_words(row)

    def one(values) -> frozenset:
        made = frozenset(values)
        return made if shared is None or not made else shared.setdefault(made, made)

    def same(value):  # an immutable value (a tuple of text, a date, a text: never equal to a set)
        return value if shared is None or value is None else shared.setdefault(value, value)

    return MentionFacts(
        row=completed, date=same(when), day=same(_day(when)), people=one(completed["people"]),
        organisations=one(completed["organisations"]), actors=one(_actors(completed, config)),
        taking_part=one(_taking_part(completed, config)), places=one(_places(completed, config)),
        own_orgs=one(set(participants["organisations"]) - ctx.reporters),
        stage=bool(STAGE_CUES.search(words)), reaction=bool(REACTION_CUES.search(words)),
        roles=one(roles(row)), targets=one(target_kinds(row)), count=count(row), trigger=same(trigger_stem(row)),
        publication=row.get("event_type") in config.publication_types,
    )


def every_mention_facts(rows: list[dict], completed: list[dict], participants: list[dict], ctx: PairContext,
                        config: DedupConfig) -> list[MentionFacts]:
    """``mention_facts`` of every mention, equal sets shared: a frozenset of one name takes some
    200 bytes, a mention has eight, and most name the actors and places other mentions name
    (a million mentions held gigabytes of copies of the same sets)."""
    shared: dict[frozenset, frozenset] = {}
    return [mention_facts(r, c, p, ctx, config, shared) for r, c, p in zip(rows, completed, participants)]


KEPT_UP_TO = 50_000  # mentions whose facts are kept (``facts_of``); more are made when read


class FactsOnDemand(Sequence):
    """``every_mention_facts`` made when read and not kept: scoring reads them once, as arrays
    (``pair_arrays.mention_arrays``), and then only for a feature without a column; kept, a
    million mentions' facts held some 700 MB through all of scoring."""

    def __init__(self, rows, completed, participants, ctx: PairContext, config: DedupConfig):
        self.rows, self.completed, self.participants, self.ctx, self.config = rows, completed, participants, ctx, config

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k: int) -> MentionFacts:
        return mention_facts(self.rows[k], self.completed[k], self.participants[k], self.ctx, self.config)

    def __iter__(self):
        return iter(every_mention_facts(self.rows, self.completed, self.participants, self.ctx, self.config))


def facts_of(rows, completed, participants, ctx: PairContext, config: DedupConfig) -> list[MentionFacts] | FactsOnDemand:
    """Every mention's facts: a list up to ``KEPT_UP_TO`` mentions, else made when read."""
    if len(rows) <= KEPT_UP_TO:
        return every_mention_facts(rows, completed, participants, ctx, config)
    return FactsOnDemand(rows, completed, participants, ctx, config)


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _actor_agreement(a: MentionFacts, b: MentionFacts) -> float:
    """``dedup._actor_agreement`` from the facts."""
    if a.people and b.people:
        return _overlap(a.people, b.people)
    if a.publication and b.publication:
        return _overlap(a.actors, b.actors)
    orgs_a, orgs_b = a.taking_part, b.taking_part
    if not orgs_a and not orgs_b and not a.people and not b.people:
        orgs_a, orgs_b = a.organisations, b.organisations
    if orgs_a and orgs_b:
        return _overlap(orgs_a, orgs_b)
    if a.people or b.people:
        return 0.5 * _overlap(a.actors, b.actors)
    return _overlap(a.places, b.places)


def base_features(a: MentionFacts, b: MentionFacts, range_a, range_b, config: DedupConfig) -> dict:
    """``dedup.score_pair`` from the facts: the same keys in the same order, score and outcome."""
    ra, rb = a.row, b.row
    compatible = ranges_overlap(range_a, range_b, config.tolerance_days)
    date_a, date_b = a.date, b.date
    same_day = 0.0
    if date_a[1] == date_b[1] == "day" and date_a[0] == date_b[0]:
        origins = {date_a[2], date_b[2]}
        same_day = 1.0 if origins == {"text"} else 0.5 if "published" in origins and origins != {"published"} else 0.75 if "published" not in origins else 0.0
    event_type = _type_agreement(ra["event_type"], rb["event_type"], config)
    features = {
        "date_compatible": compatible,
        "same_day": same_day,
        "date_overlap": float(compatible and date_a[2] != "published" and date_b[2] != "published"),
        "actors": _actor_agreement(a, b),
        "people": _jaccard(a.people, b.people),
        "organisations": _jaccard(a.taking_part, b.taking_part),
        "event_type": event_type,
        "headline": float(ra["doc_id"] == rb["doc_id"] and bool(ra.get("from_title")) != bool(rb.get("from_title"))
                          and ra["event_type"] == rb["event_type"]),
        "evidence": fuzz.token_set_ratio(ra["evidence"], rb["evidence"]) / 100,
        "location_conflict": float(bool(a.places) and bool(b.places) and not a.places & b.places),
        "same_place": float(bool(a.places & b.places)),
        "lasting": float(ra["event_type"] in config.durative_types and rb["event_type"] in config.durative_types),
    }
    score = sum([weight * float(features[name]) for name, weight in config.weights.items()])
    mergeable = hand_mergeable(event_type, ra["doc_id"] == rb["doc_id"])
    outcome = pair_outcome(score, config.same, config.review, compatible, mergeable)
    return {**features, "score": round(score, 4), "outcome": outcome}


def model_inputs(a: MentionFacts, b: MentionFacts, words_a: set, words_b: set, base: dict, ctx: PairContext) -> dict[str, float]:
    """``pair_features.model_features`` from the facts."""
    ra, rb = a.row, b.row
    gap = abs((a.day - b.day).days) if a.day and b.day else None
    ratio = min(a.count, b.count) / max(a.count, b.count) if a.count and b.count else None
    return {
        "same_day": float(base["same_day"]),
        "near_day": float(gap is not None and 1 <= gap <= 2),
        "date_overlap": float(base["date_overlap"]),
        "actors": float(base["actors"]),
        "people_conflict": float(bool(a.people) and bool(b.people) and not a.people & b.people),
        "same_type": float(base["event_type"] >= 0.75),
        "related_type": float(0 < base["event_type"] < 0.75),
        "evidence": float(base["evidence"]),
        "rare_words": _weighted_jaccard(words_a, words_b, ctx.idf),
        "location_conflict": float(base["location_conflict"]),
        "same_document": float(ra["doc_id"] == rb["doc_id"]),
        "stage_mismatch": float(a.stage != b.stage),
        "reaction_mismatch": float(a.reaction != b.reaction),
        "undated": float(a.date[2] == "published" or b.date[2] == "published"),
        "organisation_conflict": float(bool(a.own_orgs) and bool(b.own_orgs) and not a.own_orgs & b.own_orgs),
        "same_role": len(a.roles & b.roles) / min(len(a.roles), len(b.roles)) if a.roles and b.roles else 0.0,
        "same_count": float(ratio is not None and ratio >= 0.75),
        "same_trigger": float(a.trigger is not None and a.trigger == b.trigger),
        "same_place": float(base.get("same_place", 0.0)),
        "same_people": float(bool(a.people & b.people)),
        "far_days": float(gap is not None and gap > 2),
        "same_day_across": float(base["same_day"] == 1.0 and ra["publisher"] != rb["publisher"]),
        "coarse_date": float((a.date[1] in ("month", "year")) != (b.date[1] in ("month", "year"))),
        "target_conflict": target_conflict(a.targets, b.targets),
    }


class ModelTerms:
    """The model's coefficients in feature order and the template of its contributions in
    sorted order (as ``json.dumps(..., sort_keys=True)`` writes them), prepared once per run."""

    def __init__(self, model: PairModel):
        self.model = model
        self.terms = [(name, model.coefficients[name]) for name in model.features]
        self.order = sorted(range(len(model.features)), key=lambda k: model.features[k])
        self.template = "{" + ", ".join(f"{json.dumps(model.features[k])}: %s" for k in self.order) + "}"
        # most features are 0 or 1, so most products are one of two values per feature: their
        # rounded text is kept (a million pairs called round() 23 million times)
        self.texts: list[dict[float, str]] = [{} for _ in model.features]

    def _text(self, k: int, product: float) -> str | None:
        """``repr(round(product, 4))``, None when not finite; -0.0 and 0.0 apart (equal as keys)."""
        if product == 0.0:
            return "-0.0" if math.copysign(1.0, product) < 0 else "0.0"
        known = self.texts[k]
        text = known.get(product)
        if text is None:
            value = round(product, 4)
            if not math.isfinite(value):
                return None
            text = repr(value)
            if len(known) < 256:
                known[product] = text
        return text

    def contributions(self, products: list[float]) -> str:
        """``json.dumps`` of the rounded products (by name) when they are finite, as they are
        for features between 0 and 1; json itself otherwise."""
        texts = [self._text(k, products[k]) for k in self.order]
        if None not in texts:
            return self.template % tuple(texts)
        rounded = [round(products[k], 4) for k in self.order]
        return json.dumps({self.model.features[k]: v for k, v in zip(self.order, rounded)}, sort_keys=True)


def outcome(pair: dict, a: MentionFacts, b: MentionFacts, kinds: set[str], config: DedupConfig, terms: ModelTerms) -> None:
    """``pair_rules.apply_model`` from the facts."""
    model = config.model
    values = pair["features"]
    products = [coefficient * float(values[name]) for name, coefficient in terms.terms]
    z = model.intercept + sum(products)
    probability = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))  # PairModel.probability
    ra, rb = a.row, b.row
    split = one_sentence(ra, rb)
    pair["mergeable"] = bool(pair["date_compatible"]) and not split and _mergeable(pair, ra, rb)
    pair["one_report"] = _one_report(pair, ra, rb, kinds, config.publication_types)
    result = pair_outcome(probability, model.same, model.review, bool(pair["date_compatible"]), pair["mergeable"],
                          split, pair["one_report"])
    pair["corroborates"] = corroborates(result, pair["mergeable"], probability, model.corroborate, a.roles, b.roles, values)
    pair.update(score=round(probability, 4), probability=round(probability, 4), outcome=result,
                contributions=terms.contributions(products))


def score_all(pairs, facts: list[MentionFacts], ranges: list, ctx: PairContext, blocks: dict, config: DedupConfig,
              keep: frozenset[str] | None = None) -> dict:
    """Each pair's features, and with a learned model its probability, contributions and outcome,
    by column (``pair_engine``; the functions above are its per-pair fallback for a feature it has
    no column for). With ``keep``, a pair keeps only those keys (a run writes a few; the model's
    inputs are needed only while it is scored, and a million pairs' inputs do not fit in memory)."""
    from .pair_engine import score_all as by_column

    return by_column(pairs, facts, ranges, ctx, blocks, config, keep)


def score_one_by_one(pairs, facts: list[MentionFacts], ranges: list, ctx: PairContext, blocks: dict, config: DedupConfig,
                     keep: frozenset[str] | None = None) -> dict:
    """``score_all`` one pair at a time from the facts (the engine before the columns)."""
    scored = {}
    words = ctx.words
    terms = ModelTerms(config.model) if config.model is not None else None
    for i, j in pairs:
        a, b = facts[i], facts[j]
        pair = base_features(a, b, ranges[i], ranges[j], config)
        pair["features"] = model_inputs(a, b, words[i], words[j], pair, ctx)
        if config.model is not None:
            outcome(pair, a, b, blocks.get((i, j), frozenset()), config, terms)
        scored[(i, j)] = pair if keep is None else {k: v for k, v in pair.items() if k in keep}
    return scored
