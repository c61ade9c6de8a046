"""Post-OCR correction of Vietnamese tone marks and diacritics.

Tesseract (`vie`) often drops or swaps a tone mark ("tô chức" for "tổ chức", "Chỉ nhánh" for
"Chi nhánh", "tĩnh" for "tỉnh") or glues two syllables ("Vềviệc"). Every such syllable is a valid
Vietnamese syllable, so only context can tell: a syllable bigram model (counts, interpolated with
unigrams) of clean administrative text, `models/syllables.json.gz`, scores each OCR syllable
against the syllables with the same letters once tone marks and vowel diacritics are stripped
("to" -> to, tô, tổ, tờ ...). Each run of syllables between punctuation is decoded as a whole
(Viterbi, a change costing MARGIN nats), so "TINH QUANG NGAI" becomes "TỈNH QUẢNG NGÃI" at once.
Precision over recall: a syllable seen beside one of its neighbours, in the counts or inside a word
of pyvi's word list ("tài khoản", "cách ly"), is never changed; a replacement must have been seen
beside its new neighbours; inside a capitalised name ("Nguyễn Thanh", "Đức Phổ") it needs more.
Case is kept ("TĨNH" -> "TỈNH").

Applied to OCR'd pages only (pdf.py, the image loader), after the OCR cache, which keeps
Tesseract's raw output. Without the model file nothing is changed. `count()` and `save()` make the
file; ml/train.py feeds them the text-layer documents (`python cli.py train`).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..resources import data_dir
from ..text import normalize

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = data_dir("models") / "syllables.json.gz"
FORMAT = "vn-syllables-1"
EDGE = "|"  # line / punctuation boundary in the bigram counts

# Decision thresholds, tuned on tone-mark errors injected into held-out text-layer documents and
# checked by hand on the corrections made to the scans: a corrected sequence must be MARGIN nats
# likelier per change than the observed one, a new syllable must have been seen MIN_SUPPORT times
# beside its neighbours, and an observed syllable seen beside a neighbour is never changed.
MARGIN = 5.0
MIN_SUPPORT = 2
NAME_SUPPORT = 5  # inside a run of capitalised words (a name), from the word after it
MIN_COUNT = 2  # an alternative must have been seen this often
DISCOUNT = 0.75
# A glued pair ("Vềviệc") is split only when the token is unknown, both halves are known syllables
# (seen MIN_PART times) and the pair was seen MIN_PAIR times.
MIN_PART = 3
MIN_PAIR = 2

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWEL_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn
_VOWELS = "aăâeêioôơuưy"
_CONSONANTS = "bcdđghklmnpqrstvx" + "fjwz"  # the last four in loanwords and names


def _letters() -> str:
    out = set(_CONSONANTS)
    for v in _VOWELS:
        out.add(v)
        for t in _TONE_MARKS:
            out.add(unicodedata.normalize("NFC", v + t))
    out |= {c.upper() for c in out}
    return "".join(sorted(out))


LETTERS = frozenset(_letters())
_RUN = re.compile(r"[^\W\d_]+")


def base_letters(syllable: str) -> str:
    """Lower case, tone marks and vowel diacritics removed, đ kept: "Triển" -> "trien". Unlike
    text.strip_marks (d for đ), a syllable's candidates never swap d and đ."""
    d = unicodedata.normalize("NFD", syllable.lower())
    return "".join(c for c in d if c not in _TONE_MARKS and c not in _VOWEL_MARKS)


def canon(syllable: str) -> str:
    """The form the counts use: lower case, NFC, old-style tone placement ("hoà" -> "hòa")."""
    return normalize(syllable.lower())


def _has_vowel(tok: str) -> bool:
    return any(unicodedata.normalize("NFD", c.lower())[0] in _VOWELS for c in tok)


def tokens(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, follows_previous) for each word of Vietnamese letters in `text` (syllables, and
    abbreviations such as "UBND", "TTĐT", which are context only); a word follows the previous one
    when only spaces separate them (punctuation, digits, tabs, line breaks and words with other
    letters break the context)."""
    out: list[tuple[int, int, bool]] = []
    prev_end = None
    for m in _RUN.finditer(text):
        tok = m.group(0)
        if not all(c in LETTERS for c in tok):
            prev_end = None
            continue
        follows = prev_end is not None and text[prev_end : m.start()].strip(" ") == "" and m.start() > prev_end
        out.append((m.start(), m.end(), follows))
        prev_end = m.end()
    return out


def sequences(text: str) -> list[list[str]]:
    """The canonical syllables of `text` in runs of context (for counting)."""
    runs: list[list[str]] = []
    for s, e, follows in tokens(text):
        if not follows or not runs:
            runs.append([])
        runs[-1].append(canon(text[s:e]))
    return runs


def count(texts) -> tuple[Counter, Counter]:
    """Unigram and bigram counts (with EDGE at both ends of each run) over an iterable of texts."""
    uni: Counter = Counter()
    bi: Counter = Counter()
    for text in texts:
        for run in sequences(text):
            uni.update(run)
            seq = [EDGE] + run + [EDGE]
            bi.update(zip(seq, seq[1:]))
    return uni, bi


def _keep_case(original: str, new: str) -> str:
    if len(original) > 1 and original.isupper():
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


class Corrector:
    """The bigram model, the lexicon and the decision rule."""

    def __init__(
        self,
        unigrams: dict[str, int],
        bigrams: dict[tuple[str, str], int],
        lexicon: set[tuple[str, str]] | frozenset = frozenset(),
        margin: float = MARGIN,
        min_support: int = MIN_SUPPORT,
        name_support: int = NAME_SUPPORT,
    ):
        self.uni = unigrams
        self.bi = bigrams
        self.lexicon = lexicon
        self.margin = margin
        self.min_support = min_support
        self.name_support = name_support
        self.total = sum(unigrams.values())
        self.vocab = len(unigrams) + 1
        self.left_total: Counter = Counter()
        self.left_types: Counter = Counter()
        for (a, _), n in bigrams.items():
            self.left_total[a] += n
            self.left_types[a] += 1
        self.alternatives: dict[str, list[str]] = {}
        for w, n in unigrams.items():
            if n >= MIN_COUNT:
                self.alternatives.setdefault(base_letters(w), []).append(w)

    @classmethod
    def load(cls, path: str | Path = None, **kw) -> "Corrector | None":
        path = Path(path or MODEL_PATH)
        if not path.exists():
            return None
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != FORMAT:
            return None
        bigrams = {tuple(k.split(" ", 1)): n for k, n in data["bigrams"].items()}
        lexicon = {tuple(k.split(" ", 1)) for k in data.get("lexicon", [])}
        return cls(data["unigrams"], bigrams, lexicon, **kw)

    def p_uni(self, w: str) -> float:
        return (self.uni.get(w, 0) + 0.1) / (self.total + 0.1 * self.vocab)

    def p_bi(self, b: str, a: str) -> float:
        """P(b | a), absolute discounting interpolated with the unigram distribution."""
        tot = self.left_total.get(a, 0)
        pu = self.p_uni(b) if b != EDGE else 0.1
        if not tot:
            return pu
        return max(self.bi.get((a, b), 0) - DISCOUNT, 0) / tot + DISCOUNT * self.left_types[a] / tot * pu

    def seen(self, a: str, b: str) -> int:
        """Evidence that syllable b follows a: the count of the pair, +1 when it is in the lexicon
        (a boundary is no evidence)."""
        if a == EDGE or b == EDGE:
            return 0
        return self.bi.get((a, b), 0) + ((a, b) in self.lexicon)

    def candidates(self, w: str, left: str, right: str) -> list[str]:
        """The observed syllable first, then its alternatives; none when the observed syllable has
        been seen beside one of its neighbours (then the OCR is trusted)."""
        alts = self.alternatives.get(base_letters(w), ())
        if not alts or self.seen(left, w) or self.seen(w, right):
            return [w]
        return [w] + [c for c in alts if c != w]

    def decode(self, words: list[str], names: list[bool] | None = None) -> list[str]:
        """The syllables of one run of context (canonical), corrected: Viterbi over the candidates
        (a change costs `margin` nats), then each change kept only when its new neighbours back it."""
        n = len(words)
        cands = [
            self.candidates(w, words[i - 1] if i else EDGE, words[i + 1] if i + 1 < n else EDGE)
            for i, w in enumerate(words)
        ]
        if all(len(c) == 1 for c in cands):
            return list(words)
        log = math.log
        prev = {EDGE: 0.0}
        back: list[dict[str, str]] = []
        for i in range(n):
            cur, ptr = {}, {}
            for c in cands[i]:
                p = max(prev, key=lambda q: prev[q] + log(self.p_bi(c, q)))
                cur[c] = prev[p] + log(self.p_bi(c, p)) - (0.0 if c == words[i] else self.margin)
                ptr[c] = p
            back.append(ptr)
            prev = cur
        last = max(prev, key=lambda c: prev[c] + log(self.p_bi(EDGE, c)))
        path = [last]
        for i in range(n - 1, 0, -1):
            path.append(back[i][path[-1]])
        path.reverse()
        out = list(words)
        for i, c in enumerate(path):
            if c == words[i]:
                continue
            left = out[i - 1] if i else EDGE
            right = path[i + 1] if i + 1 < n else EDGE
            need = self.name_support if names and names[i] else self.min_support
            sl, sr = self.seen(left, c), self.seen(c, right)
            if names and names[i]:
                ok = sr >= need  # inside a name: backed by the word after it
            else:
                ok = sl + sr >= need
            if ok:
                out[i] = c
        return out

    def split(self, w: str) -> int | None:
        """Where an unknown token glues two known syllables ("vềviệc" -> 2), or None."""
        if w in self.uni or len(w) < 4:
            return None
        best, best_n = None, MIN_PAIR - 1
        for j in range(1, len(w)):
            a, b = w[:j], w[j:]
            if self.uni.get(a, 0) >= MIN_PART and self.uni.get(b, 0) >= MIN_PART and _has_vowel(a) and _has_vowel(b):
                n = self.bi.get((a, b), 0)
                if n > best_n:
                    best, best_n = j, n
        return best

    def correct(self, text: str, log: list | None = None) -> tuple[str, int]:
        """`text` with its syllables corrected, and how many were changed. `log` (a list) receives
        (old, new, start) for each change."""
        toks = tokens(text)
        if not toks:
            return text, 0
        edits: list[tuple[int, int, str]] = []
        runs: list[list[int]] = []
        for i, (_, _, follows) in enumerate(toks):
            if not follows or not runs:
                runs.append([])
            runs[-1].append(i)
        for run in runs:
            orig = [text[toks[i][0] : toks[i][1]] for i in run]
            words = [canon(t) for t in orig]
            # a capitalised syllable after a capitalised one is inside a name ("Nguyễn Thanh", "Đức Phổ")
            names = [k > 0 and _title(orig[k]) and _title(orig[k - 1]) for k in range(len(orig))]
            fixed = self.decode(words, names)
            for k, i in enumerate(run):
                s, e, _ = toks[i]
                if fixed[k] != words[k]:
                    edits.append((s, e, _keep_case(orig[k], fixed[k])))
                    continue
                j = self.split(words[k])
                if j is not None and len(orig[k]) == len(words[k]):
                    edits.append((s, e, orig[k][:j] + " " + orig[k][j:]))
        if not edits:
            return text, 0
        parts, pos = [], 0
        for s, e, new in edits:
            if log is not None:
                log.append((text[s:e], new, s))
            parts += [text[pos:s], new]
            pos = e
        parts.append(text[pos:])
        return "".join(parts), len(edits)


def _title(tok: str) -> bool:
    return tok[:1].isupper() and not (len(tok) > 1 and tok.isupper())


_loaded: dict[str, Corrector | None] = {}


def corrector() -> Corrector | None:
    """The model of MODEL_PATH, loaded once per process; None when the file is missing."""
    key = str(MODEL_PATH)
    if key not in _loaded:
        try:
            _loaded[key] = Corrector.load(MODEL_PATH)
        except (OSError, ValueError, KeyError):
            _loaded[key] = None
    return _loaded[key]


def fix_text(text: str) -> tuple[str, int]:
    """OCR text -> (corrected text, syllables changed); unchanged without the model file."""
    c = corrector()
    return c.correct(text) if c else (text, 0)


# Glyphs OCR puts for others: the Icelandic eth for the Vietnamese Đ, and I or l inside a number
# ("ngày I8 tháng I1", "I5km/h"); a run of digits and I/l with at least one digit, not inside a word.
_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})
_DIGIT_RUN = re.compile(r"(?<![^\W\d_])(?=[Il]*\d)(?=\d*[Il])[\dIl]{2,}")


def look_alikes(text: str) -> str:
    """OCR text with the look-alike glyphs put right."""
    text = text.translate(_ETH)
    return _DIGIT_RUN.sub(lambda m: m.group(0).replace("I", "1").replace("l", "1"), text)


def fix_blocks(blocks, pages: set[int] | None = None) -> int:
    """Correct, in place, the blocks (table rows cell by cell) on `pages` (1-based; None: all):
    look-alike glyphs, then tone marks by the model. Returns how many syllables the model changed."""
    for b in blocks:
        if pages is None or b.page in pages:
            b.text = look_alikes(b.text)
            if b.cells:
                b.cells = [look_alikes(x) for x in b.cells]
    c = corrector()
    if c is None:
        return 0
    changed = 0
    for b in blocks:
        if pages is not None and b.page not in pages:
            continue
        if b.cells:
            fixed = [c.correct(x) for x in b.cells]
            n = sum(k for _, k in fixed)
            if n:
                b.cells = [x for x, _ in fixed]
                b.text = "\t".join(b.cells)
                changed += n
        else:
            b.text, n = c.correct(b.text)
            changed += n
    return changed


def warning(n: int) -> str:
    return f"OCR text: {n} syllables corrected by the tone-mark model"


# ---- building the model -------------------------------------------------------------------------


def lexicon_pairs() -> set[tuple[str, str]]:
    """Adjacent syllables inside the words of pyvi's word list (31,000 words, MIT licence, a
    dependency already): "tài khoản", "cách ly", "hưu trí" are Vietnamese even when the training
    text never used them. Empty when pyvi is not installed."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("pyvi")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return set()
    words = Path(spec.origin).parent / "models" / "words.txt"
    if not words.exists():
        return set()
    pairs: set[tuple[str, str]] = set()
    for line in words.read_text(encoding="utf-8").splitlines():
        for run in sequences(line):
            pairs.update(zip(run, run[1:]))
    return pairs


def save(uni: Counter, bi: Counter, path: str | Path, sources: list[str], lexicon=()) -> int:
    data = {
        "format": FORMAT,
        "sources": sources,
        "tokens": sum(uni.values()),
        "unigrams": dict(sorted(uni.items())),
        "bigrams": {f"{a} {b}": n for (a, b), n in sorted(bi.items())},
        "lexicon": sorted(f"{a} {b}" for a, b in lexicon),
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:  # mtime 0: the same counts give the same bytes
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(raw)
    _loaded.clear()
    return path.stat().st_size
