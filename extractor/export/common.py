"""Reading a folder of records and flattening each task with its document's frame."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

# The flat task row, in the column order of the CSV, XLSX and JSONL exports.
COLUMNS = [
    "doc_type",
    "doc_code",
    "doc_number",
    "doc_symbol",
    "doc_date",
    "issuer",
    "subject",
    "place",
    "recipients",
    "signer_name",
    "signer_title",
    "signer_authority",
    "units",
    "co_units",
    "action",
    "deadline_text",
    "deadline_type",
    "deadline_date",
    "deadline_rrule",
    "deadline_time",
    "references",
    "file",
    "page",
    "task_id",
]
LIST_COLUMNS = ("recipients", "units", "co_units", "references")
LIST_SEPARATOR = "; "


def load_records(records_dir: str | Path) -> list[tuple[Path, dict]]:
    """(path, record) for every *.json record in the folder, by file name."""
    folder = Path(records_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"no such records folder: {folder}")
    out = []
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(record, dict) and "document" in record and "tasks" in record):
            raise ValueError(f"{path} is not a task record (no 'document' and 'tasks')")
        out.append((path, record))
    return out


def doc_code(document: dict) -> str:
    """The 'Số, ký hiệu' as printed: '236/TB-UBND', '/UBND-VP' for a draft without a number."""
    number, symbol = document.get("number") or "", document.get("symbol") or ""
    return f"{number}/{symbol}" if symbol else number


def task_id(record: dict, index: int) -> str:
    """The task's id; a record without ids (a gold file) gets '<file>#<n>'."""
    return record["tasks"][index].get("id") or f"{record['file']}#{index + 1}"


def task_rows(records: list[dict]) -> Iterator[dict]:
    """One flat dict per task (keys: COLUMNS), lists kept as lists, in record and task order."""
    for record in records:
        doc = record["document"]
        signer = doc.get("signer") or {}
        for i, task in enumerate(record["tasks"]):
            deadline = task["deadline"]
            yield {
                "doc_type": doc.get("doc_type"),
                "doc_code": doc_code(doc),
                "doc_number": doc.get("number"),
                "doc_symbol": doc.get("symbol"),
                "doc_date": doc.get("date"),
                "issuer": doc.get("issuer"),
                "subject": doc.get("subject"),
                "place": doc.get("place"),
                "recipients": list(doc.get("recipients") or []),
                "signer_name": signer.get("name"),
                "signer_title": signer.get("title"),
                "signer_authority": signer.get("authority"),
                "units": list(task["units"]),
                "co_units": list(task["co_units"]),
                "action": task["action"],
                "deadline_text": deadline.get("text"),
                "deadline_type": deadline.get("type"),
                "deadline_date": deadline.get("date"),
                "deadline_rrule": deadline.get("rrule"),
                "deadline_time": deadline.get("time"),
                "references": list(task["references"]),
                "file": record["file"],
                "page": task.get("page"),
                "task_id": task_id(record, i),
            }


def joined_rows(records: list[dict]) -> list[dict]:
    """task_rows with the list columns joined by LIST_SEPARATOR, for spreadsheets."""
    return [
        {k: LIST_SEPARATOR.join(v) if k in LIST_COLUMNS else v for k, v in row.items()} for row in task_rows(records)
    ]
