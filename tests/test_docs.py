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


def test_every_column_of_every_table_is_described_in_the_data_dictionary():
    """The data package takes its descriptions from the dictionary: a column without one is a
    column an analyst cannot look up (pipeline/schema.py and docs/data-dictionary.md in step)."""
    from pipeline.datapackage import dictionary_descriptions
    from pipeline.schema import schemas

    described = dictionary_descriptions(ROOT / "docs" / "data-dictionary.md")
    missing = [f"{table}.{column}" for table, schema in schemas().items() for column in schema.columns
               if not described.get(table, {}).get(column)]
    assert missing == []


def test_the_readme_sample_rows_are_the_samples(sample_output):
    """The event rows the README shows are generated from the shipped sample's events
    (pipeline.report.readme_rows); on failure, paste the block this prints."""
    import pandas as pd

    from pipeline.report import readme_rows

    section = README.split("## What the output looks like", 1)[1].split("\n## ", 1)[0]
    shown = re.search(r"```\n(.*?)\n```", section, flags=re.S).group(1)
    ids = re.findall(r"^(evt_[0-9a-f]{16})", shown, flags=re.M)
    assert ids
    expected = readme_rows(pd.read_parquet(sample_output.out / "events.parquet"), ids)
    assert shown == expected, "README sample rows are stale; the sample gives:\n" + expected


def test_version_and_the_bench_hint(tmp_path):
    import sys

    from pipeline import __version__

    done = subprocess.run([sys.executable, "-m", "pipeline", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"python -m pipeline {__version__}"
    assert f'version = "{__version__}"' in (ROOT / "pyproject.toml").read_text()  # one version, two places in step
    recipe = subprocess.run(["make", "-s", "-n", "bench", "BENCH_DATA="], cwd=ROOT, capture_output=True, text=True).stdout
    assert "git clone https://github.com/scrapinghub/article-extraction-benchmark" in recipe
    assert "shared" not in (ROOT / "Makefile").read_text().split("BENCH_DATA ?=", 1)[1].splitlines()[0]


def test_make_clean_removes_everything_derived(sample_output, tmp_path):
    import shutil

    out = tmp_path / "processed"
    shutil.copytree(sample_output.out, out, symlinks=True)
    (out / ".gitkeep").touch()
    (out / ".events.parquet.123.tmp").touch()
    assert (out / "run-summary.json").exists() and (out / "generations").is_dir()
    done = subprocess.run(["make", "-s", "clean", f"OUT={out}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == [".gitkeep"]
    refused = subprocess.run(["make", "-s", "clean", "OUT="], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode != 0 and (ROOT / "raw").is_dir()
