"""Reporters: every source's publisher and the media, agencies and NGOs listed in
``config/reporters.toml``. A reporter tells of events and is an actor only of its own
statements, so extraction leaves it out of the people and organisations of the events it
reports (``without_reporters``) and deduplication does not count it as a shared actor
(``reporter_names``)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import settings
from .entities import name_key

DEFAULT_FILE = settings.REPORTERS_FILE
KINDS = ("media", "agency", "ngo", "union", "intergovernmental")


class Reporter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str = Field(min_length=1)
    kind: Literal["media", "agency", "ngo", "union", "intergovernmental"]
    aliases: tuple[str, ...] = ()
    note: str = ""


class ReportersError(ValueError):
    """An unusable reporters file; the message names the file and the entry."""


def load_reporters(path: Path = DEFAULT_FILE) -> tuple[Reporter, ...]:
    """The listed reporters, validated; ReportersError naming the file and entry otherwise."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReportersError(f"{path}: cannot be read as TOML ({' '.join(str(exc).split())})") from None
    reporters = []
    for number, entry in enumerate(data.get("reporters", [])):
        if isinstance(entry, dict) and isinstance(entry.get("aliases"), list):
            entry = {**entry, "aliases": tuple(entry["aliases"])}
        try:
            reporters.append(Reporter.model_validate(entry))
        except ValidationError as exc:
            name = entry.get("name", "?") if isinstance(entry, dict) else "?"
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
            raise ReportersError(f"{path}: reporter {name!r} (reporters[{number}]): {problems}") from None
    return tuple(reporters)


def reporter_names(publishers: list[str] | tuple[str, ...] = (), path: Path | None = DEFAULT_FILE) -> frozenset[str]:
    """Every name a reporter goes by: the sources' publishers and the listed reporters with
    their aliases, as ``name_key`` keys (case and a leading 'the' ignored)."""
    names = {name_key(p) for p in publishers if p and p.strip()}
    for reporter in (load_reporters(path) if path is not None else ()):
        names |= {name_key(n) for n in (reporter.name, *reporter.aliases)}
    return frozenset(n for n in names if n)


def is_reporter(name: str, reporters: frozenset[str]) -> bool:
    """Whether a name (canonical or as written, possessive allowed) is a reporter's."""
    return name_key(re.sub(r"[’']s$", "", name)) in reporters


def without_reporters(names: list[tuple], reporters: frozenset[str], own_statement: bool = False,
                      arguments: list[str] | tuple[str, ...] = ()) -> list[tuple]:
    """The names of a mention less the reporters among its organisations: a reporter stays
    only in its own statement (``own_statement``) or when it is one of the occurrence's
    ``arguments`` (the texts of its actors and targets: "a Reuters correspondent was
    detained"). ``names``: (group, entity_id, canonical, surface, ...) as extraction has them."""
    if own_statement:
        return list(names)
    return [n for n in names
            if n[0] != "ORG" or not (is_reporter(n[2], reporters) or is_reporter(n[3], reporters))
            or any(n[3] in a or n[2] in a for a in arguments)]
