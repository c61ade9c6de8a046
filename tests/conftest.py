"""Shared paths and fixtures: the bundled seeds, and the shared corpus when it sits beside the repo."""

from __future__ import annotations

import sys
import unicodedata
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


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tones combining."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        out.append(
            unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            + "".join(c for c in d if c in _TONES)
        )
    return "".join(out).encode("cp1258")
