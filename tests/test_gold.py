"""Validation of the hand-labelled gold (corpus/gold/seeds, shared and shared2) against
the record format of /work/shared/spec/record-format.md.

One test per check and per gold file, so a failure names the file. The checks:
required fields and their types at every level; ISO dates (full or partial) for the document,
references and deadlines; deadline type and its consistency with date / rrule / time; RRULE
syntax; task reference keys present among the document's references and unique reference keys
(both with the scorer's key normalisation); strings in NFC; "file" names an existing source
file; every shared-corpus document has a gold file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

from evaluation.score import ref_key  # the scorer's own key normalisation: gold must agree with it

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "corpus" / "gold"
SEED_GOLD = sorted((GOLD / "seeds").glob("*.json"))
SHARED_GOLD = sorted((GOLD / "shared").glob("*.json"))
SHARED2_GOLD = sorted((GOLD / "shared2").glob("*.json"))
ALL_GOLD = SEED_GOLD + SHARED_GOLD + SHARED2_GOLD
SHARED_DOCS = REPO.parent / "shared" / "corpus" / "docs"  # /work/shared/corpus/docs beside the checkout
SHARED2_DOCS = REPO.parent / "shared" / "corpus" / "docs2"
SOURCES = {"seeds": REPO / "corpus" / "seeds", "shared": SHARED_DOCS, "shared2": SHARED2_DOCS}

DEADLINE_TYPES = {"date", "recurring", "relative", "none"}
DOC_FIELDS = {
    "doc_type",
    "number",
    "symbol",
    "issuer",
    "place",
    "date",
    "subject",
    "recipients",
    "basis",
    "cc",
    "signer",
}
SIGNER_FIELDS = {"name", "title", "authority"}
REF_FIELDS = {"key", "number", "symbol", "doc_type", "date", "issuer"}
TASK_FIELDS = {"units", "co_units", "action", "deadline", "references"}
DEADLINE_FIELDS = {"text", "type", "date", "rrule", "time"}

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def ids(paths):
    return [f"{p.parent.name}/{p.name}" for p in paths]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def iso_date_ok(value) -> bool:
    """ISO 8601 date, full ("2026-05-30") or partial ("2026-03", "2026"), and a real day."""
    if not isinstance(value, str):
        return False
    m = ISO_DATE.match(value)
    if not m:
        return False
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def rrule_problems(rule: str) -> list[str]:
    """RFC 5545 RRULE as the spec uses it: FREQ first and required; BYDAY (optionally with an
    ordinal: 2SA, -1FR), BYMONTHDAY, BYMONTH, INTERVAL; each part once."""
    probs = []
    if not isinstance(rule, str) or not rule:
        return ["rrule is not a non-empty string"]
    if rule != rule.strip() or " " in rule:
        probs.append(f"rrule {rule!r} contains spaces")
    parts = rule.split(";")
    seen = set()
    for i, part in enumerate(parts):
        if "=" not in part:
            probs.append(f"rrule part {part!r} is not NAME=VALUE")
            continue
        name, value = part.split("=", 1)
        if name in seen:
            probs.append(f"rrule part {name} repeated")
        seen.add(name)
        if i == 0 and name != "FREQ":
            probs.append(f"rrule {rule!r} does not start with FREQ")
        if name == "FREQ":
            if value not in FREQS:
                probs.append(f"FREQ={value} not one of {sorted(FREQS)}")
        elif name == "BYDAY":
            for d in value.split(","):
                m = re.fullmatch(r"([+-]?)(\d{1,2})?([A-Z]{2})", d)
                if (
                    not m
                    or m.group(3) not in WEEKDAYS
                    or (m.group(2) and not 1 <= int(m.group(2)) <= 53)
                    or (m.group(1) and not m.group(2))
                ):
                    probs.append(f"BYDAY value {d!r} invalid")
        elif name == "BYMONTHDAY":
            for d in value.split(","):
                if not re.fullmatch(r"[+-]?\d{1,2}", d) or not 1 <= abs(int(d)) <= 31:
                    probs.append(f"BYMONTHDAY value {d!r} invalid")
        elif name == "BYMONTH":
            for d in value.split(","):
                if not re.fullmatch(r"\d{1,2}", d) or not 1 <= int(d) <= 12:
                    probs.append(f"BYMONTH value {d!r} invalid")
        elif name == "INTERVAL":
            if not re.fullmatch(r"\d+", value) or int(value) < 1:
                probs.append(f"INTERVAL={value} is not a positive integer")
        else:
            probs.append(f"rrule part {name} not one of FREQ, BYDAY, BYMONTHDAY, BYMONTH, INTERVAL")
    if "FREQ" not in seen:
        probs.append(f"rrule {rule!r} has no FREQ")
    return probs


def _type_ok(value, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "str?":
        return value is None or isinstance(value, str)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    raise AssertionError(kind)


def _fields(obj, required: set[str], where: str, probs: list[str]) -> bool:
    if not isinstance(obj, dict):
        probs.append(f"{where}: not an object")
        return False
    missing = required - set(obj)
    if missing:
        probs.append(f"{where}: missing {sorted(missing)}")
    return not missing


def structure_problems(rec) -> list[str]:
    """Required fields and their types at every level."""
    probs: list[str] = []
    if not _fields(rec, {"file", "document", "references", "tasks"}, "record", probs):
        return probs
    if not isinstance(rec["file"], str) or not rec["file"].strip():
        probs.append("file: not a non-empty string")
    doc = rec["document"]
    if _fields(doc, DOC_FIELDS, "document", probs):
        for f in ("doc_type", "number", "symbol", "issuer", "place", "date", "subject"):
            if not _type_ok(doc[f], "str?"):
                probs.append(f"document.{f}: {doc[f]!r} is not a string or null")
        for f in ("recipients", "basis", "cc"):
            if not _type_ok(doc[f], "list[str]"):
                probs.append(f"document.{f}: not a list of strings")
            else:
                for x in doc[f]:
                    if not x.strip():
                        probs.append(f"document.{f}: empty entry")
                    elif x != x.strip() or x.rstrip()[-1] in ";,":
                        probs.append(f"document.{f}: entry {x!r} has surrounding space or trailing ';' ','")
        if _fields(doc["signer"], SIGNER_FIELDS, "document.signer", probs):
            for f in SIGNER_FIELDS:
                if not _type_ok(doc["signer"][f], "str?"):
                    probs.append(f"document.signer.{f}: not a string or null")
        if doc["number"] is not None and not doc["number"].strip():
            probs.append("document.number: empty string (use null)")
    if not isinstance(rec["references"], list):
        probs.append("references: not a list")
    else:
        for i, r in enumerate(rec["references"]):
            where = f"references[{i}]"
            if not _fields(r, REF_FIELDS, where, probs):
                continue
            if not isinstance(r["key"], str) or not r["key"].strip():
                probs.append(f"{where}.key: not a non-empty string")
            elif re.search(r"\s", r["key"]) and not r["key"].startswith("QCVN"):
                probs.append(f"{where}.key: {r['key']!r} contains spaces")
            if not isinstance(r["number"], str) or not r["number"].strip():
                probs.append(f"{where}.number: not a non-empty string")
            for f in ("symbol", "doc_type", "date", "issuer"):
                if not _type_ok(r[f], "str?"):
                    probs.append(f"{where}.{f}: not a string or null")
            if isinstance(r["key"], str) and isinstance(r["number"], str) and r["number"] not in r["key"]:
                probs.append(f"{where}: number {r['number']!r} not in key {r['key']!r}")
            if isinstance(r["key"], str) and isinstance(r["symbol"], str) and r["symbol"] not in r["key"]:
                probs.append(f"{where}: symbol {r['symbol']!r} not in key {r['key']!r}")
    if not isinstance(rec["tasks"], list):
        probs.append("tasks: not a list")
    else:
        for i, t in enumerate(rec["tasks"]):
            where = f"tasks[{i}]"
            if not _fields(t, TASK_FIELDS, where, probs):
                continue
            for f in ("units", "co_units", "references"):
                if not _type_ok(t[f], "list[str]"):
                    probs.append(f"{where}.{f}: not a list of strings")
                elif any(not x.strip() for x in t[f]):
                    probs.append(f"{where}.{f}: empty entry")
            if not isinstance(t["action"], str) or not t["action"].strip():
                probs.append(f"{where}.action: not a non-empty string")
            if _fields(t["deadline"], DEADLINE_FIELDS, f"{where}.deadline", probs):
                for f in ("text", "date", "rrule", "time"):
                    if not _type_ok(t["deadline"][f], "str?"):
                        probs.append(f"{where}.deadline.{f}: not a string or null")
    return probs


def date_problems(rec) -> list[str]:
    probs = []
    d = rec["document"]["date"]
    if d is not None and not iso_date_ok(d):
        probs.append(f"document.date {d!r} is not an ISO date")
    for i, r in enumerate(rec["references"]):
        if r["date"] is not None and not iso_date_ok(r["date"]):
            probs.append(f"references[{i}] ({r['key']}).date {r['date']!r} is not an ISO date")
    for i, t in enumerate(rec["tasks"]):
        d = t["deadline"]["date"]
        if d is not None and not iso_date_ok(d):
            probs.append(f"tasks[{i}].deadline.date {d!r} is not an ISO date")
    return probs


def deadline_problems(rec) -> list[str]:
    probs = []
    for i, t in enumerate(rec["tasks"]):
        dl, where = t["deadline"], f"tasks[{i}].deadline"
        kind = dl["type"]
        if kind not in DEADLINE_TYPES:
            probs.append(f"{where}.type {kind!r} not in {sorted(DEADLINE_TYPES)}")
            continue
        if kind != "date" and dl["date"] is not None:
            probs.append(f"{where}: date {dl['date']!r} given for type {kind!r}")
        if kind == "date" and dl["date"] is None and rec["document"]["date"]:
            # a null due date is allowed only when the year is unknown (the document has no date)
            probs.append(f"{where}: type 'date' with date null, though the document is dated {rec['document']['date']}")
        if kind == "recurring":
            if dl["rrule"] is None:
                probs.append(f"{where}: type recurring without rrule")
            else:
                probs += [f"{where}: {p}" for p in rrule_problems(dl["rrule"])]
        elif dl["rrule"] is not None:
            probs.append(f"{where}: rrule {dl['rrule']!r} given for type {kind!r}")
        if dl["time"] is not None and not TIME.match(dl["time"]):
            probs.append(f"{where}.time {dl['time']!r} is not HH:MM")
        if kind in ("date", "recurring", "relative") and not dl["text"]:
            probs.append(f"{where}: type {kind!r} without the deadline text")
        if kind == "none" and dl["time"] is not None:
            probs.append(f"{where}: time {dl['time']!r} given for type 'none'")
    return probs


def reference_problems(rec) -> list[str]:
    probs = []
    keys = [ref_key(r["key"]) for r in rec["references"]]
    seen = set()
    for r, k in zip(rec["references"], keys):
        if k in seen:
            probs.append(f"reference key {r['key']!r} listed twice (normalised {k!r})")
        seen.add(k)
    for i, t in enumerate(rec["tasks"]):
        tk = [ref_key(x) for x in t["references"]]
        for raw, k in zip(t["references"], tk):
            if k not in seen:
                probs.append(f"tasks[{i}].references: {raw!r} not among the document's references")
        if len(set(tk)) != len(tk):
            probs.append(f"tasks[{i}].references: a key repeated ({t['references']})")
    return probs


SUBJECT_MARKER = re.compile(r"^\s*(V/v|V/V|Về việc|Về)\b", re.I)


def house_rule_problems(rec) -> list[str]:
    """Mechanical house rules of corpus/gold/GUIDE-NOTES.md."""
    probs = []
    subj = rec["document"]["subject"]
    if subj and SUBJECT_MARKER.match(subj):
        probs.append(f"document.subject {subj[:40]!r}: the leading 'V/v' / 'Về việc' / 'Về' marker is dropped (§2)")
    auth = (rec["document"]["signer"] or {}).get("authority")
    if auth and not re.match(r"^(TM\.|KT\.|TL\.|Q\.|T/M|TUQ\.)", auth):
        probs.append(f"document.signer.authority {auth!r} does not start with its printed prefix (§2)")
    for i, t in enumerate(rec["tasks"]):
        words = t["action"].split()
        giao_unit = len(words) > 1 and words[0].lower() == "giao" and (words[1][:1].isupper() or words[1] == "cho")
        if giao_unit or re.match(r"^\s*chủ trì,? phối hợp", t["action"], re.I):
            probs.append(f"tasks[{i}].action starts with a frame that is stripped (§7): {t['action'][:50]!r}")
    return probs


def nfc_problems(obj, where="record") -> list[str]:
    if isinstance(obj, str):
        return [] if unicodedata.is_normalized("NFC", obj) else [f"{where}: {obj[:60]!r} is not NFC"]
    if isinstance(obj, dict):
        return [p for k, v in obj.items() for p in nfc_problems(k, f"{where} key") + nfc_problems(v, f"{where}.{k}")]
    if isinstance(obj, list):
        return [p for i, v in enumerate(obj) for p in nfc_problems(v, f"{where}[{i}]")]
    return []


def _report(probs: list[str]) -> str:
    return "\n  " + "\n  ".join(probs)


# --------------------------------------------------------------------------------------------


def test_gold_files_exist():
    assert len(SEED_GOLD) == 5, f"expected 5 seed golds, found {len(SEED_GOLD)}"
    assert SHARED_GOLD, "no shared gold files"


@pytest.mark.parametrize("path", ALL_GOLD, ids=ids(ALL_GOLD))
def test_valid_json_object(path):
    rec = load(path)
    assert isinstance(rec, dict)


@pytest.mark.parametrize("path", ALL_GOLD, ids=ids(ALL_GOLD))
def test_structure(path):
    probs = structure_problems(load(path))
    assert not probs, f"{path.name}:{_report(probs)}"


CHECKS = {
    "dates": date_problems,
    "deadlines": deadline_problems,
    "references": reference_problems,
    "house_rules": house_rule_problems,
}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("path", ALL_GOLD, ids=ids(ALL_GOLD))
def test_content(path, check):
    rec = load(path)
    assert not structure_problems(rec), "structure invalid (see test_structure)"
    probs = CHECKS[check](rec)
    assert not probs, f"{path.name} ({check}):{_report(probs)}"


@pytest.mark.parametrize("path", ALL_GOLD, ids=ids(ALL_GOLD))
def test_strings_nfc(path):
    probs = nfc_problems(load(path))
    assert not probs, f"{path.name}:{_report(probs)}"


@pytest.mark.parametrize("path", ALL_GOLD, ids=ids(ALL_GOLD))
def test_file_field(path):
    rec = load(path)
    name = rec.get("file")
    assert isinstance(name, str) and name, f"{path.name}: no 'file'"
    assert Path(name).name == name, f"{path.name}: 'file' {name!r} should be a bare file name"
    assert Path(name).stem == path.stem, f"{path.name}: 'file' {name!r} does not match the gold file's stem"
    src_dir = SOURCES[path.parent.name]
    if not src_dir.is_dir():
        pytest.skip(f"{src_dir} absent: existence of {name!r} not checked")
    assert (src_dir / name).is_file(), f"{path.name}: 'file' {name!r} not found in {src_dir}"


@pytest.mark.parametrize("gold_dir, docs_dir", [("shared", SHARED_DOCS), ("shared2", SHARED2_DOCS)])
def test_every_shared_document_has_gold(gold_dir, docs_dir):
    if not docs_dir.is_dir():
        pytest.skip(f"{docs_dir} absent: coverage of {gold_dir} not checked")
    docs = sorted(p.name for p in docs_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    golds = sorted((GOLD / gold_dir).glob("*.json"))
    gold_files = {load(p).get("file") for p in golds}
    missing = [d for d in docs if d not in gold_files or not (GOLD / gold_dir / f"{Path(d).stem}.json").is_file()]
    assert not missing, f"{docs_dir.name} documents without gold: {missing}"
    extra = sorted(g for g in gold_files if g not in docs)
    assert not extra, f"gold files naming no {docs_dir.name} document: {extra}"


# The checker itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=TH",
        "FREQ=MONTHLY;BYMONTHDAY=13",
        "FREQ=MONTHLY;BYDAY=2SA",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20",
        "FREQ=MONTHLY;INTERVAL=3",
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,TH",
    ],
)
def test_rrule_checker_accepts(rule):
    assert rrule_problems(rule) == []


@pytest.mark.parametrize(
    "rule",
    [
        "BYDAY=TH;FREQ=WEEKLY",
        "FREQ=FORTNIGHTLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=MONTHLY;INTERVAL=0",
        "FREQ=WEEKLY;COUNT=3",
        "BYMONTHDAY=13",
        "FREQ=MONTHLY;BYDAY=+SA",
        "",
    ],
)
def test_rrule_checker_rejects(rule):
    assert rrule_problems(rule)


def test_date_and_key_helpers():
    assert all(iso_date_ok(d) for d in ["2026-05-30", "2026-03", "2026"])
    assert not any(iso_date_ok(d) for d in ["30/5/2026", "2026-02-30", "2026-13", "26", None, "2026-5-3"])
    assert ref_key("0132 / KH–UBND") == "132/KH-UBND"
    assert ref_key("QCVN 01:2019/BCT") == "QCVN01:2019/BCT"
