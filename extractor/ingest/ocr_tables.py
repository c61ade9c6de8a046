"""Ruled tables on scanned pages: the grid of a table's printed rules, found in the page image, and
Tesseract's words put into its cells, so that an OCR'd task table reads as rows of cells like a
text layer's table.

A rule is a long straight run of dark pixels: a horizontal one spans at least a fifth of the page
width, a vertical one at least two text lines. A scan is often a little skewed, so the image is
smeared across a few pixels before the runs are measured. A grid needs at least two vertical rules
and three horizontal ones that cross them; anything less (an underlined heading, a signature line)
is no table.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

DARK = 160  # grey level below which a pixel is ink
SMEAR = 4  # pixels either side: a rule skewed by up to a degree still runs long


@dataclass
class Grid:
    xs: list[int]  # vertical rules, left to right
    ys: list[int]  # horizontal rules, top to bottom
    rules: list[tuple[int, int, int, int]]  # every rule's box: (top, bottom, left, right)

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of a point inside the grid, None outside it."""
        if not (self.xs[0] < x < self.xs[-1] and self.ys[0] < y < self.ys[-1]):
            return None
        return bisect.bisect(self.ys, y) - 1, bisect.bisect(self.xs, x) - 1

    def erased(self, gray: np.ndarray) -> np.ndarray:
        """The page with the rules whitened, so that Tesseract reads the cells' words and no "|"."""
        out = gray.copy()
        for top, bottom, left, right in self.rules:
            out[max(0, top - SMEAR) : bottom + SMEAR + 1, max(0, left - SMEAR) : right + SMEAR + 1] = 255
        return out


def _longest_runs(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of a boolean image: the length, start and end of its longest run of ink."""
    padded = np.pad(ink, ((0, 0), (1, 1))).astype(np.int8)
    d = np.diff(padded, axis=1)
    rows, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)
    lengths = ends - starts
    best = np.zeros(ink.shape[0], dtype=np.int64)
    first = np.zeros(ink.shape[0], dtype=np.int64)
    last = np.zeros(ink.shape[0], dtype=np.int64)
    if not len(rows):
        return best, first, last
    order = np.lexsort((lengths, rows))  # by row, then length: the last of each row is its longest
    sorted_rows = rows[order]
    tops = order[np.r_[np.nonzero(np.diff(sorted_rows))[0], len(order) - 1]]
    best[rows[tops]], first[rows[tops]], last[rows[tops]] = lengths[tops], starts[tops], ends[tops]
    return best, first, last


def _smear(ink: np.ndarray, axis: int) -> np.ndarray:
    out = ink.copy()
    for k in range(1, SMEAR + 1):
        out |= np.roll(ink, k, axis=axis) | np.roll(ink, -k, axis=axis)
    return out


def _lines(lengths: np.ndarray, minimum: float) -> list[tuple[int, int]]:
    """Bands of consecutive positions whose run is long enough: (first, last)."""
    hits = np.nonzero(lengths >= minimum)[0]
    bands: list[tuple[int, int]] = []
    for p in hits:
        if bands and p - bands[-1][1] <= SMEAR + 2:
            bands[-1] = (bands[-1][0], int(p))
        else:
            bands.append((int(p), int(p)))
    return bands


def find_grid(gray: np.ndarray, line_height: float) -> Grid | None:
    """The grid of the largest ruled table on a page image (2-D grey levels), or None."""
    ink = gray < DARK
    h, w = ink.shape
    rows_len, rows_from, rows_to = _longest_runs(_smear(ink, 0))
    cols_len, cols_from, cols_to = _longest_runs(_smear(ink, 1).T)
    horizontal = [(a, b) for a, b in _lines(rows_len, w / 5)]
    vertical = [(a, b) for a, b in _lines(cols_len, max(2.5 * line_height, h / 40))]
    # the dark edge of a scanned sheet runs the page's whole height: no rule of a table
    vertical = [(a, b) for a, b in vertical if cols_len[a : b + 1].max() < 0.9 * h]
    if len(horizontal) < 3 or len(vertical) < 2:
        return None
    spans = [(int(cols_from[a : b + 1].min()), int(cols_to[a : b + 1].max())) for a, b in vertical]
    top, bottom = min(s for s, _ in spans), max(e for _, e in spans)
    horizontal = [(a, b) for a, b in horizontal if top - 2 * SMEAR <= (a + b) // 2 <= bottom + 2 * SMEAR]
    if not horizontal:
        return None
    reach = [(int(rows_from[a : b + 1].min()), int(rows_to[a : b + 1].max())) for a, b in horizontal]
    left, right = min(s for s, _ in reach), max(e for _, e in reach)
    first, last = horizontal[0][0], horizontal[-1][1]
    kept = [  # inside the rules' reach across and down (a stamp's or signature's stroke below is none)
        (band, span)
        for band, span in zip(vertical, spans)
        if left - 2 * SMEAR <= sum(band) // 2 <= right + 2 * SMEAR
        and first - 2 * SMEAR <= sum(span) // 2 <= last + 2 * SMEAR
    ]
    if len(horizontal) < 3 or len(kept) < 2:
        return None
    rules = [(a, b, s, e) for (a, b), (s, e) in zip(horizontal, reach)]
    rules += [(s, e, a, b) for (a, b), (s, e) in kept]
    return Grid([sum(band) // 2 for band, _ in kept], [(a + b) // 2 for a, b in horizontal], rules)


def cell_rows(grid: Grid, words: list[tuple[int, int, int, int, str]]) -> tuple[list[list[str]], set[int]]:
    """Tesseract words (left, top, width, height, text) -> the grid's rows of cell texts (empty rows
    dropped) and the indexes of the words that fell inside the grid."""
    cells: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    inside: set[int] = set()
    for k, (left, top, width, height, text) in enumerate(words):
        where = grid.cell(left + width / 2, top + height / 2)
        if where is None:
            continue
        inside.add(k)
        cells.setdefault(where, []).append((top + height / 2, left, text, height))
    rows = []
    for r in range(len(grid.ys) - 1):
        row = []
        for c in range(len(grid.xs) - 1):
            found = sorted(cells.get((r, c), []))
            tall = sorted(h for *_, h in found)[len(found) // 2] if found else 0
            lines: list[list[tuple[float, int, str, int]]] = []
            for word in found:  # the words of one text line: their middles within half a word's height
                if lines and word[0] - lines[-1][0][0] < 0.6 * tall:
                    lines[-1].append(word)
                else:
                    lines.append([word])
            row.append(" ".join(w[2] for line in lines for w in sorted(line, key=lambda x: x[1])))
        if any(row):
            rows.append(row)
    return rows, inside
