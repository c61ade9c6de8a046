"""The combination of rule output and model output, as the evaluation chose it.

`apply(bundle, source, tasks, citations, year, doc, config)` takes the rule tasks and returns the
final ones. Config keys (models/combination.json holds the chosen values):

- "tasks": "rules" (keep the rule decision), "unsure" (rules first: drop a rule task only when the
  block model's probability is below "drop_below", add a block the rules skipped only above
  "add_above" and, with "add_needs_units", only when the rules find its units), "model" (the block model over rule features decides at 0.5), or "model_only"
  (the block model without rule features; rule tasks ignored);
- "units": "rules", "fill" (rule units unless empty, then the span tagger's), "model" (tagger only);
- "co_units": same choices;
- "deadline": "rules", "fill" (the tagger's deadline expression where the rules found none,
  parsed by the rule normaliser), "model";
- "unit_ends": "rules", or "model" (the unit-end model may end each unit and co-unit name of the
  rules earlier, where its probability is above "unit_end_threshold"; unit_ends.py).
"""
from __future__ import annotations

import re

from ..record import Deadline, Source, Task
from ..text import squash, upper_first
from .data import block_body_text
from .features import block_features, structure
from .spans import decode, sequence

RULES = {"tasks": "rules", "units": "rules", "co_units": "rules", "deadline": "rules", "unit_ends": "rules"}
MODEL_ONLY = {"tasks": "model_only", "units": "model", "co_units": "model", "deadline": "model"}


def _block_index(blocks) -> dict[tuple[int, int], int]:
    return {(b.start, b.end): i for i, b in enumerate(blocks)}


def _candidates(blocks) -> list[int]:
    return [i for i, b in enumerate(blocks) if b.label in ("body", "appendix") and b.kind != "footnote"
            and block_body_text(b)]


def _clean_unit(text: str) -> str:
    try:
        from ..units import clean_unit

        return clean_unit(text)
    except Exception:
        return upper_first(squash(text).strip(" ,;:.-–"))


def _row_text(b) -> str:
    if b.kind == "row" and b.cells:
        return max((c for c in b.cells if c), key=len, default="")
    return block_body_text(b)


def inherited_units(st, i: int) -> tuple[list[str], list[str]]:
    """What the rules' own inheritance gives a block (its unit heading, assigning parent or lead-in)."""
    from .. import tasks as T

    fn, node = getattr(T, "_context_units", None), st.nodes.get(i)
    if fn is None or node is None:
        return [], []
    try:
        units, co = fn(node)
        return list(units), list(co)
    except Exception:
        return [], []


def lead_in_units(text: str) -> list[str]:
    """Units a childless lead-in ("Giao/Đề nghị <units> thực hiện các nội dung sau:") hands to the items after it."""
    from ..units import assigned_units

    try:
        units, _, form = assigned_units(text, with_form=True)
    except Exception:
        return []
    return list(units) if form in ("giao", "request") else []


def new_task(block, text: str, citations, year) -> Task | None:
    """A task the rules did not make, from a block's text: its own "Giao <units> ..." frame, deadline and
    citations through the rule helpers."""
    from ..deadlines import find_deadline
    from ..units import assigned_units, co_units

    try:
        units, frame_end = assigned_units(text)
    except Exception:
        units, frame_end = [], 0
    action = text[frame_end:] if frame_end else text
    action = re.sub(r"\s*\./\.?$", "", squash(action).rstrip(";.").rstrip())
    if len(action.split()) < 2:
        return None
    mentions = citations.scan(text)
    keys = []
    for m in mentions:
        if m.key not in keys:
            keys.append(m.key)
    try:
        deadline = find_deadline(text, year, [(m.start, m.end) for m in mentions])
    except Exception:
        deadline = Deadline()
    try:
        co = co_units(text)
    except Exception:
        co = []
    return Task(units=list(units), co_units=co, action=upper_first(action), deadline=deadline, references=keys,
                span=[block.start, block.end], page=block.page, source="model")


def _parse_deadline(text: str, year) -> Deadline | None:
    from ..deadlines import find_deadline, parse_column

    for fn in (lambda: find_deadline(text, year), lambda: parse_column(text, year)):
        try:
            d = fn()
        except Exception:
            continue
        if d and d.type != "none":
            return d
    return None


def block_probabilities(model, blocks, st, rule_counts, doc_type, idx, with_rules=True):
    texts, feats = [], []
    for i in idx:
        t, f = block_features(blocks, i, st, rule_counts, doc_type, with_rules=with_rules)
        texts.append(t)
        feats.append(f)
    p = model.proba(texts, feats)
    pos = model.classes.index(1) if 1 in model.classes else model.classes.index(True)
    return {i: float(p[k, pos]) for k, i in enumerate(idx)}


def apply(bundle, source: Source, tasks: list[Task], citations, year, doc: dict, config: dict | None = None) -> list[Task]:
    cfg = dict(RULES)
    cfg.update(config if config is not None else bundle.combination)
    if all(cfg.get(k, "rules") == "rules" for k in RULES):
        return tasks
    blocks = source.blocks
    kind = (doc or {}).get("doc_type")
    st = structure(blocks)
    where = _block_index(blocks)
    counts = [0] * len(blocks)
    task_block: list[int | None] = []
    for t in tasks:
        i = where.get(tuple(t.span or ()))
        task_block.append(i)
        if i is not None:
            counts[i] += 1
    mode = cfg.get("tasks", "rules")
    out: list[tuple[int, Task]] = []
    try:
        from ..tasks import NO_TASK_KINDS
    except ImportError:
        NO_TASK_KINDS = set()
    if mode == "model_only":
        model = bundle.task_norules or bundle.task
        idx = _candidates(blocks)
        probs = block_probabilities(model, blocks, st, counts, kind, idx, with_rules=bundle.task_norules is None)
        for i in idx:
            if probs[i] >= 0.5:
                t = new_task(blocks[i], _row_text(blocks[i]), citations, year)
                if t:
                    t.units, t.co_units, t.deadline = [], [], Deadline()
                    out.append((i, t))
    elif mode == "rules" or kind in NO_TASK_KINDS or bundle.task is None:
        out = [(task_block[k] if task_block[k] is not None else -1, t) for k, t in enumerate(tasks)]
    else:
        drop = 0.5 if mode == "model" else float(cfg.get("drop_below", 0.15))
        add = 0.5 if mode == "model" else float(cfg.get("add_above", 0.85))
        ruled = {i for i in task_block if i is not None}
        # rule tasks need a probability only when the model may drop them
        idx = sorted(set(_candidates(blocks)) | ruled) if drop >= 0 else sorted(set(_candidates(blocks)) - ruled)
        probs = block_probabilities(bundle.task, blocks, st, counts, kind, idx) if idx else {}
        for k, t in enumerate(tasks):
            i = task_block[k]
            if i is None or probs.get(i, 1.0) >= drop:
                out.append((i if i is not None else -1, t))
        for i in idx:
            if counts[i] == 0 and probs[i] > add:
                t = new_task(blocks[i], _row_text(blocks[i]), citations, year)
                if t:
                    if not t.units and cfg.get("inherit", True):
                        t.units, co = inherited_units(st, i)
                        t.co_units = t.co_units or co
                        if not t.units and st.lead_in[i] is not None:
                            t.units = lead_in_units(blocks[st.lead_in[i]].text)
                    if t.units or not cfg.get("add_needs_units"):
                        out.append((i, t))
        out.sort(key=lambda x: (x[1].span[0] if x[1].span else 0))
    need_tagger = any(cfg.get(k) in ("fill", "model") for k in ("units", "co_units", "deadline"))
    if need_tagger and bundle.spans is not None:
        cache: dict[int, dict] = {}
        for i, t in out:
            if i is None or i < 0:
                continue
            if i not in cache:
                segs, toks, feats = sequence(blocks, i, st)
                cache[i] = decode(segs, toks, bundle.spans.tag(feats))
            found = cache[i]
            for field, tag in (("units", "U"), ("co_units", "C")):
                how = cfg.get(field, "rules")
                spans = found[tag]
                if how == "rules" or (how == "fill" and getattr(t, field)):
                    continue
                own = [s for s in spans if s[0] == 0]
                pick = own or ([s for s in spans if s[0] == min(x[0] for x in spans)] if spans else [])
                names = []
                for _, s in pick:
                    u = _clean_unit(s)
                    if u and u not in names:
                        names.append(u)
                setattr(t, field, names)
            how = cfg.get("deadline", "rules")
            if how == "model" or (how == "fill" and t.deadline.type == "none"):
                own = [s for seg, s in found["D"] if seg == 0]
                parsed = _parse_deadline(own[0], year) if own else None
                if parsed is not None:
                    t.deadline = parsed
                elif how == "model":
                    t.deadline = Deadline()
    if cfg.get("unit_ends") == "model" and bundle.unit_ends is not None:
        from .unit_ends import refine_units

        th, memo = float(cfg.get("unit_end_threshold", 0.5)), {}
        for i, t in out:
            if i is not None and i >= 0:
                t.units = refine_units(bundle.unit_ends, blocks, st, i, t.units, False, th, memo)
                t.co_units = refine_units(bundle.unit_ends, blocks, st, i, t.co_units, True, th, memo)
    return [t for _, t in out]
