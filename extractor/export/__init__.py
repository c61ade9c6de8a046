"""Exports of task records (the JSON files `cli.py extract` writes) to other tools' formats.

Every exporter reads only record JSON: `write(records, out) -> count` takes the loaded records
and writes one file. `export()` is the entry point the command line uses.
"""
from __future__ import annotations

from pathlib import Path

from . import to_csv, to_ics, to_jsonl, to_nd30, to_xlsx
from .common import load_records

EXPORTERS = {"csv": to_csv.write, "xlsx": to_xlsx.write, "ics": to_ics.write,
             "jsonl": to_jsonl.write, "nd30": to_nd30.write}


def export(records_dir: str | Path, fmt: str, out: str | Path) -> tuple[int, int]:
    """Write the records in `records_dir` as `fmt` to `out`; return (documents, items written)."""
    records = [record for _, record in load_records(records_dir)]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return len(records), EXPORTERS[fmt](records, Path(out))
