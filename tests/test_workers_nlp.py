"""spaCy in forked worker processes (``--jobs N``): the same sentences, entities and parses as
in this process, in the input's order, long texts cut into pieces included."""

from conftest import ROOT
from pipeline import nlp, settings

SEEDS = ROOT / "tests" / "fixture_site" / "seeds"


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 40]
    return paragraphs


def test_forked_workers_give_the_annotations_of_one_process(monkeypatch):
    model = nlp.load_nlp(settings.SPACY_MODEL, str(ROOT / settings.ALIASES_FILE), str(ROOT / settings.PATTERNS_FILE))
    texts = seed_paragraphs()[:40]
    texts.append(" ".join(texts[:12]))  # one text long enough to be cut into pieces below
    assert len(texts) > 20
    forked = []
    real = nlp._forked_sentences
    monkeypatch.setattr(nlp, "_forked_sentences", lambda *a: forked.append(a[3]) or real(*a))
    alone = nlp.annotate_texts(texts, model, max_chars=2_000)
    assert not forked
    together = nlp.annotate_texts(texts, model, max_chars=2_000, n_process=2, min_per_process=5)
    assert forked == [2]  # the texts really went to two workers
    assert together == alone
    assert len(alone[-1]) > 3 and alone[-1][-1]["start"] > 2_000  # the long text's pieces joined at their offsets


def test_too_few_texts_stay_in_this_process(monkeypatch):
    model = nlp.load_nlp(settings.SPACY_MODEL, str(ROOT / settings.ALIASES_FILE), str(ROOT / settings.PATTERNS_FILE))
    monkeypatch.setattr(nlp, "_forked_sentences", lambda *a: (_ for _ in ()).throw(AssertionError("forked")))
    texts = seed_paragraphs()[:6]
    assert len(nlp.annotate_texts(texts, model, n_process=2)) == 6  # 6 texts < MIN_TEXTS_PER_PROCESS per worker
