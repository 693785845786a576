"""The fast scoring path (``pair_scoring``: facts once per mention) gives every pair exactly
the features, probability, contributions and outcome of the one-pair-at-a-time functions
(``dedup.score_pair``, ``pair_features.model_features``, ``pair_rules.apply_model``).
Mentions are generated here: names, places (broad ones, datelines), reporters, roles, counts,
triggers with cues of a later stage or a reaction, dates of every precision and origin."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dedup import deduplicate, load_dedup_config, score_candidates
from pipeline.extract import MENTION_COLUMNS, load_event_types

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_dedup_config(ROOT / "config" / "dedup.toml")
TYPES = load_event_types(ROOT / "config" / "event_types.toml").names
PEOPLE = ["Erlan Baltabay", "Larisa Kharkova", "Amin Eleusinov", "Nurbek Kushakbaev"]
ORGS = ["Oil Workers Union", "International Trade Union Confederation", "City Court", "Human Rights Watch"]
PLACES = ["Almaty", "Zhanaozen", "Kazakhstan", "Atyrau", "Shymkent"]
TRIGGERS = ["arrested", "fined", "sentenced", "condemned", "dismissed", "upheld", None]
PHRASES = ["was arrested again", "was fined by the court", "the union condemned the verdict", "upheld the sentence",
           "workers went on strike", "police detained the leaders", "marked the anniversary of the massacre"]
DATES = [("2021-03-05", "day"), ("2021-03-06", "day"), ("2021-03-09", "day"), ("2021-03", "month"), ("2021", "year"),
         ("2020-12-31", "day"), (None, None)]


@st.composite
def mentions(draw) -> pd.DataFrame:
    n = draw(st.integers(2, 14))
    rows = []
    for k in range(n):
        when, precision = draw(st.sampled_from(DATES))
        context = draw(st.sampled_from(DATES))
        places = draw(st.lists(st.sampled_from(PLACES), max_size=2, unique=True))
        dateline = f"{places[0].upper()} -- " if places and draw(st.booleans()) else ""
        evidence = dateline + " ".join(draw(st.lists(st.sampled_from(PEOPLE + PHRASES + PLACES), min_size=1, max_size=5)))
        doc = draw(st.integers(0, 3))
        row = dict.fromkeys(MENTION_COLUMNS)
        row.update(
            mention_id=f"doc_{doc:016x}:{k:010x}", doc_id=f"doc_{doc:016x}", evidence=evidence, from_title=draw(st.booleans()),
            event_type=draw(st.sampled_from(TYPES[:6] + ["statement", "strike", "protest"])), event_date=when,
            date_precision=precision, date_from=draw(st.sampled_from(["text", "published"])) if when else None,
            context_date=context[0], context_precision=context[1], context_from=draw(st.sampled_from(["previous", "body", None])),
            people=draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)),
            organisations=draw(st.lists(st.sampled_from(ORGS), max_size=2, unique=True)), locations=places,
            trigger=draw(st.sampled_from(TRIGGERS)), n_people=draw(st.sampled_from([None, 2, 3, 14, 16])),
            actor_types=draw(st.lists(st.sampled_from(["security_forces", "court", "person"]), max_size=2)),
            target_types=draw(st.lists(st.sampled_from(["workers", "journalist", "organisation"]), max_size=2)),
            publisher=draw(st.sampled_from(["ITUC", "Human Rights Watch", "Eurasianet"])),
            url=f"https://example.test/{doc}", published="2021-03-10",
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def _same_scores(rows: list[dict], config=CONFIG) -> None:
    fast = score_candidates(rows, config)
    slow = score_candidates(rows, config, one_at_a_time=True)
    assert list(fast.scored) == list(slow.scored)  # the same pairs in the same order (ties keep it)
    for key, pair in slow.scored.items():
        assert fast.scored[key] == pair, key  # every feature, probability, contribution, outcome, to the bit


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mentions(), st.booleans())
def test_the_fast_path_scores_every_pair_as_the_reference_does(frame, with_model):
    config = CONFIG if with_model else load_dedup_config(ROOT / "config" / "dedup.toml", with_model=False)
    _same_scores(frame.to_dict("records"), config)


def test_the_fast_path_agrees_on_the_benchmarks_synthetic_mentions():
    from benchmarks.dedup_scaling import synthetic_mentions

    frame = synthetic_mentions(400)
    rows = frame.to_dict("records")
    _same_scores(rows)
    assert CONFIG.model is not None and len(score_candidates(rows, CONFIG).scored) > 500  # pairs were scored
    result = deduplicate(frame, {}, CONFIG, {}, TYPES, {})
    assert len(result.pairs) > 500 and result.pairs["contributions"].notna().all()


def _pairs_from_records(rows, scored, blocks, decided) -> pd.DataFrame:
    """The pair table as it was built before, one dictionary per pair: the reference."""
    from pipeline.dedup import PAIR_COLUMNS

    records = [{"mention_a": rows[i]["mention_id"], "mention_b": rows[j]["mention_id"],
                **{k: pair[k] for k in PAIR_COLUMNS if k in pair}, "blocks": sorted(blocks[(i, j)]),
                "decision": decided.get((i, j))}
               for (i, j), pair in sorted(scored.items(), key=lambda kv: -kv[1]["score"])]
    return pd.DataFrame(records, columns=PAIR_COLUMNS)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mentions(), st.booleans())
def test_the_pair_table_is_the_one_built_from_records(frame, with_model):
    from pipeline.dedup import PAIR_KEYS, pair_table

    config = CONFIG if with_model else load_dedup_config(ROOT / "config" / "dedup.toml", with_model=False)
    rows = frame.to_dict("records")
    full = score_candidates(rows, config, one_at_a_time=True)
    slim = score_candidates(rows, config, keep=PAIR_KEYS)
    decided = {key: "same" for key in list(full.scored)[:1]}
    expected = _pairs_from_records(rows, full.scored, full.blocks, decided)
    pd.testing.assert_frame_equal(pair_table(rows, slim.scored, slim.blocks, decided), expected)
    assert all(set(pair) <= PAIR_KEYS for pair in slim.scored.values())


def test_near_identical_sentences_pair_alike_in_every_process():
    """More near-identical sentences than ``max_neighbours``: the ones kept do not depend on the
    order of a set of strings, which changes from one process to the next (PYTHONHASHSEED)."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import dataclasses, json, sys\n"
        "from pathlib import Path\n"
        "from pipeline.dedup import _similar_text, load_dedup_config\n"
        "config = dataclasses.replace(load_dedup_config(Path('config/dedup.toml'), with_model=False), max_neighbours=3)\n"
        "words = 'the oil workers union leader was detained by police in the city after the strike at the plant'.split()\n"
        "rows = [{'evidence': ' '.join(words[:k % 5] + words + [f'w{k}'])} for k in range(40)]\n"
        "pairs, capped = _similar_text(rows, config)\n"
        "print(json.dumps([pairs, capped]))\n"
    )
    runs = []
    for seed in ("1", "2", "3"):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        runs.append(json.loads(out.stdout))
    assert runs[0][1] > 0  # sentences had more candidates than the cap
    assert runs[0] == runs[1] == runs[2]


RARE_WORDS_IN_A_PROCESS = """
import math
from pipeline.pair_features import _weighted_jaccard
words = [f"w{i}" for i in range(400)]
idf = {w: math.log(1 + 1000 / (1 + i * 7 % 97)) for i, w in enumerate(words)}
print(repr(_weighted_jaccard(set(words[:300]), set(words[100:]), idf)))
"""


def test_rare_words_is_the_same_number_whatever_the_hash_seed():
    """The rare-words overlap sums weights over sets of words, whose order follows the hash seed:
    the value must not change in its last bit from one run to the next."""
    from hash_seeds import outputs_per_hash_seed

    values = outputs_per_hash_seed(RARE_WORDS_IN_A_PROCESS, ("1", "2", "3", "4", "5"))
    assert len(values) == 1 and 0 < float(next(iter(values))) < 1


def _similar_text_by_datasketch(rows: list[dict], config) -> tuple[list[tuple[int, int]], int]:
    """Near-identical sentences as they were found before ``near_text``: one datasketch MinHash
    and one LSH insert and query per sentence (the reference)."""
    from collections import defaultdict

    import numpy as np
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=config.minhash_threshold, num_perm=config.minhash_permutations)
    n = config.shingle_words
    first_of: dict[str, int] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    hashes = []
    empty = MinHash(num_perm=config.minhash_permutations, seed=7)
    for i, row in enumerate(rows):
        words = row["evidence"].lower().split()
        text = " ".join(words)
        if text in first_of:
            copies[first_of[text]].append(i)
            continue
        first_of[text] = i
        copies[i].append(i)
        shingles = {" ".join(words[k : k + n]).encode() for k in range(max(1, len(words) - n + 1))}
        minhash = empty.copy()
        minhash.update_batch(list(shingles))
        lsh.insert(str(i), minhash)
        hashes.append((i, minhash))
    cap = config.max_neighbours
    pairs: set[tuple[int, int]] = set()
    capped = 0
    for group in copies.values():
        for k, i in enumerate(group):
            pairs.update((i, j) for j in group[k + 1 : k + 1 + cap])
        capped += len(group) > cap + 1
    matrix = np.array([m.hashvalues for _, m in hashes]) if hashes else None
    position = {i: k for k, (i, _) in enumerate(hashes)}
    for i, minhash in hashes:
        found = sorted(j for j in map(int, lsh.query(minhash)) if j != i)
        if len(found) > cap:
            capped += 1
            similarity = (matrix[[position[j] for j in found]] == minhash.hashvalues).mean(axis=1)
            found = [found[k] for k in np.argsort(-similarity, kind="stable")[:cap]]
        for j in found:
            if len(copies[i]) * len(copies[j]) <= cap:
                pairs.update((min(a, b), max(a, b)) for a in copies[i] for b in copies[j])
            else:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs), capped


SENTENCE_WORDS = ("the oil workers union leader was detained by police in the city after the strike at the plant "
                  "court fined dismissed teachers nurses miners").split()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(SENTENCE_WORDS), min_size=0, max_size=14), min_size=1, max_size=60),
       st.sampled_from([2, 3, 25]), st.sampled_from([(0.6, 64), (0.5, 128), (0.8, 64)]))
def test_near_identical_sentences_are_the_ones_datasketch_finds(sentences, cap, lsh):
    """``near_text`` (all signatures at once, buckets by sorting) gives datasketch's pairs and
    capped count: templated sentences, repeated ones, empty ones, more candidates than the cap."""
    import dataclasses

    from pipeline.dedup import _similar_text

    config = dataclasses.replace(CONFIG, max_neighbours=cap, minhash_threshold=lsh[0], minhash_permutations=lsh[1])
    base = SENTENCE_WORDS[:12]
    rows = [{"evidence": " ".join(base[: len(ws) % 6] + ws if k % 2 else ws)} for k, ws in enumerate(sentences)]
    assert _similar_text(rows, config) == _similar_text_by_datasketch(rows, config)


def test_the_minhash_signatures_and_bands_are_datasketchs():
    from datasketch import MinHash
    from datasketch.lsh import _optimal_param

    from pipeline.near_text import BANDS, signatures

    shingles = [[b"oil workers union", b"workers union leader"], [b""], [b"a b c"] * 3]
    ours = signatures(shingles, 64)
    for row, values in zip(ours, shingles):
        theirs = MinHash(num_perm=64, seed=7)
        theirs.update_batch(values)
        assert row.tolist() == theirs.hashvalues.tolist()
    for threshold, num_perm in [(0.6, 64), (0.8, 64)]:
        assert BANDS[(threshold, num_perm)] == _optimal_param(threshold, num_perm, 0.5, 0.5)


def _both_engines(frame: pd.DataFrame, monkeypatch, config=CONFIG, decisions=None):
    """The whole of ``deduplicate`` with the columnar engine and with the per-pair one."""
    import pipeline.pair_scoring as scoring

    fast = deduplicate(frame, decisions or {}, config, {}, TYPES, {})
    with monkeypatch.context() as patch:
        patch.setattr(scoring, "score_all", scoring.score_one_by_one)
        slow = deduplicate(frame, decisions or {}, config, {}, TYPES, {})
    for name in ("events", "mentions", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), obj=name)
    assert (fast.applied, fast.stale, fast.conflicts, fast.capped) == (slow.applied, slow.stale, slow.conflicts, slow.capped)
    return fast


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mentions(), st.booleans())
def test_a_whole_dedup_is_the_same_with_pairs_kept_as_columns(monkeypatch, frame, with_model):
    """Events, mentions, pairs and the review queue, with a reviewer's decision on one pair."""
    config = CONFIG if with_model else load_dedup_config(ROOT / "config" / "dedup.toml", with_model=False)
    ids = sorted(frame["mention_id"])
    decisions = {(ids[0], ids[1]): {"decision": "different"}} if len(ids) > 1 else {}
    _both_engines(frame, monkeypatch, config, decisions)


def test_a_whole_dedup_of_the_benchmarks_mentions_is_the_same_with_pairs_kept_as_columns(monkeypatch):
    from benchmarks.dedup_scaling import synthetic_mentions

    result = _both_engines(synthetic_mentions(600), monkeypatch)
    assert len(result.pairs) > 1000 and (result.pairs["outcome"] == "same").any()


BLANKS = {"people": [], "organisations": [], "locations": [], "actor_types": [], "target_types": [], "trigger": None,
          "n_people": float("nan"), "event_date": None, "date_precision": None, "date_from": None, "context_date": None,
          "evidence": "", "publisher": None, "from_title": None}


@st.composite
def sparse_mentions(draw) -> pd.DataFrame:
    """Generated mentions with fields left empty or missing: no names, no places, no roles, no
    date, no trigger, a count that is NaN, an empty sentence, no publisher."""
    frame = draw(mentions())
    rows = frame.to_dict("records")
    for row in rows:
        for name in draw(st.lists(st.sampled_from(sorted(BLANKS)), max_size=6, unique=True)):
            row[name] = BLANKS[name]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_mentions(), st.booleans())
def test_the_fast_path_agrees_on_empty_sets_and_missing_dates(frame, with_model):
    config = CONFIG if with_model else load_dedup_config(ROOT / "config" / "dedup.toml", with_model=False)
    _same_scores(frame.to_dict("records"), config)


def test_one_mention_and_no_mention_score_no_pair(monkeypatch):
    from benchmarks.dedup_scaling import synthetic_mentions

    one = synthetic_mentions(1)
    assert score_candidates(one.to_dict("records"), CONFIG).scored == {}
    result = _both_engines(one, monkeypatch)
    from pipeline.dedup import PAIR_COLUMNS

    assert len(result.events) == 1 and result.pairs.empty and list(result.pairs.columns) == PAIR_COLUMNS
    none = deduplicate(one.iloc[:0], {}, CONFIG, {}, TYPES, {})
    assert none.events.empty and none.pairs.empty


def test_a_feature_without_a_column_is_computed_pair_by_pair(monkeypatch):
    """The registry's fallback: a feature ``pair_arrays`` has no entry for (as a newly added one)
    is taken from the per-pair functions, with the same values."""
    from benchmarks.dedup_scaling import synthetic_mentions
    from pipeline import pair_arrays

    rows = synthetic_mentions(150).to_dict("records")
    reference = score_candidates(rows, CONFIG, one_at_a_time=True).scored
    monkeypatch.delitem(pair_arrays.MODEL, "same_role")
    monkeypatch.delitem(pair_arrays.BASE, "headline")
    fast = score_candidates(rows, CONFIG).scored
    assert len(reference) > 100 and fast == reference


def test_rounding_and_the_logistic_by_column_are_pythons_to_the_bit():
    """``pair_arrays.rounded`` is ``round(x, 4)`` (halves, ties to even, negative zero, large and
    non-finite values) and ``logistic`` is ``PairModel.probability``'s formula."""
    import math
    import random

    from pipeline.pair_arrays import logistic, rounded

    rng = random.Random(4)
    values = [rng.random() for _ in range(3000)] + [k / 20000 for k in range(-400, 400)] + [0.00005, 0.00015, 1.00025, -0.00005,
              -0.0, 0.0, 2.675, 1e5, 3e7 + 0.00005, 1e300, float("inf"), -float("inf")]
    values += [math.nextafter(v, 1.0) for v in values[-12:-3]] + [math.nextafter(v, -1.0) for v in values[-12:-3]]
    got = rounded(__import__("numpy").array(values)).tolist()
    want = [round(v, 4) for v in values]
    assert [repr(g) for g in got] == [repr(w) for w in want]
    z = [rng.uniform(-60, 60) for _ in range(2000)] + [float("nan"), -0.0, 50.0, -50.0, 1e9, -1e9]
    probabilities = logistic(__import__("numpy").array(z)).tolist()
    assert probabilities == [1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x)))) for x in z]


def test_texts_become_one_arrow_array_whatever_their_letters():
    from pipeline.pair_engine import _arrow_strings

    for texts in (['{"same_day": 0.25}', "", "x"], ["Almaty", "Жанаозен", "", "Şymkent"], []):
        assert _arrow_strings(texts).to_pylist() == texts


def test_contributions_of_repeated_and_distinct_pairs_are_the_reference_texts():
    """``Contributions.take`` writes each distinct row of products once when rows repeat (copies
    of a page), each row otherwise: either way ``ModelTerms.contributions`` of every row, in the
    order asked, negative zeros and halves at the fourth decimal included."""
    import numpy as np

    from pipeline.pair_engine import Contributions
    from pipeline.pair_scoring import ModelTerms

    terms = ModelTerms(CONFIG.model)
    rng = np.random.default_rng(3)
    width = len(CONFIG.model.features)
    values = np.array([0.0, -0.0, 1.0, 0.5, 0.00005, 0.12345, -2.5, 1 / 3])
    distinct = values[rng.integers(0, len(values), (50, width))] * np.array([c for _, c in terms.terms])
    for rows in (distinct[rng.integers(0, 50, 400)], rng.random((300, width)) - 0.5):
        order = rng.permutation(len(rows))
        texts = Contributions(terms, rows).take(order).to_pylist()
        assert texts == [terms.contributions(rows[k].tolist()) for k in order]


def test_facts_made_when_read_give_the_same_dedup(monkeypatch):
    """A large run's facts are made when read (``pair_scoring.FactsOnDemand``), not kept: the
    same events, mentions, pairs and queue, also for a feature read pair by pair from the facts."""
    from benchmarks.dedup_scaling import synthetic_mentions
    from pipeline import pair_arrays
    from pipeline import pair_scoring as scoring

    frame = synthetic_mentions(600)
    kept = deduplicate(frame, {}, CONFIG, {}, TYPES, {})
    monkeypatch.setattr(scoring, "KEPT_UP_TO", 0)
    rows = frame.to_dict("records")
    assert isinstance(scoring.facts_of(rows, rows, [{"people": [], "organisations": []}] * len(rows), None, CONFIG),
                      scoring.FactsOnDemand)
    monkeypatch.delitem(pair_arrays.MODEL, "same_role")  # read from the facts of each pair
    made = _both_engines(frame, monkeypatch)
    for name in ("events", "mentions", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(made, name), obj=name)


def test_mentions_sharing_their_list_cells_dedup_as_mentions_with_lists_of_their_own():
    """The benchmark's frame holds one list per distinct name in a column; dedup neither changes
    a cell nor tells one list from an equal one: the same tables as a list of its own per cell."""
    from benchmarks.dedup_scaling import synthetic_mentions

    shared, separate = synthetic_mentions(500), synthetic_mentions(500, separate=True)
    assert shared["actors"][0] is shared["actors"][1] and separate["actors"][0] is not separate["actors"][1]
    list_columns = [c for c in shared.columns if isinstance(shared[c][0], list)]
    before = {c: [list(v) for v in shared[c]] for c in list_columns}  # (a deep copy of a frame shares the lists)
    one, other = deduplicate(shared, {}, CONFIG, {}, TYPES, {}), deduplicate(separate, {}, CONFIG, {}, TYPES, {})
    for name in ("events", "mentions", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(other, name), obj=name)
    assert len(list_columns) == 10 and {c: [list(v) for v in shared[c]] for c in list_columns} == before
