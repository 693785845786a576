"""Deduplication at scale: a block too large for its key is split by a finer one (the month,
the day) and, a day still too large, paired by a sorted window; never skipped, never paired in
full. Mentions are generated here, not read from the sample."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from pipeline.dedup import deduplicate, load_dedup_config
from pipeline.extract import MENTION_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_dedup_config(ROOT / "config" / "dedup.toml")
WORDS = ("dockers", "couriers", "miners", "teachers", "nurses", "drivers", "welders", "bakers", "cleaners", "weavers",
         "harbour", "depot", "mine", "school", "clinic", "garage", "mill", "bakery", "warehouse", "station")
TYPES = ("arrest", "dismissal", "strike", "violence", "fine")


def mention(k: int, evidence: str, when: str | None, precision: str | None, *, event_type: str = "arrest", people=(),
            places=(), doc: str | None = None) -> dict:
    row = dict.fromkeys(MENTION_COLUMNS)
    row.update(
        mention_id=f"doc_{k:016x}:{k:010x}" if doc is None else f"{doc}:{k:010x}", doc_id=doc or f"doc_{k:016x}",
        evidence=evidence, from_title=False, event_type=event_type, event_date=when, date_precision=precision,
        date_from="text" if when else None, people=list(people), organisations=[], locations=list(places),
        people_text=list(people), organisations_text=[], locations_text=list(places), publisher="Workers' Monitor",
        source="workers-monitor", url=f"https://monitor.example/{doc or k}", published="2016-01-10",
    )
    return row


def sentence(rng: random.Random, k: int) -> str:
    return f"Entry {k}: " + " ".join(rng.sample(WORDS, 6)) + "."


def test_a_type_and_date_block_too_large_for_its_year_is_split_and_still_links_a_duplicate_inside_it():
    """600 reports naming no one, of one type in one year: the type-date block is split by
    month (it was skipped whole before), and two reports of one arrest of the same day still
    meet through it (before, only the shared place paired them) and are one event."""
    rng = random.Random(15)
    start = date(2015, 1, 1)
    rows = [mention(k, sentence(rng, k), (start + timedelta(days=rng.randrange(365))).isoformat(), "day")
            for k in range(600)]
    twin_a = mention(700, "Police detained eleven striking dockers at the harbour gate on 9 June 2015.", "2015-06-09", "day",
                     places=["Port Elm"])
    twin_b = mention(701, "Eleven dockers on strike were detained by police outside the harbour on 9 June 2015.", "2015-06-09", "day",
                     places=["Port Elm"])
    rows += [twin_a, twin_b]
    result = deduplicate(pd.DataFrame(rows, columns=MENTION_COLUMNS), {}, CONFIG)
    stats = result.block_stats["type_date"]
    assert stats.split >= 1 and stats.skipped == 0 and stats.largest <= CONFIG.max_extra_block
    found = result.pairs[(result.pairs["mention_a"].isin([twin_a["mention_id"], twin_b["mention_id"]]))
                         & (result.pairs["mention_b"].isin([twin_a["mention_id"], twin_b["mention_id"]]))]
    assert len(found) == 1 and "type_date" in found.iloc[0]["blocks"], found
    event = dict(zip(result.mentions["mention_id"], result.mentions["event_id"]))
    assert event[twin_a["mention_id"]] == event[twin_b["mention_id"]]


def test_an_index_page_of_5000_entries_gives_a_bounded_number_of_pairs():
    """One document of 5,000 entries, most naming no one, in few places, on few days: every
    block it makes (document, type and date, place and type, unnamed) is far larger than its
    bound. The pairs stay linear in the entries (all pairs would be 12.5 million), no block is
    skipped, the same arrest listed twice still meets its twin, and the page takes seconds."""
    rng = random.Random(5000)
    rows = []
    for k in range(5000):
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(4))  # 1,250 entries a day
        rows.append(mention(k, sentence(rng, k), day.isoformat(), "day", event_type=TYPES[k % len(TYPES)],
                            places=[f"Port {k % 3}"], doc="doc_index"))
    twin_a = mention(5000, "Police detained eleven striking dockers at the harbour gate.", "2016-01-03", "day",
                     places=["Port 0"], doc="doc_index")
    twin_b = mention(5001, "Eleven striking dockers were detained by police at the harbour gate.", "2016-01-03", "day",
                     places=["Port 0"], doc="doc_news")
    rows += [twin_a, twin_b]
    rng.shuffle(rows)
    began = time.monotonic()
    result = deduplicate(pd.DataFrame(rows, columns=MENTION_COLUMNS), {}, CONFIG)
    seconds = time.monotonic() - began
    assert seconds < 60, seconds  # seconds, not minutes (some 10 s on a busy two-core machine)
    n = len(rows)
    stats = result.block_stats
    assert all(s.skipped == 0 for s in stats.values())
    assert stats["type_date"].windowed > 0 and stats["unnamed"].windowed > 0  # one day's entries exceed the bound
    # a split part pairs in full up to twice the window, a windowed one meets its window: each kind
    # of block gives a mention at most 2 * max_neighbours others
    assert len(result.pairs) <= len(stats) * 2 * CONFIG.max_neighbours * n, len(result.pairs)
    assert len(result.pairs) < 100 * n, len(result.pairs)  # what this page gives: under 4% of all pairs
    pairs = {tuple(sorted(p)) for p in zip(result.pairs["mention_a"], result.pairs["mention_b"])}
    assert tuple(sorted((twin_a["mention_id"], twin_b["mention_id"]))) in pairs
