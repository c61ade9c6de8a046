"""iCalendar (RFC 5545): one VTODO per task.

UID is the task id, SUMMARY the action shortened, DESCRIPTION the full action with its units,
deadline and sources, CATEGORIES the units. A task found in several records (the renditions of
one document, TXT, DOCX and PDF, share task ids) is one VTODO, made from its first record, whose
description names every source. A "date" deadline becomes DUE (a DATE, or a
DATE-TIME in Asia/Ho_Chi_Minh when the record gives a clock time). A "recurring" deadline becomes
DTSTART (its first occurrence on or after the document's date, or today when the document has
none) and the record's RRULE. "relative" and "none" deadlines give no DUE.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar, Todo, vRecur

from .common import doc_code, task_id

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SUMMARY_CHARS = 80


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The text cut at a word boundary to at most `limit` characters, with '…' when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def when(day: date, clock: str | None) -> date | datetime:
    """The day, or the day at HH:MM in Vietnam's time zone."""
    if not clock:
        return day
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def anchor(doc_date: str | None) -> date:
    """The document's date ('2026-03' and '2026' taken at their first day), else today."""
    if not doc_date:
        return date.today()
    parts = [int(p) for p in doc_date.split("-")] + [1, 1]
    return date(*parts[:3])


def first_occurrence(rule: str, start: date) -> date:
    """The first day on or after `start` that the RRULE gives."""
    origin = datetime.combine(start, time())
    return (rrulestr(rule, dtstart=origin).after(origin, inc=True) or origin).date()


def description(record: dict, task: dict, sources: list[str]) -> str:
    """The full action, then one labelled line for each of units, co-units, deadline, references, sources."""
    doc, deadline = record["document"], task["deadline"]
    issued = " ".join(filter(None, [doc.get("doc_type"), doc_code(doc), doc.get("date"), doc.get("issuer")]))
    fields = [
        ("Đơn vị chủ trì", "; ".join(task["units"])),
        ("Đơn vị phối hợp", "; ".join(task["co_units"])),
        ("Thời hạn", deadline.get("text")),
        ("Văn bản liên quan", "; ".join(task["references"])),
        ("Văn bản giao", issued),
        ("Nguồn", "; ".join(sources)),
    ]
    return "\n".join([task["action"], ""] + [f"{label}: {value}" for label, value in fields if value])


def todo(uid: str, record: dict, task: dict, sources: list[str]) -> Todo:
    """The VTODO of one task; DUE or DTSTART+RRULE from its deadline."""
    deadline = task["deadline"]
    item = Todo()
    item.add("uid", uid)
    item.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    item.add("summary", shorten(task["action"]))
    item.add("description", description(record, task, sources))
    item.add("status", "NEEDS-ACTION")
    if task["units"]:
        item.add("categories", task["units"])
    if deadline["type"] == "date" and deadline.get("date"):
        item.add("due", when(date.fromisoformat(deadline["date"]), deadline.get("time")))
    elif deadline["type"] == "recurring" and deadline.get("rrule"):
        start = first_occurrence(deadline["rrule"], anchor(record["document"].get("date")))
        item.add("dtstart", when(start, deadline.get("time")))
        item.add("rrule", vRecur.from_ical(deadline["rrule"]))
    return item


def write(records: list[dict], out: Path) -> int:
    found: dict[str, tuple[dict, dict, list[str]]] = {}  # task id -> (first record, task, sources)
    for record in records:
        for i, task in enumerate(record["tasks"]):
            page = f", trang {task['page']}" if task.get("page") else ""
            found.setdefault(task_id(record, i), (record, task, []))[2].append(record["file"] + page)
    cal = Calendar()
    cal.add("prodid", "-//vn-task-extractor//task export//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Nhiệm vụ được giao")
    for uid, (record, task, sources) in found.items():
        cal.add_component(todo(uid, record, task, sources))
    cal.add_missing_timezones()
    out.write_bytes(cal.to_ical())
    return len(found)
