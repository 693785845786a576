"""Who takes part in an occurrence told by a participle clause without its own subject: the
subject of the clause it depends on ("went missing after taking part in protests"). Sentences
written for these tests."""

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


def test_a_subjectless_participle_clause_takes_the_main_subject_as_its_participants(nlp):
    text = ("Three union officials of the Bakers Union, Ivan Petrov and Anna Kim, went missing after taking part "
            "in protests in Dalmor on 6 January 2022.")
    mentions = _mentions(nlp, text, "2022-01-20")
    (protest,) = mentions[mentions["event_type"] == "protest"].to_dict("records")
    assert sorted(protest["people"]) == ["Anna Kim", "Ivan Petrov"]
    assert list(protest["organisations"]) == ["Bakers Union"]
    assert protest["event_date"] == "2022-01-06"


def test_a_clause_with_its_own_subject_keeps_its_own_participants(nlp):
    text = "Ivan Petrov was fined on 3 May 2020 after police had broken up a protest of the Bakers Union."
    mentions = _mentions(nlp, text, "2020-06-01")
    (fine,) = mentions[mentions["event_type"] == "fine"].to_dict("records")
    assert list(fine["people"]) == ["Ivan Petrov"]
