"""Training: examples from gold documents, models fitted with fixed seeds, written to models/."""
from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

from collections import Counter

from .data import Doc, SEGMENT_CLASSES, align_tasks, block_body_text, load_corpus, segment_labels, toks
from .features import block_features, structure
from .models import Bundle, BlockModel, SpanTagger, crf_available, temp_model_dir
from .spans import gold_tags, sequence
from .unit_ends import UnitEnds, build_lexicon, examples_for

SEED = 1234


def rule_segment_class(b, rule_tasks: int, heading: bool) -> str:
    """What the rules alone say a block is, in SEGMENT_CLASSES."""
    lab = b.label
    if lab in ("header", "title", "subject"):
        return "header"
    if lab in ("kinh_gui", "basis", "noi_nhan", "signature"):
        return lab
    if lab in ("body", "appendix"):
        if rule_tasks:
            return "directive"
        if b.kind == "row":
            return "table_row"
        if heading:
            return "heading"
    return "other"


@dataclass
class DocExamples:
    name: str
    task_idx: list[int] = field(default_factory=list)
    task_text: list[str] = field(default_factory=list)
    task_feats: list[dict] = field(default_factory=list)
    task_feats_norules: list[dict] = field(default_factory=list)
    task_y: list[int] = field(default_factory=list)
    task_rule: list[int] = field(default_factory=list)
    seg_text: list[str] = field(default_factory=list)
    seg_feats: list[dict] = field(default_factory=list)
    seg_y: list[str] = field(default_factory=list)
    seg_rule: list[str] = field(default_factory=list)
    seq_x: list = field(default_factory=list)
    seq_y: list = field(default_factory=list)
    unit_feats: list[dict] = field(default_factory=list)
    unit_y: list[int] = field(default_factory=list)


def rule_run(doc: Doc):
    """The rule pipeline on a fresh copy of the document: (record, segmented source)."""
    from . import use_model
    from ..pipeline import build_record

    src = doc.fresh_source()
    with use_model(None):
        rec = build_record(src)
    return rec, src


def examples(doc: Doc) -> DocExamples:
    rec, src = rule_run(doc)
    blocks = src.blocks
    st = structure(blocks)
    where = {(b.start, b.end): i for i, b in enumerate(blocks)}
    counts = [0] * len(blocks)
    for t in rec["tasks"]:
        i = where.get(tuple(t.get("span") or ()))
        if i is not None:
            counts[i] += 1
    gold_tasks = doc.gold.get("tasks", [])
    align = align_tasks(blocks, gold_tasks)
    task_blocks = set(align.values())
    kind = rec["document"].get("doc_type")
    ex = DocExamples(doc.name)
    cands = sorted({i for i, b in enumerate(blocks) if b.label in ("body", "appendix") and b.kind != "footnote"
                    and block_body_text(b)} | {i for i in range(len(blocks)) if counts[i]} | task_blocks)
    for i in cands:
        t, f = block_features(blocks, i, st, counts, kind)
        _, f0 = block_features(blocks, i, st, counts, kind, with_rules=False)
        ex.task_idx.append(i)
        ex.task_text.append(t)
        ex.task_feats.append(f)
        ex.task_feats_norules.append(f0)
        ex.task_y.append(int(i in task_blocks))
        ex.task_rule.append(int(counts[i] > 0))
    labels = segment_labels(blocks, doc.gold, task_blocks, heading_of=lambda i: st.heading[i] or
                            (st.children[i] > 0 and blocks[i].text.rstrip().endswith(":")))
    for i, b in enumerate(blocks):
        if not block_body_text(b):
            continue
        t, f = block_features(blocks, i, st, counts, kind)
        ex.seg_text.append(t)
        ex.seg_feats.append(f)
        ex.seg_y.append(labels[i])
        ex.seg_rule.append(rule_segment_class(b, counts[i], st.heading[i]))
    for j, i in sorted(align.items()):
        g = gold_tasks[j]
        segs, toks, feats = sequence(blocks, i, st)
        tags = gold_tags(segs, toks, g.get("units") or [], g.get("co_units") or [],
                         (g.get("deadline") or {}).get("text"))
        ex.seq_x.append(feats)
        ex.seq_y.append(tags)
    ex.unit_feats, ex.unit_y = examples_for(blocks, st, rule_gold_pairs(rec["tasks"], where, gold_tasks, align),
                                            UnitEnds(_lexicon()))
    return ex


_LEXICON = None


def _lexicon() -> dict[str, str]:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = build_lexicon()
    return _LEXICON


def rule_gold_pairs(rule_tasks: list[dict], where: dict, gold_tasks: list[dict], align: dict[int, int]):
    """(block, rule task, gold task) for each gold task whose block has rule tasks: the rule task
    there whose action shares most words with the gold action."""
    by_block: dict[int, list[dict]] = {}
    for t in rule_tasks:
        i = where.get(tuple(t.get("span") or ()))
        if i is not None:
            by_block.setdefault(i, []).append(t)
    out = []
    for j, i in sorted(align.items()):
        if by_block.get(i):
            g = gold_tasks[j]
            gt = Counter(toks(g.get("action")))
            p = max(by_block[i], key=lambda t: sum((Counter(toks(t.get("action"))) & gt).values()))
            out.append((i, p, g))
    return out


def fit(exs: list[DocExamples], seed: int = SEED, spans_path: str | None = None, with_crf: bool = True) -> Bundle:
    def cat(attr):
        return [x for e in exs for x in getattr(e, attr)]

    task = BlockModel(c=2.0).fit(cat("task_text"), cat("task_feats"), cat("task_y"), seed=seed)
    task0 = BlockModel(c=2.0).fit(cat("task_text"), cat("task_feats_norules"), cat("task_y"), seed=seed)
    segment = BlockModel(text_bits=14, feat_bits=12, c=2.0).fit(cat("seg_text"), cat("seg_feats"), cat("seg_y"),
                                                               seed=seed)
    spans = None
    if with_crf and crf_available():
        path = spans_path or str(Path(temp_model_dir()) / "spans.crfsuite")
        spans = SpanTagger().fit(cat("seq_x"), cat("seq_y"), path)
    unit_y = cat("unit_y")
    ends = UnitEnds(_lexicon()).fit(cat("unit_feats"), unit_y, seed=seed) if len(set(unit_y)) == 2 else None
    return Bundle(task, task0, segment, spans, unit_ends=ends)


def train(docs: list[Doc], seed: int = SEED, spans_path: str | None = None, with_crf: bool = True) -> Bundle:
    return fit([examples(d) for d in docs], seed, spans_path, with_crf)


def train_and_save(models_dir: str | Path, seed: int = SEED, docs: list[Doc] | None = None) -> dict:
    """`python cli.py train`: every gold document with its source, fixed seed, files into models_dir."""
    import sklearn

    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    docs = docs if docs is not None else load_corpus()
    t1 = time.time()
    exs = [examples(d) for d in docs]
    bundle = fit(exs, seed, spans_path=str(models_dir / "spans.crfsuite"))
    t2 = time.time()
    bundle.meta = {
        "documents": [d.name for d in docs],
        "blocks": sum(len(e.task_y) for e in exs), "task_blocks": sum(sum(e.task_y) for e in exs),
        "segment_blocks": sum(len(e.seg_y) for e in exs), "sequences": sum(len(e.seq_y) for e in exs),
        "seed": seed, "segment_classes": SEGMENT_CLASSES,
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__},
        "seconds": {"load": round(t1 - t0, 1), "train": round(t2 - t1, 1)},
    }
    sizes = bundle.save(models_dir)
    from ..ingest import ocr_fix  # OCR tone-mark model: syllable counts of text layers, no gold, no scan

    sizes[ocr_fix.MODEL_PATH.name] = ocr_fix.build(models_dir / ocr_fix.MODEL_PATH.name)
    return {"sizes": sizes, "seconds": bundle.meta["seconds"], "documents": len(docs)}
