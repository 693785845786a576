"""The learned pair model: trained on a tiny labelled set written here, saved, validated, loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dedup import load_dedup_config
from pipeline.pair_features import FEATURES
from pipeline.pair_model import ModelError, fit, load_model, model_json, threshold_for_precision
from pipeline.train_dedup import match_gold, train

ROOT = Path(__file__).resolve().parent.parent
DEDUP_FILE = ROOT / "config" / "dedup.toml"


def features(**values: float) -> dict[str, float]:
    return {name: float(values.get(name, 0.0)) for name in FEATURES}


def tiny_set() -> tuple[list[dict], list[int], list[str]]:
    """Same events share day, people and words; different ones share only a type."""
    rows, labels, groups = [], [], []
    for k in range(12):
        rows.append(features(same_day=1, actors=1, same_type=1, evidence=0.7 + k / 100, rare_words=0.4, date_overlap=1))
        labels.append(1)
        rows.append(features(same_type=1, evidence=0.3, date_overlap=1, people_conflict=1, same_document=k % 2))
        labels.append(0)
        groups += [f"pub{k % 4}|pub{k % 3}"] * 2
    return rows, labels, groups


def test_fit_learns_signs_that_make_sense_and_reports_cross_validated_figures():
    model, cv = fit(*tiny_set(), target_precision=0.9, trained={"date": "2026-01-01T00:00:00Z"})
    assert model.coefficients["same_day"] > 0 and model.coefficients["people_conflict"] < 0
    assert 0 <= model.review <= model.same <= 1
    assert cv["folds"] >= 2 and cv["pairs"] == 24 and cv["same_pairs"] == 12
    assert cv["cv_precision"] >= 0.9 and cv["cv_recall"] > 0.5
    same = features(same_day=1, actors=1, same_type=1, evidence=0.8, rare_words=0.4, date_overlap=1)
    different = features(same_type=1, evidence=0.3, date_overlap=1, people_conflict=1)
    assert model.probability(same) > model.same > model.probability(different)
    assert set(model.contributions(same)) == set(FEATURES)


def test_threshold_is_the_lowest_that_keeps_the_stated_precision():
    probabilities = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4]
    labels = [1, 1, 1, 1, 1, 0, 1, 0]
    assert threshold_for_precision(probabilities, labels, 0.9, min_pairs=1) == 0.7
    assert threshold_for_precision(probabilities, labels, 0.8, min_pairs=1) == 0.5
    assert threshold_for_precision(probabilities, [0] * 8, 0.9) == 1.0  # nothing reaches it: merge nothing


def test_model_file_round_trips_and_bad_files_name_the_entry(tmp_path):
    model, _ = fit(*tiny_set(), trained={"date": "2026-01-01T00:00:00Z"})
    path = tmp_path / "model.json"
    path.write_text(model_json(model), encoding="utf-8")
    loaded = load_model(path)
    assert loaded.coefficients == pytest.approx(model.coefficients, abs=1e-5) and loaded.same == pytest.approx(model.same, abs=1e-5)
    data = json.loads(path.read_text())
    assert "evidence" not in json.dumps(data["trained"])  # provenance, no sentences
    broken = dict(data, coefficients={k: v for k, v in data["coefficients"].items() if k != "same_day"})
    path.write_text(json.dumps(broken))
    with pytest.raises(ModelError, match="missing \\['same_day'\\]"):
        load_model(path)
    path.write_text(json.dumps(dict(data, thresholds={"same": 0.2, "review": 0.5, "target_precision": 0.9})))
    with pytest.raises(ModelError, match="review"):
        load_model(path)
    path.write_text(json.dumps(dict(data, intercept="high")))
    with pytest.raises(ModelError, match="'intercept'"):
        load_model(path)


def test_the_shipped_model_is_valid_and_loaded_with_the_config():
    config = load_dedup_config(DEDUP_FILE)
    assert config.model is not None and config.model.features == FEATURES
    assert config.model.trained["cross_validation"]["folds"] >= 2


def _mention(doc: str, n: int, evidence: str, when: str, people: list[str], publisher: str) -> dict:
    return {
        "mention_id": f"doc_{doc:0>16}:{n:010d}", "doc_id": f"doc_{doc:0>16}", "evidence": evidence, "from_title": False,
        "event_type": "arrest", "event_date": when, "date_precision": "day", "date_text": when, "date_from": "text",
        "people": people, "organisations": [], "locations": [], "people_text": people, "organisations_text": [],
        "locations_text": [], "context_date": None, "context_precision": None, "context_from": None,
        "publisher": publisher, "source": publisher, "url": f"https://{publisher}.example/{doc}", "published": when,
    }


def tiny_run(folder: Path) -> tuple[Path, Path]:
    """A processed folder with six mentions of three arrests, and the gold that labels them."""
    rows = []
    for k, (who, day) in enumerate([("Maria Lopez", "2023-01-20"), ("Oleg Sato", "2023-02-11"), ("Anna Kim", "2023-03-05")]):
        rows.append(_mention(f"a{k}", 1, f"Police arrested {who} at the union office on {day}.", day, [who], "harbour-news"))
        rows.append(_mention(f"b{k}", 1, f"{who} was detained by police on {day}, the union said.", day, [who], "labour-wire"))
    rows.append(_mention("a0", 2, "Police arrested Maria Lopez again at the union office on 2023-01-21.", "2023-01-21",
                         ["Maria Lopez"], "harbour-news"))
    out = folder / "processed"
    out.mkdir()
    pd.DataFrame(rows).to_parquet(out / "mentions.parquet")
    gold = folder / "gold"
    gold.mkdir()
    lines = [{"evidence": r["evidence"], "event_key": f"arrest-{r['people'][0]}" + ("-again" if "again" in r["evidence"] else ""),
              "date": r["event_date"], "date_precision": "day", "event_type": "arrest", "tier": "core"} for r in rows]
    (gold / "events.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return out, gold


def test_gold_mentions_match_the_run_and_train_labels_pairs(tmp_path):
    out, gold = tiny_run(tmp_path)
    rows = pd.read_parquet(out / "mentions.parquet").to_dict("records")
    keys = match_gold([json.loads(x) for x in (gold / "events.jsonl").read_text().splitlines()], rows)
    assert len(keys) == 7 and keys[0] == keys[1] != keys[2]
    model, cv = train([gold], [out], load_dedup_config(DEDUP_FILE, with_model=False), None, regularisation=1.0)
    assert cv["pairs"] >= 4 and cv["same_pairs"] == 3
    assert model.trained["gold_mentions"] == 7


def test_train_dedup_command_writes_a_model_the_config_can_load(tmp_path):
    out, gold = tiny_run(tmp_path)
    model_file = tmp_path / "model.json"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "train-dedup", "--gold", str(gold), "--out-dir", str(out), "--model", str(model_file),
         "--decisions", str(tmp_path / "none.jsonl")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "cross-validated" in done.stdout
    assert load_model(model_file).features == FEATURES
    missing = subprocess.run([sys.executable, "-m", "pipeline", "train-dedup", "--out-dir", str(out)], capture_output=True, text=True,
                             cwd=ROOT, timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert missing.returncode == 2 and "--gold" in missing.stderr


def test_review_decisions_are_labels_too_and_override_the_gold(tmp_path):
    out, gold = tiny_run(tmp_path)
    rows = pd.read_parquet(out / "mentions.parquet")
    decisions = tmp_path / "decisions.jsonl"
    a, b = rows["mention_id"][0], rows["mention_id"][1]  # one arrest by two publishers: same in the gold
    decisions.write_text(json.dumps({"a": a, "b": b, "decision": "different", "reviewer": "tester", "at": "2026-01-01T00:00:00Z"}) + "\n")
    config = load_dedup_config(DEDUP_FILE, with_model=False)
    _, plain = train([gold], [out], config, None)
    model, decided = train([gold], [out], config, decisions)
    assert decided["same_pairs"] == plain["same_pairs"] - 1 and model.trained["review_decisions"] == 1


def test_dedup_config_names_a_bad_entry(tmp_path):
    text = DEDUP_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "dedup.toml"
    bad.write_text(text.replace("max_word_share = 0.05", "max_word_share = 5"), encoding="utf-8")
    with pytest.raises(ValueError, match="max_word_share"):
        load_dedup_config(bad)
    bad.write_text(text, encoding="utf-8")  # the model file is relative to the config: not beside this copy
    with pytest.raises(ModelError, match="dedup_model.json"):
        load_dedup_config(bad)


def test_the_corroborate_threshold_lies_between_review_and_same_and_defaults_to_same(tmp_path):
    model, _ = fit(*tiny_set(), trained={"date": "2026-01-01T00:00:00Z"}, corroborate_precision=0.75)
    assert model.review <= model.corroborate <= model.same
    path = tmp_path / "model.json"
    data = json.loads(model_json(model))
    thresholds = {"same": 0.6, "review": 0.3, "target_precision": 0.9}
    path.write_text(json.dumps(dict(data, thresholds=thresholds)))
    assert load_model(path).corroborate == 0.6  # an older file: flagged pairs never join groups
    path.write_text(json.dumps(dict(data, thresholds={**thresholds, "corroborate": 0.9})))
    with pytest.raises(ModelError, match="corroborate"):
        load_model(path)


def test_a_flagged_link_corroborates_only_when_the_reports_agree_on_more_than_type_and_dates():
    from pipeline.pair_features import FEATURES
    from pipeline.pair_rules import corroborates

    only_type_and_month = {name: 0.0 for name in FEATURES} | {"same_type": 1.0, "date_overlap": 1.0, "evidence": 0.4}
    assert not corroborates("review", True, 0.5, 0.4, set(), set(), only_type_and_month)  # torture beside a shooting
    for agreement in ("same_trigger", "same_place", "actors", "same_role", "same_count", "near_day", "same_day_across"):
        assert corroborates("review", True, 0.5, 0.4, set(), set(), {**only_type_and_month, agreement: 1.0}), agreement
    agreed = {**only_type_and_month, "same_trigger": 1.0}
    assert not corroborates("review", True, 0.3, 0.4, set(), set(), agreed)  # not likely enough
    assert not corroborates("review", False, 0.5, 0.4, set(), set(), agreed)  # not mergeable
    assert not corroborates("review", True, 0.5, 0.4, {"target:journalists"}, {"target:workers"}, agreed)  # two kinds
