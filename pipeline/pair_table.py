"""``pairs.parquet`` of a run, made from the scored arrays only when it is read or written.

The table as one data frame is most of a large run's memory: each pair's contributions as some
600 characters of JSON, for every pair at once (1.1 GB of a 30k-mention run's 2.3 GB peak).
``PairTable`` keeps what the table is made from (the scored arrays, the blocks, the decisions)
and makes rows when asked: all of them (``frame``), a few (``frame(at)``: the review queue's),
or one row group at a time into a Parquet file (``write``), so that no more than one group's
text exists at once. Every way gives the rows ``dedup.pair_table`` gives, in its order.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .scored_pairs import ScoredPairs, mention_ids, table_order, table_rows

ROWS_PER_GROUP = 100_000  # pairs made into rows at once when writing: some 60 MB of text
# A table of at most this many pairs keeps the row groups validation made (``groups``) until the
# write uses them, instead of making each twice (about 2 s of a 1,000-page refresh); a larger one
# makes them again, so that memory stays one group's.
KEEP_GROUPS_UP_TO = 300_000


class PairTable:
    def __init__(self, rows: list[dict], scored: ScoredPairs, blocks, decided: dict, columns: list[str]):
        self.ids = mention_ids(rows)
        self.scored, self.blocks, self.decided, self.columns = scored, blocks, decided, list(columns)
        self._order: np.ndarray | None = None
        self._decided_at: np.ndarray | None = None
        self._kept: dict[tuple[int, int], pd.DataFrame] = {}

    def __len__(self) -> int:
        return len(self.scored)

    def __getstate__(self) -> dict:  # (the arrays; never the row groups kept for a write)
        return {**self.__dict__, "_kept": {}}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({"_kept": {}, **state})

    @property
    def order(self) -> np.ndarray:
        """Positions in the scored arrays, in the table's order (highest score first)."""
        if self._order is None:
            self._order = table_order(self.scored)
        return self._order

    def frame(self, at: np.ndarray | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        """The rows at table positions ``at`` (all when None), indexed by those positions and
        typed as the whole table's rows are (a column of decisions is text where any is made);
        only ``columns`` when given."""
        columns = self.columns if columns is None else list(columns)
        if not len(self):
            return pd.DataFrame([], columns=columns)
        if at is None:
            return table_rows(self.ids, self.scored, self.blocks, self.decided, columns, self.order)
        at = np.asarray(at, dtype=np.int64)
        extra = np.setdiff1d(self._decided_positions(), at) if "decision" in columns else at[:0]  # so that a column's type is the whole table's
        rows = table_rows(self.ids, self.scored, self.blocks, self.decided, columns, self.order[np.concatenate([at, extra])])
        rows = rows.iloc[:len(at)]
        rows.index = at
        return rows

    def positions(self, outcome: str, undecided: bool = False) -> np.ndarray:
        """Table positions of the pairs of that outcome (with ``undecided``: no reviewer decision)."""
        if not len(self):
            return np.zeros(0, dtype=np.int64)
        chosen = np.zeros(len(self), dtype=bool)
        where = self.scored.where("outcome", outcome)  # positions in the scored arrays
        chosen[where] = True
        chosen = chosen[self.order]
        if undecided:
            chosen[self._decided_positions()] = False
        return np.flatnonzero(chosen)

    def pending(self, labels: list[int]) -> PendingPairs:
        """The review queue's rows: pairs flagged for review that no reviewer decided, whose
        mentions clustering left in different groups (``labels``); made when read."""
        at = self.positions("review", undecided=True)
        k = self.order[at]
        labels = np.asarray(labels, dtype=np.int64)
        return PendingPairs(self, at[labels[self.scored.i[k]] != labels[self.scored.j[k]]] if len(at) else at)

    def _decided_positions(self) -> np.ndarray:
        """Table positions of the pairs a reviewer decided (found once)."""
        if self._decided_at is None:
            self._decided_at = np.zeros(0, dtype=np.int64)
            if self.decided and len(self):
                n = max(1, len(self.ids))
                codes = self.scored.i[self.order].astype(np.int64) * n + self.scored.j[self.order]
                taken = np.fromiter((a * n + b for a, b in self.decided), dtype=np.int64, count=len(self.decided))
                self._decided_at = np.flatnonzero(np.isin(codes, taken))
        return self._decided_at

    def groups(self, columns: list[str] | None = None, rows_per_group: int | None = None):
        """The table's rows one group at a time (each indexed by its rows' table positions, typed
        as the whole table's): what ``schema.validate_tables`` checks a large table by."""
        rows_per_group = rows_per_group or ROWS_PER_GROUP
        keep = columns is None and rows_per_group == ROWS_PER_GROUP and len(self) <= KEEP_GROUPS_UP_TO
        for start in range(0, len(self), rows_per_group):
            end = min(len(self), start + rows_per_group)
            part = self._kept.get((start, end)) if keep else None
            if part is None:
                part = self.frame(np.arange(start, end), columns)
                if keep:
                    self._kept[(start, end)] = part
            yield part

    def _group(self, start: int, end: int) -> pd.DataFrame:
        """The whole rows of table positions ``start`` to ``end``: the group ``groups`` kept
        (let go once used), or made now."""
        part = self._kept.pop((start, end), None)
        return self.frame(np.arange(start, end)) if part is None else part

    def distinct(self, column: str) -> list | None:
        """The distinct values of ``mention_a`` or ``mention_b`` (in no order), from the scored
        arrays without making rows: what a check of the links to the mentions needs to see
        (the IDs of a few thousand mentions, not 130k pairs' rows). None for another column."""
        side = {"mention_a": self.scored.i, "mention_b": self.scored.j}.get(column)
        if side is None or column not in self.columns:
            return None
        if not len(self):
            return []
        return self.ids.take(np.unique(np.asarray(side))).to_pylist()

    def typed_head(self, rows: int = 1000) -> pd.DataFrame:
        """A few rows whose column types are the whole table's (the decisions' rows among them,
        as a column of decisions is null in rows without one): what a descriptor reads types from."""
        at = np.union1d(np.arange(min(len(self), rows)), self._decided_positions())
        return self.frame(at) if len(self) else self.frame()

    def duplicated(self) -> np.ndarray:
        """Table positions of a pair given a second time (none: each is one code in the blocks)."""
        n = max(1, len(self.ids))
        codes = self.scored.i[self.order].astype(np.int64) * n + self.scored.j[self.order]
        first = np.zeros(len(codes), dtype=bool)
        first[np.unique(codes, return_index=True)[1]] = True
        return np.flatnonzero(~first)

    def write(self, path: Path, schema_version: str | bytes, rows_per_group: int = ROWS_PER_GROUP) -> Path:
        """The table as Parquet (``tables.write_parquet_file``'s file: the same schema and
        metadata), one row group of ``rows_per_group`` pairs made and written at a time."""
        import pyarrow as arrow
        import pyarrow.parquet as pq

        from .tables import SCHEMA_VERSION_KEY

        version = schema_version if isinstance(schema_version, bytes) else str(schema_version).encode("utf-8")
        first = self._group(0, min(len(self), rows_per_group))
        table = arrow.Table.from_pandas(first, preserve_index=False)
        decided = self._decided_positions()
        if len(decided) and any(arrow.types.is_null(t) for t in table.schema.types):  # decisions lie further down
            both = pd.concat([first, self.frame(decided)])
            typed = arrow.Table.from_pandas(both, preserve_index=False).schema
            table = table.cast(arrow.schema([typed.field(f.name) if arrow.types.is_null(f.type) else f for f in table.schema],
                                            metadata=table.schema.metadata))
        schema = table.schema.with_metadata({**(table.schema.metadata or {}), SCHEMA_VERSION_KEY: version})
        with pq.ParquetWriter(path, schema) as writer:
            writer.write_table(table.replace_schema_metadata(schema.metadata), row_group_size=rows_per_group)
            for start in range(rows_per_group, len(self), rows_per_group):
                part = self._group(start, min(len(self), start + rows_per_group))
                group = arrow.Table.from_pandas(part, schema=schema, preserve_index=False)
                writer.write_table(group, row_group_size=rows_per_group)
        self._kept.clear()
        return Path(path)


class PendingPairs:
    """The review queue (``DedupResult.review_queue``) as positions in the pair table: its rows
    are made when read, whole (``frame``) or a column at a time (``queue["mention_a"]``), not
    held beside the scored arrays (at 100k mentions, some 600,000 flagged pairs' text was a
    third of the run's memory)."""

    def __init__(self, table: PairTable, at: np.ndarray):
        self.table, self.at = table, np.asarray(at, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.at)

    @property
    def columns(self) -> pd.Index:
        return pd.Index(self.table.columns)

    @property
    def empty(self) -> bool:
        return not len(self.at)

    def __getitem__(self, name: str) -> pd.Series:
        if name not in self.table.columns:
            raise KeyError(name)
        return self.table.frame(self.at, [name])[name].reset_index(drop=True)

    def frame(self) -> pd.DataFrame:
        """The queue as the data frame of its rows, in the table's order, indexed from 0."""
        return self.table.frame(self.at).reset_index(drop=True)
