"""Benchmark: `python cli.py bench`.

Builds a corpus by repeating the seed renditions (corpus/seeds/*.txt, *.docx, *.pdf) to at least
--docs documents in a temporary folder, then measures and prints as Markdown:

1. stages on one core, in this process: each document is read with extractor.ingest.load and
   turned into a record with extractor.pipeline.build_record, whose pieces (segment, frame,
   Citations.scan, plan_tasks, ml.decide and ml.refine) are timed by wrapping the names
   build_record calls, so the figures follow whatever build_record does today;
2. the batch (`extract --jobs N` as a separate process): documents/s and pages/s per format, and
   peak memory of the batch process and of its workers;
3. start-up time of `python -c "import extractor.pipeline"`.

Targets checked: text formats (TXT, DOCX) >= 20 documents/s on one core; peak memory < 500 MB with
--jobs 2 (the batch process plus every worker at its peak).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
FORMATS = ("txt", "docx", "pdf")
STAGES = ("ingest", "segment+frame", "references", "tasks", "ml decide", "ml refine", "rest of build_record")
TARGET_DOCS_PER_S = 20.0
TARGET_MB = 500.0


def build_corpus(folder: Path, docs: int) -> list[Path]:
    """The seed renditions repeated (copies, each under its own name) to at least `docs` files."""
    seeds = [p for ext in FORMATS for p in sorted(SEEDS.glob(f"*.{ext}"))]
    folder.mkdir(parents=True, exist_ok=True)
    files, k = [], 0
    while len(files) < docs:
        for p in seeds:
            dst = folder / f"r{k:03d}-{p.name}"
            shutil.copyfile(p, dst)
            files.append(dst)
        k += 1
    return files


class _Timers:
    """Wrap the stage functions build_record calls; accumulate seconds per stage."""

    def __init__(self):
        import extractor.pipeline as pipeline
        from extractor.references import Citations

        self.pipeline, self.citations = pipeline, Citations
        self.current: dict[str, float] = defaultdict(float)
        self.saved = []

    def _wrap(self, owner, name: str, stage: str):
        fn = getattr(owner, name)
        current = self.current

        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                current[stage] += time.perf_counter() - t

        self.saved.append((owner, name, fn))
        setattr(owner, name, timed)

    def __enter__(self):
        p = self.pipeline
        self._wrap(p, "segment", "segment+frame")
        self._wrap(p, "frame", "segment+frame")
        self._wrap(self.citations, "scan", "references")
        self._wrap(p, "plan_tasks", "tasks")
        self._wrap(p.ml, "decide", "ml decide")
        self._wrap(p.ml, "refine", "ml refine")
        return self

    def __exit__(self, *exc):
        for owner, name, fn in reversed(self.saved):
            setattr(owner, name, fn)


def stage_run(files: list[Path]) -> dict:
    """Every file through load + build_record on one core; seconds per stage and format."""
    from extractor.ingest import load
    from extractor.pipeline import build_record

    per = {f: {s: 0.0 for s in STAGES} | {"docs": 0, "pages": 0} for f in FORMATS}
    for fmt in FORMATS:  # warm-up: lazy imports, regex compilation, rule files
        sample = next((f for f in files if f.suffix == f".{fmt}"), None)
        if sample:
            build_record(load(sample, ocr=False))
    with _Timers() as timers:
        for path in files:
            fmt = path.suffix.lstrip(".")
            timers.current.clear()
            t0 = time.perf_counter()
            src = load(path, ocr=False)
            t1 = time.perf_counter()
            build_record(src)
            t2 = time.perf_counter()
            row = per[fmt]
            row["ingest"] += t1 - t0
            staged = 0.0
            for stage, sec in timers.current.items():
                row[stage] += sec
                staged += sec
            row["rest of build_record"] += (t2 - t1) - staged
            row["docs"] += 1
            row["pages"] += src.pages
    # the Python heap a document needs at its peak (one of each format)
    heap = {}
    for fmt in FORMATS:
        sample = next((f for f in files if f.suffix == f".{fmt}"), None)
        if sample:
            tracemalloc.start()
            build_record(load(sample, ocr=False))
            heap[fmt] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    from extractor.batch import _peak_mb

    return {"formats": per, "rss_mb": _peak_mb(), "heap_mb": heap}


def profile_text_formats(files: list[Path], top: int = 25) -> str:
    """cProfile over load + build_record of the TXT and DOCX files: the functions with the most
    own time, and the extractor functions with the most time including callees."""
    import cProfile
    import io
    import pstats

    from extractor.ingest import load
    from extractor.pipeline import build_record

    text_files = [f for f in files if f.suffix in (".txt", ".docx")]
    profiler = cProfile.Profile()
    profiler.enable()
    for path in text_files:
        build_record(load(path, ocr=False))
    profiler.disable()
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumtime").print_stats(r"extractor/", top)
    return buf.getvalue().strip()


def _batch_child(corpus: str, out: str, jobs: int) -> None:
    """Run in a fresh process: the batch, then its figures as JSON on stdout."""
    sys.path.insert(0, str(ROOT))
    from extractor.batch import run

    summary = run([corpus], out, jobs=jobs, progress=False)
    per = defaultdict(lambda: {"docs": 0, "pages": 0, "seconds": 0.0, "failed": 0})
    for o in summary.outcomes:
        row = per[o.fmt]
        row["docs"] += 1
        row["pages"] += o.pages
        row["seconds"] += o.seconds
        row["failed"] += bool(o.error)
    print(
        json.dumps(
            {
                "wall": summary.seconds,
                "formats": per,
                "worker_mb": summary.peak_worker_mb,
                "parent_mb": summary.parent_rss_mb,
                "total_mb": summary.total_mb,
                "jobs": jobs,
            }
        )
    )


def batch_run(corpus: Path, out: Path, jobs: int) -> dict:
    code = f"from evaluation.bench import _batch_child; _batch_child({str(corpus)!r}, {str(out)!r}, {jobs})"
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        raise RuntimeError(f"the batch failed: {res.stderr[-2000:]}")
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process_wall"] = wall
    data["children_max_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return data


def startup(runs: int = 5) -> dict[str, list[float]]:
    """Wall seconds of `import extractor.pipeline`, and of `cli.py extract` on one seed TXT (what
    loads lazily with the first document, such as the learned models, counts there)."""
    seed = sorted(SEEDS.glob("*.txt"))[0]
    cmds = {"import": [sys.executable, "-c", "import extractor.pipeline"]}
    times: dict[str, list[float]] = {"import": [], "one document": []}
    with tempfile.TemporaryDirectory() as tmp:
        cmds["one document"] = [sys.executable, str(ROOT / "cli.py"), "extract", str(seed), "--out", tmp, "--quiet"]
        for _ in range(runs):
            for name, cmd in cmds.items():
                t0 = time.perf_counter()
                subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
                times[name].append(time.perf_counter() - t0)
    return times


def _rate(n: float, sec: float) -> str:
    return f"{n / sec:.1f}" if sec > 0 else "–"


def report(stages: dict, batch: dict, start: dict[str, list[float]], n_files: int, cores: int) -> tuple[str, list[str]]:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# Benchmark: {n_files} documents (seed renditions repeated), {cores} cores",
        "",
        f"Load average at the end: {load} (anything else running on the machine lowers these figures).",
        "",
    ]
    lines += [
        "## Stages on one core (documents/s; pages/s for the whole pipeline)",
        "",
        "| format | docs | pages | " + " | ".join(STAGES) + " | pipeline docs/s | pages/s | ms/doc |",
        "|---" * (len(STAGES) + 6) + "|",
    ]
    verdicts = []
    for fmt in FORMATS:
        row = stages["formats"][fmt]
        if not row["docs"]:
            continue
        total = sum(row[s] for s in STAGES)
        lines.append(
            f"| {fmt} | {row['docs']} | {row['pages']} | "
            + " | ".join(_rate(row["docs"], row[s]) for s in STAGES)
            + f" | **{_rate(row['docs'], total)}** | {_rate(row['pages'], total)} | {1000 * total / row['docs']:.0f} |"
        )
        if fmt in ("txt", "docx"):
            rate = row["docs"] / total if total else 0
            verdicts.append(
                f"{fmt.upper()} on one core: {rate:.1f} documents/s "
                f"({'meets' if rate >= TARGET_DOCS_PER_S else 'MISSES'} the {TARGET_DOCS_PER_S:.0f}/s target)"
            )
    lines += ["", "Share of time per stage (all formats):", ""]
    tot = {s: sum(stages["formats"][f][s] for f in FORMATS) for s in STAGES}
    grand = sum(tot.values()) or 1
    lines += [
        "| " + " | ".join(STAGES) + " |",
        "|---" * len(STAGES) + "|",
        "| " + " | ".join(f"{100 * tot[s] / grand:.0f}% ({tot[s]:.1f} s)" for s in STAGES) + " |",
        "",
    ]
    jobs = batch["jobs"]
    lines += [
        f"## Batch: `extract --jobs {jobs}` ({batch['wall']:.1f} s for the batch, "
        f"{batch['process_wall']:.1f} s with start-up)",
        "",
        "| format | docs | pages | failed | s per doc in a worker | docs/s per worker | pages/s per worker |",
        "|---|---|---|---|---|---|---|",
    ]
    total_docs = sum(r["docs"] for r in batch["formats"].values())
    for fmt in FORMATS:
        r = batch["formats"].get(fmt)
        if r:
            lines.append(
                f"| {fmt} | {r['docs']} | {r['pages']} | {r['failed']} | {r['seconds'] / max(1, r['docs']):.3f} | "
                f"{_rate(r['docs'], r['seconds'])} | {_rate(r['pages'], r['seconds'])} |"
            )
    pages = sum(r["pages"] for r in batch["formats"].values())
    lines += [
        "",
        f"All {total_docs} documents ({pages} pages): **{_rate(total_docs, batch['wall'])} documents/s, "
        f"{_rate(pages, batch['wall'])} pages/s** on the wall clock with {jobs} workers.",
    ]
    rss_sum = batch["parent_mb"] + jobs * batch["worker_mb"]
    peak_total = batch["total_mb"] or rss_sum
    lines += [
        "",
        "## Memory (peak)",
        "",
        "| what | MB |",
        "|---|---|",
        f"| stage run (this process, one core), resident | {stages['rss_mb']:.0f} |",
        f"| batch process (--jobs {jobs}), resident | {batch['parent_mb']:.0f} |",
        f"| largest worker, resident (counts pages shared with the batch process) | {batch['worker_mb']:.0f} |",
        f"| sum of the resident peaks (over-counts shared pages) | {rss_sum:.0f} |",
        f"| **batch + {jobs} workers together (PSS, sampled each second)** | **{peak_total:.0f}** |",
    ]
    lines += [
        "",
        "Python heap of one document at its peak (tracemalloc): "
        + ", ".join(f"{fmt} {mb:.1f} MB" for fmt, mb in stages["heap_mb"].items()),
        "",
    ]
    verdicts.append(
        f"peak memory with --jobs {jobs}: {peak_total:.0f} MB "
        f"({'under' if peak_total < TARGET_MB else 'OVER'} the {TARGET_MB:.0f} MB target)"
    )
    lines += [
        "## Start-up",
        "",
        f'`python -c "import extractor.pipeline"`: median {statistics.median(start["import"]):.2f} s, '
        f"best {min(start['import']):.2f} s; `cli.py extract` of one seed TXT, start to finish: median "
        f"{statistics.median(start['one document']):.2f} s, best {min(start['one document']):.2f} s "
        f"({len(start['import'])} runs each)",
        "",
        "## Targets",
        "",
    ]
    lines += [f"- {v}" for v in verdicts]
    return "\n".join(lines) + "\n", verdicts


def main(args=None) -> int:
    if args is None or isinstance(args, list):
        ap = argparse.ArgumentParser(description=__doc__)
        ap.add_argument("--docs", type=int, default=500)
        ap.add_argument("--jobs", type=int, default=2)
        ap.add_argument("--stage-docs", type=int, default=150)
        ap.add_argument("--profile", action="store_true")
        ap.add_argument("--out")
        args = ap.parse_args(args)
    sys.path.insert(0, str(ROOT))
    from extractor.ingest.ocr import cores

    with tempfile.TemporaryDirectory(prefix="vn-bench-") as tmp:
        files = build_corpus(Path(tmp) / "corpus", args.docs)
        print(f"corpus: {len(files)} documents in {tmp}", file=sys.stderr)
        # one core: every format in turn, the same number of documents of each
        per_fmt = max(1, args.stage_docs // len(FORMATS))
        subset = [f for fmt in FORMATS for f in [g for g in files if g.suffix == f".{fmt}"][:per_fmt]]
        print(f"stages: {len(subset)} documents on one core", file=sys.stderr)
        stages = stage_run(subset)
        hot = profile_text_formats(subset) if args.profile else None
        print(f"batch: {len(files)} documents with --jobs {args.jobs}", file=sys.stderr)
        batch = batch_run(Path(tmp) / "corpus", Path(tmp) / "out", args.jobs)
        start = startup()
        text, _ = report(stages, batch, start, len(files), cores())
        if hot:
            text += "\n## Hottest functions, TXT and DOCX (cProfile, a separate pass)\n\n```\n" + hot + "\n```\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
