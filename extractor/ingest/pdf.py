"""PDF: the text layer through pdfplumber, laid out line by line so header columns stay apart;
pages without a usable text layer (none, or a garbled legacy-font layer) go to OCR. A damaged or
truncated PDF that pdfplumber cannot open is repaired by qpdf (pikepdf) and its pages that can
still be read are read, with a warning naming the pages lost."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import statistics

import pdfplumber
from pdfminer.pdftypes import resolve1

from ..errors import IngestError
from ..record import Source
from . import legacy, proc
from .lines import build_blocks, layout_rows, text_to_lines

# pdfminer logs each flaw of a damaged file (a font without its box, a broken stream) to stderr,
# where a batch shows its progress; what was lost is in the record's warnings instead
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# Characters a broken legacy-font map produces in place of Vietnamese letters ("GӵQJ ÿӏnh cѭ").
# Latin Extended-A is garbage too, except the Vietnamese letters in it (Ă ă Đ đ Ĩ ĩ Ũ ũ).
_GARBLED = re.compile(
    r"[\u0400-\u04ff\ue000-\uf8ff\u00ff\u00fe\u00f0\u00de\u00d0]"
    r"|(?![\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169])[\u0100-\u017f]"
)


def _widget_rects(page) -> list[tuple[float, float, float, float]]:
    """Rectangles (x0, top, x1, bottom) of the page's form/signature fields, read shallowly
    (pdfplumber's `annots` resolves signature blobs recursively and can overflow)."""
    rects = []
    try:
        for ref in resolve1(page.page_obj.annots) or []:
            a = resolve1(ref)
            if not isinstance(a, dict) or getattr(resolve1(a.get("Subtype")), "name", None) != "Widget":
                continue
            x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(a.get("Rect")))
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            if x1 - x0 >= 2 and y1 - y0 >= 2:
                rects.append((x0, page.height - y1, x1, page.height - y0))
    except Exception:  # a malformed annotation array: read the page without its fields
        return []
    return rects


def _widget_words(page, path: str | None) -> list[dict]:
    """Text drawn by form and signature fields: e-office systems stamp the number and the day
    ("Số: 193", "ngày 10 tháng 01") into a field's appearance, which only a renderer (poppler) sees."""
    if not path or not shutil.which("pdftotext"):
        return []
    words = []
    for x0, top, x1, bottom in _widget_rects(page):
        out = proc.run(
            [
                "pdftotext",
                "-q",
                "-f",
                str(page.page_number),
                "-l",
                str(page.page_number),
                "-x",
                str(int(x0)),
                "-y",
                str(int(top)),
                "-W",
                str(int(x1 - x0) + 1),
                "-H",
                str(int(bottom - top) + 1),
                path,
                "-",
            ],
            timeout=30,
            text=True,
        )
        # the crop also catches printed text around the field: keep the field's number only
        number = re.search(r"\d{1,5}", out.stdout)
        if number:
            words.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "text": number.group(0)})
    return words


def _real_table(table, page) -> bool:
    """A ruled grid of content, not a page frame, a box around a paragraph or highlighted words:
    2+ rows of 3 to 12 columns, most cells filled with more than a word fragment, under 70% of the page."""
    rows = table.extract()
    if len(rows) < 2 or not 3 <= max(len(r) for r in rows) <= 12:
        return False  # many narrow "columns" are word highlights, not a table
    x0, top, x1, bottom = table.bbox
    if (x1 - x0) * (bottom - top) > 0.7 * page.width * page.height:
        return False
    cells = [c for r in rows for c in r]
    filled = [c for c in cells if c and c.strip()]
    return len(filled) >= 0.5 * len(cells) and sum(len(c.split()) for c in filled) >= 1.5 * len(filled)


def _page_text(page, path: str | None = None) -> str:
    """One page as laid-out text; ruled tables become tab-separated rows at their place."""
    try:
        tables = [t for t in page.find_tables() if _real_table(t, page)]
    except Exception:  # pdfplumber's table finder on odd pages
        tables = []
    boxes = [t.bbox for t in tables]

    def inside(w) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    words = [w for w in page.extract_words() if not inside(w)]
    for f in _widget_words(page, path):  # put a field's number on the printed line it overlaps most
        best = max(words, default=None, key=lambda w: min(w["bottom"], f["bottom"]) - max(w["top"], f["top"]))
        if best is not None and min(best["bottom"], f["bottom"]) > max(best["top"], f["top"]):
            f["top"] = best["top"]
        words.append(f)
    widths = [(w["x1"] - w["x0"]) / max(1, len(w["text"])) for w in words]
    cw = statistics.median(widths) if widths else 5.0
    rows = layout_rows([(w["x0"], w["x1"], w["top"], w["text"]) for w in words], cw)
    for table in tables:
        for k, cells in enumerate(table.extract()):
            text = "\t".join(re.sub(r"\s+", " ", c or "").strip() for c in cells)
            if text.strip("\t "):
                rows.append((table.bbox[1] + k * 0.01, text))
    return "\n".join(line for _, line in sorted(rows, key=lambda r: r[0]))


def garbled(text: str) -> bool:
    """A text layer whose font maps are broken: unmapped glyphs ("(cid:55)"), letters from the
    wrong scripts where Vietnamese should be, Vietnamese mapped to ASCII look-alikes, or words broken
    into fragments (sideways text)."""
    if (
        text.count("(cid:") > max(3, len(text.split()) // 20)
        or legacy.unmarked_vietnamese(text)
        or legacy.fragmented(text)
    ):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 20 and sum(bool(_GARBLED.match(c)) for c in letters) / len(letters) > 0.03


def _encrypted(e: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError without a message."""
    seen = 0
    while e is not None and seen < 5:
        name = e.__class__.__name__
        if "Password" in name or "Encryption" in name or re.search(r"password|encrypt", str(e), re.I):
            return True
        e = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
        seen += 1
    return False


def _damaged(e: Exception) -> IngestError:
    if _encrypted(e):
        return IngestError("encrypted PDF: it needs a password to open", "remove the password and submit again")
    detail = e.__cause__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else e)
    return IngestError(
        f"cannot open PDF: damaged or truncated ({detail.__class__.__name__})",
        "the file is damaged or not a PDF; ask for a new copy or print it to PDF again",
    )


def _repair(data: bytes) -> tuple[bytes, str, list[int]] | None:
    """qpdf's repair of a damaged PDF: (the rewritten file, a warning naming what was lost, the
    pages left without content), None when qpdf finds no readable page in it either."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            n = len(pdf.pages)
            lost = [i + 1 for i, page in enumerate(pdf.pages) if not _has_content(page)]
            # pages of the page tree whose objects are gone: qpdf drops them from the tree
            gone = sum("Pages tree includes non-dictionary object" in w for w in pdf.get_warnings())
            if len(lost) == n:
                return None
            out = io.BytesIO()
            pdf.save(out)
    except Exception:  # pikepdf raises PdfError and, on odd objects, several others
        return None
    warning = f"damaged PDF repaired with qpdf: {n - len(lost)} of {n + gone} pages read"
    if lost:
        warning += f", {'pages' if len(lost) > 1 else 'page'} {_ranges(lost)} lost (no content left)"
    if gone:
        warning += f", {gone} more {'pages' if gone > 1 else 'page'} lost (no longer in the file)"
    return out.getvalue(), warning, lost


def _has_content(page) -> bool:
    import pikepdf

    try:
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        return any(s is not None and s.read_bytes().strip() for s in streams)
    except Exception:
        return False


def _ranges(pages: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    out: list[list[int]] = []
    for p in pages:
        if out and p == out[-1][-1] + 1:
            out[-1].append(p)
        else:
            out.append([p])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in out)


def load_pdf(path: str, data: bytes, ocr=None, max_pages: int = 200) -> Source:
    warnings: list[str] = []
    lost: list[int] = []
    tools_path: str | None = path  # the file poppler's tools read (not a damaged original)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n = len(pdf.pages)
    except Exception as e:
        repaired = None if _encrypted(e) else _repair(data)
        if repaired is None:
            raise _damaged(e) from e
        (data, warning, lost), tools_path = repaired, None
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            n = len(pdf.pages)
        except Exception:
            raise _damaged(e) from e
        warnings.append(warning)
    else:
        if b"%%EOF" not in data[-2048:]:
            warnings.append("the PDF file is truncated (no end marker): pages or text may be missing")
    pages_text: list[str] = []
    encodings: set[str] = set()
    with pdf:
        if n > max_pages:
            raise IngestError(f"{n} pages, over the {max_pages}-page limit", "raise --max-pages to accept it")
        need_ocr: list[int] = []
        for i, page in enumerate(pdf.pages):
            if i + 1 in lost:
                pages_text.append("")
                continue
            try:
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            except Exception as e:  # a broken content stream on one page
                warnings.append(f"page {i + 1}: text layer unreadable ({e.__class__.__name__})")
                words = []
            text = " ".join(w["text"] for w in words)
            enc = None
            if legacy.looks_legacy(text):  # a layer typed in TCVN3 / VNI fonts reads as "Céng hoµ"
                text, enc = legacy.convert(text)
            if len(text.strip()) < 40 or garbled(text):
                need_ocr.append(i)
                pages_text.append("")
                continue
            try:
                laid_out = _page_text(page, tools_path if tools_path and os.path.exists(tools_path) else None)
            except (IngestError, RecursionError, ValueError, KeyError, TypeError) as e:
                warnings.append(
                    f"page {i + 1}: layout unreadable ({e.__class__.__name__}), words kept in reading order"
                )
                laid_out = text
            if enc:
                laid_out = legacy.to_unicode(laid_out, enc)
                encodings.add(enc)
            pages_text.append(laid_out)
    if need_ocr:
        if ocr is None:
            if len(need_ocr) == n:
                raise IngestError("needs OCR: no usable text layer", "install tesseract-ocr-vie (scripts/setup.sh)")
            warnings.append(f"pages {', '.join(str(i + 1) for i in need_ocr)} have no text layer and were skipped")
        else:
            from .ocr import page_warning

            for i, (text, conf) in zip(need_ocr, ocr(data, need_ocr)):
                pages_text[i] = text
                warnings.append(page_warning(i + 1, conf))
    for enc in sorted(encodings):
        warnings.append(f"text layer in the legacy {legacy.NAMES[enc]} encoding, converted to Unicode")
    text = "\f".join(pages_text)
    blocks = build_blocks(text_to_lines(text))
    if not blocks:
        raise IngestError("no text found in the PDF", "the pages are blank or images that OCR could not read")
    if need_ocr and ocr is not None:  # tone marks of the OCR'd pages only, never of a text layer
        from . import ocr_fix

        fixed = ocr_fix.fix_blocks(blocks, {i + 1 for i in need_ocr})
        if fixed:
            warnings.append(ocr_fix.warning(fixed))
    return Source(path, blocks, pages=n, warnings=warnings).finalize()
