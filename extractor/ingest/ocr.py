"""OCR for PDF pages and images without a text layer: poppler renders, Tesseract (vie) reads,
pages in parallel with one thread each; words are laid out like a text layer."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

from .pdf import layout_lines
from .txt import IngestError

DPI = 300


def available() -> bool:
    return shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


def _tesseract(image: str) -> tuple[str, float]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(["tesseract", image, "-", "-l", "vie", "--psm", "3", "tsv"],
                         capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0:
        raise IngestError(f"OCR failed: {out.stderr.strip()[:200]}", "check tesseract-ocr-vie is installed")
    words, confs = [], []
    for row in csv.DictReader(io.StringIO(out.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, width, top, conf = int(row["left"]), int(row["width"]), int(row["top"]), float(row["conf"])
        words.append((left, left + width, top, text))
        confs.append(conf)
    if not words:
        return "", 0.0
    cw = sorted((x1 - x0) / max(1, len(t)) for x0, x1, _, t in words)[len(words) // 2]
    # rows within a third of a text line are one line at 300 dpi
    scaled = [(x0, x1, top / 4.0, t) for x0, x1, top, t in words]
    return layout_lines(scaled, cw), sum(confs) / len(confs)


def ocr_pdf(data: bytes, pages: list[int], jobs: int = 2) -> list[tuple[str, float]]:
    """Text and mean confidence for each 0-based page index in `pages`."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "in.pdf")
        with open(pdf, "wb") as f:
            f.write(data)

        def one(i: int) -> tuple[str, float]:
            prefix = os.path.join(tmp, f"p{i}")
            subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(i + 1), "-l", str(i + 1),
                            "-singlefile", pdf, prefix], check=True, capture_output=True, timeout=300)
            return _tesseract(prefix + ".png")

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            return list(pool.map(one, pages))


def ocr_image(path: str) -> tuple[str, float]:
    return _tesseract(path)
