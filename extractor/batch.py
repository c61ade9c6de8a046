"""Folders of documents -> one record per file in OUT, failures in OUT/errors.jsonl.

A failing file never stops the batch. Records are written atomically (temp file + rename), with
the input's content hash, so `resume` can skip what is already done and a kill loses nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import SUPPORTED, IngestError


@dataclass
class Limits:
    max_bytes: int = 50 * 2**20
    max_pages: int = 200
    ocr: bool = True


@dataclass
class Outcome:
    path: str
    out: str | None = None
    tasks: int = 0
    error: str | None = None
    hint: str = ""
    seconds: float = 0.0
    skipped: bool = False


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    def report(self) -> str:
        done = [o for o in self.outcomes if not o.error]
        lines = [f"{len(done)} documents extracted ({sum(o.skipped for o in done)} unchanged, skipped), "
                 f"{sum(o.tasks for o in done)} tasks, {len(self.failures)} failed"]
        for reason, n in Counter(o.error for o in self.failures).most_common():
            lines.append(f"  {n} × {reason}")
        return "\n".join(lines)


def collect(paths: list[str]) -> list[Path]:
    """Files named, and supported files under folders named (recursively), in a stable order."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                            and not f.name.startswith((".", "~$")))
        else:
            files.append(p)
    return files


def output_names(files: list[Path]) -> dict[Path, str]:
    """OUT/<stem>.json; inputs sharing a stem get OUT/<stem>.<ext>.json so none overwrites another."""
    stems = Counter(f.stem for f in files)
    return {f: (f"{f.stem}.json" if stems[f.stem] == 1 else f"{f.stem}{f.suffix.lower()}.json") for f in files}


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _already_done(target: Path, digest: str) -> int | None:
    try:
        rec = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return len(rec.get("tasks", [])) if rec.get("sha256") == digest else None


def process_one(path: str, target: str, limits: Limits, resume: bool) -> Outcome:
    """Extract one file and write its record; every failure becomes an Outcome, never an exception."""
    from .pipeline import build_record
    from .ingest import load

    t0 = time.perf_counter()
    out = Outcome(path)
    try:
        digest = file_hash(Path(path))
        if resume:
            n = _already_done(Path(target), digest)
            if n is not None:
                return Outcome(path, target, n, skipped=True)
        source = load(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages, ocr=limits.ocr)
        record = build_record(source)
        record["sha256"] = digest
        write_json(Path(target), record)
        out.out, out.tasks = target, len(record["tasks"])
    except IngestError as e:
        out.error, out.hint = e.reason, e.hint
    except OSError as e:
        out.error, out.hint = f"cannot read file: {e.strerror}", "check the path and permissions"
    except Exception as e:  # a bug must not stop the batch; the trace goes to errors.jsonl
        out.error = f"internal error: {e.__class__.__name__}: {e}"
        out.hint = traceback.format_exc(limit=3).strip().splitlines()[-1]
    out.seconds = time.perf_counter() - t0
    return out


def run(paths: list[str], out_dir: str, jobs: int = 1, resume: bool = False, limits: Limits | None = None,
        progress: bool = True) -> Summary:
    limits = limits or Limits()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = collect(paths)
    names = output_names(files)
    summary = Summary()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="doc", dynamic_ncols=True)
    errors_path = out / "errors.jsonl"
    if not resume and errors_path.exists():
        errors_path.unlink()
    with open(errors_path, "a", encoding="utf-8") as errors:
        def record(o: Outcome):
            summary.outcomes.append(o)
            if o.error:
                errors.write(json.dumps({"file": o.path, "reason": o.error, "hint": o.hint}, ensure_ascii=False) + "\n")
                errors.flush()
            if bar:
                bar.update(1)
                bar.set_postfix_str(Path(o.path).name[:30])

        args = [(str(f), str(out / names[f]), limits, resume) for f in files]
        if jobs <= 1:
            for a in args:
                record(process_one(*a))
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(process_one, *a): a[0] for a in args}
                for fut in as_completed(futures):
                    try:
                        record(fut.result())
                    except Exception as e:  # a worker that died (out of memory, killed)
                        record(Outcome(futures[fut], error=f"worker failed: {e.__class__.__name__}",
                                       hint="retry with --jobs 1"))
    if bar:
        bar.close()
    summary.outcomes.sort(key=lambda o: o.path)
    return summary
