"""Organisations by the shape of their names: courts named in lower case after a place, company
names glued at case changes, and another name of a body given in parentheses after it.
Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import settings
from pipeline.extract import _without_glosses
from pipeline.nlp import annotate_texts, load_nlp

from test_predicates import _mentions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


def _orgs(nlp, text: str) -> list[str]:
    (sentence, *_), = annotate_texts([text], nlp)
    return [e[0] for e in sentence["ents"] if e[1] == "ORG"]


def test_a_court_named_in_lower_case_after_its_place_is_an_organisation(nlp):
    text = "The union was liquidated by a decision of Dalmor regional economic court in 2018."
    assert "Dalmor regional economic court" in _orgs(nlp, text)
    assert "Dalmor city court" in _orgs(nlp, "Dalmor city court fined the strikers in May 2019.")


def test_a_court_named_only_by_its_kind_is_no_organisation(nlp):
    assert _orgs(nlp, "The union was liquidated by a decision of the regional economic court in 2018.") == []


def test_a_company_name_glued_at_case_changes_is_an_organisation(nlp):
    mentions = _mentions(nlp, "Workers of NorthCopperGas went on strike on 3 May 2020.")
    (strike,) = mentions[mentions["event_type"] == "strike"].to_dict("records")
    assert list(strike["organisations"]) == ["NorthCopperGas"]


def test_a_surname_with_a_capital_inside_stays_a_person(nlp):
    assert "McArdle" not in _orgs(nlp, "Police detained Sean McArdle on 3 May 2020.")


def test_another_name_of_a_body_in_parentheses_is_no_second_participant(nlp):
    text = ("On 19 January 2021, the strikers returned to work because of threats from the prosecutor, "
            "the Security Bureau (the name of the State Guard since 1991) and the police.")
    names = [("ORG", "org-a", "Security Bureau", "Security Bureau", text.index("Security"), text.index("Security") + 15),
             ("ORG", "org-b", "State Guard", "State Guard", text.index("State"), text.index("State") + 11)]
    assert [n[2] for n in _without_glosses(names, text)] == ["Security Bureau"]


def test_two_bodies_with_a_parenthesis_between_them_are_both_kept():
    text = "The Bakers Union (founded in 1990) and the Millers Union went on strike."
    names = [("ORG", "org-a", "Bakers Union", "Bakers Union", 4, 16), ("ORG", "org-b", "Millers Union", "Millers Union", 43, 56)]
    assert text[4:16] == "Bakers Union" and text[43:56] == "Millers Union"
    assert _without_glosses(names, text) == names
