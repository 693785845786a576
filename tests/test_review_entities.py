"""Entity merges do what the reviewer asked and nothing else: a spelling another entity owns is
refused (moved only with --force), a canonical that is not there needs --new and gets a "did
you mean", the alias file keeps its mode, quoting and order, and every merge is also a line in
the judgements file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.entities import EntityResolver

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def aliases(tmp_path) -> Path:
    path = tmp_path / "aliases.csv"
    shutil.copy(ROOT / "config" / "countries" / "KZ" / "aliases.csv", path)  # the people and bodies of the sample
    os.chmod(path, 0o664)
    return path


def merge(aliases: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "review", "--aliases", str(aliases), "--reviewer", "merger",
                           "--decisions", str(tmp_path / "review" / "decisions.jsonl"), "--merge-entity", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def judgements(tmp_path: Path) -> list[dict]:
    path = tmp_path / "review" / "entity_merges.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_spelling_another_person_owns_is_refused_naming_both(aliases, tmp_path):
    before = aliases.read_bytes()
    done = merge(aliases, tmp_path, "Baltabay", "Larisa Kharkova")
    assert done.returncode == 1
    assert "'Baltabay' is a spelling of 'Erlan Baltabay'" in done.stderr and "'Larisa Kharkova'" in done.stderr
    assert "--force" in done.stderr
    assert aliases.read_bytes() == before and judgements(tmp_path) == []


def test_force_moves_the_spelling_and_touches_only_the_two_rows(aliases, tmp_path):
    before = aliases.read_text(encoding="utf-8").splitlines()
    done = merge(aliases, tmp_path, "Baltabay", "Larisa Kharkova", "--force")
    assert done.returncode == 0, done.stderr
    after = aliases.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(after) == len(before) and changed == [1, 2]  # Baltabay's row and Kharkova's, nothing else re-quoted
    assert "|Baltabay|" not in after[1] and after[2].split(",")[3].endswith("|Baltabay")
    resolver = EntityResolver.from_alias_file(aliases)
    assert resolver is not None
    [line] = judgements(tmp_path)
    assert line["moved_from"] == "Erlan Baltabay" and line["canonical"] == "Larisa Kharkova" and line["reviewer"] == "merger"


def test_an_unknown_canonical_gets_did_you_mean_and_needs_new(aliases, tmp_path):
    before = aliases.read_bytes()
    done = merge(aliases, tmp_path, "L. Karkova", "Larisa Karkova")
    assert done.returncode == 1
    assert "did you mean 'Larisa Kharkova'" in done.stderr and "--new" in done.stderr
    assert aliases.read_bytes() == before
    done = merge(aliases, tmp_path, "O. Fisenko", "Olesya Fisenko", "--new")
    assert done.returncode == 0, done.stderr
    text = aliases.read_text(encoding="utf-8")
    assert text.startswith(before.decode("utf-8")) and text.endswith("Olesya Fisenko,PERSON,O. Fisenko,added in review\n")
    assert judgements(tmp_path)[0]["new"] is True


def test_the_alias_file_keeps_its_mode_and_its_quoting(aliases, tmp_path):
    before = aliases.read_text(encoding="utf-8").splitlines()
    done = merge(aliases, tmp_path, "Erlan Baltabai", "Erlan Baltabay")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(os.stat(aliases).st_mode) == 0o664
    after = aliases.read_text(encoding="utf-8").splitlines()
    assert after[0] == before[0] and after[2:] == before[2:]  # every other row byte for byte, quotes included
    assert after[1].startswith("per-erlan-baltabay,Erlan Baltabay,PERSON,Baltabay|Mr Baltabay|Mr. Baltabay|Erlan Baltabai,")
    assert after[1].endswith('"union leader; head of Decent Work, later of the fuel and energy union"')
    done = merge(aliases, tmp_path, "Erlan Baltabai", "Erlan Baltabay")  # again: nothing to do
    assert done.returncode == 0 and "already a spelling" in done.stdout
    assert len(judgements(tmp_path)) == 1


def test_a_merge_goes_to_the_country_table_that_holds_the_entity(tmp_path):
    """Kazakhstan's people live in config/countries/KZ/aliases.csv: a new spelling of one of them
    is written there, not into the global table of international bodies."""
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    global_before = (config / "aliases.csv").read_text(encoding="utf-8")
    done = merge(config / "aliases.csv", tmp_path, "Erlan Baltabaj", "Erlan Baltabay")
    assert done.returncode == 0, done.stderr
    assert (config / "aliases.csv").read_text(encoding="utf-8") == global_before
    kz = (config / "countries" / "KZ" / "aliases.csv").read_text(encoding="utf-8")
    assert "Erlan Baltabaj" in kz
    assert judgements(tmp_path)[-1]["entity_id"] == "per-erlan-baltabay"


def test_a_new_national_entity_named_on_the_command_line_goes_to_its_countrys_table(tmp_path):
    """`--new --country KZ`: a body the alias tables do not know yet is Kazakhstan's, so its row
    is written to config/countries/KZ/aliases.csv; a country that is not ISO 3166 is refused."""
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    global_before = (config / "aliases.csv").read_text(encoding="utf-8")
    kz_before = (config / "countries" / "KZ" / "aliases.csv").read_text(encoding="utf-8")
    refused = merge(config / "aliases.csv", tmp_path, "Zhanatas town court", "Zhanatas Town Court", "--new", "--label", "ORG",
                    "--country", "Kazakstann")
    assert refused.returncode == 2 and "--country" in refused.stderr and "nothing changed" in refused.stderr
    assert (config / "countries" / "KZ" / "aliases.csv").read_text(encoding="utf-8") == kz_before
    done = merge(config / "aliases.csv", tmp_path, "Zhanatas town court", "Zhanatas Town Court", "--new", "--label", "ORG",
                 "--country", "Kazakhstan")
    assert done.returncode == 0, done.stderr
    assert (config / "aliases.csv").read_text(encoding="utf-8") == global_before
    kz = (config / "countries" / "KZ" / "aliases.csv").read_text(encoding="utf-8")
    assert kz.startswith(kz_before) and "Zhanatas Town Court" in kz[len(kz_before):]
