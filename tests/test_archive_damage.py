"""A damaged archive is read up to the damage, says where it is, and loses no good copy.

The archive here is the shipped sample snapshot plus a second, later run holding the same
responses (as a refresh that found every page changed would), so every page of the damaged run
has an older good copy to fall back on.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.archive import CAPTURES_NAME, WARC_NAME, Archive, read_captures
from pipeline.process import read_pages
from pipeline.sample import build_sample
from pipeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "raw"
OLD_RUN = "20261122T143106Z"
NEW_RUN = "20261122T150000Z"  # sorts after the shipped run: its copies are the latest


def two_run_archive(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(SHIPPED, raw)
    old, new = raw / "runs" / OLD_RUN, raw / "runs" / NEW_RUN
    shutil.copytree(old, new)
    lines = []
    for line in (old / CAPTURES_NAME).read_text(encoding="utf-8").splitlines():
        capture = json.loads(line)
        capture["run_id"], capture["warc_file"] = NEW_RUN, f"runs/{NEW_RUN}/{WARC_NAME}"
        lines.append(json.dumps(capture))
    (new / CAPTURES_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def new_run_captures(raw: Path) -> list[dict]:
    return [json.loads(line) for line in (raw / "runs" / NEW_RUN / CAPTURES_NAME).read_text(encoding="utf-8").splitlines()]


def every_page_readable(archive: Archive) -> dict[str, str]:
    """url -> run_id of its good copy, after reading every body as `process` does."""
    pages = archive.good_pages()
    for page, capture in zip(read_pages(archive, pages), pages):
        assert not hasattr(page, "reason"), page  # a Reject: the body could not be read
        assert hashlib.sha256(page.body).hexdigest() == capture.sha256
    return {c.url: c.run_id for c in pages}


@pytest.fixture(scope="module")
def shipped_pages() -> set[str]:
    return {c.url for c in Archive(SHIPPED).good_pages()}


def html_captures(raw: Path) -> list[dict]:
    return [c for c in new_run_captures(raw) if c["status"] == 200 and c["page_kind"] != "robots"]


@pytest.mark.parametrize("where", ["inside a response record", "between records", "after the first record"])
def test_cut_warc_is_read_up_to_its_last_whole_record(tmp_path, shipped_pages, where):
    raw = two_run_archive(tmp_path)
    warc = raw / "runs" / NEW_RUN / WARC_NAME
    pages = html_captures(raw)
    middle = pages[len(pages) // 2]
    cut = {
        "inside a response record": middle["offset"] + middle["length"] // 2,
        "between records": middle["offset"],
        "after the first record": pages[0]["offset"] + pages[0]["length"],
    }[where]
    warc.write_bytes(warc.read_bytes()[:cut])

    archive = Archive(raw)
    found = every_page_readable(archive)
    assert set(found) == shipped_pages  # nothing lost: the cut pages fall back on the older run
    whole = {c["url"] for c in html_captures(raw) if c["offset"] + c["length"] <= cut}
    assert whole and all(found[url] == NEW_RUN for url in whole)  # records before the cut are used
    assert {run for url, run in found.items() if url not in whole} == {OLD_RUN}
    assert len(archive.warnings) == 1 and str(warc) in archive.warnings[0] and "damaged" in archive.warnings[0]


@pytest.mark.parametrize("damage", ["stored sha256 differs", "bytes changed in the record"])
def test_body_not_matching_its_sha256_is_no_good_copy(tmp_path, damage):
    raw = two_run_archive(tmp_path)
    captures = new_run_captures(raw)
    target = max(html_captures(raw), key=lambda c: c["length"])
    if damage == "stored sha256 differs":
        for capture in captures:
            if capture["offset"] == target["offset"]:
                capture["sha256"] = hashlib.sha256(b"another body").hexdigest()
        (raw / "runs" / NEW_RUN / CAPTURES_NAME).write_text("".join(json.dumps(c) + "\n" for c in captures), encoding="utf-8")
    else:
        warc = raw / "runs" / NEW_RUN / WARC_NAME
        data = bytearray(warc.read_bytes())
        spot = target["offset"] + target["length"] // 2
        data[spot] ^= 0xFF
        warc.write_bytes(bytes(data))

    archive = Archive(raw)
    good = archive.latest_good(target["url"])
    assert good is not None and good.run_id == OLD_RUN  # the previous good copy stays the last one
    assert every_page_readable(archive)[target["url"]] == OLD_RUN
    assert len(archive.warnings) == 1 and WARC_NAME in archive.warnings[0] and NEW_RUN in archive.warnings[0]


def test_bad_index_lines_are_skipped_naming_file_and_line(tmp_path, shipped_pages):
    raw = two_run_archive(tmp_path)
    index = raw / "runs" / NEW_RUN / CAPTURES_NAME
    lines = index.read_text(encoding="utf-8").splitlines()
    wrong_type = json.loads(lines[3])
    wrong_type["offset"] = "401"
    lines[1] = '{"run_id": "20261122T150000Z", "url": '  # cut mid-line
    lines[2] = "[1, 2, 3]"
    lines[3] = json.dumps(wrong_type)
    lines[4] = json.dumps({"unexpected": True})
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")

    archive = Archive(raw)
    assert set(every_page_readable(archive)) == shipped_pages
    assert len(archive.warnings) == 4
    for number, warning in zip((2, 3, 4, 5), archive.warnings):
        assert f"{index}:{number}:" in warning and "skipped" in warning
    assert "not JSON" in archive.warnings[0] and "'offset'" in archive.warnings[2]
    assert len(archive.captures) == 2 * len(lines) - 4


def test_fetch_goes_on_over_a_damaged_archive(tmp_path):
    raw = two_run_archive(tmp_path)
    warc = raw / "runs" / NEW_RUN / WARC_NAME
    warc.write_bytes(warc.read_bytes()[: warc.stat().st_size // 2])
    config = load_sources(ROOT / "config" / "sources.toml")
    report = build_sample(config, ROOT / "tests" / "fixture_site" / "sites", raw)  # the real crawler, no network
    assert report.run_dir is not None
    assert any(str(warc) in w for w in report.warnings)
    assert not report.counts().get("failed")
    assert {c.url for c in Archive(raw).good_pages()} >= {c.url for c in Archive(SHIPPED).good_pages()}


def test_process_command_goes_on_over_a_cut_archive(tmp_path, shipped_pages):
    raw = two_run_archive(tmp_path)
    warc = raw / "runs" / NEW_RUN / WARC_NAME
    warc.write_bytes(warc.read_bytes()[: warc.stat().st_size // 3])
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "process", "--raw", str(raw), "--out", str(out), "-q",
         "--decisions", str(tmp_path / "decisions.jsonl")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert sum(str(warc) in line for line in done.stderr.splitlines()) == 1
    pages = pd.read_parquet(out / "pages.parquet")
    assert set(pages["url"]) == shipped_pages


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=80), st.builds(json.dumps, st.dictionaries(st.text(max_size=10), st.integers()))), max_size=5))
def test_any_index_line_is_a_capture_or_a_warning(tmp_path, lines):
    good = (SHIPPED / "runs" / OLD_RUN / CAPTURES_NAME).read_text(encoding="utf-8").splitlines()[0]
    index = tmp_path / "captures.jsonl"
    text = "\n".join([good, *(line.replace("\n", " ").replace("\r", " ") for line in lines)]) + "\n"
    index.write_text(text, encoding="utf-8")
    warnings: list[str] = []
    captures = read_captures(index, warnings)
    assert captures[0].url.startswith("https://")
    assert len(captures) + len(warnings) == sum(1 for line in text.split("\n") if line.strip())  # a file splits at newlines only
    assert all(w.startswith(f"raw: {index}:") for w in warnings)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_a_warc_cut_anywhere_loses_no_page(tmp_path_factory, shipped_pages, fraction):
    raw = two_run_archive(tmp_path_factory.mktemp("cut"))
    warc = raw / "runs" / NEW_RUN / WARC_NAME
    data = warc.read_bytes()
    warc.write_bytes(data[: int(len(data) * fraction)])
    archive = Archive(raw)
    assert set(every_page_readable(archive)) == shipped_pages
    assert len(archive.warnings) <= 1


def test_run_without_its_index_is_ignored_with_a_warning(tmp_path, shipped_pages):
    raw = two_run_archive(tmp_path)
    (raw / "runs" / NEW_RUN / CAPTURES_NAME).unlink()
    archive = Archive(raw)
    assert archive.runs == [OLD_RUN] and set(every_page_readable(archive)) == shipped_pages
    assert len(archive.warnings) == 1 and NEW_RUN in archive.warnings[0] and CAPTURES_NAME in archive.warnings[0]
