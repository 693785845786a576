"""The scored pairs of the last run, so a refresh scores only the pairs that touch a change.

Scoring a candidate pair reads the two mentions' facts (``pair_scoring.MentionFacts``: the row
with coreference's people and organisations, its date, places, roles...), their date ranges,
their content words with those words' weights over the run (idf), whether a link block proposed
the pair, and from the whole run only the configuration (with the run's reporters), the model,
the code and the reporters of the context. So each mention gets a key: a hash of everything of
it that scoring reads, the idf of its own words included (a word that became more or less
common changes the key of every mention that has it). A pair whose two mentions have the keys
they had in the last run (in the same order, with the same link flag), under the same
fingerprint of configuration, model, code and libraries, takes the values it was given then;
only the others are scored (``pair_engine.score_all``). The assembled columns are the ones a
cold run makes, in the same order, so everything after scoring (clustering, the review queue,
event IDs, ``pairs.parquet``) is the same by construction.

The state lives in ``<out>/cache/pairs/`` beside the other caches (``processed/`` itself stays
rebuildable from ``raw/``). A state of another fingerprint is ignored; a damaged one is one
warning and every pair is scored afresh, never a stop (a checksum of the state tells damage
from content).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import pickle
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as arrow
import pyarrow.compute as pc

STATE_FILE = "state.pickle"
FORMAT = "pair-cache 1"


def plain(value):
    """``value`` as JSON data that tells apart what scoring tells apart (sets sorted, floats exact)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else ["float", repr(value)]
    if isinstance(value, dict):
        return ["dict", sorted([str(k), plain(v)] for k, v in value.items())]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted((plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))]
    if isinstance(value, (list, tuple, np.ndarray)):
        return ["list", [plain(v) for v in value]]
    if isinstance(value, (date, datetime)):
        return ["date", value.isoformat()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, [[f.name, plain(getattr(value, f.name))] for f in dataclasses.fields(value)]]
    return [type(value).__name__, repr(value)]


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, allow_nan=False).encode("utf-8", "surrogatepass")).hexdigest()


def _json_default(value):
    """What ``json.dumps`` cannot write itself, as ``plain`` writes it (sets sorted, arrays as lists)."""
    if isinstance(value, np.ndarray):
        return ["list", value.tolist()]
    if isinstance(value, (set, frozenset)):
        try:
            return ["set", sorted(value)]
        except TypeError:
            return plain(value)
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, Mapping):  # a mention as dedup reads it (mention_rows.Completed): the dictionary it reads as
        return dict(value)
    return plain(value)


def mention_keys(facts: list, ranges: list, ctx) -> list[str]:
    """Per mention, a hash of all that scoring reads of it (its facts, range, participants, and
    each of its content words with its idf)."""
    names = [f.name for f in dataclasses.fields(facts[0])] if facts else []
    keys = []
    for k, (f, r) in enumerate(zip(facts, ranges)):
        words = sorted(ctx.words[k])
        data = [[getattr(f, name) for name in names], r, ctx.participants[k], words, [ctx.idf.get(w) for w in words]]
        text = json.dumps(data, sort_keys=True, default=_json_default)
        keys.append(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return keys


def run_fingerprint(ctx, config, keep) -> str:
    """What every pair's values depend on besides its two mentions."""
    from .stage_cache import code_fingerprint

    return _digest([FORMAT, code_fingerprint(), plain(config), plain(frozenset(ctx.reporters)),
                    plain(frozenset(keep) if keep is not None else None)])


# -- columns as ScoredPairs keeps them: a subset, two joined, a reordering --------------------


def _kind(values) -> str:
    from .scored_pairs import kept_kind

    if kept_kind(values):  # a coded kind (scored_pairs.kept_kind)
        return kept_kind(values)
    if isinstance(values, np.ndarray):
        return f"array {values.dtype.str}"
    if isinstance(values, arrow.Array):
        return f"arrow {values.type}"
    if isinstance(values, list):
        return "list"
    raise TypeError(f"a scored column of an unknown kind: {type(values).__name__}")


def _take(values, at: np.ndarray):
    """The values at positions ``at``, kept the way they were."""
    from .scored_pairs import kept_kind

    if kept_kind(values):
        return values.subset(at)
    if isinstance(values, np.ndarray):
        return values[at]
    if isinstance(values, arrow.Array):
        return pc.take(values, arrow.array(at, type=arrow.int64()))
    return [values[k] for k in at.tolist()]


@dataclasses.dataclass
class _State:
    fingerprint: str
    keys: list[str]  # per mention of the run that scored them
    i: np.ndarray
    j: np.ndarray
    link: np.ndarray
    names: list[str]
    kinds: dict[str, str]
    columns: dict  # name -> the kept values (Contributions without their terms)


class PairCache:
    """The last run's scored pairs in ``folder``; ``score`` has ``pair_engine.score_all``'s
    signature and result. ``reused`` and ``scored`` count the pairs of the last call."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self.warnings: list[str] = []
        self.reused = 0
        self.scored = 0

    @property
    def path(self) -> Path | None:
        return self.folder / STATE_FILE if self.folder is not None else None

    def score(self, pairs, facts, ranges, ctx, blocks, config, keep=None):
        from .pair_blocks import PairBlocks
        from .pair_engine import score_all

        if not isinstance(pairs, PairBlocks) or keep is None:  # (training's own pairs, or every key kept): not cached
            found = score_all(pairs, facts, ranges, ctx, blocks, config, keep)
            self.scored, self.reused = len(found), 0
            return found
        fingerprint = run_fingerprint(ctx, config, keep)
        keys = mention_keys(facts, ranges, ctx)
        link = pairs.has("link")
        state = self._load(fingerprint)
        at = self._lookup(state, keys, pairs.i, pairs.j, link) if state is not None else np.full(len(pairs.codes), -1)
        fresh = np.flatnonzero(at < 0)
        new = score_all(PairBlocks(pairs.n, pairs.codes[fresh], pairs.masks[fresh], pairs.kinds), facts, ranges, ctx,
                        blocks, config, keep)
        self.scored, self.reused = len(fresh), len(at) - len(fresh)
        found = new if not self.reused else self._assembled(state, new, pairs, at, fresh, config)
        if found is None:  # the kept columns are not of the kinds scoring gives now: score them all
            found = score_all(pairs, facts, ranges, ctx, blocks, config, keep)
            self.scored, self.reused = len(pairs.codes), 0
        self._save(fingerprint, keys, found, pairs, link)
        return found

    @staticmethod
    def _lookup(state: _State, keys: list[str], i: np.ndarray, j: np.ndarray, link: np.ndarray) -> np.ndarray:
        """Per candidate pair, its position in the kept pairs, -1 where it must be scored."""
        before = {key: k for k, key in enumerate(state.keys)}
        old = np.array([before.get(key, -1) for key in keys] or [-1], dtype=np.int64)
        n = max(1, len(state.keys))
        kept = (state.i.astype(np.int64) * n + state.j) * 2 + state.link.astype(np.int64)
        if not len(kept) or not len(i):
            return np.full(len(i), -1, dtype=np.int64)
        order = np.argsort(kept, kind="stable")
        oi, oj = old[i], old[j]
        want = (oi * n + oj) * 2 + link.astype(np.int64)
        spot = np.minimum(np.searchsorted(kept[order], want), len(kept) - 1)
        hit = (oi >= 0) & (oj >= 0) & (kept[order][spot] == want)
        return np.where(hit, order[spot], -1)

    def _assembled(self, state: _State, new, pairs, at: np.ndarray, fresh: np.ndarray, config):
        """The scored pairs in the candidates' order: the kept ones' values and the new ones'."""
        from .pair_scoring import ModelTerms
        from .scored_pairs import ScoredPairs, concat_columns

        reused = np.flatnonzero(at >= 0)
        terms = ModelTerms(config.model) if config.model is not None else None
        if len(fresh):
            if list(new.names) != state.names or any(_kind(new.kept(n)) != state.kinds[n] for n in state.names):
                return None
            terms = next((new.kept(n).terms for n in state.names if state.kinds[n] == "contributions"), terms)
        order = np.argsort(np.concatenate([fresh, reused]), kind="stable")  # back to the candidates' order
        columns = {}
        for name in state.names:
            kept = self._column(state, name, terms)
            part = _take(kept, at[reused])
            joined = concat_columns([new.kept(name), part]) if len(fresh) else part
            columns[name] = _take(joined, order)
        if "probability" in columns and "score" in columns and self._same_column(new, state, fresh):
            columns["probability"] = columns["score"]
        out = ScoredPairs(state.names)
        out.add(pairs.i, pairs.j, columns)
        return out

    @staticmethod
    def _same_column(new, state: _State, fresh: np.ndarray) -> bool:
        """Whether the score and the probability are one column (a model gives both)."""
        if len(fresh):
            return new.kept("probability") is new.kept("score")
        return state.kinds.get("same score") == "yes"

    @staticmethod
    def _column(state: _State, name: str, terms):
        from .pair_engine import Contributions

        values = state.columns[name]
        if state.kinds[name] == "contributions":
            return Contributions(terms, None, coded=values)
        return values

    def _load(self, fingerprint: str) -> _State | None:
        path = self.path
        if path is None or not path.exists():
            return None
        try:
            with open(path, "rb") as handle:
                head = pickle.load(handle)
                if not (isinstance(head, tuple) and len(head) == 3 and head[0] == FORMAT):
                    raise ValueError("not a pair state of this format")
                if head[1] != fingerprint:  # other code, configuration or model: every pair is scored
                    return None
                payload = handle.read()
            if hashlib.sha256(payload).hexdigest() != head[2]:
                raise ValueError("its content is not the content written")
            state = pickle.loads(payload)
            if not isinstance(state, _State) or state.fingerprint != fingerprint or len(state.i) != len(state.j) \
                    or len(state.i) != len(state.link) or any(n not in state.columns for n in state.names):
                raise ValueError("its parts do not fit together")
            return state
        except Exception as exc:  # noqa: BLE001 - damaged state only costs a full rescore
            text = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            self.warnings.append(f"dedup: the pair cache {path} cannot be read ({text}); every pair scored afresh")
            try:
                path.unlink()
            except OSError:
                pass
            return None

    def _save(self, fingerprint: str, keys: list[str], found, pairs, link: np.ndarray) -> None:
        """Keep this run's scored pairs (best effort: the state only saves time)."""
        from .scored_pairs import ScoredPairs

        path = self.path
        if path is None or not isinstance(found, ScoredPairs):
            return
        columns, kinds = {}, {}
        for name in found.names:
            values = found.kept(name)
            try:
                kinds[name] = _kind(values)
            except TypeError as exc:  # a column kept in a way this cache does not know: no state, never a stop
                self.warnings.append(f"dedup: the pair cache is not kept ({exc}); the next run scores every pair")
                return
            columns[name] = (values.values, values.codes, values.n) if kinds[name] == "contributions" else values
        if "score" in found.names and "probability" in found.names:
            kinds["same score"] = "yes" if found.kept("probability") is found.kept("score") else "no"
        state = _State(fingerprint, keys, np.asarray(found.i), np.asarray(found.j), np.asarray(link, dtype=bool),
                       list(found.names), kinds, columns)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two runs at once each write their own
            payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
            with open(tmp, "wb") as handle:
                pickle.dump((FORMAT, fingerprint, hashlib.sha256(payload).hexdigest()), handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
                handle.write(payload)
            os.replace(tmp, path)
        except OSError as exc:
            self.warnings.append(f"dedup: the pair cache {path} could not be written ({type(exc).__name__}: {exc}); "
                                 "the next run scores every pair")
