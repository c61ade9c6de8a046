"""OCR for PDF pages and images without a text layer: poppler renders, Tesseract (vie) reads,
pages in parallel with one thread each; words are laid out like a text layer.

Threads per file: `set_threads(n)` (a batch of N worker processes sets cores // N, so that N
workers never run more Tesseracts than there are cores), else VN_EXTRACTOR_OCR_THREADS, else
every core. Each Tesseract runs single-threaded (OMP_THREAD_LIMIT=1)."""

from __future__ import annotations

import csv
import hashlib
import inspect
import io
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from ..errors import IngestError
from . import proc
from .lines import layout_lines, layout_rows

DPI = 300
LOW_CONFIDENCE = 60
_threads: int | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def set_threads(n: int | None) -> None:
    global _threads
    _threads = max(1, n) if n else None


def threads() -> int:
    if _threads:
        return _threads
    env = os.environ.get("VN_EXTRACTOR_OCR_THREADS", "")
    return max(1, int(env)) if env.isdigit() else cores()


def page_warning(page: int, conf: float) -> str:
    if conf <= 0:
        return f"page {page}: OCR found no text (a blank page?)"
    low = " (low: check the text by hand)" if conf < LOW_CONFIDENCE else ""
    return f"page {page}: OCR, mean word confidence {conf:.0f}{low}"


def available() -> bool:
    return shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


def _run_tesseract(image: str, psm: str) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    args = ["tesseract", image, "-", "--psm", psm] + (["-l", "vie", "tsv"] if psm != "0" else [])
    out = proc.run(args, timeout=300, text=True, env=env)
    if out.returncode != 0 and psm != "0":
        raise IngestError(f"OCR failed: {out.stderr.strip()[:200]}", "check tesseract-ocr-vie is installed")
    return out.stdout


def _sideways(words) -> bool:
    """Most words taller than wide: the page is printed turned (a landscape table)."""
    long = [(w, h) for _, _, w, h, t in words if len(t) >= 3]
    return len(long) >= 20 and sum(h > w for w, h in long) > len(long) / 2


def _turn_upright(image: str) -> bool:
    """Turn a sideways page image upright as Tesseract's orientation detection says; False when it
    cannot tell."""
    import re

    m = re.search(r"Rotate:\s*(\d+)", _run_tesseract(image, "0"))
    if not m or int(m.group(1)) % 360 == 0:
        return False
    from PIL import Image

    with Image.open(image) as im:
        im.rotate(-int(m.group(1)), expand=True).save(image)
    return True


def _tesseract(image: str, turned: bool = False) -> tuple[str, float]:
    """Tesseract's own lines, in its reading order (it finds the header columns), each indented by
    its left edge so the line builder sees columns and first-line indents as in a text layer. A
    ruled table's words go into its cells instead (ocr_tables.py): one tab-separated line a row,
    where the table's first word stood. A page printed sideways is turned upright and read again."""
    if not turned:
        _drop_colour(image)
    grid, clean = _grid(image)
    tsv = _run_tesseract(clean, "3")
    words: list[tuple[int, int, int, int, str]] = []
    line_of: list[tuple[str, str, str]] = []
    confs, widths, heights = [], [], []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        box = (int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        words.append((*box, text))
        line_of.append((row["block_num"], row["par_num"], row["line_num"]))
        confs.append(float(row["conf"]))
        widths.append(box[2] / max(1, len(text)))
        heights.append(box[3])
    if not confs:
        return "", 0.0
    if not turned and _sideways(words) and _turn_upright(image):
        return _tesseract(image, turned=True)
    cw = sorted(widths)[len(widths) // 2]
    table, inside = _table_rows(grid, words)
    lines: dict[tuple[str, str, str], list[tuple[int, int, str]]] = {}
    for k, ((left, _, width, _, text), key) in enumerate(zip(words, line_of)):
        if k in inside:
            lines.setdefault(("table",), [])  # the table's rows stand where its first word stood
        else:
            lines.setdefault(key, []).append((left, left + width, text))
    out_lines = []
    for key, found in lines.items():
        if key == ("table",):
            out_lines += ["\t".join(cell.replace("\t", " ") for cell in row) for row in table]
            continue
        found.sort()
        out_lines.append(layout_lines([(x0, x1, 0, t) for x0, x1, t in found], cw))
    return "\n".join(out_lines), sum(confs) / len(confs)


def _drop_colour(image: str) -> None:
    """The page in grey with the coloured ink of its lower half whitened: the red stamp over the
    signature block and a blue signature hide the printed title and name from Tesseract (printed
    text is black). The upper half keeps its colour: the number and day are often written in by
    hand there."""
    try:
        import numpy as np
        from PIL import Image
    except ImportError:
        return
    with Image.open(image) as im:
        if im.mode not in ("RGB", "RGBA", "P", "CMYK"):
            return
        rgb = np.asarray(im.convert("RGB")).astype(np.int16)
    colour = (rgb.max(axis=2) - rgb.min(axis=2)) > 60
    colour[: colour.shape[0] // 2] = False
    gray = np.asarray(Image.fromarray(rgb.astype(np.uint8)).convert("L")).copy()
    gray[colour] = 255
    Image.fromarray(gray).save(image)


def _grid(image: str):
    """(the page's ruled table (ocr_tables.py), the image file for Tesseract: a copy with the
    table's rules whitened); (None, image) without one, or without NumPy and Pillow."""
    try:
        import numpy as np
        from PIL import Image
    except ImportError:
        return None, image
    from .ocr_tables import find_grid

    with Image.open(image) as im:
        gray = np.asarray(im.convert("L"))
    grid = find_grid(gray, line_height=gray.shape[0] / 60)  # a line of 13-point text on an A4 page
    if grid is None:
        return None, image
    clean = image + ".ruled.png"
    Image.fromarray(grid.erased(gray)).save(clean)
    return grid, clean


def _table_rows(grid, words) -> tuple[list[list[str]], set[int]]:
    """The rows of the page's ruled table and the words inside it; ([], set()) without one."""
    if grid is None:
        return [], set()
    from .ocr_tables import cell_rows

    rows, inside = cell_rows(grid, words)
    if len(rows) < 2 or max(len([c for c in r if c]) for r in rows) < 2:
        return [], set()  # a frame or a box around text, not a table
    return rows, inside


@lru_cache(maxsize=1)
def _layout_version() -> str:
    """A digest of the code that lays OCR words out (this module, the grid finder, lines.layout_rows):
    cached pages are reused only while it is unchanged."""
    here = Path(__file__).resolve().parent
    code = [(here / f).read_bytes() for f in ("ocr.py", "ocr_tables.py")]
    code += [inspect.getsource(f).encode("utf-8") for f in (layout_rows, layout_lines)]
    return hashlib.sha1(b"".join(code)).hexdigest()[:8]


# An Extractor's own cache folder ("" = none) in place of VN_EXTRACTOR_CACHE, per context
CACHE_ROOT: ContextVar = ContextVar("vn_tasks_ocr_cache", default=None)


def _cache_dir() -> Path | None:
    """OCR results are kept by content hash, so a re-run (or a resumed batch) reads no page twice.
    VN_EXTRACTOR_CACHE="" turns the cache off."""
    root = CACHE_ROOT.get()
    if root is None:
        root = os.environ.get("VN_EXTRACTOR_CACHE", str(Path.home() / ".cache" / "vn-task-extractor"))
    return Path(root) / "ocr" if root else None


def _cached(data: bytes, pages: list[int], suffix: str, compute) -> list[tuple[str, float]]:
    """Results by (content hash, page, suffix) from the cache; the rest from `compute(todo)`."""
    cache = _cache_dir()
    digest = hashlib.sha256(data).hexdigest()
    results: dict[int, tuple[str, float]] = {}
    if cache:
        for i in pages:
            f = cache / f"{digest}-{i}-{suffix}.json"
            if f.exists():
                try:
                    text, conf = json.loads(f.read_text(encoding="utf-8"))
                    results[i] = (text, conf)
                except (OSError, ValueError):
                    pass  # a damaged cache entry is read again
    todo = [i for i in pages if i not in results]
    if todo:
        for i, res in zip(todo, compute(todo)):
            results[i] = res
            if cache:
                cache.mkdir(parents=True, exist_ok=True)
                tmp = cache / f".{digest}-{i}.{os.getpid()}.{threading.get_ident()}.tmp"
                tmp.write_text(json.dumps(list(res), ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, cache / f"{digest}-{i}-{suffix}.json")
    return [results[i] for i in pages]


def _map(fn, items: list, jobs: int | None = None) -> list:
    """fn over items in up to `threads()` threads; the first failure stops the queued rest."""
    n = max(1, min(jobs or threads(), len(items)))
    if n == 1:
        return [fn(i) for i in items]
    pool = ThreadPoolExecutor(max_workers=n)
    try:
        return list(pool.map(fn, items))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ocr_pdf(data: bytes, pages: list[int], jobs: int | None = None) -> list[tuple[str, float]]:
    """Text and mean confidence for each 0-based page index in `pages`."""
    return _cached(data, pages, f"{DPI}-{_layout_version()}", lambda todo: _ocr_pages(data, todo, jobs))


def _ocr_pages(data: bytes, pages: list[int], jobs: int | None) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "in.pdf")
        with open(pdf, "wb") as f:
            f.write(data)

        def one(i: int) -> tuple[str, float]:
            prefix = os.path.join(tmp, f"p{i}")
            out = proc.run(
                ["pdftoppm", "-r", str(DPI), "-png", "-f", str(i + 1), "-l", str(i + 1), "-singlefile", pdf, prefix],
                timeout=300,
            )
            if out.returncode != 0 or not os.path.exists(prefix + ".png"):
                raise IngestError(f"could not render page {i + 1} for OCR", "the PDF may be damaged")
            return _tesseract(prefix + ".png")

        return _map(one, pages, jobs)


def image_frames(data: bytes) -> int:
    """How many pages (frames) an image file has: a multi-page TIFF has several."""
    try:
        from PIL import Image
    except ImportError:
        return 1
    try:
        with Image.open(io.BytesIO(data)) as im:
            return getattr(im, "n_frames", 1)
    except Exception as e:  # Pillow raises many types for a damaged image
        raise IngestError(f"cannot read the image: {e.__class__.__name__}", "the image file is damaged") from e


def ocr_image_data(data: bytes, frames: int | None = None) -> list[tuple[str, float]]:
    """Text and confidence of each page of an image (PNG, JPEG, one- or multi-page TIFF)."""
    frames = frames or image_frames(data)
    return _cached(data, list(range(frames)), f"img-{_layout_version()}", lambda todo: _ocr_frames(data, todo))


def _ocr_frames(data: bytes, frames: list[int]) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            from PIL import Image
        except ImportError:  # Tesseract reads the file itself (one page)
            src = os.path.join(tmp, "in.img")
            Path(src).write_bytes(data)
            return [_tesseract(src)]

        def one(i: int) -> tuple[str, float]:
            dst = os.path.join(tmp, f"f{i}.png")
            try:
                with Image.open(io.BytesIO(data)) as im:
                    im.seek(i)
                    frame = im if im.mode in ("1", "L", "RGB") else im.convert("RGB")
                    frame.save(dst, dpi=im.info.get("dpi", (DPI, DPI)))
            except Exception as e:
                raise IngestError(
                    f"cannot read page {i + 1} of the image: {e.__class__.__name__}", "the image file is damaged"
                ) from e
            return _tesseract(dst)

        return _map(one, frames)


def ocr_image(path: str) -> tuple[str, float]:
    return _tesseract(path)
