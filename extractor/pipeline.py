"""extract(path) -> record: ingestion, segmentation, frame, references, tasks, in one pure call."""

from __future__ import annotations

import hashlib
import os
import re

from . import ml
from .frame import frame
from .ingest import load, load_text
from .layout import NUMBER_LINE
from .names import readable
from .record import Source, to_dict
from .references import Citations
from .segment import segment
from .tasks import TaskPlan, plan_tasks
from .text import canonical, strip_marks
from .version import __version__

FIELD_LABELS = {
    "doc_type": ("title",),
    "subject": ("subject", "header"),
    "recipients": ("kinh_gui",),
    "basis": ("basis",),
    "cc": ("noi_nhan",),
    "signer": ("signature",),
    "issuer": ("header",),
    "number": ("header",),
    "symbol": ("header",),
    "place": ("header",),
    "date": ("header",),
}


# A list number or letter before the words ("2.", "a)", "IV."), which one rendition may keep
LEADING_MARKER = re.compile(r"^\s*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+")


def _sturdy(text: str | None) -> str:
    """Letters and digits only, casefolded, without tone or vowel marks: what every rendition of
    the same words reads alike, whatever its line breaks, hyphens, spacing, quotes and punctuation."""
    return re.sub(r"[^a-z0-9]", "", strip_marks(canonical(text)))


def _doc_key(doc: dict) -> str:
    """What identifies a document across its renditions (TXT, DOCX, PDF) and runs: its symbol,
    number, date and place (all printed on two header lines); the subject only when the header
    gives none of them. Not the issuer, whose lines one rendition's layout may read apart."""
    key = "|".join(_sturdy(str(doc.get(k) or "")) for k in ("symbol", "number", "date", "place"))
    return key if key.strip("|") else _sturdy(doc.get("subject"))[:60]


def action_key(action: str) -> str:
    """The action's first 100 letters, without its list marker or any digit (a page number or a
    note mark that one rendition runs into the text)."""
    return re.sub(r"\d", "", _sturdy(LEADING_MARKER.sub("", action)))[:100]


def task_id(doc_key: str, action: str, occurrence: int) -> str:
    """Stable across runs and renditions: the document's key, the action's letters, and which
    occurrence of the same letters this is."""
    digest = hashlib.sha1(f"{doc_key}\n{action_key(action)}\n{occurrence}".encode("utf-8")).hexdigest()
    return "t-" + digest[:12]


def _field_spans(source: Source) -> dict:
    spans = {}
    for field, labels in FIELD_LABELS.items():
        blocks = [b for b in source.blocks if b.label in labels]
        if field in ("number", "symbol"):
            blocks = [b for b in blocks if NUMBER_LINE.match(b.text)]
        elif field in ("place", "date"):
            blocks = [b for b in blocks if re.search(r",\s*ngày\b", b.text)]
        if blocks:
            spans[field] = {"span": [blocks[0].start, blocks[-1].end], "page": blocks[0].page}
    return spans


def _find(text: str, needle: str | None, start: int, end: int) -> list[int] | None:
    """Where `needle` stands in text[start:end], matching case-insensitively and across spacing."""
    if not needle:
        return None
    k = text.find(needle, start, end)
    if k >= 0:  # the common case: the text as written
        return [k, k + len(needle)]
    words = [re.escape(w) for w in needle.split()]
    if not words:
        return None
    m = re.compile(r"\s+".join(words), re.I).search(text, start, end)
    return [m.start(), m.end()] if m else None


def _task_spans(text: str, task) -> dict:
    """Source spans of a task's action, units, co-units, deadline and references inside its block."""
    start, end = task.span
    spans = {"action": _find(text, task.action[:80], start, end) or [start, end]}
    if spans["action"] and len(task.action) > 80:
        tail = _find(text, task.action[-40:], spans["action"][0], end)
        if tail:
            spans["action"][1] = tail[1]
    for field, names in (("units", task.units), ("co_units", task.co_units)):
        found = [s for s in (_find(text, u, start, end) for u in names) if s]
        spans[field] = [s for k, s in enumerate(found) if s not in found[:k]]
    spans["deadline"] = _find(text, task.deadline.text, start, end)
    refs = []
    for key in task.references:
        number = re.escape(re.split(r"[-/:]", key)[0])
        m = re.compile(r"(?<![\d/.])" + number + r"\s*[-/:]").search(text, start, end)
        if m:
            refs.append([m.start(), m.start() + len(key)])
    spans["references"] = refs
    return spans


def analyse(source: Source) -> tuple[dict, Citations, int | None, TaskPlan]:
    """Segment the blocks, read the frame and the citations, and lay out the task candidates:
    (frame, citations, the document's year, the TaskPlan)."""
    segment(source.blocks)
    doc = frame(source.blocks)
    year = int(doc["date"][:4]) if doc.get("date") else None
    citations = Citations(year)
    for b in source.blocks:
        if b.label == "header" and NUMBER_LINE.match(b.text):
            continue  # the document's own number is not a citation
        if b.label in ("preamble", "signature"):
            continue
        citations.scan(b.text, offset=b.start, page=b.page)
    return doc, citations, year, plan_tasks(source.blocks, citations, year, doc.get("doc_type"), doc.get("issuer"))


def build_record(source: Source) -> dict:
    doc, citations, year, plan = analyse(source)
    tasks = plan.tasks(ml.decide(plan))  # the learned task decision; the rules' without models/
    tasks = ml.refine(source, tasks, citations, year, doc)  # learned span models; a no-op without models/
    key = _doc_key(doc)
    seen: dict[str, int] = {}
    for t in tasks:
        words = action_key(t.action)
        seen[words] = seen.get(words, 0) + 1
        t.id = task_id(key, t.action, seen[words])
    for t in tasks:
        t.spans = _task_spans(source.text, t)
    refs = [to_dict(r) for r in citations.references()]
    return {
        "file": readable(os.path.basename(source.path)),
        "document": doc,
        "references": refs,
        "tasks": [to_dict(t) for t in tasks],
        "document_spans": _field_spans(source),
        "pages": source.pages,
        "warnings": source.warnings,
        "text": source.text,
        "extractor": __version__,
    }


def extract(path: str | os.PathLike, **limits) -> dict:
    """One file -> its record (raises IngestError for a file that cannot be read)."""
    return build_record(load(path, **limits))


def extract_text(text: str, name: str = "text.txt") -> dict:
    """Text (plain or Markdown) -> its record, the same as extract() gives for a UTF-8 file `name` of it."""
    return build_record(load_text(text, name))
