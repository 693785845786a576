"""The full pipeline runs only on the texts where a word could have a lemma of the event lexicon
(``lemma_words``): those texts are annotated exactly as by it; the others get the sentence
recogniser's sentences, the full pipeline's entities and no tag or parse; and the annotation
cache keeps them right when the lexicon changes."""

import shutil

import pandas as pd
import pytest

from conftest import ROOT
from pipeline import settings
from pipeline.entities import EntityResolver
from pipeline.extract import extract_mentions, load_event_types, text_units
from pipeline.lemma_words import LemmaWords, lexicon_digest
from pipeline.nlp import (UNTAGGED_FOR, AnnotationCache, annotate_documents, annotate_texts, is_untagged, load_nlp,
                          nlp_fingerprint)

TYPES = load_event_types(ROOT / "config" / "event_types.toml")
ALIASES, PATTERNS = ROOT / "config" / "aliases.csv", ROOT / "config" / "entity_patterns.jsonl"
# text written for these tests: forms a lexicon lemma hides behind (an irregular past, a hyphen
# split into three tokens, a contraction the attribute ruler lemmatizes), and text with none
OWN = [
    "The union was de-registered by the ministry last year.",
    "Workers said they were gonna walk out if the pay stayed frozen.",
    "Two organisers were imprisoned and a third was beaten in custody.",
    "Guards seized the leaflets.\n\nThe weather in Atyrau was mild and the markets quiet.",
    "Mr Abenov, a welder from Zhanaozen, has three children.",
    "Quarterly figures for oil output rose by 4 per cent, the statistics agency reported.",
    "   ",
    "Bread — and salt.",
    'He said: "We will meet again next week" and then he walked to the car park near the bank',  # two sentences to the parser, one to the recogniser
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(settings.SPACY_MODEL, str(ALIASES), str(PATTERNS))


@pytest.fixture(scope="module")
def texts():
    seeds = [p for path in sorted((ROOT / "tests" / "fixture_site" / "seeds").glob("*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return seeds + OWN


@pytest.fixture(scope="module")
def both(nlp, texts):
    """The full pipeline's annotations of every text and the selective ones."""
    return annotate_texts(texts, nlp), annotate_texts(texts, nlp, lemma_words=LemmaWords(nlp, TYPES.lexicon), batch_size=16)


def _entities(sentences):
    """Every entity of a text's sentences, at its offsets in the text."""
    return [(s["start"] + e[3], s["start"] + e[4], e[0], e[1], e[2]) for s in sentences for e in s["ents"]]


def _token_offsets(sentences):
    return [(s["start"] + t[0], s["start"] + t[1]) for s in sentences for t in s["tokens"]]


def test_a_text_that_could_hold_a_lexicon_word_is_annotated_as_by_the_full_pipeline(both, texts, nlp):
    full, selective = both
    tagged = [k for k, sentences in enumerate(selective) if not any(is_untagged(s) for s in sentences)]
    untagged = [k for k in range(len(texts)) if k not in set(tagged)]
    assert len(tagged) > 100 and len(untagged) > 30
    for k in tagged:
        assert selective[k] == full[k], texts[k]
    senter = nlp.get_pipe("senter")
    other_sentences = 0
    for k in untagged:  # the recogniser's sentences, the full pipeline's entities and tokens, no tag or parse
        assert all(is_untagged(s) for s in selective[k]), texts[k]
        assert _entities(selective[k]) == _entities(full[k]), texts[k]
        assert _token_offsets(selective[k]) == _token_offsets(full[k]), texts[k]
        assert all(t[2:6] == ["", "", "", ""] and t[6] == i for s in selective[k] for i, t in enumerate(s["tokens"]))
        assert all(t[4] for s in full[k] for t in s["tokens"])  # the tagger tags every token
        own = senter(nlp.make_doc(texts[k]))
        assert [(s["start"], s["text"]) for s in selective[k]] == [(s.start_char, s.text) for s in own.sents], texts[k]
        other_sentences += [s["start"] for s in selective[k]] != [s["start"] for s in full[k]]
    assert other_sentences > 0  # the recogniser is not the parser (OWN[8]): the test tells them apart
    assert {OWN[0], OWN[1], OWN[2], OWN[3]} <= {texts[k] for k in tagged}
    assert {OWN[4], OWN[5], OWN[7], OWN[8]} <= {texts[k] for k in untagged}


def test_no_untagged_sentence_holds_a_form_that_extraction_looks_up(both, texts):
    """What ``find_predicates`` reads: a lemma, a word or three tokens joined in the lexicon. In
    the full pipeline's annotation of every untagged text there is none; and every word whose
    lemma is in the lexicon is one the superset test flags."""
    full, selective = both
    lexicon = TYPES.lexicon
    for k, sentences in enumerate(selective):
        untagged = any(is_untagged(s) for s in sentences)
        for sentence in full[k]:
            text, tokens = sentence["text"], sentence["tokens"]
            forms = {t[2].lower() for t in tokens} | {text[t[0]:t[1]].lower() for t in tokens}
            forms |= {text[tokens[i - 2][0]:t[1]].lower() for i, t in enumerate(tokens) if i >= 2}
            assert not untagged or not forms & lexicon, (texts[k], forms & lexicon)


def test_every_word_with_a_lexicon_lemma_is_flagged(nlp, both):
    words = LemmaWords(nlp, TYPES.lexicon)
    full, _ = both
    found = [(s["text"][t[0]:t[1]], t[2]) for unit in full for s in unit for t in s["tokens"] if t[2].lower() in TYPES.lexicon]
    assert len(found) > 200 and any(word.lower() != lemma.lower() for word, lemma in found)
    assert all(words.word_could_match(word.lower()) for word, _ in found)
    assert not words.word_could_match("weather") and words.word_could_match("seized") and words.word_could_match("went")


def test_with_many_workers_the_selective_annotations_are_the_same(nlp, texts, both):
    _, selective = both
    words = LemmaWords(nlp, TYPES.lexicon)
    assert annotate_texts(texts, nlp, n_process=2, min_per_process=20, lemma_words=words, batch_size=16) == selective


EVICTION = "Police evicted the miners from their camp near Almaty on 12 October 2021."


def _mentions(annotations, text, types):
    documents = pd.DataFrame([{"doc_id": "doc_0123456789abcdef", "title": None, "text": text, "published": "2021-10-20",
                               "duplicate_of": None, "publisher": "Test", "source": "test", "url": "https://example.org/a"}])
    mentions, _, _ = extract_mentions(documents, annotations, types, EntityResolver.from_alias_file(ALIASES))
    return mentions


def test_a_new_lexicon_word_annotates_a_cached_untagged_paragraph_again(tmp_path, nlp):
    """The cache keeps an untagged paragraph for the lexicon it was made for; when a new word of
    the lexicon could now match it, it is annotated again, tagged, and its event found."""
    cache = tmp_path / "nlp"
    other = "Seven activists were detained outside the court."
    units = [u for _, u in text_units(pd.DataFrame([{"title": None, "text": EVICTION + "\n\n" + other}]))]
    assert units == [EVICTION, other]

    def annotate(types, lexicon="types"):
        return annotate_documents(units, cache_dir=cache, aliases_file=ALIASES, patterns_file=PATTERNS,
                                  lexicon=types.lexicon if lexicon == "types" else lexicon)

    first, counts, _ = annotate(TYPES)
    assert counts == {"annotated": 2, "from cache": 0}
    assert all(is_untagged(s) for s in first[0]) and not any(is_untagged(s) for s in first[1])
    assert _mentions(first, EVICTION + "\n\n" + other, TYPES)["trigger"].tolist() == ["detained"]

    unrelated = TYPES.lexicon | {"vote"}  # a new word the paragraph does not hold: still from the cache
    again, counts, _ = annotate(TYPES, unrelated)
    assert counts == {"annotated": 0, "from cache": 2} and again == first
    kept = AnnotationCache(cache, nlp_fingerprint(settings.SPACY_MODEL, ALIASES, PATTERNS))
    assert kept.get(EVICTION)[UNTAGGED_FOR] == lexicon_digest(unrelated)  # marked with it: not tested again
    kept.close()

    toml = (ROOT / "config" / "event_types.toml").read_text(encoding="utf-8")
    old = 'lemmas = ["storm", "raid", "disperse", "break", "crush"]'
    assert old in toml
    path = tmp_path / "config" / "event_types.toml"  # beside the files it names
    shutil.copytree(ROOT / "config", path.parent)
    path.write_text(toml.replace(old, old[:-1] + ', "evict"]'), encoding="utf-8")
    evicting = load_event_types(path)
    changed, counts, _ = annotate(evicting)
    assert counts == {"annotated": 1, "from cache": 1}
    full = annotate_texts(units, nlp)
    assert changed == full
    found = _mentions(changed, EVICTION + "\n\n" + other, evicting)
    assert sorted(found["trigger"]) == ["detained", "evicted"]
    assert dict(zip(found["trigger"], found["event_type"]))["evicted"] == "violence"  # a raid, of the broader type
    assert annotate(evicting)[1] == {"annotated": 0, "from cache": 2}


def test_a_caller_that_wants_every_text_tagged_never_gets_an_untagged_one(tmp_path):
    cache = tmp_path / "nlp"
    units = [EVICTION]
    untagged, counts, _ = annotate_documents(units, cache_dir=cache, aliases_file=ALIASES, patterns_file=PATTERNS,
                                             lexicon=TYPES.lexicon)
    assert is_untagged(untagged[0][0])
    tagged, counts, _ = annotate_documents(units, cache_dir=cache, aliases_file=ALIASES, patterns_file=PATTERNS)
    assert counts == {"annotated": 1, "from cache": 0} and not is_untagged(tagged[0][0])
    assert annotate_documents(units, cache_dir=cache, aliases_file=ALIASES, patterns_file=PATTERNS,
                              lexicon=TYPES.lexicon)[0] == tagged  # a tagged entry serves every lexicon


def test_a_new_lexicon_word_across_the_recognisers_sentence_end_annotates_again(tmp_path, nlp):
    """Three tokens in a row are a form of the lexicon ("de-registered") wherever the sentences
    end: the full pipeline would test them in one piece, so a cached untagged text whose
    recogniser put a sentence end among them is annotated again for a lexicon that holds them."""
    text = "Contact us: press office, Astana. Phone +7 717 000 0000 Email info at example dot org"
    cache = tmp_path / "nlp"

    def annotate(lexicon):
        return annotate_documents([text], cache_dir=cache, aliases_file=ALIASES, patterns_file=PATTERNS, lexicon=lexicon)

    first, counts, _ = annotate(TYPES.lexicon)
    assert counts == {"annotated": 1, "from cache": 0} and all(is_untagged(s) for s in first[0])
    ends = [s["start"] for s in first[0]]
    across = text.index("0000 Email info")
    assert across < text.index("Email") in ends  # the recogniser ends a sentence among the three
    assert text.index("Email") not in [s["start"] for s in annotate_texts([text], nlp)[0]]  # the parser does not
    assert annotate(TYPES.lexicon | {"0000 email"})[1] == {"annotated": 0, "from cache": 1}  # two tokens: no form
    again, counts, _ = annotate(TYPES.lexicon | {"0000 email info"})
    assert counts == {"annotated": 1, "from cache": 0}
    assert not any(is_untagged(s) for s in again[0]) and again == annotate_texts([text], nlp)
