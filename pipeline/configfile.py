"""Reading a configuration file: one message naming the file for a missing or malformed one."""

from __future__ import annotations

import tomllib
from pathlib import Path


def read_toml(path: Path | str, what: str, error: type[Exception]) -> dict:
    """The TOML of ``path``; ``error`` (the caller's config error) when it is missing or not TOML,
    e.g. "config/dates.toml: dates file not found"."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: {what} file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
