"""Where each gold document comes from, and the held-back shelf.

`corpus/gold/sources.csv` gives every gold document its set (seeds, shared, shared2), format, text
layer (yes, no = scan, garbled), collection (the public repository it came from, from the SOURCES
files of ../shared/corpus; each seed is its own source), kind and issuer. Validation grouped by
source holds out whole collections.

The shelf (`corpus/gold/shelf.txt`) is about a third of a batch, drawn once by `choose_shelf` with a
fixed seed: labelled and scored, never used to train a model, its errors never listed.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The gold of this checkout, each set beside the folder its documents are in
SEED_GOLD, SEED_DOCS = ROOT / "corpus" / "gold" / "seeds", ROOT / "corpus" / "seeds"
SHARED_GOLD, SHARED_DOCS = ROOT / "corpus" / "gold" / "shared", ROOT.parent / "shared" / "corpus" / "docs"
SHARED2_GOLD, SHARED2_DOCS = ROOT / "corpus" / "gold" / "shared2", ROOT.parent / "shared" / "corpus" / "docs2"
GOLD_SETS = [(SEED_GOLD, SEED_DOCS), (SHARED_GOLD, SHARED_DOCS), (SHARED2_GOLD, SHARED2_DOCS)]
SOURCES_CSV = ROOT / "corpus" / "gold" / "sources.csv"
SHELF_FILE = ROOT / "corpus" / "gold" / "shelf.txt"
SHELF_SEED = 20261201


@dataclass(frozen=True)
class SourceRow:
    set: str
    file: str
    format: str
    text_layer: str
    collection: str
    kind: str
    issuer: str

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def medium(self) -> str:
        """How the text is read: "text" (a text layer, DOCX, TXT, Markdown), "scan" (OCR of the page
        images) or "garbled" (a text layer that does not read as Vietnamese, OCR'd)."""
        return {"no": "scan", "garbled": "garbled"}.get(self.text_layer, "text")


def table(path: Path = SOURCES_CSV) -> dict[str, SourceRow]:
    """Stem -> its row of sources.csv."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r.stem: r for r in (SourceRow(**row) for row in csv.DictReader(fh))}


def choose_shelf(rows: list[SourceRow], seed: int = SHELF_SEED, every: int = 3) -> list[str]:
    """Every `every`-th document of the batch, counted from a random start, in an order that spreads
    the draw: by medium and format first, then collection, then a shuffle. So each format and each
    larger collection gives about its share, and the draw is fixed by the seed."""
    rng = random.Random(seed)
    shuffled = sorted(rows, key=lambda r: r.stem)
    rng.shuffle(shuffled)
    rank = {r.stem: k for k, r in enumerate(shuffled)}
    order = sorted(rows, key=lambda r: (r.medium, r.format, r.collection, rank[r.stem]))
    start = rng.randrange(every)
    return sorted(r.stem for r in order[start::every])


def shelf(path: Path = SHELF_FILE) -> set[str]:
    """The stems on the shelf (lines of shelf.txt; '#' starts a comment)."""
    if not path.is_file():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def groups(stems, rows: dict[str, SourceRow] | None = None) -> dict[str, str]:
    """Stem -> its source (collection) for validation grouped by source; a document missing from the
    table is a source of its own."""
    rows = table() if rows is None else rows
    return {s: rows[s].collection if s in rows else f"unlisted-{s}" for s in stems}


def training_corpus(names=None, use_cache: bool = True):
    """The gold documents models are trained and cross-validated on: every gold set, the shelf left out."""
    from extractor.ml.data import load_corpus

    return load_corpus(GOLD_SETS, names=names, use_cache=use_cache, exclude=shelf())


def clean_text_files() -> list[Path]:
    """The documents whose text layers train the OCR tone-mark model: the shared corpus (its scans
    give no text) and the TXT seeds."""
    shared = sorted(p for p in SHARED_DOCS.glob("*") if p.is_file()) if SHARED_DOCS.is_dir() else []
    return shared + sorted(SEED_DOCS.glob("*.txt"))
