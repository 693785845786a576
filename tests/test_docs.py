"""Docs are tested: every command, option, make target, output column and event type is documented."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pipeline.archive import Capture, FetchLogEntry
from pipeline.clean import DOCUMENT_COLUMNS
from pipeline.cli import build_parser
from pipeline.extract import ENTITY_COLUMNS, MENTION_COLUMNS, load_event_types
from pipeline.pages import PAGE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DICTIONARY = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        assert f"python -m pipeline {name}" in README, name
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and action.help != "==SUPPRESS==" and option != "--help":
                    assert option in README, f"{name} {option}"


def test_every_make_target_is_in_the_readme_and_in_make_help():
    targets = re.findall(r"^([a-z][a-z-]*):.*## ", (ROOT / "Makefile").read_text(), flags=re.M)
    assert {"all", "test", "run", "fetch", "process", "eval", "bench"} <= set(targets)
    for target in targets:
        assert f"`make {target}`" in README or f"make {target}" in README, target
    shown = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    assert all(f"make {t}" in shown for t in targets)


def test_every_output_column_is_in_the_data_dictionary():
    columns = PAGE_COLUMNS + DOCUMENT_COLUMNS + MENTION_COLUMNS + ENTITY_COLUMNS
    columns += list(Capture.__dataclass_fields__) + list(FetchLogEntry.__dataclass_fields__)
    for column in columns:
        assert f"`{column}`" in DICTIONARY, column


def test_every_event_type_is_defined_in_the_data_dictionary():
    for rule in load_event_types(ROOT / "config" / "event_types.toml").rules:
        assert f"| `{rule.name}` |" in DICTIONARY, rule.name


def test_the_readme_python_example_runs_on_the_shipped_sample(sample_output, tmp_path, monkeypatch):
    (tmp_path / "processed").symlink_to(sample_output.out)  # the README reads processed/
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    shown = namespace["mentions"][namespace["mentions"]["event_id"] == "evt_541d0c4f5c9ec08a"]
    assert len(shown) >= 3  # the multi-source event the README names


def test_every_reliability_claim_points_to_a_test_that_exists():
    section = README.split("## Reliability: what a refresh survives", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/test_[a-z_]+\.py)`", section)
    assert len(named) >= 15, named
    for path in named:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "\ndef test_" in text, f"{path} has no test"
