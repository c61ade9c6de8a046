"""JSON Lines: one task per line, flattened with its document's frame (common.COLUMNS)."""

from __future__ import annotations

import json
from pathlib import Path

from .common import task_rows


def write(records: list[dict], out: Path) -> int:
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for row in task_rows(records):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
