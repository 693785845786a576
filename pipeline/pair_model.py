"""The learned pair model: a logistic regression over ``pair_features.FEATURES``.

Trained by ``python -m pipeline train-dedup`` (``train_dedup.py``) and kept as a human-readable
JSON file in ``config/`` (coefficients by feature name, intercept, thresholds, how and when it
was trained), validated on load. At run time it is only read: the probability of a pair is
``1 / (1 + exp(-(intercept + sum of coefficient * feature)))`` and each product is that
feature's contribution, written to ``pairs.parquet``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .pair_features import FEATURES

MODEL_VERSION = 1


class ModelError(ValueError):
    """A model file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class PairModel:
    features: tuple[str, ...]
    coefficients: dict[str, float]
    intercept: float
    same: float  # probability at or above which a pair is merged
    review: float  # probability at or above which (and below `same`) a pair is flagged
    target_precision: float
    trained: dict  # provenance: date, gold sets, pairs, cross-validated figures
    corroborate: float = 1.0  # probability at or above which a flagged pair counts toward joining two groups

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        return {name: round(self.coefficients[name] * float(values[name]), 4) for name in self.features}

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(self.coefficients[n] * float(values[n]) for n in self.features)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _number(data: dict, key: str, path: Path, low: float = -math.inf, high: float = math.inf) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise ModelError(f"{path}: '{key}' must be a number between {low} and {high}, got {value!r}")
    return float(value)


def load_model(path: Path) -> PairModel:
    """Read and validate a model file: every feature the code computes has a coefficient, no
    unknown ones, thresholds are probabilities with review <= same."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read the pair model ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != MODEL_VERSION:
        raise ModelError(f"{path}: 'version' must be {MODEL_VERSION}")
    coefficients = data.get("coefficients")
    if not isinstance(coefficients, dict):
        raise ModelError(f"{path}: 'coefficients' must be a table of feature: number")
    missing, unknown = set(FEATURES) - set(coefficients), set(coefficients) - set(FEATURES)
    if missing or unknown:
        raise ModelError(f"{path}: 'coefficients' missing {sorted(missing)} / unknown {sorted(unknown)}: retrain with train-dedup")
    coefs = {name: _number(coefficients, name, path) for name in FEATURES}
    thresholds = data.get("thresholds") or {}
    same, review = _number(thresholds, "same", path, 0, 1), _number(thresholds, "review", path, 0, 1)
    if review > same:
        raise ModelError(f"{path}: 'thresholds.review' ({review}) above 'thresholds.same' ({same})")
    corroborate = _number(thresholds, "corroborate", path, 0, 1) if "corroborate" in thresholds else same
    if not review <= corroborate <= same:
        raise ModelError(f"{path}: 'thresholds.corroborate' ({corroborate}) must lie between 'review' and 'same'")
    return PairModel(FEATURES, coefs, _number(data, "intercept", path), same, review,
                     _number(thresholds, "target_precision", path, 0, 1), dict(data.get("trained") or {}), corroborate)


def model_json(model: PairModel) -> str:
    data = {
        "version": MODEL_VERSION,
        "model": "logistic regression (scikit-learn), L2-regularised; features in pipeline/pair_features.py",
        "intercept": round(model.intercept, 6),
        "coefficients": {n: round(model.coefficients[n], 6) for n in model.features},
        "thresholds": {"same": round(model.same, 6), "review": round(model.review, 6), "corroborate": round(model.corroborate, 6),
                       "target_precision": model.target_precision},
        "trained": model.trained,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def threshold_for_precision(probabilities: list[float], labels: list[int], precision: float, min_pairs: int = 5) -> float:
    """The lowest probability threshold at which the pairs at or above it reach ``precision``
    (counting only thresholds with at least ``min_pairs`` pairs above, so that one pair at the
    top does not decide), so recall is as high as the precision allows; 1.0 when none does."""
    ranked = sorted(zip(probabilities, labels), key=lambda pl: -pl[0])
    best, tp = 1.0, 0
    for k, (p, y) in enumerate(ranked, start=1):
        tp += y
        last_of_tie = k == len(ranked) or ranked[k][0] != p
        if last_of_tie and k >= min(min_pairs, len(ranked)) and tp / k >= precision:
            best = p
    return best


def fit(rows: list[dict[str, float]], labels: list[int], groups: list[str], target_precision: float = 0.9,
        regularisation: float = 1.0, folds: int = 5, trained: dict | None = None,
        corroborate_precision: float = 0.75) -> tuple[PairModel, dict]:
    """Fit the model, choose its thresholds from out-of-fold probabilities (pairs of the same
    group are held out together) and report the cross-validated precision and recall. A pair
    flagged for review counts toward joining two groups (``corroborate``) at the probability
    where held-out pairs reach ``corroborate_precision``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    x = np.array([[float(r[n]) for n in FEATURES] for r in rows])
    y = np.array(labels, dtype=int)
    if len(set(labels)) < 2:
        raise ModelError("training needs both same and different pairs")
    n_groups = len(set(groups))
    held_out = np.full(len(y), np.nan)
    k = min(folds, n_groups)
    if k >= 2:
        for train, test in GroupKFold(n_splits=k).split(x, y, groups):
            if len(set(y[train])) < 2:
                continue
            clf = LogisticRegression(C=regularisation, max_iter=1000).fit(x[train], y[train])
            held_out[test] = clf.predict_proba(x[test])[:, 1]
    scored = ~np.isnan(held_out)
    same = threshold_for_precision(list(held_out[scored]), list(y[scored]), target_precision) if scored.any() else 0.5
    review = threshold_for_precision(list(held_out[scored]), list(y[scored]), 0.6) if scored.any() else same
    review = min(review, same)
    corroborate = threshold_for_precision(list(held_out[scored]), list(y[scored]), corroborate_precision) if scored.any() else same
    corroborate = min(max(corroborate, review), same)
    predicted = held_out[scored] >= same
    tp = int((predicted & (y[scored] == 1)).sum())
    cv = {
        "folds": int(k), "held_out_by": "publisher pair",
        "pairs": int(len(y)), "same_pairs": int(y.sum()),
        "cv_precision": round(tp / max(1, int(predicted.sum())), 3),
        "cv_recall": round(tp / max(1, int((y[scored] == 1).sum())), 3),
    }
    clf = LogisticRegression(C=regularisation, max_iter=1000).fit(x, y)
    coefs = {n: float(c) for n, c in zip(FEATURES, clf.coef_[0])}
    model = PairModel(FEATURES, coefs, float(clf.intercept_[0]), float(same), float(review), target_precision,
                      {**(trained or {}), "regularisation_C": regularisation, "corroborate_precision": corroborate_precision,
                       "cross_validation": cv}, float(corroborate))
    return model, cv
