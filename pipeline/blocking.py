"""Candidate pairs that need no shared name, each block bounded and counted.

``dedup.candidate_pairs`` pairs mentions that name the same actor or place. Reports of one
occurrence often share no name: one names the victims, another only "police", a third says "he".
The blocks here propose those pairs, still never all pairs:

- ``coref``: the same person or organisation once "he", "the union" is resolved in its page
  (``coref.complete_participants``);
- ``type_date``: the same (or a related) event type in the same year, with dates read in the text (a day, a
  month) that overlap; a sweep over the sorted ranges pairs only overlapping ones;
- ``place_type``: the same place (or the country, when no narrower place is named) and type,
  with compatible dates;
- ``words``: a shared rare word of the sentence (the trigger's object: "couriers", "massacre",
  "hunger"), rare meaning in at most ``max_word_share`` of the run's mentions;
- ``role``: the same type and the same kind of actor or target ("police" opened fire on
  "workers"; "security forces" shot "strikers"), with compatible dates;
- ``unnamed``: two reports of one type that name no one at all, with compatible dates (dated by
  publication too: "some 8,000 people remain in detention");
- ``count``: the same target group or counted victims, where extraction provides them;
- ``link``: an index entry or a teaser and the mention of the page it links to (``documents.link``)
  that it reports (of its type, sharing most words), one report.

A block larger than ``max_block`` members is split by year; a year still too large by a finer key
(``split_block``: the month, then the day) into parts paired in full up to twice the window
(``max_neighbours``) each, and a day still too large (an index page's hundreds of entries of one
day) is paired by a sorted window: never all pairs, never skipped. A mention thus meets a bounded
number of others per block whatever the corpus size. The sizes of every kind are returned for the
run summary.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from .pair_blocks import PairBlocks, PairCollector

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# function words and the vocabulary of every report: never a block
STOPWORDS = frozenset(
    """about above after again against also among amid been before being below between both
    could does doing down during each even ever every from further have having here into itself
    just least like more most much must near never once only other over same should since some
    such than that their theirs them then there these they this those through under until upon
    very want were what when where which while whom whose will with within without would your
    said says told according reported report reports news year years month months week weeks
    today yesterday january february march april june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday including people well""".split()
)
# actor types that say nothing about a participant's kind: no evidence of the same role
GENERIC_ROLES = frozenset({"person", "organisation"})
# kinds of target that one publisher and another give the same crowd ("striking workers",
# "protesters", "residents"): one kind for telling targets apart
ONE_CROWD = {"workers": "crowd", "protesters": "crowd", "civilians": "crowd"}
COUNT_COLUMNS = ("targets", "target_groups", "killed", "injured", "arrested", "detained", "count", "counts")


@dataclass
class BlockStats:
    """How many blocks of one kind, their largest size, the pairs they proposed; how many were
    too large for their key and split by a finer one (``split``), and how many parts were still
    too large and paired by a sorted window (``windowed``); how many pairs of such blocks were
    among neither mention's nearest (``beyond_nearest``, ``PairBlocks.nearest``: not scored).
    ``skipped`` stays 0: no block is."""

    blocks: int = 0
    largest: int = 0
    pairs: int = 0
    skipped: int = 0
    split: int = 0
    windowed: int = 0
    beyond_nearest: int = 0  # pairs of blocks beyond their bound left out: among neither mention's nearest
    members: list[int] = field(default_factory=list, repr=False)


def sweep_overlaps(members: list[int], ranges: list[tuple[int, int] | None], tolerance: int):
    """Pairs of members whose date ranges overlap (undated members are not paired here)."""
    dated = sorted((m for m in members if ranges[m] is not None), key=lambda m: ranges[m][0])
    active: list[int] = []
    for m in dated:
        start = ranges[m][0] - tolerance
        active = [a for a in active if ranges[a][1] + tolerance >= start]
        for a in active:
            yield a, m
        active.append(m)


def content_words(text: str) -> set[str]:
    return {w for w in (x.lower() for x in WORD.findall(text or "")) if w not in STOPWORDS}


def sentence_words(rows):
    """Each mention's ``content_words`` (``mention_rows.WordSets``: numbers into one list of the
    run's words, not a set of strings per mention), made once for the rare-word block and the
    pair features."""
    from .mention_rows import WordSets

    return WordSets(content_words(r.get("evidence") or "") for r in rows)


def rare_words(rows: list[dict], max_share: float, per_mention: int, words: list[set[str]] | None = None) -> list[set[str]]:
    """Each mention's rarest content words that at least one other mention shares (``words``:
    their ``sentence_words`` when made already)."""
    words = sentence_words(rows) if words is None else words
    frequency: dict[str, int] = defaultdict(int)
    for ws in words:
        for w in ws:
            frequency[w] += 1
    limit = max(3, int(max_share * len(rows)))
    out = []
    for ws in words:
        shared = sorted((w for w in ws if 2 <= frequency[w] <= limit), key=lambda w: (frequency[w], w))
        out.append(set(shared[:per_mention]))
    return out


def listed(value) -> list[str]:
    """A cell of an optional column as strings: a list, one value, or nothing when missing."""
    if value is None or isinstance(value, (str, bytes)):
        return [value] if value else []
    try:
        return [str(v) for v in value if v is not None and not (isinstance(v, float) and math.isnan(v))]
    except TypeError:  # a scalar: a count, or a missing value (NaN, pd.NA)
        try:
            missing = bool(value != value) or str(value) in ("<NA>", "NaT")
        except TypeError:
            missing = True
        return [] if missing else [str(value)]


def roles(row: dict) -> set[str]:
    """The kinds of participant (``actor_types``, ``target_types``) a mention gives, each with
    its side ("actor:security_forces", "target:workers"); generic kinds left out."""
    return {f"{side}:{t}" for side, column in (("actor", "actor_types"), ("target", "target_types"))
            for t in listed(row.get(column)) if t not in GENERIC_ROLES}


def target_kinds(row: dict) -> frozenset[str]:
    """The kinds of those the occurrence was done to (``target_types``: journalists, workers,
    union leaders), generic kinds left out: a journalist beaten is not strikers shot that day."""
    return frozenset(ONE_CROWD.get(t, t) for t in listed(row.get("target_types")) if t not in GENERIC_ROLES)


def type_keys(event_type: str, related: frozenset[frozenset[str]]) -> list[str]:
    """The type's own block key and one per related pair ("protest+strike"), which both types of
    the pair share and no other type does."""
    return [event_type] + sorted("+".join(sorted(pair)) for pair in related if event_type in pair and len(pair) == 2)


def _year(ranges: list[tuple[int, int] | None], m: int) -> int:
    r = ranges[m]
    return -1 if r is None else r[0] // 365


def _month(r: tuple[int, int]):
    """The month of a range's middle; ranges wider than two months (a year) share one key."""
    if r[1] - r[0] > 62:
        return "wide"
    middle = date.fromordinal(max(1, min((r[0] + r[1]) // 2, date.max.toordinal())))
    return middle.year, middle.month


def _day_key(r: tuple[int, int]) -> int:
    return (r[0] + r[1]) // 2


FINER_KEYS = (_month, _day_key)


def split_block(members: list[int], ranges: list[tuple[int, int] | None], bound: int) -> tuple[list[list[int]], list[list[int]]]:
    """An oversize block (of one year) as parts of at most ``bound`` members, by ever finer
    keys of the date (``FINER_KEYS``: the month, then the day); and the parts that are still too
    large after the finest key (one day's hundreds of entries), to be paired by ``window_pairs``.
    Undated members are left out: they pair with nothing in a date sweep."""
    full: list[list[int]] = []
    crowded: list[list[int]] = []
    todo = [([m for m in members if ranges[m] is not None], 0)]
    while todo:
        part, level = todo.pop()
        if len(part) < 2:
            continue
        if len(part) <= bound:
            full.append(part)
        elif level == len(FINER_KEYS):
            crowded.append(part)
        else:
            by_key: dict = defaultdict(list)
            for m in part:
                by_key[FINER_KEYS[level](ranges[m])].append(m)
            todo.extend((p, level + 1) for p in by_key.values())
    full.sort(key=min)
    crowded.sort(key=min)
    return full, crowded


def window_pairs(members: list[int], ranges: list[tuple[int, int] | None], tolerance: int, window: int,
                 texts: list[str] | None = None):
    """Sorted neighbourhood: members sorted by date range (ties by ``texts``, so that like
    sentences of one day stand together), each paired with the ``window`` before it whose ranges
    overlap; at most ``window`` pairs per member, whatever the size."""
    tie = texts or [""] * len(ranges)
    dated = sorted((m for m in members if ranges[m] is not None), key=lambda m: (*ranges[m], tie[m], m))
    for position, m in enumerate(dated):
        start = ranges[m][0] - tolerance
        for a in dated[max(0, position - window):position]:
            if ranges[a][1] + tolerance >= start:
                yield a, m


def extra_pairs(
    rows: list[dict],
    ranges: list[tuple[int, int] | None],
    text_ranges: list[tuple[int, int] | None],
    participants: list[dict],
    places: list[set[str]],
    countries: list[set[str]],
    links: dict[str, str],
    tolerance: int,
    max_block: int,
    max_word_share: float,
    words_per_mention: int,
    related: frozenset[frozenset[str]] = frozenset(),
    window: int = 25,
    words: list[set[str]] | None = None,
) -> tuple[PairBlocks, dict[str, BlockStats]]:
    """Pairs (i < j) proposed by the blocks above (``PairBlocks``: the kinds of each pair), and per
    kind the sizes of its blocks.
    ``text_ranges`` are the ranges of mentions dated by their own text (else None); a block by
    type also meets the ``related`` types (a strike reported as a protest). A part too large
    even for the day is paired by a sorted ``window``."""
    keyed: dict[tuple, list[int]] = defaultdict(list)
    resolved = {n for p in participants if p.get("resolved") for n in set(p["people"]) | set(p["organisations"])}
    for i, row in enumerate(rows):
        part = participants[i]
        for name in (set(part["people"]) | set(part["organisations"])) & resolved:  # a name "he" stood for
            keyed[("coref", name)].append(i)
        for kind in type_keys(row["event_type"], related):
            if text_ranges[i] is not None:
                keyed[("type_date", kind)].append(i)
            for place in places[i] or countries[i]:
                keyed[("place_type", place, kind)].append(i)
            for role in roles(row):  # "police" and "security forces" opened fire on "workers", "strikers"
                keyed[("role", role, kind)].append(i)
            if not (part["people"] or part["organisations"]):  # reports that name no one: the type and dates
                keyed[("unnamed", kind)].append(i)
        for col in COUNT_COLUMNS:
            for value in listed(row.get(col)):
                keyed[("count", col, value.lower())].append(i)
    for i, ws in enumerate(rare_words(rows, max_word_share, words_per_mention, words)):
        for w in ws:
            keyed[("words", w)].append(i)
    collected = PairCollector(len(rows))  # codes, not a dictionary entry and a set per pair
    stats: dict[str, BlockStats] = defaultdict(BlockStats)
    texts = None  # the sentences, for the order of a sorted window
    for key, members in keyed.items():
        kind = key[0]
        if len(members) < 2:
            continue
        use = text_ranges if kind == "type_date" else ranges
        parts = [members]
        crowded: list[list[int]] = []
        if len(members) > max_block:  # split by year; a year still too crowded by a finer key
            by_year: dict[int, list[int]] = defaultdict(list)
            for m in members:
                by_year[_year(use, m)].append(m)
            parts = []
            for part in by_year.values():
                if len(part) > max_block:
                    stats[kind].split += 1
                    finer, too_many = split_block(part, use, min(max_block, 2 * window))
                    parts += finer
                    crowded += too_many
                else:
                    parts.append(part)
        found = [sweep_overlaps(part, use, tolerance) for part in parts if len(part) >= 2]
        if crowded and texts is None:
            texts = [(r.get("evidence") or "").lower() for r in rows]
        found += [window_pairs(part, use, tolerance, window, texts) for part in crowded]
        stats[kind].blocks += sum(len(part) >= 2 for part in parts) + len(crowded)
        stats[kind].windowed += len(crowded)
        stats[kind].largest = max([stats[kind].largest] + [len(part) for part in parts if len(part) >= 2])
        collected.add(kind, chain.from_iterable(found), bounded=len(members) > max_block)
    by_url: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_url[row.get("url") or ""].append(i)
    linked: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        target = links.get(row["doc_id"])
        if target:
            linked[target].append(i)
    for target, members in linked.items():
        pages = [m for m in by_url.get(target, []) if rows[m]["doc_id"] not in {rows[x]["doc_id"] for x in members}]
        if not pages:
            continue
        stats["link"].blocks += 1
        stats["link"].largest = max(stats["link"].largest, len(members) + len(pages))
        chosen = (_linked_mention(a, pages, rows) for a in members)
        collected.add("link", ((min(a, b), max(a, b)) for a, b in zip(members, chosen) if b is not None))
    pairs = collected.blocks()
    for kind, proposed in pairs.counts().items():  # each kind's distinct pairs
        stats[kind].pairs = proposed
    return pairs, dict(stats)


def _linked_mention(entry: int, pages: list[int], rows: list[dict]) -> int | None:
    """The one mention of the linked page that an index entry or teaser (``entry``) reports: of
    its type, sharing most of its words (the page's first such mention on a tie). A page about
    several strikes tells each of them; its teaser is one report of one, not of all of them."""
    kind = rows[entry]["event_type"]
    same_type = [b for b in pages if rows[b]["event_type"] == kind]
    if not same_type:
        return None
    words = content_words(rows[entry].get("evidence") or "")

    def shared(b: int) -> tuple[float, int]:
        other = content_words(rows[b].get("evidence") or "")
        union = words | other
        return (len(words & other) / len(union) if union else 0.0, -b)

    return max(same_type, key=shared)
