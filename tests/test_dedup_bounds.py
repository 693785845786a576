"""Deduplication on hostile input: dates at the calendar's edges, one actor in thousands of
mentions. Mentions are generated here, not read from the sample."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dedup import date_range, deduplicate, load_dedup_config, mention_range
from pipeline.extract import MENTION_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_dedup_config(ROOT / "config" / "dedup.toml")
WORDS = ("strike", "union", "workers", "court", "fine", "oil", "plant", "leader", "police", "protest", "wages", "rally")


def mention(k: int, evidence: str, when: str | None, precision: str | None, *, date_from: str = "text",
            event_type: str = "arrest", people=("Erlan Baltabay",), doc: str | None = None) -> dict:
    row = dict.fromkeys(MENTION_COLUMNS)
    row.update(
        mention_id=f"doc_{k:016x}:{k:010x}", doc_id=doc or f"doc_{k:016x}", evidence=evidence, from_title=False,
        event_type=event_type, event_date=when, date_precision=precision, date_from=date_from if when else None,
        people=list(people), organisations=[], locations=["Almaty"], people_text=list(people), organisations_text=[],
        locations_text=["Almaty"], publisher="ITUC", source="ituc-gri-kazakhstan",
        url=f"https://survey.ituc-csi.org/Kazakhstan.html#e{k}", published=when if precision == "day" else None,
    )
    return row


def test_date_ranges_are_total_at_the_edges_of_the_calendar():
    assert date_range("0001-01-01", "day", "published", CONFIG) == (1 - CONFIG.published_window_days, 1)
    assert date_range("0001", "year", "published", CONFIG)[1] == date(1, 12, 31).toordinal()
    assert date_range("9999-12", "month", "text", CONFIG) == (date(9999, 12, 1).toordinal(), date(9999, 12, 31).toordinal())
    assert date_range("9999-12-31", "day", "text", CONFIG) == (date.max.toordinal(),) * 2
    assert date_range("2024-02", "month", "text", CONFIG)[1] == date(2024, 2, 29).toordinal()
    for nonsense in ("0000-01-01", "abcd", "2021-13", "", None):
        for precision in ("day", "month", "year", None):
            assert date_range(nonsense, precision, "text", CONFIG) is None or nonsense == "2021-13" and precision in ("year", None)
    assert date_range("2021-02-30", "day", "text", CONFIG) is None
    rows = [mention(0, "Baltabay was arrested.", "0001-01-01", "day", date_from="published"),
            mention(1, "Baltabay was arrested again.", "9999-12", "month"),
            mention(2, "Baltabay was arrested once more.", "9999-12-31", "day"),
            mention(3, "Baltabay was fined.", "0001", "year", event_type="fine")]
    assert all(mention_range(r, CONFIG) for r in rows)
    result = deduplicate(pd.DataFrame(rows, columns=MENTION_COLUMNS), {}, CONFIG)
    assert len(result.events) >= 2 and len(result.mentions) == 4


def test_one_actor_in_5000_mentions_gives_a_bounded_number_of_pairs_and_near_duplicates_still_pair():
    """One index page of 5,000 entries about one person in one city over many dates (every
    pair of them shares the actor, most ranges overlap): today's 1.08 million scored pairs
    case. The pairs must stay linear in the mentions, and the same arrest reported twice
    (same day, like sentences; and the same sentence in two entries) must still pair."""
    rng = random.Random(7)
    rows = []
    start = date(2000, 1, 1)
    for k in range(5000):
        words = " ".join(rng.choice(WORDS) for _ in range(2))  # templated entries: near-identical sentences
        if k % 3 == 0:  # a third dated by year only, a third by publication: wide overlapping ranges
            when, precision, origin = str(2000 + k % 20), "year", "text"
        elif k % 3 == 1:
            when, precision, origin = (start + timedelta(days=k)).isoformat(), "day", "published"
        else:
            when, precision, origin = (start + timedelta(days=k)).isoformat(), "day", "text"
        rows.append(mention(k, f"Erlan Baltabay was arrested in Almaty for organising a strike of the oil workers at the plant, "
                               f"the union said: {words}.", when, precision, date_from=origin))
    twin_a = mention(5000, "Police detained union leader Erlan Baltabay at the oil plant in Almaty on 3 March 2010.", "2010-03-03", "day")
    twin_b = mention(5001, "Union leader Erlan Baltabay was detained by police at the oil plant in Almaty on 3 March 2010.", "2010-03-03", "day")
    copy_a = mention(5002, "The court fined the union 5 million tenge for the strike at the copper plant.", "2012-06-01", "day",
                     event_type="fine", people=(), doc="doc_copy_a")
    copy_b = mention(5003, "The court fined the union 5 million tenge for the strike at the copper plant.", "2012-06-01", "day",
                     event_type="fine", people=(), doc="doc_copy_b")
    rows += [twin_a, twin_b, copy_a, copy_b]
    rows += [mention(6000 + k, f"Erlan Baltabay was questioned by the police, undated report {k}.", None, None) for k in range(50)]
    rng.shuffle(rows)
    began = time.monotonic()
    result = deduplicate(pd.DataFrame(rows, columns=MENTION_COLUMNS), {}, CONFIG)
    seconds = time.monotonic() - began
    n = len(rows)
    assert len(result.pairs) <= 2 * CONFIG.max_neighbours * n, len(result.pairs)  # linear, not n²/2 = 12.5 million
    pairs = {tuple(sorted(p)) for p in zip(result.pairs["mention_a"], result.pairs["mention_b"])}
    for a, b in ((twin_a, twin_b), (copy_a, copy_b)):
        key = tuple(sorted((a["mention_id"], b["mention_id"])))
        assert key in pairs, key
    event = dict(zip(result.mentions["mention_id"], result.mentions["event_id"]))
    assert event[twin_a["mention_id"]] == event[twin_b["mention_id"]]
    assert event[copy_a["mention_id"]] == event[copy_b["mention_id"]]
    assert "actor Erlan Baltabay" in result.capped and result.capped["actor Erlan Baltabay"] == 5052
    warning = [w for w in result.warnings if "Erlan Baltabay" in w]
    assert warning and "5052 mentions" in warning[0]
    undated = {m for m in result.mentions["mention_id"] if m.startswith("doc_00000000000017")}
    assert undated and all(any(m in p for p in pairs) for m in undated)  # undated mentions still meet some
    print(f"{len(result.pairs)} pairs scored for {n} mentions in {seconds:.1f} s")


def _edited_config(tmp_path, old: str, new: str):
    """The shipped dedup config with one line changed, written in ``tmp_path``."""
    text = (ROOT / "config" / "dedup.toml").read_text(encoding="utf-8")
    assert old in text
    edited = tmp_path / "dedup.toml"
    edited.write_text(text.replace(old, new), encoding="utf-8")
    return edited


def test_the_block_bounds_are_checked_on_load(tmp_path):
    bad = _edited_config(tmp_path, "max_neighbours = 25", "max_neighbours = 0")
    with pytest.raises(ValueError, match=r"\[blocking\] max_neighbours must be a whole number of at least 1, not 0"):
        load_dedup_config(bad)


def test_the_nearest_cap_bounds_the_pairs_of_oversize_blocks_and_leaves_the_rest_alone():
    """``[blocking] nearest_bounded``: of the pairs only blocks beyond their bound propose, each
    mention keeps its nearest; where no block passes its bound the run is the uncapped run."""
    from dataclasses import replace

    from benchmarks.dedup_scaling import synthetic_mentions
    from pipeline.dedup import score_candidates
    from pipeline.mention_rows import MentionRows

    frame = synthetic_mentions(3000)
    uncapped = replace(CONFIG, nearest_bounded=0)
    rows = MentionRows(frame)
    every, capped = score_candidates(rows, uncapped), score_candidates(rows, CONFIG)
    assert sum(s.beyond_nearest for s in capped.block_stats.values()) > 0
    kept, within = set(capped.blocks), {p for p, free in zip(every.blocks, every.blocks.free.tolist()) if free}
    assert within < kept < set(every.blocks)  # only pairs of oversize blocks alone are left out
    assert sum(s.pairs for s in capped.block_stats.values()) < sum(s.pairs for s in every.block_stats.values())
    for pair in list(capped.blocks)[::50]:  # a kept pair scores as it did
        assert capped.scored[pair] == every.scored[pair] and capped.blocks[pair] == every.blocks[pair]
    roomy = replace(CONFIG, max_block=10**6, max_extra_block=10**6)  # no block beyond its bound
    small = frame.iloc[:400].reset_index(drop=True)
    one, other = deduplicate(small, {}, roomy), deduplicate(small, {}, replace(roomy, nearest_bounded=0))
    assert not any(s.beyond_nearest for s in one.block_stats.values())
    for name in ("events", "mentions", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(other, name), obj=name)


def test_the_nearest_cap_is_checked_on_load(tmp_path):
    bad = _edited_config(tmp_path, "nearest_bounded = 25", "nearest_bounded = -3")
    with pytest.raises(ValueError, match=r"nearest_bounded must be an integer between 0 and 100000, got -3"):
        load_dedup_config(bad)
    assert load_dedup_config(ROOT / "config" / "dedup.toml").nearest_bounded == 25
