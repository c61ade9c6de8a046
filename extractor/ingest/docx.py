"""DOCX: body in document order (paragraphs and tables), list numbering rebuilt as printed,
layout tables (issuer | quốc hiệu, Nơi nhận | signature) split into their column cells."""
from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..record import Block, Source
from ..text import normalize
from . import legacy
from .lines import MARKER
from .txt import IngestError

MAX_UNPACKED = 200 * 1024 * 1024  # a DOCX that inflates past this is refused (zip bomb)


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def _format(fmt: str, n: int) -> str:
    if fmt == "decimal":
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return str(n)


class Numbering:
    """Counters for Word's automatic numbering, read from numbering.xml."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str | None, tuple[str, int] | None] = {}  # style id -> its numbering
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in root.findall(qn("w:abstractNum")):
            lv = {}
            for lvl in an.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl")))
                fmt = lvl.find(qn("w:numFmt"))
                txt = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lv[ilvl] = (fmt.get(qn("w:val")) if fmt is not None else "decimal",
                            txt.get(qn("w:val")) if txt is not None else "",
                            int(start.get(qn("w:val"))) if start is not None else 1)
            abstract[an.get(qn("w:abstractNumId"))] = lv
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            num_id = num.get(qn("w:numId"))
            for ilvl, spec in abstract.get(ref.get(qn("w:val")), {}).items():
                self.levels[(num_id, ilvl)] = spec
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                ilvl = int(override.get(qn("w:ilvl")))
                if start is not None and (num_id, ilvl) in self.levels:
                    fmt, text, _ = self.levels[(num_id, ilvl)]
                    self.levels[(num_id, ilvl)] = (fmt, text, int(start.get(qn("w:val"))))

    def label(self, num_id: str, ilvl: int) -> str | None:
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return None
        fmt, text, start = spec
        if fmt == "bullet":
            return text if text in ("-", "+", "–", "*", "•") else "-"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def level_value(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            f, _, st = self.levels.get((num_id, lvl), ("decimal", "", 1))
            return _format(f, counters.get(lvl, st))

        return re.sub(r"%(\d)", level_value, text).strip() or None


def _num_pr(paragraph: Paragraph, numbering: Numbering | None = None):
    """The paragraph's numbering (numId, ilvl), from its own properties or its style's. A style's
    numbering is looked up once per document (`paragraph.style` scans every style each time a
    paragraph has none of its own: most of the time spent reading a DOCX)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(ppr.numPr.numId.val), int(ilvl)
    if numbering is not None:
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        cache = numbering.style_numbering
        if style_id not in cache:
            cache[style_id] = _style_num_pr(paragraph.style)
        return cache[style_id]
    return _style_num_pr(paragraph.style)


def _style_num_pr(style):
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None and spr.numPr.numId is not None:
            ilvl = spr.numPr.ilvl.val if spr.numPr.ilvl is not None else 0
            return str(spr.numPr.numId.val), int(ilvl)
        style = style.base_style
    return None


_RUN, _HYPERLINK = qn("w:r"), qn("w:hyperlink")
_RUN_CONTENT = {qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"), qn("w:ptab"), qn("w:t"), qn("w:tab")}


def _run_text(r) -> str:
    return "".join(str(e) for e in r if e.tag in _RUN_CONTENT)


def _text(p: Paragraph) -> str:
    """`p.text` as python-docx gives it (runs and hyperlinks' runs, breaks and tabs as characters),
    walking the children instead of running two XPath queries per run."""
    out = []
    for e in p._p:
        if e.tag == _RUN:
            out.append(_run_text(e))
        elif e.tag == _HYPERLINK:
            out.extend(_run_text(r) for r in e if r.tag == _RUN)
    return "".join(out)


def _paragraph_text(p: Paragraph, numbering: Numbering) -> str:
    text = _text(p).replace("\t", " ").replace("\u000b", "\n")
    num = _num_pr(p, numbering)
    if num and text.strip():
        label = numbering.label(*num)
        if label and not MARKER.match(text):
            text = f"{label} {text.lstrip()}"
    return text


def _is_data_table(table: Table) -> bool:
    rows = table.rows
    if not rows:
        return False
    first = " ".join(c.text for c in rows[0].cells).upper()
    if re.search(r"CỘNG HÒA|CỘNG HOÀ|\bSỐ\s*:|NƠI NHẬN", first):
        return False  # the issuer | quốc hiệu header or the Nơi nhận | signature footer
    ncols = max(len({id(c._tc) for c in r.cells}) for r in rows)
    return ncols >= 3 or bool(re.search(r"\bSTT\b|\bTT\b|NỘI DUNG", first))


def _cells(row, numbering: Numbering) -> list[str]:
    """A row's cell texts (merged cells once); a cell's paragraphs joined, list markers kept."""
    seen, out = set(), []
    for c in row.cells:
        if id(c._tc) in seen:  # merged cells repeat
            continue
        seen.add(id(c._tc))
        paras = [_paragraph_text(p, numbering).strip() for p in c.paragraphs]
        out.append("\n".join(p for p in paras if p))  # a cell's paragraphs stay apart (names, bullets)
    return out


def _check_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile as e:
        raise IngestError("not a valid DOCX (zip) file", "the file is truncated or not a DOCX") from e
    if total > MAX_UNPACKED:
        raise IngestError(f"DOCX unpacks to {total // 2**20} MiB, over the {MAX_UNPACKED // 2**20} MiB limit "
                          "(a zip bomb?)", "not read, to protect the machine; open it in Word and save a clean copy")


def load_docx(path: str, data: bytes) -> Source:
    _check_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several types for a broken package
        raise IngestError(f"cannot open DOCX: {e.__class__.__name__}", "the file is damaged or not a DOCX") from e
    numbering = Numbering(document)
    blocks: list[Block] = []
    # typed with TCVN3 / VNI fonts (.VnTime, VNI-Times): convert before normalising, which drops
    # the soft hyphen that is TCVN3's "ư"
    raw = "".join(document.element.body.itertext())
    encoding = legacy.convert(raw)[1] if legacy.looks_legacy(raw) else None

    def fix(text: str) -> str:
        return normalize(legacy.to_unicode(text, encoding) if encoding else text)

    def add(text: str, column=None):
        for line in fix(text).split("\n"):
            line = re.sub(r"\s+", " ", line).strip()
            if line:
                m = MARKER.match(line)
                blocks.append(Block(line, column=column, marker=m.group(0).strip() if m else None))

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            add(_paragraph_text(item, numbering))
        elif isinstance(item, Table):
            if _is_data_table(item):
                for row in item.rows:
                    cells = [re.sub(r"[ \t]+", " ", fix(c)).strip() for c in _cells(row, numbering)]
                    if any(cells):
                        blocks.append(Block("\t".join(c.replace("\n", " ") for c in cells), kind="row", cells=cells))
            else:
                for row in item.rows:
                    cells = row.cells
                    for i, cell in enumerate(cells):
                        if i and cell._tc is cells[i - 1]._tc:
                            continue
                        column = "left" if i == 0 else "right"
                        for p in cell.paragraphs:
                            add(_paragraph_text(p, numbering), column)
    warnings = [f"text in the legacy {legacy.NAMES[encoding]} encoding, converted to Unicode"] if encoding else []
    return Source(path, blocks, pages=1, warnings=warnings).finalize()
