"""The typed record the public API returns: frozen dataclasses for the document frame, its signer,
references, tasks with their deadlines and spans, and the record around them.

`Record.from_json(data)` reads the JSON a record file holds (../shared/spec/record-format.md) and
`record.to_json()` gives that JSON back: the same keys in the same order, fields this version does
not know (added by a later one) kept in `extra`. Lists are tuples and the classes frozen, so a
record cannot be changed behind its owner's back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Mapping, Optional

Span = tuple[int, int]


def _span(v) -> Optional[Span]:
    return (int(v[0]), int(v[1])) if v else None


def _spans(v) -> tuple[Span, ...]:
    return tuple(_span(s) for s in v or () if s)


def _list(v) -> list:
    return [list(x) if isinstance(x, tuple) else x for x in v]


@dataclass(frozen=True)
class Signer:
    name: Optional[str] = None
    title: Optional[str] = None
    authority: Optional[str] = None


@dataclass(frozen=True)
class Document:
    """The administrative frame (Nghị định 30/2020, Appendix I)."""

    doc_type: Optional[str] = None
    number: Optional[str] = None
    symbol: Optional[str] = None
    issuer: Optional[str] = None
    place: Optional[str] = None
    date: Optional[str] = None
    subject: Optional[str] = None
    recipients: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    signer: Signer = field(default_factory=Signer)

    @classmethod
    def from_json(cls, d: Mapping) -> "Document":
        return cls(
            **{k: d.get(k) for k in ("doc_type", "number", "symbol", "issuer", "place", "date", "subject")},
            recipients=tuple(d.get("recipients") or ()),
            basis=tuple(d.get("basis") or ()),
            cc=tuple(d.get("cc") or ()),
            signer=Signer(**(d.get("signer") or {})),
        )

    def to_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("recipients", "basis", "cc"):
            out[k] = list(out[k])
        out["signer"] = {f.name: getattr(self.signer, f.name) for f in fields(Signer)}
        return out


@dataclass(frozen=True)
class Reference:
    key: str
    number: str
    symbol: str
    doc_type: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    span: Optional[Span] = None
    page: Optional[int] = None

    @classmethod
    def from_json(cls, d: Mapping) -> "Reference":
        return cls(
            **{
                **{k: d.get(k) for k in ("key", "number", "symbol", "doc_type", "date", "issuer", "page")},
                "span": _span(d.get("span")),
            }
        )

    def to_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["span"] = list(self.span) if self.span else None
        return out


@dataclass(frozen=True)
class Deadline:
    text: Optional[str] = None
    type: str = "none"  # date | recurring | relative | none
    date: Optional[str] = None
    rrule: Optional[str] = None
    time: Optional[str] = None


@dataclass(frozen=True)
class TaskSpans:
    """Where a task's parts stand in the record's `text` (character offsets)."""

    action: Optional[Span] = None
    units: tuple[Span, ...] = ()
    co_units: tuple[Span, ...] = ()
    deadline: Optional[Span] = None
    references: tuple[Span, ...] = ()

    @classmethod
    def from_json(cls, d: Mapping | None) -> "TaskSpans":
        d = d or {}
        return cls(
            _span(d.get("action")),
            _spans(d.get("units")),
            _spans(d.get("co_units")),
            _span(d.get("deadline")),
            _spans(d.get("references")),
        )

    def to_json(self) -> dict:
        return {
            "action": list(self.action) if self.action else None,
            "units": _list(self.units),
            "co_units": _list(self.co_units),
            "deadline": list(self.deadline) if self.deadline else None,
            "references": _list(self.references),
        }


@dataclass(frozen=True)
class Task:
    units: tuple[str, ...]
    co_units: tuple[str, ...]
    action: str
    deadline: Deadline
    references: tuple[str, ...]
    id: str = ""
    span: Optional[Span] = None
    page: Optional[int] = None
    source: str = ""  # list | paragraph | table
    spans: TaskSpans = field(default_factory=TaskSpans)

    @classmethod
    def from_json(cls, d: Mapping) -> "Task":
        return cls(
            tuple(d.get("units") or ()),
            tuple(d.get("co_units") or ()),
            d.get("action") or "",
            Deadline(**(d.get("deadline") or {})),
            tuple(d.get("references") or ()),
            d.get("id") or "",
            _span(d.get("span")),
            d.get("page"),
            d.get("source") or "",
            TaskSpans.from_json(d.get("spans")),
        )

    def to_json(self) -> dict:
        return {
            "units": list(self.units),
            "co_units": list(self.co_units),
            "action": self.action,
            "deadline": {f.name: getattr(self.deadline, f.name) for f in fields(Deadline)},
            "references": list(self.references),
            "id": self.id,
            "span": list(self.span) if self.span else None,
            "page": self.page,
            "source": self.source,
            "spans": self.spans.to_json(),
        }


_KNOWN = ("file", "document", "references", "tasks", "document_spans", "pages", "warnings", "text", "extractor")


@dataclass(frozen=True)
class Record:
    """One document's record. `extra` holds the fields this version does not model (the input's
    content hash, say), in their JSON form."""

    file: str
    document: Document
    references: tuple[Reference, ...] = ()
    tasks: tuple[Task, ...] = ()
    document_spans: Mapping[str, Any] = field(default_factory=dict)
    pages: int = 1
    warnings: tuple[str, ...] = ()
    text: str = ""
    extractor: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping | str | bytes) -> "Record":
        """From a record's JSON (a parsed object, or its text)."""
        d = json.loads(data) if isinstance(data, (str, bytes)) else data
        return cls(
            file=d.get("file") or "",
            document=Document.from_json(d.get("document") or {}),
            references=tuple(Reference.from_json(r) for r in d.get("references") or ()),
            tasks=tuple(Task.from_json(t) for t in d.get("tasks") or ()),
            document_spans=dict(d.get("document_spans") or {}),
            pages=d.get("pages") or 1,
            warnings=tuple(d.get("warnings") or ()),
            text=d.get("text") or "",
            extractor=d.get("extractor") or "",
            extra={k: v for k, v in d.items() if k not in _KNOWN},
        )

    def to_json(self) -> dict:
        """The record as JSON data, as the batch writes it."""
        return {
            "file": self.file,
            "document": self.document.to_json(),
            "references": [r.to_json() for r in self.references],
            "tasks": [t.to_json() for t in self.tasks],
            "document_spans": dict(self.document_spans),
            "pages": self.pages,
            "warnings": list(self.warnings),
            "text": self.text,
            "extractor": self.extractor,
            **self.extra,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)


def as_json(record: "Record | Mapping") -> dict:
    """A Record's JSON data; JSON data as it is (for callers holding records read from files)."""
    return record.to_json() if isinstance(record, Record) else record
