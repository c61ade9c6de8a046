"""Exports of task records (the JSON files `cli.py extract` writes) to other tools' formats.

`write(records, fmt, out)` takes Records (or their JSON data) and writes one file; each format's
module works on the records' JSON form. `export()` is the entry point the command line uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..output import Record, as_json
from . import to_csv, to_ics, to_jsonl, to_nd30, to_xlsx
from .common import load_records

EXPORTERS = {
    "csv": to_csv.write,
    "xlsx": to_xlsx.write,
    "ics": to_ics.write,
    "jsonl": to_jsonl.write,
    "nd30": to_nd30.write,
}


def write(records: Iterable[Record | dict], fmt: str, out: str | Path) -> int:
    """Write the records as `fmt` ("csv", "xlsx", "ics", "jsonl", "nd30") to `out`; returns the
    number of tasks (documents for nd30) written."""
    if fmt not in EXPORTERS:
        raise ValueError(f"no exporter for {fmt!r} (known: {', '.join(EXPORTERS)})")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return EXPORTERS[fmt]([as_json(r) for r in records], Path(out))


def export(records_dir: str | Path, fmt: str, out: str | Path) -> tuple[int, int]:
    """Write the records in `records_dir` as `fmt` to `out`; return (documents, items written)."""
    records = [record for _, record in load_records(records_dir)]
    return len(records), write(records, fmt, out)
