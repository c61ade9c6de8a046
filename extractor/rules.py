"""Loads the declarative rule files in rules/ once per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@lru_cache(maxsize=1)
def rules() -> dict:
    """Every rules/*.yaml file, keyed by its stem ("kinds", "units", "deadlines", "directives")."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(RULES_DIR.glob("*.yaml"))}
