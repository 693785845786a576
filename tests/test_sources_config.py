"""Every unusable sources file or output path: exit code 2 and one line naming it, never a traceback.

Each case goes through the real command line in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sources import ConfigError, parse_sources

ROOT = Path(__file__).resolve().parent.parent
GOOD_SOURCE = '[[sources]]\nname = "ok"\npublisher = "P"\nstart_urls = ["https://example.org/"]\n'
FETCH = '[fetch]\nuser_agent = "labour-rights-events-tests/0.1 (contact: tests@example.org)"\n'


def pipeline(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=120)


def assert_one_line_exit_2(done: subprocess.CompletedProcess, *expected: str) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0], (text, lines[0])
    return lines[0]


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "sources.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_sources_file_that_is_not_utf8(tmp_path):
    path = write(tmp_path, FETCH.encode() + GOOD_SOURCE.replace("P", "Profsoyuz \xe9").encode("latin-1"))
    assert_one_line_exit_2(pipeline("fetch", "--sources", path, "--raw", tmp_path / "raw"), str(path), "not UTF-8")


def test_sources_file_that_cannot_be_read(tmp_path):
    folder = tmp_path / "sources.toml"
    folder.mkdir()  # a directory where a file should be: unreadable as a file, even for root
    assert_one_line_exit_2(pipeline("fetch", "--sources", folder, "--raw", tmp_path / "raw"), str(folder), "cannot be read")


def test_sources_file_that_is_missing_or_not_toml(tmp_path):
    missing = tmp_path / "nowhere.toml"
    assert_one_line_exit_2(pipeline("process", "--sources", missing, "--raw", tmp_path), str(missing), "not found")
    broken = write(tmp_path, "[[sources]\nname = ")
    assert_one_line_exit_2(pipeline("fetch", "--sources", broken, "--raw", tmp_path / "raw"), str(broken), "not valid TOML")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("max_depth", "true", "valid integer"),
        ("max_pages", "2.0", "valid integer"),
        ("max_depth", '"1"', "valid integer"),
        ("enabled", '"yes"', "valid boolean"),
        ("allowed_domains", '"example.org"', "valid tuple"),
    ],
)
def test_types_are_strict(tmp_path, field, value, message):
    path = write(tmp_path, FETCH + GOOD_SOURCE + f"{field} = {value}\n")
    assert_one_line_exit_2(pipeline("fetch", "--sources", path, "--raw", tmp_path / "raw"),
                           str(path), f"source 'ok' (sources[0]).{field}", message)


@pytest.mark.parametrize("field, value", [("delay_seconds", '"2"'), ("max_retries", "true"), ("max_body_bytes", "1e6")])
def test_fetch_settings_are_strict(tmp_path, field, value):
    path = write(tmp_path, FETCH + f"{field} = {value}\n" + GOOD_SOURCE)
    assert_one_line_exit_2(pipeline("fetch", "--sources", path, "--raw", tmp_path / "raw"), str(path), f"fetch.{field}")


def test_numbers_where_a_number_is_asked_for_still_pass():
    config = parse_sources({"fetch": {"delay_seconds": 1, "max_response_seconds": 2.5},
                            "sources": [{"name": "ok", "publisher": "P", "start_urls": ["https://example.org/"]}]})
    assert config.fetch.delay_seconds == 1.0 and config.sources[0].start_urls == ("https://example.org/",)


@pytest.mark.parametrize("agent", ["", "   ", "labour-rights-events/0.1", "crawler (contact: the maintainers)"])
def test_user_agent_needs_a_contact(tmp_path, agent):
    path = write(tmp_path, f'[fetch]\nuser_agent = "{agent}"\n' + GOOD_SOURCE)
    assert_one_line_exit_2(pipeline("fetch", "--sources", path, "--raw", tmp_path / "raw"), str(path), "fetch.user_agent")


@pytest.mark.parametrize("agent", ["bot/1.0 (+https://union.example.org/crawler)", "bot/1.0 (ops@union.example.org)"])
def test_user_agent_with_a_url_or_an_email_is_accepted(agent):
    sources = [{"name": "ok", "publisher": "P", "start_urls": ["https://example.org/"]}]
    assert parse_sources({"fetch": {"user_agent": agent}, "sources": sources}).fetch.user_agent == agent


def test_several_problems_are_one_line_naming_each():
    with pytest.raises(ConfigError) as error:
        parse_sources({"sources": [{"name": "Bad Name", "publisher": 3, "start_urls": ["ftp://x/"]}]}, "s.toml")
    message = str(error.value)
    assert "\n" not in message and message.startswith("s.toml: 3 problem(s)")
    assert ".name" in message and ".publisher" in message and ".start_urls" in message


def unusable_paths(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    return {
        "a file": a_file,
        "under a file": a_file / "sub",
        "cannot be created": Path("/proc/self/no-such-folder"),
        "read-only folder": Path("/proc/self"),  # no one, root included, creates files there
    }


@pytest.fixture
def sources(tmp_path) -> Path:
    return write(tmp_path, FETCH + GOOD_SOURCE)


@pytest.mark.parametrize("kind", ["a file", "under a file", "cannot be created", "read-only folder"])
@pytest.mark.parametrize("command", ["fetch", "run"])
def test_unusable_raw_folder_for_writing(tmp_path, sources, command, kind):
    bad = unusable_paths(tmp_path)[kind]
    extra = ["--out", tmp_path / "out"] if command == "run" else []
    assert_one_line_exit_2(pipeline(command, "--sources", sources, "--raw", bad, *extra), "--raw", str(bad))


def test_raw_that_is_a_file_for_process(tmp_path, sources):
    bad = unusable_paths(tmp_path)["a file"]
    assert_one_line_exit_2(pipeline("process", "--sources", sources, "--raw", bad, "--out", tmp_path / "out"), "--raw", str(bad))


@pytest.mark.parametrize("kind", ["a file", "under a file", "cannot be created", "read-only folder"])
@pytest.mark.parametrize("command", ["process", "run"])
def test_unusable_out_folder(tmp_path, sources, command, kind):
    bad = unusable_paths(tmp_path)[kind]
    assert_one_line_exit_2(pipeline(command, "--sources", sources, "--raw", ROOT / "raw", "--out", bad, "--offline" if command == "run" else "-q"),
                           "--out", str(bad))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into chmod-read-only folders; see the /proc/self cases")
@pytest.mark.parametrize("command, option", [("fetch", "--raw"), ("process", "--out"), ("run", "--out")])
def test_read_only_folder(tmp_path, sources, command, option):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        args = {"--raw": ["--raw", folder], "--out": ["--raw", ROOT / "raw", "--out", folder]}[option]
        assert_one_line_exit_2(pipeline(command, "--sources", sources, *args), option, str(folder), "cannot be written")
    finally:
        folder.chmod(0o755)
