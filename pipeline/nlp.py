"""The spaCy stage: sentences and named entities of every document, cached by content hash.

The components run are the ones extraction reads: the tagger, attribute ruler and lemmatizer
(lemmas and parts of speech, so event predicates are looked up by lemma), the dependency parser
(who did what to whom; it also sets the sentence boundaries, so the statistical sentence
recogniser is left out) and the entity recogniser, plus an entity ruler placed before the
recogniser. The parser roughly doubles the time of the entity-only pipeline; the cache below
pays it once per text. The ruler's patterns are data: every name of the alias table and the patterns in
``config/entity_patterns.jsonl``, so the model's known blind spots (Zhanaozen as a person, the
ITUC as a place, Kazakhmys as a place) are fixed without touching code.
"""

from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import settings

EXCLUDED = ["senter"]  # the parser sets sentence boundaries
ANNOTATION_VERSION = "2"  # bump when the shape of an annotation changes (2: tokens with their parse)
KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "NORP", "MONEY"}


def ruler_patterns(aliases_file: Path, patterns_file: Path) -> list[dict]:
    patterns: list[dict] = []
    with open(aliases_file, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names = [row["canonical"], *[v for v in (row.get("variants") or "").split("|") if v.strip()]]
            names += [n.replace("'", "’") for n in names if "'" in n]  # pages use typographic apostrophes
            for name in dict.fromkeys(n.strip() for n in names):
                patterns.append({"label": row["label"], "pattern": name, "id": row["id"]})
    with open(patterns_file, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                entry = json.loads(line)
                patterns.append({"label": entry["label"], "pattern": entry["pattern"], "id": entry["id"]})
    return patterns


def nlp_fingerprint(model: str, aliases_file: Path, patterns_file: Path) -> str:
    """Changes whenever annotations could change: model, ruler data, annotation shape."""
    import spacy

    digest = hashlib.sha256()
    for part in (model, spacy.__version__, ANNOTATION_VERSION):
        digest.update(part.encode() + b"\0")
    for path in (aliases_file, patterns_file):
        digest.update(Path(path).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=2)
def load_nlp(model: str, aliases_file: str, patterns_file: str):
    import spacy

    nlp = spacy.load(model, exclude=EXCLUDED)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    ruler.add_patterns(ruler_patterns(Path(aliases_file), Path(patterns_file)))
    return nlp


def annotate_texts(texts: Iterable[str], nlp, batch_size: int = 64, total: int | None = None, progress: bool = False) -> list[list[dict]]:
    """For every text, its sentences: ``{"text", "start", "ents": [[text, label, id, start, end]],
    "tokens": [[start, end, lemma, pos, tag, dep, head]]}`` with character offsets relative to the
    sentence and ``head`` the index of the token's head within the sentence (the root is its own
    head), so a sentence's parse can be rebuilt without the model (``predicates.sentence_doc``)."""
    from tqdm import tqdm

    results = []
    for doc in tqdm(nlp.pipe(texts, batch_size=batch_size), total=total, desc="spaCy", unit="text", disable=not progress):
        sentences = []
        for sent in doc.sents:
            ents = [
                [e.text, e.label_, e.ent_id_, e.start_char - sent.start_char, e.end_char - sent.start_char]
                for e in sent.ents
                if e.label_ in KEEP_LABELS
            ]
            sentences.append({"text": sent.text, "start": sent.start_char, "ents": ents, "tokens": sentence_tokens(sent)})
        results.append(sentences)
    return results


def sentence_tokens(sent) -> list[list]:
    """The tokens of a spaCy sentence span as plain lists (cacheable, model-free)."""
    base, first = sent.start_char, sent.start
    return [
        [t.idx - base, t.idx + len(t.text) - base, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i - first]
        for t in sent
    ]


class AnnotationCache:
    """Annotations keyed by (NLP fingerprint, text hash) in a disk cache (diskcache), so a
    refresh re-runs spaCy only on documents whose text is new."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.fingerprint = fingerprint
        self._cache = None
        if folder is not None:
            import diskcache

            self._cache = diskcache.Cache(str(folder), size_limit=2**32)

    def key(self, text: str) -> str:
        return self.fingerprint + ":" + hashlib.sha256(text.encode()).hexdigest()

    def get(self, text: str):
        return None if self._cache is None else self._cache.get(self.key(text))

    def set(self, text: str, value) -> None:
        if self._cache is not None:
            self._cache.set(self.key(text), value)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


def annotate_documents(
    units: list[str],
    cache_dir: Path | None = None,
    model: str | None = None,
    aliases_file: Path = Path("config/aliases.csv"),
    patterns_file: Path = Path("config/entity_patterns.jsonl"),
    progress: bool = False,
) -> tuple[list[list[dict]], dict[str, int]]:
    """Annotations of every text unit (a title or a paragraph), from the cache when possible."""
    model = model or settings.SPACY_MODEL
    cache = AnnotationCache(cache_dir, nlp_fingerprint(model, aliases_file, patterns_file))
    try:
        results: list[list[dict] | None] = [cache.get(u) for u in units]
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            nlp = load_nlp(model, str(aliases_file), str(patterns_file))
            annotations = annotate_texts((units[i] for i in todo), nlp, total=len(todo), progress=progress)
            for i, annotation in zip(todo, annotations):
                results[i] = annotation
                cache.set(units[i], annotation)
        return results, {"annotated": len(todo), "from cache": len(units) - len(todo)}  # type: ignore[return-value]
    finally:
        cache.close()
