"""What one sentence reports: its occurrences, each an event predicate with its type and
participants, read from the dependency parse (``predicates``) and typed by the rules of
``config/event_types.toml`` (``eventtypes``).

An occurrence is a predicate that is no background ("Following this conviction, ..."), not
negated, modal or asked for, and that a typing rule reads; a bare noun that refers back ("during
the strike"), the decision a court rules on ("upheld the conviction") and a state after "on" or
"under" ("on parole") are none. Two predicates of one type where one lies in or governs the
other are one occurrence. Names in the sentence outside the other occurrences' clauses belong to
it too, except who reports it ("X said", "according to X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .counts import fine_amount, people_count, sentence_years
from .dates import ORDINALS, resolve_date
from .eventtypes import EventRule, EventTypes, irrealis, type_predicate
from .predicates import Predicate, find_predicates
from .roles import argument_type, typed

ACTOR_LABELS = {"PERSON", "ORG"}
NOUN_LIKE = {"NOUN", "PROPN"}


def background_spans(text: str, types: EventTypes) -> tuple[tuple[int, int], ...]:
    """Parts of the sentence about another occurrence than the ones it reports."""
    lowered = text.lower().replace("’", "'")  # same length: positions hold for the original
    return tuple(
        match.span(1) if pattern.groups else match.span()
        for pattern in types.background
        for match in pattern.finditer(lowered)
    )


@dataclass
class Event:
    """One occurrence a sentence reports: its predicate, typing rule and participants."""

    predicate: Predicate
    rule: EventRule
    trigger: str
    trigger_at: int  # character offset in the sentence
    actors: list[tuple[str, str]]  # (text or canonical name, actor type)
    targets: list[tuple[str, str]]
    names: list[tuple]  # the named participants and places of its clause
    n_people: int | None = None
    years: float | None = None
    fine: tuple[float, str] | None = None
    possessive: bool = False  # "his sentence ...": the sentence names someone by a possessive pronoun
    phrases: tuple[str, ...] = ()  # the texts of its actors and targets as written ("Toiken, a reporter for X")


def sentence_events(sentence: dict, names: list[tuple], types: EventTypes) -> list[Event]:
    """The occurrences a sentence reports, one per event predicate that is no background,
    not negated, modal or asked for, and that a typing rule reads."""
    text = sentence["text"]
    spans = background_spans(text, types)
    actor_types = types.actor_types
    unnamed = typed(actor_types)
    named = [(n[4], n[5]) for n in names if n[0] in ACTOR_LABELS]

    def known(doc, head: int) -> bool:  # an argument of a known kind, or a named one
        return any(s <= doc[head].idx < e for s, e in named) or unnamed(doc, head)

    def reports(doc, predicate: Predicate) -> bool:  # not background, no describing adjective, not irrealis
        token = doc[predicate.index]
        return not (any(s <= token.idx < e for s, e in spans) or (token.dep_ == "amod" and token.tag_ != "NN")
                    or irrealis(predicate, doc, types))

    doc, predicates = find_predicates(sentence, types.lexicon, types.role_patterns, known, reports)
    events: list[Event] = []
    described = _descriptions(doc, {p.index for p in predicates}, names)
    ruled: dict[int, str] = {}  # the type of each predicate read so far
    taken: set[int] = set()  # tokens of a trigger phrase ("opened fire": "fire" is no predicate of its own)
    possessive: bool | None = None  # whether the sentence names someone by "his" or "her" (read when first needed)
    for predicate in predicates:
        token = doc[predicate.index]
        typed_args = []
        for argument in predicate.arguments:
            start, end = doc[argument.phrase[0]].idx, doc[argument.phrase[1]].idx + len(doc[argument.phrase[1]].text)
            inside = [n for n in names if n[4] < end and n[5] > start]
            kind = argument_type(doc, argument.head, inside, actor_types)
            if kind is None and inside and inside[0][0] in ("PERSON", "ORG"):
                kind = "person" if inside[0][0] == "PERSON" else "organisation"
            typed_args.append((argument, kind, inside, (start, end)))
        rule = type_predicate(predicate, doc, [k for a, k, _, _ in typed_args if a.role == "actor"], types,
                              [k for a, k, _, _ in typed_args if a.role != "actor"])
        if rule is None:
            continue
        if token.pos_ in NOUN_LIKE and _definite(token) and not any(k for _, k, _, _ in typed_args) \
                and not _has_date(sentence, predicate.clause, predicate.excluded) and not _occurs(token, names, types):
            continue  # a bare noun ("during the strike") refers to an event, it does not report one
        if token.pos_ in NOUN_LIKE and token.dep_ in ("dobj", "nsubjpass", "conj") and _ruled_on(token, ruled):
            continue  # "upheld the conviction": the decision ruled on, reported where it happened
        if token.pos_ in NOUN_LIKE and not any(k for _, k, _, _ in typed_args) and _part_of_another(token, ruled):
            continue  # "released him on parole", "placed in detention": a detail of that occurrence
        ruled[predicate.index] = rule.name
        clause_extra: list[tuple] = []
        statement = rule.name == "statement"
        if statement and not any(a.role in ("actor", "possessor") and any(n[0] in ("PERSON", "ORG") for n in inside)
                                 for a, _, inside, _ in typed_args):
            continue  # a statement is a named body's act; "condemned by the labour movement" is no occurrence
        actors, targets, phrases = [], [], []
        for argument, kind, inside, (start, end) in typed_args:
            role = ("actor" if statement else "target") if argument.role == "possessor" else argument.role
            if kind is None:
                continue
            if doc[argument.head].lower_ == "it" and not inside:
                inside = _main_subject(doc, token, names)  # "Since it was deregistered, the union has ..."
                if inside:
                    clause_extra.append(inside[0])
                    kind = argument_type(doc, argument.head, [], actor_types) if not inside else "organisation"
            named = [n for n in inside if n[0] in ("PERSON", "ORG")]
            label = named[0][2] if named and len(named) == 1 else doc[argument.head].text if doc[argument.head].pos_ in ("PRON", "NUM") else text[start:end]
            (actors if role == "actor" else targets).append((" ".join(label.split()), kind))
            phrases.append(text[start:_apposition_end(doc, argument.head, end)])
        clause_names = [n for n in names if _in_clause(n, predicate, typed_args)] + clause_extra
        if described:  # "the confederation, to which the X union was affiliated": not a participant
            clause_names = [n for n in clause_names
                            if not any(s <= n[4] < e and not s <= token.idx < e for s, e in described)]
        if not any(n[0] == "GPE" for n in clause_names):
            clause_names += [n for n in names if n[0] == "GPE"]  # the sentence's place
        trigger_tokens = [token] + [c for c in token.children if c.dep_ == "prt" or (c.lower_ in rule.with_words and c.dep_ in ("dobj", "acomp", "oprd", "advmod", "prt"))]
        trigger_tokens.sort(key=lambda t: t.i)
        first = trigger_tokens[0].i - 2 if len(predicate.forms) > 2 and any("-" in f for f in predicate.forms) and token.i >= 2 else trigger_tokens[0].i
        trigger = text[doc[first].idx:trigger_tokens[-1].idx + len(trigger_tokens[-1].text)]
        taken |= {t.i for t in trigger_tokens[1:]}
        count = next((people_count(doc, a.head) for a, k, _, _ in typed_args
                      if k and a.role in ("target", "possessor") and people_count(doc, a.head)), None)
        clause_text = text[predicate.clause[0]:predicate.clause[1]]
        if possessive is None:  # "his sentence was replaced by a fine": once per sentence
            possessive = any(t.dep_ == "poss" and t.lower_ in ("his", "her") for t in doc)
        events.append(Event(predicate, rule, trigger, doc[first].idx, _unique(actors), _unique(targets), clause_names, count,
                            sentence_years(doc, predicate.index) if rule.name == "conviction" else None,
                            fine_amount(clause_text) if rule.name == "fine" else None, possessive, tuple(phrases)))
    events = [e for e in events if e.predicate.index not in taken]
    events = _merge_restatements(events, doc, sentence)
    reporters = [n for n in names if _reports(doc, n, types)]
    # a name inside a background span ("Following the intervention by X, they were released") is
    # of that other occurrence
    reporters += [n for n in names if n[0] in ACTOR_LABELS and any(s <= n[4] < e for s, e in spans)]
    for event in events:  # a sentence's other names belong to its occurrences, unless inside another one's clause
        if event.rule.name != "statement":  # who reports it is none of its participants
            event.names = [n for n in event.names if n not in reporters]
        others = [e for e in events if e is not event]
        for n in names:
            if n not in event.names and n not in reporters and not any(_in_clause(n, o.predicate, []) for o in others) \
                    and not any(s <= n[4] < e for s, e in described):
                event.names.append(n)
        if not any(n[0] in ACTOR_LABELS for n in event.names):  # "went missing after taking part in protests"
            controller, phrase = _controller_names(doc, doc[event.predicate.index], names)
            event.names += [n for n in controller if n not in reporters]
            event.phrases += (phrase,) if controller else ()
    return events


def _descriptions(doc, predicates: set[int], names: list[tuple]) -> list[tuple[int, int]]:
    """Character spans of the relative clauses that report no occurrence and describe a body
    or a thing, not a person ("the confederation, to which the X union was affiliated"): the
    names in them take part in no occurrence outside them."""
    if doc is None:
        return []
    people = [(n[4], n[5]) for n in names if n[0] == "PERSON"]
    spans = []
    for token in doc:
        if token.dep_ == "relcl" and token.i not in predicates and token.head.i != token.i \
                and not any(s <= token.head.idx < e for s, e in people) and token.head.pos_ != "PRON":
            sub = list(token.subtree)
            spans.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return spans


def _apposition_end(doc, head: int, end: int) -> int:
    """Where an argument's phrase ends with its appositions ("Toiken, a reporter for X"): who
    the argument is, which a reporter can be part of."""
    for child in doc[head].children:
        if child.dep_ == "appos":
            last = list(child.subtree)[-1]
            end = max(end, last.idx + len(last.text))
    return end


NON_FINITE_DEPS = {"advcl", "pcomp", "xcomp"}


def _controller_names(doc, token, names: list[tuple]) -> tuple[list[tuple], str]:
    """The named subject of the clause that a subject-less participle clause holding the
    predicate depends on, and its phrase: who went missing "after taking part in protests"
    took part in them."""
    if doc is None:
        return [], ""
    for verb in [token, *token.ancestors][:5]:
        if verb.dep_ not in NON_FINITE_DEPS or verb.tag_ not in ("VBG", "VB", "VBN") or verb.head.i == verb.i:
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
            return [], ""  # a clause with its own subject
        main = verb.head
        while main.pos_ == "ADP" and main.head.i != main.i:  # "after participating": the verb "after" attaches to
            main = main.head
        for child in main.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                sub = list(child.subtree)
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                return [n for n in names if n[0] in ACTOR_LABELS and start <= n[4] and n[5] <= end], doc.text[start:end]
        return [], ""
    return [], ""


def _reports(doc, name: tuple, types: EventTypes) -> bool:
    """Whether a name is who reports the sentence's news: the subject of a verb of saying, or
    after "according to"."""
    span = doc.char_span(name[4], name[5], alignment_mode="expand") if doc is not None else None
    if span is None:
        return False
    inside = list(span)
    heads = [t for t in inside if not (name[4] <= t.head.idx < name[5]) or t.head.i == t.i]
    for t in heads:
        while t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i:  # "according to the Orda news portal"
            t = t.head
        if t.dep_ in ("nsubj", "agent") and t.head.lemma_.lower() in types.irrealis.get("reporting_verbs", ()):
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according":
            return True
    return False


def _main_subject(doc, token, names: list[tuple]) -> list[tuple]:
    """The named subject of the clause a subordinate clause opens ("Since it was deregistered
    in 2017, the confederation has ..."): what its "it" stands for."""
    if token.dep_ != "advcl" or token.head.i == token.i:
        return []
    for child in token.head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            sub = list(child.subtree)
            start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            found = [n for n in names if n[0] == "ORG" and start <= n[4] and n[5] <= end]
            if found:
                return found[:1]
    return []


def _definite(token) -> bool:
    """'the strike', 'his arrest': a noun that refers back to a known event."""
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in token.children)


def _occurs(token, names: list[tuple], types: EventTypes) -> bool:
    """Whether an event noun is reported as happening: the subject of a verb of occurring, or
    with its place in its own phrase ("the killings in ...")."""
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() in types.irrealis.get("occurrence_verbs", ()):
        return True
    if _counted_into(token):
        return True
    sub = list(token.subtree)
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return any(n[0] == "GPE" and start <= n[4] and n[5] <= end for n in names)


def _counted_into(token) -> bool:
    """"now in the second month of their strike", "on the 20th day of the hunger strike": a
    count of its days tells the occurrence as going on, not only referred to."""
    if token.dep_ != "pobj" or token.head.lower_ != "of":
        return False
    unit = token.head.head
    return unit.lemma_.lower() in ("day", "week", "month", "year") and any(
        c.dep_ in ("amod", "nummod") and (c.lower_ in ORDINALS or re.fullmatch(r"\d{1,3}(?:st|nd|rd|th)", c.lower_))
        for c in unit.children)


def _ruled_on(token, ruled: dict[int, str]) -> bool:
    """Whether a noun is what a court's decision is about ("upheld the conviction")."""
    while token.dep_ == "conj" and token.head.i != token.i:  # "upheld the conviction and sentence"
        token = token.head
    return ruled.get(token.head.i) == "court_ruling"


def _part_of_another(token, ruled: dict[int, str]) -> bool:
    """Whether a bare noun is a prepositional detail of another predicate read before it
    ("released him on parole", "release the chairman on parole")."""
    if token.dep_ != "pobj" or token.head.lower_ not in ("on", "under"):  # a state: "on parole", "under arrest"
        return False
    return any(a.i in ruled for a in list(token.ancestors)[:4])


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pairs))


def _in_clause(name: tuple, predicate: Predicate, typed_args: list) -> bool:
    start, end = name[4], name[5]
    if any(s < end and e > start for _, _, _, (s, e) in typed_args):
        return True
    c0, c1 = predicate.clause
    return c0 < end and c1 > start and not any(s <= start and end <= e for s, e in predicate.excluded)


def _has_date(sentence: dict, clause: tuple[int, int], nested: tuple[tuple[int, int], ...]) -> bool:
    return any(clause[0] <= e[3] < clause[1] and not any(s <= e[3] < t for s, t in nested)
               for e in sentence["ents"] if e[1] == "DATE")


def _merge_restatements(events: list[Event], doc, sentence: dict | None = None) -> list[Event]:
    """Two predicates of one type where one lies in the other's clause, or governs it, are one
    occurrence ("sentenced him to a prison sentence", "ordered him placed in detention"): the
    first keeps the participants of both. Not when each is told with a date of its own
    ("protests rocked the country this year, starting with a demo in X on 2 January"): two."""
    kept: list[Event] = []
    for event in events:
        above = {t.i for t in doc[event.predicate.index].ancestors}
        same = next((k for k in kept if k.rule.name == event.rule.name and (
            k.predicate.clause[0] <= event.trigger_at < k.predicate.clause[1]
            or event.predicate.clause[0] <= k.trigger_at < event.predicate.clause[1]
            or (k.predicate.index in above and doc[event.predicate.index].dep_ != "conj"))
            and not _dated_apart(k, event, doc, sentence)), None)
        if same is None:
            kept.append(event)
            continue
        same.actors = _unique(same.actors + event.actors)
        same.targets = _unique(same.targets + event.targets)
        same.names = list(dict.fromkeys(same.names + event.names))
        same.n_people = same.n_people or event.n_people
        same.years = same.years or event.years
        same.fine = same.fine or event.fine
    return kept


# "banned from office until 2022": a limit of the occurrence, not a date it is told with
LIMIT_BEFORE = re.compile(r"\b(?:until|till|by|through|before|to)\s*$", re.IGNORECASE)


def _dated_apart(first: Event, second: Event, doc, sentence: dict | None) -> bool:
    """Whether two predicates of one type each carry a date expression of their own, in its
    own clause outside the other's ("was arrested on 4 May and arrested again on 9 June"): two
    occurrences. A duration ("a prison sentence of two years") or a limit ("until 2022") is no
    date of its own."""
    if sentence is None or doc is None:
        return False
    text = sentence["text"]
    dates = [e[3] for e in sentence["ents"] if e[1] == "DATE" and not resolve_date(e[0]).problem.startswith("duration")
             and not LIMIT_BEFORE.search(text[:e[3]])]

    def own(event: Event, other: Event) -> bool:
        (c0, c1), (o0, o1) = event.predicate.clause, other.predicate.clause
        inside_other = c0 <= o0 and o1 <= c1 and (o0, o1) != (c0, c1)
        return any(c0 <= at < c1 and not any(s <= at < e for s, e in event.predicate.excluded)
                   and not (inside_other and o0 <= at < o1) for at in dates)
    return own(first, second) and own(second, first)
