"""Features per token (for the span tagger), and the body's list tree as the rules see it.

Everything here is stateless (hashing, no vocabulary), so a model is only its weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..record import Block
from ..rules import rules
from ..tasks import build_tree, is_heading, marker_type

BODY_LABELS = ("body", "appendix")


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
    n = len(blocks)
    parents: list[list[int]] = [[] for _ in range(n)]
    children = [0] * n
    lead_in: list[int | None] = [None] * n
    heading = [False] * n
    kinds = [marker_type(b.marker) for b in blocks]
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
        root = build_tree(run)
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
                heading[i] = is_heading(child)
                if child.text.rstrip().endswith(":") and not child.children:
                    last_lead = i
                stack.append((child, [i] + chain))
    return Structure(parents, children, lead_in, heading, kinds, nodes)


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


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    """First words of the unit head words (rules/units.yaml)."""
    return frozenset(h.split()[0].lower() for h in rules()["units"]["heads"] if h.strip())


def token_features(tokens: list[tuple[str, int, int]], segments: list[str]) -> list[list[str]]:
    """CRF features per token; `segments[k]` names the part the token is in ("B" the task's block,
    "C1", "C2" its nearest contexts). A token's features look only inside its own part, so each
    part is featurised once and cached: the siblings of a list share their parents' parts."""
    feats: list[list[str]] = []
    k = 0
    while k < len(tokens):
        end = k
        while end < len(tokens) and segments[end] == segments[k]:
            end += 1
        feats += [list(f) for f in _part_features(tuple(t[0] for t in tokens[k:end]), segments[k])]
        k = end
    return feats


@lru_cache(maxsize=4096)
def _part_features(words: tuple[str, ...], seg: str) -> tuple[tuple[str, ...], ...]:
    heads = _head_words()
    low = [w.lower() for w in words]
    shapes = [_shape(w) for w in words]
    is_head = [w in heads for w in low]
    n = len(low)
    out = []
    for k, lw in enumerate(low):
        f = ["b", "w=" + lw, "sh=" + shapes[k], "seg=" + seg, "p3=" + lw[:3], "s3=" + lw[-3:]]
        if is_head[k]:
            f.append("head")
        if k == 0:
            f.append("seg_start")
        for d in (-2, -1, 1, 2):
            j = k + d
            if 0 <= j < n:
                f.append(f"w{d:+d}={low[j]}")
                f.append(f"sh{d:+d}={shapes[j]}")
                if is_head[j]:
                    f.append(f"head{d:+d}")
            else:
                f.append(f"w{d:+d}=<edge>")
        if k + 1 < n:
            f.append("bi+=" + lw + "_" + low[k + 1])
        if k > 0:
            f.append("bi-=" + low[k - 1] + "_" + lw)
        out.append(tuple(f))
    return tuple(out)
