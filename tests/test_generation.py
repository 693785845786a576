"""One output generation per run (pipeline/generations.py): the paths users read are symlinks
into ``current/``, the previous generation is kept and older ones go, what an interrupted run
left is removed and reported, an old-layout folder migrates, and files honour the umask."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from pipeline.generations import GENERATIONS, current_generation
from pipeline.process import GENERATION_FILES, write_outputs
from pipeline.schema import read_tables, validate_tables
from pipeline.tables import write_table

TABLES = ("pages", "documents", "mentions", "entities", "events", "pairs")


@pytest.fixture(scope="module")
def tables(sample_output):
    return {name: pd.read_parquet(sample_output.out / f"{name}.parquet") for name in TABLES}


def generations(out: Path) -> list[str]:
    return sorted(p.name for p in (out / GENERATIONS).iterdir())


def test_the_paths_users_read_are_symlinks_into_the_current_generation(sample_output):
    out = sample_output.out
    current = current_generation(out)
    assert current is not None and current.parent.name == GENERATIONS
    for name in GENERATION_FILES:
        assert (out / name).is_symlink() and os.readlink(out / name) == f"current/{name}", name
        assert (current / name).is_file() and not (current / name).is_symlink(), name
    summary = json.loads((out / "run-summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["events"] == len(pd.read_parquet(out / "events.parquet"))  # of the same generation
    assert set(summary["rejects"]) == {"fetch", "pages", "clean", "extract", "dedup", "write"}
    assert (out / "cache").is_dir() and not (out / "cache").is_symlink()  # the cache stays where it was
    validate_tables(read_tables(out))


def test_the_previous_generation_is_kept_and_older_ones_removed(tables, tmp_path):
    for k in range(3):
        events = tables["events"].copy()
        events.loc[0, "summary"] = f"run {k}"
        write_outputs({**tables, "events": events}, pd.DataFrame(), tmp_path)
    kept = generations(tmp_path)
    assert [name[:6] for name in kept] == ["000002", "000003"]
    assert current_generation(tmp_path).name == kept[-1]
    assert pd.read_parquet(tmp_path / "events.parquet").loc[0, "summary"] == "run 2"
    assert pd.read_parquet(tmp_path / GENERATIONS / kept[0] / "events.parquet").loc[0, "summary"] == "run 1"


def test_what_an_interrupted_run_left_is_removed_and_reported_once(tables, tmp_path):
    write_outputs(tables, pd.DataFrame(), tmp_path)
    published = generations(tmp_path)
    half = tmp_path / GENERATIONS / "000009-20261201T000000Z"  # newer than current: never switched in
    half.mkdir()
    (half / "events.parquet").write_bytes(b"half a file")
    (tmp_path / ".events.parquet.abc123.tmp").write_bytes(b"left by the old writer")
    os.symlink("generations/000009-20261201T000000Z", tmp_path / ".current.000009-20261201T000000Z.tmp")
    warnings: list[str] = []
    write_outputs(tables, pd.DataFrame(), tmp_path, warnings=warnings)
    assert len(warnings) == 1 and "\n" not in warnings[0]
    for left in (".events.parquet.abc123.tmp", ".current.000009-20261201T000000Z.tmp", "generations/000009-20261201T000000Z"):
        assert left in warnings[0]
    assert not list(tmp_path.glob(".*.tmp")) and not half.exists()
    assert generations(tmp_path)[0] == published[0] and len(generations(tmp_path)) == 2
    again: list[str] = []
    write_outputs(tables, pd.DataFrame(), tmp_path, warnings=again)
    assert again == []  # nothing left this time


def test_an_old_layout_folder_migrates_and_keeps_its_tables_as_the_previous_generation(tables, sample_output, tmp_path):
    old = {}
    for name in GENERATION_FILES:
        if not name.startswith("rejects."):  # the old layout had no rejects
            old[name] = (sample_output.out / name).read_bytes()
            (tmp_path / name).write_bytes(old[name])
    (tmp_path / "run.log").write_text("the old log\n")
    events = tables["events"].copy()
    events.loc[0, "summary"] = "new"
    write_outputs({**tables, "events": events}, pd.DataFrame(), tmp_path)
    assert all((tmp_path / name).is_symlink() for name in GENERATION_FILES)
    assert pd.read_parquet(tmp_path / "events.parquet").loc[0, "summary"] == "new"
    legacy = tmp_path / GENERATIONS / "000000-legacy"
    assert generations(tmp_path)[0] == legacy.name
    assert {name: (legacy / name).read_bytes() for name in old} == old
    assert (tmp_path / "run.log").read_text() == "the old log\n"  # not part of a generation


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_output_files_honour_the_umask(tables, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_outputs(tables, pd.DataFrame(), tmp_path / "out")
        single = write_table(tables["events"], tmp_path / "events.parquet", "1")
    finally:
        os.umask(previous)
    current = current_generation(tmp_path / "out")
    modes = {name: stat.S_IMODE((current / name).stat().st_mode) for name in GENERATION_FILES}
    assert modes == {name: mode for name in GENERATION_FILES}
    assert stat.S_IMODE(single.stat().st_mode) == mode
    assert stat.S_IMODE(current.stat().st_mode) == 0o777 & ~umask


def test_a_copy_that_followed_the_symlinks_is_migrated_like_an_old_layout(tables, sample_output, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sample_output.out, copy)  # `current` and every link become plain folders and files
    assert (copy / "current").is_dir() and not (copy / "current").is_symlink()
    old = (copy / "events.parquet").read_bytes()
    write_outputs(tables, pd.DataFrame(), copy)
    assert (copy / "current").is_symlink() and (copy / "events.parquet").is_symlink()
    assert (copy / GENERATIONS / "000000-legacy" / "events.parquet").read_bytes() == old
    assert not list(copy.glob(".*.tmp"))
    validate_tables(read_tables(copy))
