"""Documents to event mentions: who, which organisation, where, when, and what happened.

A mention is a sentence (or a title) that names at least one actor — a person or an
organisation, or an unnamed one (police, authorities, workers...) at a named place — and either
reports an occurrence of a known type (``config/event_types.toml``) or dates something
explicitly. Its date is a date expression of the sentence that resolves (durations, ages
and impossible dates never do) outside the parts that refer to other occurrences: the one
leading the sentence, else the one nearest its trigger word; else the document's publication
date, marked ``date_from = "published"``; such a mention also records the last explicit date
read before it in the same document (``context_date``, ``context_from = "previous"``), or for
an undated title the first date of its text (``context_from = "body"``), which deduplication
uses to place it ("Police arrested Toiken after a brawl" follows "...detained ... on 11 March"). Names become
canonical entities (``entities``).

``extract_mentions`` is pure: it takes the documents and their spaCy annotations (``nlp``).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .dates import (AGO_RE, DAY_LIST_RE, EARLIER_RE, DAY_MONTH_RE, DMY_NUMERIC_RE, MONTH_DAY_RE, MONTH_LIST_RE, WEEKDAY_RE, WRITTEN_RE,
                    ParsedDate, anniversary_of, dated_spans, is_relative, named_day_re, parse_date, publication_default,
                    resolve_date, update_reference)
from .entities import EntityResolver, entity_table

MENTION_COLUMNS = [
    "mention_id",
    "doc_id",
    "evidence",
    "from_title",
    "event_type",
    "event_date",
    "date_precision",
    "date_text",
    "date_from",
    "people",
    "organisations",
    "locations",
    "people_text",
    "organisations_text",
    "locations_text",
    "context_date",
    "context_precision",
    "context_from",
    "publisher",
    "source",
    "url",
    "published",
]
ENTITY_COLUMNS = ["entity_id", "canonical", "label", "variants", "n_mentions"]
WORD_RE = re.compile(r"[a-z0-9][a-z0-9'’-]*")
ACTOR_LABELS = {"PERSON", "ORG"}
# Unnamed actors: a sentence naming none of the people or organisations can still report an
# occurrence ("police opened fire on protestors in Zhanaozen") when it names the place.
UNNAMED_ACTORS = re.compile(
    r"\b(?:police|authorities|government|security forces|officials|workers|protest[eo]rs|demonstrators|"
    r"strikers|activists|unionists|residents|employer|court|prosecutors?)\b",
    re.IGNORECASE,
)
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class EventRule:
    name: str
    definition: str
    example: str
    triggers: tuple[tuple[str, ...], ...]
    requires: tuple[tuple[str, ...], ...] = ()
    excludes: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class EventTypes:
    """The typing rules, in order, and the patterns of sentence parts that refer to another
    occurrence than the one reported ("Following this conviction, ..."), whose trigger words
    and dates are not the sentence's own."""

    rules: tuple[EventRule, ...]
    background: tuple[re.Pattern, ...] = ()

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(rule.name for rule in self.rules))

    @cached_property
    def trigger_index(self) -> tuple[dict[str, list[tuple[int, tuple[str, ...]]]], list[tuple[int, tuple[str, ...]]]]:
        """Triggers by their first word (rule number, phrase), and those starting with a prefix."""
        by_word: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        by_prefix: list[tuple[int, tuple[str, ...]]] = []
        for k, rule in enumerate(self.rules):
            for phrase in rule.triggers:
                if phrase[0].endswith("*"):
                    by_prefix.append((k, phrase))
                else:
                    by_word.setdefault(phrase[0], []).append((k, phrase))
        return by_word, by_prefix


def load_event_types(path: Path) -> EventTypes:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))

    def phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(w.lower().split()) for w in words)

    rules = tuple(
        EventRule(
            name=t["name"],
            definition=t["definition"],
            example=t["example"],
            triggers=phrases(t.get("triggers", [])),
            requires=phrases(t.get("requires", [])),
            excludes=phrases(t.get("excludes", [])),
        )
        for t in data["types"]
    )
    background = tuple(re.compile(p, re.IGNORECASE) for p in data.get("background", {}).get("patterns", []))
    return EventTypes(rules, background)


@dataclass(frozen=True)
class Reading:
    """What the typing rules make of a sentence: its type, where the deciding trigger word
    starts (the event's date is sought near it), and the background spans."""

    kind: str | None
    anchor: int | None
    background: tuple[tuple[int, int], ...]


def _matches_at(phrase: tuple[str, ...], words: list[str], i: int) -> bool:
    """Whether a phrase occurs at word position i ("*" ends a prefix)."""
    if i + len(phrase) > len(words):
        return False
    for pattern, word in zip(phrase, words[i:]):
        if not (word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern):
            return False
    return True


def _occurs(phrase: tuple[str, ...], words: list[str]) -> bool:
    return any(_matches_at(phrase, words, i) for i in range(len(words) - len(phrase) + 1))


def _trigger_hits(words: list[str], types: EventTypes) -> list[tuple[int, int, int]]:
    """(rule number, first word, end word) of every trigger occurrence."""
    by_word, by_prefix = types.trigger_index
    hits = []
    for i, word in enumerate(words):
        if not word:
            continue
        for k, phrase in by_word.get(word, ()):
            if _matches_at(phrase, words, i):
                hits.append((k, i, i + len(phrase)))
        for k, phrase in by_prefix:
            if _matches_at(phrase, words, i):
                hits.append((k, i, i + len(phrase)))
    return hits


def read_sentence(sentence: str, types: EventTypes) -> Reading:
    """The first rule whose triggers occur outside the background spans (with its required
    words anywhere in the sentence, without its excluded ones outside the background). A
    trigger inside a longer trigger of another rule is that rule's ("protests against" is a
    statement, not a protest)."""
    lowered = sentence.lower().replace("’", "'")  # same length: positions hold for the original
    spans = tuple(
        match.span(1) if pattern.groups else match.span()
        for pattern in types.background
        for match in pattern.finditer(lowered)
    )
    found = [(m.group(), m.start()) for m in WORD_RE.finditer(lowered)]
    every = [w for w, _ in found]
    # masked words keep their place, so a phrase never matches across a background span
    own = ["" if any(s <= at < e for s, e in spans) else w for w, at in found]
    hits = _trigger_hits(own, types)
    hits = [(k, i, j) for k, i, j in hits
            if not any(k2 != k and types.rules[k2].name != types.rules[k].name and i2 <= i and j <= j2 and j2 - i2 > j - i
                       for k2, i2, j2 in hits)]
    for k, rule in enumerate(types.rules):
        starts = [i for k2, i, _ in hits if k2 == k]
        if not starts:
            continue
        if rule.requires and not any(_occurs(r, every) for r in rule.requires):
            continue
        if rule.excludes and any(_occurs(x, own) for x in rule.excludes):
            continue
        return Reading(rule.name, found[min(starts)][1], spans)
    if spans and _trigger_hits(every, types):
        return Reading("other", None, spans)  # "Following the court ruling, all documents were confiscated"
    return Reading(None, None, spans)


def event_type(sentence: str, types: EventTypes) -> str | None:
    return read_sentence(sentence, types).kind


FRONTED_WORDS = 3  # "On 13 December 2021, ..." / "Earlier on 11 March, ...": the date leads the sentence
# a date that bounds something to come is a deadline, never the date of the event: "ordered to
# leave by 4 February", "has until 1 March to appeal", "no later than 5 May"
DEADLINE_BEFORE = re.compile(r"\b(?:deadline(?:\s+(?:of|for|on|is|was))?|no\s+later\s+than|not\s+later\s+than|ha(?:s|d|ve)\s+until|due\s+(?:by|on))\s*$", re.IGNORECASE)
# "ordered the union to close its office by 4 February": "by" a date after an order or obligation
ORDERED_BY = re.compile(r"\b(?:order(?:ed|s)?|requir(?:ed|es)|must|should|ha(?:s|d|ve)\s+to|obliged|instructed|told|gave|given)\b[^.;]*\bby\s*$", re.IGNORECASE)
DATE_SHAPES = (  # longest first
    MONTH_LIST_RE, DAY_LIST_RE, WRITTEN_RE, DMY_NUMERIC_RE, DAY_MONTH_RE, MONTH_DAY_RE, EARLIER_RE, AGO_RE, WEEKDAY_RE)


def _is_deadline(before: str) -> bool:
    return bool(DEADLINE_BEFORE.search(before) or ORDERED_BY.search(before))


def _date_candidates(sentence: dict, reading: Reading | None, heading: tuple[int, int] | None) -> list[tuple[int, str]]:
    """(position, text) of the sentence's date expressions outside the background spans and an
    update heading: spaCy's DATE and TIME spans ("Sunday night", "the morning of ...") and the
    shapes the model misses; a span inside a longer one ("August" of "August and October 2020")
    gives way to it."""
    text = sentence["text"]
    found = [(e[3], e[0]) for e in sentence["ents"] if e[1] in ("DATE", "TIME")]
    for pattern in DATE_SHAPES:
        found += [(m.start(), m[0]) for m in pattern.finditer(text)]
    found += [(m.start(), m[0]) for m in named_day_re().finditer(text)]
    spans = (reading.background if reading else ()) + ((heading,) if heading else ())
    found = [(at, c) for at, c in dict.fromkeys(found)
             if not any(s <= at < e for s, e in spans) and not _is_deadline(text[:at])]
    return [(at, c) for at, c in found
            if not any(a2 <= at and at + len(c) <= a2 + len(c2) and len(c2) > len(c) for a2, c2 in found)]


def sentence_date(sentence: dict, published: ParsedDate | None, reading: Reading | None = None,
                  previous: ParsedDate | None = None, reference: ParsedDate | None = None) -> tuple[ParsedDate | None, str, list[str]]:
    """The sentence's own date: spaCy's DATE/TIME spans and date shapes the model missed, outside
    the background spans, deadlines and an "Update" heading; absolute before relative; a date
    leading the sentence first, then the one nearest the trigger word (else the first).
    Relative dates, weekdays and named days resolve against ``reference`` (the date of the
    update box the sentence sits in, see ``dates.update_reference``), else an update heading of
    the sentence itself, else ``published``. Returns the date, the text it came from, and
    problems worth a warning."""
    problems: list[str] = []
    text = sentence["text"]
    heading = update_reference(text, published)
    if heading is not None:
        reference = heading[0]
    reference = reference or published
    found = _date_candidates(sentence, reading, heading[1:] if heading else None)
    anchor = reading.anchor if reading else None

    def order(item: tuple[int, str]) -> tuple:
        at, candidate = item
        before = text[heading[2]:at] if heading and at >= heading[2] else text[:at]
        fronted = len(before.split()) <= FRONTED_WORDS and "," not in before
        return (is_relative(candidate), not fronted, at if fronted or anchor is None else abs(at - anchor), at)

    for at, candidate in sorted(found, key=order):
        resolution = resolve_date(candidate, reference, previous)
        if resolution.date is not None:
            return anniversary_of(resolution.date, text[at + len(candidate):]) or resolution.date, candidate, problems
        if resolution.problem.startswith(("impossible", "implausible")):
            problems.append(resolution.problem)
    return None, "", problems


def sentence_dates(sentence: dict, published: ParsedDate | None, reading: Reading | None = None,
                   previous: ParsedDate | None = None, reference: ParsedDate | None = None) -> list[ParsedDate]:
    """Every date of the sentence's own clauses in the order written, coordinations expanded
    ("arrested in August and October 2020 respectively" -> two months): the n-th event of a
    coordinated clause takes the n-th date. Background spans, deadlines and an update heading
    are left out, as in ``sentence_date``."""
    text = sentence["text"]
    heading = update_reference(text, published)
    reference = (heading[0] if heading else reference) or published
    skip = (reading.background if reading else ()) + ((heading[1:],) if heading else ())
    return [anniversary_of(when, text[end:]) or when for at, end, when in dated_spans(text, reference, previous)
            if not any(s <= at < e for s, e in skip) and not _is_deadline(text[:at])]


def sentence_references(unit: str, sentences: list[dict], published: ParsedDate | None) -> list[ParsedDate | None]:
    """For each sentence of a text unit (a paragraph), the reference date of its relative
    dates: the date of an "Update" heading earlier in the paragraph ("August 15, 2019 Update:
    ... released on August 9"), else the publication date. Pass it as ``reference``."""
    heading = update_reference(unit, published)
    if heading is None:
        return [published] * len(sentences)
    return [heading[0] if sentence.get("start", 0) >= heading[1] else published for sentence in sentences]


OWN_ACTS = {"statement"}  # what an item itself does: a statement, a call, a complaint


def undated_default(kind: str | None, published: ParsedDate | None, previous: ParsedDate | None = None,
                    previous_kind: str | None = None) -> tuple[ParsedDate | None, str]:
    """The date of a clause with none of its own, and where it came from: the previous
    sentence's date only when that sentence reported the same kind of occurrence ("He was
    detained on 4 May. Police held him overnight."), never a neighbouring sentence's other
    event (a walkout a judge declared unlawful does not take the date of a parole decision
    read just before); else the conventions' default: an item's own act takes the
    publication day, a violation it reports the publication month."""
    if previous is not None and kind and kind not in ("other",) and kind == previous_kind:
        return previous, "previous"
    return publication_default(published, own_act=kind in OWN_ACTS), "published"


def mention_id(doc_id: str, evidence: str) -> str:
    return f"{doc_id}:{hashlib.sha1(' '.join(evidence.split()).encode()).hexdigest()[:10]}"


def text_units(documents: pd.DataFrame) -> list[tuple[int, str]]:
    """(row position, text) of every title and paragraph of the documents to read."""
    units = []
    for position, (title, text) in enumerate(zip(documents["title"], documents["text"])):
        if isinstance(title, str) and title.strip():
            units.append((position, title))
        units += [(position, p) for p in str(text or "").split("\n\n") if p.strip()]
    return units


def extract_mentions(
    documents: pd.DataFrame,
    annotations: list[list[dict]],
    types: EventTypes,
    resolver: EntityResolver,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Mentions and entities of the kept documents (``duplicate_of`` null), given the
    annotations of ``text_units(kept documents)`` in the same order."""
    kept = documents[documents["duplicate_of"].isna()].reset_index(drop=True)
    units = text_units(kept)
    if len(units) != len(annotations):
        raise ValueError(f"{len(units)} text units but {len(annotations)} annotations")
    rows: dict[str, dict] = {}
    found: list[tuple[str, str]] = []
    warnings: list[str] = []
    first_date: dict[int, ParsedDate] = {}  # the first explicit date of each document's text
    undated_titles: list[tuple[int, str]] = []
    by_document: dict[int, list[tuple[str, list[dict]]]] = {}
    for (position, unit), sentences in zip(units, annotations):
        by_document.setdefault(position, []).append((unit, sentences))
    for position, document_units in by_document.items():
        doc = kept.iloc[position]
        published = parse_date(doc["published"]) if isinstance(doc["published"], str) else None
        context: ParsedDate | None = None  # the last explicit date read in this document
        resolved = [[_resolve_names(sentence, resolver) for sentence in sentences] for _, sentences in document_units]
        short = resolver.short_forms([n for unit_names in resolved for names in unit_names for n in names])
        for (unit, sentences), unit_names in zip(document_units, resolved):
            is_title = unit == doc["title"]
            for sentence, names in zip(sentences, unit_names):
                names = [(group, *short.get(entity_id, (entity_id, canonical)), surface) for group, entity_id, canonical, surface in names]
                found += [(entity_id, surface) for _, entity_id, _, surface in names]
                actors = [n for n in names if n[0] in ACTOR_LABELS]
                reading = read_sentence(sentence["text"], types)
                kind = reading.kind
                when, date_text, problems = sentence_date(sentence, published, reading, context)
                sentence_context, context = context, when or context
                if when is not None and not is_title:
                    first_date.setdefault(position, when)
                places = [n for n in names if n[0] == "GPE"]
                if not actors and not (kind and places and UNNAMED_ACTORS.search(sentence["text"])):
                    continue
                for problem in problems:
                    warnings.append(f"extract: {doc['url']}: {problem} in “{sentence['text'][:60]}…”; ignored")
                if kind is None and when is None:
                    continue
                evidence = " ".join(sentence["text"].split())
                row = _mention_row(doc, evidence, kind or "other", when, date_text, published, names)
                row["context_date"] = None if when else (sentence_context.iso if sentence_context else None)
                row["context_precision"] = None if when else (sentence_context.precision if sentence_context else None)
                row["context_from"] = "previous" if row["context_date"] else None
                row["from_title"] = is_title
                if is_title and when is None:
                    undated_titles.append((position, row["mention_id"]))
                rows.setdefault(row["mention_id"], row)
    for position, key in undated_titles:  # a headline is about its text: from its first date to publication
        if position in first_date and key in rows:
            rows[key].update(context_date=first_date[position].iso, context_precision=first_date[position].precision, context_from="body")
    mentions = pd.DataFrame(list(rows.values()), columns=MENTION_COLUMNS)
    counts: dict[str, int] = {}
    for column in ("people", "organisations", "locations"):
        for names in mentions[column]:
            for name in names:
                counts[name] = counts.get(name, 0) + 1
    entities = pd.DataFrame(entity_table(resolver, found), columns=ENTITY_COLUMNS)
    entities["n_mentions"] = [counts.get(c, 0) for c in entities["canonical"]]
    return mentions, entities, warnings


def _resolve_names(sentence: dict, resolver: EntityResolver) -> list[tuple[str, str, str, str]]:
    """(label group, entity_id, canonical, surface) of the sentence's names."""
    names = []
    for surface, label, ruler_id, _, _ in sentence["ents"]:
        if label not in ACTOR_LABELS | PLACE_LABELS:
            continue
        resolved = resolver.resolve(surface, label, ruler_id)
        if resolved is None:
            continue
        entity_id, canonical = resolved
        entity_label = resolver.by_id[entity_id][1]
        group = "PERSON" if entity_label == "PERSON" else "ORG" if entity_label == "ORG" else "GPE"
        names.append((group, entity_id, canonical, surface))
    return names


def _mention_row(doc, evidence: str, kind: str, when: ParsedDate | None, date_text: str,
                 published: ParsedDate | None, names: list[tuple[str, str, str, str]]) -> dict:
    def canon(group: str) -> list[str]:
        return sorted({n[2] for n in names if n[0] == group})

    def surface(group: str) -> list[str]:
        return sorted({n[3] for n in names if n[0] == group})

    date = when or published
    return {
        "mention_id": mention_id(doc["doc_id"], evidence),
        "doc_id": doc["doc_id"],
        "evidence": evidence,
        "event_type": kind,
        "event_date": date.iso if date else None,
        "date_precision": date.precision if date else None,
        "date_text": date_text or None,
        "date_from": ("text" if when else "published") if date else None,
        "people": canon("PERSON"),
        "organisations": canon("ORG"),
        "locations": canon("GPE"),
        "people_text": surface("PERSON"),
        "organisations_text": surface("ORG"),
        "locations_text": surface("GPE"),
        "publisher": doc["publisher"],
        "source": doc["source"],
        "url": doc["url"],
        "published": doc["published"] if isinstance(doc["published"], str) else None,
    }
