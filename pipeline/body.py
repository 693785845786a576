"""Reading one response body within the crawler's caps, and judging whether a whole one looks
broken.

The body is read from the socket as it arrives (``read1``) and decompressed here, so that three
limits hold whatever the server does: the decoded size (a gzip bomb stops at the cap), the wall
clock (a server dripping one byte a second is cut at ``max_response_seconds``: every wait on the
socket is shortened to the time left) and the end of the compressed stream (a gzip stream cut in
transit is seen as cut, not as a short page).
"""

from __future__ import annotations

import re
import time
import zlib
from http import HTTPStatus

import requests
from bs4 import BeautifulSoup
from urllib3.exceptions import HTTPError as Urllib3Error

from .archive import is_html_type
from .decode import looks_like_html

READ_CHUNK = 16 * 1024
GENERIC_TYPES = ("", "text/plain", "application/octet-stream")
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers must parse at least the first 500 KiB
ACCEPT_ENCODING = "gzip, deflate"  # the encodings decoded here; servers must not send others


def read_body(
    response: requests.Response, *, max_bytes: int, max_seconds: float, expect_html: bool = True
) -> tuple[bytes, str]:
    """``(body, why it is incomplete or not read, "" when whole)``. Non-HTML bodies are not
    read at all when ``expect_html``; bodies over ``max_bytes`` are cut at it."""
    content_type = response.headers.get("Content-Type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if expect_html and response.status_code == 200 and media not in GENERIC_TYPES and not is_html_type(content_type):
        return b"", f"not HTML: Content-Type {media!r}, body not read"
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    declared = response.headers.get("Content-Length", "")
    if expect_html and declared.isdigit() and int(declared) > max_bytes and not encoding:
        return b"", f"body of {int(declared)} bytes exceeds max_body_bytes={max_bytes}, not read"
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        return b"", f"unsupported Content-Encoding {encoding!r}, body not read"
    decoder = _Decoder(encoding, max_bytes)
    deadline = time.monotonic() + max_seconds
    too_slow = f"body took longer than max_response_seconds={max_seconds:g}, truncated"
    sock = _socket(response)
    read_timeout = sock.gettimeout() if sock is not None else None
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return decoder.body(), too_slow
            if sock is not None:  # no single wait may outlast the deadline
                sock.settimeout(remaining if read_timeout is None else min(read_timeout, remaining))
            chunk = response.raw.read1(READ_CHUNK, decode_content=False)
            if not chunk:
                break
            decoder.feed(chunk)
            if decoder.size > max_bytes:
                return decoder.body(), f"body exceeds max_body_bytes={max_bytes} (decoded), truncated"
    except (Urllib3Error, OSError) as exc:
        if time.monotonic() >= deadline:
            return decoder.body(), too_slow
        return decoder.body(), f"body cut off after {decoder.size} bytes ({exc.__class__.__name__}), truncated"
    except zlib.error as exc:
        return decoder.body(), f"{encoding} stream is corrupt ({exc}), truncated"
    if not decoder.finished():
        return decoder.body(), f"{encoding} stream ends before its end (cut in transit), truncated"
    body = decoder.body()
    if expect_html and response.status_code == 200 and media in GENERIC_TYPES and not looks_like_html(body):
        return b"", f"not HTML: Content-Type {media or 'missing'!r} and the body does not look like HTML"
    return body, ""


def _socket(response: requests.Response):  # noqa: ANN202 - a socket.socket or None
    """The connection's socket, to bound each wait by the deadline (None when not on a socket,
    as for the sample's folder adapter)."""
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    return sock if hasattr(sock, "settimeout") else None


class _Decoder:
    """Content-Encoding undone chunk by chunk, never producing more than ``limit + 1`` bytes."""

    def __init__(self, encoding: str, limit: int):
        self.encoding = encoding
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        self._z = None
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._raw_deflate: bool | None = None

    def feed(self, data: bytes) -> None:
        if self.encoding == "deflate" and self._z is None:  # zlib-wrapped, or raw as some servers send
            self._raw_deflate = not (len(data) >= 2 and (data[0] & 0x0F) == 8 and int.from_bytes(data[:2], "big") % 31 == 0)
            self._z = zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)
        if self._z is None:
            self._add(data)
            return
        while data and self.size <= self.limit:
            if self._z.eof:  # a second gzip member follows the first
                data = self._z.unused_data + data if self._z.unused_data else data
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._add(self._z.decompress(data, self.limit + 1 - self.size))
            data = self._z.unconsumed_tail

    def _add(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)

    def finished(self) -> bool:
        return self._z is None or self._z.eof or (self.encoding == "deflate" and self._raw_deflate and not self.size)

    def body(self) -> bytes:
        return b"".join(self.chunks)[: self.limit]


# -- whole bodies that look broken --------------------------------------------------------------

BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "gzip data", b"RIFF": "a RIFF (WebP/WAV) file",
}
# an HTTP error in a page's title or main heading: a part that is only a 4xx/5xx status code
# ("404 | Example News"), a reason phrase of one (from the standard library's list; one-word
# phrases such as "Conflict" or "Gone" are left out, they title articles too), or the word error
_PHRASES = sorted({s.phrase.lower() for s in HTTPStatus if 400 <= s.value < 600 and " " in s.phrase}, key=len, reverse=True)
ERROR_TITLE_RE = re.compile(
    r"\b(?:error|forbidden|unauthorized|access denied|does not exist|" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.I
)
STATUS_PART_RE = re.compile(r"^(?:http\s*|error\s*)?[45]\d\d$", re.I)
ERROR_PAGE_MAX_WORDS = 150  # an article about an error is longer than an error page
ERROR_PAGE_MAX_BYTES = 256 * 1024  # and larger pages are not parsed to find out


_TEXT_OUTSIDE_CODE = "//text()[not(ancestor::script or ancestor::style or ancestor::template or ancestor::noscript)]"


def surely_more_words(body: bytes, limit: int) -> bool:
    """Whether the page's text has more than ``limit`` words, counted cheaply with lxml (a
    BeautifulSoup tree costs ten times more, and most pages are far longer than an error page).
    The count leaves out everything BeautifulSoup might leave out, so it never says more than
    ``get_text`` would; a page near the limit is left to the exact count."""
    from lxml import etree

    try:
        parser = etree.HTMLParser(recover=True)
        parser.feed(body.decode("utf-8", "replace"))
        root = parser.close()
        if root is None:
            return False
        words = 0
        for text in root.xpath(_TEXT_OUTSIDE_CODE):
            words += len(text.split())
            if words > limit:
                return True
    except (etree.LxmlError, ValueError):
        pass
    return False


def looks_broken(body: bytes) -> str:
    """Why a whole 200 response served as HTML is not a usable copy of the page, or ``""``:
    an empty body, bytes that are no markup, or a short page whose title or first heading
    announces an HTTP error (a "soft 404")."""
    head = body[:4096]
    if not body.strip():
        return "empty body"
    for signature, what in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return f"served as HTML but the bytes are {what}"
    if b"\x00" in head or b"<" not in head:
        return "served as HTML but the bytes are not markup"
    if len(body) > ERROR_PAGE_MAX_BYTES or surely_more_words(body, 2 * ERROR_PAGE_MAX_WORDS):
        return ""
    soup = BeautifulSoup(body, "lxml")
    words = len(soup.get_text(" ", strip=True).split())
    if words > ERROR_PAGE_MAX_WORDS:
        return ""
    for tag in (soup.title, soup.find(["h1", "h2"])):
        text = tag.get_text(" ", strip=True) if tag is not None else ""
        if text and (ERROR_TITLE_RE.search(text) or any(STATUS_PART_RE.match(part.strip()) for part in re.split(r"[|:\u2013\u2014-]", text))):
            return f"an error page ({words} words, {tag.name} {text[:80]!r})"
    return ""
