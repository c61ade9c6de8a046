"""The document frame: issuer, number/symbol, place/date, kind, subject, recipients, basis,
Nơi nhận and signer, from the segmented blocks."""

from __future__ import annotations

import re

from .layout import (
    AUTHORITY,
    DATE_LINE,
    ISSUER_LINE,
    NAME_DEGREE,
    NOI_NHAN,
    NUMBER_LABEL,
    QUOC_HIEU,
    RECIPIENT_LABEL,
    RULE_LINE,
    SIGNED,
    SUBJECT_LABEL,
    SUBJECT_LINE,
)
from .record import Block
from .references import kind_from_symbol
from .rules import alternation, rules
from .segment import is_caps, looks_like_name, title_kind
from .text import expand_abbreviations, sentence_case, squash

_L = rules()["layout"]
# "Số: 5141 /SNNMT-KS", "Số: /UBND-VP", and OCR'd handwriting ("Số: Ø2 /CT-UBND")
NUMBER = re.compile(
    rf"{NUMBER_LABEL.pattern[1:]}\s*:?\s*(?P<num>\d+(?:\s\d+)*(?=\s*[/\-])|\d+)?[^\s/]{{0,5}}\s*(?:(?P<sep>[/\-])\s*(?P<sym>(?:\d{{4}}/)?[A-ZĐ][\w&\-/.Đđ]*))?"
)
_NUMBER_START = re.compile(rf"^\W*{NUMBER_LABEL.pattern[1:]}")
_PLACE_NAME = r"(?P<place>(?:T[Pp]\.\s*)?[A-ZĐÀ-Ỹ](?:[a-zà-ỹđ.]*|[A-ZĐ]{1,4}\b)(?:\s[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,4})"
_DAY_MONTH_YEAR = (
    r"ngày\s*(?P<d>\d{1,2})?(?P<dj>\S{0,3})\s*(?:tháng|/)\s*(?P<m>\d{1,2})?(?P<mj>\S{0,3})\s*(?:năm|/)\s*(?P<y>\d{4})"
)
DATE = re.compile(rf"(?<![\w\-/]){_PLACE_NAME}\s*,\s*{_DAY_MONTH_YEAR}")
# a line that is only the place and date may lose its comma to OCR: "Hà Nội ngày 26 tháng 11 năm 2021"
DATE_LINE_NO_COMMA = re.compile(rf"^\W{{0,3}}{_PLACE_NAME}\s+{_DAY_MONTH_YEAR}\W*$")


_ISSUER_HEAD = re.compile(
    r"(?:"
    + "|".join(
        sorted(
            (re.escape(h.upper()) for h in rules()["units"]["heads"] + rules()["kinds"]["issuer_heads"]),
            key=len,
            reverse=True,
        )
    )
    + r")(?!\w)"
)
_PLACE = re.compile(r"^(" + "|".join(map(re.escape, _L["issuer_places"])) + r")\b")
_OFFICE = re.compile(
    "|".join(map(re.escape, _L["issuer_offices"]))
    + r"|(?:"
    + "|".join(map(re.escape, _L["issuer_boards"]))
    + r") [A-ZĐÀ-Ỹ ]{0,20}"
)
_AUTHORITY_SPLIT = re.compile(rf"\s+(?=(?:{alternation(_L['authority_prefixes'])})\.?\s)")


def _strip_list(text: str) -> str:
    text = re.sub(r"^\s*[-–+•*]\s*", "", text.strip())
    return text.strip().rstrip(";,.").strip()


def issuer(header: list[Block]) -> str | None:
    lines = []
    for b in header:
        t = b.text.strip().strip("*").strip()
        motto = QUOC_HIEU.search(t)
        if motto and motto.start() > 0 and b.column != "right" and is_caps(t[: motto.start()]):
            t = t[: motto.start()].strip(" |-–")  # two columns run into one line: "BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI ..."
        if b.column == "right" or QUOC_HIEU.search(t) or NUMBER_LABEL.match(t) or DATE_LINE.match(t):
            if lines and (NUMBER_LABEL.match(t) or DATE_LINE.match(t)):
                break
            continue
        if SUBJECT_LINE.match(t):
            break
        if RULE_LINE.fullmatch(t) or not (is_caps(t) or (not lines and ISSUER_LINE.fullmatch(t))):
            continue
        lines.append(re.sub(r"\s*[-–_]{2,}\s*$", "", re.sub(r"^[^\w(]+", "", t)))  # ". TRƯỜNG" (OCR specks)
    if not lines:
        return None
    lines = [ln for ln in lines if ln and not re.fullmatch(r"[\W_]+", ln)]
    if not lines:
        return None
    last = lines[-1]
    place = _PLACE.match(last)
    if place and len(lines) >= 2:
        name = lines[-2] + " " + last
    elif len(lines) >= 2 and _OFFICE.fullmatch(last) and len(last.split()) <= 3:
        parent = lines[-2]
        if _PLACE.match(parent) and len(lines) >= 3:  # "ỦY BAN MTTQ VIỆT NAM / XÃ LƯƠNG MINH / BAN THƯỜNG TRỰC"
            parent = lines[-3] + " " + parent
        name = last + " " + parent
    else:
        name, k = last, len(lines) - 1
        while k > 0 and not _ISSUER_HEAD.match(
            name
        ):  # a name wrapped over lines: "TRƯỜNG ĐẠI HỌC / CÔNG NGHỆ THÔNG TIN"
            k -= 1
            name = lines[k] + " " + name
    return sentence_case(expand_abbreviations(squash(name)).upper()) if name else None


def number_symbol(header: list[Block]) -> tuple[str | None, str | None]:
    for b in header:
        m = NUMBER.search(b.text)
        if m and _NUMBER_START.match(b.text):
            num = re.sub(r"\s", "", m.group("num")) if m.group("num") else None  # OCR's "8 5 2 0/BCT" -> "8520"
            sym = m.group("sym")
            if sym:
                sym = sym.rstrip(".-/")
            return num, sym
    return None, None


def place_date(blocks: list[Block]) -> tuple[str | None, str | None]:
    for b in blocks:
        m = DATE.search(b.text) or DATE_LINE_NO_COMMA.match(b.text.strip())
        if m:
            place = m.group("place").strip() if m.group("place") else None  # as printed: "TP. HCM"
            y, mo, d = m.group("y"), m.group("m"), m.group("d")
            if m.group("dj"):  # OCR'd handwriting ("2#"): the day is not to be trusted
                d = None
            if m.group("mj"):
                mo = d = None
            if not 1945 <= int(y) <= 2100:
                return place, None  # OCR's year ("năm 4034"): no date rather than a wrong one
            if mo and d:
                date = f"{y}-{int(mo):02d}-{int(d):02d}"
            elif mo:
                date = f"{y}-{int(mo):02d}"
            else:
                date = y
            return place, date
    return None, None


def subject(blocks: list[Block]) -> str | None:
    subj = [b.text for b in blocks if b.label == "subject"]
    if not subj:
        head = [b for b in blocks if b.label == "header"]
        for k, b in enumerate(head):
            if SUBJECT_LINE.match(b.text):
                subj = [b.text]
                for c in head[k + 1 :]:  # the V/v lines that follow in its column
                    if c.column not in (b.column, None) or (b.column is None and c.column):
                        continue
                    if (
                        is_caps(c.text)
                        or QUOC_HIEU.search(c.text)
                        or DATE_LINE.match(c.text)
                        or _NUMBER_START.match(c.text)
                    ):
                        break
                    subj.append(c.text)
                break
    if not subj:
        return None
    text = squash(" ".join(subj))
    text = SUBJECT_LABEL.sub("", text)
    text = re.sub(r"\s*\((?:Ngày|ngày)[^)]*\)\s*$", "", text)
    return text.strip().strip("*").strip() or None


def _list_items(lines: list[tuple[str, bool]]) -> list[str]:
    """(line text, has a list marker) -> items: a line continues the item before it when it has no
    marker of its own and starts in lower case or follows a line broken after "," ("- Các Sở: Công
    Thương, Tài chính,\nNông nghiệp và Môi trường;")."""
    out, prev = [], ""
    for text, marked in lines:
        dash = bool(re.match(r"\s*[-–+•*]", text))
        comma = prev.rstrip().endswith(",")
        if out and not (marked or dash) and (text[:1].islower() or comma):
            out[-1] = out[-1] + (", " if comma else " ") + _strip_list(text)
        elif _strip_list(text):
            out.append(_strip_list(text))
        prev = text
    return out


def recipients(blocks: list[Block]) -> list[str]:
    lines = []
    for b in blocks:
        if b.label != "kinh_gui":
            continue
        t = RECIPIENT_LABEL.sub("", b.text)
        t = re.sub(r"\s*\(Địa\s+chỉ\s*:[^)]*\).*$", "", t, flags=re.I)  # the addressee's address, and what follows
        lines.append((t, bool(b.marker)))
    return _list_items(lines)


_MAIN_CLAUSE = re.compile(
    r"(?:[,;]|\.(?=\s+[A-ZĐ]))\s+(?:sau khi [^,]*,\s*)?(?:theo đó\b|(?:[A-ZĐ][^,;]{0,80}?\s)?"
    r"(?:có ý kiến|báo cáo|ban hành|đăng ký|xây dựng|mời|thông báo|đề nghị|yêu cầu|chỉ đạo|giao)\b[^;]*$)"
)
_NEXT_SENTENCE = re.compile(rf"\.\s+(?=(?!{alternation(_L['basis_sentences'])})[A-ZĐ])")
_STATEMENT = re.compile(rf"(?<=[;.,])\s+(?=(?:{alternation(_L['basis_statements'])})\b)")


def basis(blocks: list[Block]) -> list[str]:
    """Căn cứ / Thực hiện / Xét đề nghị statements, one per statement, without the main clause that
    follows them in the same sentence ("..., Chủ tịch UBND tỉnh có ý kiến như sau:")."""
    out = []
    for b in blocks:
        if b.label != "basis":
            continue
        text = _NEXT_SENTENCE.split(b.text)[0]  # a narrative sentence after the basis is not basis
        for part in _STATEMENT.split(text):
            m = _MAIN_CLAUSE.search(part)
            if m and m.start() > 20:
                part = part[: m.start()]
            part = re.split(r"(?<=[.)])\s+(?=[A-ZĐ][^.]*(?:như\s+sau|sau\s+đây|cụ\s+thể)\s*:\s*$)", part)[0]
            out.append(part.strip().rstrip(";.,:").strip())
    return [p for p in out if p]


def cc(blocks: list[Block]) -> list[str]:
    return _list_items([(NOI_NHAN.sub("", b.text).strip(), bool(b.marker)) for b in blocks if b.label == "noi_nhan"])


# a title is words of letters ("PHÓ CHỦ TỊCH", "Q. BỘ TRƯỞNG"); OCR's remains of a stamp or a
# signature ("}- Ƒ A//~", "N CÁ E ^") are not
_WORDS = re.compile(r"(?:[^\W\d_]{1,12}\.?)(?:[ ,&-]+[^\W\d_]{1,12}\.?)*")


def signer(blocks: list[Block]) -> dict:
    sig = [b.text.strip().strip("*").strip() for b in blocks if b.label == "signature"]
    authority = title = name = None
    caps = []
    for t in sig:
        if QUOC_HIEU.search(t) or title_kind(t):
            break  # a document issued with this one begins (its header, its title)
        if SIGNED.match(t):
            continue
        if AUTHORITY.match(t) and not caps:  # "TL. CHỦ TỊCH" + "KT. CHÁNH VĂN PHÒNG" are one authority
            authority = f"{authority} {t}" if authority else t
        elif is_caps(t) and name is None:
            t = re.sub(r"^[\W_]+", "", t)  # ": - THỨ TRƯỞNG" (OCR specks before it)
            if _WORDS.fullmatch(t):
                caps.append(t)
        elif looks_like_name(NAME_DEGREE.sub("", t)) and name is None:
            name = NAME_DEGREE.sub("", t)
    if caps:
        title = caps[-1]
    if authority:
        parts = _AUTHORITY_SPLIT.split(authority)
        authority = " ".join(
            f"{p.split(' ', 1)[0]} {sentence_case(expand_abbreviations(p.split(' ', 1)[1]).upper())}" if " " in p else p
            for p in parts
        )
    if title:
        title = sentence_case(title)
    return {"name": name, "title": title, "authority": authority}


def document_kind(blocks: list[Block], symbol: str | None) -> str | None:
    for b in blocks:
        if b.label == "title":
            return title_kind(b.text)
    return kind_from_symbol(symbol) if symbol else None


def frame(blocks: list[Block]) -> dict:
    header = [b for b in blocks if b.label == "header"]
    num, sym = number_symbol(header)
    place, date = place_date(header + [b for b in blocks if b.label in ("title", "subject")])
    return {
        "doc_type": document_kind(blocks, sym),
        "number": num,
        "symbol": sym,
        "issuer": issuer(header),
        "place": place,
        "date": date,
        "subject": subject(blocks),
        "recipients": recipients(blocks),
        "basis": basis(blocks),
        "cc": cc(blocks),
        "signer": signer(blocks),
    }
