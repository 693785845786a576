"""A source's crawl frontier: breadth-first order, with a waiting line per host so that pages
of several hosts can be started ahead of their turn while results are still taken in order."""

from __future__ import annotations

from collections import Counter, deque
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit


@dataclass
class Queued:
    url: str
    depth: int
    hint: str | None
    seq: int  # place in the breadth-first order
    future: Future | None = None  # set once the page is started

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


class Frontier:
    def __init__(self) -> None:
        self._queue: deque[Queued] = deque()
        self._waiting: dict[str, deque[Queued]] = {}  # per host, the pages not started, in order
        self._appended = 0
        self._taken = 0
        self.in_flight: Counter = Counter()  # host -> pages started and not yet taken

    def __len__(self) -> int:
        return len(self._queue)

    def append(self, url: str, depth: int, hint: str | None) -> None:
        queued = Queued(url, depth, hint, self._appended)
        self._appended += 1
        self._queue.append(queued)
        self._waiting.setdefault(queued.host, deque()).append(queued)

    def startable(self, budget: int, per_host: int, at_most: int) -> Iterator[Queued]:
        """Pages to start now, earliest first: among the next ``budget`` pages, each host's next
        ones while it has fewer than ``per_host`` in flight, ``at_most`` in flight in all."""
        while sum(self.in_flight.values()) < at_most:
            best = None
            for host, line in self._waiting.items():
                head = line[0]
                if self.in_flight[host] < per_host and head.seq - self._taken < budget and (best is None or head.seq < best.seq):
                    best = head
            if best is None:
                return
            self._start(best)
            yield best

    def take(self) -> Queued:
        """The next page in breadth-first order (the caller starts it when it is not yet)."""
        queued = self._queue.popleft()
        self._taken += 1
        if queued.future is None:
            self._start(queued)
        return queued

    def done(self, queued: Queued) -> None:
        self.in_flight[queued.host] -= 1

    def _start(self, queued: Queued) -> None:
        line = self._waiting[queued.host]
        assert line[0] is queued, "pages of one host start in order"
        line.popleft()
        if not line:
            del self._waiting[queued.host]
        self.in_flight[queued.host] += 1
