"""Documents to event mentions: who did what to whom, when and where.

A mention is an event predicate of a sentence (or a title): a verb, noun or adjective of the
dependency parse that a typing rule of ``config/event_types.toml`` reads as an occurrence
("arrested", "the killing of", "refused registration"), with its participants by role
(``actors``: who did it; ``targets``: to whom; named or not: "the police", "19 people"), its
own date and its place. A sentence gives one mention per predicate ("was arrested and
sentenced": an arrest and a conviction), and one per day of a coordinated date ("On 6 and 27
August 2018 ... refused": two refusals). Predicates that are negated, modal or future, or
asked for ("calling for the release of") report no occurrence (``eventtypes.irrealis``).

A sentence with no such predicate that names a person or an organisation and dates something
explicitly is still a mention, of type ``other``. A mention's date is a date expression of the
sentence that resolves (durations, ages and impossible dates never do) outside the parts that
refer to other occurrences, preferably inside the predicate's own clause; else the one leading
the sentence or the nearest; else the document's publication date, marked ``date_from =
"published"``; such a mention also records the last explicit date read before it in the same
document (``context_date``, ``context_from = "previous"``), or for an undated title the first
date of its text (``context_from = "body"``), which deduplication uses to place it. Names
become canonical entities (``entities``).

``extract_mentions`` is pure: it takes the documents and their spaCy annotations (``nlp``).
What one sentence reports is read in ``occurrences``; who a pronoun or a description stands for
within a document, in ``coreference``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .spans import occurrence_span
from .dates import (AGO_RE, began_before_end, DAY_LIST_RE, EARLIER_RE, LATER_RE, DAY_MONTH_RE, DMY_NUMERIC_RE, MONTH, MONTH_DAY_RE, MONTH_LIST_RE, WEEKDAY_RE,
                    WRITTEN_RE, ParsedDate, anniversary_of, date_config, dated_spans, is_relative, named_day_re, parse_date,
                    publication_default, recent, resolve_date, update_reference)
from .entities import EntityResolver, entity_table
from .coreference import (UNION_STATUS_TYPES, _main_union, _org_type, _resolve_description, _resolve_pronoun,
                          _resolve_union_description, counted_people,
                          UNION_DESCRIPTION_RE, _resolve_body_description, registering_authority,
                          fold_restatements)
from .eventtypes import EventTypes, load_event_types
from .participants import listed_names
from .reporters import reporter_names, without_reporters
from .occurrences import ACTOR_LABELS, Event, background_spans, sentence_events

__all__ = ["load_event_types", "extract_mentions", "sentence_date", "sentence_events", "background_spans", "text_units",
           "mention_id", "MENTION_COLUMNS"]

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
    "span_start",
    "span_end",
    "trigger",
    "event_subtype",
    "clause_start",
    "clause_end",
    "actors",
    "actor_types",
    "targets",
    "target_types",
    "n_people",
    "sentence_years",
    "fine_amount",
    "fine_currency",
    "publisher",
    "source",
    "url",
    "published",
]
ENTITY_COLUMNS = ["entity_id", "canonical", "label", "variants", "n_mentions"]
WORD_RE = re.compile(r"[a-z0-9][a-z0-9'’-]*")
PLACE_LABELS = {"GPE", "LOC", "FAC"}
COORDINATED_DAYS_RE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?((?:\s*(?:,|and|&)\s*\d{{1,2}}(?:st|nd|rd|th)?)+)\s+(?:of\s+)?({MONTH})(\s*,?\s*\d{{4}})?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """What ``sentence_date`` needs of a sentence's reading: its type, where its predicate
    starts (the event's date is sought near it), and the background spans."""

    kind: str | None
    anchor: int | None
    background: tuple[tuple[int, int], ...]


FRONTED_WORDS = 3  # "On 13 December 2021, ..." / "Earlier on 11 March, ...": the date leads the sentence
# a date that bounds something to come is a deadline, never the date of the event: "ordered to
# leave by 4 February", "has until 1 March to appeal", "no later than 5 May"
DEADLINE_BEFORE = re.compile(r"\b(?:deadline(?:\s+(?:of|for|on|is|was))?|no\s+later\s+than|not\s+later\s+than|ha(?:s|d|ve)\s+until|due\s+(?:by|on))\s*$", re.IGNORECASE)
# "ordered the union to close its office by 4 February": "by" a date after an order or obligation
ORDERED_BY = re.compile(r"\b(?:order(?:ed|s)?|requir(?:ed|es)|must|should|ha(?:s|d|ve)\s+to|obliged|instructed|told|gave|given)\b[^.;]*\bby\s*$", re.IGNORECASE)
# "Earlier today, riot police entered the town": a relative day the model does not tag as a date
EARLIER_TODAY_RE = re.compile(r"\b(?:earlier|later)\s+(?:today|this\s+(?:morning|week|month|year))\b", re.IGNORECASE)
DATE_SHAPES = (  # longest first
    MONTH_LIST_RE, DAY_LIST_RE, WRITTEN_RE, DMY_NUMERIC_RE, DAY_MONTH_RE, MONTH_DAY_RE, EARLIER_RE, AGO_RE, WEEKDAY_RE,
    EARLIER_TODAY_RE)


DIGIT_SHAPES = frozenset({MONTH_LIST_RE, DAY_LIST_RE, WRITTEN_RE, DMY_NUMERIC_RE, DAY_MONTH_RE, MONTH_DAY_RE})  # each needs a digit
DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=4096)
def _shape_matches(text: str, named_days: re.Pattern) -> tuple[tuple[int, str], ...]:
    """(position, text) of every match of the date shapes, then of the named days, in ``text``
    (a sentence's date is sought several times, once per occurrence it reports); the shapes that
    need a digit are not tried on a text without one."""
    digits = DIGIT_RE.search(text) is not None
    found = [(m.start(), m[0]) for pattern in DATE_SHAPES if digits or pattern not in DIGIT_SHAPES
             for m in pattern.finditer(text)]
    return tuple(found + [(m.start(), m[0]) for m in named_days.finditer(text)])


SINCE_BEFORE = re.compile(r"\bsince\s*$", re.IGNORECASE)
# a clause opening with a subordinator tells its own occurrence, with its own date; a
# coordinated one ("sentenced ... and banned ..., in July 2019") may share the date written last
SUBORDINATE_RE = re.compile(r"(?:when|after|before|while|as|since|because|who|whom|which|that|where|once|until)\b", re.IGNORECASE)


def _is_deadline(before: str) -> bool:
    return bool(DEADLINE_BEFORE.search(before) or ORDERED_BY.search(before))


def _date_candidates(sentence: dict, reading: Reading | None, heading: tuple[int, int] | None) -> list[tuple[int, str]]:
    """(position, text) of the sentence's date expressions outside the background spans and an
    update heading: spaCy's DATE and TIME spans ("Sunday night", "the morning of ...") and the
    shapes the model misses; a span inside a longer one ("August" of "August and October 2020")
    gives way to it."""
    text = sentence["text"]
    found = [(e[3], e[0]) for e in sentence["ents"] if e[1] in ("DATE", "TIME")]
    found += _shape_matches(text, named_day_re())
    spans = (reading.background if reading else ()) + ((heading,) if heading else ())
    found = [(at, c) for at, c in dict.fromkeys(found)
             if not any(s <= at < e for s, e in spans) and not _is_deadline(text[:at])]
    return [(at, c) for at, c in found
            if not any(a2 <= at and at + len(c) <= a2 + len(c2) and len(c2) > len(c) for a2, c2 in found)]


def sentence_date(sentence: dict, published: ParsedDate | None, reading: Reading | None = None,
                  previous: ParsedDate | None = None, reference: ParsedDate | None = None,
                  clause: tuple[int, int] | None = None,
                  nested: tuple[tuple[int, int], ...] = (),
                  elsewhere: tuple[tuple[int, int, int], ...] = ()) -> tuple[ParsedDate | None, str, list[str]]:
    """The sentence's own date: spaCy's DATE/TIME spans and date shapes the model missed, outside
    the background spans, deadlines and an "Update" heading; absolute before relative; with
    ``clause`` (a predicate's character span, less the ``nested`` clauses of other predicates
    inside it), one inside the clause first; then a date leading the sentence, then the one
    nearest the trigger word (else the first). Relative dates, weekdays and named days resolve
    against ``reference`` (the date of the update box the sentence sits in, see
    ``dates.update_reference``), else an update heading of the sentence itself, else
    ``published``. Of the dates outside the clause, one in none of the ``elsewhere`` clauses (other
    occurrences' own, outside this one's: start, end, trigger) and nearer this trigger than
    theirs comes first: "protests this year, starting with a demo on 2 January" dates the
    protests by "this year". Returns the date, the text it came from, and
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
        inside = clause is None or (clause[0] <= at < clause[1] and not any(s <= at < e for s, e in nested))
        # "X, chair of the union since 2010, was arrested on 4 March": a "since" dates a state
        # (a post, a law in force), not an occurrence, unless the occurrence is one that lasts
        state = bool(SINCE_BEFORE.search(before)) and (reading is None or reading.kind not in date_config().lasting_types)
        # the clause's own dates first, absolute before relative ("arrested in 2019 and sentenced a
        # year later": the sentencing's is "a year later"), then the sentence's others
        theirs = not inside and any(s <= at < e or (anchor is not None and abs(at - t) < abs(at - anchor))
                                    for s, e, t in elsewhere)
        return (state, not inside, theirs, is_relative(candidate), not fronted, at if fronted or anchor is None else abs(at - anchor), at)

    for at, candidate in sorted(found, key=order):
        if any(s <= at < e and SUBORDINATE_RE.match(text, s) for s, e in nested):
            continue  # the date of another occurrence a subordinate clause tells ("fined when he was released in August")
        resolution = resolve_date(candidate, reference, _counted_from(found, at, candidate, reference, previous))
        if resolution.date is not None:
            return anniversary_of(resolution.date, text[at + len(candidate):]) or resolution.date, candidate, problems
        if resolution.problem.startswith(("impossible", "implausible")):
            problems.append(resolution.problem)
    return None, "", problems


def _counted_from(found: list[tuple[int, str]], at: int, candidate: str, reference: ParsedDate | None,
                  previous: ParsedDate | None) -> ParsedDate | None:
    """What "a year later" at ``at`` counts from: the last absolute date written before it in
    the same sentence ("arrested in 2019 and sentenced a year later": 2019), else ``previous``."""
    if not (LATER_RE.search(candidate) or EARLIER_RE.search(candidate)):
        return previous
    for _, written in sorted((c for c in found if c[0] < at and not is_relative(c[1])), reverse=True):
        if (when := resolve_date(written, reference, previous).date) is not None:
            return when
    return previous


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
                    previous_kind: str | None = None,
                    decided_with: frozenset[str] = frozenset()) -> tuple[ParsedDate | None, str]:
    """The date of a clause with none of its own, and where it came from: the previous
    sentence's date only when that sentence reported the same kind of occurrence ("He was
    detained on 4 May. Police held him overnight."), never a neighbouring sentence's other
    event (a walkout a judge declared unlawful does not take the date of a parole decision
    read just before), or one of the types ``decided_with`` it (a fine replacing the rest of a
    sentence, after the release); else the conventions' default: an item's own act takes the
    publication day, a violation it reports the publication month."""
    if previous is not None and kind and kind not in ("other",) and (kind == previous_kind or previous_kind in decided_with):
        return previous, "previous"
    return publication_default(published, own_act=kind in OWN_ACTS), "published"


# "The strike was stopped after a court declared it illegal": a definite re-mention of an
# occurrence the previous sentence dated ("went on a hunger strike in January 2017")
RESTATED_RE = r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?{}s?\b"


def restates_occurrence(text: str, triggers: frozenset[str]) -> bool:
    """Whether an undated sentence names, as "the <noun>", an occurrence whose noun the
    previous dated sentence used as its trigger: the sentence is about that occurrence, so it
    takes its date (a court's ruling on the strike the sentence before dated), whatever its own type."""
    return any(re.search(RESTATED_RE.format(re.escape(t)), text, re.IGNORECASE)
               for t in triggers if len(t) > 3 and " " not in t and t.isalpha())


def mention_id(doc_id: str, evidence: str, key: str = "") -> str:
    """Stable across runs; ``key`` (the predicate's position and trigger, and the day of a
    coordinated date) tells apart the mentions of one sentence."""
    content = " ".join(evidence.split()) + ("\0" + key if key else "")
    return f"{doc_id}:{hashlib.sha1(content.encode()).hexdigest()[:10]}"


def text_units(documents: pd.DataFrame) -> list[tuple[int, str]]:
    """(row position, text) of every title and paragraph of the documents to read."""
    units = []
    for position, (title, text) in enumerate(zip(documents["title"], documents["text"])):
        if isinstance(title, str) and title.strip():
            units.append((position, title))
        units += [(position, p) for p in str(text or "").split("\n\n") if p.strip()]
    return units


def _only_a_date(sentence: dict) -> bool:
    """A sentence that is a date and nothing else, as a heading of what follows."""
    dates = [e for e in sentence["ents"] if e[1] == "DATE"]
    rest = sentence["text"]
    for e in dates:
        rest = rest.replace(e[0], " ")
    return bool(dates) and not re.search(r"[A-Za-z0-9]", rest)


def _unit_offsets(text: str) -> list[int]:
    """Where each paragraph of ``text_units`` starts in the document's text."""
    offsets, at = [], 0
    for paragraph in str(text or "").split("\n\n"):
        if paragraph.strip():
            offsets.append(at)
        at += len(paragraph) + 2
    return offsets


INDIVIDUAL_TYPES = {"conviction", "release", "fine"}  # a court's or a prison's act on one person at a time


AND_AGAIN_RE = re.compile(r"\band\s+(?:again\s+|later\s+|then\s+)?(?:in|on)\s+$", re.IGNORECASE)


def repeated_dates(sentence: dict, clause: tuple[int, int], nested: tuple[tuple[int, int], ...], reading: Reading,
                   reference: ParsedDate | None) -> list[tuple[ParsedDate, str]]:
    """The dates of one predicate told again with "and": "challenged it before the ministry in 2019
    and in September 2020 before the council", "was detained in May 2019 and again in June 2020"
    tell the act twice, its verb left out the second time. The clause's first date and each one
    right after "and (again) in/on", in order; fewer than two when the clause tells it once."""
    text = sentence["text"]
    found = sorted((at, c) for at, c in _date_candidates(sentence, reading, None)
                   if clause[0] <= at < clause[1] and not any(s <= at < e for s, e in nested))
    told: list[tuple[ParsedDate, str]] = []
    for n, (at, candidate) in enumerate(found):
        if n and not AND_AGAIN_RE.search(text[found[n - 1][0] + len(found[n - 1][1]):at]):
            continue
        resolution = resolve_date(candidate, reference)
        if resolution.date is None:
            return []
        told.append((resolution.date, candidate))
    return told if len({d.iso for d, _ in told}) > 1 else []


def coordinated_dates(date_text: str, published: ParsedDate | None, previous: ParsedDate | None) -> list[ParsedDate]:
    """The days of a coordinated date ("6 and 27 August 2018": two days), each resolved by
    ``dates.resolve_date``; empty when the expression names one day or a range."""
    m = COORDINATED_DAYS_RE.search(date_text)
    if not m or re.search(r"\bbetween\s*$", date_text[:m.start()], re.IGNORECASE):
        return []  # "between 6 and 27 August": a range, which takes its start
    days = [m[1], *re.findall(r"\d{1,2}", m[2])]
    found = [resolve_date(f"{day} {m[3]}{m[4] or ''}", published, previous).date for day in days]
    return [d for d in dict.fromkeys(found) if d is not None] if all(found) else []


class _NoCache:
    """Every document extracted afresh."""

    @staticmethod
    def document(doc, document_units, types, resolver, reporters) -> "DocumentMentions":
        return document_mentions(doc, document_units, types, resolver, reporters)


def extract_mentions(
    documents: pd.DataFrame,
    annotations: list[list[dict]],
    types: EventTypes,
    resolver: EntityResolver,
    *,
    reporters: frozenset[str] | None = None,
    cache=None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Mentions and entities of the kept documents (``duplicate_of`` null), given the
    annotations of ``text_units(kept documents)`` in the same order. ``reporters``: the name
    keys of who reports rather than takes part (``reporters.reporter_names``: every source's
    publisher and the listed media, agencies and NGOs); by default the publishers of these
    documents (a run extracts each country's documents together) and ``config/reporters.toml``.
    ``cache``: where each document's part may come from (``extract_cache.ExtractCache``); by
    default every document is extracted."""
    kept = documents[documents["duplicate_of"].isna()].reset_index(drop=True)
    if reporters is None:
        reporters = reporter_names([p for p in kept["publisher"] if isinstance(p, str)])
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
        part = (cache or _NoCache).document(kept.iloc[position], document_units, types, resolver, reporters)
        document_rows: list[dict] = []  # the document's new mention IDs, in reading order
        for row in part.rows:
            if row["mention_id"] not in rows:
                document_rows.append(row)
            rows.setdefault(row["mention_id"], row)
        fold_restatements([row for row in document_rows if not row["from_title"]])
        found += part.found
        warnings += part.warnings
        if part.first_date is not None:
            first_date[position] = part.first_date
        undated_titles += [(position, key) for key in part.undated_titles]
    for position, key in undated_titles:  # a headline is about its text: from its first date to publication
        if position in first_date and key in rows:
            rows[key].update(context_date=first_date[position].iso, context_precision=first_date[position].precision, context_from="body")
    mentions = pd.DataFrame(list(rows.values()), columns=MENTION_COLUMNS)
    for column in ("n_people", "sentence_years", "fine_amount"):  # a number or null (None, not NaN)
        mentions[column] = pd.Series([None if v is None or v != v else v for v in mentions[column]], dtype=object)
    counts: dict[str, int] = {}
    for column in ("people", "organisations", "locations"):
        for names in mentions[column]:
            for name in names:
                counts[name] = counts.get(name, 0) + 1
    entities = pd.DataFrame(entity_table(resolver, found), columns=ENTITY_COLUMNS)
    entities["n_mentions"] = [counts.get(c, 0) for c in entities["canonical"]]
    return mentions, entities, warnings


@dataclass
class DocumentMentions:
    """What one document gives, as a pure function of the document, its annotations, the
    configuration and the resolver's answers: its mention rows in reading order (before the
    merge drops repeated IDs and folds re-statements), the (entity_id, surface) pairs it
    names, its warnings, the first date of its text and the IDs of its title's undated mentions."""

    rows: list[dict]
    found: list[tuple[str, str]]
    warnings: list[str]
    first_date: ParsedDate | None
    undated_titles: list[str]


def document_mentions(doc, document_units: list[tuple[str, list[dict]]], types: EventTypes, resolver: EntityResolver,
                      reporters: frozenset[str]) -> DocumentMentions:
    """The mentions of one kept document (``doc``: its row) from its text units and their
    annotations. The resolver is the only state shared with other documents: it is asked
    (``resolve``, ``by_id``, ``short_forms``) and learns names as it goes."""
    doc = _fields(doc)
    published = parse_date(doc["published"]) if isinstance(doc["published"], str) else None
    context: ParsedDate | None = None  # the last explicit date read in this document
    previous: tuple | None = None  # (date, date text, type) of the previous sentence's dated occurrence
    decided: tuple | None = None  # the same, of the last sentence with a dated occurrence
    antecedent: tuple | None = None  # the last person named in this document
    together: list[tuple] = []  # the last people named together in it
    last_org: tuple | None = None  # the last organisation named in it
    last_named: dict[str, tuple] = {}  # the last organisation of each actor type named in it
    resolved = [[_resolve_names(sentence, resolver) for sentence in sentences] for _, sentences in document_units]
    short = resolver.short_forms([n[:4] for unit_names in resolved for names in unit_names for n in names])
    groups = [list({n[2]: n for n in _short_names(names, short) if n[0] == "PERSON"}.values())
              for unit_names in resolved for names in unit_names]  # the people each sentence names
    sentence_no = -1
    offsets = iter(_unit_offsets(doc["text"]))
    document_rows: list[dict] = []  # this document's mentions, in reading order (repeats included)
    found: list[tuple[str, str]] = []
    warnings: list[str] = []
    first_date: ParsedDate | None = None  # the first explicit date of the document's text
    undated_titles: list[str] = []  # mention IDs of the title's undated mentions
    ruled_before: list[tuple] = []  # whom the previous sentence's rulings befell, by name
    topic = _main_union([n for unit_names in resolved for names in unit_names for n in names], short, types)
    for (unit, sentences), unit_names in zip(document_units, resolved):
        lead: tuple | None = None  # a sentence that is only a date ("January 26.") dates the next one
        is_title = unit == doc["title"] and isinstance(doc["title"], str)
        unit_at = 0 if is_title else next(offsets, 0)
        references = sentence_references(unit, sentences, published)
        for sentence, names, reference in zip(sentences, unit_names, references):
            names = _without_glosses(_short_names(names, short), sentence["text"])
            sentence_no += 1
            found += [(n[1], n[3]) for n in names]
            spans = background_spans(sentence["text"], types)
            when, _, problems = sentence_date(sentence, published, Reading(None, None, spans), context, reference)
            sentence_context, context = context, when or context
            if when is not None and not is_title and first_date is None:
                first_date = when
            evidence = " ".join(sentence["text"].split())
            base = {"doc": doc, "evidence": evidence, "published": published, "context": sentence_context,
                    "is_title": is_title, "offset": unit_at + sentence.get("start", 0), "lead": lead,
                    "previous": previous, "decided": decided, "reference": reference, "reporters": reporters}
            lead = (when, _date_text(sentence, published, spans, sentence_context)) if when and _only_a_date(sentence) else None
            made = []
            events = sentence_events(sentence, names, types)
            triggers = [e.trigger_at for e in events]
            for event in events:  # a clause inside a predicate's that reports nothing is part of it
                event.predicate.clause, event.predicate.excluded = own_clause(event, triggers)
            base["others"] = others_clauses(events)
            base["elsewhere"] = {e.trigger_at: tuple((*o.predicate.clause, o.trigger_at) for o in events if o is not e
                                                     and not o.predicate.clause[0] <= e.trigger_at < o.predicate.clause[1])
                                 for e in events}
            resolved_people: list[tuple] = []  # people a pronoun of the sentence stands for
            counted: list[tuple] = []  # of them, those a count stands for ("two union leaders")
            for event in events:
                before = set(event.names)
                _resolve_pronoun(event, names, antecedent, together, last_org)
                if event.possessive and antecedent is not None and not any(n[0] == "PERSON" for n in event.names):
                    event.names.append(antecedent)  # "his prison sentence was replaced"
                if not any(n[0] == "PERSON" for n in event.names):
                    these = counted_people(event, together, groups[sentence_no + 1:])
                    event.names.extend(these)
                    counted += these
                if not any(n[0] == "PERSON" for n in event.names) and \
                        types.broader.get(event.rule.name, event.rule.name) in RULED_TYPES and \
                        rules_on_earlier_decision(sentence["text"], event):
                    # "the appeal court upheld the decision": whom the previous sentence's ruling befell
                    # (a person or a union), else the person last named
                    befell_before = ruled_before or ([antecedent] if antecedent is not None else [])
                    event.names.extend(n for n in befell_before if n not in event.names)
                resolved_people += [n for n in event.names if n[0] == "PERSON" and n not in before and n not in resolved_people]
            for event in events:  # "jailed him again, adding him a new sentence": the same person
                # (not "two union leaders" to an occurrence with participants of its own: "the arrest
                # of two union leaders, as well as a hunger strike by oil workers")
                shared = [n for n in resolved_people if n not in counted or not (event.actors or event.targets)]
                if shared and not any(n[0] == "PERSON" for n in event.names):
                    event.names.extend(shared)
            for event in events:
                _resolve_description(event, last_named, types)
                _resolve_union_description(event, sentence["text"], last_named, types)
                _resolve_body_description(event, sentence["text"], last_named)
                registering_authority(event, last_named, types, sentence["text"])
                kind = types.broader.get(event.rule.name, event.rule.name)
                # a sentence telling first what befell a union, then a strike it led to ("the closure of the
                # union has led to ... a hunger strike by oil workers"): the union the document is about is
                # the closure's; a strike "to protest the dissolution of X", told after, keeps it
                struck_after = kind in TOPIC_STRIKE_TYPES and any(
                    o.rule.name in UNION_STATUS_TYPES and o.trigger_at < event.predicate.clause[0] for o in events)
                if (event.rule.name in UNION_STATUS_TYPES or (kind in TOPIC_STRIKE_TYPES and not struck_after)) and topic and \
                        topic[2] not in {n[2] for n in event.names} and (
                        not any(n[0] == "ORG" and _org_type(n, types) == "union" for n in event.names)
                        or (event.rule.name in UNION_STATUS_TYPES and (
                            BODY_DESCRIPTION_RE.search(sentence["text"][slice(*event.predicate.clause)])
                            or NEW_NAME_RE.search(sentence["text"])))):
                    # "registration was refused", "refused registration of the organisation under its new
                    # name, X", "accepted another name, X; however, registration was declined", "workers
                    # started a hunger strike": the union the document is about
                    event.names.append(topic)
                made += _event_rows(base, sentence, event, types, spans)
            # "he" later stands for whom the sentence's occurrences befell ("X was released under a
            # decree by President Y. His sentence was replaced": X), else the person last named
            befell = {t for event in events for t, _ in event.targets}
            ruled = [n for event in events if types.broader.get(event.rule.name, event.rule.name) in RULED_TYPES
                     for n in event.names if n[0] in ("PERSON", "ORG") and n[2] in {t for t, _ in event.targets}]
            ruled_before = ruled if made else []  # the previous sentence's rulings' named targets
            antecedent = next((n for n in sorted(names, key=lambda n: -n[4]) if n[0] == "PERSON" and n[2] in befell),
                              next((n for n in sorted(names, key=lambda n: -n[4]) if n[0] == "PERSON"), antecedent))
            last_org = next((n for n in sorted(names, key=lambda n: -n[4]) if n[0] == "ORG"), last_org)
            persons = list({n[2]: n for n in names if n[0] == "PERSON"}.values())
            together = persons if len(persons) > 1 else together
            for n in names:
                if n[0] == "ORG":
                    last_named[_org_type(n, types)] = n
            if not made and when is not None and any(n[0] in ACTOR_LABELS for n in names):
                made = [_row(base, "other", None, when, _date_text(sentence, published, spans, context), names, None)]
            if made:
                warnings += [f"extract: {doc['url']}: {problem} in “{sentence['text'][:60]}…”; ignored" for problem in problems]
            if made and not is_title:
                dated = [r for r in made if r["date_from"] == "text"]
                previous = (ParsedDate(dated[-1]["event_date"], dated[-1]["date_precision"]), dated[-1]["date_text"],
                            dated[-1]["event_type"],
                            frozenset(r["trigger"] for r in dated if r["date_text"] == dated[-1]["date_text"]
                                      and isinstance(r.get("trigger"), str))) if dated else None
                # what a later clause may be decided with survives undated sentences between
                # ("His rights were not reinstated. The rest of his term was replaced by a fine.")
                decided = previous or decided
            if made:  # the sentence's first mention keeps the sentence's own ID (as before several per sentence)
                made[0]["mention_id"] = mention_id(doc["doc_id"], evidence)
            for row in made:
                if is_title and row["date_from"] != "text":
                    undated_titles.append(row["mention_id"])
                document_rows.append(row)
    return DocumentMentions(document_rows, found, warnings, first_date, undated_titles)


def _fields(doc) -> dict:
    """A document's row (a pandas Series) as a plain dict of the same values: its fields are
    read for every sentence and every mention, and a Series look-up costs a hundred dict ones."""
    if isinstance(doc, dict) or not hasattr(doc, "index"):
        return doc
    return {name: doc[name] for name in doc.index}


def _short_names(names: list[tuple], short: dict) -> list[tuple]:
    """The names with a shortened organisation name mapped to its full form in the document."""
    return [(group, *short.get(entity_id, (entity_id, canonical)), surface, start, end)
            for group, entity_id, canonical, surface, start, end in names]


GLOSS_OPEN_RE = re.compile(r"\s*\([^()]*$")  # between a name and a name inside the parenthesis after it


def _without_glosses(names: list[tuple], text: str) -> list[tuple]:
    """The names less an organisation named inside the parenthesis that follows another
    organisation's name: its acronym or another name of the same body ("the KNB (the name of
    the KGB since 1991)"), never a second participant."""
    kept = []
    for n in names:
        before = [m for m in names if m[0] == "ORG" and m[5] <= n[4] and GLOSS_OPEN_RE.fullmatch(text[m[5]:n[4]])]
        if n[0] == "ORG" and before and ")" in text[n[5]:] and before[-1][1] != n[1]:
            continue
        kept.append(n)
    return kept


def _date_text(sentence: dict, published, spans, context) -> str:
    return sentence_date(sentence, published, Reading(None, None, spans), context)[1]


def own_clause(event: Event, triggers: list[int]) -> tuple[tuple[int, int], tuple[tuple[int, int], ...]]:
    """The predicate's clause and the clauses inside it that report other occurrences: a
    clause inside it whose predicate reported none ("a decision of the court handed down on 4
    May") describes this one and is part of it, with its date."""
    clause, nested = event.predicate.clause, []
    for start, end in event.predicate.excluded:
        if any(start <= at < end for at in triggers if at != event.trigger_at):
            nested.append((start, end))
        else:
            clause = (min(clause[0], start), max(clause[1], end))
    return clause, tuple(nested)


def others_clauses(events: list[Event]) -> dict[int, tuple[tuple[int, int], ...]]:
    """Per occurrence (by its trigger's position), the clauses of the sentence's other
    occurrences inside its own that do not hold its trigger: their dates are theirs ("was
    arrested in 2019 and sentenced in 2020": 2019 is the arrest's, not the sentencing's)."""
    return {e.trigger_at: tuple(o.predicate.clause for o in events if o is not e
                                and e.predicate.clause[0] <= o.predicate.clause[0] and o.predicate.clause[1] <= e.predicate.clause[1]
                                and not o.predicate.clause[0] <= e.trigger_at < o.predicate.clause[1])
            for e in events}


def _event_rows(base: dict, sentence: dict, event: Event, types: EventTypes, spans) -> list[dict]:
    """The mention rows of one occurrence: one, or one per day of a coordinated date."""
    clause, nested = event.predicate.clause, event.predicate.excluded + base.get("others", {}).get(event.trigger_at, ())
    reading = Reading(event.rule.name, event.trigger_at, spans)
    when, date_text, _ = sentence_date(sentence, base["published"], reading, base["context"], base.get("reference"),
                                       clause=clause, nested=nested,
                                       elsewhere=base.get("elsewhere", {}).get(event.trigger_at, ()))
    if when is None and base.get("lead"):
        when, date_text = base["lead"]
    if when is None and base.get("previous"):  # "He was detained on 4 May. Police held him overnight."
        before, before_text, before_kind, before_triggers = base["previous"]
        kind = types.broader.get(event.rule.name, event.rule.name)
        taken, _ = undated_default(kind, base["published"], before, before_kind, types.decided_with.get(kind, frozenset()))
        if taken is before or restates_occurrence(sentence["text"], before_triggers):
            when, date_text = before, before_text
    if when is None and base.get("decided") and base["decided"] is not base.get("previous"):
        before, before_text, before_kind, _ = base["decided"]
        kind = types.broader.get(event.rule.name, event.rule.name)
        if before_kind in types.decided_with.get(kind, frozenset()):  # a fine replacing the rest of a term, after the release
            when, date_text = before, before_text
    ended = when or base["context"]
    if lasted := began_before_end(sentence["text"], event.trigger, ended):
        when, date_text = lasted  # "the shootings ended an eight-month strike": its start, not its end
    days = coordinated_dates(date_text, base["published"], base["context"]) if when else []
    key = f"{event.trigger_at}:{event.trigger}"
    if len(days) <= 1 and when is not None and len(told := repeated_dates(sentence, clause, nested, reading,
                                                                         base.get("reference") or base["published"])) > 1:
        return [_row(base, event.rule.name, event, day, said, event.names, types, f"{key}@{day.iso}") for day, said in told]
    if len(days) > 1:
        return [_row(base, event.rule.name, event, day, date_text, event.names, types, f"{key}@{day.iso}") for day in days]
    return [_with_span(row, sentence["text"], event, when, date_text, ended, base)
            for row in _one_date_rows(base, sentence, event, when, date_text, types, key)]


def _with_span(row: dict, text: str, event: Event, when: ParsedDate | None, date_text: str, ended: ParsedDate | None,
               base: dict) -> dict:
    """The row with the days its sentence says the occurrence covered (``spans``), if any."""
    span = occurrence_span(text, event.trigger, row["event_type"], when, date_text, ended,
                           base.get("reference") or base["published"], base["context"])
    if span is not None:
        row["span_start"], row["span_end"] = span.start.isoformat(), span.end.isoformat()
    return row


def _one_date_rows(base: dict, sentence: dict, event: Event, when: ParsedDate | None, date_text: str, types: EventTypes,
                   key: str) -> list[dict]:
    """The rows of an occurrence with one date: one, or one per person it befell alone."""
    # named in the sentence itself: people a pronoun stands for ("they were later released")
    # underwent it together, one occurrence
    people = [n for n in event.names if n[0] == "PERSON" and any(t == n[2] for t, _ in event.targets)
              and n[3] in sentence["text"]]
    if types.broader.get(event.rule.name, event.rule.name) in INDIVIDUAL_TYPES and len({n[2] for n in people}) > 1:
        rows = []  # "X and Y were sentenced": each person's sentence is an occurrence of its own
        for person in dict.fromkeys(n[2] for n in people):
            names = [n for n in event.names if n[0] != "PERSON" or n[2] == person or n not in people]
            one = Event(event.predicate, event.rule, event.trigger, event.trigger_at, event.actors,
                        [t for t in event.targets if t[0] == person or t[0] not in {n[2] for n in people}],
                        names, None, event.years, event.fine, event.possessive, event.phrases)
            rows.append(_row(base, event.rule.name, one, when, date_text, names, types, f"{key}@{person}"))
        return rows
    return [_row(base, event.rule.name, event, when, date_text, event.names, types, key)]


def _row(base: dict, kind: str, event: Event | None, when: ParsedDate | None, date_text: str,
         names: list[tuple], types: EventTypes | None, key: str = "") -> dict:
    doc, published = base["doc"], base["published"]
    broad = types.broader.get(kind, kind) if types else kind
    arguments = [label for label, _ in (event.actors + event.targets)] + list(event.phrases) if event else []
    row = _mention_row(doc, base["evidence"], broad, when, date_text, published, names, arguments,
                       base.get("reporters", frozenset()))
    row["mention_id"] = mention_id(doc["doc_id"], base["evidence"], key)
    context = base["context"] if not recent(base["evidence"]) else None  # "the recent arrest": near the report
    row["context_date"] = None if when else (context.iso if context else None)
    row["context_precision"] = None if when else (context.precision if context else None)
    row["context_from"] = "previous" if row["context_date"] else None
    row["from_title"] = base["is_title"]
    clause = event.predicate.clause if event else (0, len(" ".join(base["evidence"].split())))
    row.update(
        trigger=event.trigger if event else None,
        event_subtype=kind if event and kind != broad else None,
        clause_start=base["offset"] + clause[0],
        clause_end=base["offset"] + clause[1],
        actors=[a for a, _ in event.actors] if event else [],
        actor_types=[t for _, t in event.actors] if event else [],
        targets=[t for t, _ in event.targets] if event else [],
        target_types=[t for _, t in event.targets] if event else [],
        n_people=event.n_people if event else None,
        sentence_years=event.years if event else None,
        fine_amount=event.fine[0] if event and event.fine else None,
        fine_currency=event.fine[1] if event and event.fine else None,
    )
    return row


# a court's act on an earlier decision about someone ("upheld the decision", "this sanction was imposed")
RULED_TYPES = {"court_ruling", "conviction"}
RULED_DECISION_RE = re.compile(r"\b(?:the|this|that|these|his|her)\s+(?:\w+\s+)?(?:decision|sentence|verdict|sanction|"
                               r"conviction|ruling|judgment|judgement|punishment|restrictions?)\b", re.IGNORECASE)


def rules_on_earlier_decision(text: str, event: Event) -> bool:
    """The occurrence is a court's act on an earlier decision about someone ("upheld the
    decision", "this sanction was imposed"), so it befell the person last named: not when the
    decision described is the occurrence itself ("the court ruling on 4 January that shut down
    the confederation") or when the clause names an organisation it befell."""
    start, end = event.predicate.clause
    at = event.trigger_at
    for m in RULED_DECISION_RE.finditer(text[start:end]):
        if not start + m.start() <= at < start + m.end():
            return not any(kind in ("union", "organisation") for _, kind in event.targets) and \
                not UNION_DESCRIPTION_RE.search(text[start:end])
    return False


# "the government accepted another name that was proposed, X; however, registration was declined"
NEW_NAME_RE = re.compile(r"\b(?:another|a\s+new|its\s+new|the\s+new|a\s+different)\s+name\b", re.IGNORECASE)
TOPIC_STRIKE_TYPES = {"strike"}  # strikers naming no union are the members of the union the document is about
BODY_DESCRIPTION_RE = re.compile(r"\b(?:the|its|their)\s+(?:organi[sz]ation|association)\b", re.IGNORECASE)
UNION_OF_RE = re.compile(r"\s+(?:trade[\s-])?union\b", re.IGNORECASE)  # a company's name before "(trade) union"


OPEN_QUOTE_RE = re.compile(r"\s[\"“«]")
CLOSE_QUOTE_RE = re.compile(r"[\"”»]")


def _joined_organisations(sentence: dict) -> list:
    """The sentence's entity spans, two organisation spans the recogniser split at a space
    ("the transport company KM Tranco": "KM" and "Tranco") joined into one; spans the alias
    table recognised stay as they are. A body's kind followed by its name in quotes is the
    name ('Oil Workers Union "Decent Work"'), and a span that opens a quote it does not close
    keeps the quoted part ('Public Association “Independent Local Union')."""
    joined: list = []
    text = sentence["text"]
    for ent in sentence["ents"]:
        surface, label, ruler_id, start, end = ent
        quote = OPEN_QUOTE_RE.search(surface) if label == "ORG" else None
        if quote and not CLOSE_QUOTE_RE.search(surface[quote.end():]) and quote.start() > 0:
            # 'Public Association “Independent Local Union”': the name is what the quotes hold
            start, surface = start + quote.end(), surface[quote.end():]
            ent = (surface, label, ruler_id, start, end)
        if joined and label == "ORG" and joined[-1][1] == "ORG" and re.fullmatch(r"\s*[\"“«]", text[joined[-1][4]:start]):
            # 'Energy and Oil Workers Union "Decent Work"': a body's kind, then its name in quotes
            joined[-1] = tuple(ent)
            continue
        if joined and label == "ORG" and not ruler_id:
            last = joined[-1]
            if last[1] == "ORG" and not last[2] and sentence["text"][last[4]:start] == " ":
                joined[-1] = (sentence["text"][last[3]:end], "ORG", "", last[3], end)
                continue
        joined.append(tuple(ent))
    return joined


def _resolve_names(sentence: dict, resolver: EntityResolver) -> list[tuple[str, str, str, str, int, int]]:
    """(label group, entity_id, canonical, surface, start, end) of the sentence's names."""
    names = []
    for surface, label, ruler_id, start, end in _joined_organisations(sentence):
        if label not in ACTOR_LABELS | PLACE_LABELS:
            continue
        resolved = resolver.resolve(surface, label, ruler_id)
        if resolved is None:
            continue
        entity_id, canonical = resolved
        entity_label = resolver.by_id[entity_id][1]
        union = UNION_OF_RE.match(sentence["text"][end:]) if entity_label == "ORG" and not re.search(r"(?i)\b(?:unions?|confederation|federation|congress|syndicate)\b", canonical) else None
        if union:  # "the NCC trade union": the union of the company, not the company
            resolved = resolver.resolve(f"{canonical} trade union", "ORG")
            if resolved is not None:
                (entity_id, canonical), surface, end = resolved, surface + union[0], end + len(union[0])
        group = "PERSON" if entity_label == "PERSON" else "ORG" if entity_label == "ORG" else "GPE"
        names.append((group, entity_id, canonical, surface, start, end))
    return names


def _mention_row(doc, evidence: str, kind: str, when: ParsedDate | None, date_text: str,
                 published: ParsedDate | None, names: list[tuple], arguments: list[str] = (),
                 reporters: frozenset[str] = frozenset()) -> dict:
    def canon(group: str) -> list[str]:
        return sorted({n[2] for n in names if n[0] == group})

    def surface(group: str) -> list[str]:
        return sorted({n[3] for n in names if n[0] == group})

    names = listed_names(names, kind, doc.get("publisher") if hasattr(doc, "get") else None, arguments)
    # a reporter (a publisher, an agency, an NGO) takes part only as one of the occurrence's
    # actors or targets: its own statement ("HRW said"), "a Reuters correspondent was detained"
    names = without_reporters(names, reporters, arguments=arguments)
    date = when or published
    return {
        "doc_id": doc["doc_id"],
        "evidence": evidence,
        "event_type": kind,
        "event_date": date.iso if date else None,
        "date_precision": date.precision if date else None,
        "date_text": (date_text or None) if when else None,
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
        "span_start": None,
        "span_end": None,
    }
