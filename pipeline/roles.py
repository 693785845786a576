"""Participants of an event by kind: the actor-type vocabulary (``config/actor_types.toml``).

An argument's type comes from its head word and the words modifying it ("riot police",
"oil workers", "Kazakh authorities"), from the words of an organisation's name ("District
Court", "Ministry of Justice", "... Workers' Union"), or from a word describing a named person
("journalist X"). Unnamed groups are typed by the same words, so "the police" and "19 people"
are participants like any named one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

NAME_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person", "they": "person", "them": "person", "it": "organisation"}
MODIFIER_DEPS = {"compound", "amod", "nmod"}  # a possessor is someone else ("the union's lawyer")


@dataclass(frozen=True)
class ActorType:
    name: str
    definition: str
    example: str
    words: frozenset[str]


@dataclass(frozen=True)
class ActorTypes:
    types: tuple[ActorType, ...]

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.types]

    def of_words(self, words) -> str | None:
        words = {w.lower() for w in words}
        for t in self.types:
            if t.words & words:
                return t.name
        return None


def load_actor_types(path: Path) -> ActorTypes:
    """The vocabulary, validated: an error names the entry and the field."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    types, seen = [], set()
    for number, entry in enumerate(data.get("types", []), start=1):
        name = entry.get("name") or f"entry {number}"
        for key in ("name", "definition", "example"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{path}: actor type {name!r}: {key!r} must be a non-empty string")
        if not isinstance(entry.get("words", []), list):
            raise ValueError(f"{path}: actor type {name!r}: 'words' must be a list of words")
        if name in seen:
            raise ValueError(f"{path}: actor type {name!r} is defined twice")
        seen.add(name)
        types.append(ActorType(name, entry["definition"], entry["example"], frozenset(w.lower() for w in entry.get("words", []))))
    if not types:
        raise ValueError(f"{path}: no actor types")
    return ActorTypes(tuple(types))


def words_around(doc, head: int) -> list[str]:
    """The head's lemma and word, and those of the words modifying it (and theirs: "riot
    police", "state security forces")."""
    words: list[str] = []
    stack = [doc[head]]
    while stack:
        token = stack.pop()
        words += [token.lemma_.lower(), token.lower_]
        stack += [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
    return words


def argument_type(doc, head: int, named: list[tuple], types: ActorTypes) -> str | None:
    """The actor type of the argument headed by ``head``. ``named`` are the (group, entity_id,
    canonical, surface, start, end) names inside its phrase."""
    token = doc[head]
    own = [n for n in named if n[4] <= token.idx < n[5]]
    if own:
        group, _, _, surface, *_ = own[0]
        if group == "ORG":  # the words of its name as written, else of its canonical name ("KNPRK")
            return (types.of_words(NAME_WORD_RE.findall(surface.lower())) or types.of_words(NAME_WORD_RE.findall(own[0][2].lower()))
                    or "organisation")
        if group == "GPE":
            return "government"  # "Kazakhstan adopted a law": the state acts
        described = types.of_words(w for c in token.children if c.dep_ in ("compound", "appos", "amod")
                                   for w in words_around(doc, c.i) if not any(n[4] <= c.idx < n[5] for n in named))
        return described or "person"
    if token.pos_ == "PRON":
        return PRONOUNS.get(token.lower_)
    if token.pos_ == "NUM":
        return "civilians"  # "killing 16", "19 were detained"
    kind = types.of_words([token.lemma_.lower(), token.lower_]) or types.of_words(words_around(doc, head))
    if kind is None:  # "thousands of workers", "a group of activists": the group's members
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return argument_type(doc, objects[0].i, named, types)
    return kind


def typed(types: ActorTypes):
    """For the matcher: whether a word names a group of a known type (unnamed ones only)."""
    def check(doc, head: int) -> bool:
        return types.of_words(words_around(doc, head)) is not None
    return check
