"""The first-name lexicon of the label checks, built from the person providers of Faker (MIT).

Faker ships first names per locale as plain lists in its provider modules. Only those modules
are imported (never a ``Faker()`` generator, which loads every provider), and names are read in
the forms an English-language report writes them: lower case, with and without accents
("josé", "jose"), Cyrillic ones in the usual romanisations ("Сергей" -> sergey, sergei), Chinese
and Japanese ones from the romanised lists. The locales are data (``[first_names]`` of
``config/labels.toml``).
"""

from __future__ import annotations

import importlib
import itertools
import re
import unicodedata
from collections.abc import Iterable

NAME_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
              "first_names_unisex", "first_romanized_names", "first_romanized_names_male",
              "first_romanized_names_female")
CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
APOSTROPHES = "'’‘ʼ`´"
NAME_RE = re.compile(rf"^[^\W\d_](?:[^\W\d_]|[-{APOSTROPHES}](?=[^\W\d_]))+$")
# letters that Unicode decomposition does not reduce to ASCII
APOSTROPHE_FREE = str.maketrans("", "", APOSTROPHES)
FOLD = str.maketrans({"ı": "i", "ə": "a", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})

# Cyrillic: each letter's spellings in English-language reports, most usual first
CYRILLIC = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "ґ": ("g",), "д": ("d",), "е": ("e",),
    "ё": ("e", "yo"), "є": ("ye", "ie"), "ж": ("zh",), "з": ("z",), "и": ("i",), "і": ("i",),
    "ї": ("yi", "i"), "й": ("y", "i"), "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",),
    "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u",), "ф": ("f",),
    "х": ("kh", "h"), "ц": ("ts",), "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch"), "ъ": ("",),
    "ы": ("y",), "ь": ("",), "э": ("e",), "ю": ("yu", "iu"), "я": ("ya", "ia"),
    "ѓ": ("gj",), "ќ": ("kj",), "љ": ("lj",), "њ": ("nj",), "џ": ("dzh", "dž"), "ѕ": ("dz",), "ј": ("j",),
}
# per language: letters read otherwise than in Russian
CYRILLIC_BY_LANGUAGE = {
    "uk": {"г": ("h", "g"), "и": ("y", "i"), "е": ("e",), "й": ("i", "y")},
    "bg": {"ъ": ("a",), "щ": ("sht",), "ц": ("ts",)},
    "mk": {"џ": ("dž", "dzh")},
}
# word endings romanised several ways ("Дмитрий": Dmitriy, Dmitry, Dmitrii; "Сергей": Sergey, Sergei)
CYRILLIC_ENDINGS = {"ий": ("iy", "y", "ii", "i"), "ей": ("ey", "ei"), "ай": ("ay", "ai"), "ой": ("oy", "oi")}
MAX_SPELLINGS = 32


class LexiconError(ValueError):
    """A configured locale has no Faker person provider; the message names it."""


def romanise_cyrillic(name: str, language: str = "ru") -> list[str]:
    """The usual Latin spellings of a Cyrillic name, lower case, at most ``MAX_SPELLINGS``."""
    word = name.lower()
    table = {**CYRILLIC, **CYRILLIC_BY_LANGUAGE.get(language, {})}
    ending: tuple[str, ...] = ("",)
    for end, spellings in CYRILLIC_ENDINGS.items():
        if word.endswith(end) and len(word) > len(end) + 1:
            word, ending = word[: -len(end)], spellings
            break
    options = []
    for i, char in enumerate(word):
        if char not in table:
            return []  # a letter of no Cyrillic table: no guess
        spellings = table[char]
        if char == "е" and language != "uk" and (i == 0 or word[i - 1] in "аеёиоуыэюяьъ"):
            spellings = ("ye", "e")  # "Евгений": Yevgeny, Evgeny
        options.append(spellings)
    out = []
    for combo in itertools.islice(itertools.product(*options, ending), MAX_SPELLINGS * 4):
        spelled = "".join(combo)
        out.append(spelled)
        if "ks" in spelled:  # "Александр": Aleksandr, Alexandr
            out.append(spelled.replace("ks", "x"))
    return list(dict.fromkeys(s for s in out if s))[:MAX_SPELLINGS]


def ascii_fold(word: str) -> str:
    """"josé" -> "jose", "şəhriyar" -> "sahriyar"; the letters of other scripts are left as they are."""
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_cyrillic(text: str) -> bool:
    return not text.isascii() and CYRILLIC_RE.search(text) is not None


def spellings(name: str, language: str) -> set[str]:
    """The lower-case forms of one listed name under which a text may write it."""
    name = name.strip().strip(".").strip()
    if not name.isascii():
        name = unicodedata.normalize("NFC", name)
    if not NAME_RE.match(name):
        return set()  # "N˜zamett˜n", "Mary Ann", "J.": no single given name
    lower = name.lower() if not name.startswith("İ") else "i" + name[1:].lower()
    if lower.isascii():
        forms = {lower}
    elif _is_cyrillic(lower):
        return set(romanise_cyrillic(lower, language))
    elif all(c.isascii() or c in APOSTROPHES or unicodedata.name(c, "").startswith("LATIN") for c in lower):
        forms = {lower, ascii_fold(lower)}
    else:
        return set()  # another script, no romanisation in the list
    if any(a in lower for a in APOSTROPHES):
        forms |= {f.translate(APOSTROPHE_FREE) for f in forms}  # "Ulug‘bek", "Ulugbek"
    return {f for f in forms if len(f) >= 2}


def provider_names(locale: str) -> list[str]:
    """Every first name the person provider of ``locale`` lists (raises LexiconError when Faker has none)."""
    if not LOCALE_RE.match(locale):
        raise LexiconError(f"{locale!r} is not a locale name like 'en_GB'")
    try:
        module = importlib.import_module(f"faker.providers.person.{locale}")
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("faker.providers.person"):
            raise
        raise LexiconError(f"Faker has no person provider for locale {locale!r}") from None
    names: list[str] = []
    for attr in NAME_LISTS:
        value = getattr(module.Provider, attr, None)
        if isinstance(value, (list, tuple, dict)):  # an OrderedDict of name -> weight counts its keys
            names += [n for n in value if isinstance(n, str)]
    return names


def build_lexicon(locales: Iterable[str], extra: Iterable[str] = ()) -> frozenset[str]:
    """The lower-case first names of the given Faker locales, plus ``extra`` names."""
    listed: set[tuple[str, str]] = set()  # (name, language), the language only where it matters
    for locale in locales:
        language = locale.split("_")[0]
        listed |= {(n, language if _is_cyrillic(n) else "") for n in provider_names(locale)}
    listed |= {(n, "ru" if _is_cyrillic(n) else "") for n in extra}
    lexicon: set[str] = set()
    for name, language in listed:
        lexicon |= spellings(name, language)
    return frozenset(lexicon)
