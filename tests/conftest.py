"""Shared paths and fixtures: the bundled seeds, and the shared corpus when it sits beside the repo."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "corpus" / "seeds"
SEED_GOLD = ROOT / "corpus" / "gold" / "seeds"
SHARED_GOLD = ROOT / "corpus" / "gold" / "shared"
SHARED_DOCS = ROOT.parent / "shared" / "corpus" / "docs"
SHARED2_DOCS = ROOT.parent / "shared" / "corpus" / "docs2"


@pytest.fixture
def shared_docs() -> Path:
    if not SHARED_DOCS.is_dir():
        pytest.skip(f"the shared corpus is not at {SHARED_DOCS}")
    return SHARED_DOCS


@pytest.fixture
def shared2_docs() -> Path:
    if not SHARED2_DOCS.is_dir():
        pytest.skip(f"the second batch is not at {SHARED2_DOCS}")
    return SHARED2_DOCS
