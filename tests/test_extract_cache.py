"""A refresh re-extracts only the documents that changed, and the documents whose names the
resolver now answers otherwise (an earlier document that taught it a spelling changed); the
tables are the ones a cold run gives (real spaCy model, real disk caches)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import pipeline.process as process
from resolver_texts import IN_ORDER

ROOT = Path(__file__).resolve().parent.parent
TEXTS = IN_ORDER


def documents(texts: dict) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "url": f"https://refresh.example/{d}", "title": title, "text": text,
                          "published": "2019-09-01", "published_precision": "day", "publisher": "P", "source": "s",
                          "kind": "article", "duplicate_of": None} for d, (title, text) in texts.items()])


def extract(texts: dict, caches: Path | None):
    if caches is None:
        return process.find_mentions(documents(texts), None)
    return process.find_mentions(documents(texts), caches / "nlp", extract_dir=caches / "extract")


def assert_cold(texts: dict, got) -> None:
    """The mentions and entities are the ones a run without any cache gives."""
    cold = extract(texts, None)
    assert cold[3][process.EXTRACTED] == len(texts) and cold[3][process.EXTRACTED_FROM_CACHE] == 0
    pd.testing.assert_frame_equal(got[0], cold[0], obj="mentions")
    pd.testing.assert_frame_equal(got[1], cold[1], obj="entities")


@pytest.fixture()
def caches(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    first = extract(TEXTS, tmp_path)
    assert (first[3][process.EXTRACTED], first[3][process.EXTRACTED_FROM_CACHE]) == (4, 0)
    return tmp_path


def test_a_refresh_with_nothing_changed_extracts_nothing(caches):
    again = extract(TEXTS, caches)
    assert (again[3][process.EXTRACTED], again[3][process.EXTRACTED_FROM_CACHE]) == (0, 4)
    assert list(again[0]["people"].iloc[-1]) == ["Talgat Zhumabayev"]  # the last document's "Zhumabaev", known from the first
    assert_cold(TEXTS, again)


def test_one_changed_document_is_the_only_one_extracted_again(caches):
    changed = {**TEXTS, "doc_c000000000000003": ("Strike", "Oil workers went on strike in Zhanaozen on 14 May 2018.")}
    again = extract(changed, caches)
    assert (again[3][process.EXTRACTED], again[3][process.EXTRACTED_FROM_CACHE]) == (1, 3)
    assert "2018-05-14" in set(again[0]["event_date"])
    assert_cold(changed, again)


def test_a_later_document_the_change_resolves_otherwise_is_extracted_again(caches):
    # the first document no longer names Zhumabayev, so the last one's "Zhumabaev" is a name of its own
    changed = {**TEXTS, "doc_a000000000000001": ("Union leader detained", "Union leader Amir Sadykov was detained in Aktau on 9 April 2017.")}
    again = extract(changed, caches)
    assert (again[3][process.EXTRACTED], again[3][process.EXTRACTED_FROM_CACHE]) == (2, 2)
    assert "Talgat Zhumabayev" not in set(again[1]["canonical"])
    assert_cold(changed, again)
    back = extract(TEXTS, caches)  # and back: the first run's parts, kept under their own key, serve again
    assert back[3][process.EXTRACTED_FROM_CACHE] >= 2
    assert_cold(TEXTS, back)


def test_a_replay_that_fails_halfway_leaves_the_resolver_as_it_was(monkeypatch):
    import copy

    from pipeline import settings
    from pipeline.entities import EntityResolver
    from pipeline.extract_cache import replay

    monkeypatch.chdir(ROOT)
    resolver = EntityResolver.from_alias_file(settings.ALIASES_FILE, None)
    pristine = copy.deepcopy(resolver)
    learnt = copy.deepcopy(resolver).resolve("Erzhan Oralbekov", "PERSON")
    calls = [("resolve", ("Erzhan Oralbekov", "PERSON"), learnt),  # learnt: a new person
             ("resolve", ("Oralbekov", "PERSON"), ("per-x-someone-else", "Someone Else"))]  # answered otherwise
    before = resolver.checkpoint()
    assert not replay(resolver, calls)
    assert resolver.checkpoint() != before  # the first question taught it a person
    resolver.rollback(before)
    assert (resolver.aliases, resolver.by_id, resolver.persons) == (pristine.aliases, pristine.by_id, pristine.persons)
    assert {k: v for k, v in resolver._blocks.items() if v} == {k: v for k, v in pristine._blocks.items() if v}
    assert replay(resolver, calls[:1]) and resolver.resolve("Oralbekov", "PERSON") == learnt


def test_a_document_met_in_a_state_seen_before_is_taken_without_a_question(caches, monkeypatch):
    """The resolver's state after each document is named by what it learnt (``after`` entries):
    with nothing changed no question is replayed, and a change that teaches the same names
    leaves every later document's shortcut in place."""
    from pipeline import extract_cache

    replayed = []
    real = extract_cache.replay
    monkeypatch.setattr(extract_cache, "replay", lambda resolver, calls: replayed.append(calls) or real(resolver, calls))
    again = extract(TEXTS, caches)
    assert (again[3][process.EXTRACTED], again[3][process.EXTRACTED_FROM_CACHE], replayed) == (0, 4, [])
    assert_cold(TEXTS, again)
    title, text = TEXTS["doc_b000000000000002"]
    same_names = {**TEXTS, "doc_b000000000000002": (title, text + " It was the second fine that year.")}
    again = extract(same_names, caches)
    assert (again[3][process.EXTRACTED], again[3][process.EXTRACTED_FROM_CACHE], replayed) == (1, 3, [])
    assert_cold(same_names, again)
    other_names = {**TEXTS, "doc_a000000000000001": ("Union leader detained", "Union leader Amir Sadykov was detained in Aktau on 9 April 2017.")}
    again = extract(other_names, caches)  # a new state: the later documents are replayed, the last one extracted again
    assert (again[3][process.EXTRACTED], again[3][process.EXTRACTED_FROM_CACHE]) == (2, 2) and len(replayed) == 3
    assert_cold(other_names, again)
    # back to the first texts: the last document's kept part is now the one made in the other
    # state, so the first state's entry (its questions and answers, not a part) does not give it
    again = extract(TEXTS, caches)
    assert again[3][process.EXTRACTED] >= 1
    assert_cold(TEXTS, again)
