"""Dask distributed as the batch engine beyond one machine: `cli.py extract PATH... --dask ADDRESS|local`.

The batch is extractor.batch.run (file list, output names, errors.jsonl, progress bar, summary);
only the running of each file moves: one Dask task per document.

Inputs and outputs are read and written by the workers at their paths, which must be the same on
every machine (a shared mount): no document travels through the client or the scheduler, so
neither becomes the archive's bottleneck, and a worker checks `--resume` (content hash against the
record) where it reads the file. The record is written by the same code as a local run's
(batch.process_one), so the records are the same byte for byte.

A Dask worker runs its tasks in threads, where SIGALRM cannot be used; so each task hands its file
to an extraction process of its own, started by the worker in a fresh interpreter in its own
process group and kept for the next files: batch's worker loop, with the per-file timer
(SIGALRM in that process's main thread) and an address-space limit (`Limits.memory_mb`). A file
whose timer does not stop it is killed from the task, with the process group and the tools it
started (Tesseract, LibreOffice), and the next file gets a new process.

OCR threads per extraction process: the cores of its machine shared out among the task threads
of all the Dask workers on that machine, so no machine runs more Tesseracts than it has cores.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import replace
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from distributed import Client, LocalCluster, as_completed, get_worker

from . import __version__
from .batch import Limits, Outcome, Summary, _already_done, file_hash, hard_kill_grace, run
from .ingest.ocr import cores

START_LIMIT = 120.0  # seconds for an extraction process to load the pipeline and say it is ready
PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class DaskSetupError(Exception):
    """The cluster cannot run this batch: no workers, a worker that cannot see the files, another version."""


# --- on a Dask worker -----------------------------------------------------------------------------


class _Child:
    """One extraction process of a Dask worker, serving one task thread at a time: batch's worker loop
    (`_worker_main`, as in a local --jobs worker) in a fresh interpreter started with subprocess (a
    Dask worker is a daemonic process under its nanny, and those may not start multiprocessing
    children), in a process group of its own so that a kill takes its tools with it."""

    def __init__(self, config: tuple[Limits, bool, int]):
        self.config = config
        ours, theirs = socket.socketpair()
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(filter(None, (PACKAGE_ROOT, os.environ.get("PYTHONPATH")))),
            MALLOC_ARENA_MAX="2",
            OMP_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1",
        )  # address space ~ memory used
        code = (
            "import sys; from multiprocessing.connection import Connection; from extractor.batch import _worker_main; "
            "c = Connection(int(sys.argv[1])); _worker_main(c, *c.recv(), int(sys.argv[2]))"
        )  # (limits, resume, threads)
        self.popen = subprocess.Popen(
            [sys.executable, "-c", code, str(theirs.fileno()), str(os.getpid())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(config)
        self.ready = self.gone = False
        self.groups: set[int] = set()  # process groups of the tools it started (LibreOffice)

    def alive(self) -> bool:
        return not self.gone and self.popen.poll() is None

    def _read(self, wait: float) -> list:
        """The messages that came within `wait` seconds; `gone` is set when the process has closed its end."""
        msgs = []
        try:
            if self.conn.poll(wait):
                while True:
                    msgs.append(self.conn.recv())
                    if not self.conn.poll():
                        break
        except (EOFError, OSError):
            self.gone = True
        for msg in msgs:
            if msg[0] == "ready":
                self.ready = True
            elif msg[0] == "spawn":
                self.groups.add(msg[1])
            elif msg[0] == "exit":
                self.groups.discard(msg[1])
        return msgs

    def extract(self, job: tuple[int, str, str, str], limits: Limits) -> Outcome:
        """The file's Outcome; a process that dies or overruns is killed and the file gets the error."""
        index, path, target, rel = job
        t0 = time.monotonic()
        while not self.ready and self.alive() and time.monotonic() - t0 < START_LIMIT:
            self._read(0.5)
        try:
            if not self.ready:
                raise OSError
            self.conn.send(job)
        except OSError:
            self.kill()
            return Outcome(
                path,
                error=f"the extraction process could not start on the Dask worker (exit code {self.popen.returncode})",
                hint="check the package and --memory-limit on that machine",
                fmt=_fmt(path),
                rel=rel,
            )
        started, started_wall = time.monotonic(), time.time()
        hard_limit = limits.timeout + hard_kill_grace(limits.timeout) if limits.timeout else None
        while True:
            for msg in self._read(0.5):
                if msg[0] == "done" and msg[1] == index:
                    return msg[2]
            if not self.alive():
                try:
                    code = self.popen.wait(5)
                except subprocess.TimeoutExpired:  # it closed its end and hangs
                    code = None
                why = "killed (out of memory?)" if code in (-9, 137) else f"exit code {code}"
                error = (
                    f"the worker process died while reading this file: {why}",
                    "retry the file alone with --jobs 1; if it dies again, the file is too large or damaged",
                )
                break
            if hard_limit and time.monotonic() - started > hard_limit:
                error = (
                    f"took longer than the {limits.timeout:g} s time limit (stopped by force)",
                    "raise --timeout, or check whether the file is damaged",
                )
                break
        self.kill()
        return replace(_lost(path, target, error, time.monotonic() - started, started_wall), rel=rel)

    def kill(self) -> None:
        for pgid in self.groups | {self.popen.pid}:  # its own group holds the tools it started (Tesseract)
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.popen.wait()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.popen.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def _fmt(path: str) -> str:
    return Path(path).suffix.lower().lstrip(".")


def _lost(path: str, target: str, error: tuple[str, str], seconds: float, since: float) -> Outcome:
    """The Outcome of a file whose process was lost, unless its record was written (by this run) just before."""
    try:
        fresh = Path(target).stat().st_mtime >= since
        rec = _already_done(Path(target), file_hash(Path(path))) if fresh else None
    except OSError:
        rec = None
    if rec is None:
        return Outcome(path, error=error[0], hint=error[1], seconds=seconds, fmt=_fmt(path))
    return Outcome(
        path,
        target,
        len(rec.get("tasks", [])),
        seconds=seconds,
        fmt=_fmt(path),
        pages=rec.get("pages", 0),
        warnings=rec.get("warnings", []),
    )


_idle: list[_Child] = []
_idle_lock = threading.Lock()


def _extract_task(job: tuple[int, str, str, str], limits: Limits, resume: bool, threads: dict[str, int]) -> Outcome:
    """The Dask task: one file through an idle extraction process of this worker (a new one if none)."""
    worker = get_worker()
    config = (limits, resume, threads.get(worker.address) or max(1, cores() // worker.state.nthreads))
    child = None
    with _idle_lock:
        while _idle and child is None:
            c = _idle.pop()
            if c.config == config and c.alive():
                child = c
            else:
                c.stop()
    child = child or _Child(config)
    try:
        outcome = child.extract(job, limits)
    except BaseException:
        child.kill()
        raise
    if child.alive():
        with _idle_lock:
            _idle.append(child)
    return outcome


def _stop_children() -> int:
    """End this worker's idle extraction processes (the batch is over)."""
    with _idle_lock:
        children, _idle[:] = list(_idle), []
    for c in children:
        c.stop()
    return len(children)


def _probe(paths: list[str]) -> dict:
    """What the client checks on every worker before the batch: version, machine and cores, the paths it cannot see."""
    return {
        "version": __version__,
        "host": socket.gethostname(),
        "cores": cores(),
        "missing": [p for p in paths if not os.path.exists(p)],
        "unwritable": [p for p in paths[:1] if os.path.isdir(p) and not os.access(p, os.W_OK)],
    }


# --- on the client --------------------------------------------------------------------------------


def ocr_threads(probes: dict[str, dict], nthreads: dict[str, int]) -> dict[str, int]:
    """OCR threads per worker: its machine's cores over the task threads of all the workers on that machine."""
    per_host = Counter()
    for addr, probe in probes.items():
        per_host[probe["host"]] += nthreads.get(addr, 1)
    return {addr: max(1, probe["cores"] // per_host[probe["host"]]) for addr, probe in probes.items()}


def preflight(client, out: Path, paths: list[str]) -> dict[str, dict]:
    """Every worker's probe, once it is known that each runs this version and sees the output folder and
    the inputs named (the first few that this machine sees)."""
    seen = [os.path.abspath(p) for p in paths if os.path.exists(p)][:3]
    probes = client.run(_probe, [str(out)] + seen)
    for addr, probe in sorted(probes.items()):
        if probe["version"] != __version__:
            raise DaskSetupError(
                f"the Dask worker {addr} runs extractor {probe['version']}, this is {__version__}: "
                "install the same version on every machine"
            )
        if probe["missing"] or probe["unwritable"]:
            what = "cannot see" if probe["missing"] else "cannot write to"
            raise DaskSetupError(
                f"the Dask worker {addr} {what} {(probe['missing'] or probe['unwritable'])[0]}: "
                "inputs and the output folder must be on a path every worker reads and writes "
                "(a shared mount at the same place on every machine)"
            )
    return probes


def _engine(client, threads: dict[str, int], window: int):
    """batch.run's engine: the jobs as Dask tasks, at most `window` in flight; Outcomes back with the paths as given."""

    def engine(jobs, limits: Limits, resume: bool, record) -> None:
        token = uuid.uuid4().hex[:8]
        todo = iter(jobs)
        given: dict = {}
        running = as_completed()

        def submit(job) -> None:
            index, path, target, rel = job
            fut = client.submit(
                _extract_task,
                (index, os.path.abspath(path), os.path.abspath(target), rel),
                limits,
                resume,
                threads,
                key=f"vn-tasks-{token}-{index}",
                pure=False,
            )
            given[fut.key] = (path, target, rel)
            running.add(fut)

        for job in islice(todo, window):
            submit(job)
        for fut in running:
            path, target, rel = given.pop(fut.key)
            try:
                o = fut.result()
                o = replace(o, path=path, out=target if o.out else None, rel=rel)
            except Exception as e:  # the task itself failed (its workers died, the cluster went away)
                o = Outcome(
                    path,
                    error=f"the Dask task failed: {e.__class__.__name__}: {e}",
                    hint="see the Dask workers' logs; retry the file alone with --jobs 1",
                    fmt=_fmt(path),
                    rel=rel,
                )
            fut.release()
            record(o)
            job = next(todo, None)
            if job is not None:
                submit(job)

    return engine


def run_dask(
    paths: list[str],
    out_dir: str,
    address: str,
    resume: bool = False,
    limits: Limits | None = None,
    progress: bool = True,
    workers: int | None = None,
) -> Summary:
    """batch.run on the Dask scheduler at `address`, or on a LocalCluster of `workers` single-thread workers
    (default: one per core) when address is "local"."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    cluster, expected = None, 1
    if address == "local":
        expected = workers or cores()
        cluster = LocalCluster(n_workers=expected, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(cluster or address, timeout=30) as client:
            try:  # all of a LocalCluster's workers, so that each gets its share of the cores
                client.wait_for_workers(expected, timeout=60)
            except TimeoutError:
                raise DaskSetupError(
                    f"fewer than {expected} Dask workers joined the scheduler at {address} in 60 s"
                ) from None
            nthreads = client.nthreads()
            threads = ocr_threads(preflight(client, out, paths), nthreads)
            total = sum(nthreads.values())
            try:
                return run(
                    paths,
                    out_dir,
                    jobs=total,
                    resume=resume,
                    limits=limits,
                    progress=progress,
                    engine=_engine(client, threads, window=max(8, 4 * total)),
                )
            finally:
                try:
                    client.run(_stop_children)
                except Exception:  # a worker gone meanwhile: its extraction processes end with it
                    pass
    finally:
        if cluster is not None:
            cluster.close()
