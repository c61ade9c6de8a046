"""The data every stage passes along: blocks of source text, and the record the pipeline emits."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Optional


@dataclass
class Block:
    """One paragraph or table row of a document, as ingestion found it.

    `start`/`end` are character offsets into the document text (the blocks joined by newlines),
    `page` is 1-based, `column` is "left"/"right" for the two header and footer columns,
    `cells` holds a table row's cell texts, `marker` the list marker as printed ("1.", "a)", "-").
    """

    text: str
    page: int = 1
    kind: str = "para"  # para | row | footnote
    column: Optional[str] = None
    cells: Optional[list[str]] = None
    marker: Optional[str] = None
    start: int = 0
    end: int = 0
    label: str = ""  # segment label, set by the segmenter


@dataclass
class Source:
    """A document after ingestion: its blocks, its text, and what went wrong on the way."""

    path: str
    blocks: list[Block]
    pages: int = 1
    warnings: list[str] = field(default_factory=list)
    text: str = ""

    def finalize(self) -> "Source":
        """Lay the blocks end to end into `text` and give each block its span."""
        parts, pos = [], 0
        for b in self.blocks:
            b.start, b.end = pos, pos + len(b.text)
            parts.append(b.text)
            pos = b.end + 1
        self.text = "\n".join(parts)
        return self


@dataclass
class Deadline:
    text: Optional[str] = None
    type: str = "none"  # date | recurring | relative | none
    date: Optional[str] = None
    rrule: Optional[str] = None
    time: Optional[str] = None


@dataclass
class Reference:
    key: str
    number: str
    symbol: str
    doc_type: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    span: Optional[list[int]] = None
    page: Optional[int] = None


@dataclass
class Task:
    units: list[str]
    co_units: list[str]
    action: str
    deadline: Deadline
    references: list[str]
    id: str = ""
    span: Optional[list[int]] = None
    page: Optional[int] = None
    source: str = ""  # list | paragraph | table
    spans: Optional[dict] = None  # action / units / deadline / references -> [start, end] in the text


def to_dict(obj) -> dict:
    """A record dataclass as plain JSON data (one level of nesting: a Task's Deadline); faster than
    dataclasses.asdict, which deep-copies every value."""
    out = {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        if is_dataclass(v):
            v = to_dict(v)
        elif isinstance(v, list):
            v = [list(x) if isinstance(x, list) else x for x in v]
        elif isinstance(v, dict):
            v = {k: (list(x) if isinstance(x, list) else x) for k, x in v.items()}
        out[f.name] = v
    return out
