"""Numbers an event report gives: how many people, how long a sentence, how large a fine.

"Nearly 8,000 people have been detained" -> 8000; "sentenced to seven years" -> 7.0 years;
"an additional five months" -> 0.42; "fined 150,000 tenge" -> 150000.0 KZT. Qualifiers such as
"nearly", "more than" and "at least" are not applied: the number stated is kept.
"""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
CURRENCIES = [  # (pattern, ISO code): a symbol before the amount or a name after it
    (r"US\$|USD|\$", "USD"), (r"€|EUR|euros?", "EUR"), (r"£|GBP|pounds?", "GBP"),
    (r"KZT|₸|tenge", "KZT"), (r"RUB|₽|roubles?|rubles?", "RUB"), (r"dollars?", "USD"),
]
AMOUNT = r"(\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|mln|bn))?"
MONEY_RES = [(re.compile(rf"(?:{c})\s?{AMOUNT}", re.IGNORECASE), code) for c, code in CURRENCIES] + [
    (re.compile(rf"{AMOUNT}\s?(?:{c})\b", re.IGNORECASE), code) for c, code in CURRENCIES]


def number_value(text: str) -> int | None:
    """The integer a number token or word stands for ("8,000", "seventeen"), or None."""
    word = text.lower().strip()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    digits = word.replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    return int(digits) if digits.isdigit() else None


def people_count(doc, head: int) -> int | None:
    """The number of people an argument counts: its head is a number ("killing 16") or has a
    number modifying it ("19 people"), with a scale word ("8 thousand")."""
    token = doc[head]
    numbers = [token] if token.pos_ == "NUM" else [c for c in token.children if c.dep_ == "nummod"]
    for number in numbers:
        value = number_value(number.text)
        if value is None:
            continue
        for c in number.children:
            if c.lower_ in SCALES:
                value *= SCALES[c.lower_]
        return value
    return None


def sentence_years(doc, index: int) -> float | None:
    """The length of a prison or restriction sentence, in years: a number of years or months
    inside the predicate's 'to' phrase (or, for a noun, its 'of' phrase)."""
    token = doc[index]
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("to", "of"):
            continue
        for t in prep.subtree:
            if t.lemma_.lower() in ("year", "month"):
                numbers = [c for c in t.children if c.dep_ == "nummod"]
                value = number_value(numbers[0].text) if numbers else None
                if value is not None:
                    return round(value / (12 if t.lemma_.lower() == "month" else 1), 2)
    return None


def fine_amount(text: str) -> tuple[float, str] | None:
    """The first amount of money in a clause, with its currency code."""
    best = None
    for pattern, code in MONEY_RES:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            amount = float(re.sub(r"[,\s]", "", m[1])) * SCALES.get((m[2] or "").lower(), 1)
            best = (m.start(), amount, code)
    return (best[1], best[2]) if best else None
