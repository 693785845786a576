"""One form for every text the cleaner keeps: NFC, one kind of space, no invisible or control
characters, no space before closing punctuation (so two copies of a text compare equal)."""

from __future__ import annotations

import re
import unicodedata

SPACES = re.compile(r"[ \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# C0 and C1 control characters (and lone surrogates from numeric entities): never text.
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
LINE_BREAKS = re.compile(r"[\n\x85\u2028\u2029]")
SPACE_BEFORE = re.compile(r"\s+(?=[,.;:!?%)\]}”’»](?:\s|$|[,.;:!?)\]”’»]))")
SPACE_AFTER = re.compile(r"(?<=[(\[{“«])\s+")


def normalise_text(text: str) -> str:
    """NFC, one kind of space, no invisible or control characters, no space before closing
    punctuation."""
    text = CONTROLS.sub("", text)
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = LINE_BREAKS.sub(" ", SPACES.sub(" ", text))
    text = re.sub(r" {2,}", " ", text).strip()
    text = SPACE_BEFORE.sub("", text)
    return SPACE_AFTER.sub("", text)
