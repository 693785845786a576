"""Who a pronoun or a description stands for, within one document.

"He was sentenced": the person last named before; "they": the people last named together;
"it": the main clause's named subject after a fronted subordinate clause, else the organisation
last named; "the union", "the court", "the Ministry": the one of that kind last named; a
registration refused without a union named: the union the document names most often.
"""

from __future__ import annotations

import re

from .eventtypes import EventTypes
from .occurrences import Event

PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
PLURAL_PRONOUNS = {"they", "them"}


def _resolve_pronoun(event: Event, names: list[tuple], antecedent: tuple | None, group: list[tuple] = (),
                     last_org: tuple | None = None) -> None:
    """"He was sentenced": he is the person last named before, in this sentence or the
    document's earlier ones, when the occurrence names no one else; "they" are the people
    last named together (``group``)."""
    if any(n[0] == "PERSON" for n in event.names):
        return
    for role in ("actors", "targets"):
        pairs = getattr(event, role)
        for k, (label, kind) in enumerate(pairs):
            if label.lower() in PLURAL_PRONOUNS and group:  # "they": the people named together last
                pairs[k:k + 1] = [(n[2], "person") for n in group]
                event.names.extend(n for n in group if n not in event.names)
                return
            if label.lower() == "it" and last_org is not None:  # "It was de-registered": the organisation last named
                pairs[k] = (last_org[2], "organisation")
                if last_org not in event.names:
                    event.names.append(last_org)
                return
            if label.lower() not in PERSONAL_PRONOUNS:
                continue
            before = [n for n in names if n[0] == "PERSON" and n[5] <= event.trigger_at]
            person = before[-1] if before else antecedent
            if person is not None:
                pairs[k] = (person[2], kind)
                event.names.append(person)
                return


UNION_STATUS_TYPES = {"registration_denied", "deregistration"}  # what befalls a union as a body


def _org_type(name: tuple, types: EventTypes) -> str:
    """The actor type of an organisation's name, as written and canonical: by the name's head
    word first (its last word, or the word before "of": "Northern Copper Company trade union"
    is a union, "Ministry of Labour" a ministry), else by any of its words."""
    for written in (name[2], name[3]):
        words = re.findall(r"[a-z]+(?:-[a-z]+)?", written.lower().split(" of ")[0])
        kind = types.actor_types.of_words(words[-1:]) if words else None
        if kind:
            return kind
    words = re.findall(r"[a-z]+", (name[3] + " " + name[2]).lower())
    return types.actor_types.of_words(words) or "organisation"


def _main_union(names: list[tuple], short: dict, types: EventTypes) -> tuple | None:
    """The union a document names most often (at least twice), which its registration and
    de-registration sentences are about when they name none."""
    counts: dict[str, list[tuple]] = {}
    for n in names:
        if n[0] == "ORG":
            entity_id, canonical = short.get(n[1], (n[1], n[2]))
            named = (n[0], entity_id, canonical, *n[3:])
            if _org_type(named, types) == "union":
                counts.setdefault(canonical, []).append(named)
    if not counts:
        return None
    best = max(counts.values(), key=len)
    return best[0] if len(best) > 1 else None


OTHER_INSTANCE_RE = re.compile(r"\b(?:appeals?|appellate|supreme|cassation|higher|high)\b", re.IGNORECASE)
DESCRIPTION_RE = re.compile(r"^(?:the|its|their|this|that)\s", re.IGNORECASE)
DESCRIBED_TYPES = {"union", "employer", "judiciary", "government"}
WORDED_TYPES = {"government"}  # "the Ministry" is the ministry last named, "the government" is no named body


def _resolve_description(event: Event, last_named: dict[str, tuple], types: EventTypes | None = None) -> None:
    """"The union was de-registered": the union last named in the document, when the
    occurrence names no organisation of that kind itself ("the Supreme Court upheld the court's
    decision" names its court)."""
    for role in ("actors", "targets"):
        pairs = getattr(event, role)
        for k, (label, kind) in enumerate(pairs):
            if kind not in DESCRIBED_TYPES or not DESCRIPTION_RE.match(label) or kind not in last_named:
                continue
            if types is not None and any(n[0] == "ORG" and _org_type(n, types) == kind for n in event.names):
                continue
            if kind == "judiciary" and OTHER_INSTANCE_RE.search(label):
                continue  # "the appeal court upheld it": not the court that ruled first
            if any(n[0] == "ORG" and n[3].lower() in label.lower() for n in event.names):
                continue
            named = last_named[kind]
            if kind in WORDED_TYPES and label.split()[-1].lower() not in named[3].lower():
                continue
            pairs[k] = (named[2], kind)
            if named not in event.names:
                event.names.append(named)


# a definite description of a union within an occurrence's clause ("shut down the confederation",
# "ruled that the union be dissolved"), not the law or movement named after unions
UNION_DESCRIPTION_RE = re.compile(
    r"\b(?:the|its|their|this|that)\s+(?:[a-z]+\s+)?(?:union|confederation|federation|syndicate)\b"
    r"(?!['’]?s?\s+(?:laws?|legislation|movement|rights|activit\w*|work)\b)")


def _resolve_union_description(event: Event, text: str, last_named: dict[str, tuple], types: EventTypes) -> None:
    """A union described in the occurrence's own clause is the union last named in the
    document, when the occurrence names no union itself."""
    named = last_named.get("union")
    if named is None or any(n[0] == "ORG" and _org_type(n, types) == "union" for n in event.names):
        return
    start, end = event.predicate.clause
    for m in UNION_DESCRIPTION_RE.finditer(text[start:end]):
        at = start + m.start()
        if not any(s <= at < e for s, e in event.predicate.excluded):
            event.names.append(named)
            return


def _resolve_body_description(event: Event, text: str, last_named: dict[str, tuple]) -> None:
    """"the judge ruled in favour of the Ministry": a government body described in the
    occurrence's own clause by the head noun of the one last named ("the Ministry" for the
    Ministry of Labour), capitalised as a name is, and "the employer" or "the company", when
    the occurrence does not name them."""
    _described_in_clause(event, text, last_named.get("employer"), EMPLOYER_DESCRIPTION_RE)
    named = last_named.get("government")
    if named is None or named in event.names:
        return
    head = re.findall(r"\w+", named[2].split(" of ")[0])
    if not head or not head[-1][0].isupper():
        return
    _described_in_clause(event, text, named, re.compile(rf"\b(?:the|its|their)\s+{re.escape(head[-1])}\b"))


# "the court decided in the employer's favour": the employer last named
EMPLOYER_DESCRIPTION_RE = re.compile(r"\b(?:the|its|their)\s+(?:employer|company|enterprise|firm)(?:['’]s)?\b")


def _described_in_clause(event: Event, text: str, named: tuple | None, description: re.Pattern) -> None:
    if named is None or named in event.names:
        return
    start, end = event.predicate.clause
    for m in description.finditer(text[start:end]):
        at = start + m.start()
        if not any(s <= at < e for s, e in event.predicate.excluded) and \
                not any(n[0] == "ORG" and n[4] <= at + len(m[0]) and n[5] > at and text[n[4]:n[5]] == n[3]
                        for n in event.names):  # a name of this sentence written there, not one resolved from before
            event.names.append(named)
            return


REGISTRATION_REFUSED = "registration_denied"


UNNAMED_AUTHORITY_RE = re.compile(r"\b(?:the|state|local|regional)\s+(?:government|authorities|ministry|registrar|department)\b")


def registering_authority(event: Event, last_named: dict[str, tuple], types: EventTypes, text: str = "") -> None:
    """A registration refused with no authority named in the occurrence ("Their request for
    registration was denied on three occasions") was refused by the government body last named
    in the document (the ministry the union applied to); not when an unnamed one is its actor
    ("the authorities refused") or the sentence describes the authority without naming it
    ("the government accepted another name; however, registration was declined")."""
    named = last_named.get("government")
    if event.rule.name != REGISTRATION_REFUSED or named is None or named in event.names:
        return
    if any(kind in ("government", "judiciary") for _, kind in event.actors):  # "authorities refused": no body named
        return
    if UNNAMED_AUTHORITY_RE.search(text):  # "the government accepted the name; however, registration was declined"
        return
    if any(n[0] == "ORG" and _org_type(n, types) in ("government", "judiciary") for n in event.names):
        return
    event.names.append(named)


FOLDED_COLUMNS = ("people", "organisations", "locations")


def fold_restatements(rows: list[dict]) -> None:
    """A later sentence of a document that re-states an occurrence already reported, with no
    date of its own ("In July 2017, X was convicted. ... The district court sentenced her to
    four years."), is no new occurrence: the names it adds are folded into the first mention of
    the occurrence (same type, a person in common, and the re-statement undated or dated the
    same). The re-stating mention stays, for deduplication to link."""
    for k, later in enumerate(rows):
        own_date = later["date_from"] == "text" and (later["date_text"] or "") in later["evidence"]  # not taken from before
        if own_date or not later["people"] or later["event_type"] in ("other", "statement"):
            continue
        for first in rows[:k]:
            if first["event_type"] == later["event_type"] and first["date_from"] == "text" and \
                    set(first["people"]) & set(later["people"]):
                roles = set(later["actors"]) | set(later["targets"])
                for column in FOLDED_COLUMNS:  # its participants and places, not who reports it
                    folded = {n for n in later[column] if column == "locations" or n in roles}
                    first[column] = sorted(set(first[column]) | folded)
                break


COUNTED_TYPES = {"activists", "journalists"}  # kinds of people a page goes on to name
COUNTED_AHEAD = 6  # sentences


def counted_people(event: Event, together: list[tuple], later: list[list[tuple]]) -> list[tuple]:
    """"Police arrested two union leaders": the two people last named together, else the
    first of the next sentences that names exactly that many people."""
    count = event.n_people
    if not count or count < 2 or not any(kind in COUNTED_TYPES for _, kind in event.targets):
        return []
    if len(together) == count:
        return list(together)
    return next((list(group) for group in later[:COUNTED_AHEAD] if len(group) == count), [])
