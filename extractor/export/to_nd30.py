"""Document metadata under the field names of Nghị định 30/2020/NĐ-CP, Phụ lục VI (as in edXML).

One JSON file: a list with one object per document. The names the decree's data list uses:
CodeNumber, CodeNotation (số, ký hiệu), IssuedDate, PlaceOfIssue, OrganName (cơ quan ban hành),
TypeName (tên loại), Subject (trích yếu), SignerInfo {FullName, Position, Competence} (người ký,
chức vụ, thẩm quyền ký), ToPlaces (nơi nhận), PageAmount (số trang). Added in the same style:
ReferencedDocuments (the documents cited) and Tasks, each with its DueDate (an ISO date, "date"
deadlines only), DueTime, Recurrence (RRULE), Units, CoUnits, Action; SourceFile names the input.
"""

from __future__ import annotations

import json
from pathlib import Path


def reference(ref: dict) -> dict:
    return {
        "CodeNumber": ref.get("number"),
        "CodeNotation": ref.get("symbol"),
        "TypeName": ref.get("doc_type"),
        "IssuedDate": ref.get("date"),
        "OrganName": ref.get("issuer"),
    }


def task(item: dict) -> dict:
    deadline = item["deadline"]
    return {
        "TaskId": item.get("id"),
        "Action": item["action"],
        "Units": item["units"],
        "CoUnits": item["co_units"],
        "DueDate": deadline.get("date") if deadline["type"] == "date" else None,
        "DueTime": deadline.get("time"),
        "Recurrence": deadline.get("rrule"),
        "DeadlineText": deadline.get("text"),
        "References": item["references"],
    }


def document(record: dict) -> dict:
    """One record's document frame, references and tasks under the decree's names."""
    doc = record["document"]
    signer = doc.get("signer") or {}
    return {
        "CodeNumber": doc.get("number"),
        "CodeNotation": doc.get("symbol"),
        "IssuedDate": doc.get("date"),
        "PlaceOfIssue": doc.get("place"),
        "OrganName": doc.get("issuer"),
        "TypeName": doc.get("doc_type"),
        "Subject": doc.get("subject"),
        "SignerInfo": {
            "FullName": signer.get("name"),
            "Position": signer.get("title"),
            "Competence": signer.get("authority"),
        },
        "ToPlaces": doc.get("recipients", []),
        "PageAmount": record.get("pages"),
        "ReferencedDocuments": [reference(r) for r in record["references"]],
        "Tasks": [task(t) for t in record["tasks"]],
        "SourceFile": record["file"],
    }


def write(records: list[dict], out: Path) -> int:
    documents = [document(r) for r in records]
    out.write_text(json.dumps(documents, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(documents)
