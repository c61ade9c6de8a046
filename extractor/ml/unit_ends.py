"""Where a unit name ends: a learned check on the rules' stop words.

The rules end a unit name at the first stop word (a verb of the directive, rules/units.yaml). A
name that runs into a verb the list lacks ("Các cơ quan chức năng chủ động ...") or stops at a word
that belongs to it ("Ban Quản lý dự án đầu tư xây dựng ...") is wrong under exact matching. This
model reads the words after a unit's start and, gap by gap, gives the probability that the name
ends there (a hazard model): the end is the first gap above one half. Features are the words on
both sides of the gap, their shapes, their part of speech from a lexicon (underthesea's tagged
VLSP 2013 sample, read at training time and stored with the weights), and what the rules say
(a stop word here, a new unit head after a comma, the rule's own end).

Training examples come from gold: for each rule unit whose start is also a gold unit's start, the
gaps inside the gold name are "goes on" and the gap after it is "ends".
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..text import normalize
from .data import block_body_text, locate
from .features import tokenize

MAX_TOKENS = 40
HARD_STOP = {";", ".", ":", "(", ")", "!", "?", "\n"}
POS_SAMPLE = ("pipeline", "pos_tag", "models", "pos_crf_vlsp2013_20230303", "test_output.txt")


def build_lexicon() -> dict[str, str]:
    """Word (lower case, one or two syllables) -> its most frequent part of speech in underthesea's
    tagged sample; empty when the sample is not installed."""
    try:
        import underthesea
    except ImportError:
        return {}
    path = Path(underthesea.__file__).resolve().parent.joinpath(*POS_SAMPLE)
    if not path.is_file():
        return {}
    counts: dict[str, Counter] = defaultdict(Counter)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and len(parts[0].split()) <= 2:
            counts[normalize(parts[0]).lower()][parts[1][2:]] += 1
    return {w: c.most_common(1)[0][0] for w, c in sorted(counts.items())}


def _shape(w: str) -> str:
    if not w[0].isalnum():
        return w if w in ",-–/&" else "p"
    if w.isdigit():
        return "d"
    if w.isupper() and len(w) > 1:
        return "AA"
    return "Aa" if w[0].isupper() else "a"


class UnitEnds:
    """Logistic regression over hashed gap features, with its part-of-speech lexicon."""

    BITS = 14

    def __init__(self, lexicon: dict[str, str] | None = None, coef=None, intercept: float = 0.0):
        self.lexicon = lexicon or {}
        self.coef = coef
        self.intercept = intercept

    # ------------------------------------------------------------ features

    def _pos(self, words: list[str], k: int) -> str:
        """Part of speech of the word starting at k (two syllables when the lexicon knows them)."""
        if k >= len(words):
            return "END"
        if k + 1 < len(words):
            two = (words[k] + " " + words[k + 1]).lower()
            if two in self.lexicon:
                return self.lexicon[two]
        return self.lexicon.get(words[k].lower(), "?")

    def gap_features(self, text: str, toks: list[tuple[str, int, int]], k: int, rule_len: int | None, co: bool) -> dict:
        """Features of the gap before token k (the name would be toks[:k])."""
        from ..units import CO_STOP, HEAD, STOP

        words = [t[0] for t in toks]
        nxt = words[k] if k < len(words) else "<end>"
        nxt2 = words[k + 1] if k + 1 < len(words) else "<end>"
        prev = words[k - 1]
        gap = toks[k - 1][2]
        f = {
            "bias": 1,
            "next=" + nxt.lower(): 1,
            "prev=" + prev.lower(): 1,
            "next2=" + nxt.lower() + "_" + nxt2.lower(): 1,
            "shape=" + _shape(nxt) + "_" + _shape(nxt2): 1,
            "pos=" + self._pos(words, k): 1,
            "prevpos=" + self._pos(words, k - 1): 1,
            "pos2=" + self._pos(words, k) + "_" + self._pos(words, k + 1 + (nxt == ",")): 1,
            "len=" + str(min(k, 12)): 1,
            "co": int(co),
        }
        if k >= 2:
            f["prev2=" + words[k - 2].lower() + "_" + prev.lower()] = 1
        if STOP.match(text, gap):
            f["rule_stop"] = 1
        if co and CO_STOP.match(text, gap):
            f["rule_co_stop"] = 1
        if k < len(toks) and HEAD.match(text, toks[k][1]):
            f["head_next"] = 1
        if nxt in (",", "và") and k + 1 < len(toks) and HEAD.match(text, toks[k + 1][1]):
            f["list_head_" + _shape(nxt2)] = 1
        if rule_len is not None:
            f["rule_end=" + ("here" if k == rule_len else "past" if k > rule_len else "inside")] = 1
        if words[:k].count("(") > words[:k].count(")"):
            f["in_paren"] = 1
        return f

    def _matrix(self, feats: list[dict]):
        """Hashed features as a sparse matrix (murmurhash of the name, as sklearn's FeatureHasher)."""
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        for r, f in enumerate(feats):
            for name, v in f.items():
                if v:
                    rows.append(r)
                    cols.append(_index(name, self.BITS))
                    vals.append(float(v))
        return csr_matrix((vals, (rows, cols)), shape=(len(feats), 2**self.BITS), dtype=np.float32)

    def _logit(self, f: dict) -> float:
        return self.intercept + sum(float(self.coef[_index(n, self.BITS)]) * v for n, v in f.items() if v)

    # ------------------------------------------------------------ training and use

    def fit(self, feats: list[dict], labels: list[int], seed: int = 0) -> "UnitEnds":
        from sklearn.linear_model import LogisticRegression

        clf = LogisticRegression(C=1.0, max_iter=2000, solver="liblinear", random_state=seed)
        clf.fit(self._matrix(feats), labels)
        self.coef = clf.coef_[0].astype(np.float32)
        self.intercept = float(clf.intercept_[0])
        return self

    def _scores(self, text: str, start: int, upto: int, rule_end: int, co: bool):
        """Tokens from `start` and the log-odds that the name ends at each gap before `upto`."""
        toks = window(text, start, keep=upto - start)
        n = sum(1 for t in toks if t[2] <= upto)
        rule_len = sum(1 for t in toks if t[2] <= rule_end)
        return toks, [self._logit(self.gap_features(text, toks, k, rule_len, co)) for k in range(1, n)]

    def end(self, text: str, start: int, rule_end: int, co: bool = False, threshold: float = 0.5) -> int:
        """Character offset where the name the rules read from `start` to `rule_end` ends: the
        first gap inside it whose probability of ending the name is above `threshold`, else the
        rule's end. The model only shortens a name: lengthening one, it ran away over the rest of
        the sentence in cross-validation."""
        toks, z = self._scores(text, start, rule_end, rule_end, co)
        cut = math.log(threshold / (1 - threshold))
        for k, zk in enumerate(z, start=1):
            if zk > cut:
                return toks[k - 1][2]
        return rule_end

    def save(self, path: str | Path) -> None:
        nz = np.nonzero(self.coef)[0]
        data = {
            "bits": self.BITS,
            "intercept": self.intercept,
            "index": nz.tolist(),
            "weights": [round(float(w), 4) for w in self.coef[nz]],
            "lexicon": self.lexicon,
        }
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
            gz.write(raw)  # no timestamp in the header: the same training gives the same bytes

    @classmethod
    def load(cls, path: str | Path) -> "UnitEnds":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        coef = np.zeros(2 ** data["bits"], dtype=np.float32)
        coef[data["index"]] = data["weights"]
        return cls(data["lexicon"], coef, data["intercept"])


@lru_cache(maxsize=65536)
def _index(name: str, bits: int) -> int:
    from sklearn.utils import murmurhash3_32

    return abs(murmurhash3_32(name, seed=0)) % (2**bits)


def window(text: str, start: int, keep: int = 0) -> list[tuple[str, int, int]]:
    """The tokens from `start` up to a hard stop (";", ".", ":", brackets) after the first `keep`
    characters, or MAX_TOKENS."""
    out = []
    for w, a, b in tokenize(text[start : start + 400]):
        if w in HARD_STOP and out and a >= keep:
            break
        out.append((w, a + start, b + start))
        if len(out) >= MAX_TOKENS:
            break
    return out


def site(blocks, st, i: int, name: str) -> tuple[str, int, int] | None:
    """(text, start, end) of `name` in block i or the blocks it inherits from, nearest first."""
    from .spans import contexts

    for c in [i] + [c for _, c in contexts(st, i, blocks)]:
        text = normalize(block_body_text(blocks[c]))
        found = locate(text, normalize(name))
        if found:
            return text, found[0], found[1]
    return None


def examples_for(blocks, st, pairs: list[tuple[int, dict, dict]], model: UnitEnds) -> tuple[list[dict], list[int]]:
    """Hazard examples from (block, rule task, gold task) triples: for each rule unit sharing its
    start with a gold unit, the gaps inside the gold name (0) and the gap after it (1)."""
    feats, labels = [], []
    for i, p, g in pairs:
        for field in ("units", "co_units"):
            gold_sites = {}
            for name in g.get(field) or []:
                s = site(blocks, st, i, name)
                if s:
                    gold_sites.setdefault((s[0], s[1]), s[2])
            for name in p.get(field) or []:
                s = site(blocks, st, i, name)
                if not s or (s[0], s[1]) not in gold_sites:
                    continue
                text, start, rule_end = s
                gold_end = gold_sites[(text, start)]
                toks = window(text, start, keep=max(gold_end, rule_end) - start)
                n_gold = sum(1 for t in toks if t[2] <= gold_end)
                if n_gold == 0 or (
                    n_gold < len(toks) and toks[n_gold - 1][2] != gold_end and toks[n_gold][1] < gold_end
                ):
                    continue  # the gold name does not end on a token boundary here
                rule_len = sum(1 for t in toks if t[2] <= rule_end)  # as _scores counts it
                for k in range(1, min(n_gold, len(toks)) + 1):
                    feats.append(model.gap_features(text, toks, k, rule_len, field == "co_units"))
                    labels.append(int(k == n_gold))
    return feats, labels


def refine_units(
    model: UnitEnds, blocks, st, i: int, names: list[str], co: bool, threshold: float = 0.5, memo: dict | None = None
) -> list[str]:
    """The rule names of a task at block i, each ended where the model decides. `memo` (one per
    document) keeps the decisions: the tasks under one heading share its names."""
    from ..units import clean_unit
    from .spans import contexts

    memo = {} if memo is None else memo
    out: list[str] = []
    for name in names:
        key = (i if blocks[i].kind == "row" else tuple(c for _, c in contexts(st, i, blocks)) + (i,), name, co)
        if key not in memo:
            new, s = name, site(blocks, st, i, name)
            if s:
                text, start, rule_end = s
                end = model.end(text, start, rule_end, co, threshold)
                new = name if end == rule_end else clean_unit(text[start:end])
            memo[key] = new
        name = memo[key]
        if name and name not in out:
            out.append(name)
    return out
