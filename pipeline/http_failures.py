"""What a failed HTTP exchange means: how many requests reached the server, whether there was
a connection at all, and one line that says why, for the fetch log."""

from __future__ import annotations

from typing import Iterator

import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NameResolutionError


def sent_requests(history) -> int:  # noqa: ANN001 - urllib3 RequestHistory entries
    """Requests that reached a server: tries that failed to connect sent nothing."""
    return sum(1 for h in history if not isinstance(h.error, ConnectTimeoutError))


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (requests wraps urllib3, which wraps socket errors)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [c for c in (getattr(current, "reason", None), current.__cause__, current.__context__, *current.args)
                  if isinstance(c, BaseException)]


def could_not_connect(exc: BaseException) -> bool:
    """No connection at all (name not resolved, refused, connect timeout), as opposed to a
    server that accepted the connection and then did not answer in time."""
    return any(isinstance(c, (ConnectTimeoutError, NameResolutionError)) for c in causes(exc))


def sent_before(exc: BaseException) -> int:
    """Requests sent for a GET that ended in an exception (a MaxRetryError knows its tries)."""
    for cause in causes(exc):
        if isinstance(cause, MaxRetryError):
            return getattr(cause, "sent", 1)
    return 0 if could_not_connect(exc) else 1


def root_cause(exc: BaseException) -> str:
    """The innermost error's message, short enough for a log line."""
    seen = exc
    while True:
        nxt = getattr(seen, "reason", None) or seen.__cause__ or seen.__context__
        if nxt is None or nxt is seen or not isinstance(nxt, BaseException):
            break
        seen = nxt
    text = str(seen) or seen.__class__.__name__
    return text if len(text) < 200 else text[:197] + "..."


def describe_error(exc: requests.RequestException, attempts: int) -> str:
    """The fetch log's reason for a GET that ended in an exception."""
    if attempts == 0:
        return f"connection failed before any request was sent ({root_cause(exc)})"
    if isinstance(exc, requests.Timeout):
        return f"timed out; gave up after {attempts} attempt(s) ({root_cause(exc)})"
    if isinstance(exc, requests.ConnectionError):
        return f"connection failed; gave up after {attempts} attempt(s) ({root_cause(exc)})"
    return f"{exc.__class__.__name__}: {root_cause(exc)}"
