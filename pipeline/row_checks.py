"""Row checks of a stage's table, with the verdicts of rows met before kept between runs.

A row that fails its table's row checks is left out with its reason (a Reject) and the run goes
on with the others. The checks cost seconds per thousand rows and a refresh mostly checks rows it
checked before, so ``checked`` keeps the last result of a whole table and the verdict of each row
(by a digest of its values): a table with a few rows changed has only those checked.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Iterable

import pandas as pd

from .rejects import Reject
from .schema import split_rows
from .stage_cache import StageCache, content_hash


def quarantine(stage: str, table: str, frame: pd.DataFrame, key: str, without: Iterable[str] = (),
               known: dict[str, str | None] | None = None) -> tuple[pd.DataFrame, list[Reject]]:
    """The rows of ``frame`` that pass ``table``'s row checks (labelled by their position in
    ``frame``), and a Reject for each other row (keyed by its ``key`` column, else its URL),
    with the failed check as the reason. With ``known`` (row digest -> reason, None for a valid
    row: the verdicts of an earlier check), a row met before is not checked again; ``known``
    then holds the verdicts of this frame's rows, for the next time."""
    frame = frame.reset_index(drop=True)
    if known is None:
        valid, failed = split_rows(table, frame, without)
    else:
        digests = row_digests(frame)
        unknown = [row for row, digest in enumerate(digests) if digest not in known]
        failed = {row: known[digest] for row, digest in enumerate(digests) if known.get(digest) is not None}
        if unknown:  # the row checks are row by row (uniqueness and links are checked on write)
            failed.update(split_rows(table, frame.iloc[unknown], without)[1])
        valid = frame.drop(index=list(failed))
        known.clear()
        known.update((digest, failed.get(row)) for row, digest in enumerate(digests))
    rejects = []
    for row, reason in sorted(failed.items()):  # in row order
        url = frame.at[row, "url"] if "url" in frame.columns else None
        url = url if isinstance(url, str) and url.strip() else None
        own = frame.at[row, key]
        rejects.append(Reject(stage, table, own if isinstance(own, str) and own.strip() else (url or f"row {row}"),
                              url, reason))
    return valid, rejects


def row_digests(frame: pd.DataFrame) -> list[bytes]:
    """A digest of each row's values (its column names included), for verdicts kept by row."""
    head = pickle.dumps(list(frame.columns))
    digests = []
    for row in frame.itertuples(index=False, name=None):
        digest = hashlib.blake2b(head, digest_size=16)
        for value in row:  # each by itself: pickle writes a value met twice in one call as a reference
            digest.update(pickle.dumps(value))
        digests.append(digest.digest())
    return digests


def checked(stages: StageCache | None, stage: str, table: str, frame: pd.DataFrame, key: str, then=None,
            ) -> tuple[pd.DataFrame, list[Reject]]:
    """``quarantine``, or its last result for the same table content (row checks cost seconds
    per thousand rows, and a refresh mostly checks the same rows again); with ``then``, the
    valid rows are ``then(valid rows, memo)``, kept with them (a pure function of the same input;
    ``memo`` is a dictionary it may keep what it worked out in, for the next run). A table with
    some rows changed has only those rows checked: the verdicts of the others are the last run's."""
    if stages is None:
        valid, rejects = quarantine(stage, table, frame, key)
        return (valid if then is None else then(valid, {})), rejects
    digest = content_hash(frame, [stage, key] + ([then.__name__] if then is not None else []))
    last = stages.result(f"checked {table}", digest)
    if last is not None:
        return last
    memo_key = f"checked {table} rows" + (f" then {then.__name__}" if then is not None else "")
    verdicts, memo = stages.result(memo_key, "memo") or ({}, {})
    valid, rejects = quarantine(stage, table, frame, key, known=verdicts)
    found = (valid if then is None else then(valid, memo)), rejects
    stages.keep(f"checked {table}", digest, found)
    stages.keep(memo_key, "memo", (verdicts, memo))
    return found
