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
first: extracted directly, nothing to check) and one per worker. A worker first asks the resolver
the questions of every earlier document (all a document asks is asked before its rules run, and
asking costs a fifth of extracting), so it stands where this process will stand at the worker's
first document, then extracts its share in order. Workers are forks of this process, which
inherit the documents, annotations and resolvers.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

MIN_DOCUMENTS_AHEAD = 24  # fewer documents to extract than this: all here (forking costs more)
_STATE = None  # what a forked worker reads: (documents, units of each, types, resolvers, countries, reporters)


def shares(costs: list[int], jobs: int) -> list[list[int]]:
    """Positions 0..n-1 split into ``jobs`` runs of about equal cost, in order. (This process
    extracts the first and then checks the others' documents; a worker first asks the
    resolver the questions of every document before its run: both cost about a fifth of
    extracting, so equal runs keep both cores busy.)"""
    total = sum(costs) or 1
    out: list[list[int]] = [[] for _ in range(jobs)]
    done = 0
    for position, cost in enumerate(costs):
        out[min(jobs - 1, int(done * jobs / total))].append(position)
        done += cost
    return out


def ask(resolver, document_units: list) -> None:
    """Ask ``resolver`` the questions one document's extraction asks it (``document_mentions``
    asks them all before it reads the answers), so it learns what that extraction teaches it."""
    from .extract import _resolve_names

    resolved = [[_resolve_names(sentence, resolver) for sentence in sentences] for _, sentences in document_units]
    resolver.short_forms([n[:4] for unit_names in resolved for names in unit_names for n in names])


def _extract_run(run: tuple[int, int]) -> dict[int, tuple[list, object]]:
    """In a worker: the resolver brought to where it stands before ``run`` (the questions of every
    earlier document asked), then the recorded resolver calls and the part of each document of
    the run still to extract, in order. A document whose extraction fails or reads the resolver
    otherwise is left out: this process extracts it (and meets the same failure there)."""
    from .extract import document_mentions
    from .extract_cache import RecordingResolver

    documents, units, types, resolvers, countries, reporters, todo = _STATE
    first, end = run
    for position in range(first):
        try:
            ask(resolvers[countries[position]], units[position])
        except Exception:  # noqa: BLE001 - a worse guess only: every answer is checked in order
            pass
    found = {}
    for position in range(first, end):
        if not todo[position]:
            continue
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
    documents, document_units, codes, keys, todo = [], [], [], [], []
    for code in sorted(resolvers):
        for position in sorted(by_position):
            if countries.iloc[position] != code:
                continue
            doc = kept.iloc[position]
            key = cache.key_of(doc, by_position[position], resolvers[code], reporters, plan=True)
            documents.append(doc)
            document_units.append(by_position[position])
            codes.append(code)
            keys.append(key)
            todo.append(not cache.contains(key))
    cache.ahead = Ahead.start(documents, document_units, types, resolvers, codes, reporters, keys, todo, jobs)


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
              keys: list[str], todo: list[bool], jobs: int) -> "Ahead | None":
        """Workers for all but the first share of the ``documents`` to extract (``todo``; all
        of them in the order they will be checked, ``keys`` their cache keys); None when not
        worth it."""
        global _STATE
        cold = [p for p, t in enumerate(todo) if t]
        if jobs < 2 or len(cold) < MIN_DOCUMENTS_AHEAD or "fork" not in multiprocessing.get_all_start_methods():
            return None
        costs = [sum(len(sentences) for _, sentences in units[p]) + 1 for p in cold]
        runs = [(cold[run[0]], cold[run[-1]] + 1) for run in shares(costs, jobs)[1:] if run]
        if not runs:
            return None
        ahead = cls()
        _STATE = (documents, units, types, resolvers, countries, reporters, todo)
        try:  # the workers fork here, at the first submit: they see the resolvers as they are now
            ahead._pool = ProcessPoolExecutor(max_workers=len(runs), mp_context=multiprocessing.get_context("fork"))
            for number, (first, end) in enumerate(runs):
                ahead._futures.append(ahead._pool.submit(_extract_run, (first, end)))
                ahead._where.update({keys[p]: (number, p) for p in range(first, end) if todo[p]})
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
        """Stop the workers; one still extracting (this process gave up early: an error, an
        interrupt) is terminated rather than waited for."""
        if self._pool is None:
            return
        if not all(future.done() for future in self._futures):
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
