"""Faults around the files (issue 14): names that are not UTF-8 or hold control characters, long
paths, links that dangle or loop; a full, read-only or vanished output folder; one key, `path`,
joining the records and errors.jsonl; damaged PDF and DOCX files read as far as they go."""

import base64
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "scripts"))
import make_bad_files  # noqa: E402

from extractor import (
    batch,  # noqa: E402
    cli,  # noqa: E402
)
from extractor.ingest import load  # noqa: E402
from extractor.names import path_fields  # noqa: E402

SEED = SEEDS / "003_54f0365f5d2f98ac.txt"


def _outputs(out: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """(records by path, error lines by path); every file in OUT is valid UTF-8 JSON, named in UTF-8
    without control characters, and no temporary file is left."""
    records = {}
    for p in out.iterdir():
        assert p.name.isprintable() and os.fsencode(p.name).decode("utf-8"), p
        assert not p.name.endswith(".tmp"), p
        if p.suffix == ".json":
            rec = json.loads(p.read_bytes().decode("utf-8"))  # a half-written record fails here
            assert rec["sha256"] and rec["path"] not in records
            records[rec["path"]] = rec
    lines = [json.loads(line) for line in (out / "errors.jsonl").read_bytes().decode("utf-8").splitlines()]
    assert [e["path"] for e in lines] == sorted(e["path"] for e in lines)
    errors = {e["path"]: e for e in lines}
    assert len(errors) == len(lines)
    return records, errors


def _check(out: Path, expect: dict[str, str]) -> tuple[dict, dict]:
    """Every input a record or an error line (never both), as `expect` says; their keys lossless."""
    records, errors = _outputs(out)
    keys = {path_fields(rel)["path"]: rel for rel in expect}
    assert set(records) | set(errors) == set(keys)
    assert not set(records) & set(errors)
    for key, rel in keys.items():
        kind, _, text = expect[rel].partition(":")
        found = records.get(key) or errors.get(key)
        assert (key in records) == (kind == "record"), (rel, errors.get(key))
        if kind == "error":
            assert text.lower() in found["reason"].lower() and found["hint"], found
        else:
            assert not text or any(text in w for w in found["warnings"]), found["warnings"]
        raw = base64.b64decode(found["path_bytes"]) if "path_bytes" in found else found["path"].encode("utf-8")
        assert raw == os.fsencode(rel)
        assert found["file"] == path_fields(os.path.basename(rel))["path"]
    return records, errors


def test_odd_names_and_links_each_get_a_record_or_an_error_line(tmp_path):
    expect = make_bad_files.make_odd_names(tmp_path / "in")
    out = tmp_path / "out"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "extract",
            str(tmp_path / "in"),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    records, _ = _check(out, expect)
    # a name that is not UTF-8: readable in `path`, lossless in `path_bytes`
    odd = records[r"c\xf4ng v\xe3n 12.txt"]
    assert base64.b64decode(odd["path_bytes"]) == "công văn 12.txt".encode("cp1258")
    assert "path_bytes" not in records["line\nbreak.txt"]
    # same-named files in different folders say which is which, as do their error lines
    assert {"same-name/a/doc.txt", "same-name/b/doc.txt", "linked-folder/doc.txt"} <= set(records)
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "extractor" / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    for rec in records.values():
        jsonschema.validate(rec, schema)


def test_inputs_named_from_several_folders_are_keyed_from_the_folder_above_them(tmp_path):
    for year in ("2024", "2025"):
        (tmp_path / "in" / year).mkdir(parents=True)
        (tmp_path / "in" / year / "cv.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "in" / "2025" / "empty.txt").write_bytes(b"")
    rels = batch.relative_paths(
        [str(tmp_path / "in" / "2024"), str(tmp_path / "in" / "2025" / "empty.txt")],
        [tmp_path / "in" / "2024" / "cv.txt", tmp_path / "in" / "2025" / "empty.txt"],
    )
    assert list(rels.values()) == ["2024/cv.txt", "2025/empty.txt"]
    out = tmp_path / "out"
    summary = batch.run([str(tmp_path / "in" / "2024"), str(tmp_path / "in" / "2025")], str(out), progress=False)
    assert not summary.stopped
    _check(out, {"2024/cv.txt": "record", "2025/cv.txt": "record", "2025/empty.txt": "error:empty file"})
    assert batch.relative_paths([str(SEED)], [SEED]) == {SEED: SEED.name}


# --- output faults: disk full, read-only, removed; then --resume ------------------------------


def _inbox(folder: Path) -> dict[str, str]:
    folder.mkdir()
    for k in range(5):
        (folder / f"cv{k}.txt").write_bytes(SEED.read_bytes())
    (folder / "zz-empty.txt").write_bytes(b"")
    return {**{f"cv{k}.txt": "record" for k in range(5)}, "zz-empty.txt": "error:empty file"}


def _failing_writes(monkeypatch, out: Path, err: int, after: int) -> None:
    """Writes of temp files into OUT fail with `err` once OUT holds `after` records, as on a disk
    that fills up: half of the data is written first. Forked workers inherit the patch."""
    real = Path.write_text

    def write_text(self, data, *args, **kwargs):
        if self.parent == out and self.name.endswith(".tmp") and len(list(out.glob("*.json"))) >= after:
            with open(self, "w", encoding="utf-8") as f:
                f.write(data[: len(data) // 2])
            raise OSError(err, os.strerror(err), str(self))
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


def _disk_full(monkeypatch, out):
    _failing_writes(monkeypatch, out, errno.ENOSPC, 2)


def _read_only(monkeypatch, out):
    if os.geteuid() == 0:  # root writes into a 0o555 folder anyway: the kernel's answer, simulated
        _failing_writes(monkeypatch, out, errno.EROFS, 0)
    else:
        out.mkdir()
        out.chmod(0o555)


def _removed(monkeypatch, out):
    real, calls = batch.process_one, []

    def process_one(*args, **kwargs):
        if calls:
            shutil.rmtree(out)
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "process_one", process_one)


@pytest.mark.parametrize(
    "fault, jobs, said",
    [
        (_disk_full, 1, "the disk is full"),
        (_disk_full, 2, "the disk is full"),
        (_read_only, 1, "it is read-only"),
        (_removed, 1, "was removed while the batch ran"),
    ],
)
def test_output_fault_stops_the_batch_clearly_and_resume_finishes_it(tmp_path, monkeypatch, capsys, fault, jobs, said):
    expect = _inbox(tmp_path / "in")
    out = tmp_path / "out"
    cmd = ["extract", str(tmp_path / "in"), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    fault(monkeypatch, out)
    assert cli.main(cmd) == cli.INCOMPLETE
    stderr = capsys.readouterr().err
    kept = len(list(out.glob("*.json"))) if out.is_dir() else 0
    written = kept if out.is_dir() else 1  # the removed folder took its one record along
    assert said in stderr and f"records written: {written} (each complete and valid)" in stderr, stderr
    assert "STOPPED, the batch is incomplete" in stderr and "--resume" in stderr
    assert written < 5 and "Traceback" not in stderr
    if out.is_dir():
        out.chmod(0o755)
        assert not list(out.glob(".*"))  # no temporary file left
        for p in out.glob("*.json"):
            assert json.loads(p.read_text(encoding="utf-8"))["sha256"]
    monkeypatch.undo()
    assert cli.main(cmd + ["--resume"]) == 0
    stderr = capsys.readouterr().err
    assert f"{kept} unchanged, skipped" in stderr and "STOPPED" not in stderr
    _check(out, expect)


def test_a_stopped_resume_keeps_the_earlier_runs_error_lines(tmp_path, monkeypatch):
    expect = _inbox(tmp_path / "in")
    out = tmp_path / "out"
    assert not batch.run([str(tmp_path / "in")], str(out), progress=False).stopped
    (tmp_path / "in" / "cv0.txt").write_bytes(SEED.read_bytes() + b"\nPhu luc.\n")  # to be done again
    _failing_writes(monkeypatch, out, errno.ENOSPC, 0)
    summary = batch.run([str(tmp_path / "in")], str(out), resume=True, progress=False)
    assert summary.stopped and not summary.outcomes  # it stopped at the first file
    monkeypatch.undo()
    _, errors = _outputs(out)
    assert list(errors) == ["zz-empty.txt"]  # not reached this time: the earlier run's line is kept
    batch.run([str(tmp_path / "in")], str(out), resume=True, progress=False)
    _check(out, expect)


def test_write_json_leaves_no_temp_file_when_the_write_fails(tmp_path, monkeypatch):
    _failing_writes(monkeypatch, tmp_path, errno.ENOSPC, 0)
    with pytest.raises(OSError):
        batch.write_json(tmp_path / "r.json", {"file": "x"})
    assert not list(tmp_path.iterdir())


def test_output_names_are_unique_utf8_and_short(tmp_path):
    files = [
        Path(os.fsdecode(b"a/c\xf4ng.txt")),
        Path(os.fsdecode(b"a/c\xe3ng.txt")),
        Path("b/line\nx.txt"),
        Path("b/line\tx.txt"),
        Path("c/" + "L" * 240 + ".txt"),
        Path("d/" + "L" * 240 + ".txt"),
    ]
    names = batch.output_names(files)
    assert len(set(names.values())) == len(files)
    for name in names.values():
        assert name.isprintable() and len(name.encode("utf-8")) <= 200 and name.endswith(".json")


# --- all of the above in one folder, a disk that fills up, and --resume -------------------------


def test_a_batch_over_every_fault_finishes_after_a_disk_full_resume(tmp_path, monkeypatch, capsys):
    manifest = make_bad_files.make(tmp_path / "in" / "bad", doc=False)
    odd = make_bad_files.make_odd_names(tmp_path / "in" / "odd")
    expect = {f"bad/{name}": outcome for name, outcome in manifest.items()}
    expect.update({f"odd/{rel}": outcome for rel, outcome in odd.items()})
    if os.geteuid() == 0:  # root reads a chmod 000 file anyway
        expect["bad/unreadable.txt"] = "record"
    else:
        expect["bad/unreadable.txt"] = "error:Permission denied"
    for name, outcome in expect.items():
        if outcome == "ocr":  # --no-ocr
            expect[name] = "error:needs OCR"
    out = tmp_path / "out"
    cmd = ["extract", str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "--no-ocr", "--quiet", "--timeout", "60"]
    _failing_writes(monkeypatch, out, errno.ENOSPC, 6)
    assert cli.main(cmd) == cli.INCOMPLETE
    assert "the disk is full" in capsys.readouterr().err
    monkeypatch.undo()
    assert cli.main(cmd + ["--resume"]) == 0
    records, errors = _check(out, expect)
    assert not any(e["reason"].startswith("internal error") for e in errors.values())


# --- damaged files: what can still be read, and a warning naming what was lost -------------------


def _text_of(source) -> list[str]:
    return [b.text for b in source.blocks]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    make_bad_files.make(folder, doc=False)
    return folder


@pytest.mark.parametrize(
    "name, warning",
    [
        ("cut-in-page-3.pdf", "2 of 4 pages read, page 3 lost (no content left), 1 more page lost"),
        ("xref-lost.pdf", "damaged PDF repaired with qpdf: 3 of 3 pages read"),
        ("broken-document-xml.docx", "word/document.xml is damaged (broken XML"),
        ("broken-numbering.docx", "word/numbering.xml is damaged"),
    ],
)
def test_damaged_files_yield_what_can_be_read(bad_files, name, warning):
    src = load(bad_files / name, ocr=False)
    assert any(warning in w for w in src.warnings), src.warnings
    if name == "cut-in-page-3.pdf":  # the lines of pages 1 and 2, none of page 3
        lines = [line.strip() for line in make_bad_files.ENGLISH.splitlines() if line.strip()]
        text = " ".join(src.text.split())
        assert all(line in text for line in lines[:6]) and not any(line in text for line in lines[6:])
        return
    seed = load(SEEDS / f"{make_bad_files.SEED}.{name.rsplit('.', 1)[1]}", ocr=False)
    got, full = _text_of(src), _text_of(seed)
    if name == "broken-document-xml.docx":  # the blocks before the cut, as in the intact file
        assert len(full) // 2 < len(got) < len(full) and got[:-1] == full[: len(got) - 1]
    else:
        assert src.text.split() == seed.text.split() if name.endswith(".pdf") else len(got) == len(full)


def _rezipped_with_bad_deflate(docx: bytes) -> bytes:
    """The DOCX with bytes of document.xml's compressed data overwritten inside the zip."""
    import io
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(docx)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(docx)
    data[start + info.compress_size * 2 // 3 : start + info.compress_size * 2 // 3 + 4] = b"\xff\x00\xff\x00"
    return bytes(data)


def test_a_docx_part_damaged_inside_the_zip_keeps_what_unpacks(tmp_path):
    seed = SEEDS / f"{make_bad_files.SEED}.docx"
    path = tmp_path / "bad-deflate.docx"
    path.write_bytes(_rezipped_with_bad_deflate(seed.read_bytes()))
    src, full = load(path), _text_of(load(seed))
    assert any(
        w.startswith("word/document.xml is damaged in the zip") and "bytes unpacked, the rest is lost" in w
        for w in src.warnings
    ), src.warnings
    got = _text_of(src)
    assert 5 < len(got) < len(full) and got[:-1] == full[: len(got) - 1]


def test_a_pdf_qpdf_cannot_repair_is_still_a_clear_error(tmp_path):
    pdf = (SEEDS / f"{make_bad_files.SEED}.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf[: len(pdf) * 2 // 5])  # LibreOffice writes the catalog and fonts last: all gone
    from extractor.ingest.txt import IngestError

    with pytest.raises(IngestError, match="cannot open PDF: damaged or truncated"):
        load(path)
