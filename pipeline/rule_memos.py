"""The model's rule components answered through memos of what their answers depend on.

The attribute ruler's matches come from a memo of token keys instead of its Matcher. The English model's attribute ruler maps each fine tag to a part of speech and morphology (and a
few words to lemmas) with some 180 Matcher patterns. spaCy's Matcher tries every pattern at every
token: about an eighth of the model's time on the benchmark's text units, for an answer that, for
a pattern of one token, depends only on that token's form, tag and dependency label. So the
patterns of one token are read once into predicates and the keys (form, tag, label) that match
each are worked out once per distinct key; the few patterns of more than one token keep a
Matcher of their own. ``match`` returns the list the ruler's own ``match`` returns (the same
tuples, the same order), and the ruler's ``set_annotations`` applies it as before.

Only the parts of the pattern language the predicates read are taken (exact values, ``IN``,
``NOT_IN``, ``REGEX`` on ``LOWER``, ``TAG``, ``DEP``; ``IS_SPACE``); a ruler with any other
one-token pattern keeps its own Matcher whole (``install`` returns False).

The rule lemmatizer keeps a cache of its own, but not of the answers it returns early (a base
form: a singular noun, an infinitive, an adjective of positive degree), which it works out again
from the token's morphology every time; ``LemmaMemo`` keeps every answer by (form, part of
speech, morphology), the three things ``rule_lemmatize`` reads. And the forms of its index (the
known lemmas of each part of speech, up to 57,000 of them), which it only asks whether a form is
among, are made a set instead of the list it scans for every suffix rule of every new word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

STRING_ATTRS = ("LOWER", "TAG", "DEP")
FLAG_ATTRS = ("IS_SPACE",)
UINT64 = 2**64 - 1


class Unsupported(ValueError):
    """A pattern the predicates do not read."""


def _value_test(spec) -> Callable[[str], bool]:
    if isinstance(spec, str):
        return spec.__eq__
    if isinstance(spec, dict) and len(spec) == 1:
        (op, value), = spec.items()
        if op == "IN" and isinstance(value, list):
            allowed = frozenset(value)
            return allowed.__contains__
        if op == "NOT_IN" and isinstance(value, list):
            refused = frozenset(value)
            return lambda text: text not in refused
        if op == "REGEX" and isinstance(value, str):
            search = re.compile(value).search
            return lambda text: search(text) is not None
    raise Unsupported(repr(spec))


def token_predicate(token_spec: dict) -> Callable[[dict], bool]:
    """A test of one token's values (``{"LOWER": ..., "TAG": ..., "DEP": ..., "IS_SPACE": ...}``)."""
    tests = []
    for attr, spec in token_spec.items():
        if attr in STRING_ATTRS:
            tests.append((attr, _value_test(spec)))
        elif attr in FLAG_ATTRS and isinstance(spec, bool):
            tests.append((attr, spec.__eq__))
        else:
            raise Unsupported(f"{attr}: {spec!r}")
    return lambda values: all(test(values[attr]) for attr, test in tests)


class MemoMatch:
    """A drop-in for ``AttributeRuler.match``: one-token patterns by memo, the others by Matcher."""

    def __init__(self, ruler):
        from spacy.matcher import Matcher

        self.vocab = ruler.vocab
        self.tests: dict[int, list[Callable[[dict], bool]]] = {}  # per one-token pattern, a test per alternative
        required: dict[int, list | None] = {}  # per one-token pattern, the exact value each alternative requires
        self.longer = Matcher(ruler.vocab)
        self.match_ids: dict[int, int] = {}
        self.starts: list = []  # tests of the first token of the longer patterns (None: any token may start one)
        for index in range(len(ruler.attrs)):
            key = str(index)
            _, alternatives = ruler.matcher.get(key)
            self.match_ids[index] = ruler.vocab.strings[key]
            if all(len(alternative) == 1 for alternative in alternatives):
                self.tests[index] = [token_predicate(alternative[0]) for alternative in alternatives]
                exact = [_exact_value(alternative[0]) for alternative in alternatives]
                required[index] = None if None in exact else exact
            else:
                self.longer.add(key, alternatives)
                self.starts.extend(_first_token_test(alternatives))
        # most patterns require one word or one tag: a key is tested against those of its word,
        # those of its tag and those requiring neither
        self.requiring: dict[tuple[str, str], list[int]] = {}
        for index, values in required.items():
            for value in values or ():
                self.requiring.setdefault(value, []).append(index)
        self.unindexed = [index for index, values in required.items() if values is None]
        self.by_words: dict[tuple[str, str, str], tuple[tuple[tuple[int, int], ...], bool]] = {}
        self.memo: dict[tuple[int, int, int], tuple[tuple[int, int], ...]] = {}
        self.may_start: set[tuple[int, int, int]] = set()  # keys that may begin a longer pattern
        self.always_longer = None in self.starts

    def _matching(self, key: tuple[int, int, int]) -> tuple[tuple[int, int], ...]:
        """The (pattern index, match ID) of each one-token pattern the key matches, in index order."""
        orth, tag, dep = (part & UINT64 for part in key)
        strings = self.vocab.strings
        lexeme = self.vocab[orth]
        words = (lexeme.lower_, strings[tag] if tag else "", strings[dep] if dep else "")
        known = self.by_words.get(words)  # forms differing only in case read the same
        if known is None:
            lower, tag_text, dep_text = words
            values = {"LOWER": lower, "TAG": tag_text, "DEP": dep_text, "IS_SPACE": lexeme.is_space}
            candidates = sorted({*self.requiring.get(("LOWER", lower), ()), *self.requiring.get(("TAG", tag_text), ()),
                                 *self.unindexed})
            hits = tuple((index, self.match_ids[index]) for index in candidates
                         if any(test(values) for test in self.tests[index]))
            known = self.by_words[words] = (hits, not self.always_longer and any(test(values) for test in self.starts))
        hits, starts = known
        if starts:
            self.may_start.add(key)
        self.memo[key] = hits
        return hits

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        from spacy.attrs import DEP, ORTH, TAG

        matches = []
        memo = self.memo
        # signed 64-bit: Python makes small-enough ints of them much faster than of unsigned ones
        keys = list(zip(*doc.to_array([ORTH, TAG, DEP]).view(np.int64).T.tolist()))
        for position, key in enumerate(keys):
            hits = memo.get(key)
            if hits is None:
                hits = self._matching(key)
            for index, match_id in hits:
                matches.append((index, match_id, position, position + 1))
        if len(self.longer) and (self.always_longer or not self.may_start.isdisjoint(keys)):
            strings = self.vocab.strings
            matches.extend((int(strings[m_id]), m_id, start, end)
                           for m_id, start, end in self.longer(doc, allow_missing=True, as_spans=False))
        matches.sort()
        return matches


def _exact_value(token_spec: dict) -> tuple[str, str] | None:
    """The word (else the tag) a one-token pattern requires exactly, for the index of candidates."""
    for attr in ("LOWER", "TAG"):
        if isinstance(token_spec.get(attr), str):
            return attr, token_spec[attr]
    return None


def _first_token_test(alternatives) -> list:
    """Per alternative, a test its first token must pass (None when it cannot be read or may be skipped)."""
    tests = []
    for alternative in alternatives:
        try:
            tests.append(token_predicate(alternative[0]) if alternative else None)
        except Unsupported:  # an operator such as OP: "?" lets another token start the match
            tests.append(None)
    return tests


def install(ruler) -> bool:
    """Give ``ruler`` the memo's ``match``; False (and the ruler untouched) when a pattern is not read."""
    try:
        ruler.match = MemoMatch(ruler)
    except Unsupported:
        return False
    return True


class LemmaMemo:
    """A drop-in for a rule lemmatizer's ``lemmatize``: its answer once per (form, part of speech, morphology)."""

    def __init__(self, lemmatize):
        self.lemmatize = lemmatize
        self.memo: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = self.memo.get(key)
        if forms is None:
            forms = self.memo[key] = list(self.lemmatize(token))
        return forms


def install_lemmatizer(lemmatizer) -> bool:
    """Give a rule-mode lemmatizer the memo; False (untouched) in another mode."""
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer.lemmatize, "__func__", None) is not type(lemmatizer).rule_lemmatize:
        return False
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for part_of_speech in list(index.keys()):
        index[part_of_speech] = frozenset(index[part_of_speech])  # only ever asked `form in index`
    lemmatizer.lemmatize = LemmaMemo(lemmatizer.lemmatize)
    return True
