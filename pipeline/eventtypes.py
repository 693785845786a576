"""The event-type vocabulary and the rules that type a predicate (``config/event_types.toml``).

A predicate's type is judged from the predicate and its arguments: its lemma, the words that
depend on it ("gunned down", "opened fire"), the words of its clause ("refused registration"),
what its targets are ("dismissed the complaint" is no dismissal) and who its actors are (a
court ordering a closure gives a ruling). ``irrealis`` says why a predicate reports no
occurrence (negated, modal, asked for).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

RULE_KEYS = {"type", "reads", "lemmas", "pos", "with", "object", "object_not", "actor", "actor_not", "target", "governed_by", "context"}
LIST_KEYS = ("lemmas", "pos", "with", "object", "object_not", "actor", "actor_not", "target", "governed_by", "context")
IRREALIS_KEYS = ("negations", "modals", "governors", "demonstratives", "occurrence_verbs", "reporting_verbs", "causes")
CLAUSE_HOPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "amod", "nsubjpass", "nsubj", "conj", "attr", "oprd"}


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    example: str
    broader: str | None = None
    # undated, it is part of the same decision as the previous sentence's occurrence of these
    # types ("He was pardoned in August 2019. His sentence was replaced by a fine.")
    decided_with: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EventRule:
    name: str  # the type it gives
    reads: str
    lemmas: frozenset[str]
    pos: frozenset[str] = frozenset()
    with_words: frozenset[str] = frozenset()
    object: tuple[str, ...] = ()
    object_not: frozenset[str] = frozenset()
    actor: frozenset[str] = frozenset()
    actor_not: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()
    governed_by: frozenset[str] = frozenset()
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventTypes:
    """The vocabulary, the typing rules in order, the background patterns (parts of a
    sentence about another occurrence) and the cues of what did not happen."""

    types: tuple[EventType, ...]
    rules: tuple[EventRule, ...]
    background: tuple[re.Pattern, ...] = ()
    irrealis: dict = None  # type: ignore[assignment]
    folder: Path | None = None  # where the argument patterns and actor types lie beside it

    @cached_property
    def actor_types(self):
        from .roles import load_actor_types

        return load_actor_types(Path(self.folder or ".") / "actor_types.toml")

    @cached_property
    def role_patterns(self):
        from .predicates import load_role_patterns

        return load_role_patterns(Path(self.folder or ".") / "predicate_patterns.jsonl")

    @property
    def names(self) -> list[str]:
        """The values of ``event_type``: the types without a broader one, in the file's order."""
        return [t.name for t in self.types if t.broader is None]

    @cached_property
    def broader(self) -> dict[str, str]:
        return {t.name: t.broader for t in self.types if t.broader}

    @cached_property
    def decided_with(self) -> dict[str, frozenset[str]]:
        return {t.name: t.decided_with for t in self.types if t.decided_with}

    @cached_property
    def lexicon(self) -> frozenset[str]:
        return frozenset(w for rule in self.rules for w in rule.lemmas)


def load_event_types(path: Path) -> EventTypes:
    """The vocabulary and rules, validated: an error names the entry and the field."""
    path = Path(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    types: list[EventType] = []
    for number, entry in enumerate(data.get("types", []), start=1):
        name = entry.get("name") or f"type {number}"
        for key in ("name", "definition", "example"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{path}: event type {name!r}: {key!r} must be a non-empty string")
        if any(t.name == name for t in types):
            raise ValueError(f"{path}: event type {name!r} is defined twice")
        decided_with = entry.get("decided_with", [])
        if not isinstance(decided_with, list) or not all(isinstance(w, str) and w.strip() for w in decided_with):
            raise ValueError(f"{path}: event type {name!r}: 'decided_with' must be a list of type names")
        types.append(EventType(name, entry["definition"], entry["example"], entry.get("broader"), frozenset(decided_with)))
    known = {t.name for t in types}
    for t in types:
        if t.decided_with - known:
            raise ValueError(f"{path}: event type {t.name!r}: decided_with {sorted(t.decided_with - known)[0]!r} is not a type of the vocabulary")
    for t in types:
        if t.broader is not None and (t.broader not in known or any(u.name == t.broader and u.broader for u in types)):
            raise ValueError(f"{path}: event type {t.name!r}: broader type {t.broader!r} is not a type of the vocabulary")
    rules = []
    for number, entry in enumerate(data.get("rules", []), start=1):
        where = f"{path}: rule {number} ({entry.get('type', '?')})"
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if entry.get("type") not in known:
            raise ValueError(f"{where}: type {entry.get('type')!r} is not in [[types]]")
        if not isinstance(entry.get("reads"), str) or not entry["reads"].strip():
            raise ValueError(f"{where}: 'reads' must say which construction the rule reads")
        for key in LIST_KEYS:
            if key in entry and not (isinstance(entry[key], list) and all(isinstance(w, str) for w in entry[key])):
                raise ValueError(f"{where}: {key!r} must be a list of strings")
        if not entry.get("lemmas"):
            raise ValueError(f"{where}: 'lemmas' must name at least one predicate")
        rules.append(EventRule(
            name=entry["type"], reads=entry["reads"],
            lemmas=frozenset(w.lower() for w in entry["lemmas"]),
            pos=frozenset(entry.get("pos", [])), with_words=frozenset(w.lower() for w in entry.get("with", [])),
            object=tuple(w.lower() for w in entry.get("object", [])),
            object_not=frozenset(w.lower() for w in entry.get("object_not", [])),
            actor=frozenset(entry.get("actor", [])), actor_not=frozenset(entry.get("actor_not", [])),
            target=frozenset(entry.get("target", [])), governed_by=frozenset(w.lower() for w in entry.get("governed_by", [])),
            context=tuple(w.lower() for w in entry.get("context", [])),
        ))
    background = tuple(re.compile(p, re.IGNORECASE) for p in data.get("background", {}).get("patterns", []))
    cues = {**data.get("irrealis", {}), **data.get("nominals", {}), **data.get("reporting", {})}
    irrealis = {key: frozenset(w.lower() for w in cues.get(key, [])) for key in IRREALIS_KEYS}
    return EventTypes(tuple(types), tuple(rules), background, irrealis, path.parent)


def _has_prefix(words: set[str], patterns: tuple[str, ...]) -> bool:
    for p in patterns:
        if p.endswith("*"):
            if any(w.startswith(p[:-1]) for w in words):
                return True
        elif p in words:
            return True
    return False


def governor(token):
    """The content word a predicate depends on, through prepositions ("decision of a court to
    release": decision)."""
    current = token
    for _ in range(3):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ in ("VERB", "NOUN", "ADJ", "PROPN"):
            return current
    return None


# a year written as a word's own modifier, which a rule's `with` asks for as "#year"
YEAR_WORD = re.compile(r"(?:1[89]|20)\d\d")
YEAR_MODIFIERS = ("nummod", "compound", "amod", "nmod", "npadvmod")


def type_predicate(predicate, doc, actor_types: list[str | None], types: EventTypes,
                   target_types: list[str | None] = ()) -> EventRule | None:
    """The first rule that fits the predicate (see ``config/event_types.toml``), or None."""
    token = doc[predicate.index]
    head = governor(token)
    governing = {head.lemma_.lower(), head.lower_} if head is not None else set()
    if "words" not in doc.user_data:  # once per sentence
        doc.user_data["words"] = {w for t in doc for w in (t.lemma_.lower(), t.lower_)}
    sentence_words = doc.user_data["words"]
    near = set()
    for child in token.children:
        near |= {child.lemma_.lower(), child.lower_}
        for grandchild in child.children:
            near |= {grandchild.lemma_.lower(), grandchild.lower_}
        if child.dep_ in YEAR_MODIFIERS and YEAR_WORD.fullmatch(child.text):
            near.add("#year")  # "the 2014 trade union law": the law of that year
    actor_spans = [a.phrase for a in predicate.role("actor")]
    clause_words = set()
    coordinated = {t.i for c in token.children if c.dep_ in ("conj", "relcl", "advcl", "parataxis") for t in c.subtree}
    for t in token.subtree:  # its own words, with what it governs ("ordered him placed in detention")
        if t.i == token.i or t.i in coordinated or any(s <= t.i <= e for s, e in actor_spans):
            continue
        clause_words |= {t.lemma_.lower(), t.lower_}
    for a in predicate.role("target"):  # a passive subject lies outside the verb's subtree only in a relative clause
        clause_words |= {t.lemma_.lower() for t in doc[a.phrase[0]:a.phrase[1] + 1]}
    target_heads = {w for a in predicate.role("target") for w in (doc[a.head].lemma_.lower(), doc[a.head].lower_)}
    actors = {t for t in actor_types if t}
    for rule in types.rules:
        if not (predicate.forms & rule.lemmas):
            continue
        if rule.pos and token.pos_ not in rule.pos:
            continue
        if rule.with_words and not (near & rule.with_words):
            continue
        if rule.object and not _has_prefix(clause_words, rule.object):
            continue
        if rule.object_not and target_heads & rule.object_not:
            continue
        if rule.actor and not (actors & rule.actor):
            continue
        if rule.actor_not and actors & rule.actor_not:
            continue
        if rule.target and not ({t for t in target_types if t} & rule.target):
            continue
        if rule.governed_by and not (governing & rule.governed_by):
            continue
        if rule.context and not _has_prefix(sentence_words, rule.context):
            continue
        return rule
    return None


def irrealis(predicate, doc, types: EventTypes) -> str:
    """Why the predicate reports no occurrence ("" when it does): negated, modal or future,
    asked for or feared by a governing word, or a demonstrative re-statement."""
    cues = types.irrealis or {}
    token = doc[predicate.index]
    for child in token.children:
        if child.dep_ in ("amod", "compound") and child.lemma_.lower() in cues.get("governors", ()):
            return f"what '{child.text}' asks for or avoids"  # "resisting arrest", "attempted arrest"
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in cues.get("negations", ())):
            return "negated"
        if child.dep_ == "aux" and child.lower_ in cues.get("modals", ()):
            return "modal or future"
        if child.dep_ == "det" and token.pos_ == "NOUN" and child.lower_ in cues.get("demonstratives", ()):
            return "re-statement"
    current = token
    for _ in range(4):  # up to the first content word governing it
        if current.dep_ not in CLAUSE_HOPS or current.head.i == current.i:
            break
        if current.dep_ == "conj" and current.pos_ == "VERB":
            break  # a coordinated verb is its own clause
        if current.dep_ in ("ccomp", "parataxis") and current.head.i > current.i:
            break  # a clause before its verb is reported, not asked for ("... were detained, officials said")
        current = current.head
        if current.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
            if (current.lemma_.lower() in cues.get("governors", ()) or current.lower_ in cues.get("governors", ())) \
                    and not _caused(current, cues):
                return f"what '{current.text}' asks for or avoids"
            for child in current.children:
                if child.dep_ == "neg" and token.pos_ == "NOUN":
                    return "negated"
                if child.dep_ == "aux" and child.lower_ in cues.get("modals", ()):
                    return "modal or future"
            if current.pos_ == "VERB" and not (current.dep_ == "xcomp" or (current.dep_ == "conj" and current.head.dep_ == "xcomp")):
                break  # "refused to pay the fine or recognise the pardon": through infinitives, to the refusal
    return ""


def _caused(governor, cues: dict) -> bool:
    """Whether a governing cause ("lead") has itself happened, so what it governs has too:
    "the closure has led to the arrest of two leaders", not "could lead to her disbarment" or
    "threatened to lead to dismissals" (a modal, an infinitive: left to the checks after)."""
    if governor.lemma_.lower() not in cues.get("causes", ()) or governor.pos_ != "VERB":
        return False
    if governor.dep_ in ("xcomp", "advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in governor.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ in cues.get("modals", ()) for c in governor.children):
        return False
    return governor.tag_ in ("VBD", "VBN")
