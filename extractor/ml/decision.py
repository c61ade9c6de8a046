"""The task decision: is a candidate (a list item, paragraph or merged heading of tasks.py) a task?

A logistic regression over generic features of the candidate, not over its words' n-grams, so that
it carries to documents of other issuers:
- its place in the list tree (marker kind, depth, children and what they look like, siblings);
- the class of the headings above it (directive: nhiệm vụ, tổ chức thực hiện ...; informational:
  mục đích, kết quả, thành phần, hồ sơ ...: rules/directives.yaml section_classes);
- the part of speech of its first words (pyvi), so a verb-led item, a subject-and-verb sentence, a
  noun phrase and a key-value line ("Tên công trình: ...") look different;
- words of obligation (phải, có trách nhiệm, đề nghị ...), a unit at its start or inherited, a time
  limit, a citation;
- where the block stands (the document kind is left out: on held-out sources it cost candidate F1,
  0.840 against 0.831, as the kind is often misread on scans);
- and, for the combined system, the rule predicates and the rules' own decision.
The model is its hashed weights (no vocabulary, no pickle). `cli.py train` fits it on the gold.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..pos import pos_tags
from ..rules import alternation, rules
from ..tasks import OBLIGATION
from ..text import normalize as _normalize

BITS = 15
normalize = lru_cache(maxsize=16384)(_normalize)  # a parent's or sibling's text is asked for many times

_DR = rules()["directives"]
_TS = {k: f"(?:{alternation(v)})" for k, v in rules()["deadlines"]["time_signs"].items()}
_TIME = re.compile(
    rf"(?i)\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|{_TS['before_number']}\s+\d|{_TS['quarter']}\s+[IV1-4]"
    rf"|{_TS['limits']}|{_TS['frequencies']}|\d+\s*{_TS['hour']}|\d+h\d*"
)
_CITATION = re.compile(r"\d+\s*/\s*(?:\d{4}/)?[A-ZĐ]{1,}")
_KEY_VALUE = re.compile(r"^([^:;.]{2,60}?)\s*:\s*(\S.*)?$")
_GATHER = re.compile(rf"(?i)(?:{alternation(_DR['gather_words'])})\s*:?\s*$")
_HEADER_DEADLINE = re.compile("|".join(map(re.escape, _DR["decision_headers"]["deadline"])))
_HEADER_UNIT = re.compile("|".join(map(re.escape, _DR["decision_headers"]["unit"])))


@lru_cache(maxsize=1)
def _section_classes() -> list[tuple[str, re.Pattern]]:
    classes = rules()["directives"]["section_classes"]
    return [
        (
            name,
            re.compile(
                r"(?i)^\W*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])?[.)]?\s*(?:về\s+)?(?:"
                + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                + r")(?!\w)"
            ),
        )
        for name, words in classes.items()
    ]


@lru_cache(maxsize=8192)
def section_class(text: str) -> str:
    """ "directive", "info" or "other" for a heading's text, by its opening words; a request that
    names its units ("Yêu cầu Giám đốc các sở ... sau:") directs, whatever its first word."""
    from ..units import assigned_units

    for name, pattern in _section_classes():
        if pattern.match(text):
            if name == "info" and assigned_units(text, with_form=True)[2] == "request":
                return "directive"
            return name
    return "other"


def _len_bucket(n: int) -> str:
    for limit, name in ((2, "1-2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= limit:
            return name
    return "41+"


def _end(text: str) -> str:
    t = text.rstrip()
    if re.search(r"\./\.?$", t):
        return "closing"
    return {":": "colon", ".": "dot", ";": "semi", ",": "comma"}.get(t[-1:], "none") if t else "none"


def _key_value(text: str) -> bool:
    """ "Tên công trình: Nhà văn hóa", "Địa chỉ: ...": a short noun-phrase key before a colon."""
    from ..units import starts_with_unit

    m = _KEY_VALUE.match(text)
    if not m or len(m.group(1).split()) > 6 or starts_with_unit(m.group(1)):
        return False  # "Sở Y tế: chủ trì ..." names a unit, not a field
    tags = [t for _, t in pos_tags(m.group(1), 4)]
    return bool(tags) and tags[0] in ("N", "Nc", "Np", "Ny") and "V" not in tags[1:2]


@lru_cache(maxsize=8192)
def _shape(text: str) -> dict[str, float]:
    """What a child or sibling looks like, in a few flags (cached: siblings are asked many times)."""
    tags = [t for _, t in pos_tags(text, 3)]
    return {
        "verb": float(bool(tags) and tags[0] == "V"),
        "noun": float(bool(tags) and tags[0] in ("N", "Nc", "Ny")),
        "kv": float(_key_value(text)),
        "oblig": float(bool(OBLIGATION.search(text))),
    }


def candidate_features(c, position: float, with_rules: bool = True) -> dict[str, float]:
    """Features of one Candidate (tasks.py); `position` is where its block starts in the document (0..1)."""
    from .. import tasks as T
    from ..units import assigned_units, co_units, starts_with_unit

    node = c.node
    text = normalize(node.text)
    words = text.split()
    tags = pos_tags(text)
    pos = [t for _, t in tags]
    first = [w.lower() for w, _ in tags[:2]]
    units, _, form = assigned_units(text, with_form=True)
    f: dict[str, float] = {
        "bias": 1.0,
        "kind=" + node.kind: 1.0,
        "len=" + _len_bucket(len(words)): 1.0,
        "end=" + _end(text): 1.0,
        "caps": float(T.is_caps(text)),
        "merged": float(c.merged),
        "lead_in": float(c.lead_in),
        "label=" + node.block.label: 1.0,
        "pos_q=%d" % min(4, int(position * 5)): 1.0,
        "pos1=" + (pos[0] if pos else "-"): 1.0,
        "pos12=" + "_".join(pos[:2]): 1.0,
        "pos123=" + "_".join(pos[:3]): 1.0,
        "w1=" + (first[0] if first else ""): 1.0,
        "w12=" + "_".join(first): 1.0,
        "verb_first4": float("V" in pos[:4]),
        "verb_start": float(bool(T.VERB.match(text))),
        "unit_start": float(starts_with_unit(text)),
        "form=" + str(form): 1.0,
        "units_here": float(bool(units)),
        "co_units": float(bool(co_units(text))),
        "inherits_units": float(bool(c.inherited[0])),
        "kv": float(_key_value(text)),
        "time": float(bool(_TIME.search(text))),
        "citation": float(bool(_CITATION.search(text))),
        "can_cu": float(text.startswith("Căn cứ")),
        "narrative": float(T.is_narrative(text)),
        "closing": float(T.is_closing(text)),
        "label_line": float(T.is_label(text)),
        "digits_start": float(bool(re.match(r"\W*\d", text))),
    }
    for m in {m.group(1).lower() for m in OBLIGATION.finditer(text)}:
        f["oblig=" + m] = 1.0
    f["n_oblig"] = min(3, len(OBLIGATION.findall(text))) / 3
    depth, p, classes = 0, node.parent, []
    while p is not None and p.kind != "root":
        if not T.is_section_label(p):  # "Thời gian thực hiện: ..." above the bullets is no heading
            depth += 1
            classes.append(section_class(p.text))
        p = p.parent
    f["depth=%d" % min(depth, 4)] = 1.0
    f["sec1=" + (classes[0] if classes else "top")] = 1.0
    f["sec_top=" + (classes[-1] if classes else "top")] = 1.0
    for k in set(classes):
        f["sec_any=" + k] = 1.0
    f["own_class=" + section_class(text)] = 1.0
    parent = node.parent if node.parent is not None and node.parent.kind != "root" else None
    if parent is not None:
        pt = normalize(parent.text)
        f["parent_end=" + _end(pt)] = 1.0
        f["parent_gathers"] = float(bool(_GATHER.search(pt)))
        f["parent_verb"] = float(bool(T.VERB.match(pt)) and not T.is_caps(pt))  # "TỔ CHỨC THỰC HIỆN" is a title
        f["parent_units"] = float(bool(assigned_units(pt)[0]))
    kids = node.children if not (c.merged or c.fields) else []
    f["own_fields"] = float(c.fields)
    f["children=" + _len_bucket(len(kids)) if kids else "children=0"] = 1.0
    if kids:
        shapes = [_shape(normalize(k.text)) for k in kids[:8]]
        for key in ("verb", "noun", "kv", "oblig"):
            f["kids_" + key] = sum(s[key] for s in shapes) / len(shapes)
    sibs = [s for s in (node.parent.children if node.parent is not None else []) if s is not node][:8]
    if sibs:
        shapes = [_shape(normalize(s.text)) for s in sibs]
        for key in ("verb", "kv", "oblig"):
            f["sibs_" + key] = sum(s[key] for s in shapes) / len(shapes)
    f["kind_x_sec=%s_%s" % (node.kind, classes[0] if classes else "top")] = 1.0
    f["pos1_x_sec=%s_%s" % (pos[0] if pos else "-", classes[0] if classes else "top")] = 1.0
    f["kv_x_kind=%s_%s" % (f["kv"], node.kind)] = 1.0
    f["unit_x_form=%s_%s" % (f["unit_start"], form)] = 1.0
    # what makes a directive: who (named or inherited), what (a verb), by when (a time limit)
    who = bool(units) or bool(c.inherited[0])
    what = f["verb_first4"] > 0 or f["verb_start"] > 0 or form == "subject"  # "subject": a verb ends the unit
    f["who_what_when=%d%d%d" % (who, what, f["time"] > 0)] = 1.0
    f["form_x_kind=%s_%s" % (form, node.kind)] = 1.0
    if c.row is not None:  # a task-table row: what its table's header, title and own cells say
        header = " ".join(c.row.header)
        t = c.row.tasks[0]
        f["row_title=" + section_class(c.row.title)] = 1.0
        f["row_title_w1=" + (c.row.title.split()[0].lower() if c.row.title.split() else "")] = 1.0
        f["row_deadline_col"] = float(bool(_HEADER_DEADLINE.search(header)))
        f["row_unit_col"] = float(bool(_HEADER_UNIT.search(header)))
        f["row_deadline=" + t.deadline.type] = 1.0
        f["row_units"] = float(bool(t.units))
        f["row_unit_name"] = float(any(starts_with_unit(u) for u in t.units))
    if c.fields:  # an item with its own label fields is a task-table row printed as text
        f["row_deadline_col"] = float(c.section.deadline is not None)
        f["row_unit_col"] = float(bool(c.section.units or c.section.co))
        f["row_units"] = float(bool(c.inherited[0]))
        f["row_unit_name"] = float(any(starts_with_unit(u) for u in c.inherited[0]))
    if with_rules:
        f["rule_task"] = float(c.rule_task)
        f["rule_heading"] = float(c.heading)
        f["rule_section_ok"] = float(c.in_task_section)
        f["rule_x_kind=%s_%s" % (c.rule_task, node.kind)] = 1.0
        f["rule_x_sec=%s_%s" % (c.rule_task, classes[0] if classes else "top")] = 1.0
    return f


class TaskDecider:
    """Candidate features -> probability that the candidate is a task."""

    def __init__(
        self, coef=None, intercept: float = 0.0, with_rules: bool = True, threshold: float = 0.5, bits: int = BITS
    ):
        self.coef, self.intercept, self.with_rules = coef, float(intercept), with_rules
        self.threshold, self.bits = threshold, bits
        self._hasher = None

    def _matrix(self, feats: list[dict]):
        if self._hasher is None:
            from sklearn.feature_extraction import FeatureHasher

            self._hasher = FeatureHasher(
                n_features=2**self.bits, input_type="dict", alternate_sign=False, dtype=np.float32
            )
        return self._hasher.transform(feats)

    def fit(self, feats: list[dict], labels: list[int], seed: int = 0, c: float = 0.1) -> "TaskDecider":
        from sklearn.linear_model import LogisticRegression

        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", solver="liblinear", random_state=seed)
        clf.fit(self._matrix(feats), labels)
        self.coef = clf.coef_[0].astype(np.float32)
        self.intercept = float(clf.intercept_[0])
        return self

    def proba(self, feats: list[dict]) -> np.ndarray:
        if not feats:
            return np.zeros(0)
        z = self._matrix(feats) @ self.coef + self.intercept
        return 1 / (1 + np.exp(-np.asarray(z, dtype=np.float64)))

    def save(self, path: str | Path) -> None:
        nz = np.nonzero(self.coef)[0]
        data = {
            "bits": self.bits,
            "intercept": round(self.intercept, 5),
            "with_rules": self.with_rules,
            "threshold": self.threshold,
            "index": nz.tolist(),
            "weights": [round(float(w), 5) for w in self.coef[nz]],
        }
        with gzip.GzipFile(path, "wb", mtime=0) as fh:
            fh.write(json.dumps(data, sort_keys=True).encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> "TaskDecider":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        coef = np.zeros(2 ** data["bits"], dtype=np.float32)
        coef[data["index"]] = data["weights"]
        return cls(coef, data["intercept"], data["with_rules"], data["threshold"], data["bits"])


def features_of_plan(plan, with_rules: bool = True) -> list[dict]:
    """Features of every candidate of a TaskPlan, in order."""
    size = max(1, max((b.end for b in plan.blocks), default=1))
    return [candidate_features(c, c.node.block.start / size, with_rules) for c in plan.candidates()]
