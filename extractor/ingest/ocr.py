"""OCR for PDF pages and images without a text layer: poppler renders, Tesseract (vie) reads,
pages in parallel with one thread each; words are laid out like a text layer."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .pdf import layout_lines
from .txt import IngestError

DPI = 300


def available() -> bool:
    return shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


def _tesseract(image: str) -> tuple[str, float]:
    """Tesseract's own lines, in its reading order (it finds the header columns), each indented by
    its left edge so the line builder sees columns and first-line indents as in a text layer."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(["tesseract", image, "-", "-l", "vie", "--psm", "3", "tsv"],
                         capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0:
        raise IngestError(f"OCR failed: {out.stderr.strip()[:200]}", "check tesseract-ocr-vie is installed")
    lines: dict[tuple[str, str, str], list[tuple[int, int, str]]] = {}
    confs, widths = [], []
    for row in csv.DictReader(io.StringIO(out.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, width = int(row["left"]), int(row["width"])
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append((left, left + width, text))
        confs.append(float(row["conf"]))
        widths.append(width / max(1, len(text)))
    if not confs:
        return "", 0.0
    cw = sorted(widths)[len(widths) // 2]
    out_lines = []
    for words in lines.values():
        words.sort()
        out_lines.append(layout_lines([(x0, x1, 0, t) for x0, x1, t in words], cw))
    return "\n".join(out_lines), sum(confs) / len(confs)


def _cache_dir() -> Path | None:
    """OCR results are kept by content hash, so a re-run (or a resumed batch) reads no page twice.
    VN_EXTRACTOR_CACHE="" turns the cache off."""
    root = os.environ.get("VN_EXTRACTOR_CACHE", str(Path.home() / ".cache" / "vn-task-extractor"))
    return Path(root) / "ocr" if root else None


def ocr_pdf(data: bytes, pages: list[int], jobs: int = 2) -> list[tuple[str, float]]:
    """Text and mean confidence for each 0-based page index in `pages`."""
    cache = _cache_dir()
    digest = hashlib.sha256(data).hexdigest()
    results: dict[int, tuple[str, float]] = {}
    if cache:
        for i in pages:
            f = cache / f"{digest}-{i}-{DPI}.json"
            if f.exists():
                text, conf = json.loads(f.read_text(encoding="utf-8"))
                results[i] = (text, conf)
    todo = [i for i in pages if i not in results]
    if todo:
        for i, res in zip(todo, _ocr_pages(data, todo, jobs)):
            results[i] = res
            if cache:
                cache.mkdir(parents=True, exist_ok=True)
                tmp = cache / f".{digest}-{i}.{os.getpid()}.tmp"
                tmp.write_text(json.dumps(list(res), ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, cache / f"{digest}-{i}-{DPI}.json")
    return [results[i] for i in pages]


def _ocr_pages(data: bytes, pages: list[int], jobs: int) -> list[tuple[str, float]]:
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
