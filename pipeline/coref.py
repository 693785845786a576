"""Participants of a mention completed from its own page: "He was sentenced on Wednesday".

A report names a person once and then says "he", "she", "the two leaders" or "the activist".
Extraction gives such a sentence no people, so it shares no name with another publisher's report
of the same occurrence. This rule-based resolver gives a mention that names no person the people
of the nearest earlier mention of the same document when its sentence refers back to someone
(a personal pronoun or a definite description of a person), and an organisation the same way
("the union", "the court"). It never invents a name: antecedents are the page's own mentions.

Only deduplication reads the result (blocking and features); the mentions table keeps the names
extraction found in the sentence itself.
"""

from __future__ import annotations

import re
from collections import defaultdict

# words that refer back to one person named earlier
PERSON_ANAPHORS = re.compile(
    r"\b(he|she|him|his|her|hers"
    r"|the (leader|chairman|chairwoman|chair|activist|unionist|journalist|lawyer|defendant|worker|blogger|reporter|correspondent))\b",
    re.IGNORECASE,
)
# words that refer back to several people named together earlier ("Oleg Sato and Anna Kim ... they"):
# never to one person, since "they" and "their" of a report are far more often the workers, the
# unions or the authorities than the one person named before
GROUP_ANAPHORS = re.compile(
    r"\b(they|them|their|both|the (two|three|four|five|six|[0-9]+) (leaders|activists|men|women|workers|unionists|journalists)"
    r"|the (leaders|chairmen|activists|unionists|journalists|lawyers|defendants|bloggers|reporters|correspondents))\b",
    re.IGNORECASE,
)
# words that refer back to an organisation named earlier
ORGANISATION_ANAPHORS = re.compile(r"\b(the (union|federation|confederation|organisation|organization|association|company|court))\b", re.IGNORECASE)
# the kind of organisation each description may stand for (by a word of its name)
_ORG_HEADS = {
    "union": ("union", "federation", "confederation"),
    "federation": ("federation",),
    "confederation": ("confederation",),
    "organisation": ("",),
    "organization": ("",),
    "association": ("association",),
    "company": ("company", "llp", "jsc", "ltd", "group", "corporation"),
    "court": ("court",),
}


def _org_antecedent(description: str, earlier: list[list[str]]) -> list[str]:
    heads = _ORG_HEADS.get(description.lower().split()[-1], ("",))
    for names in reversed(earlier):
        for name in names:
            if any(h in name.lower() for h in heads):
                return [name]
    return []


def _refers_back(evidence: str, antecedent: list[str]) -> bool:
    """A sentence that names no person refers to the people named last: "he" or "the activist"
    to one person, "they" or "the two leaders" to several named together."""
    anaphors = PERSON_ANAPHORS if len(antecedent) == 1 else GROUP_ANAPHORS
    return bool(anaphors.search(evidence))


def complete_participants(rows: list[dict]) -> list[dict[str, list[str]]]:
    """Per row (in the order given, which is each document's text order): the people and
    organisations it names, plus those resolved from earlier mentions of its document.
    Returns ``{"people": [...], "organisations": [...], "resolved": bool}`` per row, to be read
    only: a row's own lists when nothing was added to them (not a copy of each: a million
    mentions' copies and dictionaries were some 400 MB), and one dictionary for the rows that
    hold the same two lists."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_doc[row["doc_id"]].append(i)
    out: list[dict] = [{} for _ in rows]
    unchanged: dict[tuple[int, int], dict] = {}  # by the two lists' identities (each held by its row)
    for members in by_doc.values():
        people_seen: list[list[str]] = []
        orgs_seen: list[list[str]] = []
        for i in members:
            row = rows[i]
            people, orgs = _as_list(row["people"]), _as_list(row["organisations"])
            evidence = row.get("evidence") or ""
            resolved = False
            if not people and people_seen and _refers_back(evidence, people_seen[-1]):
                people, resolved = list(people_seen[-1]), True
            match = ORGANISATION_ANAPHORS.search(evidence)
            if match and orgs_seen:
                extra = [o for o in _org_antecedent(match.group(1), orgs_seen) if o not in orgs]
                if extra:
                    orgs, resolved = orgs + extra, True
            if len(row["people"]):
                people_seen.append(_as_list(row["people"]))
            if len(row["organisations"]):
                orgs_seen.append(_as_list(row["organisations"]))
            if resolved or people is not row["people"] or orgs is not row["organisations"]:
                out[i] = {"people": people, "organisations": orgs, "resolved": resolved}
            else:
                out[i] = unchanged.setdefault((id(people), id(orgs)), {"people": people, "organisations": orgs, "resolved": False})
    return out


def _as_list(names) -> list[str]:
    """A cell of names as a list: the cell itself when it is one (read only), else a new list."""
    return names if type(names) is list else list(names)
