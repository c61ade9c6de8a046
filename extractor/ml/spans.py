"""Sequences for the span tagger: a task's block with the context its unit may come from."""

from __future__ import annotations

from ..record import Block
from ..text import normalize
from .data import block_body_text, locate
from .features import Structure, token_features, tokenize

MAX_BLOCK_TOKENS = 200
MAX_CONTEXT_TOKENS = 60


def contexts(st: Structure, i: int, blocks: list[Block]) -> list[tuple[str, int]]:
    """The blocks a task at i may take its unit from, nearest first, with the part's name: its
    lead-in ("L"), its parents ("P1".."P3") and, for a list item, the first unmarked paragraph after
    it ("T": "Đơn vị chủ trì: ..." lines that close a group of items)."""
    out: list[tuple[str, int]] = []
    if blocks[i].kind == "row":
        return out
    if st.lead_in[i] is not None:
        out.append(("L", st.lead_in[i]))
    for k, p in enumerate(st.parents[i][:3]):
        if all(p != q for _, q in out):
            out.append((f"P{k + 1}", p))
    if blocks[i].marker:
        for k in range(i + 1, min(len(blocks), i + 16)):
            b = blocks[k]
            if b.kind == "para" and not b.marker and b.label in ("body", "appendix"):
                if len(b.text) < 300:
                    out.append(("T", k))
                break
    return out


def sequence(blocks: list[Block], i: int, st: Structure, text: str | None = None):
    """(segments, tokens, features): segments is [(name, text)] with the task's block first ("B"),
    tokens carry (word, start, end, segment index)."""
    segs = [("B", normalize(text if text is not None else block_body_text(blocks[i])))]
    for name, c in contexts(st, i, blocks):
        segs.append((name, normalize(block_body_text(blocks[c]))))
    toks, names = [], []
    for s, (name, t) in enumerate(segs):
        words = tokenize(t)
        if name == "B":
            words = words[:MAX_BLOCK_TOKENS]
        elif name == "L":
            words = words[-MAX_CONTEXT_TOKENS:]  # a lead-in names its addressees near its end
        else:
            words = words[:MAX_CONTEXT_TOKENS]
        for w, a, b in words:
            toks.append((w, a, b, s))
            names.append(name)
    feats = token_features([(w, a, b) for w, a, b, _ in toks], names)
    return segs, toks, feats


def gold_tags(segs, toks, units: list[str], co: list[str], deadline_text: str | None) -> list[str]:
    """BIO tags for the gold strings found in the sequence: units in the block, else in the
    nearest context; co-units likewise; the deadline text in the block only."""
    tags = ["O"] * len(toks)

    def mark(seg_index: int, span: tuple[int, int], tag: str) -> bool:
        idx = [k for k, (_, a, b, s) in enumerate(toks) if s == seg_index and a >= span[0] and b <= span[1]]
        if not idx or any(tags[k] != "O" for k in idx):
            return False
        tags[idx[0]] = "B-" + tag
        for k in idx[1:]:
            tags[k] = "I-" + tag
        return True

    for names, tag, where in (
        (units, "U", range(len(segs))),
        (co, "C", range(len(segs))),
        ([deadline_text] if deadline_text else [], "D", [0]),
    ):
        for name in names:
            for s in where:
                span = locate(segs[s][1], normalize(name))
                if span and mark(s, span, tag):
                    break
    return tags


def decode(segs, toks, tags: list[str]) -> dict[str, list[tuple[int, str]]]:
    """tag -> [(segment index, text)] of the spans the tagger found, in order."""
    out: dict[str, list[tuple[int, str]]] = {"U": [], "C": [], "D": []}
    cur = None
    for k, t in enumerate(tags + ["O"]):
        if cur and (t == "O" or t.startswith("B-") or t[2:] != cur[0] or (k < len(toks) and toks[k][3] != cur[1])):
            tag, s, a, b = cur
            out[tag].append((s, segs[s][1][a:b]))
            cur = None
        if k == len(toks):
            break
        if t.startswith("B-") or (t.startswith("I-") and cur is None):
            cur = [t[2:], toks[k][3], toks[k][1], toks[k][2]]
        elif t.startswith("I-") and cur:
            cur[3] = toks[k][2]
    return out
