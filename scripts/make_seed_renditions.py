#!/usr/bin/env python3
"""Render each seed text corpus/seeds/NAME.txt as the NAME.docx and NAME.pdf an office would issue.

The seed texts are Markdown-ish renditions of real administrative documents. This script lays
each one out the way Nghị định 30/2020/NĐ-CP has offices do it, so the extractor can be tested on
TXT, DOCX and PDF renditions of the same document:

* the header (issuer, "Số:", "V/v ..." | quốc hiệu, tiêu ngữ, place and date) as a borderless
  two-column table, holding only the header lines the seed has;
* titles centred bold, body paragraphs justified, Times New Roman on A4;
* list markers ("I.", "1.", "2.1.", "a.", "a)", "a,", "-", "+") turned into Word automatic
  numbering: the marker is removed from the text and numbering.xml reproduces it exactly as
  printed, with a new w:num (and w:startOverride) wherever the printed numbers restart or jump;
* tab-separated rows as a real table (a row continued across a page break is merged back);
* "Nơi nhận:" and the signature block as a borderless two-column table, anything after the
  signer's name (an appendix) on a new page, landscape when it holds a table.

Markdown emphasis becomes bold/italic runs and HTML tags are dropped; the words are the TXT's.
Lines that only continue the previous paragraph (wrapped lines and paragraphs cut by a page
break: the previous line has no closing punctuation and this one starts in lower case or with a
digit) are joined to it with a space, as in the original document.

The PDFs are rendered from the DOCX files by LibreOffice (soffice) in headless mode.

Usage: python scripts/make_seed_renditions.py [--seeds corpus/seeds] [--out corpus/seeds]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

REPO = Path(__file__).resolve().parent.parent
FONT = "Times New Roman"
BODY_PT, HEADER_PT, VV_PT, TABLE_PT, RECIPIENT_PT = 14, 13, 12, 12, 11
LO_PROFILE = "file:///tmp/lo_seedren"

EMPHASIS = re.compile(r"(\*\*|\*)")
HTML_TAG = re.compile(r"<[^>]+>")
HTML_LIST = re.compile(r"<(?:ul|ol|li)\b", re.I)
ITEM_BREAK = re.compile(r"(?<=[.;:!?])\s+(?=[-+]\s)")  # " - " opening the next item of a flat list
MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]{1,5})\."
    r"|(?P<decimal>\d{1,2}(?:\.\d{1,2})*)(?P<dsuf>[.)])"
    r"|(?P<letter>[a-z])(?P<lsuf>[.),])"
    r"|(?P<bullet>[-+]))\s+"
)
QUOC_HIEU = re.compile(r"^CỘNG H(?:ÒA|OÀ) XÃ HỘI|^Độc lập\s*[-–]\s*Tự do")
SO = re.compile(r"^Số\s*:")
VV = re.compile(r"^V/v\b")
PLACE_DATE = re.compile(r"^\w[\w .'-]{0,40}, ngày\b.*\bnăm \d{4}$")
KINH_GUI = re.compile(r"^Kính gửi\b")
NOI_NHAN = re.compile(r"^Nơi nhận\s*:")
FOOTNOTE = re.compile(r"^\d{1,2} [A-ZĐ]")
TERMINAL = (".", ";", ":", "!", "?")

# marker kind -> (w:numFmt, w:lvlText of level 0; "%1" is the counter)
LIST_KINDS = {
    "I.": ("upperRoman", "%1."),
    "1.": ("decimal", "%1."),  # multi-level: level n prints "%1.%2.…%n."
    "1)": ("decimal", "%1)"),
    "a.": ("lowerLetter", "%1."),
    "a)": ("lowerLetter", "%1)"),
    "a,": ("lowerLetter", "%1,"),
    "-": ("bullet", "-"),
    "+": ("bullet", "+"),
}


# ---------------------------------------------------------------- text with emphasis


@dataclass
class Span:
    """A run of text with its Markdown emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Line:
    """One line (or joined paragraph) of the seed as styled spans, Markdown markers removed."""

    spans: list[Span]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def key(self) -> str:
        """The text in NFC, for pattern matching only (seed 004 is in decomposed Unicode)."""
        return unicodedata.normalize("NFC", self.text)

    def slice(self, start: int, end: int) -> Line:
        """Characters start..end of the text, keeping each one's emphasis."""
        out, pos = [], 0
        for s in self.spans:
            lo, hi = max(start - pos, 0), min(end - pos, len(s.text))
            if lo < hi:
                out.append(Span(s.text[lo:hi], s.bold, s.italic))
            pos += len(s.text)
        return Line(out)

    def strip(self) -> Line:
        """Without leading and trailing whitespace."""
        text = self.text
        return self.slice(len(text) - len(text.lstrip()), len(text.rstrip()))

    def joined(self, other: Line) -> Line:
        """This line and `other` as one, separated by a space."""
        return Line(self.spans + [Span(" ")] + other.spans)


def parse_inline(text: str, state: list[bool] | None = None) -> Line:
    """Markdown ** and * toggle bold and italic (state carries over between lines); tags go."""
    state = state if state is not None else [False, False]
    spans = []
    for piece in EMPHASIS.split(text):
        if piece == "**":
            state[0] = not state[0]
        elif piece == "*":
            state[1] = not state[1]
        elif piece:
            spans.append(Span(HTML_TAG.sub("", piece), *state))
    return Line(spans).strip()


def is_caps(line: Line) -> bool:
    """All letters upper case (issuer, title and signature lines)."""
    letters = [c for c in line.key if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def continues(prev: Line, line: Line) -> bool:
    """Whether `line` is the rest of `prev` cut by a wrap or a page break."""
    first = line.key[:1]
    return not prev.key.endswith(TERMINAL) and (first.islower() or first.isdigit())


# ---------------------------------------------------------------- list markers


@dataclass(frozen=True)
class Marker:
    """A list marker found at the start of a paragraph."""

    kind: str  # a key of LIST_KINDS
    path: tuple[int, ...] | None  # printed counters, (2, 1) for "2.1."; None for a bullet
    length: int  # characters taken by the marker and the space after it


def roman_value(s: str) -> int:
    """The value of a Roman numeral made of I, V and X."""
    vals = {"I": 1, "V": 5, "X": 10}
    return sum(-vals[c] if vals[c] < vals.get(n, 0) else vals[c] for c, n in zip(s, s[1:] + " "))


def find_marker(line: Line) -> Marker | None:
    """The list marker starting the line, if any."""
    m = MARKER.match(line.text)
    if not m:
        return None
    if m["roman"]:
        return Marker("I.", (roman_value(m["roman"]),), m.end())
    if m["decimal"]:
        path = tuple(int(x) for x in m["decimal"].split("."))
        if m["dsuf"] == ")" and len(path) > 1:
            return None
        return Marker("1" + m["dsuf"], path, m.end())
    if m["letter"]:
        return Marker("a" + m["lsuf"], (ord(m["letter"]) - ord("a") + 1,), m.end())
    return Marker(m["bullet"], None, m.end())


class Numbering:
    """numbering.xml: one w:abstractNum per marker kind, one w:num per run of printed numbers."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        ids = lambda tag, attr: [int(e.get(qn(attr))) for e in self.root.findall(qn(tag))]
        self.next_abstract = max(ids("w:abstractNum", "w:abstractNumId"), default=-1) + 1
        self.next_num = max(ids("w:num", "w:numId"), default=0) + 1
        self.abstract_of: dict[str, int] = {}

    def _abstract(self, kind: str) -> int:
        if kind in self.abstract_of:
            return self.abstract_of[kind]
        fmt, text = LIST_KINDS[kind]
        an = OxmlElement("w:abstractNum")
        an.set(qn("w:abstractNumId"), str(self.next_abstract))
        _sub(an, "w:multiLevelType", val="multilevel" if kind == "1." else "singleLevel")
        for ilvl in range(9):
            lvl = _sub(an, "w:lvl", ilvl=str(ilvl))
            _sub(lvl, "w:start", val="1")
            _sub(lvl, "w:numFmt", val=fmt)
            _sub(lvl, "w:suff", val="space")  # "1. Text" as typed, not a tab
            if kind == "1.":
                text = ".".join(f"%{k + 1}" for k in range(ilvl + 1)) + "."
            _sub(lvl, "w:lvlText", val=text)
            _sub(lvl, "w:lvlJc", val="left")
            _sub(_sub(lvl, "w:pPr"), "w:ind", left="0", firstLine=str(Cm(1).twips))
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(an)
        else:
            self.root.append(an)
        self.abstract_of[kind] = self.next_abstract
        self.next_abstract += 1
        return self.abstract_of[kind]

    def new_num(self, kind: str, starts: tuple[int, ...] | None) -> int:
        """A new list instance; `starts` gives the first printed value of each level used."""
        num = _sub(self.root, "w:num", numId=str(self.next_num))
        _sub(num, "w:abstractNumId", val=str(self._abstract(kind)))
        for ilvl, start in enumerate(starts or ()):
            _sub(_sub(num, "w:lvlOverride", ilvl=str(ilvl)), "w:startOverride", val=str(start))
        self.next_num += 1
        return self.next_num - 1


@dataclass
class ListRun:
    """One w:num and the counters Word will show for it."""

    kind: str
    num_id: int
    starts: tuple[int, ...] | None
    counters: list[int] = field(default_factory=list)

    def next_path(self, depth: int) -> list[int]:
        """What Word prints for the next paragraph of this num at level `depth`."""
        c = list(self.counters)
        if len(c) > depth:
            c[depth] += 1
            del c[depth + 1 :]
        else:
            starts = self.starts or ()
            c += [starts[k] if k < len(starts) else 1 for k in range(len(c), depth + 1)]
        return c


class ListContext:
    """Assigns (numId, ilvl) to list items so that Word prints the numbers the TXT prints.

    Kinds nest in order of first appearance: a kind already open continues its list (closing the
    deeper ones), a new kind opens a sub-list. A printed number that the open list would not
    produce (a restart, or "k." after "i." since Vietnamese has no "j") starts a new w:num.
    """

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.stack: list[ListRun] = []

    def place(self, marker: Marker) -> tuple[int, int]:
        """(numId, ilvl) for a list item whose printed marker is `marker`."""
        depth = len(marker.path) - 1 if marker.path else 0
        kinds = [run.kind for run in self.stack]
        if marker.kind in kinds:
            del self.stack[kinds.index(marker.kind) + 1 :]
        else:
            self.stack.append(self._new_run(marker))
        run = self.stack[-1]
        if marker.path is not None and run.next_path(depth) != list(marker.path):
            run = self.stack[-1] = self._new_run(marker)
        run.counters = run.next_path(depth)
        return run.num_id, depth

    def _new_run(self, marker: Marker) -> ListRun:
        return ListRun(marker.kind, self.numbering.new_num(marker.kind, marker.path), marker.path)


# ---------------------------------------------------------------- seed structure


@dataclass
class Para:
    """A body paragraph and its layout role."""

    line: Line
    role: str = "body"  # body | title | subtitle | note | kinh_gui | recipient | footnote


@dataclass
class Table:
    """A data table from tab-separated lines."""

    rows: list[list[list[Line]]]  # row -> cell -> paragraphs


@dataclass
class Seed:
    """A seed document split into the parts an office lays out differently."""

    header_left: list[Line]
    header_right: list[Line]
    body: list[Para | Table]
    recipients: list[Line]  # "Nơi nhận:" and its entries
    signature: list[Line]  # authority lines, then the signer's name
    appendix: list[Para | Table]


def read_lines(text: str) -> list[Line | list[list[Line]] | None]:
    """Each source line as a Line, a table row (list of cells) when it has tabs, or None if blank."""
    out, state = [], [False, False]
    for raw in text.splitlines():
        if not raw.strip():
            state = [False, False]  # emphasis never runs across a blank line
            out.append(None)
        elif "\t" in raw:
            out.append([parse_cell(cell) for cell in raw.rstrip("\n").split("\t")])
        else:
            out.append(parse_inline(raw, state))
    return out


def parse_cell(raw: str) -> list[Line]:
    """A table cell's paragraphs; an HTML list flattened into " - a. - b." is split into items."""
    items = ITEM_BREAK.split(HTML_TAG.sub("", raw).strip()) if HTML_LIST.search(raw) else [raw]
    return [line for line in (parse_inline(item) for item in items) if line.text]


def split_header(items: list) -> tuple[list[Line], list[Line], int]:
    """Header lines at the top: (left cell, right cell, index of the first body item).

    All-caps lines count as the issuer only when Số/V/v/quốc hiệu/date lines follow them;
    otherwise they are the document's title and there is no issuer.
    """
    left, right, issuer, in_vv, end = [], [], [], False, 0
    for i, line in enumerate(items):
        if line is None:
            in_vv = False
            continue
        if isinstance(line, list):
            break
        key = line.key
        if QUOC_HIEU.match(key) or PLACE_DATE.match(key):
            right.append(line)
        elif SO.match(key) or VV.match(key) or in_vv:
            left.append(line)
            in_vv = in_vv or bool(VV.match(key))
        elif is_caps(line) and not left and not right:
            issuer.append(line)
            continue
        else:
            break
        end = i + 1
    if not left and not right:
        return [], [], 0
    return issuer + left, right, end


def split_closing(items: list) -> tuple[list, list[Line], list[Line], list]:
    """(body items, Nơi nhận lines, signature lines, appendix items)."""
    start = next((i for i, x in enumerate(items) if isinstance(x, Line) and NOI_NHAN.match(x.key)), None)
    if start is None:
        return items, [], [], []
    rest = [(i, x) for i, x in enumerate(items) if i > start and x is not None]
    recipients, signature = [items[start]], []
    while rest and isinstance(rest[0][1], Line) and find_marker(rest[0][1]):
        recipients.append(rest.pop(0)[1])
    while rest and isinstance(rest[0][1], Line) and is_caps(rest[0][1]):
        signature.append(rest.pop(0)[1])
    if rest and isinstance(rest[0][1], Line):
        signature.append(rest.pop(0)[1])  # the signer's name
    appendix = items[rest[0][0] :] if rest else []
    return items[:start], recipients, signature, appendix


def build_flow(items: list) -> list[Para | Table]:
    """Body items -> paragraphs (continuations joined) and tables (continued rows merged)."""
    flow: list[Para | Table] = []
    for item in items:
        if item is None:
            continue
        last = flow[-1] if flow else None
        if isinstance(item, list):
            if isinstance(last, Table):
                add_row(last, item)
            else:
                flow.append(Table([item]))
        elif isinstance(last, Para) and not find_marker(item) and continues(last.line, item):
            last.line = last.line.joined(item)
        else:
            flow.append(Para(item))
    assign_roles([p for p in flow if isinstance(p, Para)])
    return flow


def add_row(table: Table, row: list[list[Line]]) -> None:
    """Append a row; one whose first cell is empty continues the row above across a page break."""
    if row and not row[0] and table.rows:
        above = table.rows[-1]
        above.extend([] for _ in range(len(row) - len(above)))
        for cell, more in zip(above, row):
            if cell and more:
                cell[-1] = cell[-1].joined(more[0])
                cell.extend(more[1:])
            else:
                cell.extend(more)
    else:
        table.rows.append(row)


def assign_roles(paras: list[Para]) -> None:
    """Titles, the subtitle and notes under them, Kính gửi and its recipients, footnotes."""
    prev_role = None
    for p in paras:
        key, marker = p.line.key, find_marker(p.line)
        if not marker and is_caps(p.line) and not key.startswith("("):
            p.role = "title"
        elif prev_role == "title" and not marker and not key.endswith((":", ";")) and len(key) < 250:
            p.role = "subtitle"
        elif prev_role in ("title", "subtitle", "note") and key.startswith("(") and key.endswith(")"):
            p.role = "note"
        elif KINH_GUI.match(key):
            p.role = "kinh_gui"
        elif prev_role in ("kinh_gui", "recipient") and marker and marker.path is None:
            p.role = "recipient"
        elif FOOTNOTE.match(key):
            p.role = "footnote"
        prev_role = p.role


def parse_seed(text: str) -> Seed:
    """Header, body, Nơi nhận, signature and appendix of one seed text."""
    items = read_lines(text)
    left, right, start = split_header(items)
    body, recipients, signature, appendix = split_closing(items[start:])
    return Seed(left, right, build_flow(body), recipients, signature, build_flow(appendix))


# ---------------------------------------------------------------- DOCX writing


def _sub(parent, tag: str, **attrs):
    """Append a new w:TAG child with w:-prefixed attributes to `parent` and return it."""
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    parent.append(el)
    return el


def setup_document(doc) -> None:
    """Times New Roman everywhere, single spacing, Vietnamese language, A4 page."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    _sub(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    _sub(rpr, "w:sz", val=str(BODY_PT * 2))
    _sub(rpr, "w:szCs", val=str(BODY_PT * 2))
    _sub(rpr, "w:lang", val="vi-VN", eastAsia="en-US", bidi="ar-SA")
    ppr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.find(qn("w:spacing")).attrib.update({qn("w:after"): "0", qn("w:line"): "240"})
    setup_page(doc.sections[0], landscape=False)
    doc.sections[0].different_first_page_header_footer = True
    add_page_number(doc.sections[0].header.paragraphs[0])
    doc.core_properties.comments = ""


def setup_page(section, landscape: bool) -> None:
    """A4 with the margins of Nghị định 30/2020: top/bottom 20 mm, left 30 mm, right 15 mm."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def add_page_number(paragraph) -> None:
    """A centred PAGE field (the first page has none, as offices print them)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_el = _sub(paragraph._p, "w:fldSimple", instr="PAGE")
    _sub(_sub(field_el, "w:r"), "w:t").text = "2"


def write_line(paragraph, line: Line, size: int | None = None, bold: bool = False, italic: bool = False) -> None:
    """Add the line's spans as runs; `bold`/`italic` force the style on top of the spans'."""
    for span in line.spans:
        run = paragraph.add_run(span.text)
        run.bold = span.bold or bold or None
        run.italic = span.italic or italic or None
        if size:
            run.font.size = Pt(size)


def set_numbering(paragraph, num_id: int, ilvl: int) -> None:
    """Attach the paragraph to list `num_id` at level `ilvl` (w:numPr)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def add_item(container, line: Line, lists: ListContext, size: int | None = None, **style):
    """A paragraph for `line`; a leading list marker becomes automatic numbering."""
    paragraph = container.add_paragraph()
    marker = find_marker(line)
    if marker:
        set_numbering(paragraph, *lists.place(marker))
        line = line.slice(marker.length, len(line.text))
    write_line(paragraph, line, size, **style)
    if marker and size:  # the number is drawn with the paragraph mark's size
        set_mark_size(paragraph, size)
    return paragraph, marker


def set_mark_size(paragraph, size: float) -> None:
    """Font size of the paragraph mark (w:pPr/w:rPr), in schema order before any w:sectPr."""
    rpr = OxmlElement("w:rPr")
    _sub(rpr, "w:sz", val=str(round(size * 2)))
    _sub(rpr, "w:szCs", val=str(round(size * 2)))
    paragraph._p.get_or_add_pPr().insert_element_before(rpr, "w:sectPr", "w:pPrChange")


def flush_left(paragraph) -> None:
    """No indent, overriding the first-line indent the list numbering would give."""
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.first_line_indent = Cm(0)


def finish_cell(cell) -> None:
    """A new cell comes with one empty paragraph: drop it once the cell has content of its own."""
    if len(cell.paragraphs) > 1:
        cell._tc.remove(cell.paragraphs[0]._p)


def layout_table(doc, widths_mm: list[float], grid: bool = False):
    """A one-row table with fixed column widths, borderless unless `grid`."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    if grid:
        table.style = doc.styles["Table Grid"]
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def text_width(section) -> float:
    """Width between the margins, in mm."""
    return section.page_width.mm - section.left_margin.mm - section.right_margin.mm


def add_header(doc, seed: Seed, numbering: Numbering) -> None:
    """Issuer, Số, V/v | quốc hiệu, tiêu ngữ, place and date, in a borderless table."""
    lists = ListContext(numbering)
    width = text_width(doc.sections[-1])
    table = layout_table(doc, [width * 0.38, width * 0.62])
    for cell, lines in zip(table.rows[0].cells, (seed.header_left, seed.header_right)):
        vv_from = next((i for i, line in enumerate(lines) if VV.match(line.key)), len(lines))
        for i, line in enumerate(lines):
            key = line.key
            small = i >= vv_from or key.startswith("CỘNG")  # V/v lines, the quốc hiệu
            size = VV_PT if small else HEADER_PT
            paragraph, _ = add_item(cell, line, lists, size, italic=bool(PLACE_DATE.match(key)))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            new_group = i and (SO.match(key) or PLACE_DATE.match(key))
            paragraph.paragraph_format.space_before = Pt(12 if new_group else 0)
        finish_cell(cell)
    doc.add_paragraph()


def add_flow(doc, flow: list[Para | Table], numbering: Numbering) -> None:
    """Paragraphs and tables of the body (or the appendix) in document order."""
    lists, group = ListContext(numbering), None
    for item in flow:
        if isinstance(item, Table):
            add_data_table(doc, item, numbering)
            continue
        if ROLE_GROUP.get(item.role, "body") != group:  # lists never run across title, Kính gửi, body
            lists, group = ListContext(numbering), ROLE_GROUP.get(item.role, "body")
        paragraph, marker = add_item(doc, item.line, lists, **ROLE_STYLE.get(item.role, {}))
        centred = item.role in ("title", "subtitle", "note")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(6)
        if item.role == "kinh_gui":  # "Kính gửi:" hanging, the recipients aligned after it
            fmt.left_indent, fmt.first_line_indent, fmt.space_before = Cm(4.5), Cm(-2.5), Pt(12)
        elif item.role == "recipient":
            fmt.left_indent, fmt.first_line_indent, fmt.space_before = Cm(4.5), Cm(0), Pt(0)
        elif item.role == "body" and not marker:
            fmt.first_line_indent = Cm(1)


ROLE_GROUP = {"title": "title", "subtitle": "title", "note": "title", "kinh_gui": "kinh_gui", "recipient": "kinh_gui"}
ROLE_STYLE = {
    "title": {"bold": True},
    "subtitle": {"bold": True},
    "note": {"italic": True},
    "footnote": {"size": TABLE_PT},
}


def add_data_table(doc, table: Table, numbering: Numbering) -> None:
    """A gridded table; the first row is the header row, repeated on every page."""
    ncols = max(len(row) for row in table.rows)
    widths = column_widths(table, ncols, text_width(doc.sections[-1]))
    out = layout_table(doc, widths, grid=True)
    for r, row in enumerate(table.rows):
        cells = out.rows[0].cells if r == 0 else out.add_row().cells
        for cell, paragraphs in zip(cells, row + [[]] * (ncols - len(row))):
            lists = ListContext(numbering)
            for line in paragraphs:
                paragraph, marker = add_item(cell, line, lists, TABLE_PT, bold=r == 0)
                flush_left(paragraph)
                paragraph.alignment = cell_alignment(line, header=r == 0)
            finish_cell(cell)
    _sub(out.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")
    shrink(doc.add_paragraph())  # keeps a following table apart without a blank line


def cell_alignment(line: Line, header: bool):
    """Header cells and numbers centred, long text justified, short text left-aligned."""
    if header or len(line.text) <= 4:
        return WD_ALIGN_PARAGRAPH.CENTER
    return WD_ALIGN_PARAGRAPH.JUSTIFY if len(line.text) > 100 else WD_ALIGN_PARAGRAPH.LEFT


def column_widths(table: Table, ncols: int, total_mm: float) -> list[float]:
    """Widths growing with the square root of each column's mean text length."""
    weights = []
    for c in range(ncols):
        lengths = [sum(len(ln.text) for ln in row[c]) if c < len(row) else 0 for row in table.rows]
        mean = sum(lengths) / len(lengths)
        weights.append(min(max(mean, 8), 400) ** 0.5)
    return [total_mm * w / sum(weights) for w in weights]


def add_closing(doc, seed: Seed, numbering: Numbering) -> None:
    """Nơi nhận and its entries | authority lines, space to sign, signer, in a borderless table."""
    width = text_width(doc.sections[-1])
    table = layout_table(doc, [width * 0.5, width * 0.5])
    left, right = table.rows[0].cells
    lists = ListContext(numbering)
    for i, line in enumerate(seed.recipients):
        heading = i == 0  # "Nơi nhận:" 12 pt bold italic, the entries 11 pt
        paragraph, _ = add_item(left, line, lists, RECIPIENT_PT + heading, bold=heading, italic=heading)
        flush_left(paragraph)
    authority, signer = seed.signature[:-1], seed.signature[-1:]
    for line in authority:
        write_line(right.add_paragraph(), line, BODY_PT, bold=True)
    for _ in range(4):
        right.add_paragraph()  # room for the signature and the seal
    for line in signer:
        write_line(right.add_paragraph(), line, BODY_PT, bold=True)
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in (left, right):
        finish_cell(cell)
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)


def shrink(paragraph) -> None:
    """Make an empty paragraph 1 pt high so that it never spills onto a page of its own."""
    set_mark_size(paragraph, 1)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)


def render_docx(seed: Seed, path: Path) -> None:
    """Write the seed as a DOCX laid out like an issued document."""
    doc = Document()
    setup_document(doc)
    numbering = Numbering(doc)
    if seed.header_left or seed.header_right:
        add_header(doc, seed, numbering)
    add_flow(doc, seed.body, numbering)
    if seed.recipients or seed.signature:
        add_closing(doc, seed, numbering)
    if seed.appendix:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        shrink(doc.paragraphs[-1])  # the paragraph holding the section break after the table
        setup_page(section, landscape=any(isinstance(x, Table) for x in seed.appendix))
        add_flow(doc, seed.appendix, numbering)
    titles = [p.line.text for p in seed.body if isinstance(p, Para) and p.role in ("title", "subtitle")]
    vv = [ln.text for ln in seed.header_left if VV.match(ln.key)]
    doc.core_properties.title = " ".join(titles or vv)
    doc.core_properties.author = ""
    doc.save(path)


# ---------------------------------------------------------------- PDF and command line


def warn_about_font() -> None:
    """Without Times New Roman or a metric twin LibreOffice uses a wider font: other page breaks."""
    if not shutil.which("fc-match"):
        return
    family = subprocess.run(["fc-match", "-f", "%{family}", FONT], capture_output=True, text=True).stdout
    if not re.search(r"Times New Roman|Liberation Serif|Tinos", family):
        print(
            f"warning: no {FONT} nor a metric-compatible font (Debian: fonts-liberation2); "
            f"the PDFs fall back to {family or 'another font'} and paginate differently",
            file=sys.stderr,
        )


def find_soffice() -> str:
    """The soffice executable, or exit with a clear message."""
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit(
            "error: soffice (LibreOffice) not found on PATH; install libreoffice-writer "
            "(scripts/setup.sh does) to render the PDFs"
        )
    return soffice


def render_pdfs(soffice: str, docx_paths: list[Path], out_dir: Path) -> None:
    """Convert the DOCX files with LibreOffice in headless mode, all in one run."""
    pdfs = [out_dir / p.with_suffix(".pdf").name for p in docx_paths]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)  # so that a stale PDF cannot pass for a fresh one
    cmd = [
        soffice,
        f"-env:UserInstallation={LO_PROFILE}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, docx_paths),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    if result.returncode or missing:
        sys.exit(f"error: soffice failed (exit {result.returncode}); missing {missing}\n{result.stderr}")


def main() -> None:
    """Render every seed to DOCX, then all DOCX files to PDF."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seeds",
        type=Path,
        default=REPO / "corpus" / "seeds",
        help="folder of the NAME.txt seeds (default: corpus/seeds)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "corpus" / "seeds",
        help="folder for NAME.docx and NAME.pdf (default: corpus/seeds)",
    )
    args = parser.parse_args()
    seeds = sorted(args.seeds.glob("*.txt"))
    if not seeds:
        sys.exit(f"error: no .txt seeds in {args.seeds}")
    soffice = find_soffice()
    warn_about_font()
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for txt in seeds:
        target = args.out / f"{txt.stem}.docx"
        render_docx(parse_seed(txt.read_text(encoding="utf-8")), target)
        written.append(target)
    render_pdfs(soffice, written, args.out)
    for path in written:
        print(f"{path.name} + {path.with_suffix('.pdf').name}")


if __name__ == "__main__":
    main()
