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
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if data.count(b"\x00") > len(data) // 4:
            for enc in ("utf-16-le", "utf-16-be"):
                try:
                    return data.decode(enc)
                except UnicodeDecodeError:
                    pass
        return data.decode("cp1258", errors="replace")


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
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise IngestError("binary content in a text file", "the file is not text; check its real format")
    text = strip_markup(text)
    blocks = build_blocks(text_to_lines(text))
    pages = max((b.page for b in blocks), default=1)
    return Source(path, blocks, pages=pages).finalize()
