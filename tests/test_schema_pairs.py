"""The pairs table's parts are proved valid column by column (``pipeline.pair_checks``) before
pandera's cell-by-cell checks run: a part it passes has no problem the schema finds, and a broken
part is reported with exactly the schema's own problems."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.dedup import PAIR_KEYS, load_dedup_config, pair_table, score_candidates
from pipeline.pair_checks import plainly_valid
from pipeline.schema import BLOCKS, MENTION_ID_RE, schema_problems, schemas, table_problems

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = schemas()["pairs"]


class Parts:
    """A pairs table given in two parts, as ``pair_table.PairTable`` gives it to the checks."""

    def __init__(self, frame: pd.DataFrame):
        self.whole = frame

    def groups(self):
        half = len(self.whole) // 2
        yield self.whole.iloc[:half]
        yield self.whole.iloc[half:]

    def duplicated(self):
        return np.flatnonzero(self.whole.duplicated(["mention_a", "mention_b"]).to_numpy())


@pytest.fixture(scope="module")
def pairs() -> pd.DataFrame:
    from benchmarks.dedup_scaling import synthetic_mentions

    rows = synthetic_mentions(400).to_dict("records")
    scored = score_candidates(rows, load_dedup_config(ROOT / "config" / "dedup.toml"), keep=PAIR_KEYS)
    keys = list(zip(scored.scored.i.tolist(), scored.scored.j.tolist()))
    decided = {keys[k]: ("same", "different", "unsure")[k % 3] for k in range(0, len(keys), 5)}
    frame = pair_table(rows, scored.scored, scored.blocks, decided)
    assert len(frame) > 40 and frame["decision"].notna().any() and frame["decision"].isna().any()
    return frame


def proved(frame: pd.DataFrame) -> bool:
    return plainly_valid(frame, set(SCHEMA.columns), MENTION_ID_RE, BLOCKS)


def test_a_valid_table_is_proved_valid_as_the_schema_finds_it(pairs):
    assert proved(pairs) and schema_problems("pairs", pairs, SCHEMA) == []
    others = pairs.copy()
    others["decision"] = [np.nan if v is None else v for v in others["decision"]]  # another kind of null
    others["probability"] = np.nan
    assert proved(others) and schema_problems("pairs", others, SCHEMA) == []
    assert table_problems("pairs", Parts(pairs), SCHEMA) == []


def _set(column, row, value):
    def change(frame):
        frame[column] = frame[column].astype(object)
        frame.at[frame.index[row], column] = value
        return frame
    return change


BREAKS = {
    "mention id of another form": _set("mention_a", 3, "doc_x:1"),
    "mention id not a string": _set("mention_b", 5, 7),
    "a pair of one mention": lambda f: f.assign(mention_b=[a if k == 4 else b for k, (a, b) in
                                                           enumerate(zip(f["mention_a"], f["mention_b"]))]),
    "score missing": _set("score", 2, np.nan),
    "feature above 1": _set("actors", 6, 1.5),
    "feature below 0": _set("evidence", 1, -0.1),
    "unknown outcome": _set("outcome", 0, "maybe"),
    "blank outcome": _set("outcome", 0, " "),
    "no blocks": _set("blocks", 2, []),
    "unknown block": _set("blocks", 2, ["actor", "nowhere"]),
    "blocks not a list": _set("blocks", 2, "actor"),
    "date_compatible missing": _set("date_compatible", 3, None),
    "unknown decision": _set("decision", 1, "yes"),
    "blank decision": _set("decision", 1, ""),
    "probability above 1": _set("probability", 8, 2.0),
    "blank contributions": _set("contributions", 8, "  "),
    "extra column": lambda f: f.assign(extra=1),
    "missing column": lambda f: f.drop(columns=["headline"]),
    "text score": lambda f: f.assign(score=f["score"].astype(str)),
    "a pair twice": lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_broken_table_gets_the_schemas_own_problems(pairs, name):
    broken = BREAKS[name](pairs.copy()).reset_index(drop=True)
    whole = schema_problems("pairs", broken, SCHEMA)
    assert whole, name  # the schema finds it
    in_parts = table_problems("pairs", Parts(broken), SCHEMA)
    if name == "a pair twice":  # a repeat across parts is table_problems' own check (it counts the repeats)
        assert proved(broken) and [(p.column, p.description) for p in in_parts] == [(p.column, p.description) for p in whole]
        return
    assert not proved(broken)
    assert {(p.column, p.description, p.count) for p in in_parts} == {(p.column, p.description, p.count) for p in whole}
