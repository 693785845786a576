"""Each document's extraction kept between runs, so a refresh re-extracts only what changed.

A country's documents are extracted in order with one ``EntityResolver``, and that resolver is
the only state one document's extraction shares with another (a name seen earlier resolves a
later spelling). So a document's part (``extract.DocumentMentions``) is a pure function of its
fields, its annotations, the reporters, the code and configuration, and the answers the resolver
gave it. The cache keeps, with the part, every question the document asked the resolver and the
answer. On a later run the questions are asked again, in order, of that run's resolver, which so
learns what it would have learnt extracting the document; when every answer is the same, the
kept part is the one extraction would give now. When one differs (an earlier document changed
and taught the resolver another name), what the replay taught the resolver is rolled back
(``EntityResolver.rollback``) and the document is extracted afresh. The key holds the document's fields, its country and the
reporters, and ``stage_cache.code_fingerprint()``; not its annotations, which are a function of its
text units (themselves of its fields) and of the model, patterns, aliases and code, all in that
fingerprint (the premise of the annotation cache itself). So a refresh need not read the
annotations of a document whose part is kept (``deferred``): they are read, or annotated, only
when the kept part turns out stale. Storage and damage handling are ``disk_cache.DiskCache``'s.

Replaying every kept document's questions was a second of a 1,000-page refresh. Resolving only
ever adds names, IDs and people, so what a document taught the resolver is the list of what was
added (``EntityResolver.learnt_since``), and the resolver's state is named by a hash of where
it started (``EntityResolver.digest``) and of every list added since. A document met in a
state the cache has seen it in gets that state's additions back without a question asked, and
its kept part when that part was made asking the same questions and told the same (``after``
entries hold the additions and the questions with their answers, not a second copy of the
part): a changed page that teaches the same names as before leaves the state, and so every
later document's shortcut, as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .entities import EntityResolver
from .extract import DocumentMentions, document_mentions
from .disk_cache import DiskCache
from .stage_cache import code_fingerprint, content_hash

DOC_FIELDS = ("doc_id", "title", "text", "published", "publisher", "source", "url")  # what extraction reads of a document


class _RecordedIds:
    """The resolver's ``by_id``, each look-up recorded."""

    def __init__(self, by_id: dict, calls: list):
        self._by_id, self._calls = by_id, calls

    def __getitem__(self, entity_id: str):
        value = self._by_id[entity_id]
        self._calls.append(("by_id", (entity_id,), value))
        return value


class RecordingResolver:
    """The resolver as one document's extraction sees it: every question and its answer are
    recorded. Any other attribute read marks the record incomplete, so it is never kept."""

    def __init__(self, resolver):
        self._resolver = resolver
        self.calls: list[tuple] = []
        self.complete = True
        self.by_id = _RecordedIds(resolver.by_id, self.calls)

    def resolve(self, *args):
        answer = self._resolver.resolve(*args)
        self.calls.append(("resolve", args, answer))
        return answer

    def short_forms(self, names):
        answer = self._resolver.short_forms(names)
        self.calls.append(("short_forms", (names,), answer))
        return answer

    def __getattr__(self, name: str):
        self.complete = False
        return getattr(self._resolver, name)


def replay(resolver, calls: list[tuple]) -> bool:
    """Ask ``resolver`` the recorded questions in order; whether every answer is the recorded one."""
    for kind, args, answer in calls:
        if kind == "resolve":
            got = resolver.resolve(*args)
        elif kind == "short_forms":
            got = resolver.short_forms(*args)
        else:
            got = resolver.by_id.get(args[0])
        if got != answer:
            return False
    return True


def next_state(state: str, added: tuple) -> str:
    return hashlib.sha256((state + "\0" + repr(added)).encode("utf-8", "surrogatepass")).hexdigest()


AFTER = "after 2"  # the key prefix of ``after`` entries (2: the resolver calls, not the part, kept)


class ExtractCache(DiskCache):
    """``(resolver calls, DocumentMentions)`` per document; ``document`` is ``extract_mentions``'s
    source of each document's part. Counts: ``extracted`` and ``from_cache`` documents, and
    ``stale`` (kept, but the resolver answered otherwise, so extracted again)."""

    name = "extract: document cache"

    def __init__(self, folder: Path | None):
        super().__init__(folder, code_fingerprint())
        self.extracted = 0
        self.from_cache = 0
        self.stale = 0
        self.ahead = None  # an ``ahead.Ahead``: parts being extracted in worker processes
        self.ahead_taken = 0  # documents whose part a worker extracted and this process checked
        self.ahead_again = 0  # documents a worker extracted, extracted again here (answers differed)
        self.annotate = None  # texts -> their annotations, for the units of a deferred document
        self.deferred_read = 0  # text units of deferred documents read after all (their part was stale)
        self._keys: dict[tuple, str] = {}  # (fields, reporters, country) -> key, for this run
        self._states: dict[int, tuple] = {}  # id(resolver) -> (resolver, state hash, its checkpoint then)
        self._keeps = True  # whether the part ``_document`` just gave is kept (its record complete)
        self._after: list[tuple[str, tuple]] = []  # ``after`` entries to keep
        self._calls: list = []  # the resolver calls of the part ``_document`` gave last

    @staticmethod
    def valid(value) -> bool:
        """A kept part ``(resolver calls, part)``, or an ``after`` entry ``(additions, state after,
        resolver calls)``."""
        if isinstance(value, tuple) and len(value) == 3:
            return (isinstance(value[0], tuple) and len(value[0]) == 3 and isinstance(value[1], str)
                    and isinstance(value[2], list))
        return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], list)
                and isinstance(value[1], DocumentMentions))

    def _state(self, resolver) -> str | None:
        """The hash naming what ``resolver`` knows now (None: a resolver of another kind)."""
        if not isinstance(resolver, EntityResolver):
            return None
        known = self._states.get(id(resolver))
        if known is not None and known[0] is resolver and known[2] == resolver.checkpoint():
            return known[1]
        state = resolver.digest()  # first met, or taught by something else since
        self._states[id(resolver)] = (resolver, state, resolver.checkpoint())
        return state

    def key_of(self, doc, document_units, resolver, reporters, plan: bool = False) -> str:
        """The cache key of one document's part (``document_units`` are not read: see above;
        ``plan`` is kept for the callers that compute keys ahead)."""
        fields = [doc[f] if f in doc else None for f in DOC_FIELDS]
        country = getattr(resolver, "country", "")
        reporters = sorted(reporters or ())
        try:  # asked twice a document (``holds``, then ``document``): its text hashed once
            memo = (tuple(fields), tuple(reporters), country)
            return self._keys[memo]
        except TypeError:  # a field that cannot be a dict key: hashed each time
            return content_hash("document part 2", fields, reporters, country)
        except KeyError:
            key = self._keys[memo] = content_hash("document part 2", fields, reporters, country)
            return key

    def holds(self, doc, resolver, reporters) -> bool:
        """Whether a part of this document is kept (not read, so not checked): its annotations
        can wait until the part is found stale."""
        return self.contains(self.key_of(doc, None, resolver, reporters))

    def _filled(self, document_units: list) -> list:
        """The document's units with the annotations of deferred ones (None) read or made."""
        missing = [k for k, (_, sentences) in enumerate(document_units) if sentences is None]
        if not missing:
            return document_units
        if self.annotate is None:
            raise RuntimeError("a deferred document's annotations are needed but nothing can annotate them")
        found = self.annotate([document_units[k][0] for k in missing])
        self.deferred_read += len(missing)
        filled = list(document_units)
        for k, sentences in zip(missing, found):
            filled[k] = (filled[k][0], sentences)
        return filled

    def document(self, doc, document_units, types, resolver, reporters) -> DocumentMentions:
        key = self.key_of(doc, document_units, resolver, reporters)
        state = self._state(resolver)  # (with workers ahead too: their parts are replayed here, in order)
        if state is None:
            return self._document(key, doc, document_units, types, resolver, reporters)
        after = self.get(f"{AFTER} {state} {key}")
        kept = self.get(key) if after is not None else None
        if kept is not None and kept[0] == after[2]:
            # met in this very state before, asking what the kept part asked and told the same:
            # that part, and what it taught then, with no question asked
            resolver.learn(after[0])
            self._states[id(resolver)] = (resolver, after[1], resolver.checkpoint())
            self.from_cache += 1
            return kept[1]
        point = resolver.checkpoint()
        part = self._document(key, doc, document_units, types, resolver, reporters)
        added = resolver.learnt_since(point)
        following = next_state(state, added)
        self._states[id(resolver)] = (resolver, following, resolver.checkpoint())
        if self._keeps:  # kept at close, in one transaction (a cold run meets every document so)
            self._after.append((f"{AFTER} {state} {key}", (added, following, self._calls)))
        return part

    def _document(self, key, doc, document_units, types, resolver, reporters) -> DocumentMentions:
        """The document's part: kept and replayed, or extracted (and kept when its record is complete)."""
        self._keeps = True
        kept = self.get(key)
        ahead = kept is None and self.ahead is not None and (kept := self.ahead.take(key)) is not None
        if kept is not None:
            before = resolver.checkpoint()
            if replay(resolver, kept[0]):
                self._calls = kept[0]
                if ahead:
                    self.extracted += 1
                    self.ahead_taken += 1
                    self.set(key, kept)
                else:
                    self.from_cache += 1
                return kept[1]
            resolver.rollback(before)
            if ahead:
                self.ahead_again += 1
            else:
                self.stale += 1
        recorder = RecordingResolver(resolver)
        part = document_mentions(doc, self._filled(document_units), types, recorder, reporters)
        self.extracted += 1
        self._keeps = recorder.complete
        self._calls = recorder.calls
        if recorder.complete:
            self.set(key, (recorder.calls, part))
        return part

    def close(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None
        if self._after:
            self.set_many(self._after)
            self._after = []
        super().close()
