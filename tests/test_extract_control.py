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


def test_a_who_clause_after_a_persons_description_is_about_the_person(nlp):
    text = ("On 3 December 2019, the city court rejected the appeal of Ivan Petrov, a former chairperson of the "
            "Bakers Union \"Fair Bread\" who was sentenced in June 2019 to seven years in jail.")
    mentions = _mentions(nlp, text, "2019-12-10")
    (conviction,) = mentions[mentions["event_type"] == "conviction"].to_dict("records")
    assert list(conviction["targets"]) == ["Ivan Petrov"] and list(conviction["people"]) == ["Ivan Petrov"]
    assert conviction["event_date"] == "2019-06"


def test_a_who_clause_after_a_person_stays_with_the_person(nlp):
    mentions = _mentions(nlp, "On 3 May 2020, police detained Ivan Petrov, leader of the Bakers Union, who was later released.")
    (release,) = mentions[mentions["event_type"] == "release"].to_dict("records")
    assert list(release["targets"]) == ["Ivan Petrov"]


def test_a_body_named_in_a_relative_clause_describing_another_body_takes_no_part(nlp):
    text = ("Ivan Petrov was sentenced on 7 April 2017 to two years for leading a strike against the dissolution "
            "of the Bakers Confederation, to which the Millers Union was affiliated.")
    (conviction,) = _mentions(nlp, text, "2017-05-01").query("event_type == 'conviction'").to_dict("records")
    assert list(conviction["organisations"]) == ["Bakers Confederation"]


def test_a_body_in_a_relative_clause_describing_a_person_stays(nlp):
    text = "Ivan Petrov, who works for the Northern Copper Company, was detained on 3 May 2020."
    (arrest,) = _mentions(nlp, text).query("event_type == 'arrest'").to_dict("records")
    assert list(arrest["organisations"]) == ["Northern Copper Company"]


def test_a_publisher_whose_correspondent_is_detained_in_a_participle_clause_takes_part(nlp):
    text = "A Bakers Voice correspondent in Dalmor has been fined after being detained for the third time in weeks."
    mentions = _mentions(nlp, text, "2019-03-28", publisher="Bakers Voice")
    (arrest,) = mentions[mentions["event_type"] == "arrest"].to_dict("records")
    assert list(arrest["organisations"]) == ["Bakers Voice"]


def test_a_fronted_past_participle_takes_the_main_subject(nlp):
    mentions = _mentions(nlp, "Arrested in May 2017, Ivan Petrov of the Bakers Union was released in 2018.")
    (arrest,) = mentions[mentions["event_type"] == "arrest"].to_dict("records")
    assert list(arrest["people"]) == ["Ivan Petrov"] and arrest["event_date"] == "2017-05"
