"""Training data from gold + source text, no hand labelling.

Each gold document is ingested and segmented by the rule pipeline (ingested Sources are cached on
disk, keyed by the file's bytes and the ingestion code, so a change to ingestion invalidates the
cache). Labels are then derived by aligning the gold record to the blocks:

- a gold task's block is the one its action aligns to (token F1 of the action against the block
  text, or the action contained in the block);
- unit, co-unit and deadline spans are the gold strings located in the task's block text, or, for
  units, in the context it inherits from (its heading, lead-in or parent item).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..record import Block, Source
from ..text import canonical

SEGMENT_CLASSES = ["header", "kinh_gui", "basis", "directive", "heading", "table_row", "noi_nhan", "signature", "other"]


@dataclass
class Doc:
    """One gold document with its ingested (not yet segmented) source."""

    name: str
    path: str
    gold: dict
    source: Source = field(repr=False, default=None)

    def fresh_source(self) -> Source:
        return copy.deepcopy(self.source)


def _ingest_version() -> str:
    """A digest of the ingestion code: cached Sources are reused only while it is unchanged."""
    h = hashlib.sha1()
    pkg = Path(__file__).resolve().parents[1]
    for p in sorted((pkg / "ingest").glob("*.py")) + [pkg / "record.py", pkg / "text.py"]:
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def _cache_dir() -> Path | None:
    root = os.environ.get("VN_EXTRACTOR_CACHE", str(Path.home() / ".cache" / "vn-task-extractor"))
    return Path(root) / "ml-sources" if root else None


def load_source(path: str | os.PathLike, use_cache: bool = True) -> Source:
    """Ingest a file, through the on-disk cache of ingested Sources."""
    from ..ingest import load

    path = str(path)
    cache = _cache_dir() if use_cache else None
    if cache is None:
        return load(path)
    data = Path(path).read_bytes()
    key = hashlib.sha1(data + Path(path).suffix.encode()).hexdigest()[:20] + "-" + _ingest_version()
    f = cache / f"{key}.pkl"
    if f.exists():
        try:
            with open(f, "rb") as fh:
                src = pickle.load(fh)
            src.path = path
            return src
        except Exception:  # a stale or damaged cache entry: ingest again
            pass
    src = load(path)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".{key}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(src, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, f)
    except OSError:
        pass
    return src


def gold_documents(gold_sets, exclude=()) -> list[tuple[str, Path, Path]]:
    """(name, gold file, source file) for every gold file of the (gold folder, documents folder)
    pairs whose source can be found, leaving out the names in `exclude` (the held-back shelf)."""
    held = set(exclude)
    out = []
    for gdir, ddir in gold_sets:
        for g in sorted(Path(gdir).glob("*.json")):
            gold = json.loads(g.read_text(encoding="utf-8"))
            src = Path(ddir) / gold.get("file", "")
            name = Path(gold.get("file", "")).stem
            if src.is_file() and name not in held:
                out.append((name, g, src))
    return out


def load_corpus(gold_sets, names=None, use_cache: bool = True, exclude=()) -> list[Doc]:
    """The gold documents of `gold_sets` ((gold folder, documents folder) pairs) with their sources."""
    docs = []
    for name, g, src in gold_documents(gold_sets, exclude):
        if names is not None and name not in names:
            continue
        gold = json.loads(g.read_text(encoding="utf-8"))
        docs.append(Doc(name, str(src), gold, load_source(src, use_cache)))
    return docs


# ---------------------------------------------------------------- alignment


def toks(text: str | None) -> list[str]:
    return canonical(text).split()


def _f1(a: Counter, b: Counter) -> tuple[float, float, float]:
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r), p, r


def block_body_text(b: Block) -> str:
    """A block's text without its list marker (a table row: its cells joined)."""
    if b.kind == "row" and b.cells:
        return " ".join(c for c in b.cells if c)
    t = b.text
    if b.marker and t.startswith(b.marker):
        t = t[len(b.marker) :]
    return t.strip()


def align_tasks(blocks: list[Block], gold_tasks: list[dict]) -> dict[int, int]:
    """gold task index -> block index: the block whose text best matches the task's action."""
    cands = []
    btoks = [Counter(toks(block_body_text(b))) for b in blocks]
    for j, t in enumerate(gold_tasks):
        ga = Counter(toks(t.get("action")))
        if not ga:
            continue
        for i, bt in enumerate(btoks):
            if not bt or blocks[i].label in ("header", "title", "subject", "preamble"):
                continue
            f, p, r = _f1(ga, bt)  # p: share of the action's words in the block; r: of the block's in the action
            score = f if f >= 0.5 else (p * 0.9 if p >= 0.8 else 0.0)
            if score > 0:
                cands.append((score, j, i))
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: dict[int, int] = {}
    for _score, j, i in cands:
        if j not in out:
            out[j] = i
    return out


_UBND = r"(?:UBND|Ủy[\W_]*ban[\W_]*nhân[\W_]*dân)"
_HDND = r"(?:HĐND|Hội[\W_]*đồng[\W_]*nhân[\W_]*dân)"


def locate(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """Where `needle` stands in `text` (from `start`): case-insensitive, across spacing and
    punctuation, with UBND / Ủy ban nhân dân and HĐND / Hội đồng nhân dân either way. Both strings
    are expected in normalize()d form."""
    words = re.findall(r"\w+", needle or "")
    if not words or not text:
        return None
    pieces, i = [], 0
    while i < len(words):
        four = [w.lower() for w in words[i : i + 4]]
        if words[i].upper() == "UBND" or four == ["ủy", "ban", "nhân", "dân"]:
            pieces.append(_UBND)
            i += 1 if words[i].upper() == "UBND" else 4
        elif words[i].upper() == "HĐND" or four == ["hội", "đồng", "nhân", "dân"]:
            pieces.append(_HDND)
            i += 1 if words[i].upper() == "HĐND" else 4
        else:
            pieces.append(re.escape(words[i]))
            i += 1
    m = re.compile(r"(?<!\w)" + r"[\W_]*".join(pieces) + r"(?!\w)", re.I).search(text, start)
    return (m.start(), m.end()) if m else None
