import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # so tests can import site_server


@dataclass(frozen=True)
class SampleOutput:
    out: Path  # every table of one `process` run over the shipped sample; read it, do not write it
    result: object  # the run's ProcessResult
    decisions: Path  # the (empty) decisions file it applied


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> SampleOutput:
    """One `process` run over the shipped sample, shared by the tests that only read tables."""
    from pipeline.archive import Archive
    from pipeline.process import process_archive
    from pipeline.sources import load_sources

    out = tmp_path_factory.mktemp("sample-processed")
    decisions = tmp_path_factory.mktemp("sample-review") / "decisions.jsonl"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # settings name config files relative to the repository root
        result = process_archive(Archive(ROOT / "raw"), load_sources(ROOT / "config" / "sources.toml"), out, decisions_file=decisions)
    return SampleOutput(out, result, decisions)
