"""Event predicates of a sentence and their arguments, read from the dependency parse.

A predicate is a verb, noun or adjective whose lemma one of the typing rules names
(``config/event_types.toml``): "arrested", "the killing of", "sentenced". Its arguments come
from spaCy ``DependencyMatcher`` patterns kept as data (``config/predicate_patterns.jsonl``):
each states a construction (active subject, passive 'by' phrase, relative clause, 'the arrest
of X' ...) and the role it gives (``actor``: who did it, ``target``: to whom). Two constructions
are followed in code because they need the result of the others: a coordinated verb without a
subject of its own shares its head's ("was arrested and sentenced"), and a coordinated noun
shares its conjunct's role ("X and Y were convicted").

The parse comes from the cache (``nlp.sentence_tokens``): ``sentence_doc`` rebuilds a spaCy
``Doc`` from it without the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .sentence_matcher import matcher_class

ROLES = ("actor", "target", "possessor")
CLAUSE_DEPS = {"conj", "relcl", "advcl", "ccomp", "xcomp", "acl", "parataxis"}
PHRASE_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "prep"}  # what an argument's phrase leaves out
PREDICATE_POS = {"VERB", "NOUN", "ADJ"}


@dataclass(frozen=True)
class RolePattern:
    id: str
    role: str
    construction: str
    intent: str
    pattern: list = field(compare=False)
    typed_only: bool = False  # keep the argument only when it has an actor type ("hunger strike": no)


@dataclass
class Argument:
    role: str
    head: int  # token index in the sentence
    phrase: tuple[int, int]  # first and last token index of its phrase
    construction: str


@dataclass
class Predicate:
    index: int
    lemma: str
    forms: frozenset[str]
    pos: str
    arguments: list[Argument] = field(default_factory=list)
    clause: tuple[int, int] = (0, 0)  # character span in the sentence
    excluded: tuple[tuple[int, int], ...] = ()  # character spans of clauses of its own inside it
    irrealis: str = ""  # why it is no occurrence: negated, modal, asked for...

    def role(self, role: str) -> list[Argument]:
        return [a for a in self.arguments if a.role == role]


def load_role_patterns(path: Path) -> tuple[RolePattern, ...]:
    """The argument patterns, validated: an error names the line and the entry."""
    patterns, seen = [], set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None
        name = entry.get("id", f"line {number}")
        missing = [k for k in ("id", "role", "construction", "intent", "pattern") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path}:{number}: pattern {name!r} lacks {', '.join(missing)}")
        if entry["role"] not in ROLES:
            raise ValueError(f"{path}:{number}: pattern {name!r}: role {entry['role']!r} is not one of {', '.join(ROLES)}")
        ids = [node.get("RIGHT_ID") for node in entry["pattern"]]
        if "predicate" not in ids or "argument" not in ids:
            raise ValueError(f"{path}:{number}: pattern {name!r} needs nodes named 'predicate' and 'argument'")
        if name in seen:
            raise ValueError(f"{path}:{number}: pattern id {name!r} is used twice")
        seen.add(name)
        patterns.append(RolePattern(name, entry["role"], entry["construction"], entry["intent"], entry["pattern"],
                                    bool(entry.get("typed_only", False))))
    return tuple(patterns)


@lru_cache(maxsize=1)
def _vocab():
    import spacy

    return spacy.blank("en").vocab


@lru_cache(maxsize=4)
def _matcher(patterns: tuple[RolePattern, ...], lexicon: frozenset[str]):
    """The argument patterns, their 'predicate' node narrowed to the lexicon's lemmas (and the
    last part of a hyphenated one, "de-registered"), which keeps the matcher fast."""
    import copy

    lemmas = set(lexicon) | {w.rsplit("-", 1)[-1] for w in lexicon if "-" in w}
    lemmas |= {w.capitalize() for w in lemmas}
    matcher = matcher_class()(_vocab())
    for p in patterns:
        pattern = copy.deepcopy(p.pattern)
        for node in pattern:
            if node["RIGHT_ID"] == "predicate":
                node.setdefault("RIGHT_ATTRS", {})["LEMMA"] = {"IN": sorted(lemmas)}
        matcher.add(p.id, [pattern])
    return matcher


def sentence_doc(sentence: dict):
    """A spaCy ``Doc`` of one cached sentence, with its lemmas, tags and parse. The parse is
    set from one array of string IDs (``Doc.from_array``), the Doc the constructor's keyword
    lists would give without their per-token checks and lookups."""
    import numpy
    from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
    from spacy.tokens import Doc

    vocab = _vocab()
    text, tokens = sentence["text"], sentence["tokens"]
    words = [text[s:e] for s, e, *_ in tokens]
    spaces = [k + 1 < len(tokens) and tokens[k + 1][0] > e for k, (s, e, *_) in enumerate(tokens)]
    doc = Doc(vocab, words=words, spaces=spaces)
    add = vocab.strings.add
    # a head as its offset from the token, in two's complement as spaCy stores it
    rows = [(add(t[2]), add(t[3]), add(t[4]), add(t[5] or "dep"), (t[6] - k) & 0xFFFFFFFFFFFFFFFF)
            for k, t in enumerate(tokens)]
    doc.from_array([LEMMA, POS, TAG, DEP, HEAD], numpy.array(rows, dtype=numpy.uint64))
    # the lower-case lemmas and words the typing rules look up (``eventtypes``), from the lists
    # (a token's ``lower_`` is its text in lower case) rather than from a Token per word
    doc.user_data["words"] = {w for word, t in zip(words, tokens) for w in (t[2].lower(), word.lower())}
    return doc


def token_forms(doc, i: int) -> frozenset[str]:
    """The lower-case forms a predicate is looked up by: lemma, word, and a hyphenated word
    the tokenizer split ("de-registered")."""
    token = doc[i]
    forms = {token.lemma_.lower(), token.lower_}
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        forms |= {doc[i - 2].lower_ + "-" + token.lower_, doc[i - 2].lower_ + token.lower_}
    return frozenset(forms)


def _candidate_forms(sentence: dict, dates: list[tuple[int, int]]) -> list[tuple[int, frozenset[str]]]:
    """(index, ``token_forms``) of the tokens that may be predicates (a verb, noun or adjective,
    no preposition, outside a date), read from the sentence's token lists as ``sentence_doc``
    sets them: a token's ``pos_`` is its tag list's, ``dep_`` its own or "dep", ``lower_`` its
    word in lower case, ``idx`` the length of the words and single spaces before it in the Doc
    (the Doc's text, not the sentence's)."""
    text, tokens = sentence["text"], sentence["tokens"]
    found = []
    idx = 0
    lower = []
    for k, t in enumerate(tokens):
        word = text[t[0]:t[1]]
        lower.append(word.lower())
        if t[3] in PREDICATE_POS and t[5] != "prep" and not any(s <= idx < e for s, e in dates):
            forms = {t[2].lower(), lower[k]}
            if k >= 2 and lower[k - 1] == "-" and t[0] <= tokens[k - 1][1] and tokens[k - 1][0] <= tokens[k - 2][1]:
                forms |= {lower[k - 2] + "-" + lower[k], lower[k - 2] + lower[k]}
            found.append((k, frozenset(forms)))
        idx += len(word) + (k + 1 < len(tokens) and tokens[k + 1][0] > t[1])
    return found


def find_predicates(sentence: dict, lexicon: frozenset[str], patterns: tuple[RolePattern, ...], typed,
                    keep=None) -> tuple[object, list[Predicate]]:
    """The sentence's Doc and its predicates (tokens whose forms are in ``lexicon``, and that
    ``keep(doc, predicate)`` keeps) with their arguments. ``typed(doc, head)`` says whether an
    argument has an actor type."""
    tokens = sentence.get("tokens")
    text = sentence["text"]
    if not tokens or not any(t[2].lower() in lexicon or text[t[0]:t[1]].lower() in lexicon
                             or (k >= 2 and text[tokens[k - 2][0]:t[1]].lower() in lexicon) for k, t in enumerate(tokens)):
        return None, []  # no word of the lexicon: no parse to rebuild
    doc = sentence_doc(sentence)
    dates = [(e[3], e[4]) for e in sentence["ents"] if e[1] in ("DATE", "MONEY")]
    people = [(e[3], e[4]) for e in sentence["ents"] if e[1] == "PERSON"]
    candidates = {}
    for i, form in _candidate_forms(sentence, dates):
        if form & lexicon:
            candidates[i] = Predicate(i, tokens[i][2].lower(), form, tokens[i][3])
    if keep is not None:  # what reports no occurrence needs no arguments (and the matcher is the cost)
        candidates = {i: p for i, p in candidates.items() if keep(doc, p)}
    if not candidates:
        return doc, []
    by_id = {p.id: p for p in patterns}
    for match_id, token_ids in _matcher(patterns, lexicon)(doc):
        pattern = by_id[_vocab().strings[match_id]]
        names = [node["RIGHT_ID"] for node in pattern.pattern]
        at, head = token_ids[names.index("predicate")], token_ids[names.index("argument")]
        if at not in candidates or head == at or doc[head].lower_ in ("who", "which", "that"):
            continue
        if any(s <= doc[head].idx < e for s, e in dates):
            continue  # "on 8 July" is a time, not a participant
        if pattern.typed_only and not typed(doc, head):
            continue
        if pattern.id.startswith("relative"):
            head = _who_antecedent(doc, at, head, people)
        _add(candidates[at], doc, head, pattern.role, pattern.id)
    for predicate in sorted(candidates.values(), key=lambda p: p.index):
        _share_with_coordination(predicate, candidates, doc)
        _expand_conjuncts(predicate, doc)
        predicate.clause, predicate.excluded = _clause(predicate, candidates, doc)
    return doc, sorted(candidates.values(), key=lambda p: p.index)


def _who_antecedent(doc, at: int, head: int, people: list[tuple[int, int]]) -> int:
    """The person a "who" clause is about when the parser attached it to the last noun before
    it, a body in the 'of' phrase of that person's description ("X, a former chair of the
    Bakers Union who was sentenced": X, not the union)."""
    def person(t) -> bool:
        return any(s <= t.idx < e for s, e in people)

    token = doc[head]
    if not any(c.lower_ in ("who", "whom") for c in doc[at].children) or person(token) or token.pos_ != "PROPN":
        return head  # a person, or a noun that can be one ("members ... who")
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.i != token.head.i:
        token = token.head.head  # "chair" of "chair of the Bakers Union"
    while token.dep_ == "appos" and token.head.i != token.i:
        token = token.head  # "X" of "X, a former chair"
    return token.i if person(token) else head


def _add(predicate: Predicate, doc, head: int, role: str, construction: str) -> None:
    if any(a.head == head and a.role == role for a in predicate.arguments):
        return
    predicate.arguments.append(Argument(role, head, phrase(doc, head), construction))


def phrase(doc, head: int) -> tuple[int, int]:
    """The token range of an argument's noun phrase: its subtree less clauses, conjuncts and
    prepositional phrases ("Ivan Petrov, who was arrested in 2017" -> "Ivan Petrov"), but
    with 'of' phrases of a head that names no one by itself ("the leader of the union")."""
    token = doc[head]
    left = right = head
    for child in token.children:
        keep = child.dep_ not in PHRASE_CUT_DEPS or (child.dep_ == "prep" and child.lower_ == "of" and child.i > head)
        if keep:
            sub = list(child.subtree)
            left, right = min(left, sub[0].i), max(right, sub[-1].i)
    return left, right


def _share_with_coordination(predicate: Predicate, candidates: dict[int, Predicate], doc) -> None:
    """A coordinated verb without a subject shares its head's subject in the head's role
    ("X was arrested and sentenced": X is a target of both), and its actor ("police detained
    and beat them")."""
    token = doc[predicate.index]
    if token.dep_ != "conj" or token.head.i == token.i:
        return
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return
    head = candidates.get(token.head.i)
    subject = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for s in subject:
        if s.lower_ in ("who", "which", "that"):
            continue  # the relative pronoun stands for the noun, shared below
        role = "target" if s.dep_ == "nsubjpass" else "actor"
        _add(predicate, doc, s.i, role, "coordinated-verb")
    if head is not None:
        for a in head.arguments:
            if a.role == "actor" and not predicate.role("actor"):
                _add(predicate, doc, a.head, "actor", "coordinated-verb")
            if a.construction in ("relative-passive", "relative-active"):  # "X, who was convicted and later released"
                _add(predicate, doc, a.head, a.role, "coordinated-verb")


def _expand_conjuncts(predicate: Predicate, doc) -> None:
    """Coordinated nouns share the role: "X and Y were convicted" gives two targets."""
    for argument in list(predicate.arguments):
        for token in doc[argument.head].conjuncts:
            if token.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                _add(predicate, doc, token.i, argument.role, argument.construction + "+conjunct")


def _clause(predicate: Predicate, candidates: dict[int, Predicate], doc) -> tuple[tuple[int, int], tuple[tuple[int, int], ...]]:
    """Character span of the predicate's clause: its subtree with its arguments' phrases, and
    the spans of clauses inside it that are other predicates' own (a coordinated or relative
    clause), whose dates and names are theirs."""
    token = doc[predicate.index]
    inner = [t.i for t in token.subtree]
    excluded = []
    inside = set(inner)
    for other in candidates.values():
        t = doc[other.index]
        if other.index != predicate.index and other.index in inside and t.dep_ in CLAUSE_DEPS:
            sub = list(t.subtree)
            excluded.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    own = [i for i in inner if not doc[i].is_punct and not any(s <= doc[i].idx < e for s, e in excluded)] or [token.i]
    first, last = own[0], own[-1]
    for a in predicate.arguments:
        first, last = min(first, a.phrase[0]), max(last, a.phrase[1])
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    excluded = [(s, e) for s, e in excluded if not (s <= token.idx < e)]
    return (start, end), tuple(sorted(excluded))
