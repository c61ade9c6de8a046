"""CSV: one row per task (common.COLUMNS), UTF-8 with a BOM so spreadsheet programs read the diacritics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import COLUMNS, joined_rows


def write(records: list[dict], out: Path) -> int:
    rows = joined_rows(records)
    pd.DataFrame(rows, columns=COLUMNS).to_csv(out, index=False, encoding="utf-8-sig")
    return len(rows)
