"""Plain text and Markdown: encoding detection, markup removal, then the shared line builder."""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import IngestError
from ..record import Source
from ..rules import alternation, rules
from .crawl import unglue
from .lines import build_blocks, text_to_lines


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (or TCVN3 / VNI when the
    bytes read as Vietnamese that way: see legacy.py)."""
    return decode_with_name(data)[0]


def decode_with_name(data: bytes) -> tuple[str, str]:
    """(text, encoding name) with the encoding as `decode` chose it; a legacy encoding is converted,
    whether the file holds its bytes or UTF-8 text copied out of a legacy-font document."""
    from . import legacy

    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return _legacy_text(data.decode("utf-16", errors="replace"), "utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return _legacy_text(data[3:].decode("utf-8", errors="replace"), "utf-8")
    try:
        return _legacy_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        if data.count(b"\x00") > len(data) // 4:
            for enc in ("utf-16-le", "utf-16-be"):
                try:
                    return data.decode(enc), enc
                except UnicodeDecodeError:
                    pass
        return legacy.decode_8bit(data)


def _legacy_text(text: str, name: str) -> tuple[str, str]:
    from . import legacy

    converted, enc = legacy.convert(text)
    return (converted, enc) if enc else (text, name)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def looks_binary(text: str) -> bool:
    """NUL bytes, or more than 1 character in 100 that is a control character or undecodable."""
    sample = text[:65536]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # an HTML comment ("<!-- Trang 2 -->" of an OCR tool's Markdown)
# A web rendition prints the header and signature tables of a document with each cell's lines run
# together ("VĂN PHÒNG CHÍNH PHỦ -------", "Số: 8424/VPCP-KTTH V/v: trợ cấp ..."): where lines start
_RULE = re.compile(r"\s*-{3,}\s*")
_L = rules()["layout"]
_NUMBER = re.escape(_L["number_label"])
_LINE_START = re.compile(
    rf"\s+(?=(?:{_NUMBER}\s*:|(?:{alternation(_L['subject_labels'])})\b|Độc\s+lập\b))"
    r"|(?<=[;:.)])\s+(?=-\s+\S)"
)  # "...; - Thủ tướng CP" starts an item
_HEADER_CELL = re.compile(rf"CỘNG\s+HÒA|Độc\s+lập|(?:^|\|\s){_NUMBER}\s*:" r"|ngày\s+\d{1,2}\s+tháng|-{3,}")
_KINH_GUI = re.compile(alternation(_L["recipient_labels"]))
_NOI_NHAN = re.compile(alternation(_L["cc_labels"]))
_AUTHORITY = r"(?:TM|T/M|KT|TL|TUQ|Q)\."  # a signature's authority prefix: "TM.", "KT.", "TL." ...
_PREFIX = re.compile(rf"\s+(?={_AUTHORITY}\s)")
_NAME_TAIL = re.compile(r"\s+((?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s*){2,5})$")


@lru_cache(maxsize=1)
def _title_heads() -> re.Pattern:
    from ..rules import rules

    heads = sorted(rules()["kinds"]["signer_titles"], key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\S)")


def _signature_lines(text: str) -> list[str]:
    """A signature cell run onto one line -> its lines: authority, title, name
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Sỹ Hiệp" -> three)."""
    name = _NAME_TAIL.search(text)
    caps, tail = (text[: name.start()], [name.group(1).strip()]) if name else (text, [])
    parts = _PREFIX.split(caps.strip())
    last = parts[-1]
    prefix = re.match(rf"{_AUTHORITY}\s+", last)
    heads = [
        m.start() for m in _title_heads().finditer(last) if not (prefix and m.start() == prefix.end())
    ]  # "KT. BỘ TRƯỞNG": the authority's own title
    deputy = [k for k in heads if last.startswith("PHÓ", k)]
    cut = (deputy or heads or [0])[-1]
    if cut > 0 and (prefix or last[:cut].strip()):
        parts[-1:] = [last[:cut].strip(), last[cut:].strip()]
    return [p for p in parts if p] + tail


_AUTHORITY_LINE = re.compile(rf"^\s*{_AUTHORITY}\s")


def _run_signatures(text: str) -> str:
    """A signature run onto one line outside any table ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH
    Nguyễn Hữu Tháp") -> its lines, as a web copy's signature cell gets them."""
    out = []
    for line in text.split("\n"):
        if _AUTHORITY_LINE.match(line) and len(line) < 150 and _NAME_TAIL.search(line.rstrip()):
            out += _signature_lines(line.strip())
        else:
            out.append(line)
    return "\n".join(out)


def cell_lines(cell: str, signature: bool = False) -> list[str]:
    """A header, Kính gửi or signature cell whose lines a web page ran together -> its lines."""
    lines = []
    for piece in (p for line in cell.split(CELL_BREAK) for p in _RULE.split(line)):
        lines += [x.strip() for x in _LINE_START.split(piece) if x.strip()]
    if signature and len(lines) == 1 and not lines[0].startswith("-"):
        return _signature_lines(lines[0])
    return lines


def frame_rows(cells: list[str], header: bool) -> list[str] | None:
    """A two-cell row of a web rendition's header table (issuer | quốc hiệu, Số | place and date),
    of its Kính gửi table or of its Nơi nhận | signature table -> laid-out lines, the two cells as
    columns apart as a text layer has them; None for any other row."""
    if len(cells) != 2:
        return None
    left, right = cells
    if _KINH_GUI.match(left):
        items = cell_lines(right)
        return [f"{left} {items[0]}" if items else left] + items[1:]
    footer = bool(_NOI_NHAN.match(left))
    if not (footer or header and _HEADER_CELL.search(left + " | " + right)):
        return None
    a, b = cell_lines(left), cell_lines(right, signature=footer)
    rows = []
    for k in range(max(len(a), len(b))):
        x, y = (a[k] if k < len(a) else ""), (b[k] if k < len(b) else "")
        rows.append(f"{x:<40}      {y}".rstrip() if x else " " * 46 + y)
    return rows


_TAG = re.compile(r"</?(?:ul|ol|li|p|br|div|span|b|i|strong|em|u|table|tr|td|th|tbody|thead)\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
# A line break inside a cell of a Markdown table ("**ĐOÀN ĐBQH VÀ HĐND**<br>**THÀNH PHỐ ...**<br>Số: /TB-VP"):
# the cell's lines are kept apart, as a text layer has them
CELL_BREAK = "\x1e"


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation


def strip_markup(text: str) -> str:
    """Markdown emphasis, headings, tables and HTML tags -> plain lines (tables as tab rows)."""
    text = _COMMENT.sub("", _FRONT_MATTER.sub("", text))
    out = []
    body = False  # past the header: a paragraph of text outside any table has been seen
    for line in text.split("\n"):
        s = line.strip()
        if re.fullmatch(r"\|?\s*:?-{2,}.*", s) and set(s) <= set("|-: "):
            continue  # a Markdown table's separator row
        if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
            s = _TAG.sub(" ", _BR.sub(CELL_BREAK, s))
            cells = [CELL_BREAK.join(_plain(x) for x in c.split(CELL_BREAK)).strip() for c in s.strip("|").split("|")]
            laid_out = frame_rows(cells, header=not body)
            if laid_out is not None:
                out += laid_out
                continue
            out.append("\t".join(re.sub(rf"\s*{CELL_BREAK}\s*", " ", c).strip() for c in cells))
            continue
        line = _TAG.sub(" ", _BR.sub(" ", line))
        if s and not s.startswith("#") and not re.fullmatch(r"\*[^*]+\*", s):
            body = True
        out.append(_plain(re.sub(r"^#{1,6}\s+", "", line)))
    return "\n".join(out)


def _plain(line: str) -> str:
    """A line without its Markdown emphasis and backslash escapes."""
    line = re.sub(r"\*\*|__", "", line)
    line = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", line)
    return _ESCAPE.sub(r"\1", line)  # "3\." and "a\)": a converter kept them from reading as lists


def load_txt(path: str, data: bytes) -> Source:
    from .legacy import NAMES

    text, encoding = decode_with_name(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_binary(text):
        raise IngestError(
            "binary content in a text file: not a document",
            "the file is not text; check its real format (or whether it is damaged)",
        )
    text = _run_signatures(unglue(strip_markup(text)))
    blocks = build_blocks(text_to_lines(text))
    if not blocks:
        raise IngestError("no text in the file (only blank lines)", "the file has no content")
    pages = max((b.page for b in blocks), default=1)
    warnings = (
        [f"text in the legacy {NAMES[encoding]} encoding, converted to Unicode"] if encoding in ("tcvn3", "vni") else []
    )
    return Source(path, blocks, pages=pages, warnings=warnings).finalize()
