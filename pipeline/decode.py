"""Bytes to text for archived pages, robust to missing and wrong charset declarations."""

from __future__ import annotations

from email.message import Message
from functools import lru_cache

from bs4.dammit import UnicodeDammit


@lru_cache(maxsize=1024)
def declared_charset(content_type: str) -> str | None:
    """The charset a Content-Type header declares, lower case (kept per header: a run has few)."""
    if not content_type:
        return None
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_param("charset")
    return str(charset).strip().lower() if charset else None


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a page; returns ``(text, encoding used)``.

    Strict UTF-8 is tried first: bytes that decode as UTF-8 almost never are anything else,
    and this rescues pages whose server declares latin-1 while sending UTF-8. A page that is
    UTF-8 but for a few bad bytes stays UTF-8, the bad bytes replaced (``_nearly_utf8``),
    instead of falling through to a charset in which all its text is mojibake. Then the HTTP
    header, then a byte-order mark or ``<meta charset>``, then statistical detection; each
    candidate must decode without errors. UnicodeDammit (beautifulsoup4) runs that sequence.
    """
    header = declared_charset(content_type)
    if (bad := _nearly_utf8(body)) is not None:
        return body.decode("utf-8", errors="replace"), f"utf-8 (with replacement characters: {bad} invalid byte sequence(s))"
    dammit = UnicodeDammit(
        body,
        known_definite_encodings=["utf-8"],
        user_encodings=[header] if header else [],
        is_html=True,
    )
    encoding = (dammit.original_encoding or "utf-8").lower()
    declared = {"utf-8", "ascii", header, (dammit.declared_html_encoding or "").lower()}
    if dammit.unicode_markup is None or (encoding not in declared and not _plausible(body)):
        # nothing decoded strictly, or only a statistical guess that reads as noise: keep what
        # can be kept, visibly marked, instead of inventing text in an arbitrary charset
        return body.decode("utf-8", errors="replace"), "utf-8 (with replacement characters)"
    return dammit.unicode_markup, encoding


NEARLY_UTF8_RATIO = 20  # valid multi-byte characters per invalid sequence, at least


def _nearly_utf8(body: bytes) -> int | None:
    """The number of invalid sequences when the body is UTF-8 text with a few of them (many
    valid multi-byte characters, which text in a legacy charset almost never has); else None."""
    try:
        body.decode("utf-8")
        return None  # valid UTF-8: the usual path decodes it
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count("\ufffd".encode("utf-8"))  # U+FFFD sent as such is no error
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    return bad if multibyte >= NEARLY_UTF8_RATIO * bad else None


def _plausible(body: bytes) -> bool:
    """Whether charset detection found an encoding in which the bytes read as language."""
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return best is not None and best.chaos <= 0.2


def looks_like_html(body: bytes) -> bool:
    """For responses without a usable Content-Type: a markup start and no NUL bytes."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"\x00" in body[:1024]:
        return False
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title"))
