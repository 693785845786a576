"""Which of an occurrence's names a mention lists as its participants.

The page's own publisher reports what it tells and takes part only in its own statements ("Human
Rights Watch said" on a Human Rights Watch page, "CPJ" on the Committee to Protect Journalists'
page); an organisation whose name is part of another organisation's name in the same mention
("Northern Copper Company" beside "Northern Copper Company trade union", "NCC" standing for the
company in "the NCC trade union") is only naming that other body.
"""

from __future__ import annotations

import re

from .entities import name_key

OWN_ACT_TYPES = {"statement"}


def acronym(name: str) -> str:
    """The initials of a name's capitalised words ("Committee to Protect Journalists": CPJ)."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w[0].isupper())


def is_publisher(name: tuple, publisher: str | None) -> bool:
    """Whether an organisation name (canonical or as written) is the page's publisher or its
    initials."""
    if not publisher or name[0] != "ORG":
        return False
    own = name_key(publisher)
    initials = acronym(publisher)
    for written in (name[2], name[3]):
        key = name_key(re.sub(r"[’']s$", "", written))
        if key == own or (len(initials) >= 2 and written.strip() == initials) or (key.split() and key.split()[0] == initials.casefold() and len(initials) >= 2):
            return True
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", name_key(text))


def _inside(part: list[str], whole: list[str]) -> bool:
    n = len(part)
    return 0 < n < len(whole) and any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


def listed_names(names: list[tuple], kind: str, publisher: str | None, arguments: list[str] = ()) -> list[tuple]:
    """The names a mention of ``kind`` lists: without the page's publisher (unless the
    occurrence is the publisher's own statement, or the publisher is in one of its
    ``arguments``, the texts of its actors and targets: "an LRM correspondent was fined") and
    without an organisation named only as part of another one's name."""
    if kind not in OWN_ACT_TYPES:
        names = [n for n in names if not is_publisher(n, publisher) or any(n[3] in a for a in arguments)]
    orgs = [_words(n[2]) for n in names if n[0] == "ORG"]
    return [n for n in names if n[0] != "ORG" or not any(_inside(_words(n[2]), whole) for whole in orgs)]
