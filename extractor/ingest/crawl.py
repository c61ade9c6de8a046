"""Text copied from a legal-document website (or its crawl) -> the lines a printed copy has.

Such copies repeat the page title before headings ("Quyết định 435/QĐ-UBND năm 2020. Điều 1."),
run the header's cells onto one line ("Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT
ĐỊNH V/V ..."), leave a list marker alone on its line ("1.4." then the item's text) and glue a
heading's first sub-marker to its end ("2. Nâng cao năng lực ... 2.1."). A text without these is
returned as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..rules import alternation, rules

_L = rules()["layout"]


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    kinds = rules()["kinds"]["kinds"]
    names = [k["name"] for k in kinds]
    titles = alternation(sorted({t for k in kinds for t in k["title"]}, key=len, reverse=True))
    # "Quyết định 435/QĐ-UBND năm 2020. ": a page title, as the website writes it, before a line
    title = re.compile(rf"^((?:{alternation(names)})\s+\S+(?:\s+\S+){{0,2}}\s+năm\s+\d{{4}})\.\s+")
    # where a header line a copy ran together breaks: the number, place and date, the title (not a
    # citation's "KẾ HOẠCH SỐ 119"), the subject, the addressees, the quốc hiệu's second line
    anchors = re.compile(
        rf"(?P<number>{re.escape(_L['number_label'])}\s*:)"
        r"|(?<!\S)(?P<place>[A-ZĐ][\wÀ-ỹ.]*(?:\s+(?:[A-ZĐ][\wÀ-ỹ.]*|phố|xã)){0,4},\s+ngày\s+[\d.…_ ]{1,4}\s*tháng)"
        rf"|(?<!\S)(?P<title>{titles})(?=\s+(?:V/[Vv]|VỀ|[A-ZĐÀ-Ỹ]{{2,}}\s))(?!\s+SỐ\b)"
        rf"|(?<!\S)(?P<subject>(?:{alternation(_L['subject_labels'] + ['V/V'])})\s)"
        rf"|(?<!\S)(?P<recipients>{_RECIPIENTS.pattern})"
        r"|(?P<motto>Độc\s+lập\s+-)"
    )
    # "CHƯƠNG TRÌNH HÀNH ĐỘNG. TRIỂN KHAI ...": the attached document's title, its subject run on
    titled = re.compile(rf"^((?:{titles}))\.\s+(?=[A-ZĐÀ-Ỹ])")
    return title, anchors, titled


_HEADER_LINES = 12
_BARE_MARKER = re.compile(r"^\s*(\d+(?:\.\d+)*\.)\s*$")  # "1.4.", not a table's "a)" cell
# "3. Giải quyết tốt tranh chấp lao động 3.1. Rà soát ...": the heading's own first sub-item after it
# ("khoản 3.1." is a citation)
_TRAILING_SUB = re.compile(r"^(\s*(\d+)\.\s+\S.*?)(?<!khoản)(?<!điểm)(?<!mục)\s+(\2\.1\.(?:\s+\S.*)?)\s*$")
_RECIPIENTS = re.compile(rf"(?:{alternation(_L['recipient_labels'])})\s*:")
_LAID_OUT = re.compile(r"\S\s{3,}\S")  # columns a text layer keeps apart: no run-together copy
# the body after the addressees on a run-together line: a sentence opening with a basis or purpose word
_BODY_OPENER = re.compile(rf"(?<=[\wÀ-ỹ)])\s+(?=(?:{alternation(_L['basis_openers'] + ['Để', 'Ngày'])})\s)")


def unglue(text: str) -> str:
    """A website copy's text -> its lines as printed (see the module doc); other text unchanged."""
    title, anchors, titled = _patterns()
    lines = text.split("\n")
    prefixes = Counter(m.group(1) for line in lines if (m := title.match(line)))
    repeated = {p for p, n in prefixes.items() if n >= 2}
    out: list[str] = []
    seen = 0  # non-blank lines so far: a header is among the first
    for line in lines:
        seen += bool(line.strip())
        m = title.match(line)
        if m and m.group(1) in repeated:
            line = line[m.end() :]
            head = titled.match(line)
            if head:  # the page title stood before the attached document's own
                out.append(head.group(1))
                line = line[head.end() :]
        header = seen <= _HEADER_LINES and len(line) > 30 and not _LAID_OUT.search(line)
        pieces = _header_pieces(line, anchors) if header else [line]
        if len(pieces) > 1:
            out += [q.strip(" |") for p in pieces for q in _split_body(p) if q.strip(" |")]  # "|": a cell rule
            continue
        sub = _TRAILING_SUB.match(line)
        if sub:
            out += [sub.group(1), sub.group(3)]
            continue
        out.append(line)
    return "\n".join(_join_bare_markers(out))


def _header_pieces(line: str, anchors: re.Pattern) -> list[str]:
    """A header line with two or more anchors -> the pieces that start at them; after the subject's
    label, a kind's title belongs to the subject ("V/V BAN HÀNH CHƯƠNG TRÌNH ...")."""
    cuts, subject = [], False
    for m in anchors.finditer(line):
        if m.group("title") and subject:
            continue
        subject = subject or bool(m.group("subject"))
        cuts.append(m.start())
    if len(cuts) < 2:
        return [line]
    cuts = [0] + [c for c in cuts if c > 0]
    return [line[a:b] for a, b in zip(cuts, cuts[1:] + [len(line)])]


def _split_body(piece: str) -> list[str]:
    """The Kính gửi piece of a run-together line: the addressees, then the body's first sentence."""
    if not _RECIPIENTS.match(piece):
        return [piece]
    m = _BODY_OPENER.search(piece)
    return [piece[: m.start()], piece[m.end() :]] if m else [piece]


def _join_bare_markers(lines: list[str]) -> list[str]:
    """A marker alone on its line ("1.4.") opens the text on the next non-blank line."""
    out: list[str] = []
    pending = None
    for line in lines:
        if pending is not None and line.strip():
            out.append(f"{pending} {line.strip()}")
            pending = None
            continue
        if _BARE_MARKER.match(line) and pending is None:
            pending = line.strip()
            continue
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out
