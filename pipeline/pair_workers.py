"""Chunks of pairs scored in forked worker processes, on every core, in order.

Scoring is most of a large dedup's time and each chunk's columns depend on that chunk's pairs
alone, so the chunks can be scored anywhere and joined in their order: the result is the one a
single process gives. Workers are forked, so they share the mentions' arrays the parent built
(nothing of them is sent); each returns its chunk's kept columns, already compact. Below
``MIN_PAIRS`` (or on one core, or inside a worker process) the chunks are scored here: starting
processes costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator

from .workers import default_jobs

MIN_PAIRS = 1_000_000  # pairs from which a second process pays for its start
MIN_MENTIONS = 20_000  # mentions from which blocking in a second process pays for its start

_WORK: Callable | None = None  # the chunk scorer, inherited by the forked workers
_ONE: Callable | None = None  # the work ``beside`` runs in a child, inherited by it


def _run(bounds: tuple[int, int]):
    return _WORK(*bounds)


def in_order(work: Callable[[int, int], object], total: int, chunk: int, jobs: int | None = None) -> Iterator:
    """``work(start, stop)`` of each chunk of ``range(total)``, in order: in ``jobs`` forked
    processes (default: every core) when there are enough pairs, else here."""
    global _WORK
    bounds = [(start, min(total, start + chunk)) for start in range(0, total, chunk)]
    jobs = min(default_jobs() if jobs is None else jobs, len(bounds))
    if jobs < 2 or total < MIN_PAIRS or multiprocessing.current_process().daemon \
            or "fork" not in multiprocessing.get_all_start_methods():
        yield from (work(*b) for b in bounds)
        return
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_run, bounds)
    finally:
        _WORK = None


def _can_fork(jobs: int | None) -> bool:
    return (default_jobs() if jobs is None else jobs) >= 2 and not multiprocessing.current_process().daemon \
        and "fork" in multiprocessing.get_all_start_methods()


def _run_one(_=None):
    return _ONE()


def beside(there: Callable[[], object], here: Callable[[], object], mentions: int, jobs: int | None = None) -> tuple:
    """``(there(), here())``, ``there`` in a forked child while ``here`` runs in this process
    (two blocking passes that share nothing but their input), from ``MIN_MENTIONS`` mentions on
    and with two cores; else one after the other here. The results are the same either way."""
    global _ONE
    if mentions < MIN_MENTIONS or not _can_fork(jobs):
        return there(), here()
    _ONE = there
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            theirs = pool.apply_async(_run_one)
            ours = here()
            return theirs.get(), ours
    finally:
        _ONE = None
