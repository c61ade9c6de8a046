"""Labels each block with its part of the document (Nghị định 30/2020/NĐ-CP, Phụ lục I):
preamble, header, title, subject, kinh_gui, basis, body, noi_nhan, signature, appendix."""

from __future__ import annotations

import re
from functools import lru_cache

from .layout import (
    AUTHORITY,
    BASIS,
    DATE_LINE,
    DECIDES,
    ISSUER_LINE,
    KINH_GUI,
    NOI_NHAN,
    NUMBER_LINE,
    QUOC_HIEU,
    RULE_LINE,
    SIGNED,
    STAMP_LINE,
    SUBJECT_LINE,
)
from .record import Block
from .rules import alternation, rules
from .text import strip_marks

_L = rules()["layout"]


def title_kind(text: str) -> str | None:
    """The kind name if `text` is a title line ("KẾ HOẠCH", "GIẤY MỜI HỌP"), else None."""
    t = re.sub(r"\s+", " ", text.strip().strip("*")).upper()
    if not t or t != text.strip().strip("*").upper() or len(t) > 60:
        return None
    if not text.strip().strip("*").isupper():
        return None
    bare = strip_marks(t)  # OCR confuses accents on capitals ("QUYÉT ĐỊNH")
    for kind in rules()["kinds"]["kinds"]:
        for title in sorted(kind["title"], key=len, reverse=True):
            plain = strip_marks(title)
            if bare == plain or bare.startswith(plain + " "):
                return kind["name"]
    return None


@lru_cache(maxsize=16384)
def is_caps(text: str) -> bool:
    """Mostly capitals (a heading, a header line); judged on the first 300 characters."""
    letters = [c for c in text[:300] if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def looks_like_name(text: str) -> bool:
    words = text.strip().split()
    return (
        2 <= len(words) <= 5
        and not is_caps(text)
        and all(w[:1].isupper() for w in words)
        and not re.search(r"\d|[:;,]", text)
    )


def _issuer_over_number(blocks: list[Block], k: int) -> bool:
    """Block k is an issuer's name in title case right over the number line (a web copy)."""
    return (
        k + 1 < len(blocks)
        and bool(ISSUER_LINE.fullmatch(blocks[k].text))
        and bool(NUMBER_LINE.match(blocks[k + 1].text))
    )


def _header_start(blocks: list[Block]) -> int:
    """Skip a web page's preamble: the document starts at its issuer line above the quốc hiệu."""
    limit = max(5, len(blocks) * 2 // 5)
    for i, b in enumerate(blocks[:limit]):
        if QUOC_HIEU.search(b.text) or NUMBER_LINE.match(b.text):
            start, names = i, 0
            while start > 0 and blocks[start - 1].kind != "row":  # the issuer's lines and the rule under them
                above = blocks[start - 1].text
                if RULE_LINE.fullmatch(above):
                    start -= 1
                elif is_caps(above) and names < 3:
                    start, names = start - 1, names + 1
                else:
                    break
            if start == i and i > 0 and _issuer_over_number(blocks, i - 1):
                start -= 1
            return start
    return 0


def split_block(b: Block, k: int) -> list[Block]:
    """Block b cut at text offset k into two blocks with their own spans in the same document text."""
    head, tail = b.text[:k].rstrip(), b.text[k:].lstrip()
    first = Block(
        head, page=b.page, kind=b.kind, column=b.column, marker=b.marker, start=b.start, end=b.start + len(head)
    )
    second = Block(tail, page=b.page, kind=b.kind, column=b.column, start=b.end - len(tail), end=b.end)
    return [first, second]


# A signature a web copy ran onto one line: "PHÓ HIỆU TRƯỞNG (đã ký) Hà Lê Kim Anh"
_SIGNED_IN_LINE = re.compile(
    r"^[A-ZĐÀ-Ỹ .]{4,80}?\s*(?=\(\s*(?:đã ký|Đã ký|ĐÃ KÝ)[^)]{0,30}\)\s*[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s|$))"
)


def _split_run_on_recipients(blocks: list[Block]) -> list[Block]:
    """A laid-out "Kính gửi: X (address)" line that ran into the first body paragraph is cut where
    the body's first sentence starts; a signer's title, "(đã ký)" and name on one line are cut apart."""
    out = []
    for b in blocks:
        if KINH_GUI.match(b.text) and len(b.text) > 250:
            m = re.search(r"(?<=[).;])\s+(?=[A-ZĐ])", b.text[15:])
            if m:
                out += split_block(b, 15 + m.end())
                continue
        m = _SIGNED_IN_LINE.match(b.text) if b.kind == "para" and len(b.text) < 160 else None
        if m:
            title, rest = split_block(b, m.end())
            mark = rest.text.index(")") + 1
            out += [title, *split_block(rest, mark)]
            continue
        out.append(b)
    return out


def _single_cell(b: Block) -> bool:
    """A table row with one filled cell ("- Văn phòng HĐND, UBND xã;" and an empty cell beside it)."""
    return b.kind == "row" and sum(1 for c in b.cells or [] if c.strip()) <= 1


def segment(blocks: list[Block]) -> list[Block]:
    """Set `label` on every block (a recipient line run into the body is split first)."""
    blocks[:] = _split_run_on_recipients(blocks)
    n = len(blocks)
    start = _header_start(blocks)
    for b in blocks[:start]:
        b.label = "preamble"
    i = start
    # header: issuer, quốc hiệu, số, place/date, V/v — up to the title, Kính gửi, basis or the body
    while i < n:
        b = blocks[i]
        t = b.text
        if title_kind(t) or KINH_GUI.match(t) or BASIS.match(t) or DECIDES.match(t):
            break
        if (
            b.column
            or QUOC_HIEU.search(t)
            or NUMBER_LINE.match(t)
            or DATE_LINE.match(t)
            or is_caps(t)
            or SUBJECT_LINE.match(t)
            or RULE_LINE.fullmatch(t)
            or STAMP_LINE.match(t)
            or (i == start and _issuer_over_number(blocks, i))
        ):
            b.label = "header"
            i += 1
            continue
        if (
            i > start
            and blocks[i - 1].label == "header"
            and SUBJECT_LINE.match(_last_header_text(blocks, i))
            and len(t) < 120
            and not t.endswith(":")
            and not KINH_GUI.match(t)
            and not BASIS.match(t)
        ):
            b.label = "header"  # the V/v line continued
            i += 1
            continue
        break
    # title and the subject lines under it
    if i < n and title_kind(blocks[i].text):
        blocks[i].label = "title"
        i += 1
        while (
            i < n
            and blocks[i].kind == "para"
            and not (KINH_GUI.match(blocks[i].text) or blocks[i].marker or DECIDES.match(blocks[i].text))
        ):
            t = blocks[i].text
            if BASIS.match(t) and (blocks[i - 1].label == "subject" or t.startswith(_L["basis_openers"][0])):
                break
            if blocks[i - 1].label == "subject" and not (t[:1].islower() or t.startswith("(") or is_caps(t)):
                break
            if (
                blocks[i - 1].label == "subject"
                and _issuing_authority(t)
                and i + 1 < n
                and (BASIS.match(blocks[i + 1].text) or DECIDES.match(blocks[i + 1].text))
            ):
                blocks[i].label = "title"  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" over a decision's căn cứ
                i += 1
                break
            if len(t) > 400:
                break
            blocks[i].label = "subject"
            i += 1
    # Kính gửi and its entries
    while i < n and (
        KINH_GUI.match(blocks[i].text)
        or BASIS.match(blocks[i].text)
        or DECIDES.match(blocks[i].text)
        or (blocks[i].label == "" and is_caps(blocks[i].text) and len(blocks[i].text) < 80 and not blocks[i].marker)
    ):
        b = blocks[i]
        if KINH_GUI.match(b.text):
            b.label = "kinh_gui"
            i += 1
            while (
                i < n
                and (
                    blocks[i].marker in ("-", "–", "+", "•")
                    or blocks[i].column == "right"
                    or (blocks[i - 1].label == "kinh_gui" and blocks[i].text[:1].islower())
                )
                and len(blocks[i].text) < 300
                and not BASIS.match(blocks[i].text)
            ):
                blocks[i].label = "kinh_gui"
                i += 1
        elif BASIS.match(b.text):
            b.label = "basis"
            i += 1
        else:
            b.label = "header" if not DECIDES.match(b.text) else "body"
            i += 1
    body_start = i
    # footer: Nơi nhận block, signature, then any appendix
    noi = next((k for k in range(body_start, n) if NOI_NHAN.match(blocks[k].text)), None)
    if noi is None:
        noi = next((k for k in range(max(body_start, n - 15), n) if _CC_FIRST.match(blocks[k].text)), None)
    sig_start = noi
    if noi is None:
        sig_start = _signature_without_noi_nhan(blocks, body_start)
    end_body = sig_start if sig_start is not None else n
    for b in blocks[body_start:end_body]:
        b.label = "body"
    if sig_start is None:
        return blocks
    k = sig_start
    appendix_from = None
    seen_name = False
    while k < n:
        b = blocks[k]
        if (
            looks_like_name(b.text)
            and not b.marker
            and not seen_name
            and k > sig_start + 1
            and any(x.label == "signature" for x in blocks[sig_start:k])
        ):
            b.label = "signature"
            seen_name = True
        elif NOI_NHAN.match(b.text) or (b.column == "left" and not seen_name):
            b.label = "noi_nhan"
        elif (
            (b.marker in ("-", "–", "+", "•") or (_single_cell(b) and re.match(r"\s*[-–+•]\s", b.text)))
            and len(b.text) < 200
            and (not seen_name or _in_noi_nhan(blocks, k))
        ):
            b.label = "noi_nhan"  # after the name too, while the Nơi nhận list beside the signature goes on
        elif (
            AUTHORITY.match(b.text)
            or (is_caps(b.text) and len(b.text) < 60 and not seen_name)
            or SIGNED.match(b.text)
            or (b.column == "right" and not seen_name)
        ):
            b.label = "signature"
            if looks_like_name(b.text):
                seen_name = True
        elif looks_like_name(b.text) and not seen_name:
            b.label = "signature"
            seen_name = True
        elif seen_name or (b.kind == "row" and not _single_cell(b)) or len(b.text) > 200:
            appendix_from = k
            break
        else:
            b.label = "noi_nhan"
        k += 1
    if appendix_from is not None:
        for b in blocks[appendix_from:]:
            b.label = "appendix"
    return blocks


@lru_cache(maxsize=1)
def _authority_heads() -> re.Pattern:
    heads = rules()["kinds"]["signer_titles"] + _L["authority_heads"]
    return re.compile(r"^(?:" + "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) + r")\b")


def _issuing_authority(text: str) -> bool:
    """The line that names who decides, under a decision's title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    "BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO"): capitals opening with a function or a council."""
    return is_caps(text) and len(text) < 150 and bool(_authority_heads().match(text.strip()))


def _in_noi_nhan(blocks: list[Block], k: int) -> bool:
    """Does block k continue a Nơi nhận list, the signature lines beside it aside?"""
    j = k - 1
    while j >= 0 and blocks[j].label == "signature":
        j -= 1
    return j >= 0 and blocks[j].label == "noi_nhan" and blocks[j].marker is not None


def _last_header_text(blocks: list[Block], i: int) -> str:
    """The V/v line when block i may continue it (only V/v continuation lines stand in between)."""
    j = i - 1
    while j >= 0 and blocks[j].label == "header" and not SUBJECT_LINE.match(blocks[j].text):
        if is_caps(blocks[j].text) or NUMBER_LINE.match(blocks[j].text) or DATE_LINE.match(blocks[j].text):
            return blocks[j].text
        j -= 1
    return blocks[j].text if j >= 0 else ""


_CC_FIRST = re.compile(rf"^[-–+•]\s*(?:{alternation(_L['cc_first_entries'])})\b")


def _signature_without_noi_nhan(blocks: list[Block], body_start: int) -> int | None:
    """No "Nơi nhận": the signature is the last authority/title line followed by a name."""
    for k in range(len(blocks) - 1, body_start, -1):
        if AUTHORITY.match(blocks[k].text):
            return k
    for k in range(len(blocks) - 1, max(body_start, len(blocks) - 8), -1):
        if looks_like_name(blocks[k].text) and k > 0 and is_caps(blocks[k - 1].text) and len(blocks[k - 1].text) < 40:
            return k - 1
    return None
