"""DOCX: body in document order (paragraphs and tables), list numbering rebuilt as printed,
layout tables (issuer | quốc hiệu, Nơi nhận | signature) split into their column cells.

The package is read with zipfile and lxml, not python-docx, whose object model took most of the
time spent on a DOCX. The main document, its numbering and its styles are found as python-docx finds
them (relationships, content types in [Content_Types].xml), parsed with python-docx's parser
settings, and read with python-docx's rules (paragraph and cell text, merged cells, style
inheritance), so the text comes out as it did through python-docx. Only those three parts are read:
a damaged header, footer or image no longer makes the file unreadable.

A damaged part yields what can still be read, with a warning naming what was lost: the bytes of a
part that unpacks only in part (a bad CRC, broken deflate data), and the elements of broken XML
(lxml's recovering parser); numbering or styles that cannot be read at all are left out."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from lxml import etree

from ..errors import IngestError
from ..record import Block, Source
from ..text import normalize
from . import legacy
from .lines import MARKER

MAX_UNPACKED = 200 * 1024 * 1024  # a DOCX that inflates past this is refused (zip bomb)

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's settings
_RECOVER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, recover=True)
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL, _P, _TBL, _TR, _TC, _R, _T, _BR = (W + n for n in ("val", "p", "tbl", "tr", "tc", "r", "t", "br"))
_PPR = W + "pPr"
_RUN_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _parse(data: bytes):
    return etree.fromstring(data, _PARSER)


def _member(z: zipfile.ZipFile, name: str, damage: list[str]) -> bytes:
    """A zip member's bytes; of one damaged in the zip, what unpacks before the damage (noted)."""
    try:
        return z.read(name)
    except KeyError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:
        size = z.getinfo(name).file_size
        try:
            data = _salvage(z, z.getinfo(name))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            data = b""
        whole = len(data) == size
        damage.append(
            f"{name} is damaged in the zip ({e}): "
            + ("its bytes may be wrong" if whole else f"{len(data)} of its {size} bytes unpacked, the rest is lost")
        )
        return data


def _salvage(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """What of a damaged member inflates before the damage: its stored bytes read by zipfile as
    they are (a ZipInfo without a CRC is not checked), inflated by zlib a little at a time."""
    raw = zipfile.ZipInfo(info.filename)
    raw.header_offset, raw.flag_bits, raw.compress_type = info.header_offset, info.flag_bits, zipfile.ZIP_STORED
    raw.compress_size = raw.file_size = info.compress_size
    with z.open(raw) as f:
        stored = f.read()
    if info.compress_type == zipfile.ZIP_STORED:
        return stored[: info.file_size]
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return b""
    inflate, out, left = zlib.decompressobj(-15), [], info.file_size
    for at in range(0, len(stored), 256):
        try:
            out.append(inflate.decompress(stored[at : at + 256], left))
        except zlib.error:
            break
        left -= len(out[-1])
        if left <= 0 or inflate.eof:
            break
    return b"".join(out)


def _parse_part(name: str, data: bytes, damage: list[str], lost: str = "text from there on may be lost"):
    """The part's XML; broken XML parsed as far as lxml's recovering parser gets (noted: `lost`)."""
    try:
        return _parse(data)
    except etree.XMLSyntaxError as e:
        try:
            root = etree.fromstring(data, _RECOVER)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise
        if not any(d.startswith(name + " ") for d in damage):  # a part cut short is noted already
            line, column = e.position
            damage.append(f"{name} is damaged (broken XML at line {line}, column {column}): {lost}")
        return root


class _Package:
    """The parts of a DOCX (an OPC zip package), reached through relationships as python-docx does."""

    def __init__(self, z: zipfile.ZipFile, damage: list[str]):
        self.z, self.damage = z, damage
        seen = len(damage)
        try:
            types = self.xml("[Content_Types].xml", "the parts are taken by their names")
        except etree.XMLSyntaxError:
            damage.append("[Content_Types].xml is damaged beyond repair: the parts are taken by their names")
            types = None
        if len(damage) > seen:  # a damaged list of content types is not checked against
            self.overrides = None
            return
        self.overrides = {e.get("PartName").lower(): e.get("ContentType") for e in types.findall(_TYPES + "Override")}
        self.defaults = {e.get("Extension").lower(): e.get("ContentType") for e in types.findall(_TYPES + "Default")}

    def related(self, source: str, reltype: str) -> str | None:
        """The part name `source` ("/" for the package) relates to by `reltype`, None if none."""
        base, name = posixpath.split(source)
        try:
            root = self.xml(
                posixpath.join(base, "_rels", name + ".rels")[1:], "relationships after that may be missing"
            )
        except KeyError:  # no relationships
            return None
        rels = {e.get("Id"): e for e in root.findall(_RELATIONSHIP)}  # a repeated Id: the last one
        found = [e for e in rels.values() if e.get("Type") == _RT + reltype]
        if len(found) > 1 or found and found[0].get("TargetMode") == "External":
            raise ValueError(f"{len(found)} {reltype} relationships, or an external one")
        return posixpath.abspath(posixpath.join(base, found[0].get("Target"))) if found else None

    def read(self, partname: str | None, content_type: str) -> bytes | None:
        """The part's bytes; None if there is no such part, or if its content type is not
        `content_type` (python-docx does not parse it then). A missing part fails before its
        content type is looked at, as in python-docx."""
        if partname is None:
            return None
        data = _member(self.z, partname[1:], self.damage)
        if self.overrides is None:  # no content types to check against
            return data
        ext = posixpath.splitext(partname)[1][1:].lower()
        found = self.overrides.get(partname.lower(), self.defaults.get(ext))
        if found is None:
            raise KeyError(f"no content type for {partname}")
        return data if found == content_type else None

    def xml(self, name: str, lost: str):
        return _parse_part(name, _member(self.z, name, self.damage), self.damage, lost)


_LOST = {
    "numbering": "list numbers are not rebuilt",
    "styles": "list numbers that paragraphs take from their style are lost",
}
_SOME_LOST = {
    "numbering": "some list numbers may be missing",
    "styles": "some list numbers taken from styles may be missing",
}


def _open(z: zipfile.ZipFile, damage: list[str]):
    """(w:body, numbering.xml root or None, _Styles or None); raises on a package without a
    readable main document. Numbering or styles that cannot be read are left out (noted)."""
    package = _Package(z, damage)
    try:
        main = package.related("/", "officeDocument")
    except etree.XMLSyntaxError:
        main = None
    if main is None and damage and "word/document.xml" in z.namelist():  # the way to it is damaged
        damage.append("the package's relationships are damaged: the document is taken from word/document.xml")
        main = "/word/document.xml"
    if main is None:
        raise KeyError("no main document")
    data = package.read(main, _WML + "document.main+xml")
    if data is None:
        raise ValueError("not a Word document")
    root = _parse_part(main[1:], data, damage)
    body = root.find(W + "body")
    if root.tag != W + "document" or body is None:
        raise ValueError("no document body")
    parts = {}
    for name in ("numbering", "styles"):
        try:
            partname = package.related(main, name)
            data = package.read(partname, f"{_WML}{name}+xml")
            read = _parse_part if name == "numbering" else _styles
            parts[name] = None if data is None else read(partname[1:], data, damage, _SOME_LOST[name])
        except Exception as e:  # missing, broken beyond recovery, or a broken package entry for it
            why = "it is missing" if isinstance(e, KeyError) else e.__class__.__name__
            damage.append(f"the {name} part cannot be read ({why}): {_LOST[name]}")
            parts[name] = None
    return body, parts["numbering"], parts["styles"]


def _styles(name: str, data: bytes, damage: list[str], lost: str) -> _Styles:
    try:
        return _Styles(data, damage)
    except etree.XMLSyntaxError:
        return _Styles(data, damage, _parse_part(name, data, damage, lost).findall(W + "style"))


def _damaged(e: Exception, damage: list[str] = ()) -> IngestError:
    why = damage[0] if damage else e.__class__.__name__
    return IngestError(f"cannot open DOCX: {why}", "the file is damaged or not a DOCX")


_ATTRS = rb"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""  # the attributes of a start tag
_STYLES_TAG, _STYLE_TAG = re.compile(rb"<w:styles" + _ATTRS + rb">"), re.compile(rb"<w:style" + _ATTRS + rb"(/?)>")
_W_DECLARATION = b'xmlns:w="' + W[1:-1].encode() + b'"'


class _Styles:
    """The w:style elements of styles.xml, for the numbering a paragraph takes from its style.

    Every DOCX written by python-docx (the seed renditions among them) carries its template's
    350 KB styles.xml, table styles mostly, whose tree took longer to build than the document's.
    So the file is parsed with the content of each w:style cut out (a skeleton), and a style's
    content is parsed when it is looked at. That is done for plain XML only, where a cut cannot
    fall inside anything else: after the declaration no comment, CDATA, DOCTYPE or processing
    instruction (no "!" or "?" at all), the WordprocessingML namespace declared once, as w, on the
    root. Other files are parsed whole."""

    def __init__(self, data: bytes, damage: list[str], styles: list | None = None):
        self.data, self.spans, self.damage = data, {}, damage  # spans: a cut-out style -> where it is in data
        self.styles = styles if styles is not None else self._skeleton() or _parse(data).findall(W + "style")

    def _skeleton(self) -> list | None:
        data = self.data
        declaration = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
        root = _STYLES_TAG.search(data)
        if (
            root is None
            or _W_DECLARATION not in root.group()
            or data.count(W[1:-1].encode()) > 1
            or b"!" in data
            or data.find(b"?", declaration) >= 0
        ):
            return None
        pieces, spans, pos = [], [], 0
        for m in _STYLE_TAG.finditer(data, root.end()):
            end = m.end() if m.group(1) else data.find(b"</w:style>", m.end())
            if m.start() < pos or end < 0:
                return None  # a style inside a style, or one not closed: not what this reads
            spans.append(None if m.group(1) else (m.start(), end + len(b"</w:style>")))
            pieces.append(data[pos : m.end()])
            pos = end
        skeleton = _parse(b"".join(pieces) + data[pos:])
        elements = list(skeleton.iter(W + "style"))
        if len(elements) != len(spans):
            return None
        self.prefix = data[: root.end()]  # the declaration and the root's start tag (its namespaces)
        self.spans = {e: span for e, span in zip(elements, spans) if span}
        return [e for e in elements if e.getparent() is skeleton]

    def whole(self, style):
        """The style element with its children (parsed now if they were cut out)."""
        span = self.spans.get(style)
        if span is None:
            return style
        try:
            return _parse(self.prefix + self.data[span[0] : span[1]] + b"</w:styles>")[0]
        except etree.XMLSyntaxError:
            self.spans.pop(style)
            self.damage.append(f"a style of the styles part is damaged ({style.get(W + 'styleId')}): {_LOST['styles']}")
            return style


def _first(e, *path):
    """The element at `path` from `e`, each step the first child of that name (as python-docx reads
    properties), None if a step is missing."""
    for name in path:
        if e is None:
            return None
        e = e.find(W + name)
    return e


def _roman(n: int) -> str:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def format_number(fmt: str, n: int) -> str:
    """n as a numbering format of Word (decimal, lowerLetter, upperRoman ...) prints it."""
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


def _num_pr(ppr) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph's or a style's w:pPr, None without a numId."""
    num_id = _first(ppr, "numPr", "numId")
    if num_id is None:
        return None
    ilvl = _first(ppr, "numPr", "ilvl")
    return str(int(num_id.get(_VAL))), int(ilvl.get(_VAL)) if ilvl is not None else 0


class Numbering:
    """Counters for Word's automatic numbering, read from numbering.xml; a paragraph without
    numbering of its own takes its style's (styles.xml, through w:basedOn)."""

    def __init__(self, root, styles: _Styles | None):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = styles
        self.style_numbering: dict[str | None, tuple[str, int] | None] = {}  # style id -> its numbering
        if root is None:
            return
        abstract = {}
        for an in root.findall(W + "abstractNum"):
            lv = {}
            for lvl in an.findall(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl"))
                fmt = lvl.find(W + "numFmt")
                txt = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                lv[ilvl] = (
                    fmt.get(_VAL) if fmt is not None else "decimal",
                    txt.get(_VAL) if txt is not None else "",
                    int(start.get(_VAL)) if start is not None else 1,
                )
            abstract[an.get(W + "abstractNumId")] = lv
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            num_id = num.get(W + "numId")
            for ilvl, spec in abstract.get(ref.get(_VAL), {}).items():
                self.levels[(num_id, ilvl)] = spec
            for override in num.findall(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                ilvl = int(override.get(W + "ilvl"))
                if start is not None and (num_id, ilvl) in self.levels:
                    fmt, text, _ = self.levels[(num_id, ilvl)]
                    self.levels[(num_id, ilvl)] = (fmt, text, int(start.get(_VAL)))

    def of(self, p) -> tuple[str, int] | None:
        """The paragraph's numbering (numId, ilvl), from its own properties or its style's."""
        ppr = p.find(_PPR)
        own = _num_pr(ppr)
        if own is not None:
            return own
        pstyle = _first(ppr, "pStyle")
        style_id = pstyle.get(_VAL) if pstyle is not None else None
        if style_id not in self.style_numbering:
            self.style_numbering[style_id] = self._style_num_pr(style_id)
        return self.style_numbering[style_id]

    def _style_num_pr(self, style_id: str | None) -> tuple[str, int] | None:
        """As python-docx resolves `paragraph.style`: an unknown id, or one of a style that is not a
        paragraph style, means the document's default paragraph style (the last one marked default);
        then the first numbering on the w:basedOn chain (a chain that loops ends there)."""
        if self.styles is None:
            return None
        by_id = {}
        for s in self.styles.styles:
            by_id.setdefault(s.get(W + "styleId"), s)
        style = by_id.get(style_id) if style_id else None
        if style is None or style.get(W + "type") != "paragraph":
            defaults = [
                s
                for s in self.styles.styles
                if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true", "on")
            ]
            style = defaults[-1] if defaults else None
        seen = set()
        while style is not None and style not in seen:
            seen.add(style)
            whole = self.styles.whole(style)
            found = _num_pr(whole.find(_PPR))
            if found is not None:
                return found
            based = whole.find(W + "basedOn")
            style = by_id.get(based.get(_VAL)) if based is not None else None
        return None

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
            return format_number(f, counters.get(lvl, st))

        return re.sub(r"%(\d)", level_value, text).strip() or None


def _run_text(r) -> str:
    """A run's text as python-docx gives it: tabs, line breaks and no-break hyphens as characters,
    page and column breaks as nothing."""
    out = []
    for e in r:
        if e.tag == _T:
            out.append(e.text or "")
        elif e.tag == _BR:
            if e.get(W + "type", "textWrapping") == "textWrapping":
                out.append("\n")
        elif e.tag in _RUN_CHARS:
            out.append(_RUN_CHARS[e.tag])
    return "".join(out)


def _text(p) -> str:
    """A paragraph's text as python-docx's `paragraph.text`: its runs and its hyperlinks' runs."""
    out = []
    for e in p:
        if e.tag == _R:
            out.append(_run_text(e))
        elif e.tag == W + "hyperlink":
            out.extend(_run_text(r) for r in e.iterchildren(_R))
    return "".join(out)


def _paragraph_text(p, numbering: Numbering) -> str:
    text = _text(p).replace("\t", " ")
    num = numbering.of(p) if numbering.levels else None  # without levels no numbering has a label
    if num and text.strip():
        label = numbering.label(*num)
        if label and not MARKER.match(text):
            text = f"{label} {text.lstrip()}"
    return text


def _rows(tbl) -> list[list]:
    """Each row's cells as python-docx's `row.cells`: a cell once per grid column it spans, and a
    vertically merged cell's continuation replaced by the cell above at the same grid offset (by
    the cell itself when there is none, where python-docx raised ValueError)."""
    rows, above = [], {}
    for tr in tbl.iterchildren(_TR):
        before = _first(tr, "trPr", "gridBefore")
        offset = int(before.get(_VAL)) if before is not None else 0
        cells, starts = [], {}
        for tc in tr.iterchildren(_TC):
            span = _first(tc, "tcPr", "gridSpan")
            span = int(span.get(_VAL)) if span is not None else 1
            merge = _first(tc, "tcPr", "vMerge")
            cell = (tc, span)
            if merge is not None and merge.get(_VAL, "continue") == "continue":
                cell = above.get(offset, cell)
            starts.setdefault(offset, cell)
            cells.extend([cell[0]] * cell[1])
            offset += span
        rows.append(cells)
        above = starts
    return rows


_RIGHT_HEADER = re.compile(r"C[ỘÔO]NG\s+H[ÒOÓ]A\s+X[ÃA]|Độc\s+lập\s*[-–]|\S,\s*ngày\b|^(?:TM|T/M|KT|TL|Q)\.\s", re.I)


def _tabbed_columns(parts: list[str]) -> bool:
    """A paragraph whose tab stops set two columns of the header or footer: issuer | quốc hiệu,
    "Số: ..." | place and date, Nơi nhận | signature."""
    if len(parts) != 2:
        return False
    right_caps = len(parts[1]) < 60 and parts[1] == parts[1].upper() and any(c.isalpha() for c in parts[1])
    return bool(_RIGHT_HEADER.search(parts[1])) or (
        right_caps and re.match(r"(?:Nơi\s+nhận|[-–+])", parts[0]) is not None
    )


def is_data_table(first_row: str, ncols: int) -> bool:
    """A table of data (tasks, a schedule) rather than a layout table, from its first row's text
    and its number of columns."""
    first = first_row.upper()
    if re.search(r"CỘNG HÒA|CỘNG HOÀ|\bSỐ\s*:|NƠI NHẬN", first):
        return False  # the issuer | quốc hiệu header or the Nơi nhận | signature footer
    return ncols >= 3 or bool(re.search(r"\bSTT\b|\bTT\b|NỘI DUNG", first))


def _is_data_table(rows: list[list]) -> bool:
    if not rows:
        return False
    first = " ".join("\n".join(_text(p) for p in tc.iterchildren(_P)) for tc in rows[0])
    return is_data_table(first, max(len({id(tc) for tc in r}) for r in rows))


def _cells(row: list, numbering: Numbering) -> list[str]:
    """A row's cell texts (merged cells once); a cell's paragraphs joined, list markers kept."""
    seen, out = set(), []
    for tc in row:
        if id(tc) in seen:  # merged cells repeat
            continue
        seen.add(id(tc))
        paras = [_paragraph_text(p, numbering).strip() for p in tc.iterchildren(_P)]
        out.append("\n".join(p for p in paras if p))  # a cell's paragraphs stay apart (names, bullets)
    return out


def line_blocks(line: str, column: str | None = None) -> list[Block]:
    """One line of a paragraph -> its block (with its list marker), or the two column blocks of a
    header or footer line laid out with tabs or spaces; none for a blank line."""
    parts = [p for p in (re.sub(r"\s+", " ", x).strip() for x in re.split(r"\t+| {4,}", line)) if p]
    if column is None and _tabbed_columns(parts):
        return [Block(parts[0], column="left"), Block(parts[1], column="right")]
    line = re.sub(r"\s+", " ", line).strip()
    if not line:
        return []
    m = MARKER.match(line)
    return [Block(line, column=column, marker=m.group(0).strip() if m else None)]


def load_docx(path: str, data: bytes) -> Source:
    """A DOCX's bytes -> Source; IngestError for a damaged zip, a zip bomb or a broken package."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise IngestError("not a valid DOCX (zip) file", "the file is truncated or not a DOCX") from e
    with z:
        total = sum(i.file_size for i in z.infolist())
        if total > MAX_UNPACKED:
            raise IngestError(
                f"DOCX unpacks to {total // 2**20} MiB, over the {MAX_UNPACKED // 2**20} MiB limit (a zip bomb?)",
                "not read, to protect the machine; open it in Word and save a clean copy",
            )
        damage: list[str] = []
        try:
            body, numbering_xml, styles = _open(z, damage)
        except Exception as e:  # zipfile, lxml and a broken package structure raise several types
            raise _damaged(e, damage) from e
    numbering = Numbering(numbering_xml, styles)
    blocks: list[Block] = []
    # typed with TCVN3 / VNI fonts (.VnTime, VNI-Times): convert before normalising, which drops
    # the soft hyphen that is TCVN3's "ư"
    raw = "".join(body.itertext())
    encoding = legacy.convert(raw)[1] if legacy.looks_legacy(raw) else None

    def fix(text: str) -> str:
        return normalize(legacy.to_unicode(text, encoding) if encoding else text)

    def add(text: str, column=None):
        for line in fix(text).split("\n"):
            blocks.extend(line_blocks(line, column))

    for item in body.iterchildren(_P, _TBL):
        if item.tag == _P:
            add(_paragraph_text(item, numbering))
            continue
        rows = _rows(item)
        if _is_data_table(rows):
            for row in rows:
                cells = [re.sub(r"[ \t]+", " ", fix(c)).strip() for c in _cells(row, numbering)]
                if any(cells):
                    blocks.append(Block("\t".join(c.replace("\n", " ") for c in cells), kind="row", cells=cells))
        else:
            for row in rows:
                for i, tc in enumerate(row):
                    if i and tc is row[i - 1]:
                        continue
                    column = "left" if i == 0 else "right"
                    for p in tc.iterchildren(_P):
                        add(_paragraph_text(p, numbering), column)
    warnings = [f"text in the legacy {legacy.NAMES[encoding]} encoding, converted to Unicode"] if encoding else []
    return Source(path, blocks, pages=1, warnings=damage + warnings).finalize()
