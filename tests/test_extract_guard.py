"""One document whose extraction raises is quarantined; the others are extracted as usual
(real spaCy model; the failure is injected into one document, as the fetch tests inject
faults into one endpoint)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import pipeline.process as process
from pipeline.rejects import Reject

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "doc_a000000000000001": ("Union leader arrested", "Union leader Erlan Baltabay was arrested in Almaty on 5 January 2017."),
    "doc_b000000000000002": (None, "The court fined the Confederation of Independent Trade Unions of Kazakhstan on 3 March 2017."),
    "doc_c000000000000003": ("Poison", "Nurbek Kushakbaev was detained on 9 April 2017 in Zhanaozen."),
    "doc_d000000000000004": (None, "Erlan Baltabay was released on 20 August 2019 after a pardon."),
}


def documents(ids) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "url": f"https://hostile.example/{d}", "title": TEXTS[d][0], "text": TEXTS[d][1],
                          "published": "2019-09-01", "published_precision": "day", "publisher": "P", "source": "s",
                          "kind": "article", "duplicate_of": None} for d in ids])


@pytest.fixture()
def poisoned(monkeypatch):
    """The real extractor, except that it raises on any batch holding the poison document."""
    monkeypatch.chdir(ROOT)
    real = process.extract_mentions

    def extract(docs, annotations, types, resolver, **options):
        if "doc_c000000000000003" in set(docs["doc_id"]):
            raise KeyError("a field the extractor\nexpected")
        return real(docs, annotations, types, resolver, **options)

    monkeypatch.setattr(process, "extract_mentions", extract)


def test_a_document_that_breaks_extraction_is_rejected_and_the_others_are_extracted(poisoned):
    mentions, entities, _, _, rejects = process.find_mentions(documents(TEXTS), None)
    assert rejects == [Reject(stage="extract", table="documents", key="doc_c000000000000003",
                              url="https://hostile.example/doc_c000000000000003",
                              reason="KeyError: 'a field the extractor\\nexpected'")]
    assert "\n" not in rejects[0].warning()
    assert set(mentions["doc_id"]) == {"doc_a000000000000001", "doc_b000000000000002", "doc_d000000000000004"}
    # what one batch of the three good documents gives, entity table included
    good = [d for d in TEXTS if d != "doc_c000000000000003"]
    alone, alone_entities, _, _, none = process.find_mentions(documents(good), None)
    assert none == []
    assert list(mentions["mention_id"]) == list(alone["mention_id"])
    pd.testing.assert_frame_equal(entities.reset_index(drop=True), alone_entities.reset_index(drop=True), check_dtype=False)
    assert "Erlan Baltabay" in set(entities["canonical"])
    assert entities.loc[entities["canonical"] == "Erlan Baltabay", "n_mentions"].iloc[0] == 2


def test_documents_extracted_before_the_breaking_one_are_counted_once(monkeypatch):
    """The batch that breaks after extracting some documents is taken again one document at a
    time: the run summary's count of documents extracted is that of the second pass alone."""
    monkeypatch.chdir(ROOT)
    real = process.extract_mentions

    def extract(docs, annotations, types, resolver, **options):
        found = real(docs, annotations, types, resolver, **options)
        if "doc_c000000000000003" in set(docs["doc_id"]):
            raise KeyError("after the batch")
        return found

    monkeypatch.setattr(process, "extract_mentions", extract)
    _, _, _, counts, rejects = process.find_mentions(documents(TEXTS), None)
    assert [r.key for r in rejects] == ["doc_c000000000000003"]
    assert counts[process.EXTRACTED] == 4  # each document once: three kept, and the one rejected after extraction
