"""spaCy's ``DependencyMatcher`` made fast on the one-sentence Docs of ``predicates``.

The matcher first finds, with a token ``Matcher``, every token each node of each pattern fits
(one single-token pattern per node), then groups them by the root of the token's tree and tries
the combinations. On these short Docs that first step was most of the cost, in two parts done
here another way with the same result:

- the root of a matched token: the head offsets walked as integers, the same walk as
  ``Token.ancestors`` (one step per token at most), rather than a ``Token`` object per step;
- the tokens a node fits, when every node states only equalities or ``IN`` lists over
  ``POS``, ``TAG``, ``DEP``, ``LEMMA`` and ``LOWER`` (as ``config/predicate_patterns.jsonl``
  does): each token's values are looked up in an index of the nodes by their first condition,
  and the positions come in token order, as the ``Matcher`` gives them. A node stating anything
  else sends the whole Doc through spaCy's own ``Matcher``.

``tests/test_predicates.py`` checks the grouping against spaCy's own on the seed texts.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

PLAIN_ATTRS = ("POS", "TAG", "DEP", "LEMMA", "LOWER")  # what a node may state to be matched here


def node_index(matcher) -> dict[str, dict[str, list[tuple[int, tuple]]]] | None:
    """attribute -> value -> (node key, its other conditions) of every node of ``matcher``
    (a ``DependencyMatcher``), by each node's first condition; None when some node states
    anything but equalities or ``IN`` lists of strings over ``PLAIN_ATTRS``."""
    index: dict[str, dict[str, list[tuple[int, tuple]]]] = {name: defaultdict(list) for name in PLAIN_ATTRS}
    everywhere: list[tuple[int, tuple]] = []
    for key in matcher._patterns:
        for patterns, keys in zip(matcher._patterns[key], matcher._tokens_to_key[key]):
            for (attrs,), node_key in zip(patterns, keys):
                conditions = []
                for name, value in attrs.items():
                    if name not in PLAIN_ATTRS:
                        return None
                    if isinstance(value, str):
                        allowed = frozenset([value])
                    elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list) \
                            and all(isinstance(v, str) for v in value["IN"]):
                        allowed = frozenset(value["IN"])
                    else:
                        return None
                    conditions.append((PLAIN_ATTRS.index(name), allowed))
                if not conditions:
                    everywhere.append((node_key, ()))
                    continue
                (first, allowed), rest = conditions[0], tuple(conditions[1:])
                for value in allowed:
                    index[PLAIN_ATTRS[first]][value].append((node_key, rest))
    if everywhere:
        index["*"] = {"": everywhere}  # type: ignore[assignment]
    return index


MEMO_SIZE = 200_000  # token shapes (their five attribute IDs) whose fitting nodes are kept


def node_matches(index, doc, memo: dict | None = None) -> list[tuple[int, int]]:
    """(node key, token position) of every node each token of ``doc`` fits, in token order.
    ``memo``: the nodes each token shape fits, kept between calls (a token's five attribute IDs
    decide them; "the", "police", "was" recur in every text)."""
    from spacy.attrs import DEP, LEMMA, LOWER, POS, TAG

    memo = {} if memo is None else memo
    if len(memo) > MEMO_SIZE:
        memo.clear()
    found: list[tuple[int, int]] = []
    for position, shape in enumerate(map(tuple, doc.to_array([POS, TAG, DEP, LEMMA, LOWER]).tolist())):
        fits = memo.get(shape)
        if fits is None:
            fits = memo[shape] = _fitting_nodes(index, doc.vocab.strings, shape)
        found += [(node_key, position) for node_key in fits]
    return found


def _fitting_nodes(index, strings, shape: tuple[int, int, int, int, int]) -> tuple[int, ...]:
    """The keys of the nodes a token of these attribute IDs (POS, TAG, DEP, LEMMA, LOWER) fits."""
    pos, tag, dep, lemma, lower = shape
    values = (_pos_names()[pos], strings[tag], strings[dep], strings[lemma], strings[lower])
    fits = []
    for slot, name in enumerate(PLAIN_ATTRS):
        for node_key, rest in index[name].get(values[slot], ()):
            if all(values[k] in allowed for k, allowed in rest):
                fits.append(node_key)
    fits += [node_key for node_key, _ in index.get("*", {}).get("", [])]
    return tuple(dict.fromkeys(fits))


@lru_cache(maxsize=1)
def _pos_names() -> dict[int, str]:
    """``Token.pos_`` of each part-of-speech ID (spaCy's own table)."""
    from spacy import parts_of_speech

    return {int(key): name for key, name in parts_of_speech.NAMES.items()}


@lru_cache(maxsize=1)
def matcher_class():
    """The ``DependencyMatcher`` subclass (spaCy is imported only when it is first needed)."""
    import numpy
    from spacy.attrs import HEAD
    from spacy.matcher import DependencyMatcher

    class SentenceMatcher(DependencyMatcher):
        _index = False  # not built yet (None: a node this module does not match)

        def add(self, *args, **kwargs):
            self._index = False  # built again, with the new nodes, at the next call
            return super().add(*args, **kwargs)

        def remove(self, *args, **kwargs):
            self._index = False
            return super().remove(*args, **kwargs)

        def _get_keys_to_position_maps(self, doc):
            if self._index is False:
                self._index, self._memo = node_index(self), {}
            if self._index is None:
                matches = [(key, start) for key, start, end in self._matcher(doc)]
            else:
                matches = node_matches(self._index, doc, self._memo)
            offsets = doc.to_array(HEAD).astype(numpy.int64).tolist()  # head - i (a wrapped uint64 when negative)
            length = len(offsets)
            roots: dict[int, int] = {}
            keys_to_position_maps = defaultdict(lambda: defaultdict(list))
            for match_id, start in matches:
                root = roots.get(start)
                if root is None:
                    root, steps = start, 0
                    while offsets[root] != 0 and steps < length:
                        root += offsets[root]
                        steps += 1
                    roots[start] = root
                keys_to_position_maps[root][match_id].append(start)
            return keys_to_position_maps

    return SentenceMatcher
