"""Which words could have a lemma of the event lexicon, from their spelling alone.

Extraction reads a sentence's lemmas and tags only when one of its words, lemmas or
hyphen-joined words is in the lexicon (``predicates.find_predicates``); the tagger, attribute
ruler and lemmatizer are about a fifth of spaCy's time, so ``nlp`` runs them only on the
paragraphs where that could happen. The test must never say no where the tagged paragraph
would say yes, so it is a superset: a word counts if the word itself, anything the
lemmatizer's rules or exceptions could make of it under any part of speech (whether or not
its index knows the result), or a lemma the attribute ruler gives it, is in the lexicon.
Whatever the tagger then says, the lemma is one of these (``tests/test_nlp_tagging.py``).
"""

from __future__ import annotations

import hashlib
from typing import Iterable


def lexicon_digest(lexicon: frozenset[str]) -> str:
    """Names a lexicon (an annotation made without tags records it; the model's tables are in the
    annotation cache's own key)."""
    return hashlib.sha256("\0".join(sorted(w.lower() for w in lexicon)).encode()).hexdigest()[:16]


# The pipeline this test knows (``nlp.load_nlp``'s): nothing after the tagger reads its tags but
# the attribute ruler and the lemmatizer.
KNOWN_COMPONENTS = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "entity_ruler", "ner"}


class LemmaWords:
    """The lexicon's superset test for one model: ``could_match(words)`` says whether any of
    the lower-case words (or three tokens joined, "de-registered") could be a lexicon form;
    ``digest`` names the lexicon (``lexicon_digest``)."""

    def __init__(self, nlp, lexicon: frozenset[str]):
        self.lexicon = frozenset(w.lower() for w in lexicon)
        self._known: dict[str, bool] = {}
        self.digest = lexicon_digest(self.lexicon)
        self._rules: list = []
        self._exceptions: list = []
        self._ruler_words: set[str] = set()
        # every text is tagged: a model whose lemmas this test cannot foresee (another lemmatizer
        # mode, or other components), or a ruler lemma of the lexicon on a pattern not tied to words
        self.always = set(nlp.pipe_names) != KNOWN_COMPONENTS
        if self.always or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
            self.always = True
            return
        tables = nlp.get_pipe("lemmatizer").lookups
        self._rules = [rule for rules in tables.get_table("lemma_rules", {}).values() for rule in rules]
        self._exceptions = list(tables.get_table("lemma_exc", {}).values())
        for entry in nlp.get_pipe("attribute_ruler").patterns:
            lemma = entry["attrs"].get("LEMMA")
            if lemma is None or lemma.lower() not in self.lexicon:
                continue
            for pattern in entry["patterns"]:
                for token in pattern:
                    word = token.get("LOWER", token.get("ORTH"))
                    if isinstance(word, str):
                        self._ruler_words.add(word.lower())
                    else:
                        self.always = True

    def candidates(self, word: str) -> set[str]:
        """Every lemma the rule lemmatizer could give ``word`` (lower case), whatever its tag."""
        word = word.lower()
        forms = {word}
        for old, new in self._rules:
            if word.endswith(old):
                forms.add(word[: len(word) - len(old)] + new)
        for exceptions in self._exceptions:
            forms.update(exceptions.get(word, ()))
        return {f.lower() for f in forms}

    def word_could_match(self, word: str) -> bool:
        """Whether one lower-case word could be a form of the lexicon (kept per word)."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = word in self._ruler_words or not self.lexicon.isdisjoint(self.candidates(word))
        return known

    def could_match(self, words: Iterable[str], texts_of_three: Iterable[str] = ()) -> bool:
        """Whether a token of ``words`` (lower case) or a three-token span of ``texts_of_three``
        could be a form of the lexicon (both read only as far as needed)."""
        if self.always:
            return True
        return any(self.word_could_match(w) for w in words) or any(t.lower() in self.lexicon for t in texts_of_three)

    def doc_could_match(self, doc) -> bool:
        """``could_match`` over a Doc's tokens (before tagging) and its runs of three tokens."""
        text = doc.text
        return self.could_match((t.lower_ for t in doc),
                                (text[doc[k - 2].idx:t.idx + len(t)] for k, t in enumerate(doc) if k >= 2))
