"""Names to canonical entities: the curated alias table first, then transliteration-aware
matching of person names, then a new entity of its own.

Person names from Russian and Kazakh reach English in several spellings (Kushakbaev /
Kushakbayev / Kushakpaev, Eleusinov / Yeleusinov, Sinyavsky / Senyavskii, Dimitri / Dmitry).
A name is reduced to a transliteration skeleton (``skeleton``); a phonetic code of the
surname's skeleton (jellyfish's Soundex) picks candidates, and the decision is made on the
skeletons' edit distance (rapidfuzz) plus first-name compatibility, so two people who merely
share a surname or an initial are never merged.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from . import labels

LABEL_GROUP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
ID_PREFIX = {"PERSON": "per", "ORG": "org", "PLACE": "gpe"}
TITLES = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|mx)\.?\s+", re.IGNORECASE)
GENERIC_NAMES = {
    "court", "government", "ministry", "union", "police", "authorities", "parliament", "president",
    "state", "company", "centenary", "strike", "strikes", "protest", "protests", "rally", "rallies",
}
FUNCTION_WORDS = {"of", "and", "the", "for", "in", "on", "at", "to", "by", "with"}
# words that together describe a kind of body without naming one (an unnamed actor, not an entity)
GENERIC_BODY_WORDS = FUNCTION_WORDS | {
    "court", "courts", "appeal", "appeals", "appellate", "cassation", "supreme", "high", "city", "district",
    "regional", "local", "criminal", "civil", "economic", "administrative", "military", "judge", "office",
    "prosecutor", "prosecutor's", "general", "ministry", "government", "police", "department", "authorities"}
# bodies a country has one of, so that a bare "the Supreme Court" names the document country's
NATIONAL_BODY_RE = re.compile(
    r"^(?:(?:supreme|constitutional)\s+court(?:\s+of\s+(?:justice|cassation))?|(?:ministry|ministers?)\s+of\s+\S.*"
    r"|(?:the\s+)?(?:prosecutor[- ]general'?s?|general\s+prosecutor'?s?)(?:\s+office)?|office\s+of\s+the\s+(?:prosecutor[- ]general|general\s+prosecutor)"
    r"|national\s+assembly|constitutional\s+council|state\s+labou?r\s+inspectorate)$",
    re.IGNORECASE,
)
ABBREVIATION_AFTER = re.compile(r"\s*\([^()]*\)?$")  # a name's own abbreviation in brackets after it
# Generated IDs live in a namespace of their own, ``<prefix>-x-<slug>-<hash>``, which the alias
# table may not use: a new name can never take a curated ID, and the hash of the exact canonical
# name keeps two names apart however alike their slugs ("EU" / "European Union" never share one,
# nor do two names written in Cyrillic).
GENERATED = "x"
SLUG_WORDS = 6  # of the transliterated name, for readability; the hash makes the ID unique
HASH_CHARS = 10
NATIONAL_GROUPS = {"PERSON", "ORG"}  # generated IDs scoped by the document's country (``generated_id``)
# The form of an entity ID, as schema.ENTITY_ID_RE (not imported: schema imports this module
# through extract); tests/test_entity_ids.py checks the two agree.
ENTITY_ID_RE = re.compile(r"^(?:per|org|gpe|loc)-[a-z0-9]+(?:-[a-z0-9]+)*$")
# Russian, Kazakh and Ukrainian Cyrillic to Latin (BGN/PCGN-like, readable rather than reversible).
CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіїєґў",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya a gh q ng o u u h i yi ye g u".split(),
))


LATIN_SCRIPTS = {"LATIN"}


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """The name without titles, a leading 'the', possessives, quotes and stray punctuation
    (kept per name: the resolver cleans the same names many times a document)."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    name = re.sub(r"[’']s$", "", name)
    name = name.strip(" \"“”‘’'()[],.;:")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return TITLES.sub("", name).strip()


def name_key(name: str) -> str:
    return clean_name(name).replace("’", "'").casefold()


# A word with ў (Belarusian) or ї, є, ґ (Ukrainian) reads г as an h (Гаўрыла is Haurila); і alone
# does not tell, as Kazakh writes it too with a g (Бегім), so config/name_variants.csv lists
# such spellings (Igar for Ігар).
H_FOR_G = re.compile(r"[їєўґ]", re.IGNORECASE)
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһ]", re.IGNORECASE)


WORD_RE = re.compile(r"\w+")


def transliterate(text: str) -> str:
    """Cyrillic letters in Latin ones; other characters unchanged (so ASCII text as it is)."""
    if text.isascii():
        return text
    return WORD_RE.sub(lambda m: _transliterate_word(m[0]), text)


def _transliterate_word(word: str) -> str:
    h_for_g = bool(H_FOR_G.search(word)) and not KAZAKH_LETTERS.search(word)
    out = []
    for c in word:
        latin = "h" if h_for_g and c in "гГ" else CYRILLIC.get(c.lower())
        if latin is None and c.isalpha() and not c.isascii() and unicodedata.name(c, "?").split()[0] not in LATIN_SCRIPTS:
            out.append(anyascii(c))  # Greek, Georgian, Armenian, Arabic, Khmer, ...: anyascii's romanisation
        elif latin is None:
            out.append(c)
        elif latin != "_":  # hard and soft signs are not written
            out.append(latin.capitalize() if c.isupper() else latin)
    return "".join(out)


SKELETON_STEPS = tuple((re.compile(pattern), into) for pattern, into in (
    (r"[^a-z]", ""),
    (r"^ye", "e"),
    (r"^(?:yu|iu|ju)", "u"),
    (r"ii(?=[aeou])", "i"),  # Ukrainian Iuliia, Russian Yuliya
    (r"(?<=[bcdfghklmnprstvz])(?:ia|ya|ie|ye)", "e"),  # Belarusian Fiadynich / Fyadynich, Russian Fedynich
    (r"yev$", "ev"),
    (r"(?:iy|ii|yi|ij|y)$", "i"),
))
SKELETON_LETTERS = (("kh", "h"), ("gh", "g"), ("zh", "j"), ("dz", "d"), ("ts", "c"), ("sch", "sh"), ("ph", "f"), ("q", "k"),
                    ("x", "ks"), ("w", "v"), ("y", "i"))
REPEATED_RE = re.compile(r"(.)\1+")


def skeleton(word: str) -> str:
    """A spelling-independent form of a transliterated name part."""
    if word.isascii():  # nothing to transliterate, decompose or strip of accents
        w = word.lower()
    else:
        w = "".join(c for c in unicodedata.normalize("NFKD", transliterate(word)) if not unicodedata.combining(c)).lower()
    for pattern, into in SKELETON_STEPS:
        w = pattern.sub(into, w)
    for a, b in SKELETON_LETTERS:
        w = w.replace(a, b)
    return REPEATED_RE.sub(r"\1", w)


def _close(a: str, b: str) -> bool:
    """Skeletons equal, or one edit apart for names long enough that one edit is a spelling."""
    if a == b:
        return True
    limit = 1 if min(len(a), len(b)) >= 5 else 0
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


@dataclass
class _Person:
    entity_id: str
    canonical: str
    first: str  # skeleton of the first name, "" if unknown
    initial: str
    surname: str  # skeleton of the surname


NAME_VARIANTS_FILE = Path(__file__).resolve().parent.parent / "config" / "name_variants.csv"


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Skeleton of each spelling of a given name -> the skeleton of its line's first spelling
    (``config/name_variants.csv``: Aliaksandr / Alexandr / Aleksandr are one name)."""
    groups: dict[str, str] = {}
    try:
        lines = NAME_VARIANTS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return groups
    for line in lines:
        if line.strip() and not line.startswith("#"):
            spellings = [skeleton(n) for n in line.split("|") if n.strip()]
            for spelling in spellings:
                groups.setdefault(spelling, spellings[0])
    return groups


def given_key(first: str) -> str:
    """The skeleton of a given name, one for all of its listed romanisations."""
    sk = skeleton(first)
    return _given_names().get(sk, sk)


def _person_parts(name: str) -> tuple[str, str, str]:
    parts = [p for p in re.split(r"[\s]+", transliterate(clean_name(name))) if p]
    if not parts:
        return "", "", ""
    surname = skeleton(parts[-1].split("-")[-1])
    if len(parts) == 1:
        return "", "", surname
    first = parts[0]
    initial = first[0].lower()
    return ("" if re.fullmatch(r"[A-Za-z]\.?", first) else given_key(first)), initial, surname


def _first_names_compatible(a: _Person, b: _Person) -> bool:
    if a.first and b.first:
        return _close(a.first, b.first) or a.first.startswith(b.first) or b.first.startswith(a.first)
    if a.initial and b.initial:
        return a.initial == b.initial
    return True


@dataclass
class EntityResolver:
    """Resolves surface names to canonical entities; built from the alias table."""

    aliases: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (group, key) -> (id, canonical)
    by_id: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (canonical, label)
    persons: list[_Person] = field(default_factory=list)
    curated: set[str] = field(default_factory=set)  # ids from the alias table
    country: str = ""  # ISO code of the documents resolved; generic national bodies are named with it
    foreign: set[str] = field(default_factory=set)  # other countries' bodies: known by their canonical name only
    places: set[str] = field(default_factory=set)  # name keys of the country's places.csv: places whatever the model says
    foreign_patterns: set[str] = field(default_factory=set)  # other countries' patterns.jsonl IDs: not applied here
    _blocks: dict[str, list[_Person]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def from_alias_file(cls, path: Path, country: str | None = None) -> "EntityResolver":
        """The resolver of documents of ``country`` (an ISO code; "" for documents of no
        country): the global table ``path`` and that country's table, and of other countries'
        tables only their people and their organisations' and places' canonical names, with
        lower precedence, so no other country's local spellings ("the Supreme Court", "Ministry
        of Labour") ever resolve here. ``country=None``: every table unscoped (tools, tests)."""
        from .knowledge import alias_tables, country_pattern_ids

        resolver = cls(country=country or "")
        tables = alias_tables(Path(path))
        if country is None:
            order = [(code, rows, True) for code, rows in tables]
        else:
            order = [(code, rows, False) for code, rows in tables if code and code != country]
            order += [(code, rows, True) for code, rows in tables if not code or code == country]
        for _, rows, whole in order:
            for row in rows:
                variants = (row.get("variants") or "").split("|")
                if not whole and LABEL_GROUP.get(row["label"], row["label"]) != "PERSON":
                    variants = []
                    resolver.foreign.add(row["id"])
                resolver.add_alias(row["id"], row["canonical"], row["label"], variants)
        if country:
            resolver.places = _country_places(Path(path), country)
        if country is not None:
            own = country_pattern_ids(Path(path)).get(country, set())
            resolver.foreign_patterns = {i for ids in country_pattern_ids(Path(path)).values() for i in ids} - own
        return resolver

    def add_alias(self, entity_id: str, canonical: str, label: str, variants: list[str]) -> None:
        if not ENTITY_ID_RE.match(entity_id) or entity_id.split("-")[1:2] == [GENERATED] and entity_id.count("-") > 1:
            raise ValueError(
                f"alias table: id {entity_id!r} ({canonical!r}) must be a lower-case prefix per-, org-, gpe- or loc- "
                f"and a slug, and may not start with a generated prefix such as 'org-{GENERATED}-'"
            )
        group = LABEL_GROUP.get(label, label)
        self.by_id[entity_id] = (canonical, label)
        self.curated.add(entity_id)
        for name in [canonical, *variants]:
            if name.strip():
                self.aliases[(group, name_key(name))] = (entity_id, canonical)
        if group == "PERSON":
            first, initial, surname = _person_parts(canonical)
            self._add_person(_Person(entity_id, canonical, first, initial, surname))
            for variant in variants:  # spellings listed in the table are known to be this person
                v_first, v_initial, v_surname = _person_parts(variant)
                if v_surname and v_surname != surname:
                    self._add_person(_Person(entity_id, canonical, v_first or first, v_initial or initial, v_surname))

    def _add_person(self, person: _Person) -> None:
        self.persons.append(person)
        self._blocks[jellyfish.soundex(person.surname or "x")].append(person)

    def checkpoint(self) -> tuple[int, int, int]:
        """What the resolver knows, to ``rollback`` to. Resolving only ever adds names, IDs and
        people (never changes one), so the sizes of those tables mark a point in its history."""
        return len(self.aliases), len(self.by_id), len(self.persons)

    def rollback(self, point: tuple[int, int, int]) -> None:
        """Forget what was learnt since ``checkpoint`` (the dicts keep insertion order, and each
        person was appended to one surname block after all earlier ones)."""
        for table, size in ((self.aliases, point[0]), (self.by_id, point[1])):
            for key in list(islice(reversed(table), len(table) - size)):
                del table[key]
        while len(self.persons) > point[2]:
            person = self.persons.pop()
            self._blocks[jellyfish.soundex(person.surname or "x")].pop()

    def learnt_since(self, point: tuple[int, int, int]) -> tuple:
        """What was learnt since ``checkpoint`` gave ``point``, in order (for ``learn``)."""
        return (list(islice(self.aliases.items(), point[0], None)), list(islice(self.by_id.items(), point[1], None)),
                self.persons[point[2]:])

    def learn(self, learnt: tuple) -> None:
        """``learnt_since``'s names, IDs and people taught again, as resolving taught them."""
        aliases, by_id, persons = learnt
        self.aliases.update(aliases)
        self.by_id.update(by_id)
        for person in persons:
            self._add_person(person)

    def digest(self) -> str:
        """SHA-256 of everything the resolver knows, in the order it learnt it."""
        known = (self.country, list(self.aliases.items()), list(self.by_id.items()), self.persons,
                 sorted(self.curated), sorted(self.foreign), sorted(self.places), sorted(self.foreign_patterns))
        return hashlib.sha256(repr(known).encode("utf-8", "surrogatepass")).hexdigest()

    def resolve(self, name: str, label: str, ruler_id: str = "", body_lower: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        """``(entity_id, canonical)`` for a name, creating a new entity when nothing matches;
        None for names that are not entities (generic words). A name the alias table does not
        know goes through the label checks first (``labels.check_label``; ``body_lower``: the
        words the document writes in lower case, when the caller has them)."""
        if LABEL_GROUP.get(label) is None or ruler_id in self.foreign_patterns:
            return None  # a span another country's pattern labelled is that country's knowledge, not this one's
        if ruler_id and ruler_id in self.by_id and (
                ruler_id not in self.foreign or name_key(name) == name_key(self.by_id[ruler_id][0])):
            return ruler_id, self.by_id[ruler_id][0]
        if LABEL_GROUP[label] != "PLACE" and name_key(name) in self.places and (LABEL_GROUP[label], name_key(name)) not in self.aliases:
            label = "GPE"  # a village of the country's places.csv the model took for a person
        name, label = self._checked_label(name, label, body_lower)
        group = LABEL_GROUP.get(label)
        if group is None or not name:
            return None
        key = name_key(name)
        if not key or key in GENERIC_NAMES or not any(c.isupper() for c in clean_name(name)):
            return None
        if key.split()[-1] in FUNCTION_WORDS:  # a name cut short by the recogniser ("the City of")
            return None
        if (group, key) in self.aliases:
            return self.aliases[(group, key)]
        head = name_key(ABBREVIATION_AFTER.sub("", clean_name(name)))  # "Human Rights Watch (HRW)"
        if head != key and (group, head) in self.aliases:
            return self.aliases[(group, head)]
        if group == "ORG" and self.country and (national := self._national_body(clean_name(name))):
            return national
        if group == "ORG" and set(re.findall(r"[\w']+", head)) <= GENERIC_BODY_WORDS:
            return None  # "the Court of Appeal", "the City Court": a kind of body, no name of one
        if group == "PERSON":
            found = self._match_person(name) or self._by_first_name(name)
            if found:
                self.aliases[(group, key)] = found
                return found
        canonical = clean_name(name)
        entity_id = self._new_id(group, canonical)
        self.aliases[(group, key)] = (entity_id, canonical)
        self.by_id[entity_id] = (canonical, "GPE" if group == "PLACE" else group)
        if group == "PERSON":
            first, initial, surname = _person_parts(canonical)
            self._add_person(_Person(entity_id, canonical, first, initial, surname))
        return entity_id, canonical

    def _national_body(self, name: str) -> tuple[str, str] | None:
        """A country's one body of its kind ("the Supreme Court", "Ministry of Labour", "the
        Supreme Court of Cambodia"): that country's curated entry when the alias table has it as
        "<body> of <country>", else an entity named with the country, "Supreme Court (Cambodia)"."""
        from .countries import country_name, country_names

        body = name
        for written in sorted(country_names(self.country), key=len, reverse=True):
            body = re.sub(rf"^{re.escape(written)}(?:'s|’s)\s+|\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?{re.escape(written)}$", "", body,
                          flags=re.IGNORECASE)
        body = body.strip()
        if not NATIONAL_BODY_RE.match(body):
            return None
        written_name = country_name(self.country)
        for spelled in (f"{body} of {written_name}", f"{body} of the Republic of {written_name}", f"{body} ({written_name})"):
            known = self.aliases.get(("ORG", name_key(spelled)))
            if known:
                return known
        canonical = f"{body[0].upper()}{body[1:]} ({written_name})"
        entity_id = self._new_id("ORG", canonical)
        self.aliases[("ORG", name_key(canonical))] = (entity_id, canonical)
        self.by_id[entity_id] = (canonical, "ORG")
        return entity_id, canonical

    def _new_id(self, group: str, canonical: str) -> str:
        """The generated ID of a new canonical name: from the name alone (stable across runs
        and orders), never a curated ID, never another name's (on a hash collision, which a
        10-character hash makes very unlikely, the full hash is used)."""
        entity_id = generated_id(group, canonical, country=self.country)
        if entity_id in self.by_id and self.by_id[entity_id][0] != canonical:
            entity_id = generated_id(group, canonical, hash_chars=40, country=self.country)
        return entity_id

    def short_forms(self, names: list[tuple[str, str, str, str]]) -> dict[str, tuple[str, str]]:
        """Within one document, an organisation written in full and elsewhere shortened ("the
        Central Council of University Solidarity" ... "the Central Council") is one: entity_id
        of a short form not in the alias table -> (entity_id, canonical) of the one full form
        that extends it. ``names``: (group, entity_id, canonical, surface) of the document."""
        orgs = {(entity_id, canonical, clean_name(surface).casefold()) for group, entity_id, canonical, surface in names if group == "ORG"}
        mapping = {}
        for entity_id, _, short in orgs:
            if entity_id in self.curated or not short:
                continue
            full = {(e, c) for e, c, s in orgs if e != entity_id and s.startswith(short + " ")}
            if len(full) == 1:
                mapping[entity_id] = full.pop()
        return mapping

    def _checked_label(self, name: str, label: str, body_lower: frozenset[str]) -> tuple[str, str]:
        """The alias table's label for a name it knows under one label; else the label checks'."""
        key = name_key(name)
        curated = {group for group in ("PERSON", "ORG", "PLACE")
                   if (group, key) in self.aliases and self.aliases[(group, key)][0] in self.curated}
        if len(curated) == 1:
            group = curated.pop()
            return name, label if LABEL_GROUP.get(label) == group else {"PLACE": "GPE"}.get(group, group)
        checked = labels.check_label(name, label, body_lower)
        return (checked.name, checked.label) if checked else ("", label)

    def _by_first_name(self, name: str) -> tuple[str, str] | None:
        """A name cut to its first name is the one known person of that first name."""
        if not labels.lone_first_name(name):
            return None
        first = name.strip().casefold()
        found = {(p.entity_id, p.canonical) for p in self.persons
                 if len(p.canonical.split()) > 1 and p.canonical.split()[0].casefold() == first}
        return found.pop() if len(found) == 1 else None

    def _match_person(self, name: str) -> tuple[str, str] | None:
        first, initial, surname = _person_parts(name)
        if not surname or len(surname) < 3:
            return None
        probe = _Person("", name, first, initial, surname)
        candidates = {
            p.entity_id: p
            for p in self._blocks.get(jellyfish.soundex(surname), [])
            if _close(p.surname, surname) and _first_names_compatible(p, probe)
        }
        if len(candidates) == 1:  # a bare surname shared by two known people stays unresolved
            person = next(iter(candidates.values()))
            return person.entity_id, person.canonical
        parts = clean_name(name).split()
        if not candidates and len(parts) == 2 and first and len(first) >= 3:  # family name first: "Sithar Chhim"
            swapped = {p.entity_id: p for p in self._blocks.get(jellyfish.soundex(skeleton(parts[0]) or "x"), [])
                       if p.surname == skeleton(parts[0]) and p.first == given_key(parts[1])}
            if len(swapped) == 1:
                person = next(iter(swapped.values()))
                return person.entity_id, person.canonical
        return None


def _country_places(aliases_file: Path, country: str) -> set[str]:
    """Name keys of every place a country's ``places.csv`` lists (``country_files``)."""
    from .country_files import PLACES_FILE, read_places_file

    path = aliases_file.parent / "countries" / country / PLACES_FILE
    if not path.is_file():
        return set()
    return {name_key(n) for row in read_places_file(path, None) for n in (row.name, *row.alternates)}


def generated_id(group: str, canonical: str, hash_chars: int = HASH_CHARS, country: str = "") -> str:
    """``per-x-olesya-fisenko-<hash>``: a readable slug of the transliterated name and a hash
    of the exact name (``per-x-<hash>`` when nothing of the name is Latin or Cyrillic).

    A person or organisation found in a document of a country is that country's
    (``per-x-kz-olesya-fisenko-<hash>``, the hash taken over country and name): two people of
    one name in two countries, or two countries' "Supreme Court", never share an ID. Places
    are one place whoever names them, and documents of no country keep the plain form."""
    scope = country.lower() if country and group in NATIONAL_GROUPS else ""
    hashed = f"{country.upper()}\x1f{canonical}" if scope else canonical
    digest = hashlib.sha256(hashed.encode("utf-8", "surrogatepass")).hexdigest()[:hash_chars]
    words = _slug(transliterate(canonical)).split("-")[:SLUG_WORDS]
    slug = "-".join(w for w in words if w != "x")
    return "-".join(part for part in (ID_PREFIX[group], GENERATED, scope, slug, digest) if part)


def curated_id(group: str, canonical: str, taken: set[str]) -> str:
    """A new curated ID for the alias table (a reviewer's merge): ``per-olesya-fisenko``, from
    the transliterated name, outside the generated namespace and unlike every ID in ``taken``
    (``-2``, ``-3``, ... when the slug is already someone's)."""
    words = [w for w in _slug(transliterate(canonical)).split("-") if w != GENERATED][:SLUG_WORDS]
    base = "-".join([ID_PREFIX[group], *(words or ["name"])])
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def entity_table(resolver: EntityResolver, found: list[tuple[str, str]]) -> list[dict]:
    """Rows of the entities table from the (entity_id, surface form) pairs of all mentions."""
    variants: dict[str, Counter] = defaultdict(Counter)
    for entity_id, surface in found:
        variants[entity_id][surface] += 1
    rows = []
    for entity_id, counts in sorted(variants.items()):
        canonical, label = resolver.by_id[entity_id]
        rows.append(
            {
                "entity_id": entity_id,
                "canonical": canonical,
                "label": label,
                "variants": sorted(counts),
                "n_mentions": sum(counts.values()),
            }
        )
    return rows


NAME_COLUMNS = ("people", "organisations", "actors", "targets")  # mention columns that hold canonical names


def separate_namesakes(parts: list[tuple[str, "pd.DataFrame", "pd.DataFrame"]]) -> None:
    """Two countries' entities of one canonical name (two people called Ivan Petrov, each with
    the ID of their own country) are two entities: each is renamed "Ivan Petrov (Belarus)" in
    its own country's extraction, mentions included, so the entities table keeps one row per
    name and label. ``parts``: (country, mentions, entities) of each country, edited in place."""
    from .countries import country_name

    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, _, entities in parts:
        for entity_id, canonical, label in zip(entities["entity_id"], entities["canonical"], entities["label"]):
            owners[(canonical, label)].add(entity_id)
    shared = {key for key, ids in owners.items() if len(ids) > 1}
    if not shared:
        return
    for country, mentions, entities in parts:
        renamed = {}
        for row, canonical, label, entity_id in zip(entities.index, entities["canonical"], entities["label"], entities["entity_id"]):
            if (canonical, label) in shared and country and entity_id.split("-")[1:3] == [GENERATED, country.lower()]:
                renamed[canonical] = f"{canonical} ({country_name(country)})"
                entities.at[row, "canonical"] = renamed[canonical]
        for column in (c for c in NAME_COLUMNS if c in mentions.columns and renamed):
            mentions[column] = [[renamed.get(n, n) for n in names] if isinstance(names, (list, tuple)) else names
                                for names in mentions[column]]
