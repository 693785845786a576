"""The attribute ruler's matches found by the memo are the ruler's own (the same tuples in the
same order) and the lemmatizer's memo gives its own lemmas: the same parts of speech,
morphology and lemmas."""

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from conftest import ROOT
from pipeline import settings
from pipeline.rule_memos import LemmaMemo, MemoMatch, install, install_lemmatizer

# text written for these tests: the one-token rules (tags, "that" as a conjunction, negations)
# and every kind of the model's longer rules ("gonna", "ain't", "y'all", "let's", "there is")
OWN = [
    "Y'all know the union ain't gonna sign, and there is no deal; let's wait, c'mon.",
    "They gotta decide whether it is legal, though nothin' has changed since May.",
    "I'd said that the court did not rule; the police have n't released him.",
    "Whilst the workers were striking, the managers were n’t there, were they?",
    "\n\n  Tabs\tand   spaces   between words.  ",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(settings.SPACY_MODEL, exclude=["senter"])


@pytest.fixture(scope="module")
def docs(nlp):
    seeds = [p for path in sorted((ROOT / "tests" / "fixture_site" / "seeds").glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert len(seeds) > 50
    return list(nlp.pipe(seeds + OWN, disable=["attribute_ruler", "lemmatizer", "ner"]))


def test_the_memo_finds_the_rulers_own_matches_in_its_order(nlp, docs):
    ruler = nlp.get_pipe("attribute_ruler")
    memo = MemoMatch(ruler)
    assert memo.tests and len(memo.longer), "the model has rules of one token and of more"
    longer_found = 0
    for doc in docs:
        expected = AttributeRuler.match(ruler, doc)
        assert memo(doc) == expected, doc.text[:80]
        assert memo(doc) == expected  # from the memo the second time
        longer_found += sum(end - start > 1 for _, _, start, end in expected)
    assert longer_found >= 5, "the longer rules were tried"


def test_a_pipeline_with_the_memo_annotates_as_the_ruler_does(nlp, docs):
    texts = [doc.text for doc in docs]
    plain = spacy.load(settings.SPACY_MODEL, exclude=["senter"])
    memo = spacy.load(settings.SPACY_MODEL, exclude=["senter"])
    assert install(memo.get_pipe("attribute_ruler"))
    assert install_lemmatizer(memo.get_pipe("lemmatizer"))
    for a, b in zip(plain.pipe(texts), memo.pipe(texts), strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in a] == \
               [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in b]


def test_a_ruler_with_a_pattern_the_memo_cannot_read_keeps_its_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "strike"}]], {"LEMMA": "strike"})
    ruler.add([[{"LENGTH": {">": 12}}]], {"LEMMA": "long"})
    assert not install(ruler)
    assert "match" not in vars(ruler)
    doc = nlp("A strike over unrecognisable terms")
    assert [t.lemma_ for t in doc] == ["", "strike", "", "long", ""]


def test_an_optional_first_token_makes_the_longer_rules_run_on_every_text():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "hunger", "OP": "?"}, {"LOWER": "strike"}]], {"LEMMA": "strike"}, index=-1)
    memo = MemoMatch(ruler)
    assert memo.always_longer
    doc = nlp.make_doc("a strike and a hunger strike")
    assert memo(doc) == AttributeRuler.match(ruler, doc)
    assert install(ruler)
    assert [t.lemma_ for t in nlp("a strike and a hunger strike")] == ["", "strike", "", "", "", "strike"]


def test_the_lemma_memo_answers_as_the_lemmatizer_for_every_token(nlp, docs):
    lemmatizer = nlp.get_pipe("lemmatizer")
    tagged = list(nlp.pipe([d.text for d in docs], disable=["ner"]))
    memo = LemmaMemo(lemmatizer.rule_lemmatize)
    tokens = [t for doc in tagged for t in doc]
    assert [memo(t) for t in tokens] == [lemmatizer.rule_lemmatize(t) for t in tokens]
    assert len(memo.memo) < len(tokens) / 2, "most answers come from the memo"


def test_only_a_rule_lemmatizer_takes_the_memo():
    nlp = spacy.blank("en")
    lookup = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not install_lemmatizer(lookup)
    assert lookup.lemmatize == lookup.lookup_lemmatize
