"""Calendar dates as Vietnamese documents write them: 30/5/2026, 30-5-2026, ngày 30 tháng 5 năm 2026."""

from __future__ import annotations

import calendar
import re
from datetime import date

NUMERIC = re.compile(r"(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})(?:\s*[/\-.]\s*(?P<y>\d{4}|\d{2}))?(?![\d/])")
WORDS = re.compile(r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?")


def iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def month_end(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def parse_date_at(text: str, pos: int, default_year: int | None) -> tuple[str, int] | None:
    """A date starting at text[pos] -> (ISO date, end position); the year defaults to the document's."""
    for pat in (WORDS, NUMERIC):
        m = pat.match(text, pos)
        if m:
            y = m.group("y")
            year = int(y) + (2000 if y and len(y) == 2 else 0) if y else default_year
            if year is None:
                return None
            value = iso(year, int(m.group("m")), int(m.group("d")))
            if value:
                return value, m.end()
    return None
