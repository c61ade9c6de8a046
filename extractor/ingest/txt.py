"""Plain text and Markdown: encoding detection, markup removal, then the shared line builder."""
from __future__ import annotations

import re

from ..record import Source
from .lines import build_blocks, text_to_lines


class IngestError(Exception):
    """A file that cannot be read; the message says why, for errors.jsonl."""

    def __init__(self, reason: str, hint: str = ""):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


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
_TAG = re.compile(r"</?(?:ul|ol|li|p|br|div|span|b|i|strong|em|u|table|tr|td|th|tbody|thead)\b[^>]*>", re.I)


def strip_markup(text: str) -> str:
    """Markdown emphasis, headings, tables and HTML tags -> plain lines (tables as tab rows)."""
    text = _FRONT_MATTER.sub("", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = _TAG.sub(" ", text)
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if re.fullmatch(r"\|?\s*:?-{2,}.*", s) and set(s) <= set("|-: "):
            continue  # a Markdown table's separator row
        if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
            line = "\t".join(c.strip() for c in s.strip("|").split("|"))
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"\*\*|__", "", line)
        line = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", line)
        out.append(line)
    return "\n".join(out)


def load_txt(path: str, data: bytes) -> Source:
    from .legacy import NAMES

    text, encoding = decode_with_name(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_binary(text):
        raise IngestError("binary content in a text file: not a document",
                          "the file is not text; check its real format (or whether it is damaged)")
    text = strip_markup(text)
    blocks = build_blocks(text_to_lines(text))
    if not blocks:
        raise IngestError("no text in the file (only blank lines)", "the file has no content")
    pages = max((b.page for b in blocks), default=1)
    warnings = [f"text in the legacy {NAMES[encoding]} encoding, converted to Unicode"] if encoding in ("tcvn3", "vni") else []
    return Source(path, blocks, pages=pages, warnings=warnings).finalize()
