"""XLSX: one row per task (common.COLUMNS) on the sheet 'tasks', header frozen, with a filter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import COLUMNS, joined_rows

SHEET = "tasks"
WIDTHS = {"subject": 50, "action": 80, "units": 35, "co_units": 35, "issuer": 35, "deadline_text": 30}


def write(records: list[dict], out: Path) -> int:
    rows = joined_rows(records)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame(rows, columns=COLUMNS).to_excel(writer, sheet_name=SHEET, index=False)
        sheet = writer.sheets[SHEET]
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for cell in sheet[1]:
            sheet.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 16)
    return len(rows)
