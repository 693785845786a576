"""Run a snippet of Python in fresh processes under several hash seeds, for the tests that a
value does not depend on the order sets and dicts of strings are walked in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def outputs_per_hash_seed(code: str, seeds: tuple[str, ...] = ("1", "2", "3")) -> set[str]:
    """The distinct stripped outputs of ``code`` run from the project root under each seed."""
    return {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300).stdout.strip()
            for seed in seeds}
