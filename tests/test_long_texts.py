"""Texts longer than spaCy's nlp.max_length are annotated in pieces, with correct offsets
(real model)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import settings as pipeline_settings
from pipeline.nlp import annotate_documents, annotate_texts, load_nlp, piece_starts

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "Union leader Erlan Baltabay was arrested in Almaty on 5 January 2017 for calling a strike."


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(pipeline_settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))


def test_pieces_cut_at_paragraphs_then_sentences_then_spaces_then_anywhere():
    paragraphs = "\n\n".join(["word " * 30] * 10)
    starts = piece_starts(paragraphs, 400)
    assert all(paragraphs[s - 2 : s] == "\n\n" for s in starts[1:])
    sentences = "One sentence here. " * 100
    assert all(sentences[s - 2 : s] == ". " for s in piece_starts(sentences, 300)[1:])
    spaces = "word " * 200
    assert all(spaces[s - 1] == " " for s in piece_starts(spaces, 300)[1:])
    solid = "x" * 1000
    assert piece_starts(solid, 300) == [0, 300, 600, 900]
    assert piece_starts("short", 300) == [0]
    for text in (paragraphs, sentences, spaces, solid):
        starts = piece_starts(text, 300)
        assert all(0 < b - a <= 300 for a, b in zip(starts, [*starts[1:], len(text)]))


def test_a_text_over_max_length_is_annotated_in_pieces_with_correct_offsets(nlp):
    """~1.1 million characters: one paragraph repeated, joined by single spaces (one giant
    paragraph, the worst case), which spaCy alone refuses (E088)."""
    text = " ".join([PARAGRAPH] * (1_100_000 // (len(PARAGRAPH) + 1) + 1))
    assert len(text) > nlp.max_length
    began = time.monotonic()
    [sentences] = annotate_texts([text], nlp)
    seconds = time.monotonic() - began
    print(f"{len(text)} characters annotated in {seconds:.0f} s, {len(sentences)} sentences")
    assert len(sentences) >= 0.95 * text.count(PARAGRAPH)
    for sentence in sentences:
        assert text[sentence["start"] : sentence["start"] + len(sentence["text"])] == sentence["text"]
        for name, _, _, start, end in sentence["ents"]:
            assert sentence["text"][start:end] == name
    people = sum(1 for s in sentences for e in s["ents"] if e[0] == "Erlan Baltabay" and e[1] == "PERSON")
    assert people >= 0.95 * text.count(PARAGRAPH)
    starts = [s["start"] for s in sentences]
    assert starts == sorted(starts) and starts[-1] > 1_000_000


def test_annotate_documents_never_fails_on_long_text_and_matches_short_text_annotation(nlp):
    short = f"{PARAGRAPH} Workers went on strike."
    long = "\n".join([short] * 2000)
    annotations, counts, warnings = annotate_documents(
        [short, long], aliases_file=ROOT / "config" / "aliases.csv", patterns_file=ROOT / "config" / "entity_patterns.jsonl")
    assert counts["annotated"] == 2 and warnings == []
    pieces = annotate_texts([long], nlp, max_chars=5_000)[0]  # cut at line breaks, every ~5,000 characters
    assert [s["text"].strip() for s in pieces[:2]] == [s["text"] for s in annotations[0]]
    assert [s["ents"] for s in pieces[:2]] == [s["ents"] for s in annotations[0]]
    assert [(s["start"], s["text"].strip()) for s in pieces] == [(s["start"], s["text"].strip()) for s in annotations[1]]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("ab .!?\n\"”"), max_size=400), st.integers(1, 60))
def test_pieces_cover_the_text_in_order_and_none_is_over_the_limit(text, limit):
    starts = piece_starts(text, limit)
    ends = [*starts[1:], len(text)]
    assert starts[0] == 0 and all(0 < b - a <= limit for a, b in zip(starts, ends)) or text == ""
