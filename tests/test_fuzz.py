"""Mutation fuzz (issue 14): the seed DOCX and PDF files with bytes flipped, cut short, a block
zeroed, and the XML inside the zip corrupted. Every mutant gets a record or an error line, with no
traceback, no internal error and no hang: the batch's own per-file time limit bounds each file."""

import io
import json
import random
import subprocess
import sys
import zipfile

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "scripts"))
from make_bad_files import rezip  # noqa: E402

XML_PARTS = [
    "word/document.xml",
    "word/numbering.xml",
    "word/styles.xml",
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
]


def _flip(rnd: random.Random, data: bytes, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        out[rnd.randrange(len(out))] ^= rnd.randrange(1, 256)
    return bytes(out)


def _cut(rnd: random.Random, data: bytes) -> bytes:
    return data[: rnd.randrange(1, len(data))]


def _zero(rnd: random.Random, data: bytes) -> bytes:
    """A 512-byte sector of zeros, as a damaged disk gives back."""
    at = rnd.randrange(len(data))
    return data[:at] + bytes(min(512, len(data) - at)) + data[at + 512 :]


def _bad_xml(rnd: random.Random, xml: bytes) -> bytes:
    """XML broken one of the ways a damaged part is: cut, bytes flipped, a closing tag lost, a
    stray '<' or '&'."""
    how = rnd.randrange(4)
    if how == 0:
        return _cut(rnd, xml)
    if how == 1:
        return _flip(rnd, xml, rnd.randrange(1, 8))
    if how == 2:
        closes = [i for i in range(len(xml)) if xml.startswith(b"</", i)]
        if closes:
            at = rnd.choice(closes)
            return xml[:at] + xml[xml.index(b">", at) + 1 :]
    at = rnd.randrange(len(xml))
    return xml[:at] + rnd.choice([b"<", b"&", b"<w:p", b"\x00"]) + xml[at:]


def mutants(seed: int = 14) -> dict[str, bytes]:
    """A fixed sample of mutations of every seed DOCX and PDF, by file name."""
    rnd = random.Random(seed)
    out = {}
    for path in sorted(SEEDS.glob("*.docx")) + sorted(SEEDS.glob("*.pdf")):
        data, stem, ext = path.read_bytes(), path.stem[:3], path.suffix
        out[f"{stem}-flip{ext}"] = _flip(rnd, data, rnd.randrange(1, 20))
        out[f"{stem}-cut{ext}"] = _cut(rnd, data)
        if ext == ".docx":
            parts = [p for p in XML_PARTS if p in zipfile.ZipFile(io.BytesIO(data)).namelist()]
            for k in range(3):
                out[f"{stem}-xml{k}{ext}"] = rezip(data, rnd.choice(parts), lambda xml: _bad_xml(rnd, xml))
        else:
            out[f"{stem}-flip2{ext}"] = _flip(rnd, data, rnd.randrange(1, 20))
            out[f"{stem}-zero{ext}"] = _zero(rnd, data)
    return out


def test_mutated_files_each_get_a_record_or_an_error_line(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    files = mutants()
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "extract",
            str(inbox),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--no-ocr",
            "--quiet",
            "--timeout",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    records = {json.loads(p.read_text(encoding="utf-8"))["path"] for p in out.glob("*.json")}
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = {e["path"] for e in errors}
    assert len(failed) == len(errors) and not records & failed  # one line each, never both
    assert records | failed == set(files)
    for e in errors:
        assert e["reason"] and e["hint"], e
        assert not e["reason"].startswith("internal error") and "time limit" not in e["reason"], e
    assert not list(out.glob(".*"))
    assert records, "no mutant was readable: the mutations are too strong to test recovery"
