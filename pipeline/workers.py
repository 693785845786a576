"""Where the per-page work runs: this process, a pool of worker processes, or a Dask cluster.

Every engine maps one plain function over a list and gives the results back in the input's
order, so a stage written once runs the same on one core, on all of them (``--jobs N``) or on
many machines (``--engine dask``), and its output does not depend on which. The function and
its inputs must be picklable (module-level functions, plain records).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "dask")
MAX_CHUNK = 32  # items sent to a local worker at once


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Engine:
    """``map(fn, items)`` in order. ``jobs`` worker processes locally (1: in this process), or
    the workers of a Dask scheduler (``scheduler``: its address; empty: a local cluster of
    ``jobs`` workers, started on first use and closed by ``close``). ``min_items``: fewer
    items than this run in this process, where starting workers would cost more than it saves."""

    def __init__(self, jobs: int | None = None, engine: str = "local", scheduler: str = "", min_items: int = 16):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
        self.jobs = default_jobs() if jobs is None else jobs
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        self.engine = engine
        self.scheduler = scheduler
        self.min_items = min_items
        self._pool: ProcessPoolExecutor | None = None
        self._client = None
        self._cluster = None

    @property
    def parallel(self) -> bool:
        return self.engine == "dask" or self.jobs > 1

    def map(self, fn: Callable[[T], R], items: Sequence[T] | Iterable[T]) -> list[R]:
        items = list(items)
        if not self.parallel or len(items) < self.min_items:
            return [fn(item) for item in items]
        if self.engine == "dask":
            client = self._dask()
            futures = client.map(fn, items, pure=False)
            return client.gather(futures)
        # chunks small enough that no worker waits long for the last (a chunk of pages is seconds)
        chunk = max(1, min(MAX_CHUNK, len(items) // (self.jobs * 4)))
        return list(self._local_pool().map(fn, items, chunksize=chunk))

    def _local_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        return self._pool

    def _dask(self):
        if self._client is None:
            try:
                from distributed import Client, LocalCluster
            except ImportError as exc:  # pragma: no cover - dask is a pinned dependency
                raise RuntimeError("--engine dask needs the 'distributed' package (pip install distributed)") from exc
            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster)
        return self._client

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
