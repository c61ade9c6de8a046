"""Ingestion: any supported file -> Source (blocks with page and span). The format is detected
from the content, not the extension, so a misnamed file is still read right."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
import io
from pathlib import Path

from ..record import Source
from .docx import load_docx
from .lines import build_blocks, text_to_lines
from .pdf import load_pdf
from .txt import IngestError, load_txt

SUPPORTED = {".pdf", ".docx", ".doc", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def sniff(data: bytes, suffix: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "docx" if suffix == ".docx" else "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def _convert_doc(data: bytes) -> bytes:
    """Word 97 .doc/.rtf -> DOCX through LibreOffice headless."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise IngestError("legacy Word file and LibreOffice is not installed", "run scripts/setup.sh")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.doc")
        Path(src).write_bytes(data)
        out = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                              "--convert-to", "docx", "--outdir", tmp, src], capture_output=True, timeout=180)
        dst = os.path.join(tmp, "in.docx")
        if out.returncode != 0 or not os.path.exists(dst):
            raise IngestError("LibreOffice could not convert the Word file", "the file may be damaged")
        return Path(dst).read_bytes()


def load(path: str | os.PathLike, max_bytes: int = 50 * 2**20, max_pages: int = 200, ocr: bool = True) -> Source:
    """Read one file into a Source; raises IngestError with a reason a clerk can act on."""
    path = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise IngestError(f"cannot read file: {e.strerror}", "check the path and permissions") from e
    if size == 0:
        raise IngestError("empty file", "the file has no content")
    if size > max_bytes:
        raise IngestError(f"file is {size // 2**20} MiB, over the {max_bytes // 2**20} MiB limit",
                          "raise --max-bytes to accept it")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read file: {e.strerror}", "check the file's permissions") from e
    kind = sniff(data, p.suffix.lower())
    from . import ocr as ocr_mod

    if kind == "pdf":
        engine = ocr_mod.ocr_pdf if ocr and ocr_mod.available() else None
        return load_pdf(path, data, ocr=engine, max_pages=max_pages)
    if kind == "docx":
        return load_docx(path, data)
    if kind in ("doc", "rtf"):
        src = load_docx(path, _convert_doc(data))
        src.warnings.append(f"converted from {kind.upper()} with LibreOffice")
        return src
    if kind == "image":
        if not (ocr and ocr_mod.available()):
            raise IngestError("needs OCR: image file", "install tesseract-ocr-vie (scripts/setup.sh)")
        text, conf = ocr_mod.ocr_image(path)
        src = Source(path, build_blocks(text_to_lines(text)), warnings=[f"page 1: OCR, mean word confidence {conf:.0f}"])
        return src.finalize()
    if kind == "zip":
        raise IngestError("a ZIP archive that is not a DOCX", "unpack it and submit the documents inside")
    return load_txt(path, data)


__all__ = ["IngestError", "load", "SUPPORTED"]
