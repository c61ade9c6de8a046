"""Legacy Vietnamese encodings (TCVN3 / ABC and VNI-Windows) -> Unicode, and a check that a text is
Vietnamese at all.

Files typed with the .VnTime (TCVN3) or VNI-Times fonts store Vietnamese letters in the bytes where
Windows-1252 has Latin-1 letters and symbols, so they read as "Céng hoµ x· héi chñ nghÜa" or
"Coäng hoøa xaõ hoäi chuû nghóa". The tables are data (rules/legacy_encodings.yaml). A text is
converted only when it has many characters that Vietnamese never uses and one of the conversions
makes clearly more of its words common Vietnamese words than the text as it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..rules import rules
from ..text import normalize, strip_marks

ENCODINGS = ("tcvn3", "vni")
NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI", "cp1258": "Windows-1258"}

# Vietnamese letters that Latin-1 also has; every other Latin-1 letter or symbol is foreign to it
_VIET_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_FOREIGN = re.compile("[" + "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIET_LATIN1) + "]")
# Vietnamese letters outside Latin-1 (ă đ ơ ư and the toned vowels)
_VIET_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_WORD = re.compile(r"[^\W\d_]+")
SAMPLE = 20000  # characters looked at to decide


def tables() -> dict:
    return rules()["legacy_encodings"]


@lru_cache(maxsize=1)
def _common() -> frozenset:
    return frozenset(tables()["common_words"])


@lru_cache(maxsize=None)
def _pattern(enc: str) -> re.Pattern:
    keys = sorted(tables()[enc], key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def vietnamese_share(text: str) -> tuple[float, int]:
    """(share of the words that are common Vietnamese words, number of words looked at)."""
    words = _WORD.findall(normalize(text[:SAMPLE]).lower())[:3000]
    if not words:
        return 0.0, 0
    common = _common()
    return sum(w in common for w in words) / len(words), len(words)


@lru_cache(maxsize=1)
def _common_bare() -> frozenset:
    return frozenset(strip_marks(w) for w in _common())


def unmarked_vietnamese(text: str, min_words: int = 30) -> bool:
    """Vietnamese whose marks are lost: a legacy font's layer mapped to ASCII look-alikes ("B6 Giao
    chic Dao too", "Ch~p hanh", "nQi dung"). Many of its words are common Vietnamese words once marks
    are stripped, few as written (0.18 to 0.45 against 0.02 to 0.07, where a clean layer has 0.3 to
    0.7 as written), and many different ones."""
    words = _WORD.findall(normalize(text[:SAMPLE]).lower())[:3000]
    if len(words) < min_words:
        return False
    common, bare = _common(), _common_bare()
    as_written = sum(w in common for w in words) / len(words)
    found = [b for b in map(strip_marks, words) if b in bare]
    # many different such words: English "the", "to" also read as "thể", "tổ" once marks are stripped
    unmarked = len(found) / len(words)
    return as_written < 0.15 and unmarked >= max(0.15, 3 * as_written) and len(set(found)) >= 10


def fragmented(text: str, min_words: int = 100) -> bool:
    """A layer that breaks its words apart, as a page of sideways text does ("Chinh Quyet Baoc chuanP
    hO ido ieu"): few words are Vietnamese as written (under 0.08, against 0.3 to 0.7 on a clean layer)
    and the letter runs are short (under 3.5 letters on average; English prose has 4.5 to 5)."""
    words = _WORD.findall(normalize(text[:SAMPLE]).lower())[:3000]
    if len(words) < min_words:
        return False
    common = _common()
    return sum(w in common for w in words) / len(words) < 0.08 and sum(map(len, words)) / len(words) < 3.5


def _vni(text: str) -> str:
    table = tables()["vni"]
    return _pattern("vni").sub(lambda m: table[m.group(0)], text)


def _tcvn3(text: str) -> str:
    """TCVN3 has no upper-case toned letters: a heading set in .VnTimeH is typed in capitals with
    the lower-case letter bytes. A word with two or more capitals and no small ASCII letter is upper-
    cased whole, and so is a word with one capital (or none) standing next to such a word on its line."""
    table = tables()["tcvn3"]
    pat = _pattern("tcvn3")
    keys = "".join(re.escape(k) for k in table)
    words = list(re.finditer(f"[A-Za-z{keys}]+", text))
    out, pos = [], 0
    state: list[str] = []
    converted: list[str] = []
    for m in words:
        w = m.group(0)
        conv = pat.sub(lambda k: table[k.group(0)], w)
        converted.append(conv)
        if conv == w:
            state.append("plain")
            continue
        lower_ascii = sum("a" <= c <= "z" for c in w)
        if lower_ascii:
            state.append("mixed")
        elif sum("A" <= c <= "Z" for c in w) + sum(c in "¡¢£¤¥¦§" for c in w) >= 2:
            state.append("caps")
        else:
            state.append("maybe")
    legacy = [i for i, s in enumerate(state) if s != "plain"]
    for k, i in enumerate(legacy):
        if state[i] != "maybe":
            continue
        for j in (legacy[k - 1] if k else None, legacy[k + 1] if k + 1 < len(legacy) else None):
            if j is None or state[j] != "caps":
                continue
            a, b = sorted((i, j))
            if "\n" not in text[words[a].end() : words[b].start()]:
                state[i] = "caps-by-context"
                break
    for m, conv, s in zip(words, converted, state):
        out.append(text[pos : m.start()])
        out.append(conv.upper() if s.startswith("caps") else conv)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def to_unicode(text: str, enc: str) -> str:
    return {"tcvn3": _tcvn3, "vni": _vni}[enc](text)


def from_unicode(text: str, enc: str) -> str:
    """Unicode -> the legacy encoding's Windows-1252 characters (`.encode("cp1252")` gives the file's
    bytes). TCVN3 writes upper-case toned letters with the lower-case bytes, as .VnTimeH users did."""
    reverse = {v: k for k, v in tables()[enc].items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif enc == "tcvn3" and ch.lower() in reverse and ch.lower() != ch:
            out.append(reverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def looks_legacy(text: str) -> bool:
    """Cheap gate: many characters Vietnamese never uses, few Vietnamese letters outside Latin-1."""
    sample = text[:SAMPLE]
    foreign = len(_FOREIGN.findall(sample))
    return foreign >= 3 and foreign > len(_VIET_ONLY.findall(sample))


def best_reading(candidates: dict[str, str]) -> str:
    """Of several readings of the same bytes ({name: text}, the first the default), the one whose
    words are most clearly Vietnamese; the default unless another is clearly better."""
    names = list(candidates)
    scores = {n: vietnamese_share(candidates[n])[0] for n in names}
    best = max(names, key=lambda n: scores[n])
    if best != names[0] and scores[best] >= 0.15 and scores[best] > scores[names[0]] + 0.1:
        return best
    return names[0]


def convert(text: str) -> tuple[str, str | None]:
    """(text in Unicode, the legacy encoding it was in or None)."""
    if not looks_legacy(text):
        return text, None
    readings = {"": text}
    readings.update({enc: to_unicode(text, enc) for enc in ENCODINGS})
    best = best_reading(readings)
    return (readings[best], best) if best else (text, None)


def decode_8bit(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: Windows-1258 (the default), or TCVN3 / VNI when they read better."""
    cp1258 = data.decode("cp1258", errors="replace")
    latin = data.decode("cp1252", errors="replace")
    if not looks_legacy(latin):
        return cp1258, "cp1258"
    readings = {"cp1258": cp1258}
    readings.update({enc: to_unicode(latin, enc) for enc in ENCODINGS})
    best = best_reading(readings)
    return readings[best], best


def language_warning(text: str) -> str | None:
    """A warning for a clerk when a document of some length is not Vietnamese (English, say)."""
    share, n = vietnamese_share(text)
    if n >= 20 and share < 0.05:
        return (
            f"not Vietnamese text: only {share:.0%} of its words are common Vietnamese words; "
            "the extractor reads Vietnamese documents, check the tasks by hand"
        )
    return None
