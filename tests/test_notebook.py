"""The analysis notebook runs on the tables of a real run and matches its jupytext source."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient


ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "events.ipynb"
SOURCE = ROOT / "notebooks" / "events.py"
KERNEL = "python3"


def ensure_kernel() -> None:
    """The `python3` kernel of this interpreter: ipykernel ships its spec in the venv
    (share/jupyter/kernels/python3, argv "python", which jupyter_client runs as sys.executable);
    install it into the venv (no network) if it is missing or points elsewhere."""
    try:
        argv = KernelSpecManager().get_kernel_spec(KERNEL).argv
    except NoSuchKernel:
        argv = []
    if argv and argv[0] in ("python", "python3", sys.executable):
        return
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def executed(sample_output):
    out = sample_output.out
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        # the kernel inherits this process's environment
        mp.setenv("PIPELINE_PROCESSED_DIR", str(out))
        mp.setenv("MPLBACKEND", "Agg")
        mp.setenv("PYTHONPATH", str(ROOT))  # this checkout's pipeline/ (the charts), not another install's
        mp.setenv("JUPYTER_PREFER_ENV_PATH", "1")  # the venv's kernel spec before a user's
        ensure_kernel()
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = NotebookClient(nb, timeout=300, kernel_name=KERNEL,
                                resources={"metadata": {"path": str(ROOT / "notebooks")}})
        client.execute()
    return nb, out


def outputs(nb):
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def test_the_notebook_runs_without_errors(executed):
    nb, out = executed
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code)
    assert str(out) in text_of(code[0])  # it read the tables of PIPELINE_PROCESSED_DIR


def test_the_chart_is_an_inline_png(executed):
    nb, _ = executed
    assert any("image/png" in o.get("data", {}) for o in outputs(nb))


def test_the_multi_source_event_shows_at_least_two_mentions(executed):
    nb, _ = executed
    cell = next(c for c in nb.cells if "multi-source-event" in c.metadata.get("tags", []))
    printed = text_of(cell)
    header = re.match(r"(evt_[0-9a-f]+): .*, (\d+) source\(s\), (\d+) mention\(s\)", printed)
    assert header, printed
    listed = re.findall(r"^\[(\d+)\] ", printed, flags=re.M)
    assert len(listed) == int(header.group(3)) >= 2
    assert int(header.group(2)) >= 2


@pytest.mark.parametrize("cwd", ["root", "notebooks"])
def test_without_the_variable_it_reads_processed_from_the_root_or_notebooks(executed, tmp_path, cwd):
    _, out = executed
    repo = tmp_path / "repo"
    (repo / "pipeline").mkdir(parents=True)
    (repo / "notebooks").mkdir()
    (repo / "notebooks" / "events.py").write_bytes(SOURCE.read_bytes())
    (repo / "processed").mkdir()
    for table in out.iterdir():
        if table.is_file():
            (repo / "processed" / table.name).write_bytes(table.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_PROCESSED_DIR"}
    env["MPLBACKEND"] = "Agg"
    env["PYTHONPATH"] = str(ROOT)  # the notebook's charts come from this checkout's pipeline/
    here = repo if cwd == "root" else repo / "notebooks"
    script = "notebooks/events.py" if cwd == "root" else "events.py"
    run = subprocess.run([sys.executable, script], cwd=here, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{(repo / 'processed').resolve()}: ")
    assert sorted(p.name for p in (repo / "processed").iterdir()) == sorted(p.name for p in out.iterdir() if p.is_file())


def test_the_ipynb_is_in_sync_with_its_py_source():
    def cells(path):
        return [(c.cell_type, c.source) for c in jupytext.read(path).cells]

    stale = "notebooks/events.ipynb is stale: run `.venv/bin/jupytext --to ipynb --update notebooks/events.py`"
    assert [s for t, s in cells(NOTEBOOK) if t == "code"] == [s for t, s in cells(SOURCE) if t == "code"], stale
    assert cells(NOTEBOOK) == cells(SOURCE), stale
    assert not outputs(nbformat.read(NOTEBOOK, as_version=4)), "commit the notebook without outputs"
