"""Dask as the batch engine (extractor.distributed): a LocalCluster batch writes what the plain run
writes, failures and --resume included, and the time and memory limits hold inside Dask workers."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

pytest.importorskip("distributed")
sys.path.insert(0, str(ROOT / "scripts"))
import make_bad_files  # noqa: E402

from extractor.batch import run  # noqa: E402
from extractor.distributed import DaskSetupError, ocr_threads, preflight  # noqa: E402
from extractor.pipeline import extract  # noqa: E402


def _cli(*args, env=None):
    result = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "extract", *map(str, args), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, **(env or {})),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _errors(out: Path) -> dict[str, dict]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(e["file"]).name: e for e in map(json.loads, lines)}


def test_local_cluster_writes_the_plain_runs_records_and_resumes(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for f in sorted(SEEDS.glob("*.txt")) + sorted(SEEDS.glob("*.docx")):
        (inbox / f.name).write_bytes(f.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    plain, out = tmp_path / "plain", tmp_path / "dask"
    run([str(inbox)], str(plain), progress=False)
    result = _cli(inbox, "--out", out, "--dask", "local", "--dask-workers", 2)
    names = sorted(p.name for p in plain.iterdir())
    assert len(names) == 11  # 10 records and errors.jsonl
    assert names == sorted(p.name for p in out.iterdir())
    for name in names:
        assert (plain / name).read_bytes() == (out / name).read_bytes(), name
    errors = _errors(out)
    assert sorted(errors) == ["empty.txt", "truncated.pdf"]
    assert errors["empty.txt"]["reason"] == "empty file" and "PDF" in errors["truncated.pdf"]["reason"]
    assert "10 documents extracted" in result.stderr and "2 failed" in result.stderr
    assert "with 2 workers" in result.stderr

    # --resume: records up to date are left alone, a changed input is extracted again
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    changed = inbox / "003_54f0365f5d2f98ac.txt"
    changed.write_bytes((SEEDS / "004_43faad134884ea1a.txt").read_bytes())
    again = _cli(inbox, "--out", out, "--dask", "local", "--dask-workers", 2, "--resume")
    assert "10 documents extracted (9 unchanged, skipped)" in again.stderr
    redone = sorted(name for name, t in mtimes.items() if (out / name).stat().st_mtime_ns != t)
    assert redone == ["003_54f0365f5d2f98ac.txt.json"]  # stems shared by TXT and DOCX: <stem>.<ext>.json
    record = json.loads((out / "003_54f0365f5d2f98ac.txt.json").read_text(encoding="utf-8"))
    assert record["sha256"] == hashlib.sha256(changed.read_bytes()).hexdigest()
    assert record["tasks"] == extract(changed)["tasks"]
    assert sorted(_errors(out)) == ["empty.txt", "truncated.pdf"]


def test_time_and_memory_limits_hold_in_dask_workers(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    make_bad_files.make_slow_pdf(inbox / "slow.pdf", pages=60)
    for k in range(5):
        (inbox / f"doc{k}.txt").write_bytes((SEEDS / "003_54f0365f5d2f98ac.txt").read_bytes())
    out = tmp_path / "out"
    _cli(
        inbox,
        "--out",
        out,
        "--dask",
        "local",
        "--dask-workers",
        2,
        "--timeout",
        2,
        "--memory-limit",
        2048,
        env={
            "VN_EXTRACTOR_TEST_STALL": "doc1.txt",
            "VN_EXTRACTOR_TEST_CRASH": "doc2.txt",
            "VN_EXTRACTOR_TEST_HOG": "doc3.txt",
        },
    )
    errors = _errors(out)
    assert sorted(errors) == ["doc1.txt", "doc2.txt", "doc3.txt", "slow.pdf"]
    assert errors["slow.pdf"]["reason"] == "took longer than the 2 s time limit"  # the timer in the worker's process
    assert "stopped by force" in errors["doc1.txt"]["reason"]  # the timer blocked: killed from the Dask task
    assert "worker process died" in errors["doc2.txt"]["reason"]
    assert errors["doc3.txt"]["reason"] == "out of memory" and "--memory-limit" in errors["doc3.txt"]["hint"]
    assert sorted(p.name for p in out.glob("*.json")) == ["doc0.json", "doc4.json"]


def test_ocr_threads_share_each_machines_cores():
    probes = {
        "tcp://a:1": {"host": "a", "cores": 8},
        "tcp://a:2": {"host": "a", "cores": 8},
        "tcp://b:1": {"host": "b", "cores": 8},
        "tcp://c:1": {"host": "c", "cores": 2},
    }
    nthreads = {"tcp://a:1": 1, "tcp://a:2": 1, "tcp://b:1": 2, "tcp://c:1": 4}
    assert ocr_threads(probes, nthreads) == {"tcp://a:1": 4, "tcp://a:2": 4, "tcp://b:1": 4, "tcp://c:1": 1}


class _Worker:
    """A client whose one worker sees the files at another place (no shared mount)."""

    def __init__(self, root: Path, mount: str):
        self.root, self.mount = str(root), mount

    def run(self, fn, paths):
        return {"tcp://w:1": fn([p.replace(self.root, self.mount) for p in paths])}


def test_a_worker_that_cannot_see_the_inputs_stops_the_batch_before_it_starts(tmp_path):
    doc = tmp_path / "in" / "a.txt"
    doc.parent.mkdir()
    doc.write_bytes((SEEDS / "001_475951f4d1ea64ec.txt").read_bytes())
    (tmp_path / "out").mkdir()
    probes = preflight(_Worker(tmp_path, str(tmp_path)), tmp_path / "out", [str(doc)])
    assert probes["tcp://w:1"]["missing"] == [] and probes["tcp://w:1"]["cores"] >= 1
    with pytest.raises(DaskSetupError, match=r"tcp://w:1 cannot see /elsewhere/out: .*shared mount"):
        preflight(_Worker(tmp_path, "/elsewhere"), tmp_path / "out", [str(doc)])
