"""Dates of the occurrences of one sentence: each its own year, a count from the date written
before it in the same sentence, a "since" of a post giving way. Sentences written for these
tests, read with the real model."""

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


def dates(nlp, text: str, published: str = "2021-06-10") -> dict[str, str]:
    return {r["event_type"]: r["event_date"] for r in _mentions(nlp, text, published).to_dict("records")}


@pytest.mark.parametrize("text, expected", [
    ("Ivan Petrov was arrested in 2019 and sentenced in 2020.", {"arrest": "2019", "conviction": "2020"}),
    ("Ivan Petrov was arrested in 2019 and was sentenced to three years in prison a year later.",
     {"arrest": "2019", "conviction": "2020"}),
    ("Ivan Petrov, who was arrested on 3 May 2020, was sentenced on 2 June 2021.",
     {"arrest": "2020-05-03", "conviction": "2021-06-02"}),
])
def test_each_occurrence_of_a_sentence_takes_its_own_date(nlp, text, expected):
    assert dates(nlp, text) == expected


def test_a_count_without_a_date_before_it_in_the_sentence_counts_from_the_previous_sentence(nlp):
    text = "Ivan Petrov was arrested on 4 May 2019. The following month, a court sentenced him to three years."
    assert dates(nlp, text) == {"arrest": "2019-05-04", "conviction": "2019-06"}


def test_occurrences_sharing_one_date_still_share_it(nlp):
    assert dates(nlp, "Ivan Petrov was arrested and sentenced to two years on 4 May 2020.") == {
        "arrest": "2020-05-04", "conviction": "2020-05-04"}


def test_an_undated_occurrence_said_to_be_recent_is_not_placed_by_a_background_date(nlp):
    text = ("In 2011, police shot 14 striking miners in the town. "
            "The closure of the union has led to the recent arrest of two union leaders.")
    (arrest,) = [r for r in _mentions(nlp, text, "2017-01-24").to_dict("records") if r["event_type"] == "arrest"]
    assert (arrest["event_date"], arrest["date_from"], arrest["context_date"]) == ("2017-01-24", "published", None)
    text = "In 2011, police shot 14 striking miners in the town. The closure of the union led to the arrest of two union leaders."
    (arrest,) = [r for r in _mentions(nlp, text, "2017-01-24").to_dict("records") if r["event_type"] == "arrest"]
    assert arrest["context_date"] == "2011"  # without a word of recency, the date read before places it
