"""A batch never stops on a bad file: each gets one errors.jsonl line; good files keep their records."""

import json
import subprocess
import sys

from conftest import ROOT, SEEDS


def _bad_files(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (folder / "archive.docx").write_bytes(_zip_without_document())
    return 4


def _zip_without_document() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    return buf.getvalue()


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    n_bad = _bad_files(inbox)
    good = inbox / "001.txt"
    good.write_bytes((SEEDS / "001_475951f4d1ea64ec.txt").read_bytes())
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "extract", str(inbox), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == n_bad
    reasons = {e["file"].split("/")[-1]: e["reason"] for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert "PDF" in reasons["truncated.pdf"]
    assert "DOCX" in reasons["notes.docx"] or "zip" in reasons["notes.docx"].lower()
    assert all(e["hint"] for e in errors)
    record = json.loads((out / "001.json").read_text(encoding="utf-8"))
    assert len(record["tasks"]) >= 10
    assert "1 documents extracted" in run.stderr and "4 failed" in run.stderr


def test_resume_skips_unchanged_files_and_ids_are_stable(tmp_path):
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        str(ROOT / "cli.py"),
        "extract",
        str(SEEDS / "001_475951f4d1ea64ec.txt"),
        "--out",
        str(out),
        "--quiet",
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    first = json.loads((out / "001_475951f4d1ea64ec.json").read_text(encoding="utf-8"))
    run = subprocess.run(cmd + ["--resume"], check=True, capture_output=True, text=True)
    assert "1 unchanged, skipped" in run.stderr
    subprocess.run(cmd, check=True, capture_output=True)
    again = json.loads((out / "001_475951f4d1ea64ec.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in first["tasks"]] == [t["id"] for t in again["tasks"]]
    assert len({t["id"] for t in first["tasks"]}) == len(first["tasks"])


def test_resume_redoes_records_of_another_extractor_version(tmp_path):
    from extractor import __version__
    from extractor.batch import run

    src, out = SEEDS / "001_475951f4d1ea64ec.txt", tmp_path / "out"
    target = out / "001_475951f4d1ea64ec.json"
    run([str(src)], str(out), progress=False)
    assert run([str(src)], str(out), resume=True, progress=False).outcomes[0].skipped
    stale = json.loads(target.read_text(encoding="utf-8"))
    stale["extractor"], stale["tasks"] = "0.0.0-older", []
    target.write_text(json.dumps(stale), encoding="utf-8")
    outcome = run([str(src)], str(out), resume=True, progress=False).outcomes[0]
    assert not outcome.skipped and not outcome.error
    redone = json.loads(target.read_text(encoding="utf-8"))
    assert redone["extractor"] == __version__ and redone["tasks"]
