"""PDF: the text layer through pdfplumber, laid out line by line so header columns stay apart;
pages without a usable text layer (none, or a garbled legacy-font layer) go to OCR."""
from __future__ import annotations

import io
import re
import statistics

import pdfplumber

from ..record import Source
from .lines import build_blocks, text_to_lines
from .txt import IngestError

# Characters a broken legacy-font map produces in place of Vietnamese letters ("GӵQJ ÿӏnh cѭ").
_GARBLED = re.compile(r"[\u0400-\u04ff\u0100-\u017f\ue000-\uf8ff\u00ff\u00fe\u00f0]")


def layout_lines(words: list[tuple[float, float, float, str]], char_width: float) -> str:
    """Words (x0, x1, top, text) of one page -> laid-out text, one row per visual line, spaces for gaps."""
    rows: list[list[tuple[float, float, float, str]]] = []
    for w in sorted(words, key=lambda w: (round(w[2]), w[0])):
        if rows and abs(rows[-1][0][2] - w[2]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w[0])
        line = ""
        for x0, x1, _, text in row:
            col = int(round(x0 / char_width))
            if line and col <= len(line):
                line += " "
            else:
                line += " " * max(0, col - len(line))
            line += text
        out.append(line)
    return "\n".join(out)


def garbled(text: str) -> bool:
    """A text layer whose font maps are broken: unmapped glyphs ("(cid:55)") or letters from the
    wrong scripts where Vietnamese should be."""
    if text.count("(cid:") > max(3, len(text.split()) // 20):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 20 and sum(bool(_GARBLED.match(c)) for c in letters) / len(letters) > 0.03


def load_pdf(path: str, data: bytes, ocr=None, max_pages: int = 200) -> Source:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        msg = str(e).lower()
        if "password" in msg or "encrypt" in msg:
            raise IngestError("encrypted PDF", "remove the password and submit again") from e
        raise IngestError(f"cannot open PDF: {e.__class__.__name__}", "the file is damaged or not a PDF") from e
    warnings: list[str] = []
    pages_text: list[str] = []
    with pdf:
        n = len(pdf.pages)
        if n > max_pages:
            raise IngestError(f"{n} pages, over the {max_pages}-page limit", "raise --max-pages to accept it")
        need_ocr: list[int] = []
        for i, page in enumerate(pdf.pages):
            try:
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            except Exception as e:  # a broken content stream on one page
                warnings.append(f"page {i + 1}: text layer unreadable ({e.__class__.__name__})")
                words = []
            text = " ".join(w["text"] for w in words)
            if len(text.strip()) < 40 or garbled(text):
                need_ocr.append(i)
                pages_text.append("")
                continue
            widths = [(w["x1"] - w["x0"]) / max(1, len(w["text"])) for w in words]
            cw = statistics.median(widths) if widths else 5.0
            pages_text.append(layout_lines([(w["x0"], w["x1"], w["top"], w["text"]) for w in words], cw))
    if need_ocr:
        if ocr is None:
            if len(need_ocr) == n:
                raise IngestError("needs OCR: no usable text layer", "install tesseract-ocr-vie (scripts/setup.sh)")
            warnings.append(f"pages {', '.join(str(i + 1) for i in need_ocr)} have no text layer and were skipped")
        else:
            for i, (text, conf) in zip(need_ocr, ocr(data, need_ocr)):
                pages_text[i] = text
                warnings.append(f"page {i + 1}: OCR, mean word confidence {conf:.0f}")
    text = "\f".join(pages_text)
    blocks = build_blocks(text_to_lines(text))
    if not blocks:
        raise IngestError("no text found in the PDF", "the pages are blank or images that OCR could not read")
    return Source(path, blocks, pages=n, warnings=warnings).finalize()
