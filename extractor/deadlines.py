"""Deadline phrases -> Deadline: a date, a recurrence (RRULE), a relative limit, or none.

The first explicit time limit of an item governs (annotation guide). Dates that belong to a
citation ("Công văn số 12/UBND ngày 3/5/2026") are masked out by the caller.
"""

from __future__ import annotations

import re

from .dates import iso, month_end
from .record import Deadline
from .rules import alternation as _phrases
from .rules import rules

_R = rules()["deadlines"]


_WEEKDAY = _phrases(_R["weekdays"])
_TIME = r"(?P<h>\d{1,2})\s*(?:h|giờ|g)\s*(?:(?P<mi>\d{2})\s*(?:'|’|phút|p)?)?(?:\s*(?:sáng|chiều|tối))?"
_DMY = r"(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})(?:\s*[/\-.]\s*(?P<y>\d{4}))?(?![\d/])"
_DMY_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
_NUMBER_WORDS = _R["number_words"]
_NUMBER_ALT = _phrases(_NUMBER_WORDS)
# "6 tháng" is also written "sáu tháng": a period's number in words
_FREQ_NAMES = {f: f for f in _R["recurrence"]} | {
    f.replace(f.split()[0], w, 1): f
    for f in _R["recurrence"]
    if f.split()[0].isdigit()
    for w, n in _NUMBER_WORDS.items()
    if n == int(f.split()[0])
}
_FREQ_WORD = rf"(?:{_phrases(_FREQ_NAMES)})"
_FREQ_LIST = rf"(?:hằng|hàng)\s+(?P<freqs>{_FREQ_WORD}(?:\s*(?:,|và|/|hoặc)\s*(?:hằng\s+|hàng\s+)?{_FREQ_WORD})*)"

TRIGGER = (
    rf"(?:(?:{_phrases(_R['trigger_leads'], capital=True)})\s*(?::\s*|là\s+)?)?"
    rf"(?:{_phrases(_R['trigger_words'], capital=True)})?"
)

RECURRING = re.compile(
    rf"(?P<pre>(?:[Đđ]ịnh\s+kỳ\s+)?(?:(?:vào|trước|chậm\s+nhất|báo\s+cáo|đến\s+hết|đến)\s+)?)"
    rf"(?:(?:{_TIME})\s*(?:,\s*)?)?"
    rf"(?:(?:ngày\s+)?(?P<wd>{_WEEKDAY})(?:\s+của\s+tuần\s+(?:thứ\s+)?(?P<nth>\d|cuối))?\s*)?"
    rf"(?:(?:ngày\s+(?P<md>\d{{1,2}})(?:\s+tháng\s+(?P<mon>\d{{1,2}})|\s*/\s*(?P<mon3>\d{{1,2}})(?!\d|\s*/))?"
    rf"|(?P<md2>\d{{1,2}})\s+tháng\s+(?P<mon2>\d{{1,2}})|(?P<md3>\d{{1,2}})\s*/\s*(?P<mon4>\d{{1,2}})(?!\d|\s*/))\s+)?"
    rf"{_FREQ_LIST}"
    rf"(?:\s*\((?:trước|chậm\s+nhất|vào)?\s*(?:ngày\s+)?(?P<pd>\d{{1,2}})\s*[/\-]\s*(?P<pm>\d{{1,2}})\))?",
    re.I,
)
# A day of the quarter's last or first month ("trước ngày 15 của tháng cuối quý", "ngày 10 tháng đầu
# quý sau"): quarterly on that day
QUARTER_DAY = re.compile(
    rf"(?P<pre>{TRIGGER}\s*)ngày\s+(?P<md>\d{{1,2}})\s+(?:của\s+)?tháng\s+(?:cuối|đầu|thứ\s+\w+)\s+"
    rf"(?:của\s+)?(?:mỗi\s+|hằng\s+|hàng\s+)?quý(?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?",
    re.I,
)
_REPORT_NOUN = re.compile(rf"(?i)(?:{_phrases(_R['report_nouns'])})\s*$")
PERIODIC = re.compile(
    rf"(?P<pre>[Đđ]ịnh\s+kỳ\s+)(?P<n>\d+|{_NUMBER_ALT})\s+tháng"
    rf"|(?P<pre2>)(?P<n2>\d+|{_NUMBER_ALT})\s+tháng\s*(?:/\s*(?:01|1|một)?\s*lần|(?:01|1|một)\s+lần)",  # "6 tháng/lần"
    re.I,
)
# A deadline cell that opens with a period ("6 tháng, hằng năm và định kỳ", "03 tháng/lần")
PERIOD_CELL = re.compile(
    rf"^(?:(?P<every>[Đđ]ịnh\s+kỳ)\s+)?(?P<n>\d+|{_NUMBER_ALT})\s+tháng"
    r"(?=\s*(?:,|/|một\s+lần|1\s+lần|lần|(?P<end>$)))",
    re.I,
)
# A cell that gives only the time a step of a schedule takes ("≤ 5 ngày làm việc", "7 ngày làm việc sau
# khi công bố kết quả"): counted from the step before, relative. How long an activity runs ("18 tháng")
# is no period of recurrence: none, text kept.
STEP_CELL = re.compile(r"^[≤<‹≥>~\-]?\s*\d+\s*\(?\s*(?:ngày(?:\s+làm\s+việc)?|tuần)\b(?![^\d]*\d{1,2}/\d)", re.I)
# A deadline cell that names years, months or a span of days: "Năm 2022-2025", "2022", "Tháng 11, 12/2013",
# "Dự kiến 04/08-20/08/2023": due at the end
YEARS_CELL = re.compile(r"^(?:(?:trong\s+)?năm\s+)?(?P<y1>\d{4})(?:\s*[-–]\s*(?P<y2>\d{4}))?(?!\s*[/\d])", re.I)
MONTHS_CELL = re.compile(
    r"^(?:(?:trong\s+)?tháng\s+)(?P<ms>\d{1,2}(?:\s*(?:,|và|-|–)\s*\d{1,2})*)\s*(?:/|năm)\s*(?P<y>\d{4})", re.I
)
SPAN_CELL = re.compile(
    r"(?:^|\s)(?:từ\s+)?(?:ngày\s+)?\d{1,2}\s*[/⁄]\s*\d{1,2}(?:\s*/\s*\d{4})?\s*(?:[-–—~]+|đến)\s*(?:ngày\s+)?"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})",
    re.I,
)

DATE = re.compile(
    rf"(?P<pre>{TRIGGER}\s*(?:ngày\s+)?)(?:(?:{_TIME})\s*(?:,\s*)?(?:ngày\s+)?(?:{_WEEKDAY})?\s*,?\s*(?:ngày\s+)?)?"
    rf"(?:{_DMY}|{_DMY_WORDS})(?:\s*\((?:{_WEEKDAY})\))?",
    re.I,
)
WEEKDAY_DATE = re.compile(rf"(?P<pre>vào\s+)?ngày\s+(?:{_WEEKDAY})\s*\(ngày\s+{_DMY}\)", re.I)
QUARTER = re.compile(
    r"(?P<pre>(?:hoàn\s+thành\s+)?(?:trong\s+|trước\s+|đến\s+hết\s+|cuối\s+)?)"
    r"[Qq]uý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*(?:/|năm)\s*(?P<y>\d{4}))?"
)
# a time lead with its colon ("Thời gian thực hiện: Tháng 10 năm 2026") opens a period as a word of time does
_LEAD_COLON = rf"(?:{_phrases(_R['trigger_leads'])})\s*:\s*"
MONTH = re.compile(
    rf"(?P<pre>{_LEAD_COLON}(?:(?:trong|trước|đến\s+hết|cuối|hết)\s+)?|"
    r"(?:hoàn\s+thành\s+)?(?:trong|trước|đến\s+hết|đến|cuối|hết|vào|chậm\s+nhất(?:\s+trong)?)\s+)"
    r"tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})",
    re.I,
)
HALF = re.compile(r"(?P<pre>(?:trong\s+)?)(?P<n>6|06|sáu|9|09)\s+tháng\s+đầu\s+năm(?:\s+(?P<y>\d{4}))?", re.I)
YEAR = re.compile(
    r"(?P<pre>(?:[Hh]oàn\s+thành\s+)?(?:[Tt]rong|[Đđ]ến\s+hết|[Tt]rước|[Cc]uối|[Hh]ết)\s+)năm\s+(?P<y>\d{4})"
)
YEAR_RANGE = re.compile(
    r"(?P<pre>(?:[Tt]hời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)\s*:?\s*|[Tt]rong\s+)(?:năm\s+|giai\s+đoạn\s+)?)"
    r"(?P<y1>\d{4})\s*[-–]\s*(?P<y2>\d{4})"
)
RELATIVE = re.compile(
    r"(?:(?:[Tt]rong\s+(?:vòng\s+|thời\s+hạn\s+)?|[Ss]au\s+|[Cc]hậm\s+nhất\s+(?:sau\s+)?)\d+\s+(?:ngày|tuần|tháng)"
    r"(?:\s+làm\s+việc(?:\s*,?\s*(?:kể\s+từ|tính\s+từ|sau\s+khi|từ)\s+[^,;.]{3,80})?"
    r"|\s*,?\s*(?:kể\s+từ|tính\s+từ|sau\s+khi|từ)\s+[^,;.]{3,80})"  # "trong 3 ngày Tết" is a period
    r"|[Tt]rước\s+khi\s+[^,;.]{3,60}|[Nn]gay\s+sau\s+khi\s+[^,;.]{3,60}"
    r"|[Tt]rước\s+ngày\s+(?=[^\d\s])[^,;.]{3,60}"  # "trước ngày bắt đầu khai thác mỏ"
    r"|[Nn]gay\s+sau\s+(?!khi)[^,;.]{3,40}|[Nn]gay\s+khi\s+[^,;.]{3,60}"
    r"|(?<=\s)sau\s+khi\s+kết\s+thúc\s[^,;.]{3,60}(?=\s*(?:[.;]|$))"  # the end of an event, closing the
    # sentence ("... sau khi kết thúc đợt kiểm tra."); "sau khi được bố trí vốn", "sau khi hoàn thành ..."
    # are conditions
    r"|(?:^|(?<=\.\s))(?:[Ss]au\s+khi|[Kk]hi|[Nn]gay\s+khi|[Kk]ết\s+thúc)\s+[^,;.]{3,100})"
)  # a sentence opening with its trigger
NONE_COLUMN = re.compile(rf"^(?:{_phrases(_R['none_words'])})", re.I)
RELATIVE_CELL = re.compile(rf"^\W*(?:{_phrases(_R['relative_cells'])})(?!\w)(?!.*\d{{4}})", re.I)


def _interval(n: str) -> str:
    """ "định kỳ 03 tháng" -> FREQ=MONTHLY;INTERVAL=3 ("1 tháng": monthly)."""
    months = _NUMBER_WORDS.get(n.lower()) or int(n)
    return "FREQ=MONTHLY" if months == 1 else f"FREQ=MONTHLY;INTERVAL={months}"


_QUALIFIER = re.compile(
    rf"[\s,]*(?:(?:trước|vào|chậm\s+nhất|lúc)\s+)?(?:(?:{_TIME})\s*,?\s*)?"
    rf"(?:(?:ngày\s+)?(?P<wd>{_WEEKDAY})|ngày\s+(?P<md>\d{{1,2}})"
    rf"(?:\s*/\s*(?P<mon>\d{{1,2}})(?!\d|\s*/)|\s+tháng\s+(?P<mon2>\d{{1,2}})(?!\s*(?:/|năm)\s*\d))?)?",
    re.I,
)


# The same made precise further on in the sentence, after its verb: "Định kỳ hằng tháng, các đơn vị
# báo cáo về Sở Nội vụ trước ngày 25" (a bare day of the month, or a weekday, after a limit word).
_FAR_QUALIFIER = re.compile(
    rf"(?:trước|vào|chậm\s+nhất)\s+(?:(?:{_TIME})\s*,?\s*)?"
    rf"(?:(?:ngày\s+)?(?P<wd>{_WEEKDAY})|ngày\s+(?P<md>\d{{1,2}})(?![\d/.\-]|\s*tháng|\s*[/\-.]\s*\d))",
    re.I,
)


def _far_qualified(dl: Deadline, text: str, after: int) -> Deadline | None:
    """`dl` made precise by a limit later in its sentence (_FAR_QUALIFIER), or None."""
    end = after + re.search(r"[.;](?:\s|$)|$", text[after:]).start()
    far = _FAR_QUALIFIER.search(text, after, end)
    if far and far.group("md") and dl.rrule.startswith("FREQ=MONTHLY"):
        rule = f"{dl.rrule};BYMONTHDAY={int(far.group('md'))}"
    elif far and far.group("wd") and dl.rrule == "FREQ=WEEKLY":
        rule = f"{dl.rrule};BYDAY={_R['weekdays'][far.group('wd').lower()]}"
    else:
        return None
    return Deadline(text=f"{dl.text} … {far.group(0)}", type="recurring", rrule=rule, time=_time(far) or dl.time)


def _qualified(dl: Deadline, text: str) -> Deadline:
    """A bare frequency made precise by what follows it in the clause: "Định kỳ hằng tuần, trước 16
    giờ 00 ngày thứ Sáu" -> FREQ=WEEKLY;BYDAY=FR at 16:00; "hằng tháng, trước ngày 15" -> BYMONTHDAY=15;
    or later in its sentence ("Định kỳ hằng tháng, Sở ... báo cáo trước ngày 25")."""
    at = text.find(dl.text)
    m = _QUALIFIER.match(text, at + len(dl.text)) if at >= 0 else None
    if not m or not (m.group("wd") or m.group("md") or m.group("h")):
        return (_far_qualified(dl, text, at + len(dl.text)) if at >= 0 else None) or dl
    rule = dl.rrule
    if m.group("wd") and rule == "FREQ=WEEKLY":
        rule += f";BYDAY={_R['weekdays'][m.group('wd').lower()]}"
    elif m.group("md") and rule == "FREQ=YEARLY" and (m.group("mon") or m.group("mon2")):
        rule += f";BYMONTH={int(m.group('mon') or m.group('mon2'))};BYMONTHDAY={int(m.group('md'))}"
    elif m.group("md") and rule.startswith("FREQ=MONTHLY") and not (m.group("mon") or m.group("mon2")):
        rule += f";BYMONTHDAY={int(m.group('md'))}"
    elif not m.group("h"):
        return dl
    return Deadline(
        text=(dl.text + text[at + len(dl.text) : m.end()]).strip(" ,"),
        type="recurring",
        rrule=rule,
        time=_time(m) or dl.time,
    )


def _column_period(text: str, year: int | None) -> Deadline | None:
    """The cell forms that only a deadline column has: a period of months first, years, months of
    a year, or a span of days (due at its end)."""
    m = PERIOD_CELL.match(text)
    if m and (m.group("every") or m.group("end") is None):
        return Deadline(text=text, type="recurring", rrule=_interval(m.group("n")))
    if m:
        return Deadline(text=text, type="none")  # "18 tháng": how long it runs
    if STEP_CELL.match(text) or RELATIVE_CELL.match(text):
        return Deadline(text=text, type="relative")
    m = YEARS_CELL.match(text)
    if m:
        return Deadline(text=text, type="date", date=f"{m.group('y2') or m.group('y1')}-12-31")
    m = MONTHS_CELL.match(text)
    if m:
        last = int(re.findall(r"\d{1,2}", m.group("ms"))[-1])
        return Deadline(text=text, type="date", date=month_end(int(m.group("y")), last)) if 1 <= last <= 12 else None
    m = SPAN_CELL.search(text)
    if m:
        value = iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return Deadline(text=text, type="date", date=value) if value else None
    return None


def _time(m: re.Match) -> str | None:
    h = m.groupdict().get("h")
    if not h or int(h) > 23:
        return None
    mi = m.groupdict().get("mi") or "00"
    return f"{int(h):02d}:{mi}"


def _freq_rule(freqs: str) -> str:
    for name, freq in _FREQ_NAMES.items():
        if name != freq:
            freqs = freqs.replace(name, freq)
    found = [f for f in _R["recurrence"] if re.search(rf"(?<![\w]){f}(?![\w])", freqs)]
    if "6 tháng" in found and "tháng" in found and not re.search(r"(?<!6 )tháng", freqs):
        found.remove("tháng")
    return _R["recurrence"][found[0] if found else "năm"]


def _recurring(m: re.Match) -> Deadline:
    rule = _freq_rule(m.group("freqs"))
    wd, nth = m.group("wd"), m.group("nth")
    md = m.group("md") or m.group("md2") or m.group("md3")
    mon = m.group("mon") or m.group("mon2") or m.group("mon3") or m.group("mon4")
    if wd:
        code = _R["weekdays"][wd.lower()]
        if rule == "FREQ=MONTHLY" and nth:
            code = ("-1" if nth == "cuối" else nth) + code
        rule += f";BYDAY={code}"
    elif md and rule == "FREQ=YEARLY" and mon:
        rule += f";BYMONTH={int(mon)};BYMONTHDAY={int(md)}"
    elif m.group("pd") and rule == "FREQ=YEARLY":  # "hằng năm (trước ngày 10/12)"
        rule += f";BYMONTH={int(m.group('pm'))};BYMONTHDAY={int(m.group('pd'))}"
    elif m.group("pd") and rule == "FREQ=MONTHLY":
        rule += f";BYMONTHDAY={int(m.group('pd'))}"
    elif md and rule.startswith("FREQ=MONTHLY"):
        rule += f";BYMONTHDAY={int(md)}"
    return Deadline(text=m.group(0).strip(), type="recurring", rrule=rule, time=_time(m))


def _date(m: re.Match, year: int | None) -> Deadline | None:
    g = m.groupdict()
    d, mo, y = g.get("d") or g.get("d2"), g.get("m") or g.get("m2"), g.get("y") or g.get("y2")
    y = int(y) if y else year
    if y is None:
        return Deadline(text=m.group(0).strip(), type="date")
    value = iso(y, int(mo), int(d))
    if not value:
        return None
    return Deadline(text=m.group(0).strip(), type="date", date=value, time=_time(m))


# A frequency before the verb it times ("hàng ngày cập nhật và báo cáo ...", "hằng tháng tổng hợp ..."):
# the action recurs; one after a noun ("chương trình công tác hàng năm") describes the noun
_ACTION_NEXT = re.compile(rf"\s+(?:{_phrases(rules()['directives']['verbs'])})(?![\w])")


def candidates(text: str, year: int | None, column: bool = False) -> list[tuple[int, Deadline]]:
    """Every time limit in `text` with its position (`column`: the text is a deadline cell)."""
    found: list[tuple[int, Deadline]] = []
    low = text.lower()
    if not any(
        w in low
        for w in (
            "hằng",
            "hàng",
            "định kỳ",
            "quý",
            "tháng",
            "năm",
            "ngày",
            "khi",
            "trong",
            "sau",
            "trước",
            "giờ",
            "kết thúc",
        )
    ) and not re.search(r"\d", text):
        return found  # nothing that could be a time limit: skip the patterns
    for m in RECURRING.finditer(text) if ("hằng" in low or "hàng" in low) else ():
        context = text[max(0, m.start() - 40) : m.start()]
        if not (
            column
            or m.start() == 0
            or m.group("pre").strip()
            or m.group("wd")
            or m.group("md")
            or m.group("md2")
            or m.group("h")
            or re.search(r"(?i)báo\s+cáo|họp|giao\s+ban|định\s+kỳ|kiểm\s+tra|tổng\s+hợp|gửi", context)
            or _ACTION_NEXT.match(text, m.end())
        ):
            continue  # "chương trình công tác hàng năm": the frequency describes a noun
        found.append((m.start() + len(m.group("pre")) if not m.group("pre").strip() else m.start(), _recurring(m)))
    for m in QUARTER_DAY.finditer(text) if "quý" in low else ():
        rule = f"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={int(m.group('md'))}"
        found.append((m.start(), Deadline(text=m.group(0).strip(), type="recurring", rrule=rule)))
    for m in PERIODIC.finditer(text) if ("định kỳ" in low or "lần" in low) else ():
        n = m.group("n") or m.group("n2")
        found.append((m.start(), Deadline(text=m.group(0).strip(), type="recurring", rrule=_interval(n))))
    for m in WEEKDAY_DATE.finditer(text):
        dl = _date(m, year)
        if dl:
            found.append((m.start(), dl))
    for m in DATE.finditer(text):
        if re.fullmatch(r"(?i)(?:ngày|từ(?:\s+ngày)?)?", m.group("pre").strip()):
            continue  # a bare date, or the start of a period, is no time limit
        dl = _date(m, year)
        if dl:
            found.append((m.start(), dl))
    for m in QUARTER.finditer(text) if "quý" in low else ():
        y = int(m.group("y")) if m.group("y") else year
        if not m.group("pre").strip() and not m.group("y"):
            continue
        q = _R["quarters"][m.group("q")]
        found.append(
            (m.start(), Deadline(text=m.group(0).strip(), type="date", date=month_end(y, q * 3) if y else None))
        )
    for m in MONTH.finditer(text):
        found.append(
            (
                m.start(),
                Deadline(
                    text=m.group(0).strip(),
                    type="date",
                    date=month_end(int(m.group("y")), int(m.group("m"))) if 1 <= int(m.group("m")) <= 12 else None,
                ),
            )
        )
    for m in HALF.finditer(text) if "đầu năm" in low else ():
        if not m.group("pre").strip() and _REPORT_NOUN.search(text[max(0, m.start() - 20) : m.start()]):
            later = next((d for d in DATE.finditer(text, m.end()) if d.group("pre").strip(" ngày")), None)
            if later is not None:
                continue  # "Báo cáo 6 tháng đầu năm trước ngày 15/6": the report's period, the limit after it
        y = int(m.group("y")) if m.group("y") else year
        n = 6 if m.group("n") in ("6", "06", "sáu") else 9
        found.append((m.start(), Deadline(text=m.group(0).strip(), type="date", date=month_end(y, n) if y else None)))
    for m in YEAR.finditer(text):
        found.append((m.start(), Deadline(text=m.group(0).strip(), type="date", date=f"{m.group('y')}-12-31")))
    for m in YEAR_RANGE.finditer(text):
        found.append((m.start(), Deadline(text=m.group(0).strip(), type="date", date=f"{m.group('y2')}-12-31")))
    for m in RELATIVE.finditer(text):
        found.append((m.start(), Deadline(text=m.group(0).strip(), type="relative")))
    found = [
        (k, dl)
        for k, dl in found
        if not _AS_OF.search(text[max(0, k - 12) : k]) and not _past(dl, year) and not _done(text, k, dl)
    ]
    return sorted(found, key=lambda x: x[0])


def _past(dl: Deadline, year: int | None) -> bool:
    """A period (a year, quarter or month) before the document's year is one the text looks back on
    ("số liệu đã sử dụng trong năm 2017" in a plan of 2018), never a time limit it sets; a day named
    as the limit stays one, its year perhaps mistyped."""
    if not (year and dl.type == "date" and dl.date and dl.date[:4].isdigit() and int(dl.date[:4]) < year):
        return False
    return not re.search(r"(?i)ngày|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]", dl.text or "")


_AS_OF = re.compile(r"(?i)\btính\s*$")  # "số liệu tính đến ngày 30/6": what the figures cover, no limit
# a time in a clause that tells what was done ("nội dung đã được tập huấn cho giáo viên cốt cán vào tháng
# 11/2024"): when it happened, no limit (rules/directives.yaml past_words, within the clause)
_DONE = re.compile(rf"(?<!\w)(?:{_phrases(rules()['directives']['past_words'])})(?!\w)[^,;.:()]*$")
_LIMIT_LEAD = re.compile(rf"(?i)(?:{_phrases(_R['limit_leads'])})\s")


def _done(text: str, k: int, dl: Deadline) -> bool:
    """A bare date or period (no "trước", "chậm nhất", "đến" before it) in a clause of what was done."""
    return dl.type == "date" and not _LIMIT_LEAD.match(dl.text or "") and bool(_DONE.search(text[max(0, k - 60) : k]))


def _overlaps(start: int, dl: Deadline, spans: list[tuple[int, int]]) -> bool:
    end = start + len(dl.text or "")
    return any(s < end and start < e for s, e in spans)


def find_deadline(text: str, year: int | None, masked: list[tuple[int, int]] = ()) -> Deadline:
    """The first explicit time limit in an item's text, skipping `masked` spans (citations)."""
    found = [(start, dl) for start, dl in candidates(text, year) if not _overlaps(start, dl, list(masked))]
    if not found:
        return Deadline()
    first = found[0][1]
    if first.type == "recurring" and "BY" not in first.rrule:
        first = _qualified(first, text)
    if first.type == "recurring":  # "định kỳ hằng năm ... trước ngày 10 tháng 12 hằng năm": the same, more precise
        freq = first.rrule.split(";")[0]
        richer = [
            dl
            for _, dl in found[1:]
            if dl.type == "recurring"
            and dl.rrule.split(";")[0] == freq
            and len(dl.rrule) > len(first.rrule)
            and not (first.time and not dl.time)
        ]
        return richer[0] if richer else first
    return first


def parse_column(text: str, year: int | None) -> Deadline:
    """A table's deadline cell: the whole cell is the time limit."""
    text = text.strip()
    if not text:
        return Deadline()
    cell = _column_period(text, year)
    if cell is not None:
        return cell
    found = candidates(text, year, column=True)
    if found:
        dl = found[0][1]
        if dl.type in ("date", "recurring") and len(text) < 80:
            dl.text = text
        return dl
    m = re.match(r"(?i)(?:ngày\s+)?" + _DMY, text) or re.match(r"(?i)(?:ngày\s+)?" + _DMY_WORDS, text)
    if m:
        dl = _date(m, year)
        if dl:
            dl.text = text
            return dl
    if NONE_COLUMN.search(text):
        return Deadline(text=text, type="none")
    return Deadline(text=text, type="none")
