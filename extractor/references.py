"""Citations of other documents: find them, parse number/symbol/kind/date/issuer, and resolve
later short mentions ("Kế hoạch số 132/KH-UBND", "Nghị quyết số 07") to the first full one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import parse_date_at
from .record import Reference
from .rules import rules
from .text import squash


def _kind_words() -> str:
    words = sorted(rules()["kinds"]["citation_words"], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


_SYMBOL = r"[A-ZĐ][A-Za-zĐđ0-9&.]*(?:\s?[-–/]\s?[A-Za-zĐđ0-9&.]+)*"
_CITATION = None


def citation_pattern() -> re.Pattern:
    global _CITATION
    if _CITATION is None:
        kinds = _kind_words()
        _CITATION = re.compile(
            rf"(?:(?P<kind>{kinds})\s+)?(?:(?P<so>số|Số)\s*:?\s*)?"
            rf"(?:(?P<std>QCVN|TCVN)\s*(?P<stdnum>[\d.]+:\d{{4}}/[A-ZĐ][\w\-]*)"
            rf"|(?P<num>\d{{1,6}})\s*(?:"
            rf"(?P<party>-\s?[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ\-]*)"  # 103-NQ/HU, 733-TB/TU
            rf"|/\s?(?P<sym>(?:\d{{4}}/)?{_SYMBOL})"  # 2602/VP-NVKTGS, 181/2024/NĐ-CP
            rf"))",
            re.UNICODE,
        )
    return _CITATION


@lru_cache(maxsize=1)
def named_kind_pattern() -> re.Pattern:
    """A kind word and a name before a number: "Luật Xây dựng số 50/2014/QH13"."""
    return re.compile(rf"({_kind_words()})\s+[^\d,;.]{{1,40}}$")


_SHORT = None


def short_pattern() -> re.Pattern:
    """A kind word + "số" + a bare number: a short mention of an earlier full citation."""
    global _SHORT
    if _SHORT is None:
        _SHORT = re.compile(rf"(?P<kind>{_kind_words()})\s+(?:số\s*)?(?P<num>\d{{1,6}})(?![\d/\-])")
    return _SHORT


def _drop_footnote_mark(symbol: str) -> str:
    """ "2024/NĐ-CP2" -> "2024/NĐ-CP": a footnote number glued to a national document's issuer code
    (national codes end in letters, but for the legislature's term: QH15, UBTVQH15)."""
    if not re.match(r"\d{4}/", symbol):
        return symbol
    term = re.match(r"(.*?[-/](?:UBTV)?QH\d{2})\d*$", symbol)
    if term:
        return term.group(1)
    m = re.match(r"(.*?[-/][A-ZĐ][A-Za-zĐđ]*)\d+$", symbol)
    return m.group(1) if m else symbol


def kind_from_symbol(symbol: str | None) -> str | None:
    """'KH-UBND' -> 'Kế hoạch'; a symbol without a kind prefix ('UBND-VP') -> 'Công văn'."""
    if not symbol:
        return None
    parts = re.split(r"[-/]", symbol)
    parts = [p for p in parts if not p.isdigit()]
    for kind in rules()["kinds"]["kinds"]:
        for prefix in kind["prefix"]:
            if parts and re.fullmatch(re.escape(prefix) + r"\d*", parts[0]):  # "QH13": a law of the 13th term
                return kind["name"]
    # decree style "2024/NĐ-CP": the kind follows the year
    return "Công văn"


def normalize_key(key: str) -> str:
    """The scorer's key form: no spaces, upper case, one dash, no leading zeros."""
    key = re.sub(r"\s+", "", key).upper().replace("–", "-")
    return re.sub(r"^0+(?=\d)", "", key)


_ISSUER_END = re.compile(
    r"\s+(?:về|v/v|V/v|quy định|hướng dẫn|triển khai|đã|tại|nay|để|thì|và|kèm|ban hành|gửi|đến|"
    r"trước|sau|theo|với|trên|năm \d{4}\s+về)\b|[,;.:()“\"”]|\s+-\s|$"
)


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    m = re.match(r"\s*của\s+", text[pos:])
    if not m:
        return None, pos
    start = pos + m.end()
    end_m = _ISSUER_END.search(text, start)
    end = end_m.start() if end_m else len(text)
    issuer = squash(text[start:end])
    words = issuer.split(" ")
    if len(words) > 12:
        issuer = " ".join(words[:12])
    return (issuer or None), end


@dataclass
class Mention:
    key: str
    start: int
    end: int


class Citations:
    """Collects the references of one document in order and resolves short mentions."""

    def __init__(self, doc_year: int | None = None):
        self.refs: dict[str, Reference] = {}
        self.doc_year = doc_year

    def _add(self, ref: Reference) -> str:
        nk = normalize_key(ref.key)
        for k, r in self.refs.items():
            if normalize_key(k) == nk:
                if r.date is None and ref.date:
                    r.date = ref.date
                if r.issuer is None and ref.issuer:
                    r.issuer = ref.issuer
                return k
        self.refs[ref.key] = ref
        return ref.key

    def scan(self, text: str, offset: int = 0, page: int | None = None) -> list[Mention]:
        """Every citation in `text`, full or short, as keys in document order."""
        mentions: list[Mention] = []
        taken: list[tuple[int, int]] = []
        prev_kind = None
        for m in citation_pattern().finditer(text):
            if m.group("std"):
                key = m.group("std") + m.group("stdnum")
                number, symbol = m.group("stdnum").split(":")[0], key[len(m.group("std")) :]
                kind = "Quy chuẩn" if m.group("std") == "QCVN" else "Tiêu chuẩn"
            else:
                number = m.group("num")
                if m.group("party"):
                    symbol = re.sub(r"\s+", "", m.group("party"))[1:]
                    key = f"{number}-{symbol}"
                else:
                    symbol = _drop_footnote_mark(re.sub(r"\s+", "", m.group("sym")).rstrip(".-/"))
                    if not re.search(r"[A-ZĐ]", symbol):
                        continue
                    key = f"{number}/{symbol}"
                kind = m.group("kind")
                if not kind and not m.group("so") and not re.search(r"[A-ZĐ]{2}", symbol):
                    continue
                if not kind:
                    before = text[max(0, m.start() - 12) : m.start()]
                    named = named_kind_pattern().search(text[max(0, m.start() - 60) : m.start()])
                    if prev_kind and re.search(r"(?:và|,|;|hoặc)\s*$", before):
                        kind = prev_kind  # elided: "Công văn số 5405/... và số 5796/..."
                    elif named and m.group("so"):
                        kind = named.group(1)  # "Luật Xây dựng số 50/2014/QH13"
                    else:
                        kind = kind_from_symbol(symbol)
            prev_kind = kind
            date_iso, after = None, m.end()
            dm = re.match(r"\s*(?:,\s*)?(?:ngày|ban hành ngày)\s+", text[m.end() :])
            if dm:
                parsed = parse_date_at(text, m.end() + dm.end(), self.doc_year)
                if parsed:
                    date_iso, after = parsed
            issuer, _ = _issuer_after(text, after)
            ref = Reference(
                key=key,
                number=number,
                symbol=symbol,
                doc_type=kind,
                date=date_iso,
                issuer=issuer,
                span=[offset + m.start(), offset + m.end()],
                page=page,
            )
            mentions.append(Mention(self._add(ref), offset + m.start(), offset + after))
            taken.append((m.start(), m.end()))
        for m in short_pattern().finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            target = self._short_target(m.group("kind"), m.group("num"))
            if target:
                mentions.append(Mention(target, offset + m.start(), offset + m.end()))
        mentions.sort(key=lambda x: x.start)
        return mentions

    def _short_target(self, kind: str, number: str) -> str | None:
        for k, r in self.refs.items():
            if r.number.lstrip("0") == number.lstrip("0") and (r.doc_type or "").lower() == kind.lower():
                return k
        return None

    def references(self) -> list[Reference]:
        return list(self.refs.values())
