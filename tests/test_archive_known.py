"""The archive's listing remembers the records it read back whole (``pipeline.known_intact``):
a later listing reads none of them again while their WARC file is unchanged, lists the same
pages, and a file changed since (a damaged record) is read and checked again."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import archive as archive_module
from pipeline.archive import Archive
from test_archive_damage import NEW_RUN, OLD_RUN, WARC_NAME, two_run_archive  # the sample plus a later run of the same responses


@pytest.fixture()
def reads(monkeypatch) -> list:
    """Every record read back, as (warc file name, offset)."""
    seen = []
    real = archive_module.read_record

    def counted(warc, offset, sha256=""):
        seen.append((Path(warc).parent.name, offset))
        return real(warc, offset, sha256)

    monkeypatch.setattr(archive_module, "read_record", counted)
    return seen


def test_a_second_listing_reads_no_record_and_lists_the_same_pages(tmp_path, reads):
    raw, memory = two_run_archive(tmp_path), tmp_path / "cache" / "intact.json"
    plain = Archive(raw).good_pages()
    assert reads and len(plain) > 5
    reads.clear()
    first = Archive(raw).good_pages(known=memory)
    assert first == plain and len(reads) == len(plain) and memory.is_file()
    reads.clear()
    second = Archive(raw).good_pages(known=memory)
    assert second == plain and reads == []


@pytest.mark.parametrize("damage", ["bytes changed in a record", "memory damaged"])
def test_a_changed_file_or_a_damaged_memory_is_checked_again(tmp_path, reads, damage):
    raw, memory = two_run_archive(tmp_path), tmp_path / "cache" / "intact.json"
    listed = Archive(raw).good_pages(known=memory)
    target = max((c for c in listed if c.run_id == NEW_RUN), key=lambda c: c.length)
    if damage == "memory damaged":
        memory.write_text('{"format": 1, "files": {"runs/x": ', encoding="utf-8")
    else:
        warc = raw / "runs" / NEW_RUN / WARC_NAME
        data = bytearray(warc.read_bytes())
        data[target.offset + target.length // 2] ^= 0xFF
        warc.write_bytes(bytes(data))  # the same size, a later modification time
    reads.clear()
    archive = Archive(raw)
    again = archive.good_pages(known=memory)
    assert (NEW_RUN, target.offset) in reads
    if damage == "memory damaged":
        assert again == listed and not archive.warnings
    else:
        assert {c.url: c.run_id for c in again}[target.url] == OLD_RUN  # the damaged copy is no good copy
        assert len(archive.warnings) == 1 and NEW_RUN in archive.warnings[0]
        assert [c for c in again if c.url != target.url] == [c for c in listed if c.url != target.url]
        reads.clear()
        assert Archive(raw).good_pages(known=memory) == again and (NEW_RUN, target.offset) in reads  # never remembered as intact
