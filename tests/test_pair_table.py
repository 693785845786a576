"""``pairs.parquet`` made from the scored arrays (``pair_table.PairTable``) is the table
``dedup.pair_table`` builds whole: the same rows, columns, values and file, whether read whole,
a few rows at a time (the review queue) or written one row group at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from pipeline.dedup import PAIR_COLUMNS, PAIR_KEYS, deduplicate, load_dedup_config, pair_table, score_candidates
from pipeline.extract import load_event_types
from pipeline.pair_table import PairTable, PendingPairs
from pipeline.tables import write_parquet_file

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_dedup_config(ROOT / "config" / "dedup.toml")


def _generated(n: int):
    from benchmarks.dedup_scaling import synthetic_mentions

    return synthetic_mentions(n)


def _table(n: int = 1500):
    rows = _generated(n).to_dict("records")
    scored = score_candidates(rows, CONFIG, keep=PAIR_KEYS)
    keys = list(zip(scored.scored.i.tolist(), scored.scored.j.tolist()))
    decided = {keys[k]: ("same", "different", "unsure")[k % 3] for k in range(len(keys) // 2, len(keys), len(keys) // 7)}
    whole = pair_table(rows, scored.scored, scored.blocks, decided)
    return rows, scored, decided, whole, PairTable(rows, scored.scored, scored.blocks, decided, PAIR_COLUMNS)


def test_the_table_from_the_arrays_is_the_whole_table_in_every_way(tmp_path):
    rows, scored, decided, whole, table = _table()
    assert len(table) == len(whole) > 5000 and whole["decision"].notna().sum() == len(decided)
    pd.testing.assert_frame_equal(table.frame(), whole)
    some = np.array([3, 0, len(whole) - 1, 17])
    pd.testing.assert_frame_equal(table.frame(some), whole.iloc[some])
    pending = table.positions("review", undecided=True)
    expected = whole[(whole["outcome"] == "review") & whole["decision"].isna()]
    assert len(pending) and pd.Index(pending).equals(expected.index)
    assert len(table.positions("same")) == (whole["outcome"] == "same").sum()

    once, groups = tmp_path / "once.parquet", tmp_path / "groups.parquet"
    write_parquet_file(whole, once, "9")
    table.write(groups, "9", rows_per_group=1000)  # the decisions only in later groups: typed from them
    assert pq.ParquetFile(groups).num_row_groups == -(-len(whole) // 1000)
    assert pq.read_schema(groups).equals(pq.read_schema(once), check_metadata=True)
    pd.testing.assert_frame_equal(pd.read_parquet(groups), pd.read_parquet(once))


def test_the_row_groups_validation_made_are_the_ones_written_and_then_let_go(tmp_path):
    import pickle

    rows, scored, decided, whole, table = _table()
    checked = list(table.groups())  # as the schema check reads them before the write
    assert sum(len(part) for part in checked) == len(whole) and table._kept
    assert not pickle.loads(pickle.dumps(table))._kept  # a kept result never carries them
    table.write(tmp_path / "after.parquet", "9")
    assert not table._kept
    fresh = PairTable(rows, scored.scored, scored.blocks, decided, PAIR_COLUMNS)
    fresh.write(tmp_path / "alone.parquet", "9")
    assert (tmp_path / "after.parquet").read_bytes() == (tmp_path / "alone.parquet").read_bytes()
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "after.parquet"), pd.read_parquet(tmp_path / "alone.parquet"))


def test_a_table_without_decisions_or_pairs_writes_as_the_whole_one(tmp_path):
    rows, scored, _, _, _ = _table(400)
    for decided in ({}, {(0, 1): "same"}):  # a decision on a pair no block proposed: not in the table
        table = PairTable(rows, scored.scored, scored.blocks, decided, PAIR_COLUMNS)
        whole = pair_table(rows, scored.scored, scored.blocks, decided)
        write_parquet_file(whole, tmp_path / "once.parquet", "9")
        table.write(tmp_path / "groups.parquet", "9", rows_per_group=333)
        assert pq.read_schema(tmp_path / "groups.parquet").equals(pq.read_schema(tmp_path / "once.parquet"), check_metadata=True)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "groups.parquet"), pd.read_parquet(tmp_path / "once.parquet"))


def test_a_dedup_result_makes_its_pair_table_and_queue_when_read_and_pickles_their_arrays():
    import pickle

    mentions = _generated(600)
    order = load_event_types(ROOT / "config" / "event_types.toml").names
    first = deduplicate(mentions, {}, CONFIG, {}, order, {}).pairs
    flagged = first[first["outcome"] == "review"]
    decisions = {tuple(sorted((a, b))): {"decision": d} for (a, b), d in
                 zip(zip(flagged["mention_a"], flagged["mention_b"]), ["same", "different", "unsure"])}
    result = deduplicate(mentions, decisions, CONFIG, {}, order, {})
    assert isinstance(result.pair_rows, PairTable) and result.pair_count > 1000  # not made yet
    expected = result.pair_rows.frame()
    assert expected["decision"].notna().sum() == 3
    event = dict(zip(result.mentions["mention_id"], result.mentions["event_id"]))
    queue = expected[(expected["outcome"] == "review") & expected["decision"].isna()]
    queue = queue[[event[a] != event[b] for a, b in zip(queue["mention_a"], queue["mention_b"])]]
    assert len(queue) > 10
    lazy = result.review_queue  # positions: its rows made when read, whole or a column at a time
    assert isinstance(lazy, PendingPairs) and len(lazy) == len(queue)
    by_column = pd.DataFrame({c: lazy[c] for c in queue.columns})
    pd.testing.assert_frame_equal(result.queue, queue.reset_index(drop=True))
    pd.testing.assert_frame_equal(by_column, result.queue)
    kept = pickle.dumps(result)
    copy = pickle.loads(kept)
    assert isinstance(copy.pair_rows, PairTable)  # the arrays, not the text
    assert len(pickle.dumps(result.pair_rows)) < len(pickle.dumps(expected)) / 3
    pd.testing.assert_frame_equal(copy.pairs, expected)
    pd.testing.assert_frame_equal(copy.queue, queue.reset_index(drop=True))
    pd.testing.assert_frame_equal(result.pairs, expected)


def test_a_coded_float_column_reads_back_every_bit():
    from pipeline.scored_pairs import CodedFloats

    rng = np.random.default_rng(5)
    few = np.array([0.0, -0.0, 1.0, 0.25, float("nan"), float("inf"), 1 / 3])[rng.integers(0, 7, 3000)]
    many = rng.random(70_000)  # more than two bytes can number
    for values in (few, many):
        halves = [CodedFloats(values[:1000]), CodedFloats(values[1000:])]
        for coded in (CodedFloats(values), CodedFloats.concat(halves)):
            assert coded.decoded().view(np.int64).tolist() == values.view(np.int64).tolist()
            at = rng.permutation(len(values))[:500]
            assert coded.take(at).view(np.int64).tolist() == values[at].view(np.int64).tolist()
    assert CodedFloats(few).codes.dtype == np.uint8 and CodedFloats(many).codes.dtype == np.uint32


def test_scored_pairs_hold_few_bytes_a_pair_and_words_read_back():
    from pipeline.scored_pairs import CodedWords

    rows, scored, _, whole, _ = _table()
    pairs = scored.scored
    assert pairs.nbytes / len(pairs) <= 60  # positions, coded floats, a byte per outcome and per contribution
    assert isinstance(pairs.kept("outcome"), CodedWords) and pairs.kept("outcome").codes.dtype == np.uint8
    assert pairs.kept("score").codes.dtype == np.uint16 and pairs.i.dtype == np.int32
    assert sorted(pairs.pylist("outcome")) == sorted(whole["outcome"].tolist())
    words = np.array(["same", "review", "different", "review"] * 50, dtype=object)
    halves = CodedWords.concat([CodedWords.of(words[:7]), CodedWords.of(words[7:])])
    assert halves.decoded().tolist() == words.tolist() and np.flatnonzero(halves.where("review")).tolist() == list(range(1, 200, 2))
    assert CodedWords.of(np.array([["a"], ["b"]] + [None], dtype=object)) is None  # not words: kept as they are


def test_the_table_is_validated_hashed_and_described_in_parts_as_the_whole_one(monkeypatch):
    from pipeline import pair_table
    from pipeline.datapackage import build_package
    from pipeline.tables import table_digest
    from pipeline.schema import SchemaViolation, validate_tables

    rows, scored, decided, whole, table = _table(600)
    monkeypatch.setattr(pair_table, "ROWS_PER_GROUP", 700)  # several groups, the decisions in later ones
    assert len(list(table.groups())) > 3 and len(table.duplicated()) == 0
    for side in ("mention_a", "mention_b"):  # what the check of the links reads instead of every part
        assert sorted(table.distinct(side)) == sorted(set(whole[side]))
    assert table.distinct("score") is None
    mentions = pd.DataFrame({"mention_id": [r["mention_id"] for r in rows]})
    validate_tables({"pairs": table, "mentions": mentions}, trusted={"mentions"})  # valid in parts as it is whole
    validate_tables({"pairs": whole, "mentions": mentions}, trusted={"mentions"})
    fewer = mentions.iloc[::2]  # half the mentions gone: links from every group point nowhere
    problems = []
    for pairs in (whole, table):
        try:
            validate_tables({"pairs": pairs, "mentions": fewer}, trusted={"mentions"})
        except SchemaViolation as exc:
            problems.append([str(p) for p in exc.problems])
    assert len(problems) == 2 and problems[0] == problems[1] and len(problems[0]) == 2
    assert table_digest(table) == table_digest(whole) != table_digest(whole.iloc[1:])  # one part each
    assert table_digest(table, 700) == table_digest(whole, 700) != table_digest(table)  # several parts each
    described = [build_package({"pairs": t}, {}, "9", "now")["resources"] for t in (whole, table.typed_head())]
    assert described[0] == described[1]


def test_contributions_past_what_32_bit_offsets_hold_are_read_as_large_strings(monkeypatch):
    from pipeline.pair_engine import Contributions

    mentions = _generated(600)
    order = load_event_types(ROOT / "config" / "event_types.toml").names
    unbounded = deduplicate(mentions, {}, CONFIG, {}, order, {})
    expected, expected_queue = unbounded.pairs, unbounded.queue
    assert len(expected) > 1000 and len(expected_queue) > 10
    # the bound lowered to a few rows' text: the path a million mentions' queue takes past 2 GB
    monkeypatch.setattr(Contributions, "STRING_BYTES_AT_MOST", 10_000)
    monkeypatch.setattr(Contributions, "ROWS_AT_ONCE", 300)
    result = deduplicate(mentions, {}, CONFIG, {}, order, {})
    contributions = result.pair_rows.scored.kept("contributions")
    assert isinstance(contributions, Contributions)
    import pyarrow as arrow

    texts = contributions.take(np.arange(len(contributions)))
    assert texts.type == arrow.large_string() and len(texts) == len(expected)
    pd.testing.assert_frame_equal(result.pairs, expected)
    pd.testing.assert_frame_equal(result.queue, expected_queue)
