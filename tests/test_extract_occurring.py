"""Occurrences told through another word: a cause that has happened ("has led to the arrest"),
a count of days into a strike ("now in the second month of their strike"); and their near
misses. Sentences written for these tests, read with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import settings
from pipeline.nlp import load_nlp

from test_predicates import _mentions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


def kinds(nlp, text: str, published: str = "2020-04-01") -> list[str]:
    return sorted(_mentions(nlp, text, published)["event_type"])


@pytest.mark.parametrize("text, expected", [
    ("The closure of the union has led to the arrest of two union leaders.", ["arrest", "deregistration"]),
    ("The dispute led to the dismissal of 40 workers in March 2020.", ["dismissal"]),
])
def test_a_cause_that_happened_reports_what_it_caused(nlp, text, expected):
    assert kinds(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "The new rules could lead to the dismissal of Anna Ivanova.",  # a modal cause: nothing happened yet
    "The strike may lead to the arrest of its organisers.",
])
def test_a_cause_that_may_happen_reports_nothing(nlp, text):
    assert kinds(nlp, text) == []


def test_a_strike_counted_into_is_reported_going_on_with_its_span(nlp):
    (strike,) = _mentions(nlp, "The miners are now in the second month of their strike.", "2011-07-08").to_dict("records")
    assert (strike["event_type"], strike["event_date"], strike["date_from"]) == ("strike", "2011-07-08", "published")
    assert (strike["span_start"], strike["span_end"]) == ("2011-06-01", "2011-07-08")


def test_a_strike_only_referred_to_is_no_mention_and_a_trial_day_counts_no_span(nlp):
    assert kinds(nlp, "The miners discussed the strike.", "2011-07-08") == []
    (conviction,) = _mentions(nlp, "On the first day of the trial, Ivan Petrov was sentenced to two years.",
                              "2011-07-08").to_dict("records")
    assert conviction["event_type"] == "conviction" and conviction["span_start"] is None


def test_two_leaders_a_count_stands_for_are_not_given_to_a_strike_by_other_workers(nlp):
    text = ("Ivan Petrov and Oleg Sidorov lead the union. The deregistration of the union by a court has led to the "
            "recent arrest of two trade union leaders, as well as an escalating hunger strike by oil workers.")
    people = {r["event_type"]: r["people"] for r in _mentions(nlp, text, "2017-01-24").to_dict("records")}
    assert people["arrest"] == ["Ivan Petrov", "Oleg Sidorov"]
    assert people["strike"] == [] and people["deregistration"] == []


def test_a_person_a_pronoun_stands_for_is_still_shared_by_the_sentences_occurrences(nlp):
    text = "Ivan Petrov was released in May 2019. On 16 October 2019 the authorities jailed him again, adding him a new sentence."
    mentions = _mentions(nlp, text, "2019-11-01")
    assert len(mentions) >= 3 and all(r["people"] == ["Ivan Petrov"] for r in mentions.to_dict("records"))


def test_a_strike_told_with_the_closure_of_a_union_is_not_given_the_union_the_document_is_about(nlp):
    first = "The court ordered the closure of the Independent Drivers Trade Union. The Independent Drivers Trade Union appealed. "
    rows = {r["event_type"]: r for r in _mentions(
        nlp, first + "The closure of the union has led to an escalating hunger strike by oil workers.", "2017-01-24"
    ).to_dict("records")}
    assert rows["strike"]["organisations"] == []
    for second in ("On 5 January, around 90 workers started a hunger strike.",  # strikers naming no union: the document's
                   "On 5 January, around 90 workers went on a hunger strike to protest the dissolution of the union."):
        alone = _mentions(nlp, first + second, "2017-01-24")
        (strike,) = alone[alone["event_type"] == "strike"].to_dict("records")
        assert strike["organisations"] == ["Independent Drivers Trade Union"], second
