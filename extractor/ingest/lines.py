"""Laid-out lines (from a text file, a PDF page or OCR) -> paragraphs, header columns and table rows.

Positioned words (a PDF's text layer, Tesseract's words) are laid out as such lines by `layout_rows`.
Every line-based source goes through `build_blocks`: it splits two-column lines (issuer | quốc
hiệu, Nơi nhận | signature) into their columns, joins wrapped lines into paragraphs and keeps
tab-separated lines as table rows.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..layout import KINH_GUI
from ..record import Block
from ..rules import alternation, rules
from ..text import normalize

MARKER = re.compile(
    r"^\s*(?:"
    r"(?:[IVX]{1,5})\.(?=\s)"  # I.  II.
    r"|\d{1,2}(?:\.\d{1,2}){0,3}[.)/](?=\s)"  # 1.  1.1.  2)  1/
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?=\s)"  # 1.1 without final dot
    r"|[a-zđ][.),/](?=\s)"  # a.  a)  a,  a/
    r"|\((?:i{1,3}|iv|vi{0,3}|ix|x)\)\.?(?=\s)"  # (i)  (ii).  (iv)
    r"|[-–+*•●○▪■◦·]"  # bullets
    r"|o(?=\s+[A-ZĐÀ-Ỹ])"  # a Wingdings "o" bullet read as the letter
    r"|Điều\s+\d+\.(?=\s)"  # Điều 1.
    r")"
)
# two columns on one line: a wide gap, or a crawler's cell rule ("V/v triển khai ... | Hà Nội, ngày ...")
GAP = re.compile(r"\S( {4,}| +\| +)\S")
# A number or day left blank for the office to fill in ("Số:      /UBND-KT", "Lào Cai, ngày      tháng 6"):
# the gap after it is the blank, not the space between two columns.
BLANK_FIELD = re.compile(r"(?:\bSố\s*:|,\s*ngày|\bngày(?:\s+\d{1,2})?\s+tháng)$", re.I)
SECTION_START = re.compile(
    r"^\s*(?:Kính\s+gửi|Nơi\s+nhận|Căn\s+cứ|Thực\s+hiện|Xét\s+đề\s+nghị|Số\s*:|V/v|Về\s+việc|(?:[A-ZĐ][^\s,]*\s+){0,4}[A-ZĐ][^\s,]*,\s+ngày\b)"
)
TERMINAL = re.compile(r"[.;:!?]$|\./\.$")
OPEN_END = re.compile(rf"\s(?:{alternation(rules()['layout']['open_line_ends'])})$")  # "... IV.4 và"
# A signing note under a title ("(Ký và đóng dấu)", "(Đã ký)", "(Ký, ghi rõ họ tên)"): a line of its own
SIGNING_NOTE = re.compile(r"^\((?:đã\s+)?ký\b[^()]*\)$", re.I)
FOOTNOTE = re.compile(r"^\d{1,2}\s+(?=[A-ZĐ][a-zà-ỹđ])")
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$")


@dataclass
class Line:
    text: str
    indent: float = 0.0  # in character widths
    page: int = 1
    blank_before: bool = False
    small: bool = False  # smaller print than the body (footnotes)
    column: str | None = None


def layout_rows(words: list[tuple[float, float, float, str]], char_width: float) -> list[tuple[float, str]]:
    """Words (x0, x1, top, text) -> (top, laid-out line) per visual line: indented by the first word's
    position, a wide gap kept wide (two columns), a word space one space."""
    rows: list[list[tuple[float, float, float, str]]] = []
    for w in sorted(words, key=lambda w: (round(w[2]), w[0])):
        if rows and abs(rows[-1][0][2] - w[2]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w[0])
        line, prev_x1 = "", None
        for x0, x1, _, text in row:
            if prev_x1 is None:
                line = " " * int(round(x0 / char_width))
            else:
                gap = x0 - prev_x1
                line += " " * max(4, int(gap / char_width)) if gap > 3 * char_width else " "
            line += text
            prev_x1 = x1
        out.append((row[0][2], line))
    return out


def layout_lines(words: list[tuple[float, float, float, str]], char_width: float) -> str:
    return "\n".join(line for _, line in layout_rows(words, char_width))


def split_columns(raw: str, page: int, blank_before: bool, zone: bool) -> list[Line]:
    """One laid-out line -> one Line, or two when it holds two columns separated by a wide gap."""
    stripped = raw.rstrip()
    indent = len(stripped) - len(stripped.lstrip(" "))
    body = stripped.strip()
    if not body:
        return []
    m = GAP.search(stripped, indent)
    while m and BLANK_FIELD.search(stripped[: m.start(1)]):
        m = GAP.search(stripped, m.end(1))
    if zone and m:
        left = stripped[: m.start(1)].strip()
        right = stripped[m.end(1) :].strip()
        return [
            Line(left, indent, page, blank_before, column="left"),
            Line(right, m.end(1), page, blank_before, column="right"),
        ]
    col = "right" if zone and indent >= 30 else None
    return [Line(body, indent, page, blank_before, column=col)]


def text_to_lines(text: str, first_page: int = 1) -> list[Line]:
    """Plain or laid-out text -> Lines; a form feed starts a new page, and a new line: the last line
    of a page and the first of the next (often its page number) are never one line."""
    lines: list[Line] = []
    page = first_page
    blank = False
    raw_lines = re.sub(r"(?<=[^\n])\f", "\n\f", text).split("\n")
    # The header zone (before "Kính gửi"/title/body) and the footer zone (from "Nơi nhận") hold columns.
    zone = True
    for raw in raw_lines:
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        if not raw.strip() or set(raw.strip()) <= {"|", " "}:  # a web table's cell rule: "|"
            blank = True
            continue
        s = raw.strip()
        if re.match(r"^(Kính\s+gửi|[IVX]+\.|1\.|Căn\s+cứ|Thực\s+hiện)", s) and lines:
            zone = False
        if re.match(r"^Nơi\s+nhận", s, re.I):
            zone = True
        if "\t" in s or ("\t" in raw and lines and lines[-1].column == "table"):
            lines.append(Line(raw.strip("\n"), 0, page, blank, column="table"))
        else:  # a tab only before the text is its indent ("\t1. Bố trí ..."), not a cell rule
            raw = re.sub(r"^[ \t]+", lambda m: m.group().expandtabs(4), raw)
            lines.extend(split_columns(raw, page, blank, zone or bool(re.search(r"Nơi\s+nhận", s))))
        blank = False
    return lines


def _wrap_width(lines: list[Line]) -> float | None:
    """The typical full width of a hard-wrapped text, or None when paragraphs are single lines."""
    lengths = [len(ln.text) + ln.indent for ln in lines if ln.column is None and len(ln.text) > 20]
    if len(lengths) < 8:
        return None
    w = statistics.quantiles(lengths, n=10)[-1]
    return w if w <= 140 else None


def _joins(a: Line, b: Line, width: float | None) -> bool:
    """Does line b continue the paragraph that line a ends?"""
    if a.column != b.column or a.column == "table" or a.small != b.small:
        return False
    if MARKER.match(b.text) or SECTION_START.match(b.text):
        return False
    if SIGNING_NOTE.match(a.text.strip()) or SIGNING_NOTE.match(b.text.strip()):
        return False
    first = b.text[:1]
    if TERMINAL.search(a.text):
        return first.islower() and a.text.endswith(";") and width is not None
    if a.text.endswith(",") and not a.column and not b.blank_before:
        return True  # a sentence broken after a comma goes on, whatever its next word ("..., Khoa về ...")
    if OPEN_END.search(a.text) and not a.column and not b.blank_before:
        return True  # ... or after a word no sentence ends on ("... Văn phòng Quản lý đường bộ IV.4 và")
    if a.text.isupper() != b.text.isupper() and len(b.text) > 3 and first.isupper():
        return False
    if a.text.isupper() and b.text.isupper() and len(a.text) < 60:
        return False  # header and signature lines stand alone
    if first.islower() or first in "(“\"'" or (first.isdigit() and not MARKER.match(b.text)):
        return True
    if width and b.indent > a.indent + 2 and not a.column and MARKER.match(a.text) is None:
        return False  # a first-line indent opens a new paragraph
    if width and b.indent + 2 < a.indent <= 8 and not a.column:
        return True  # back to the margin after a first-line indent: the same paragraph goes on
    if a.column:  # header/footer columns: an upper-case line is a line of its own
        return False
    if width:
        return len(a.text) + a.indent >= 0.85 * width
    if len(a.text) >= 160 and first.isupper():
        return False  # paragraphs one to a line: a whole paragraph, then the next opening with a capital
    return not b.blank_before


def _opens_after_addressee(block: Block, line: Line, width: float | None) -> bool:
    """A full line opening with a capital after the "Kính gửi:" block is the body's first line, not
    more addressees: "Kính gửi: Sở A" / "Để chuẩn bị ..., Bộ đề nghị Quý Sở ..." (a text layer or TXT
    without the body's first-line indent)."""
    if not KINH_GUI.match(block.text) or not line.text[:1].isupper():
        return False
    return width is None or len(line.text) + line.indent >= 0.6 * width


def _table_row(line: Line) -> list[str]:
    return [c.strip() for c in line.text.split("\t")]


INLINE_ITEM = re.compile(r"(?<=[.;:])\s+(?=(?:\d{1,2}\.){1,2}\s+[A-ZĐ])")


def _split_inline_items(b: Block) -> list[Block]:
    """OCR and some text layers run a numbered heading into the paragraph before it
    ("... (nếu có). 2. Giám đốc Sở Giao thông vận tải"): cut it off into a block of its own."""
    if b.kind != "para":
        return [b]
    parts = INLINE_ITEM.split(b.text)
    return [Block(p, page=b.page, column=b.column, kind=b.kind) for p in parts if p.strip()]


def build_blocks(lines: list[Line]) -> list[Block]:
    """Join wrapped lines into paragraph Blocks; tab lines become table-row Blocks."""
    width = _wrap_width(lines)
    blocks: list[Block] = []
    prev: Line | None = None
    for line in lines:
        if PAGE_NUMBER.match(line.text) and line.column != "table":
            continue
        if line.column == "table":
            cells = _table_row(line)
            last = blocks[-1] if blocks else None
            first = next((c for c in cells if c), "")
            if (
                last is not None
                and last.kind == "row"
                and cells
                and not cells[0]
                and last.cells
                and first[:1].islower()
            ):
                # a row broken across a page (or a text file's blank line) goes on in lower case; an
                # OCR'd row whose number was not read starts a new one with a capital
                merged = [(x + " " + y).strip() for x, y in zip(last.cells, cells + [""] * len(last.cells))]
                last.cells = merged
                last.text = "\t".join(merged)
            else:
                blocks.append(Block("\t".join(cells), page=line.page, kind="row", cells=cells))
            prev = None
            continue
        if (
            prev is not None
            and blocks
            and _joins(prev, line, width)
            and not _opens_after_addressee(blocks[-1], line, width)
        ):
            b = blocks[-1]
            b.text = b.text + " " + line.text
        else:
            blocks.append(
                Block(line.text, page=line.page, column=line.column, kind="footnote" if line.small else "para")
            )
        prev = line
    blocks = [part for b in blocks for part in _split_inline_items(b)]
    for b in blocks:
        b.text = normalize(re.sub(r"[ \t]+", " ", b.text).strip()) if b.kind != "row" else normalize(b.text)
        if b.cells:
            b.cells = [normalize(re.sub(r"\s+", " ", c).strip()) for c in b.cells]
        if b.kind == "para" and FOOTNOTE.match(b.text):
            b.kind = "footnote"
        m = MARKER.match(b.text)
        if m and b.kind == "para":
            b.marker = m.group(0).strip()
    return blocks
