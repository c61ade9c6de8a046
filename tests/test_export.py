"""The record schema and the exports (csv, xlsx, ics, jsonl, nd30), on the records that
`cli.py extract` writes for the seeds and, when present, the shared corpus.

Every export is read back with an independent reader (pandas, icalendar, json) and compared,
task by task, with the record JSON it was made from.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from importlib.resources import files
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "corpus" / "seeds"
SHARED_DOCS = REPO.parent / "shared" / "corpus" / "docs"  # /work/shared/corpus/docs beside the checkout
CORPORA = {"seeds": SEEDS, "shared": SHARED_DOCS}
TZ = "Asia/Ho_Chi_Minh"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", *args], cwd=REPO, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module", params=sorted(CORPORA))
def extracted(request, tmp_path_factory) -> Path:
    """A folder of records extracted from one corpus (shared: skipped when absent)."""
    source = CORPORA[request.param]
    if not source.is_dir():
        pytest.skip(f"{source} absent: the shared corpus is not checked")
    out = tmp_path_factory.mktemp(f"records_{request.param}")
    cli("extract", str(source), "--out", str(out), "--quiet", "--no-ocr")
    return out


@pytest.fixture(scope="module")
def records(extracted) -> list[dict]:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(extracted.glob("*.json"))]
    assert found and sum(len(r["tasks"]) for r in found), "the extractor wrote no tasks"
    return found


def tasks_of(records: list[dict]) -> list[tuple[dict, dict]]:
    return [(r, t) for r in records for t in r["tasks"]]


def export(extracted: Path, fmt: str, out: Path) -> Path:
    cli("export", str(extracted), "--to", fmt, "--out", str(out))
    return out


# --- schema -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(files("extractor").joinpath("schema/record.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(validator, record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in validator.iter_errors(record)]


def test_every_extracted_record_matches_the_schema(validator, extracted, records):
    problems = {r["file"]: errors(validator, r) for r in records}
    assert not {f: e for f, e in problems.items() if e}


@pytest.fixture(scope="module")
def recurring_record(records) -> dict:
    """A real record with a recurring, timed deadline, or any record with a task."""

    def rank(r):
        return max(
            (2 * (t["deadline"]["type"] == "recurring") + bool(t["deadline"]["time"]) for t in r["tasks"]), default=-1
        )

    return max(records, key=rank)


@pytest.mark.parametrize(
    "path, value",
    [
        (("document", "date"), "30/05/2026"),
        (("document", "date"), "2026-13"),
        (("tasks", 0, "deadline", "type"), "weekly"),
        (("tasks", 0, "deadline", "time"), "17h00"),
        (("tasks", 0, "deadline", "time"), "24:00"),
        (("tasks", 0, "deadline", "date"), "2026-03"),
        (("tasks", 0, "deadline", "rrule"), "WEEKLY;BYDAY=TH"),
        (("tasks", 0, "deadline", "rrule"), "FREQ=WEEKLY;BYDAY=XX"),
        (("tasks", 0, "units"), "Phòng Kinh tế"),
        (("tasks", 0, "action"), None),
        (("references",), {}),
    ],
)
def test_schema_rejects_what_the_spec_forbids(validator, recurring_record, path, value):
    record = copy.deepcopy(recurring_record)
    target = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert errors(validator, record)


def test_schema_rejects_inconsistent_deadlines_and_missing_fields(validator, recurring_record):
    record = copy.deepcopy(recurring_record)
    deadline = record["tasks"][0]["deadline"]
    deadline.update(type="date", date=None, rrule=None)  # a "date" deadline without its date
    assert errors(validator, record)
    deadline.update(type="none", date="2026-06-01")  # a date on a deadline that is not a "date"
    assert errors(validator, record)
    deadline.update(type="recurring", date=None, rrule=None)  # recurring without its RRULE
    assert errors(validator, record)
    record = copy.deepcopy(recurring_record)
    del record["document"]["signer"]
    assert errors(validator, record)


def test_schema_accepts_partial_dates_and_added_fields(validator, recurring_record):
    record = copy.deepcopy(recurring_record)
    record["confidence"] = 0.7
    record["tasks"][0]["note"] = "added by a later stage"
    for partial in ("2026-03", "2026", None):
        record["document"]["date"] = partial
        assert not errors(validator, record)


# --- csv / xlsx ---------------------------------------------------------------------------------


def expected_row(record: dict, task: dict) -> dict:
    """The spreadsheet row a task should give, built from the record JSON: every cell a string."""
    doc, d = record["document"], task["deadline"]
    cells = {
        "doc_type": doc["doc_type"],
        "doc_number": doc["number"],
        "doc_symbol": doc["symbol"],
        "doc_date": doc["date"],
        "issuer": doc["issuer"],
        "subject": doc["subject"],
        "place": doc["place"],
        "recipients": "; ".join(doc["recipients"]),
        "signer_name": doc["signer"]["name"],
        "signer_title": doc["signer"]["title"],
        "signer_authority": doc["signer"]["authority"],
        "units": "; ".join(task["units"]),
        "co_units": "; ".join(task["co_units"]),
        "action": task["action"],
        "deadline_text": d["text"],
        "deadline_type": d["type"],
        "deadline_date": d["date"],
        "deadline_rrule": d["rrule"],
        "deadline_time": d["time"],
        "references": "; ".join(task["references"]),
        "file": record["file"],
        "page": task["page"],
        "task_id": task["id"],
    }
    return {k: "" if v is None else str(v) for k, v in cells.items()}


def assert_rows_match(frame, records):
    expected = [expected_row(r, t) for r, t in tasks_of(records)]
    assert len(frame) == len(expected)
    got = frame[list(expected[0])].to_dict("records")
    for g, e in zip(got, expected):
        assert g == e, e["task_id"]
    codes = [
        (
            f"{r['document']['number'] or ''}/{r['document']['symbol']}"
            if r["document"]["symbol"]
            else r["document"]["number"] or ""
        )
        for r, _ in tasks_of(records)
    ]
    assert frame["doc_code"].tolist() == codes


def test_csv_reads_back_to_the_same_tasks(extracted, records, tmp_path):
    import pandas as pd

    out = export(extracted, "csv", tmp_path / "tasks.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM"
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert_rows_match(frame, records)


def test_xlsx_reads_back_to_the_same_tasks(extracted, records, tmp_path):
    import pandas as pd

    out = export(extracted, "xlsx", tmp_path / "tasks.xlsx")
    frame = pd.read_excel(out, sheet_name="tasks", dtype=str, keep_default_na=False)
    assert_rows_match(frame, records)


# --- ics ----------------------------------------------------------------------------------------

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}


def assert_first_occurrence(day: date, rule: dict, doc_date: str | None):
    """DTSTART falls on the rule's weekday / month day / month, within one period after the document's date."""
    if "BYMONTHDAY" in rule:
        assert day.day in [int(x) for x in rule["BYMONTHDAY"]]
    if "BYMONTH" in rule:
        assert day.month in [int(x) for x in rule["BYMONTH"]]
    if "BYDAY" in rule:
        assert WEEKDAYS[day.weekday()] in [str(x)[-2:] for x in rule["BYDAY"]]
    if doc_date:
        origin = date(*([int(p) for p in doc_date.split("-")] + [1, 1])[:3])
        span = PERIOD_DAYS[rule["FREQ"][0]] * int(rule.get("INTERVAL", [1])[0])
        assert origin <= day < origin + timedelta(days=span), (day, doc_date, rule)


def test_ics_has_one_vtodo_per_task_with_due_rrule_uid_and_categories(extracted, records, tmp_path):
    from icalendar import Calendar, vRecur

    cal = Calendar.from_ical(export(extracted, "ics", tmp_path / "tasks.ics").read_bytes())
    todos = cal.walk("VTODO")
    pairs = tasks_of(records)
    first: dict[str, tuple[dict, dict]] = {}  # renditions of one document share task ids: one VTODO each
    for record, task in pairs:
        first.setdefault(task["id"], (record, task))
    assert [str(t["UID"]) for t in todos] == list(first)
    for todo in todos:
        record, task = first[str(todo["UID"])]
        d = task["deadline"]
        summary = str(todo["SUMMARY"])
        assert len(summary) <= 80 and task["action"].startswith(summary.rstrip("…").rstrip(",;: "))
        description = str(todo["DESCRIPTION"])
        assert description.startswith(task["action"])
        assert all(r["file"] in description for r, t in pairs if t["id"] == task["id"])
        assert [str(c) for c in todo.categories] == task["units"]
        assert ("RRULE" in todo) == (d["type"] == "recurring"), task["id"]
        assert ("DUE" in todo) == (d["type"] == "date"), task["id"]
        if d["type"] == "date":
            due = todo["DUE"].dt
            assert (due.date() if isinstance(due, datetime) else due).isoformat() == d["date"]
            if d["time"]:
                assert due.strftime("%H:%M") == d["time"] and str(due.tzinfo) == TZ
            else:
                assert not isinstance(due, datetime)
        if d["type"] == "recurring":
            assert dict(todo["RRULE"]) == dict(vRecur.from_ical(d["rrule"]))
            start = todo["DTSTART"].dt
            day = start.date() if isinstance(start, datetime) else start
            assert_first_occurrence(day, dict(vRecur.from_ical(d["rrule"])), record["document"]["date"])
            if d["time"]:
                assert start.strftime("%H:%M") == d["time"] and str(start.tzinfo) == TZ
    timed = any(t["deadline"]["time"] and t["deadline"]["type"] in ("date", "recurring") for _, t in pairs)
    assert ([str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == [TZ]) == timed


# --- jsonl / nd30 -------------------------------------------------------------------------------


def test_jsonl_has_one_flat_line_per_task(extracted, records, tmp_path):
    lines = export(extracted, "jsonl", tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    pairs = tasks_of(records)
    assert len(lines) == len(pairs)
    for line, (record, task) in zip(lines, pairs):
        row = json.loads(line)
        assert not any(isinstance(v, dict) for v in row.values()), "not flat"
        doc, d = record["document"], task["deadline"]
        assert (row["task_id"], row["action"], row["units"], row["co_units"], row["references"]) == (
            task["id"],
            task["action"],
            task["units"],
            task["co_units"],
            task["references"],
        )
        assert [row[f"deadline_{k}"] for k in ("text", "type", "date", "rrule", "time")] == [
            d[k] for k in ("text", "type", "date", "rrule", "time")
        ]
        assert (
            row["doc_type"],
            row["doc_date"],
            row["issuer"],
            row["subject"],
            row["place"],
            row["recipients"],
            row["signer_name"],
            row["signer_title"],
            row["signer_authority"],
            row["file"],
            row["page"],
        ) == (
            doc["doc_type"],
            doc["date"],
            doc["issuer"],
            doc["subject"],
            doc["place"],
            doc["recipients"],
            *(doc["signer"][k] for k in ("name", "title", "authority")),
            record["file"],
            task["page"],
        )


def test_nd30_carries_the_frame_under_the_decree_names(extracted, records, tmp_path):
    documents = json.loads(export(extracted, "nd30", tmp_path / "nd30.json").read_text(encoding="utf-8"))
    assert isinstance(documents, list) and len(documents) == len(records)
    for out, record in zip(documents, records):
        doc = record["document"]
        assert (
            out["CodeNumber"],
            out["CodeNotation"],
            out["IssuedDate"],
            out["OrganName"],
            out["Subject"],
            out["TypeName"],
            out["PlaceOfIssue"],
            out["ToPlaces"],
        ) == (
            doc["number"],
            doc["symbol"],
            doc["date"],
            doc["issuer"],
            doc["subject"],
            doc["doc_type"],
            doc["place"],
            doc["recipients"],
        )
        assert out["SignerInfo"] == {
            "FullName": doc["signer"]["name"],
            "Position": doc["signer"]["title"],
            "Competence": doc["signer"]["authority"],
        }
        assert [r["CodeNumber"] for r in out["ReferencedDocuments"]] == [r["number"] for r in record["references"]]
        assert len(out["Tasks"]) == len(record["tasks"])
        for t, task in zip(out["Tasks"], record["tasks"]):
            d = task["deadline"]
            assert t["TaskId"] == task["id"] and t["Action"] == task["action"] and t["Units"] == task["units"]
            assert t["DueDate"] == (d["date"] if d["type"] == "date" else None)
            if t["DueDate"]:
                date.fromisoformat(t["DueDate"])


def test_export_rejects_a_folder_that_is_not_records(tmp_path):
    (tmp_path / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "cli.py", "export", str(tmp_path), "--to", "csv", "--out", str(tmp_path / "x.csv")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "not a task record" in run.stderr
