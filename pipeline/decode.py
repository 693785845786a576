"""Bytes to text for archived pages, robust to missing and wrong charset declarations."""

from __future__ import annotations

from email.message import Message

from bs4.dammit import UnicodeDammit


def declared_charset(content_type: str) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_param("charset")
    return str(charset).strip().lower() if charset else None


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a page; returns ``(text, encoding used)``.

    Strict UTF-8 is tried first: bytes that decode as UTF-8 almost never are anything else,
    and this rescues pages whose server declares latin-1 while sending UTF-8. Then the HTTP
    header, then a byte-order mark or ``<meta charset>``, then statistical detection; each
    candidate must decode without errors. UnicodeDammit (beautifulsoup4) runs that sequence.
    """
    header = declared_charset(content_type)
    dammit = UnicodeDammit(
        body,
        known_definite_encodings=["utf-8"],
        user_encodings=[header] if header else [],
        is_html=True,
    )
    if dammit.unicode_markup is None:  # nothing decoded strictly: keep what we can, visibly
        return body.decode("utf-8", errors="replace"), "utf-8 (with replacement characters)"
    return dammit.unicode_markup, dammit.original_encoding or "utf-8"


def looks_like_html(body: bytes) -> bool:
    """For responses without a usable Content-Type: a markup start and no NUL bytes."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"\x00" in body[:1024]:
        return False
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title"))
