"""Extraction on every core, with the output of a one-process run.

A country's documents are extracted in order because the ``EntityResolver`` carries what one
document teaches it (a name's spellings) to the next. But a document's part is a pure function
of the document and of the answers the resolver gives it (``extract_cache``), so it may be
computed ahead, in a worker process, against the resolver as the worker sees it, and checked
later: this process asks, in document order, the questions the worker recorded; when every
answer is the same, the worker's part is the one extraction here would give, and the resolver
has learnt what it would have learnt. Otherwise the document is extracted again here. The result
is identical by construction; only the time changes.

The documents no cache holds are split, in document order, into one share for this process (the
first: extracted directly, nothing to check) and one per worker (each extracted in order from the
resolvers as they were at the start, so a worker's later documents know its earlier ones' names).
Workers are forks of this process, which inherit the documents, annotations and resolvers.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

REPLAY_COST = 0.2  # checking a worker's document costs about this share of extracting it
MIN_DOCUMENTS_AHEAD = 24  # fewer documents to extract than this: all here (forking costs more)
_STATE = None  # what a forked worker reads: (documents, units of each, types, resolvers, countries, reporters)


def shares(costs: list[int], jobs: int) -> list[list[int]]:
    """Positions 0..n-1 split into ``jobs`` runs in order: the first (this process's, which then
    also checks the others') a little smaller, the others of about equal cost."""
    total = sum(costs) or 1
    own = (1 - REPLAY_COST * (jobs - 1)) / (jobs - REPLAY_COST * (jobs - 1))
    bounds = [total * own + total * (1 - own) * k / (jobs - 1) for k in range(jobs - 1)] + [float("inf")]
    out: list[list[int]] = [[] for _ in range(jobs)]
    done, share = 0, 0
    for position, cost in enumerate(costs):
        while done >= bounds[share]:
            share += 1
        out[share].append(position)
        done += cost
    return out


def _extract_run(positions: list[int]) -> dict[int, tuple[list, object]]:
    """In a worker: the recorded resolver calls and the part of each document of one share,
    in order; a document whose extraction fails or reads the resolver otherwise is left out
    (this process extracts it, and meets the same failure there)."""
    from .extract import document_mentions
    from .extract_cache import RecordingResolver

    documents, units, types, resolvers, countries, reporters = _STATE
    found = {}
    for position in positions:
        recorder = RecordingResolver(resolvers[countries[position]])
        try:
            part = document_mentions(documents[position], units[position], types, recorder, reporters)
        except Exception:  # noqa: BLE001 - the document is extracted again in order, where it fails for real
            continue
        if recorder.complete:
            found[position] = (recorder.calls, part)
    return found


def extract_ahead(cache, kept, units: list[tuple[int, str]], annotations: list, countries, resolvers: dict, types,
                  reporters, jobs: int) -> None:
    """Start workers on the documents of ``kept`` that ``cache`` (an ``ExtractCache``) does not
    hold, in the order extraction takes them (each country's in turn, as ``process`` does);
    ``cache.document`` then takes their parts from ``cache.ahead``."""
    if jobs < 2:
        return
    by_position: dict[int, list] = {}
    for (position, unit), sentences in zip(units, annotations):
        by_position.setdefault(position, []).append((unit, sentences))
    documents, document_units, codes, keys = [], [], [], []
    for code in sorted(resolvers):
        for position in sorted(by_position):
            if countries.iloc[position] != code:
                continue
            doc = kept.iloc[position]
            key = cache.key_of(doc, by_position[position], resolvers[code], reporters, plan=True)
            if not cache.contains(key):
                documents.append(doc)
                document_units.append(by_position[position])
                codes.append(code)
                keys.append(key)
    cache.ahead = Ahead.start(documents, document_units, types, resolvers, codes, reporters, keys, jobs)


class Ahead:
    """Parts of documents being extracted ahead in worker processes, by cache key. ``take(key)``
    waits for the worker that has the document; None when no worker has it (or a worker died)."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._where: dict[str, tuple[int, int]] = {}  # key -> (run, position)
        self._done: dict[int, dict] = {}  # run -> its parts not yet taken

    @classmethod
    def start(cls, documents: list, units: list, types, resolvers: dict, countries: list[str], reporters,
              keys: list[str], jobs: int) -> "Ahead | None":
        """Workers for all but the first share of ``documents`` (the ones to extract, in the
        order they will be checked; ``keys`` their cache keys); None when not worth it."""
        global _STATE
        if jobs < 2 or len(documents) < MIN_DOCUMENTS_AHEAD or "fork" not in multiprocessing.get_all_start_methods():
            return None
        costs = [sum(len(sentences) for _, sentences in u) + 1 for u in units]
        runs = [run for run in shares(costs, jobs)[1:] if run]
        if not runs:
            return None
        ahead = cls()
        _STATE = (documents, units, types, resolvers, countries, reporters)
        try:  # the workers fork here, at the first submit: they see the resolvers as they are now
            ahead._pool = ProcessPoolExecutor(max_workers=len(runs), mp_context=multiprocessing.get_context("fork"))
            for number, run in enumerate(runs):
                ahead._futures.append(ahead._pool.submit(_extract_run, run))
                ahead._where.update({keys[p]: (number, p) for p in run})
        finally:
            _STATE = None
        return ahead

    def take(self, key: str):
        if key not in self._where:
            return None
        run, position = self._where.pop(key)
        if run not in self._done:
            try:
                self._done[run] = self._futures[run].result()
            except Exception:  # noqa: BLE001 - a worker that died: its documents are extracted here
                self._done[run] = {}
        return self._done[run].pop(position, None)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
