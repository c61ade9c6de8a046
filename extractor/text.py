"""Text normalisation shared by every stage: Unicode form, tone placement, casing, canonical keys."""

from __future__ import annotations

import re
import unicodedata

# Old-style tone placement on open "oa", "oe", "uy" ("hoà", "thuỷ") -> the tone on the first vowel
# ("hòa", "thủy"), the form the gold and most offices use. "qu" + y keeps its tone ("quý").
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_TONE_OF = {}
for _base, _forms in _TONED.items():
    for _i, _ch in enumerate(_forms):
        _TONE_OF[_ch] = (_base, _i)
        _TONE_OF[_ch.upper()] = (_base.upper(), _i)
_FIRST = {"o": "òóỏõọ", "u": "ùúủũụ", "O": "ÒÓỎÕỌ", "U": "ÙÚỦŨỤ"}
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![^\W\d_])")


def _retone(m: re.Match) -> str:
    first, toned = m.group(1), m.group(2)
    base, idx = _TONE_OF[toned]
    pair = first.lower() + base.lower()
    if pair not in ("oa", "oe", "uy"):
        return m.group(0)
    return _FIRST[first][idx] + base


# Bullets that Symbol and Wingdings fonts put in the private use area of a PDF's text layer
_PRIVATE_BULLETS = re.compile("[\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf06c\uf0a8\uf0e0\uf0de\uf09f\uf02d\uf0be]")


def normalize(text: str) -> str:
    """NFC, one tone placement, no soft hyphens / zero-width / non-breaking spaces, font bullets as "•"."""
    text = unicodedata.normalize("NFC", text)
    text = _PRIVATE_BULLETS.sub("•", text)
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\u00a0", " ").replace("\u2002", " ").replace("\u2003", " ").replace("\u2009", " ")
    return _OLD_TONE.sub(_retone, text)


def squash(text: str) -> str:
    """Collapse runs of whitespace (newlines included) into one space."""
    return re.sub(r"\s+", " ", text).strip()


_ABBREV = [
    (r"\bUBND\b", "ủy ban nhân dân"),
    (r"\bHĐND\b", "hội đồng nhân dân"),
    (r"\bUBMTTQVN\b", "ủy ban mặt trận tổ quốc việt nam"),
    (r"\bMTTQVN\b", "mặt trận tổ quốc việt nam"),
    (r"\bMTTQ\b", "mặt trận tổ quốc"),
    (r"\bVN\b", "việt nam"),
]


def expand_abbreviations(text: str) -> str:
    for pat, rep in _ABBREV:
        text = re.sub(pat, rep, text)
    return text


def canonical(text: str | None) -> str:
    """The scorer's comparison form: NFC, tone placement, abbreviations, casefold, no punctuation."""
    if text is None:
        return ""
    text = expand_abbreviations(normalize(text))
    text = text.casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    return squash(text)


def sentence_case(text: str) -> str:
    """'ỦY BAN NHÂN DÂN XÃ ĐƯỜNG AN' -> 'Ủy ban nhân dân xã Đường An': lower case, known acronyms kept,
    proper nouns (the words after a place word such as xã, tỉnh, thành phố) capitalised."""
    from .rules import rules

    words = squash(text).split(" ")
    if not any(w.isupper() and len(w) > 1 for w in words):
        return upper_first(squash(text))
    unit_rules = rules()["units"]
    places, acronyms = unit_rules["place_words"], set(unit_rules["acronyms"])
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        two = " ".join(words[i : i + 2]).lower()
        step = 2 if two in places else 1
        w = " ".join(words[i : i + step])
        if w.lower() in places:
            out.append(w.lower())
            proper = True
        elif w.strip(".,;:()") in acronyms:
            out.append(w)
        elif proper:
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(w.lower())
        i += step
    return upper_first(" ".join(out))


def strip_marks(text: str) -> str:
    """'QUYẾT ĐỊNH' -> 'QUYET DINH': letters without tone and vowel marks, for OCR-tolerant matching."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("Đ", "D").replace("đ", "d")


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
