"""The spaCy stage: sentences and named entities of every document, cached by content hash.

The components run are the ones extraction reads: the tagger, attribute ruler and lemmatizer
(lemmas and parts of speech, so event predicates are looked up by lemma), the dependency parser
(who did what to whom; it also sets the sentence boundaries) and the entity recogniser, plus an
entity ruler placed before the recogniser. Given the event lexicon, all but the rulers and the
recogniser run only on the texts where some word could have a lemma of it (``lemma_words``):
extraction reads no lemma, tag or parse of the others, only their sentences, which the
model's statistical sentence recogniser sets there (a tok2vec of its own, 16 wide: shipped
disabled, run only on those texts), and their entities, which the recogniser (a tok2vec of
its own too) finds on every text. Timed component by component on 3,000 of the benchmark's
text units, the recogniser is about 45% of the model's time and the shared tok2vec, parser,
attribute ruler and lemmatizer about half; the cache below pays them once per text. The
ruler's patterns are data: every name of the alias table and the patterns in
``config/entity_patterns.jsonl``, so the model's known blind spots (Zhanaozen as a person, the
ITUC as a place, Kazakhmys as a place) are fixed without touching code. The attribute ruler
and the lemmatizer answer through memos (``rule_memos``): their own answers, a fraction of
their time.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from . import rule_memos, settings
from .disk_cache import DiskCache

EXCLUDED: list[str] = []  # the sentence recogniser stays, disabled as the model ships it (see GATED)
# On a text none of whose words could be a form of the event lexicon, extraction reads sentences
# and entities only: the sentence recogniser (a tok2vec of its own, width 16) sets its sentences
# in place of the tok2vec, tagger, parser, attribute ruler and lemmatizer, and the entity ruler
# and recogniser (a tok2vec of its own too) run on every text.
GATED = "senter"
EVERY_TEXT = ("entity_ruler", "ner")
ANNOTATION_VERSION = "3"  # bump when the shape of an annotation changes (3: texts out of the lexicon unparsed)
KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "NORP", "MONEY"}
# Texts longer than this are annotated in pieces (spaCy refuses texts over nlp.max_length,
# 1,000,000 characters, and needs about 1 GB per 100,000 characters with the parser on).
MAX_PIECE_CHARS = 100_000
SENTENCE_END = re.compile(r"[.!?][\"”’»)\]]*\s+")


def ruler_patterns(aliases_file: Path, patterns_file: Path) -> list[dict]:
    """Patterns of the global files and of every country's (``knowledge``): the ruler labels
    spans for all documents; which entity a span is stays the resolver's, scoped by country."""
    from .knowledge import alias_files, pattern_files

    patterns: list[dict] = []
    for _, path in alias_files(aliases_file):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                names = [row["canonical"], *[v for v in (row.get("variants") or "").split("|") if v.strip()]]
                names += [n.replace("'", "’") for n in names if "'" in n]  # pages use typographic apostrophes
                for name in dict.fromkeys(n.strip() for n in names):
                    patterns.append({"label": row["label"], "pattern": name, "id": row["id"]})
    for _, path in pattern_files(patterns_file):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    entry = json.loads(line)
                    patterns.append({"label": entry["label"], "pattern": entry["pattern"], "id": entry["id"]})
    return patterns


def nlp_fingerprint(model: str, aliases_file: Path, patterns_file: Path) -> str:
    """Changes whenever annotations could change: model, ruler data, annotation shape. Not the
    event lexicon: an annotation made without tags names the lexicon it was made for, and serves
    another while none of its words could be a form of it (``annotate_documents``)."""
    import spacy

    digest = hashlib.sha256()
    for part in (model, spacy.__version__, ANNOTATION_VERSION):
        digest.update(part.encode() + b"\0")
    from .knowledge import alias_files, pattern_files

    for _, path in [*alias_files(Path(aliases_file)), *pattern_files(Path(patterns_file))]:
        digest.update(str(path.name).encode() + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=2)
def load_nlp(model: str, aliases_file: str, patterns_file: str):
    import spacy

    nlp = spacy.load(model, exclude=EXCLUDED)
    if "attribute_ruler" in nlp.pipe_names:
        rule_memos.install(nlp.get_pipe("attribute_ruler"))  # the same matches, found by a memo
    if "lemmatizer" in nlp.pipe_names:
        rule_memos.install_lemmatizer(nlp.get_pipe("lemmatizer"))  # the same lemmas, each worked out once
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    ruler.add_patterns(ruler_patterns(Path(aliases_file), Path(patterns_file)))
    return nlp


def piece_starts(text: str, limit: int) -> list[int]:
    """Where the pieces of a text too long to annotate at once begin: cut at the last
    paragraph break within ``limit`` characters, else the last line break, else the last
    sentence end, else the last space, else at ``limit`` (a cut before a quarter of the
    window is not taken, so pieces stay large)."""
    starts = [0]
    while len(text) - starts[-1] > limit:
        begin = starts[-1]
        window = text[begin : begin + limit]
        cut = 0
        for find in (lambda w: w.rfind("\n\n") + 2, lambda w: w.rfind("\n") + 1, _last_sentence_end,
                     lambda w: w.rfind(" ") + 1):
            cut = find(window)
            if cut > limit // 4:
                break
        starts.append(begin + (cut if cut > limit // 4 else limit))
    return starts


def _last_sentence_end(window: str) -> int:
    ends = [m.end() for m in SENTENCE_END.finditer(window, len(window) * 3 // 4)]
    return ends[-1] if ends else 0


# Worker processes pay for themselves only over this many texts each (a worker starts with a
# fork of this process, the model included, and its results come back pickled).
MIN_TEXTS_PER_PROCESS = 500
_FORKED = None  # (model, texts) a forked annotation worker inherits (set just before forking)


def annotate_texts(texts: Iterable[str], nlp, batch_size: int = 64, progress: bool = False, max_chars: int = MAX_PIECE_CHARS,
                   n_process: int = 1, min_per_process: int | None = None, lemma_words=None) -> list[list[dict]]:
    """For every text, its sentences: ``{"text", "start", "ents": [[text, label, id, start, end]],
    "tokens": [[start, end, lemma, pos, tag, dep, head]]}`` with character offsets relative to the
    sentence and ``head`` the index of the token's head within the sentence (the root is its own
    head), so a sentence's parse can be rebuilt without the model (``predicates.sentence_doc``).
    A text over ``max_chars`` is annotated in pieces (``piece_starts``) whose sentences are
    joined back at their offsets in the text. ``n_process`` > 1 annotates in that many worker
    processes when there are enough texts (``min_per_process`` each, default
    ``MIN_TEXTS_PER_PROCESS``); the annotations are the same. The workers are forks of this
    process that turn whole batches into plain sentences (spaCy's own ``n_process`` sends every
    Doc back to be read here, on one core). With
    ``lemma_words`` (``lemma_words.LemmaWords``), a piece none of whose words could be a form of
    its lexicon is neither tagged nor parsed (``doc_sentences``): its sentences are the sentence
    recogniser's, its entities the recogniser's as on every piece, and its tokens carry their
    offsets only (``untagged_tokens``)."""
    from tqdm import tqdm

    limit = max(1, min(max_chars, nlp.max_length))
    pieces: list[tuple[int, int, str]] = []  # (text number, offset in the text, piece)
    n_texts = 0
    for number, text in enumerate(texts):
        n_texts += 1
        starts = piece_starts(text, limit)
        pieces += [(number, a, text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)])]
    results: list[list[dict]] = [[] for _ in range(n_texts)]
    n_process = max(1, min(n_process, len(pieces) // max(1, min_per_process or MIN_TEXTS_PER_PROCESS)))
    texts_only = [piece for _, _, piece in pieces]
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        annotated: Iterable[list[dict]] = _forked_sentences(nlp, texts_only, batch_size, n_process, lemma_words)
    else:
        annotated = doc_sentences(nlp, texts_only, batch_size, lemma_words, n_process=n_process)
    for (number, offset, _), sentences in tqdm(zip(pieces, annotated), total=len(pieces), desc="spaCy", unit="text",
                                               disable=not progress):
        for sentence in sentences:
            sentence["start"] += offset
        results[number].extend(sentences)
    return results


def doc_sentences(nlp, texts: list[str], batch_size: int, lemma_words=None, n_process: int = 1) -> Iterator[list[dict]]:
    """``piece_sentences`` of every text, in order. With ``lemma_words``, each batch is tokenized
    first and split by ``lemma_words.doc_could_match``: the texts that could match the lexicon
    go through the full pipeline, the others only through the sentence recogniser (``GATED``)
    and the components every text needs (``EVERY_TEXT``), the rulers and recognisers that read
    nothing the skipped ones set (the recogniser has its own tok2vec). Where processes cannot
    fork, ``n_process`` > 1 is spaCy's own, and every text gets the full pipeline."""
    if lemma_words is None or lemma_words.always or n_process > 1 or GATED not in nlp.component_names:
        yield from (piece_sentences(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
        return
    shared = [pipe for name, pipe in nlp.pipeline if name in EVERY_TEXT]
    before = [pipe for name, pipe in nlp.pipeline if name not in EVERY_TEXT]
    senter = nlp.get_pipe(GATED)
    for docs, wanted in _batches(nlp, texts, batch_size, lemma_words):
        full = {id(doc) for doc in wanted}
        for pipe in before:
            wanted = list(_run(pipe, wanted, batch_size))
        list(_run(senter, [doc for doc in docs if id(doc) not in full], batch_size))
        for pipe in shared:
            docs = list(_run(pipe, docs, batch_size))
        for doc in docs:
            yield piece_sentences(doc, tagged=id(doc) in full)


def _batches(nlp, texts: list[str], batch_size: int, lemma_words) -> Iterator[tuple[list, list]]:
    """The texts' Docs, tokenized, in runs that hold ``batch_size`` Docs that could match the
    lexicon (or the rest): the full pipeline's batches stay as large as ``nlp.pipe``'s."""
    docs: list = []
    wanted: list = []
    for text in texts:
        doc = nlp.make_doc(text)
        docs.append(doc)
        if lemma_words.doc_could_match(doc):
            wanted.append(doc)
            if len(wanted) == batch_size:
                yield docs, wanted
                docs, wanted = [], []
    if docs:
        yield docs, wanted


def _run(pipe, docs: list, batch_size: int) -> Iterator:
    """One component over some Docs, as ``nlp.pipe`` runs it (the Docs it returns are the ones given)."""
    if hasattr(pipe, "pipe"):
        return pipe.pipe(docs, batch_size=batch_size)
    return (pipe(doc) for doc in docs)


def piece_sentences(doc, tagged: bool = True) -> list[dict]:
    """The sentences of one annotated piece, ``start`` relative to the piece; a piece the full
    pipeline did not run on (``tagged`` false) has its tokens without tags or parse."""
    out = []
    for sent in doc.sents:
        ents = [
            [e.text, e.label_, e.ent_id_, e.start_char - sent.start_char, e.end_char - sent.start_char]
            for e in sent.ents
            if e.label_ in KEEP_LABELS
        ]
        out.append({"text": sent.text, "start": sent.start_char, "ents": ents,
                    "tokens": sentence_tokens(sent) if tagged else untagged_tokens(sent)})
    return out


def _sentences_of_chunk(task: tuple[int, int, int]) -> list[list[dict]]:
    start, end, batch_size = task
    nlp, texts, lemma_words = _FORKED
    return list(doc_sentences(nlp, texts[start:end], batch_size, lemma_words))


def _forked_sentences(nlp, texts: list[str], batch_size: int, n_process: int, lemma_words=None) -> Iterator[list[dict]]:
    """``piece_sentences`` of every text, in order, from ``n_process`` forked workers (which
    inherit the model and the texts; only the sentences travel, pickled)."""
    global _FORKED
    from concurrent.futures import ProcessPoolExecutor

    size = max(batch_size, min(4 * batch_size, len(texts) // (n_process * 8) or 1))
    _FORKED = (nlp, texts, lemma_words)
    try:
        with ProcessPoolExecutor(max_workers=n_process, mp_context=multiprocessing.get_context("fork")) as pool:
            for sentences in pool.map(_sentences_of_chunk, [(i, i + size, batch_size) for i in range(0, len(texts), size)]):
                yield from sentences
    finally:
        _FORKED = None


def sentence_tokens(sent) -> list[list]:
    """The tokens of a spaCy sentence span as plain lists (cacheable, model-free)."""
    base, first = sent.start_char, sent.start
    return [
        [t.idx - base, t.idx + len(t.text) - base, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i - first]
        for t in sent
    ]


def untagged_tokens(sent) -> list[list]:
    """``sentence_tokens`` of a sentence only the sentence recogniser and the entity components ran
    on: its tokens' offsets, no lemma, part of speech, tag or label, each token its own head."""
    base, first = sent.start_char, sent.start
    return [[t.idx - base, t.idx + len(t.text) - base, "", "", "", "", t.i - first] for t in sent]


def is_untagged(sentence: dict) -> bool:
    """Whether a cached sentence was annotated without the tagging components and the parser
    (``untagged_tokens``; the tagger gives every token a tag)."""
    tokens = sentence.get("tokens")
    return bool(tokens) and all(not t[4] for t in tokens)


class AnnotationCache(DiskCache):
    """Annotations keyed by (NLP fingerprint, text hash), so a refresh re-runs spaCy only on
    text units that are new."""

    name = "nlp: annotation cache"

    @staticmethod
    def valid(value) -> bool:
        return _is_annotation(value)


def _is_annotation(value) -> bool:
    if isinstance(value, dict):  # annotated without the tagging components for the lexicon named
        return isinstance(value.get(UNTAGGED_FOR), str) and _is_annotation(value.get("sentences"))
    return isinstance(value, list) and all(
        isinstance(s, dict) and isinstance(s.get("text"), str) and isinstance(s.get("start"), int)
        and isinstance(s.get("ents"), list) for s in value
    )


# The key of the lexicon digest in a cached annotation some of whose sentences are untagged:
# such an entry holds for that lexicon, and for another one while none of its untagged words
# could be a form of it.
UNTAGGED_FOR = "untagged for lexicon"


def _usable(value, text: str, lexicon: frozenset[str] | None, digest: str | None, lemma_words):
    """A cached annotation of ``text``, if it serves this lexicon; None if it must be made again.
    An entry with untagged sentences serves no caller that wants every text tagged (no
    ``lexicon``); made for another lexicon, it serves if no run of its untagged sentences could
    match this one, read as ``doc_sentences`` reads a piece: its words and any three tokens in a
    row, across the recogniser's sentence ends (the parser's may fall elsewhere).
    ``lemma_words()`` builds the test: it needs the model's lemmatizer tables."""
    if not isinstance(value, dict):
        return value
    if lexicon is None:
        return None
    if value[UNTAGGED_FOR] == digest:
        return value["sentences"]
    test = lemma_words()
    try:
        for tokens in _untagged_runs(value["sentences"]):
            if test.could_match((text[a:b].lower() for a, b in tokens),
                                (text[tokens[k - 2][0]:tokens[k][1]] for k in range(2, len(tokens)))):
                return None
    except (IndexError, KeyError, TypeError, ValueError):  # tokens of another shape: annotated again
        return None
    return value["sentences"]


def _untagged_runs(sentences: list[dict]) -> list[list[tuple[int, int]]]:
    """The tokens of each run of consecutive untagged sentences, as offsets in the text."""
    runs: list[list[tuple[int, int]]] = []
    previous = False
    for sentence in sentences:
        untagged = is_untagged(sentence)
        if untagged:
            if not previous:
                runs.append([])
            start = sentence["start"]
            runs[-1] += [(start + t[0], start + t[1]) for t in sentence["tokens"]]
        previous = untagged
    return runs


def _stored(sentences: list[dict], digest: str | None):
    """What the cache keeps of an annotation: the sentences, marked with the lexicon when some are untagged."""
    if digest is not None and any(is_untagged(s) for s in sentences):
        return {UNTAGGED_FOR: digest, "sentences": sentences}
    return sentences


def annotate_documents(
    units: list[str],
    cache_dir: Path | None = None,
    model: str | None = None,
    aliases_file: Path = Path("config/aliases.csv"),
    patterns_file: Path = Path("config/entity_patterns.jsonl"),
    progress: bool = False,
    n_process: int = 1,
    lexicon: Iterable[str] | None = None,
) -> tuple[list[list[dict]], dict[str, int], list[str]]:
    """Annotations of every text unit (a title or a paragraph), from the cache when possible;
    counts, and warnings about the cache. ``n_process``: spaCy worker processes at most.
    ``lexicon`` (the event types' lemmas): the units none of whose words could have a lemma of
    it are not tagged (``annotate_texts``); without it every unit is."""
    from .lemma_words import LemmaWords, lexicon_digest

    model = model or settings.SPACY_MODEL
    lexicon = frozenset(w.lower() for w in lexicon) if lexicon is not None else None
    digest = lexicon_digest(lexicon) if lexicon is not None else None

    def nlp():
        return load_nlp(model, str(aliases_file), str(patterns_file))

    @lru_cache(maxsize=1)
    def lemma_words():
        return LemmaWords(nlp(), lexicon) if lexicon is not None else None

    cache = AnnotationCache(cache_dir, nlp_fingerprint(model, aliases_file, patterns_file))
    try:
        found = [cache.get(u) for u in units]
        results: list[list[dict] | None] = [_usable(v, u, lexicon, digest, lemma_words) for v, u in zip(found, units)]
        todo = [i for i, r in enumerate(results) if r is None]
        # kept for a new lexicon: marked with it, so the next run need not test them again
        remarked = [i for i, (v, r) in enumerate(zip(found, results)) if r is not None and isinstance(v, dict)
                    and v[UNTAGGED_FOR] != digest]
        if todo:
            annotations = annotate_texts([units[i] for i in todo], nlp(), progress=progress, n_process=n_process,
                                         lemma_words=lemma_words())
            for i, annotation in zip(todo, annotations):
                results[i] = annotation
        if todo or remarked:
            cache.set_many((units[i], _stored(results[i], digest)) for i in [*todo, *remarked])
        counts = {"annotated": len(todo), "from cache": len(units) - len(todo)}
        warnings = list(cache.warnings)
        if cache.bad_entries:
            counts["unreadable in cache"] = cache.bad_entries
            warnings.append(f"nlp: {cache.bad_entries} unreadable annotation cache entr{'y' if cache.bad_entries == 1 else 'ies'}; "
                            "annotated again")
        return results, counts, warnings  # type: ignore[return-value]
    finally:
        cache.close()
