"""Folders of documents -> one record per file in OUT, failures in OUT/errors.jsonl (and every other
file in the folders, with the reason it is not read).

A failing file never stops the batch. Records are written atomically (temp file + rename), with
the input's content hash, so `resume` can skip what is already done (by this extractor version: a
record of an older version is redone) and a kill loses nothing.

Workers: with jobs > 1, N worker processes each take one file at a time. A file gets `timeout`
seconds: a timer inside the worker stops it (and kills the tools it started: Tesseract,
LibreOffice); a worker that does not answer some seconds later (hard_kill_grace) is killed by the parent
and replaced, as is
a worker that dies (out of memory, say), and the batch goes on. OCR threads per worker are
cores // N, so N workers never run more Tesseracts than there are cores.

Output: the same inputs give the same records byte for byte (the record's `file` is the base
name; nothing in it depends on time, order or worker), and errors.jsonl is rewritten sorted by
path when the batch ends. Records and error lines carry the same key, `path`: the input's path
relative to the input root (extractor/names.py: how a name that is not UTF-8 is written).

An output fault (disk full, a read-only or vanished output folder) is no file's fault and stops
the batch: no temporary file is left, `Summary.stopped` says what happened, and `resume` finishes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import re
import resource
import signal
import stat
import threading
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_connections
from pathlib import Path

from . import __version__
from .ingest import SUPPORTED, IngestError
from .names import capped, path_fields, readable, safe_stem, shown


def hard_kill_grace(timeout: float) -> float:
    """Seconds past the time limit before the parent kills a worker that did not stop by itself."""
    return min(15.0, max(2.0, timeout / 2))


def ocr_threads_for(jobs: int) -> int:
    """OCR threads per worker process: the cores shared out, at least one."""
    from .ingest.ocr import cores

    return max(1, cores() // max(1, jobs))


@dataclass
class Limits:
    max_bytes: int = 50 * 2**20
    max_pages: int = 200
    ocr: bool = True
    timeout: float = 300.0  # seconds per file; 0 = none
    memory_mb: int = 0  # address space allowed to each worker process (and to each tool it starts); 0 = none


@dataclass
class Outcome:
    path: str
    out: str | None = None
    tasks: int = 0
    error: str | None = None
    hint: str = ""
    seconds: float = 0.0
    skipped: bool = False
    pages: int = 0
    fmt: str = ""
    warnings: list[str] = field(default_factory=list)
    rss_mb: float = 0.0  # the process's peak resident memory after this file
    rel: str = ""  # the path relative to the input root: the key of the record and of the error line
    fault: str | None = None  # the record could not be written: what is wrong with the output folder


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    ignored: Counter = field(default_factory=Counter)  # files in folders that are no document format
    unread: list[Outcome] = field(default_factory=list)  # every file in the folders not read, with its reason
    seconds: float = 0.0
    jobs: int = 1
    parent_rss_mb: float = 0.0
    total_mb: float = 0.0  # the batch process and its workers together at their peak (PSS, sampled)
    stopped: str | None = None  # why the batch stopped before the end (an output fault)
    stopped_hint: str = ""  # what to do then
    inputs: int = 0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def peak_worker_mb(self) -> float:
        return max((o.rss_mb for o in self.outcomes), default=0.0)

    def report(self) -> str:
        done = [o for o in self.outcomes if not o.error]
        lines = [
            f"{len(done)} documents extracted ({sum(o.skipped for o in done)} unchanged, skipped), "
            f"{sum(o.tasks for o in done)} tasks, {len(self.failures)} failed"
        ]
        if self.seconds:
            n = len(self.outcomes)
            lines.append(
                f"{n} files in {self.seconds:.1f} s ({n / self.seconds:.1f} files/s) with {self.jobs} "
                f"worker{'s' if self.jobs > 1 else ''}; peak memory "
                + (
                    f"{self.total_mb:.0f} MB in all (largest worker {self.peak_worker_mb:.0f} MB)"
                    if self.jobs > 1 and self.total_mb
                    else f"{max(self.peak_worker_mb, self.parent_rss_mb):.0f} MB"
                )
            )
        if self.failures:
            lines.append("failed, by reason:")
            groups: dict[str, set[str]] = {}
            for o in self.failures:
                groups.setdefault(_reason_kind(o.error), set()).add(o.error)
            kinds = Counter(_reason_kind(o.error) for o in self.failures)
            for kind, n in kinds.most_common():
                lines.append(f"  {n} × {next(iter(groups[kind])) if len(groups[kind]) == 1 else kind}")
        warned = Counter(k for o in done for k in {_warning_kind(w) for w in o.warnings})
        if warned:
            lines.append("extracted with warnings (documents):")
            for kind, n in warned.most_common():
                lines.append(f"  {n} × {kind}")
        if self.ignored:
            kinds = ", ".join(f"{ext or 'no extension'} × {n}" for ext, n in self.ignored.most_common())
            lines.append(
                f"{sum(self.ignored.values())} other files in the folders ignored (not a document format: {kinds})"
            )
        parts = len(self.unread) - sum(self.ignored.values())
        if parts:
            lines.append(f"{parts} files not read on their own (a web page's _files folder, hidden or lock files)")
        if self.stopped:
            skipped = sum(o.skipped for o in done)
            lines += [
                f"STOPPED, the batch is incomplete: {self.stopped}",
                f"  records written: {len(done) - skipped} (each complete and valid), already up to date: "
                f"{skipped}, failed: {len(self.failures)}, "
                f"not done: {self.inputs - len(self.outcomes)} of {self.inputs}",
                f"  {self.stopped_hint}",
            ]
        return "\n".join(lines)


def output_fault(e: OSError, out: Path) -> tuple[str, str]:
    """(what happened, what to do) when the output folder cannot be written to."""
    where = f"the output folder {shown(str(out))}"
    resume = "run the same command with --resume to finish"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"cannot write to {where}: the disk is full ({e.strerror})",
            f"free some space (or choose another --out), then {resume}",
        )
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"cannot write to {where}: it is read-only ({e.strerror})",
            f"make it writable (or choose another --out), then {resume}",
        )
    if e.errno in (errno.ENOENT, errno.ENOTDIR, errno.ESTALE):
        return (
            f"{where} was removed while the batch ran (the records written to it went with it)",
            f"{resume}: it makes the folder again and extracts what is missing",
        )
    return f"cannot write to {where}: {e.strerror}", f"check the output folder (or choose another --out), then {resume}"


class OutputFault(Exception):
    """The output folder cannot be written to: the batch stops. args: (what happened, what to do)."""


def _reason_kind(reason: str) -> str:
    """Reasons grouped in the summary: numbers that differ per file ("51 MiB", "220 pages") as N."""
    return re.sub(r"\b\d+(?:\.\d+)?\b", "N", reason)


def _warning_kind(warning: str) -> str:
    w = re.sub(r"^pages? [\d, ]+:?\s*", "", warning)
    w = re.sub(r"\b\d+\b", "N", w)
    return w.split(";")[0][:90]


def collect(
    paths: list[str],
    ignored: Counter | None = None,
    problems: dict[Path, tuple[str, str]] | None = None,
    unread: list | None = None,
) -> list[Path]:
    """Files named, and supported files under folders named (recursively, through links to
    folders too), in a stable order, each once. Files under the folders that are no supported
    format are counted in `ignored` by extension; they, the parts of a web page (its _files folder)
    and hidden and lock files go into `unread` as (path, reason, hint). A link that leads nowhere or
    loops is kept as an input (reading it gives its error); a folder that cannot be read, or a link
    back to a folder above it, goes into `problems` as (reason, hint)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found: list[Path] = []
            _walk(p, found, ignored, problems, frozenset(), unread, p, {})
            files.extend(sorted(found))
        else:
            files.append(p)
    once: dict[str, Path] = {}
    for f in files:
        once.setdefault(os.path.abspath(f), f)  # a file named twice is read once, as first named
    return list(once.values())


def _walk(
    folder: Path,
    found: list[Path],
    ignored: Counter | None,
    problems: dict | None,
    above: frozenset,
    unread: list | None,
    top: Path,
    pages: dict,
) -> None:
    try:
        st = os.stat(folder)
        entries = list(os.scandir(folder))
    except OSError as e:
        if problems is not None:
            problems[folder] = (f"cannot read folder: {e.strerror}", "check the folder's permissions and path")
        return
    above = above | {(st.st_dev, st.st_ino)}
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:  # a link that loops
            is_dir = False
        if is_dir:
            try:
                target = os.stat(path)
            except OSError:
                target = None
            if target is not None and (target.st_dev, target.st_ino) in above:
                if problems is not None:
                    problems[path] = (
                        "a link back to a folder above it (a loop): not followed",
                        "remove the link; the folder's documents are read once already",
                    )
            else:
                _walk(path, found, ignored, problems, above, unread, top, pages)
            continue
        suffix = path.suffix.lower()
        dangling = entry.is_symlink() and not os.path.exists(path)
        reason = _not_read(path, top, pages, _link_suffix(path) if dangling else suffix)
        if reason is None:
            found.append(path)
            continue
        if reason[0].startswith("not a document format") and ignored is not None:
            ignored[suffix] += 1
        if unread is not None:
            unread.append((path, *reason))


def _link_suffix(path: Path) -> str:
    try:
        return Path(os.readlink(path)).suffix.lower()
    except OSError:
        return ""


def relative_paths(paths: list[str], files: list[Path]) -> dict[Path, str]:
    """Each input's path relative to the input root: the folder named, or, with several
    arguments, the folder that holds them all (a file named alone: its name)."""
    bases = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
    root = os.path.commonpath(bases) if bases else os.getcwd()
    rels = {}
    for f in files:
        rel = os.path.relpath(os.path.abspath(f), root)
        rels[f] = os.path.basename(os.path.abspath(f)) if rel == "." else rel
    return rels


def _page_of(folder: Path) -> Path | None:
    """The web page a NAME_files folder belongs to: Word's and the browsers' "Save as" put a page's
    images, styles and parts there, beside NAME.htm."""
    if not folder.name.endswith("_files"):
        return None
    stem = folder.name[: -len("_files")]
    return next(
        (
            x
            for x in sorted(folder.parent.iterdir())
            if x.stem == stem and x.suffix.lower() in (".htm", ".html") and x.is_file()
        ),
        None,
    )


def _not_read(f: Path, top: Path, pages: dict[Path, Path | None], suffix: str) -> tuple[str, str] | None:
    """(reason, hint) for a file in a folder that is not read as a document, None for one that is
    (`suffix`: the file's, or a dangling link's target's)."""
    if f.name.startswith((".", "~$")):
        return "a hidden file or an editor's lock file, not a document", "nothing to do"
    for folder in list(f.relative_to(top).parents)[:-1]:
        folder = top / folder
        if folder not in pages:
            pages[folder] = _page_of(folder)
        if pages[folder] is not None:
            return (
                f"part of the web page {pages[folder].name}, not a document of its own",
                "nothing to do: the page is read",
            )
    if suffix not in SUPPORTED:
        return (
            f"not a document format: {suffix or 'no extension'}",
            "convert it to PDF, DOCX or text if it is a document",
        )
    return None


def output_names(files: list[Path]) -> dict[Path, str]:
    """OUT/<stem>.json; inputs sharing a stem get OUT/<stem>.<ext>.json so none overwrites another;
    same name and extension in different folders: OUT/<folder>__<name>.json (else a path hash).
    Bytes that are not UTF-8 and control characters become `_`; a name too long is cut, with a hash."""
    stem = {f: safe_stem(f.stem) for f in files}
    stems = Counter(stem.values())
    names = {f: (stem[f] if stems[stem[f]] == 1 else f"{stem[f]}{safe_stem(f.suffix.lower())}") for f in files}
    taken = Counter(names.values())
    for f in files:
        if taken[names[f]] > 1:
            names[f] = f"{safe_stem(f.parent.name)}__{names[f]}"
    taken = Counter(names.values())
    for f in files:
        if taken[names[f]] > 1:
            names[f] = f"{names[f]}.{hashlib.sha1(os.fsencode(str(f))).hexdigest()[:8]}"
    return {f: capped(names[f], ".json", str(f)) for f in files}


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json(path: Path, data) -> None:
    _replace_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _replace_text(path: Path, text: str) -> None:
    """Write atomically: a temp file renamed into place; a failed write leaves no temp file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def _already_done(target: Path, digest: str, rel: str | None = None) -> dict | None:
    """The record at `target` if it is of this input (same content hash, and same `path` when
    `rel` is given) and was written by this extractor version; a record of an older version is
    stale and the file is extracted again."""
    try:
        rec = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    done = isinstance(rec, dict) and rec.get("sha256") == digest and rec.get("extractor") == __version__
    if done and rel is not None:
        done = all(rec.get(k) == v for k, v in path_fields(rel).items())
    return rec if done else None


class FileTimeout(BaseException):
    """The file's time is up. A BaseException, so that no `except Exception` on the way swallows it."""


def _alarm(signum, frame):
    from .ingest import proc

    proc.cancel()
    raise FileTimeout()


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec
    from whatever started the process)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _proportional_mb(pid: int | str = "self") -> float:
    """A process's proportional set size (PSS): its private memory plus its share of pages it
    shares with others (forked workers share the parent's loaded modules). 0 if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _test_hooks(path: str) -> None:
    """Test hooks (tests/test_robustness.py), inert unless set: VN_EXTRACTOR_TEST_STALL=NAME makes
    the file NAME hang with the time-limit signal blocked, as code stuck in a C extension would;
    VN_EXTRACTOR_TEST_CRASH=NAME kills the worker reading it, as the kernel's OOM killer would;
    VN_EXTRACTOR_TEST_HOG=NAME allocates until the worker's memory limit stops it (nothing without one)."""
    name = os.path.basename(path)
    if os.environ.get("VN_EXTRACTOR_TEST_STALL") == name:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    if os.environ.get("VN_EXTRACTOR_TEST_CRASH") == name and _in_worker:
        os.kill(os.getpid(), signal.SIGKILL)
    if (
        os.environ.get("VN_EXTRACTOR_TEST_HOG") == name
        and resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY
    ):
        hog = []
        while True:
            hog.append(bytes(2**26))  # address space, not touched: fast, and no strain on the machine


_WARM_UP = (
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 1/UBND-VP\nLào Cai, ngày 2 tháng 1 năm 2026\nCÔNG VĂN\n"
    "Kính gửi: Sở Tài chính.\nĐề nghị Sở Tài chính báo cáo trước ngày 15/01/2026.\nCHỦ TỊCH\n"
)


def warm_up() -> None:
    """One small document through the whole pipeline, so that what loads lazily (rule files,
    models) is loaded before the first real file's time limit starts."""
    try:
        from .ingest.txt import load_txt
        from .pipeline import build_record

        build_record(load_txt("warm-up.txt", _WARM_UP.encode("utf-8")))
    except Exception:
        pass  # a real file will meet the same problem and report it


def process_one(path: str, target: str, limits: Limits, resume: bool, rel: str | None = None) -> Outcome:
    """Extract one file and write its record; every failure becomes an Outcome, never an exception.
    `rel`, the path relative to the input root (default: the base name), is the record's `path`;
    a record that cannot be written is the Outcome's `fault` (the output folder's, not the file's)."""
    from .ingest import proc

    try:
        from . import pipeline  # noqa: F401  (imported before the file's clock starts)
    except Exception:
        pass  # the import is tried again below, where its failure becomes the file's error

    t0 = time.perf_counter()
    out = Outcome(path, fmt=Path(path).suffix.lower().lstrip("."), rel=rel or os.path.basename(path))
    timer = bool(limits.timeout) and threading.current_thread() is threading.main_thread()
    old_handler = None
    proc.reset()
    try:
        if timer:
            old_handler = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, limits.timeout)
        try:
            _extract(path, target, limits, resume, out)
        finally:
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old_handler)
    except FileTimeout:
        out.error = f"took longer than the {limits.timeout:g} s time limit"
        out.hint = "raise --timeout (a long scan needs more), or check whether the file is damaged"
    out.seconds = time.perf_counter() - t0
    out.rss_mb = _peak_mb()
    return out


def _extract(path: str, target: str, limits: Limits, resume: bool, out: Outcome) -> None:
    try:
        from .ingest import load
        from .pipeline import build_record

        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError("not a regular file (a folder, device or pipe)", "name documents or folders of documents")
        if st.st_size > limits.max_bytes:  # before hashing: a huge file is not read at all
            raise IngestError(
                f"file is {st.st_size // 2**20} MiB, over the {limits.max_bytes // 2**20} MiB limit",
                "raise --max-bytes to accept it",
            )
        digest = file_hash(Path(path))
        if resume:
            rec = _already_done(Path(target), digest, out.rel)
            if rec is not None:
                out.out, out.tasks, out.skipped = target, len(rec.get("tasks", [])), True
                out.pages, out.warnings = rec.get("pages", 0), rec.get("warnings", [])
                return
        _test_hooks(path)
        source = load(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages, ocr=limits.ocr)
        record = build_record(source)
        record = {"file": record["file"], **path_fields(out.rel), **record, "sha256": digest}
        if threading.current_thread() is threading.main_thread():
            signal.setitimer(signal.ITIMER_REAL, 0)  # done: the time limit must not cut the write short
        try:
            write_json(Path(target), record)
        except OSError as e:
            if e.errno != errno.ENAMETOOLONG:
                out.fault, out.hint = output_fault(e, Path(target).parent)
                return
            raise IngestError(f"cannot write the record: {e.strerror}", "give the file a shorter name") from e
        out.out, out.tasks, out.pages = target, len(record["tasks"]), source.pages
        out.warnings = list(source.warnings)
    except IngestError as e:
        out.error, out.hint = e.reason, e.hint
    except OSError as e:
        out.error, out.hint = _read_error(path, e)
    except MemoryError:
        out.error, out.hint = "out of memory", "the file is too large to read; split it, or raise --memory-limit"
    except RecursionError:
        out.error, out.hint = "internal error: the document is nested too deeply", "report this file"
    except Exception as e:  # a bug must not stop the batch; the trace goes to errors.jsonl
        out.error = f"internal error: {e.__class__.__name__}: {e}"
        out.hint = traceback.format_exc(limit=3).strip().splitlines()[-1]


def _read_error(path: str, e: OSError) -> tuple[str, str]:
    """(reason, hint) for a file that cannot be opened: links that lead nowhere or loop named as such."""
    if e.errno == errno.ELOOP:
        return "the link loops (it leads back to itself)", "remove the link or point it at the document"
    if e.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = readable(os.readlink(path))
        except OSError:
            target = "?"
        return f"broken link: its target {target} does not exist", "restore the document or remove the link"
    if e.errno == errno.ENAMETOOLONG:
        return (
            f"the path is too long for the system ({len(os.fsencode(path))} bytes)",
            "move the document to a shorter path",
        )
    return f"cannot read file: {e.strerror}", "check the path and the file's permissions"


# --- worker processes ---------------------------------------------------------------------------

_in_worker = False  # set in a worker process (of this pool or of a Dask worker: extractor.distributed)


def _worker_main(conn, limits: Limits, resume: bool, ocr_threads: int, parent: int) -> None:
    """Take (index, path, target, rel) from the parent one at a time, answer ("done", index, Outcome).
    Tools started in their own process group are announced, so the parent can kill them too.
    limits.memory_mb caps the address space of this process (a file over it is "out of memory")."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    if limits.memory_mb:
        cap = limits.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from .ingest import ocr, proc

    warm_up()  # before the first file's clock starts

    ocr.set_threads(ocr_threads)
    lock = threading.Lock()

    def send(msg):
        with lock:
            conn.send(msg)

    proc.on_spawn = lambda pid: send(("spawn", pid))
    proc.on_exit = lambda pid: send(("exit", pid))
    from .ingest import cleanup

    try:
        send(("ready", None))
        while True:
            try:
                if not conn.poll(1.0):
                    if os.getppid() != parent:  # the batch was killed: stop too
                        return
                    continue
                item = conn.recv()
            except (EOFError, OSError):
                return
            if item is None:
                return
            index, path, target, rel = item
            send(("done", index, process_one(path, target, limits, resume, rel)))
    finally:
        cleanup()


class _Worker:
    def __init__(self, ctx, limits: Limits, resume: bool, ocr_threads: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker_main, args=(child, limits, resume, ocr_threads, os.getpid()), daemon=True
        )
        self.proc.start()
        child.close()
        self.job: tuple[int, str, str, str] | None = None
        self.started = 0.0
        self.groups: set[int] = set()
        self.eof = False
        self.ready = False  # set when the worker has warmed up and asks for work

    def assign(self, job: tuple[int, str, str, str]) -> None:
        self.job, self.started, self.started_wall = job, time.monotonic(), time.time()
        self.conn.send(job)

    def kill(self) -> None:
        for pgid in self.groups:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(10)
        if self.proc.is_alive():
            self.kill()


def _ctx():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_workers(
    jobs: list[tuple[int, str, str, str]], n: int, limits: Limits, resume: bool, record, memory: dict | None = None
) -> None:
    """`memory["total_mb"]`: the largest sum of PSS (batch process + workers) seen, sampled each second."""
    ctx = _ctx()
    memory = memory if memory is not None else {}
    memory.setdefault("total_mb", 0.0)
    last_sample = 0.0
    ocr_threads = ocr_threads_for(n)
    pending = deque(jobs)
    workers = [_Worker(ctx, limits, resume, ocr_threads) for _ in range(min(n, len(jobs)))]
    hard_limit = limits.timeout + hard_kill_grace(limits.timeout) if limits.timeout else None
    failed_starts = 0

    def drain(w: _Worker) -> None:
        try:
            while not w.eof and w.conn.poll():
                msg = w.conn.recv()
                if msg[0] == "ready":
                    w.ready = True
                elif msg[0] == "done" and w.job and msg[1] == w.job[0]:
                    w.job = None
                    record(msg[2])
                elif msg[0] == "spawn":
                    w.groups.add(msg[1])
                elif msg[0] == "exit":
                    w.groups.discard(msg[1])
        except (EOFError, OSError):
            w.eof = True  # the worker is gone: handled by the caller

    def restart(w: _Worker) -> None:
        w.kill()
        workers[workers.index(w)] = _Worker(ctx, limits, resume, ocr_threads)

    def replace(w: _Worker, error: str, hint: str) -> None:
        index, path, target, rel = w.job
        outcome = Outcome(
            path,
            error=error,
            hint=hint,
            seconds=time.monotonic() - w.started,
            fmt=Path(path).suffix.lower().lstrip("."),
            rel=rel,
        )
        restart(w)
        record(_written(w) or outcome)

    try:
        while pending or any(w.job for w in workers):
            for w in workers:
                if w.ready and w.job is None and pending:
                    job = pending.popleft()
                    try:
                        w.assign(job)
                    except OSError:  # died while idle: the file goes back to the queue
                        pending.appendleft(job)
                        w.job, w.eof = None, True
            watched = {w.conn: w for w in workers if not w.eof and (w.job or not w.ready)}
            for conn in wait_connections(list(watched), timeout=0.5):
                drain(watched[conn])
            now = time.monotonic()
            if now - last_sample >= 1.0:
                last_sample = now
                total = _proportional_mb() + sum(_proportional_mb(w.proc.pid) for w in workers if w.proc.is_alive())
                memory["total_mb"] = max(memory["total_mb"], total)
            for w in list(workers):
                gone = w.eof or not w.proc.is_alive()
                if gone:
                    drain(w)  # what it said before it went
                if not w.job:
                    if gone:  # died before or between files
                        failed_starts += 1
                        if failed_starts > 3 * n + 3:
                            raise _WorkersFail()
                        restart(w)
                    continue
                if gone:
                    w.proc.join(5)
                    code = w.proc.exitcode
                    why = "killed (out of memory?)" if code in (-9, 137) else f"exit code {code}"
                    replace(
                        w,
                        f"the worker process died while reading this file: {why}",
                        "retry the file alone with --jobs 1; if it dies again, the file is too large or damaged",
                    )
                elif hard_limit and now - w.started > hard_limit:
                    replace(
                        w,
                        f"took longer than the {limits.timeout:g} s time limit (stopped by force)",
                        "raise --timeout, or check whether the file is damaged",
                    )
    except _WorkersFail:
        for w in workers:
            if w.job:
                pending.appendleft(w.job)
                w.job = None
        for _, path, _, rel in pending:
            record(
                Outcome(
                    path,
                    error="the worker processes could not start",
                    hint="run with --jobs 1 to see why",
                    fmt=Path(path).suffix.lower().lstrip("."),
                    rel=rel,
                )
            )
    finally:  # the batch ends or stops (an output fault, Ctrl-C): a file whose record is written is done
        for w in workers:
            if w.job or not w.proc.is_alive():
                w.kill()
            else:
                w.stop()
            done = _written(w) if w.job else None
            if done:
                record(done)


def _written(w: _Worker) -> Outcome | None:
    """The worker's file as done if its record was written (by this run) before the worker went."""
    _, path, target, rel = w.job
    try:
        fresh = Path(target).stat().st_mtime >= w.started_wall
        rec = _already_done(Path(target), file_hash(Path(path)), rel) if fresh else None
    except OSError:
        rec = None
    if rec is None:
        return None
    return Outcome(
        path,
        target,
        len(rec.get("tasks", [])),
        seconds=time.monotonic() - w.started,
        fmt=Path(path).suffix.lower().lstrip("."),
        pages=rec.get("pages", 0),
        warnings=rec.get("warnings", []),
        rel=rel,
    )


class _WorkersFail(Exception):
    pass


def _clean_temp_files(out: Path) -> None:
    """Temp files a killed run left behind (records are renamed into place only when complete)."""
    for tmp in out.glob(".*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


def run(
    paths: list[str],
    out_dir: str,
    jobs: int = 1,
    resume: bool = False,
    limits: Limits | None = None,
    progress: bool = True,
    engine=None,
) -> Summary:
    """Every input -> OUT/<name>.json or a line of OUT/errors.jsonl. An output fault stops the batch
    (`Summary.stopped`); what was written stays valid, and a run with `resume` finishes it.
    `engine(jobs, limits, resume, record)`, if given, runs the (index, path, target, rel) jobs instead
    of this machine's pool and passes each Outcome to `record` (extractor.distributed: on Dask workers)."""
    limits = limits or Limits()
    t0 = time.perf_counter()
    out = Path(out_dir)
    summary = Summary(jobs=max(1, jobs))
    problems: dict[Path, tuple[str, str]] = {}
    unread: list[tuple[Path, str, str]] = []
    files = collect(paths, summary.ignored, problems, unread)
    rels = relative_paths(paths, files + list(problems) + [f for f, _, _ in unread])
    summary.unread = [
        Outcome(str(f), error=reason, hint=hint, fmt=f.suffix.lower().lstrip("."), rel=rels[f])
        for f, reason, hint in unread
    ]
    names = output_names(files)
    summary.inputs = len(files) + len(problems)
    errors_path = out / "errors.jsonl"
    earlier: dict[str, dict] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        _clean_temp_files(out)
        if resume:
            earlier = _error_lines(errors_path)
        elif errors_path.exists():
            errors_path.unlink()
        errors = open(errors_path, "a", encoding="utf-8")
    except OSError as e:
        summary.stopped, summary.stopped_hint = output_fault(e, out)
        return summary
    bar = None
    if progress:
        import tqdm as tqdm_mod

        tqdm_mod.tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked later
        bar = tqdm_mod.tqdm(total=summary.inputs, unit="doc", dynamic_ncols=True)
    failed = 0

    def record(o: Outcome):
        nonlocal failed
        if o.fault:
            raise OutputFault(o.fault, o.hint)
        summary.outcomes.append(o)
        if o.error:
            failed += 1
            try:
                errors.write(json.dumps(_error_line(o), ensure_ascii=False) + "\n")
                errors.flush()
            except OSError as e:
                raise OutputFault(*output_fault(e, out)) from e
        if bar:
            bar.update(1)
            bar.set_postfix_str((f"{failed} failed, " if failed else "") + shown(Path(o.path).name, 30))

    try:
        for path, (reason, hint) in problems.items():
            record(Outcome(str(path), error=reason, hint=hint, rel=rels[path]))
        args = [(i, str(f), str(out / names[f]), rels[f]) for i, f in enumerate(files)]
        if engine is not None:
            engine(args, limits, resume, record)
        elif jobs <= 1:
            from .ingest import ocr

            ocr.set_threads(None)
            if args and limits.timeout:
                warm_up()
            for _, path, target, rel in args:
                record(process_one(path, target, limits, resume, rel))
        else:
            if args and _ctx().get_start_method() == "fork":
                warm_up()  # forked workers share what it loads (models, rule files) instead of each loading it
            memory: dict = {}
            _run_workers(args, jobs, limits, resume, record, memory)
            summary.total_mb = memory.get("total_mb", 0.0)
    except OutputFault as e:
        summary.stopped, summary.stopped_hint = e.args
    finally:
        if bar:
            bar.close()
        try:
            errors.close()
        except OSError:
            pass
        _clean_temp_files(out)
    # errors.jsonl: this run's failures, and an earlier run's lines of the files this one did not reach
    summary.outcomes.sort(key=lambda o: o.rel)
    reached = {path_fields(o.rel)["path"] for o in summary.outcomes}
    inputs = {path_fields(rel)["path"] for rel in rels.values()}
    lines = [_error_line(o) for o in summary.failures + summary.unread]
    unread = {path_fields(o.rel)["path"] for o in summary.unread}
    lines += [line for key, line in earlier.items() if key in inputs and key not in reached | unread]
    lines.sort(key=lambda line: line["path"])
    try:
        _replace_text(errors_path, "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    except OSError as e:
        if not summary.stopped:
            summary.stopped, summary.stopped_hint = output_fault(e, out)
    summary.seconds = time.perf_counter() - t0
    summary.parent_rss_mb = _peak_mb()
    return summary


def _error_lines(path: Path) -> dict[str, dict]:
    """An earlier run's errors.jsonl by `path` (lines without one, or unreadable, are dropped)."""
    lines = {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return lines
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("path"), str):
            lines[line["path"]] = line
    return lines


def _error_line(o: Outcome) -> dict:
    """The errors.jsonl line of a failed input: `path` (and `path_bytes`) as in its record would be."""
    return {
        **path_fields(o.rel or os.path.basename(o.path)),
        "file": readable(os.path.basename(o.path)),
        "reason": readable(o.error or ""),
        "hint": readable(o.hint),
    }
