"""Robustness: legacy encodings, a mixed batch of broken files and real documents (every input ends
as a record or an errors.jsonl line), time limits, dying workers, kill and resume, and the same
output byte for byte. Scans are left to OCR elsewhere: these batches run with --no-ocr."""

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, SHARED_DOCS

sys.path.insert(0, str(ROOT / "scripts"))
import make_bad_files  # noqa: E402

from extractor.batch import Limits, hard_kill_grace, ocr_threads_for, run  # noqa: E402
from extractor.ingest import legacy, load  # noqa: E402
from extractor.ingest.txt import decode  # noqa: E402
from extractor.text import normalize  # noqa: E402

CLI = [sys.executable, str(ROOT / "cli.py"), "extract"]


def _cli(*args, env=None, timeout=120):
    run_ = subprocess.run(
        CLI + [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, **(env or {})),
    )
    assert run_.returncode == 0, run_.stderr
    assert "Traceback" not in run_.stderr, run_.stderr
    return run_


def _errors(out: Path) -> dict[str, dict]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(e["file"]).name: e for e in map(json.loads, lines)}


def _records(out: Path) -> dict[str, dict]:
    recs = {}
    for p in out.glob("*.json"):
        rec = json.loads(p.read_text(encoding="utf-8"))  # a half-written record would fail here
        recs[rec["file"]] = rec
    return recs


# --- legacy encodings: a table-driven round trip ---------------------------------------------

KNOWN = [  # as found in old documents, and what they say
    ("tcvn3", "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("tcvn3", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("tcvn3", "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("tcvn3", "Sè: 12/UBND-VP. KÝnh göi: Së C«ng Th\xad¬ng", "Số: 12/UBND-VP. Kính gửi: Sở Công Thương"),
    ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("vni", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("vni", "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("vni", "Ñeà nghò caùc ñôn vò baùo caùo tröôùc ngaøy 15/6/2026", "Đề nghị các đơn vị báo cáo trước ngày 15/6/2026"),
]


@pytest.mark.parametrize("enc,legacy_text,unicode_text", KNOWN)
def test_known_legacy_strings(enc, legacy_text, unicode_text):
    assert normalize(legacy.to_unicode(legacy_text, enc)) == unicode_text
    # as the bytes of a legacy file, and as UTF-8 text copied out of a legacy-font document
    assert normalize(decode(legacy_text.encode("cp1252"))) == unicode_text
    assert normalize(decode(legacy_text.encode("utf-8"))) == unicode_text


@pytest.mark.parametrize("enc", legacy.ENCODINGS)
def test_every_letter_round_trips(enc):
    letters = sorted(set(legacy.tables()[enc].values()))
    for ch in letters:
        if enc == "tcvn3" and ch.isupper() and ch not in "ĂÂÊÔƠƯĐ":
            continue  # TCVN3 has no upper-case toned letters
        assert legacy.to_unicode(legacy.from_unicode(ch, enc), enc) == ch, ch


@pytest.mark.parametrize("enc", legacy.ENCODINGS)
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_texts_round_trip(enc, seed, tmp_path):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    path = tmp_path / seed
    path.write_bytes(legacy.from_unicode(text, enc).encode("cp1252", errors="replace"))
    src, ref = load(path), load(SEEDS / seed)
    assert any(legacy.NAMES[enc] in w for w in src.warnings)
    if enc == "vni":
        assert src.text == ref.text
    else:  # a capital toned letter opening a mixed-case word ("Ủy") comes back small: TCVN3 lacks it
        assert src.text.casefold() == ref.text.casefold()
        assert sum(a != b for a, b in zip(src.text, ref.text)) < 30


def test_unicode_and_windows_1258_are_left_alone():
    for p in SEEDS.glob("*.txt"):
        text = p.read_text(encoding="utf-8")
        assert legacy.convert(text) == (text, None)
    from test_ingest import SAMPLE, cp1258

    assert normalize(decode(cp1258(SAMPLE))) == SAMPLE
    assert normalize(decode(unicodedata.normalize("NFD", SAMPLE).encode("utf-8"))) == SAMPLE


def test_english_gets_a_warning_not_an_error(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(make_bad_files.ENGLISH, encoding="utf-8")
    assert any(w.startswith("not Vietnamese text") for w in load(path).warnings)
    assert not any("Vietnamese" in w for w in load(SEEDS / "001_475951f4d1ea64ec.txt").warnings)


# --- a mixed batch ------------------------------------------------------------------------------


def _real_documents(folder: Path) -> list[Path]:
    """Links to the shared corpus when it is beside the repo, else to the seed renditions."""
    src = sorted(SHARED_DOCS.iterdir()) if SHARED_DOCS.is_dir() else sorted(SEEDS.iterdir())
    folder.mkdir()
    for f in src:
        (folder / f.name).symlink_to(f)
    return sorted(folder.iterdir())


def test_mixed_batch_accounts_for_every_input(tmp_path):
    bad = tmp_path / "in" / "bad"
    manifest = make_bad_files.make(bad)
    real = _real_documents(tmp_path / "in" / "real")
    out = tmp_path / "out"
    t0 = time.time()
    result = _cli(tmp_path / "in", "--out", out, "--jobs", 2, "--no-ocr")
    assert time.time() - t0 < 60
    records, errors = _records(out), _errors(out)
    inputs = list(manifest) + [f.name for f in real]
    for name in inputs:
        assert (name in records) != (name in errors), f"{name}: record {name in records}, error {name in errors}"
    assert len(records) + len(errors) == len(inputs)
    for e in errors.values():
        assert e["file"] and e["reason"] and e["hint"], e
        assert not e["reason"].startswith("internal error"), e
    for name, expect in manifest.items():
        kind, _, text = expect.partition(":")
        if kind == "error":
            assert name in errors and text.lower() in errors[name]["reason"].lower(), (name, errors.get(name))
        elif kind == "record":
            assert name in records, (name, errors.get(name))
            assert not text or any(text in w for w in records[name]["warnings"]), records[name]["warnings"]
        elif kind == "ocr":  # --no-ocr
            assert "needs OCR" in errors[name]["reason"]
    if os.geteuid() != 0:  # root reads a chmod 000 file anyway
        assert "Permission denied" in errors["unreadable.txt"]["reason"]
    # real documents: only scans may fail (no OCR here)
    for f in real:
        assert f.name in records or "needs OCR" in errors[f.name]["reason"], errors.get(f.name)
    failed = [e for e in errors.values() if not e["reason"].startswith("not a document format")]
    assert f"{len(failed)} failed" in result.stderr and "failed, by reason:" in result.stderr
    assert "1 other files in the folders ignored (not a document format: .xyz × 1)" in result.stderr
    # errors.jsonl is sorted by path and names each file once
    lines = [json.loads(ln)["path"] for ln in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


# --- time limits and dying workers --------------------------------------------------------------


def test_time_limit_in_workers_and_in_process(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    make_bad_files.make_slow_pdf(inbox / "slow.pdf", pages=60)
    (inbox / "ok.txt").write_bytes((SEEDS / "001_475951f4d1ea64ec.txt").read_bytes())
    t0 = time.time()
    _cli(inbox, "--out", tmp_path / "out2", "--jobs", 2, "--timeout", 2, "--quiet")
    assert time.time() - t0 < 30
    errors = _errors(tmp_path / "out2")
    assert list(errors) == ["slow.pdf"] and "time limit" in errors["slow.pdf"]["reason"]
    assert "ok.txt" in _records(tmp_path / "out2")
    summary = run([str(inbox)], str(tmp_path / "out1"), jobs=1, limits=Limits(timeout=2), progress=False)
    assert [Path(o.path).name for o in summary.failures] == ["slow.pdf"]
    assert "time limit" in summary.failures[0].error


def test_stuck_and_crashing_workers_lose_only_their_file(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for k in range(4):
        (inbox / f"doc{k}.txt").write_bytes((SEEDS / "003_54f0365f5d2f98ac.txt").read_bytes())
    t0 = time.time()
    _cli(
        inbox,
        "--out",
        tmp_path / "out",
        "--jobs",
        2,
        "--timeout",
        1,
        "--quiet",
        env={"VN_EXTRACTOR_TEST_STALL": "doc1.txt", "VN_EXTRACTOR_TEST_CRASH": "doc2.txt"},
    )
    assert time.time() - t0 < 1 + hard_kill_grace(1) + 15
    errors = _errors(tmp_path / "out")
    assert sorted(errors) == ["doc1.txt", "doc2.txt"]
    assert "stopped by force" in errors["doc1.txt"]["reason"]
    assert "worker process died" in errors["doc2.txt"]["reason"]
    assert sorted(_records(tmp_path / "out")) == ["doc0.txt", "doc3.txt"]


def test_ocr_threads_share_the_cores(monkeypatch):
    from extractor.ingest import ocr

    monkeypatch.setattr(ocr, "cores", lambda: 8)
    assert [ocr_threads_for(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]
    ocr.set_threads(3)
    assert ocr.threads() == 3
    ocr.set_threads(None)
    monkeypatch.setenv("VN_EXTRACTOR_OCR_THREADS", "2")
    assert ocr.threads() == 2


# --- kill, resume, and the same output ------------------------------------------------------------


def _copies(folder: Path, times: int) -> list[Path]:
    files = []
    for k in range(times):
        sub = folder / f"copy{k}"
        sub.mkdir(parents=True)
        for f in sorted(SEEDS.glob("*.txt")) + sorted(SEEDS.glob("*.docx")):
            dst = sub / f"{k}-{f.name}"
            dst.write_bytes(f.read_bytes())
            files.append(dst)
    return files


def test_kill_partway_then_resume_loses_nothing(tmp_path):
    files = _copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    cmd = CLI + [str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None and len(list(out.glob("*.json"))) < 6:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, at once
    proc.wait()
    before = _records(out)  # every record on disk parses: none is half-written
    assert before and len(before) < len(files)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    result = _cli(tmp_path / "in", "--out", out, "--jobs", 2, "--resume", "--quiet")
    after = _records(out)
    assert sorted(after) == sorted(f.name for f in files)
    assert f"{len(before)} unchanged, skipped" in result.stderr
    assert all((out / name).stat().st_mtime_ns == t for name, t in mtimes.items())  # not redone
    assert not list(out.glob(".*.tmp"))
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_same_input_same_output_byte_for_byte(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for f in list(SEEDS.glob("001_*")) + list(SEEDS.glob("003_*.txt")):
        (inbox / f.name).write_bytes(f.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    run([str(inbox)], str(tmp_path / "a"), jobs=1, progress=False)
    _cli(inbox, "--out", tmp_path / "b", "--jobs", 2, "--quiet")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
