"""Scale-out benchmark: `python3 evaluation/scale_out.py` (docs/scale-out.md has its figures).

Documents/s on this machine with 1 and 2 workers: Dask workers of a LocalCluster (`--dask local
--dask-workers N`) and, for reference, this project's own pool (`--jobs N`), on two corpora:
- text: the seed renditions (TXT, DOCX, PDF) repeated to --docs documents;
- scans: the first --scan-docs scanned PDFs (no text layer, at most 5 pages) of --scans, OCR'd
  every run (VN_EXTRACTOR_CACHE="": no cache).
Each configuration runs --runs times in a fresh process; the rate is files over the batch's own
seconds (after the cluster has started; the workers' loading of the pipeline counts), the median
of the runs, with their range; "wall" also counts starting Python and the cluster. Then the
estimate for an archive of --archive documents with a --share of scans on N machines of
--cores-per-machine cores, from the per-core figures measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = (("pool", 1), ("pool", 2), ("dask", 1), ("dask", 2))


def _child(folder: str, out: str, engine: str, n: int) -> None:
    """In a fresh process: one batch, its figures as JSON on stdout."""
    sys.path.insert(0, str(ROOT))
    from extractor.batch import Limits, run

    limits = Limits(memory_mb=4096)
    if engine == "dask":
        from extractor.distributed import run_dask

        summary = run_dask([folder], out, "local", limits=limits, progress=False, workers=n)
    else:
        summary = run([folder], out, jobs=n, limits=limits, progress=False)
    print(
        json.dumps(
            {
                "files": len(summary.outcomes),
                "failed": len(summary.failures),
                "seconds": summary.seconds,
                "pages": sum(o.pages for o in summary.outcomes),
            }
        )
    )


def measure_once(folder: Path, engine: str, n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="vn-scale-") as out:
        code = f"from evaluation.scale_out import _child; _child({str(folder)!r}, {out!r}, {engine!r}, {n})"
        t0, cpu0 = time.perf_counter(), _children_cpu()
        res = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, VN_EXTRACTOR_CACHE=""),
        )
        wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if res.returncode != 0:
        raise RuntimeError(f"{engine} with {n} workers failed: {res.stderr[-2000:]}")
    run = json.loads(res.stdout.strip().splitlines()[-1])
    run.update(wall=wall, rate=run["files"] / run["seconds"], load=os.getloadavg()[0], cpu=cpu / run["files"])
    print(f"  {folder.name}, {engine}, {n} worker(s): {run['rate']:.2f} documents/s", file=sys.stderr, flush=True)
    return run


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished descendant: the batch, its workers and their tools."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def summarise(runs: list[dict]) -> dict:
    rates = [r["rate"] for r in runs]
    last = runs[-1]
    return {
        "rate": statistics.median(rates),
        "low": min(rates),
        "high": max(rates),
        "wall": statistics.median(r["wall"] for r in runs),
        "load": statistics.mean(r["load"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "files": last["files"],
        "failed": last["failed"],
        "pages": last["pages"],
        "page_rate": statistics.median(rates) * last["pages"] / last["files"],
    }


def text_corpus(folder: Path, docs: int) -> None:
    from evaluation.bench import build_corpus

    build_corpus(folder, docs)


def scan_corpus(folder: Path, source: Path, n: int) -> list[str]:
    """Links to the first n PDFs of `source` without a text layer (under 100 characters a page), of 5 pages at most."""
    folder.mkdir(parents=True)
    chosen = []
    for pdf in sorted(source.glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(next((ln.split()[1] for ln in info.splitlines() if ln.startswith("Pages:")), "0"))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        if 0 < pages <= 5 and len(text.strip()) < 100 * pages:
            (folder / pdf.name).symlink_to(pdf)
            chosen.append(pdf.name)
            if len(chosen) == n:
                break
    return chosen


def report(results: dict, args, cores: int, scans: list[str], load: tuple[float, float]) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on this machine: {cores} cores, Python {sys.version.split()[0]}; "
        f"load average {load[0]:.1f} before and {load[1]:.1f} after. Median of {args.runs} runs, their range in "
        "brackets; `load` is the mean 1-minute load average after the runs (over the core count, other work "
        "was running: it lowers and scatters the rates, less the CPU seconds).",
        "",
        "| corpus | engine | workers | documents/s | pages/s | CPU s / document | wall incl. start-up (s) "
        "| 2 workers / 1 | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for corpus, rows in results.items():
        for (engine, n), r in rows.items():
            scaling = f"{r['rate'] / rows[(engine, 1)]['rate']:.2f}×" if n == 2 else ""
            name = "Dask LocalCluster" if engine == "dask" else "own pool (--jobs)"
            failed = f", {r['failed']} failed" if r["failed"] else ""
            lines.append(
                f"| {corpus} ({r['files']} documents{failed}, {r['pages']} pages) | {name} | {n} "
                f"| {r['rate']:.2f} ({r['low']:.2f}–{r['high']:.2f}) | {r['page_rate']:.2f} | {r['cpu']:.2f} "
                f"| {r['wall']:.1f} | {scaling} | {r['load']:.1f} |"
            )
    lines += ["", f"Scans: {', '.join(scans)}." if scans else "No scans measured (--scans not found)."]
    if "scans" not in results:
        return "\n".join(lines) + "\n"
    text, scan = results["text"][("dask", 1)], results["scans"][("dask", 1)]
    efficiency = min(1.0, results["text"][("dask", 2)]["rate"] / (2 * text["rate"]))
    pages = scan["pages"] / scan["files"]
    page_s = scan["cpu"] / pages
    per_doc = (1 - args.share) * text["cpu"] + args.share * pages * page_s
    lines += [
        "",
        "## Estimate",
        "",
        f"Core-seconds (CPU seconds of the batch, its workers and their tools, 1 Dask worker): a text document "
        f"{text['cpu']:.2f}, a scanned page {page_s:.1f} ({pages:.1f} pages a scan here). With {args.share:.0%} "
        f"scans a document costs {per_doc:.1f} core-seconds on average. 'Busy cores' assumes every core of every "
        f"machine busy (Dask's scheduler and a shared file server are far from their limits at these rates); "
        f"'efficiency here' scales that by the {efficiency:.0%} that 2 text workers reached of twice 1 worker's "
        "rate on this machine.",
        "",
        f"| machines ({args.cores_per_machine} cores each) | documents/s, busy cores | {args.archive:,} "
        f"documents in | at the efficiency here |",
        "|---|---|---|---|",
    ]
    for machines in (1, 5, 10, 25):
        rate = machines * args.cores_per_machine / per_doc
        hours = args.archive / rate / 3600
        lines.append(
            f"| {machines} | {rate:.1f} | {hours:.1f} h ({hours / 24:.1f} days) | {hours / efficiency:.1f} h |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300, help="text documents (seed renditions repeated)")
    ap.add_argument("--scans", default=str(ROOT.parent / "shared" / "corpus" / "docs"), help="folder with scanned PDFs")
    ap.add_argument("--scan-docs", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--archive", type=int, default=100_000)
    ap.add_argument("--share", type=float, default=0.5, help="share of scans in the archive")
    ap.add_argument("--cores-per-machine", type=int, default=8)
    ap.add_argument("--out", help="also write the Markdown here")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from extractor.ingest.ocr import cores

    load0 = os.getloadavg()[0]
    scans: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vn-scale-corpus-") as tmp:
        corpora = {"text": Path(tmp) / "text"}
        text_corpus(corpora["text"], args.docs)
        if Path(args.scans).is_dir():
            scans = scan_corpus(Path(tmp) / "scans", Path(args.scans), args.scan_docs)
            if scans:
                corpora["scans"] = Path(tmp) / "scans"
        runs: dict = {(corpus, cfg): [] for corpus in corpora for cfg in CONFIGS}
        for _ in range(args.runs):  # round robin, so that other work on the machine falls on every configuration
            for corpus, cfg in runs:
                runs[(corpus, cfg)].append(measure_once(corpora[corpus], *cfg))
        results = {corpus: {cfg: summarise(runs[(corpus, cfg)]) for cfg in CONFIGS} for corpus in corpora}
    text = report(results, args, cores(), scans, (load0, os.getloadavg()[0]))
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
