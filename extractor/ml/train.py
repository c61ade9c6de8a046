"""Training: examples from gold documents, models fitted with fixed seeds, written to models/.

The task decision learns from every candidate of the rule walk (tasks.TaskPlan): a candidate is a
task when a task it would give pairs with a gold task by the scorer's own pairing (action token F1
of at least 0.5, best pairs first)."""

from __future__ import annotations

import copy
import platform
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .data import Doc, align_tasks, toks
from .decision import TaskDecider, features_of_plan
from .features import structure
from .models import Bundle, SpanTagger, crf_available, temp_model_dir
from .spans import gold_tags, sequence
from .unit_ends import UnitEnds, build_lexicon, examples_for

SEED = 1234
# The task decision and the unit ends are averaged over fits on random shares of the documents
# (bagging): one document's or collection's quirks weigh less, and a small change to the rules no
# longer swings decisions on documents never seen.
BAGS = 16
BAG_SHARE = 0.8


@dataclass
class DocExamples:
    name: str
    decide_feats: list[dict] = field(default_factory=list)
    decide_feats_norules: list[dict] = field(default_factory=list)
    decide_y: list[int] = field(default_factory=list)
    decide_rule: list[int] = field(default_factory=list)
    seq_x: list = field(default_factory=list)
    seq_y: list = field(default_factory=list)
    unit_feats: list[dict] = field(default_factory=list)
    unit_y: list[int] = field(default_factory=list)


def rule_run(doc: Doc):
    """The rule pipeline on a fresh copy of the document: (record, segmented source, TaskPlan)."""
    from ..pipeline import analyse, build_record
    from . import use_model

    src = doc.fresh_source()
    with use_model(None):
        rec = build_record(src)
    plan = analyse(doc.fresh_source())[3]
    return rec, src, plan


def candidate_labels(plan, gold_tasks: list[dict]) -> list[int]:
    """1 for each candidate that gives a task the scorer pairs with a gold task."""
    from evaluation.score import pair_tasks

    owner, would = [], []
    for k, c in enumerate(plan.candidates()):
        for t in plan.builder.build(c):
            owner.append(k)
            would.append({"action": t.action})
    paired = {owner[i] for i, _, _ in pair_tasks(would, gold_tasks)}
    return [int(k in paired) for k in range(len(plan.candidates()))]


def examples(doc: Doc) -> DocExamples:
    rec, src, plan = rule_run(doc)
    blocks = src.blocks
    st = structure(blocks)
    where = {(b.start, b.end): i for i, b in enumerate(blocks)}
    gold_tasks = doc.gold.get("tasks", [])
    ex = DocExamples(doc.name)
    ex.decide_feats = features_of_plan(plan)
    ex.decide_feats_norules = features_of_plan(plan, with_rules=False)
    ex.decide_y = candidate_labels(plan, gold_tasks)
    ex.decide_rule = [int(c.rule_task) for c in plan.candidates()]
    align = align_tasks(blocks, gold_tasks)
    for j, i in sorted(align.items()):
        g = gold_tasks[j]
        segs, toks_, feats = sequence(blocks, i, st)
        tags = gold_tags(
            segs, toks_, g.get("units") or [], g.get("co_units") or [], (g.get("deadline") or {}).get("text")
        )
        ex.seq_x.append(feats)
        ex.seq_y.append(tags)
    ex.unit_feats, ex.unit_y = examples_for(
        blocks, st, rule_gold_pairs(rec["tasks"], where, gold_tasks, align), UnitEnds(_lexicon())
    )
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


def _cat(exs: list[DocExamples], attr: str) -> list:
    return [x for e in exs for x in getattr(e, attr)]


def _bagged(model, exs: list[DocExamples], x: str, y: str, seed: int):
    """`model` (a TaskDecider or UnitEnds) with the mean weights of its fits on BAGS random shares of
    the documents; None when no share has both labels."""
    rng = random.Random(seed)
    fits = []
    for b in range(BAGS):
        share = [exs[i] for i in sorted(rng.sample(range(len(exs)), max(1, round(BAG_SHARE * len(exs)))))]
        labels = _cat(share, y)
        if len(set(labels)) == 2:
            fits.append(copy.copy(model).fit(_cat(share, x), labels, seed=seed + b))
    if not fits:
        return None
    model.coef = np.mean([f.coef for f in fits], axis=0).astype(np.float32)
    model.intercept = float(np.mean([f.intercept for f in fits]))
    return model


def fit(exs: list[DocExamples], seed: int = SEED, spans_path: str | None = None, with_crf: bool = True) -> Bundle:
    decider = _bagged(TaskDecider(with_rules=True), exs, "decide_feats", "decide_y", seed)
    decider_norules = _bagged(TaskDecider(with_rules=False), exs, "decide_feats_norules", "decide_y", seed)
    spans = None
    if with_crf and crf_available():
        path = spans_path or str(Path(temp_model_dir()) / "spans.crfsuite")
        spans = SpanTagger().fit(_cat(exs, "seq_x"), _cat(exs, "seq_y"), path)
    ends = _bagged(UnitEnds(_lexicon()), exs, "unit_feats", "unit_y", seed)
    return Bundle(decider, decider_norules, spans, unit_ends=ends)


def train(docs: list[Doc], seed: int = SEED, spans_path: str | None = None, with_crf: bool = True) -> Bundle:
    return fit([examples(d) for d in docs], seed, spans_path, with_crf)


def train_and_save(models_dir: str | Path, docs: list[Doc], clean_files: list[Path], seed: int = SEED) -> dict:
    """`cli.py train`: the gold documents with their sources, fixed seed, files into models_dir;
    `clean_files` (documents with a clean text layer) give the OCR tone-mark model."""
    import sklearn

    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    t1 = time.time()
    exs = [examples(d) for d in docs]
    bundle = fit(exs, seed, spans_path=str(models_dir / "spans.crfsuite"))
    t2 = time.time()
    bundle.meta = {
        "documents": [d.name for d in docs],
        "candidates": sum(len(e.decide_y) for e in exs),
        "task_candidates": sum(sum(e.decide_y) for e in exs),
        "sequences": sum(len(e.seq_y) for e in exs),
        "seed": seed,
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__},
        "seconds": {"load": round(t1 - t0, 1), "train": round(t2 - t1, 1)},
    }
    sizes = bundle.save(models_dir)
    from ..ingest import ocr_fix

    sizes[ocr_fix.MODEL_PATH.name] = build_syllable_model(models_dir / ocr_fix.MODEL_PATH.name, clean_files)
    return {"sizes": sizes, "seconds": bundle.meta["seconds"], "documents": len(docs)}


def syllable_texts(files: list[Path], log=None) -> list[tuple[str, str]]:
    """(name, text) of the clean sources of the OCR tone-mark model: the text layers of `files`
    (OCR off, so a scanned page contributes nothing and a document with no text layer is skipped)
    and the phrases of rules/*.yaml. No gold file is read."""
    import yaml

    from ..ingest import IngestError, load
    from ..rules import RULES_DIR

    out: list[tuple[str, str]] = []
    for p in files:
        try:
            src = load(p, ocr=False)
        except IngestError:
            continue  # a scan: no text layer
        skipped = [w for w in src.warnings if "no text layer" in w]
        out.append((p.name, "\n".join(b.text for b in src.blocks)))
        if log:
            log(f"{p.name}: {len(src.text.split())} words" + (f" ({skipped[0]})" if skipped else ""))
    phrases: list[str] = []

    def walk(x):
        if isinstance(x, str):
            phrases.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for y in sorted(RULES_DIR.glob("*.yaml")):
        if y.name.startswith(("legacy", "html")):
            continue  # encoding tables and web page class names, not words
        walk(yaml.safe_load(y.read_text(encoding="utf-8")))
    out.append(("rules/*.yaml", "\n".join(phrases)))
    return out


def build_syllable_model(path: str | Path, files: list[Path], log=None) -> int:
    """The OCR tone-mark model (ingest/ocr_fix.py) counted over syllable_texts(files), written to
    path; returns its size in bytes."""
    from ..ingest import ocr_fix

    texts = syllable_texts(files, log)
    uni, bi = ocr_fix.count(t for _, t in texts)
    lex = ocr_fix.lexicon_pairs()
    return ocr_fix.save(uni, bi, path, [n for n, _ in texts] + (["pyvi words.txt"] if lex else []), lex)
