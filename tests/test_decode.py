"""Bytes to text: a UTF-8 page with a few bad bytes stays UTF-8."""

from __future__ import annotations

import pytest

from pipeline.decode import decode_html
from site_server import CYRILLIC

PAGE = f"<html><head><title>Новости</title></head><body><p>{CYRILLIC}</p></body></html>"


def with_bad_bytes(text: str, bad: bytes, copies: int = 1) -> bytes:
    body = text.encode("utf-8")
    spot = body.index("Забастовка".encode("utf-8"))
    return body[:spot] + bad * copies + body[spot:]


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/html", "text/html; charset=windows-1251"])
@pytest.mark.parametrize("bad", [b"\xd0", b"\xff", b"\xe2\x80"], ids=["lone-lead-byte", "ff", "cut-sequence"])
def test_utf8_page_with_one_bad_byte_is_utf8_with_a_replacement(content_type, bad):
    text, encoding = decode_html(with_bad_bytes(PAGE, bad), content_type)
    assert CYRILLIC.replace("Забастовка", "\ufffdЗабастовка") in text  # every other character as sent
    assert encoding.startswith("utf-8") and "replacement" in encoding  # the note says bytes were replaced


def test_page_in_a_legacy_charset_is_still_decoded_as_such():
    body = PAGE.encode("cp1251")
    text, encoding = decode_html(body, "text/html; charset=windows-1251")
    assert CYRILLIC in text and encoding == "windows-1251"


def test_mostly_bad_bytes_are_not_taken_for_utf8():
    body = PAGE.encode("cp1251") + "Жанаозен".encode("utf-8")  # one valid UTF-8 word in a cp1251 page
    text, encoding = decode_html(body, "text/html; charset=windows-1251")
    assert CYRILLIC in text and encoding == "windows-1251"
