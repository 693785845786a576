"""XLSX copies written by a forked child (``pipeline.forked_files``): the files this process
would write, and written here when the child fails (real forked processes, real files)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from pipeline.forked_files import ForkedFiles
from pipeline.xlsx import write_xlsx_file

FRAME = pd.DataFrame({"title": ["Union leader detained", "=1+2"], "n": [1, 2]})


def write_here(path: Path) -> None:
    write_xlsx_file(FRAME, path, sheet="t")


def test_the_childs_file_is_the_one_written_here(tmp_path):
    out = tmp_path / "generation"
    out.mkdir()
    write_here(tmp_path / "here.xlsx")
    with ForkedFiles(tmp_path / "cache", {"t.xlsx": write_here}) as forked:
        def refuse(path):
            raise AssertionError("the child wrote this file: not written here")
        forked.writer("t.xlsx", refuse)(out / "t.xlsx")
        assert forked.writer("other.xlsx", write_here) is write_here  # not given to the child
    assert (out / "t.xlsx").read_bytes() == (tmp_path / "here.xlsx").read_bytes()
    assert not any((tmp_path / "cache").iterdir())  # its folder is gone


def test_a_child_that_fails_leaves_the_file_to_this_process(tmp_path):
    def broken(path):
        os._exit(3)  # the child dies before writing anything

    written = []
    with ForkedFiles(tmp_path / "cache", {"t.xlsx": broken}) as forked:
        forked.writer("t.xlsx", lambda path: (written.append(path), write_here(path)))(tmp_path / "t.xlsx")
    assert written == [tmp_path / "t.xlsx"] and (tmp_path / "t.xlsx").stat().st_size > 0


def test_without_jobs_nothing_is_forked(tmp_path):
    with ForkedFiles(tmp_path / "cache", {"t.xlsx": write_here}, enabled=False) as forked:
        assert forked._child is None and forked.writer("t.xlsx", write_here) is write_here


def test_the_folder_of_a_killed_run_is_removed(tmp_path):
    abandoned = tmp_path / "cache" / "writing-999999999"  # no such process
    abandoned.mkdir(parents=True)
    (abandoned / "t.xlsx.partial").write_bytes(b"half")
    with ForkedFiles(tmp_path / "cache", {"t.xlsx": write_here}):
        assert not abandoned.exists()
