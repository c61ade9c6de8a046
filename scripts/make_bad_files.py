#!/usr/bin/env python3
"""Write the broken and tricky files a batch must survive into OUTDIR (nothing binary is kept in
the repository: every file is made here, from the seed renditions and from scratch).

Each file's expected outcome is in MANIFEST (used by tests/test_robustness.py):
  "record"            a record, no error
  "record:TEXT"       a record whose warnings mention TEXT
  "error:TEXT"        an errors.jsonl line whose reason contains TEXT (case-insensitive)
  "either"            depends on the machine (permissions as root)
  "ocr"               a record read by OCR; with --no-ocr (or no Tesseract) the error "needs OCR"
Made only when the machine can: the scans (need a TrueType font for Pillow to draw with) and the
Word 97 .doc (needs LibreOffice to write it); `make` returns the manifest of what it wrote.
`make_odd_names` writes the faults around files instead: names that are not UTF-8 or hold control
characters, a long name, paths at the system's length limit, links that dangle or loop, a pipe.

Usage: python scripts/make_bad_files.py OUTDIR [--seeds corpus/seeds] [--list]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import struct
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SEED = "001_475951f4d1ea64ec"  # the seed whose renditions are cut, encoded and misnamed
PAGE_LIMIT = 200  # the extractor's default --max-pages
BYTE_LIMIT = 50 * 2**20  # the extractor's default --max-bytes
ZIP_LIMIT = 200 * 2**20  # extractor.ingest.docx.MAX_UNPACKED

MANIFEST = {
    "empty.txt": "error:empty file",
    "truncated.pdf": "error:PDF",
    "garbage.pdf": "error:PDF",
    "encrypted.pdf": "error:encrypted PDF",
    "corrupt.docx": "error:DOCX",
    "truncated.docx": "error:DOCX",
    "zip-not-docx.docx": "error:ZIP archive",
    "zip-bomb.docx": "error:zip bomb",
    "huge.pdf": "error:MiB limit",
    "many-pages.pdf": "error:page limit",
    "binary.txt": "error:binary",
    "binary-no-nul.txt": "error:binary",
    "english.txt": "record:not Vietnamese",
    "tcvn3.txt": "record:TCVN3",
    "vni.txt": "record:VNI",
    "docx-named.pdf": "record",
    "pdf-named.txt": "record",
    "text-named.docx": "record",
    "unreadable.txt": "either",
    "broken-image.png": "error:image",
    "cut-in-page-3.pdf": "record:2 of 4 pages read, page 3 lost (no content left), 1 more page lost",
    "xref-lost.pdf": "record:repaired with qpdf: 3 of 3 pages read",
    "broken-document-xml.docx": "record:word/document.xml is damaged",
    "broken-numbering.docx": "record:word/numbering.xml is damaged",
    "empty-page.html": "error:no text in the page",
    "frameset.htm": "error:frameset",
    "archive-without-page.mht": "error:no HTML page",
    "html-named.txt": "record",
    "utf8-declared-latin1.htm": "record:declares the charset",
    "notes.xyz": "error:not a document format",
}
OPTIONAL = {
    "scan-2-pages.tif": "ocr",
    "scan.jpg": "ocr",
    "legacy-word.doc": "record:converted from DOC",
}
FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
]


# --- a minimal PDF writer (Helvetica, WinAnsi text), optionally RC4-encrypted ------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _escape(s: str) -> bytes:
    return s.encode("cp1252", errors="replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[str]], user_password: str | None = None) -> bytes:
    """A PDF with one Helvetica text page per list of lines; with `user_password`, encrypted with
    the standard security handler (revision 2, RC4 40-bit) so that it opens only with the password."""
    n_pages = len(pages)
    page_ids = [4 + 2 * k for k in range(n_pages)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % n_pages,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    streams: dict[int, bytes] = {}
    for pid, lines in zip(page_ids, pages):
        body = b"BT /F1 10 Tf 12 TL 50 800 Td " + b" ".join(b"(" + _escape(ln) + b") '" for ln in lines) + b" ET"
        objects[pid] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (pid + 1)
        )
        streams[pid + 1] = body
    file_id = hashlib.md5(repr(pages).encode()).digest()
    key = None
    if user_password is not None:
        owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], (user_password.encode() + _PAD)[:32])
        perms = struct.pack("<i", -44)
        key = hashlib.md5((user_password.encode() + _PAD)[:32] + owner + perms + file_id).digest()[:5]
        user = _rc4(key, _PAD)
        enc_id = max(list(objects) + list(streams)) + 1
        objects[enc_id] = (
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <"
            + owner.hex().encode()
            + b"> /U <"
            + user.hex().encode()
            + b"> >>"
        )
    for num, data in streams.items():
        if key is not None:
            data = _rc4(hashlib.md5(key + struct.pack("<i", num)[:3] + b"\0\0").digest()[:10], data)
        objects[num] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[num])
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (size, file_id.hex().encode(), file_id.hex().encode())
    if key is not None:
        trailer += b" /Encrypt %d 0 R" % (size - 1)
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# --- the other makers ------------------------------------------------------------------------


def _zip_bomb() -> bytes:
    """A DOCX-shaped zip whose document.xml inflates past the limit: zeros compress ~1000:1, so
    the file is a few hundred KiB. The sizes in its directory are true (zipfile checks them)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(ZIP_LIMIT // len(chunk) + 8):
                f.write(chunk)
    return buf.getvalue()


def cut_pdf() -> bytes:
    """A four-page PDF written page by page (as many writers do) and cut inside its third page:
    qpdf recovers pages 1 and 2."""
    lines = [line for line in ENGLISH.splitlines() if line.strip()]
    pdf = make_pdf([lines[:4], lines[4:6], lines[6:8], lines[8:]])
    return pdf[: pdf.index(b"9 0 obj") + 40]


def rezip(docx: bytes, part: str, change) -> bytes:
    """The DOCX with one part's bytes replaced by change(bytes) (the zip itself stays sound)."""
    src, buf = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(info.filename, change(data) if info.filename == part else data)
    return buf.getvalue()


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    return buf.getvalue()


ENGLISH = """MEMORANDUM

To: All department heads
From: The Office of the Director
Subject: Quarterly reporting schedule

1. Each department shall submit its quarterly report to the Office of the Director no later than
the fifteenth day of the month following the end of the quarter.
2. The finance department is requested to review the budget figures before 30 June 2026.
3. Please send any questions to the administrative office.

The Director
"""


def _scans(text: str) -> dict[str, bytes]:
    """The seed's first lines drawn at 300 dpi like a scanner would give them: a two-page TIFF and
    a one-page JPEG. Needs Pillow and a TrueType font with Vietnamese letters."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        return {}
    font_path = next((f for f in FONTS if os.path.exists(f)), None)
    if not font_path:
        return {}
    from extractor.ingest.txt import strip_markup

    font = ImageFont.truetype(font_path, 40)
    lines = [ln.strip() for ln in strip_markup(text).splitlines() if ln.strip()]
    pages = []
    for k in range(2):
        im = Image.new("L", (2480, 1300), 255)
        draw = ImageDraw.Draw(im)
        for j, line in enumerate(lines[k * 16 : (k + 1) * 16]):
            draw.text((150, 100 + 70 * j), line[:85], font=font, fill=0)
        pages.append(im)
    tif, jpg = io.BytesIO(), io.BytesIO()
    pages[0].save(
        tif, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(300, 300)
    )
    pages[0].save(jpg, format="JPEG", quality=85, dpi=(300, 300))
    return {"scan-2-pages.tif": tif.getvalue(), "scan.jpg": jpg.getvalue()}


def _word97(docx: bytes, out: Path) -> bool:
    """The seed DOCX saved as a Word 97 .doc by LibreOffice (which the extractor converts back)."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "legacy-word.docx"
        src.write_bytes(docx)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(src),
            ],
            capture_output=True,
            timeout=300,
        )
        made = Path(tmp) / "legacy-word.doc"
        if not made.exists():
            return False
        (out / made.name).write_bytes(made.read_bytes())
    return True


def make_slow_pdf(path: str | os.PathLike, pages: int = 30) -> None:
    """A text PDF with dense pages (~0.25 s each to read), to run into a small --timeout."""
    line = "Cong van so 123/UBND ve viec trien khai thuc hien nhiem vu trong tam nam 2026 cua cac don vi"
    Path(path).write_bytes(make_pdf([[line] * 60 for _ in range(pages)]))


def make(
    outdir: str | os.PathLike, seeds: str | os.PathLike = REPO / "corpus" / "seeds", doc: bool = True
) -> dict[str, str]:
    """Write every file of MANIFEST (and of OPTIONAL, where the machine can) into outdir; returns
    {file name: expected outcome} for the files written."""
    from html import escape

    from extractor.ingest.legacy import from_unicode
    from extractor.ingest.txt import strip_markup

    out, seeds = Path(outdir), Path(seeds)
    out.mkdir(parents=True, exist_ok=True)
    txt, docx, pdf = ((seeds / f"{SEED}.{ext}").read_bytes() for ext in ("txt", "docx", "pdf"))
    rnd = random.Random(4)
    text = txt.decode("utf-8")
    page = "".join(f"<p>{escape(line)}</p>\n" for line in strip_markup(text).splitlines())
    files = {
        "empty.txt": b"",
        "truncated.pdf": pdf[: len(pdf) * 2 // 5],
        "garbage.pdf": b"%PDF-1.7\n" + bytes(rnd.randrange(256) for _ in range(4000)),
        "encrypted.pdf": make_pdf([["Confidential", "Ke hoach trien khai"]], user_password="secret"),
        "corrupt.docx": b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(3000)),
        "truncated.docx": docx[: len(docx) // 2],
        "zip-not-docx.docx": _zip_without_document(),
        "zip-bomb.docx": _zip_bomb(),
        "many-pages.pdf": make_pdf([[f"Trang {k + 1}"] for k in range(PAGE_LIMIT + 20)]),
        "binary.txt": bytes(rnd.randrange(256) for _ in range(5000)),
        "binary-no-nul.txt": bytes(rnd.randrange(1, 256) for _ in range(5000)),
        "english.txt": ENGLISH.encode("utf-8"),
        "tcvn3.txt": from_unicode(text, "tcvn3").encode("cp1252", errors="replace"),
        "vni.txt": from_unicode(text, "vni").encode("cp1252", errors="replace"),
        "docx-named.pdf": docx,
        "pdf-named.txt": pdf,
        "text-named.docx": txt,
        "unreadable.txt": txt,
        "broken-image.png": b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(2000)),
        "cut-in-page-3.pdf": cut_pdf(),
        "xref-lost.pdf": pdf[: pdf.rindex(b"xref")],
        "broken-document-xml.docx": rezip(docx, "word/document.xml", lambda b: b[: len(b) * 3 // 5]),
        "broken-numbering.docx": rezip(docx, "word/numbering.xml", lambda b: b"<w:numbering " + b[40:90]),
        "empty-page.html": b"<html><head><script>var a = 1;</script></head><body><img src='scan.png'></body></html>",
        "frameset.htm": b"<html><frameset cols='20%,80%'><frame src='menu.htm'><frame src='doc.htm'></frameset></html>",
        "archive-without-page.mht": b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n",
        "html-named.txt": f"<!DOCTYPE html><html><body>{page}</body></html>".encode("utf-8"),
        "utf8-declared-latin1.htm": (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; '
            f'charset=iso-8859-1"></head><body>{page}</body></html>'
        ).encode("utf-8"),
        "notes.xyz": b"not a document the extractor reads",
    }
    files.update(_scans(text))
    for name, data in files.items():
        path = out / name
        if path.exists():
            path.chmod(0o644)
        path.write_bytes(data)
    # over the size limit without using the disk: a sparse file that starts like a PDF
    with open(out / "huge.pdf", "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(BYTE_LIMIT + 2**20)
    (out / "unreadable.txt").chmod(0)
    manifest = dict(MANIFEST)
    manifest.update({name: OPTIONAL[name] for name in files if name in OPTIONAL})
    if doc and _word97(docx, out):
        manifest["legacy-word.doc"] = OPTIONAL["legacy-word.doc"]
    return manifest


def make_odd_names(outdir: str | os.PathLike, seeds: str | os.PathLike = REPO / "corpus" / "seeds") -> dict[str, str]:
    """Write the names and links a batch must survive into outdir (a good TXT under each name);
    returns {path relative to outdir: expected outcome}, as in MANIFEST."""
    out, text = Path(outdir), (Path(seeds) / f"{SEED}.txt").read_bytes()
    expect: dict[str, str] = {}

    def put(rel: str, outcome: str = "record") -> None:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(text)
        expect[rel] = outcome

    put(os.fsdecode("công văn 12.txt".encode("cp1258")))  # a name from an old Windows machine
    put("line\nbreak.txt")
    put("tab\tand\x1bescape.txt")
    put("L" * 240 + ".txt")  # a long name: its record's name (and temp file's) must still fit
    put("same-name/a/doc.txt")
    put("same-name/b/doc.txt")
    os.symlink("missing-target.txt", out / "dangling.txt")
    expect["dangling.txt"] = "error:broken link"
    os.symlink("loop.txt", out / "loop.txt")
    expect["loop.txt"] = "error:the link loops"
    os.symlink("same-name/a", out / "linked-folder")  # followed: its document is read through the link too
    expect["linked-folder/doc.txt"] = "record"
    os.symlink("../..", out / "same-name/a/back-to-top")
    expect["same-name/a/back-to-top"] = expect["linked-folder/back-to-top"] = "error:a link back to a folder above it"
    os.mkfifo(out / "pipe.txt")
    expect["pipe.txt"] = "error:not a regular file"
    expect.update(_deep_paths(out, text))
    return expect


def _deep_paths(out: Path, text: bytes) -> dict[str, str]:
    """A document whose path (from outdir's absolute path) is just under the system's limit,
    PATH_MAX, and below it a folder whose path is over it; made through folder descriptors, since
    no single path can name them."""
    limit, name = os.pathconf(out, "PC_PATH_MAX"), "d" * 200
    used, rel = len(os.fsencode(os.path.abspath(out))), []
    fd = os.open(out, os.O_RDONLY)

    def down() -> None:
        nonlocal fd, used
        os.mkdir(name, dir_fd=fd)
        fd, old = os.open(name, os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
        used += len(name) + 1
        rel.append(name)

    def doc() -> str:
        f = os.open("doc.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(f, text)
        os.close(f)
        return "/".join(rel + ["doc.txt"])

    try:
        while used + len(name) + 1 + len("/doc.txt") < limit:
            down()
        expect = {doc(): "record"}
        while used < limit:
            down()
        doc()
    finally:
        os.close(fd)
    expect["/".join(rel)] = "error:too long"  # the folder is reported: its documents cannot be named
    return expect


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--seeds", default=str(REPO / "corpus" / "seeds"))
    ap.add_argument("--no-doc", action="store_true", help="skip the Word 97 .doc (LibreOffice takes a few seconds)")
    args = ap.parse_args()
    manifest = make(args.outdir, args.seeds, doc=not args.no_doc)
    width = max(map(len, manifest))
    for name, expect in manifest.items():
        print(f"{name:<{width}}  {expect}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
