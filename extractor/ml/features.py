"""Features: per block (for the block classifiers) and per token (for the span tagger).

Everything here is stateless (hashing, no vocabulary), so a model is only its weights.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..record import Block
from ..text import normalize
from .data import block_body_text

BODY_LABELS = ("body", "appendix")


def _rules_helpers():
    """The rule modules' predicates, looked up by name so that a renamed helper only drops a feature."""
    from .. import tasks as T, units as U

    def get(mod, name):
        return getattr(mod, name, None)

    return {
        "marker_type": get(T, "marker_type") or (lambda m: "para" if not m else "other"),
        "build_tree": get(T, "build_tree"),
        "verb": get(T, "_VERB"),
        "narrative": get(T, "_is_narrative"),
        "closing": get(T, "_is_closing"),
        "label": get(T, "_is_label"),
        "heading": get(T, "_is_heading"),
        "non_task": get(T, "_NON_TASK"),
        "assigned": get(U, "assigned_units"),
        "heading_units": get(U, "heading_units"),
        "co_units": get(U, "co_units"),
        "head": get(U, "HEAD"),
    }


_H = None


def helpers() -> dict:
    global _H
    if _H is None:
        _H = _rules_helpers()
    return _H


def _safe(fn, *a, default=None):
    if fn is None:
        return default
    try:
        return fn(*a)
    except Exception:
        return default


@dataclass
class Structure:
    parents: list[list[int]]  # nearest first
    children: list[int]
    lead_in: list[int | None]
    heading: list[bool]
    kind: list[str]  # marker type
    nodes: dict  # block index -> the rule task builder's tree node


def structure(blocks: list[Block]) -> Structure:
    """The body's list tree as the rule task builder sees it: each block's parents, child count,
    the childless lead-in ("... sau:") before it, and whether the rules take it for a heading."""
    h = helpers()
    n = len(blocks)
    parents: list[list[int]] = [[] for _ in range(n)]
    children = [0] * n
    lead_in: list[int | None] = [None] * n
    heading = [False] * n
    kinds = [_safe(h["marker_type"], b.marker, default="para") for b in blocks]
    nodes: dict = {}
    index = {id(b): i for i, b in enumerate(blocks)}
    runs: list[list[Block]] = []
    cur: list[Block] = []
    for b in blocks:
        if b.label in BODY_LABELS and b.kind == "para":
            cur.append(b)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in runs:
        root = _safe(h["build_tree"], run)
        if root is None:
            continue
        stack = [(root, [])]
        while stack:
            node, chain = stack.pop()
            last_lead = None
            for child in node.children:
                i = index.get(id(child.block))
                if i is None:
                    continue
                nodes[i] = child
                parents[i] = list(chain)
                children[i] = len(child.children)
                lead_in[i] = last_lead
                heading[i] = bool(_safe(h["heading"], child, default=False))
                if child.text.rstrip().endswith(":") and not child.children:
                    last_lead = i
                stack.append((child, [i] + chain))
    return Structure(parents, children, lead_in, heading, kinds, nodes)


def _caps_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def block_features(blocks: list[Block], i: int, st: Structure, rule_tasks: list[int], doc_type: str | None,
                   with_rules: bool = True) -> tuple[str, dict]:
    """(text, features) of block i. `rule_tasks[i]` is how many tasks the rules made from it;
    without `with_rules` the rule label and decision are left out (the model-only system)."""
    h = helpers()
    b = blocks[i]
    text = normalize(block_body_text(b))
    n = len(blocks)
    words = text.split()
    low = [w.lower().strip(",.;:()") for w in words[:3]]
    f: dict[str, float] = {
        "bias": 1.0,
        "kind=" + b.kind: 1.0,
        "marker=" + st.kind[i]: 1.0,
        "col=" + str(b.column): 1.0,
        "pos": i / max(1, n - 1),
        "pos_q=%d" % min(4, int(5 * i / max(1, n))): 1.0,
        "len": min(1.0, math.log1p(len(text)) / 7),
        "len_b=%d" % min(6, int(math.log2(1 + len(words)))): 1.0,
        "colon_end": float(text.rstrip().endswith(":")),
        "dot_end": float(bool(re.search(r"[.;]\s*$|\./\.$", text))),
        "caps": _caps_ratio(text),
        "all_caps": float(_caps_ratio(text) > 0.85),
        "digits": float(bool(re.search(r"\d", text))),
        "date_like": float(bool(re.search(r"\d{1,2}/\d{1,2}(?:/\d{4})?|ngày\s+\d", text))),
        "w1=" + (low[0] if low else ""): 1.0,
        "w12=" + " ".join(low[:2]): 1.0,
        "w123=" + " ".join(low[:3]): 1.0,
        "lower_start": float(bool(text[:1].islower())),
        "children": min(1.0, st.children[i] / 3),
        "has_children": float(st.children[i] > 0),
        "depth=%d" % min(4, len(st.parents[i])): 1.0,
        "lead_in": float(st.lead_in[i] is not None),
        "doctype=" + str(doc_type): 1.0,
        "verb": float(bool(h["verb"] and h["verb"].match(text))),
        "narrative": float(bool(_safe(h["narrative"], text, default=False))),
        "closing": float(bool(_safe(h["closing"], text, default=False))),
        "is_label": float(bool(_safe(h["label"], text, default=False))),
        "unit_start": float(bool(h["head"] and h["head"].match(text))),
        "assigns": float(bool((_safe(h["assigned"], text, default=([], 0)) or ([], 0))[0])),
        "heading_units": float(bool(_safe(h["heading_units"], text, default=None))),
        "co_units": float(bool(_safe(h["co_units"], text, default=[]))),
        "giao": float(bool(re.search(r"(?i)\bgiao\b", text))),
        "de_nghi": float(bool(re.search(r"(?i)đề nghị|yêu cầu", text))),
        "can_cu": float(bool(re.match(r"(?i)căn cứ|thực hiện|xét đề nghị|theo đề nghị", text))),
        "rule_heading": float(st.heading[i]),
        "non_task_section": float(any(bool(h["non_task"] and h["non_task"].match(blocks[p].text))
                                      for p in st.parents[i])),
    }
    prev = blocks[i - 1] if i > 0 else None
    nxt = blocks[i + 1] if i + 1 < n else None
    f["prev_colon"] = float(bool(prev and prev.text.rstrip().endswith(":")))
    f["prev_marker=" + (st.kind[i - 1] if prev else "none")] = 1.0
    f["next_marker=" + (st.kind[i + 1] if nxt else "none")] = 1.0
    f["next_lower"] = float(bool(nxt and nxt.text[:1].islower()))
    for p in st.parents[i][:2]:
        pt = normalize(blocks[p].text).lower().split()
        f["parent_w12=" + " ".join(pt[1:3] if blocks[p].marker else pt[:2])] = 1.0
    if with_rules:
        f["rule_label=" + b.label] = 1.0
        f["rule_task"] = float(rule_tasks[i] > 0)
        f["rule_tasks_many"] = float(rule_tasks[i] > 1)
        f["rule_task_prev"] = float(i > 0 and rule_tasks[i - 1] > 0)
        f["rule_task_next"] = float(i + 1 < n and rule_tasks[i + 1] > 0)
        f["rule_task_x_marker=%s_%s" % (rule_tasks[i] > 0, st.kind[i])] = 1.0
        f["rule_task_x_label=%s_%s" % (rule_tasks[i] > 0, b.label)] = 1.0
    return text, f


# ---------------------------------------------------------------- tokens for the span tagger

TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if not w[0].isalnum():
        return "p"
    if w.isupper() and len(w) > 1:
        return "AA"
    if w[0].isupper():
        return "Aa"
    return "a"


_HEAD_WORDS = None


def _head_words() -> set[str]:
    global _HEAD_WORDS
    if _HEAD_WORDS is None:
        try:
            from ..rules import rules

            heads = rules()["units"]["heads"]
            _HEAD_WORDS = {h.split()[0].lower() for h in heads if h.strip()}
        except Exception:
            _HEAD_WORDS = set()
    return _HEAD_WORDS


def token_features(tokens: list[tuple[str, int, int]], segments: list[str]) -> list[list[str]]:
    """CRF features per token; `segments[k]` names the part the token is in ("B" the task's block,
    "C1", "C2" its nearest contexts)."""
    heads = _head_words()
    words = [t[0] for t in tokens]
    feats = []
    for k, w in enumerate(words):
        lw = w.lower()
        f = ["b", "w=" + lw, "sh=" + _shape(w), "seg=" + segments[k], "p3=" + lw[:3], "s3=" + lw[-3:]]
        if lw in heads:
            f.append("head")
        if k == 0 or segments[k - 1] != segments[k]:
            f.append("seg_start")
        for d in (-2, -1, 1, 2):
            j = k + d
            if 0 <= j < len(words) and segments[j] == segments[k]:
                lj = words[j].lower()
                f.append(f"w{d:+d}={lj}")
                f.append(f"sh{d:+d}={_shape(words[j])}")
                if lj in heads:
                    f.append(f"head{d:+d}")
            else:
                f.append(f"w{d:+d}=<edge>")
        if k + 1 < len(words):
            f.append("bi+=" + lw + "_" + words[k + 1].lower())
        if k > 0:
            f.append("bi-=" + words[k - 1].lower() + "_" + lw)
        feats.append(f)
    return feats
