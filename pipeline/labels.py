"""Entity labels that generalise: checks on a name's shape that hold on any text.

The recogniser reads people as organisations and back, and Title-Case headlines or glued words
give it names that are no one's ("Dana Omarova Sentenced", "Aktauupheld"). Before a name is
resolved it is (1) split where a known verb is glued to it, (2) stripped of trailing words that
are verbs or participles in headline casing, or written lower-case in the document's body,
(3) dropped when it is a modifier ("state-owned"), and (4) labelled by cues: an organisation
word or legal form makes an organisation; two to four capitalised tokens starting with a known
first name, with no such cue, make a person; one CamelCase token of several humps or an acronym
is not a person. The cues are data (``config/labels.toml``); the first names are the lists of
Faker's person providers for the configured locales (``pipeline/given_names.py``; about 20,000
spellings, Cyrillic names romanised), read from the installed package, so nothing is downloaded,
plus the file's own short list of Central Asian names, which no Faker locale has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import given_names, settings
from .configfile import read_toml

TOKEN_RE = re.compile(r"\S+")
CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*$")
FUNCTION_WORDS = {"of", "for", "and", "the", "on", "in", "at", "to", "de", "del", "la", "ng", "des", "du", "van", "von"}
HUMPS = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


class LabelConfigError(ValueError):
    """``config/labels.toml`` is not as documented; the message names the entry."""


@dataclass(frozen=True)
class LabelRules:
    organisation_words: frozenset[str]
    legal_forms: frozenset[str]
    headline_verbs: frozenset[str]
    modifier_suffixes: frozenset[str]
    name_locales: tuple[str, ...]  # Faker locales of the first-name lexicon
    extra_first_names: frozenset[str]  # names no locale lists, as written


def load_label_rules(path: Path, extra_verbs: frozenset[str] = frozenset()) -> LabelRules:
    """The cues of a labels file, validated; ``extra_verbs`` adds headline verbs beyond the file's."""
    data = read_toml(path, "labels", LabelConfigError)

    def words(table: str, key: str) -> frozenset[str]:
        value = data.get(table, {}).get(key)
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
            raise LabelConfigError(f"{path}: [{table}] {key} must be a non-empty list of words")
        return frozenset(w.strip().lower() for w in value)

    words("first_names", "locales")  # a non-empty list of words
    locales = tuple(dict.fromkeys(w.strip() for w in data["first_names"]["locales"]))  # as written: "en_GB"
    wrong = [loc for loc in locales if not given_names.LOCALE_RE.match(loc)]
    if wrong:
        raise LabelConfigError(f"{path}: [first_names] locales: {wrong[0]!r} is not a Faker locale like 'en_GB'")
    extra = data.get("first_names", {}).get("extra", [])
    if not isinstance(extra, list) or not all(isinstance(w, str) and w.strip() for w in extra):
        raise LabelConfigError(f"{path}: [first_names] extra must be a list of names")
    return LabelRules(
        organisation_words=words("organisation", "words"),
        legal_forms=words("organisation", "legal_forms"),
        headline_verbs=words("headline", "verbs") | extra_verbs,
        modifier_suffixes=words("modifier", "suffixes"),
        name_locales=locales,
        extra_first_names=frozenset(w.strip() for w in extra),
    )


@lru_cache(maxsize=1)
def label_rules() -> LabelRules:
    """The configured cues."""
    path = settings.LABELS_FILE
    if not path.exists():
        path = Path(__file__).resolve().parent.parent / "config" / "labels.toml"
    return load_label_rules(path)


def first_names() -> frozenset[str]:
    """Given names (lower case) of the configured Faker locales and the file's own list."""
    rules = label_rules()
    return _lexicon(rules.name_locales, rules.extra_first_names)


@lru_cache(maxsize=4)
def _lexicon(locales: tuple[str, ...], extra: frozenset[str]) -> frozenset[str]:
    try:
        return given_names.build_lexicon(locales, sorted(extra))
    except given_names.LexiconError as exc:
        raise LabelConfigError(f"{settings.LABELS_FILE}: [first_names] locales: {exc}") from None


def is_first_name(word: str) -> bool:
    word = word.strip(".,;:'’\"").lower()
    return word in first_names() or (("-" in word) and all(part in first_names() for part in word.split("-") if part))


def _plain(token: str) -> str:
    return token.strip("\"“”‘’'()[],;:").lower()


def _legal(token: str) -> str:
    return token.replace(".", "").strip("\"“”‘’'()[],;:").lower()


@lru_cache(maxsize=4)
def _glue_verbs(verbs: frozenset[str]) -> tuple[tuple[int, frozenset[str]], ...]:
    """The headline verbs ``split_glued`` looks for at a word's end, by length, longest first."""
    lengths = sorted({len(v) for v in verbs if len(v) >= 5}, reverse=True)
    return tuple((n, frozenset(v for v in verbs if len(v) == n)) for n in lengths)


def split_glued(name: str, rules: LabelRules | None = None) -> str:
    """"Aktauupheld" -> "Aktau upheld", "Dana OmarovaSentenced" -> "Dana Omarova Sentenced": a
    known verb glued to the end of a capitalised word is split off, at a case change or not.
    Kept per name, rules and first-name rules (a pure function of them: a refresh's resolver
    asks the same names of every cached document again)."""
    return _split_glued(name, rules or label_rules(), label_rules())


@lru_cache(maxsize=1 << 16)
def _split_glued(name: str, rules: LabelRules, names: LabelRules) -> str:
    """``split_glued``; ``names`` are the rules ``is_first_name`` reads (part of the key only)."""
    out = []
    for token in name.split():
        if is_first_name(token):  # "Berthold" is a name, not "Bert" + "hold"
            out.append(token)
            continue
        lower = token.lower()
        for length, verbs in _glue_verbs(rules.headline_verbs):  # longest first; one verb of a length can end it
            if lower[-length:] not in verbs:
                continue
            stem = token[:-length]
            if len(stem) >= 3 and stem[0].isupper() and stem[-1].isalpha():
                out += [stem, token[len(stem):]]
                break
        else:
            out.append(token)
    return " ".join(out)


def strip_trailing_verbs(name: str, body_lower: frozenset[str] = frozenset(), rules: LabelRules | None = None) -> str:
    """A headline's subject without the verbs that follow it: trailing words that are verbs by
    meaning, participles in -ed that are no first name, or words the body writes in lower case."""
    rules = rules or label_rules()
    tokens = name.split()
    while len(tokens) > 1 and _plain(tokens[-2]) not in FUNCTION_WORDS:  # "Court of Appeal" is a name
        last = _plain(tokens[-1])
        verb_like = last in rules.headline_verbs or (last.endswith("ed") and len(last) >= 5 and not is_first_name(last))
        if verb_like or last in body_lower:
            tokens.pop()
        else:
            break
    return " ".join(tokens)


def has_organisation_cue(name: str, rules: LabelRules | None = None) -> bool:
    rules = rules or label_rules()
    tokens = name.split()
    return any(_plain(t) in rules.organisation_words for t in tokens) or any(
        _legal(t) in rules.legal_forms for t in tokens if len(_legal(t)) >= 2)


def looks_like_person(name: str) -> bool:
    """Two to four capitalised tokens, the first a known first name, none an acronym."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or not all(CAPITALISED.match(t) for t in tokens):
        return False
    if any(len(t) > 1 and t.replace("-", "").isupper() for t in tokens):
        return False
    return is_first_name(tokens[0])


def not_a_person(name: str) -> bool:
    """One token that is an acronym ("KNPRK") or a CamelCase compound of several humps ("PetroKazGas")."""
    tokens = name.split()
    if len(tokens) != 1:
        return False
    token = tokens[0].strip(".,;:'’\"")
    return (len(token) >= 3 and token.isupper() and token.isalpha()) or len(HUMPS.findall(token)) >= 2


@dataclass(frozen=True)
class Checked:
    name: str
    label: str
    reason: str = ""  # what was changed, for the log


def check_label(name: str, label: str, body_lower: frozenset[str] = frozenset(), rules: LabelRules | None = None) -> Checked | None:
    """The name and label the checks give a PERSON or ORG name (other labels pass as they are);
    None when what is left is no name. ``body_lower``: words the document's body writes in
    lower case (``lowercase_words``), when known."""
    if label not in ("PERSON", "ORG"):  # a place keeps its label, but not a glued verb
        plain = " ".join(name.split())
        fixed = split_glued(plain, rules)
        if fixed == plain:
            return Checked(plain, label)
        return Checked(strip_trailing_verbs(fixed, frozenset(), rules), label, "glued verb removed")
    rules = rules or label_rules()
    name = " ".join(name.split())
    last = _plain(name.split()[-1]) if name else ""
    if not last or ("-" in last and last.rsplit("-", 1)[1] in rules.modifier_suffixes):
        return None
    reasons = []
    fixed = strip_trailing_verbs(split_glued(name, rules), body_lower, rules)
    if fixed != name:
        reasons.append("headline words or glued verb removed")
    new_label = label
    if label == "PERSON" and (has_organisation_cue(fixed, rules) or not_a_person(fixed)):
        new_label = "ORG"
    elif label == "ORG" and not has_organisation_cue(fixed, rules) and looks_like_person(fixed) \
            and not any(_plain(t) in body_lower for t in fixed.split()):
        new_label = "PERSON"
    if new_label != label:
        reasons.append(f"{label} read as {new_label}")
    return Checked(fixed, new_label, "; ".join(reasons))


def lone_first_name(name: str) -> bool:
    """A person's name cut to its first name ("Aigerim"), or to a double first name whose
    parts the dictionary may not know ("Nur-Aidar"): the resolver tries it as a surname first."""
    tokens = name.split()
    if len(tokens) != 1 or not CAPITALISED.match(tokens[0]):
        return False
    return is_first_name(tokens[0]) or bool(re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ]+-[A-ZÀ-Þ][a-zà-ÿ]+", tokens[0]))


def lowercase_words(text: str) -> frozenset[str]:
    """Words a text writes in lower case, for ``check_label`` (a headline's "Jailed" is "jailed"
    in the body; a name's words are capitalised there too)."""
    return frozenset(w for w in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+", text or "") if len(w) >= 3)
