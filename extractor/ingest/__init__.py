"""Ingestion: any supported file -> Source (blocks with page and span). The format is detected
from the content, not the extension, so a misnamed file is still read right."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from ..errors import IngestError
from ..record import Source
from . import legacy, ocr_fix, proc
from .docx import load_docx
from .html import load_html, load_mht
from .html import sniff as sniff_markup
from .lines import build_blocks, text_to_lines
from .pdf import load_pdf
from .txt import load_txt

SUPPORTED = {
    ".pdf",
    ".docx",
    ".doc",
    ".rtf",
    ".odt",
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".xhtml",
    ".mht",
    ".mhtml",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}


def sniff(data: bytes, suffix: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, EOFError):
            return "docx" if suffix == ".docx" else "zip"
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names and "mimetype" in names:
            return "odt"
        return "xlsx" if "xl/workbook.xml" in names else "pptx" if "ppt/presentation.xml" in names else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _OTHER_BINARY:
        if data.startswith(magic):
            return kind
    return sniff_markup(data, suffix) or "text"


# formats that are surely not documents, named so the clerk knows what the file really is
_OTHER_BINARY = [
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "program (ELF)"),
    (b"GIF8", "GIF image"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"RIFF", "RIFF media file (AVI/WAV/WEBP)"),
]
_NAMES = {"xlsx": "an Excel workbook (XLSX)", "pptx": "a PowerPoint presentation (PPTX)"}
_profile: tuple[int, str] | None = None


def _lo_profile() -> str:
    """One LibreOffice profile per process, made on first use: the first start builds it (slow),
    later conversions reuse it; two processes never share one (LibreOffice locks its profile).
    Removed when the process exits."""
    global _profile
    if _profile is None or _profile[0] != os.getpid():
        _sweep_profiles()
        _profile = (os.getpid(), tempfile.mkdtemp(prefix=f"vn-extractor-lo-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _profile[1], True)
    return _profile[1]


def _sweep_profiles() -> None:
    """Profiles left by processes that were killed (a killed batch runs no clean-up)."""
    for d in Path(tempfile.gettempdir()).glob("vn-extractor-lo-*-*"):
        pid = d.name.split("-")[3]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:
            pass  # alive, someone else's


def cleanup() -> None:
    """Remove this process's LibreOffice profile (worker processes end without running atexit)."""
    global _profile
    if _profile is not None and _profile[0] == os.getpid():
        shutil.rmtree(_profile[1], ignore_errors=True)
        _profile = None


def _convert_doc(data: bytes, kind: str = "doc") -> bytes:
    """Word 97 .doc / .rtf / .odt -> DOCX through LibreOffice headless."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise IngestError(f"a {kind.upper()} file needs LibreOffice, which is not installed", "run scripts/setup.sh")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, f"in.{kind}")
        Path(src).write_bytes(data)
        out = proc.run(
            [
                soffice,
                f"-env:UserInstallation=file://{_lo_profile()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "docx",
                "--outdir",
                tmp,
                src,
            ],
            timeout=180,
            group=True,
        )
        dst = os.path.join(tmp, "in.docx")
        if out.returncode != 0 or not os.path.exists(dst) or os.path.getsize(dst) == 0:
            raise IngestError(f"LibreOffice could not convert the {kind.upper()} file", "the file may be damaged")
        return Path(dst).read_bytes()


def _load_image(path: str, data: bytes, max_pages: int) -> Source:
    from . import ocr as ocr_mod

    frames = ocr_mod.image_frames(data)
    if frames > max_pages:
        raise IngestError(f"{frames} pages, over the {max_pages}-page limit", "raise --max-pages to accept it")
    pages = ocr_mod.ocr_image_data(data, frames)
    text = "\f".join(t for t, _ in pages)
    blocks = build_blocks(text_to_lines(text))
    if not blocks:
        raise IngestError("no text found in the image", "the image is blank or too blurred for OCR")
    warnings = [ocr_mod.page_warning(i + 1, conf) for i, (_, conf) in enumerate(pages)]
    fixed = ocr_fix.fix_blocks(blocks)
    if fixed:
        warnings.append(ocr_fix.warning(fixed))
    return Source(path, blocks, pages=frames, warnings=warnings).finalize()


def load(path: str | os.PathLike, max_bytes: int = 50 * 2**20, max_pages: int = 200, ocr: bool = True) -> Source:
    """Read one file into a Source; raises IngestError with a reason a clerk can act on. A document
    that is not Vietnamese (English, say) is still read, with a warning saying so."""
    return _language(_load(path, max_bytes, max_pages, ocr))


def load_text(text: str, name: str = "text.txt") -> Source:
    """Text in memory (plain or Markdown) read as `load` reads a UTF-8 file `name` holding it."""
    return _language(load_txt(name, text.encode("utf-8")))


def _language(src: Source) -> Source:
    warning = legacy.language_warning(src.text)
    if warning:
        src.warnings.append(warning)
    return src


def _load(path, max_bytes: int, max_pages: int, ocr: bool) -> Source:
    path = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise IngestError(f"cannot read file: {e.strerror}", "check the path and permissions") from e
    if size == 0:
        raise IngestError("empty file", "the file has no content")
    if size > max_bytes:
        raise IngestError(
            f"file is {size // 2**20} MiB, over the {max_bytes // 2**20} MiB limit", "raise --max-bytes to accept it"
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read file: {e.strerror}", "check the file's permissions") from e
    return _load_data(path, data, max_pages, ocr)


def load_bytes(data: bytes, name: str, max_bytes: int = 50 * 2**20, max_pages: int = 200, ocr: bool = True) -> Source:
    """`load` for content held in memory; `name` stands for the file (its suffix is only a hint:
    the format is read from the content)."""
    if not data:
        raise IngestError("empty file", "the file has no content")
    if len(data) > max_bytes:
        raise IngestError(
            f"file is {len(data) // 2**20} MiB, over the {max_bytes // 2**20} MiB limit",
            "raise --max-bytes to accept it",
        )
    src = _load_data(name, data, max_pages, ocr)
    warning = legacy.language_warning(src.text)
    if warning:
        src.warnings.append(warning)
    return src


def _load_data(path: str, data: bytes, max_pages: int, ocr: bool) -> Source:
    kind = sniff(data, Path(path).suffix.lower())
    from . import ocr as ocr_mod

    if kind == "pdf":
        engine = ocr_mod.ocr_pdf if ocr and ocr_mod.available() else None
        return load_pdf(path, data, ocr=engine, max_pages=max_pages)
    if kind == "docx":
        return load_docx(path, data)
    if kind in ("doc", "rtf", "odt"):
        src = load_docx(path, _convert_doc(data, kind))
        src.warnings.append(f"converted from {kind.upper()} with LibreOffice")
        return src
    if kind == "image":
        if not (ocr and ocr_mod.available()):
            raise IngestError("needs OCR: image file", "install tesseract-ocr-vie (scripts/setup.sh), or drop --no-ocr")
        return _load_image(path, data, max_pages)
    if kind == "zip":
        raise IngestError("a ZIP archive that is not a DOCX", "unpack it and submit the documents inside")
    if kind in _NAMES:
        raise IngestError(f"{_NAMES[kind]}, not a document", "export it to PDF or submit the document itself")
    if kind == "html":
        return load_html(path, data)
    if kind == "mht":
        return load_mht(path, data)
    if kind != "text":
        raise IngestError(f"a {kind}, not a document", "check the file's real format")
    return load_txt(path, data)


__all__ = ["IngestError", "load", "load_text", "SUPPORTED"]
