"""Reporters in extraction: a source's publisher, a listed agency or NGO is a participant only
of its own statements or when the occurrence befalls it, never of the events it reports.
Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import settings
from pipeline.entities import EntityResolver
from pipeline.extract import extract_mentions, text_units
from pipeline.nlp import annotate_texts, load_nlp
from pipeline.reporters import reporter_names

from test_predicates import TYPES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


def _extract(nlp, pages: list[tuple[str, str]], reporters=None) -> pd.DataFrame:
    """Mentions of pages given as (publisher, text), all published on 1 June 2020."""
    documents = pd.DataFrame([{
        "doc_id": f"doc_{n:016x}", "title": None, "text": text, "published": "2020-06-01", "duplicate_of": None,
        "publisher": publisher, "source": f"source-{n}", "url": f"https://example.org/{n}",
    } for n, (publisher, text) in enumerate(pages)])
    units = text_units(documents)
    annotations = annotate_texts([u for _, u in units], nlp)
    resolver = EntityResolver.from_alias_file(ROOT / "config" / "aliases.csv")
    mentions, _, _ = extract_mentions(documents, annotations, TYPES, resolver, reporters=reporters)
    return mentions


def _arrests(mentions: pd.DataFrame) -> list[dict]:
    return mentions[mentions["event_type"] == "arrest"].to_dict("records")


def test_a_listed_agency_is_no_participant_of_the_arrest_it_filmed(nlp):
    text = "In footage filmed by Reuters, police detained Ivan Petrov at the Northern Copper Company gate on 3 May 2020."
    (arrest,) = _arrests(_extract(nlp, [("Harbour News", text)]))
    assert "Reuters" not in list(arrest["organisations"])
    assert list(arrest["people"]) == ["Ivan Petrov"]


def test_another_sources_publisher_is_a_reporter_on_every_page(nlp):
    pages = [("Harbour News", "Police detained Ivan Petrov on 3 May 2020, in a case first reported by Bakers Voice."),
             ("Bakers Voice", "Police detained Anna Kim on 4 May 2020.")]
    arrests = _arrests(_extract(nlp, pages))
    assert [list(a["people"]) for a in arrests] == [["Ivan Petrov"], ["Anna Kim"]]
    assert [list(a["organisations"]) for a in arrests] == [[], []]


def test_without_the_other_page_the_publisher_of_another_source_is_named(nlp):
    """The same sentence read alone, with reporters that do not list Bakers Voice: the name is
    kept, so the test above depends on the publisher being counted."""
    text = "Police detained Ivan Petrov on 3 May 2020, in a case first reported by Bakers Voice."
    (arrest,) = _arrests(_extract(nlp, [("Harbour News", text)], reporter_names(["Harbour News"])))
    assert list(arrest["organisations"]) == ["Bakers Voice"]


def test_a_reporter_keeps_its_own_statement_and_leaves_the_event_it_condemns(nlp):
    mentions = _extract(nlp, [("Harbour News", "Human Rights Watch condemned the arrest of Ivan Petrov on 3 May 2020.")])
    (statement,) = mentions[mentions["event_type"] == "statement"].to_dict("records")
    (arrest,) = _arrests(mentions)
    assert list(statement["organisations"]) == ["Human Rights Watch"]
    assert list(arrest["organisations"]) == [] and list(arrest["people"]) == ["Ivan Petrov"]


def test_a_reporter_that_the_occurrence_befalls_stays(nlp):
    (arrest,) = _arrests(_extract(nlp, [("Harbour News", "Police detained a Reuters correspondent on 3 May 2020.")]))
    assert list(arrest["organisations"]) == ["Reuters"]
    assert list(arrest["targets"]) == ["Reuters"]


def test_the_listed_reporters_come_from_the_reporters_file(tmp_path):
    listed = tmp_path / "reporters.toml"
    listed.write_text('[[reporters]]\nname = "Quay Wire"\nkind = "agency"\naliases = ["QW"]\n', encoding="utf-8")
    assert {"quay wire", "qw", "harbour news"} == reporter_names(["Harbour News"], listed)
    assert "reuters" in reporter_names([], ROOT / "config" / "reporters.toml")


def test_a_reporter_whose_correspondent_is_arrested_takes_part(nlp):
    text = "On 11 March 2019, police arrested Anna Kim, a reporter for Reuters's Kazakh-language service."
    (arrest,) = _arrests(_extract(nlp, [("Harbour News", text)]))
    assert list(arrest["organisations"]) == ["Reuters"] and list(arrest["people"]) == ["Anna Kim"]
