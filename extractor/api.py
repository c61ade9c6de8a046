"""The Python API: an Extractor owns its configuration (rules, models, OCR cache, limits) and turns
a file, bytes or a text into a typed Record.

    from extractor import Extractor, extract
    record = extract("cong-van.pdf")                       # the packaged rules and models
    ex = Extractor(Config(models=None, max_pages=20))      # rules only, at most 20 pages
    ex.extract_text("Giao Phòng Kinh tế chủ trì ... trước ngày 15/3/2026.")

Models, the cache folder and the limits are held per Extractor and put in force for its calls
only (context variables), so Extractors with different models run side by side in one process and
in threads. The rule patterns are compiled once per process from its rules; an Extractor given a
rules folder of its own therefore runs its documents in a child process of its own (started on
first use, ended by `close()` or at exit), which the caller does not see.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Union

from .errors import IngestError, ModelError, RulesError, VnTasksError
from .output import Record

_ERRORS = {"ModelError": ModelError, "RulesError": RulesError, "VnTasksError": VnTasksError}

PACKAGED = "packaged"


@dataclass(frozen=True)
class Config:
    """`rules`: a folder whose rule files replace the packaged ones of the same name (None: the
    packaged rules). `models`: a folder of model files, "packaged" (the shipped ones) or None (rules
    only). `ocr_cache`: a folder for OCR results, "" for none, None for VN_EXTRACTOR_CACHE's."""

    rules: Union[str, os.PathLike, None] = None
    models: Union[str, os.PathLike, None] = PACKAGED
    ocr_cache: Union[str, os.PathLike, None] = None
    max_bytes: int = 50 * 2**20
    max_pages: int = 200
    ocr: bool = True


class Extractor:
    def __init__(self, config: Config | None = None, **changes):
        self.config = replace(config or Config(), **changes)
        self._bundle = None
        self._loaded = False
        self._child: _Child | None = None
        if self.config.rules is not None:
            from .rules import read_folder

            read_folder(self.config.rules)  # a faulty rules folder is a RulesError here, not at first use

    def models(self):
        """The model bundle in force (None: rules only); a corrupt file raises ModelError naming it."""
        if not self._loaded:
            from . import ml

            m = self.config.models
            self._bundle = ml.load_default() if m == PACKAGED else None if m is None else ml.load_folder(Path(m))
            self._loaded = True
        return self._bundle

    def extract(self, path: str | os.PathLike) -> Record:
        """One file -> its Record; IngestError says why a file cannot be read."""
        return self._run("path", os.fspath(path))

    def extract_bytes(self, data: bytes, filename: str) -> Record:
        """A file's content -> its Record; `filename` names it in the record (its suffix is a hint only)."""
        return self._run("bytes", bytes(data), filename)

    def extract_text(self, text: str, filename: str = "text.txt") -> Record:
        """A document's text (plain or Markdown) -> its Record."""
        return self._run("bytes", text.encode("utf-8"), filename)

    def _run(self, how: str, what, name: str | None = None) -> Record:
        if self.config.rules is None:
            return Record.from_json(self.extract_json(how, what, name))
        if self._child is None:
            self._child = _Child(os.fspath(self.config.rules))
        return Record.from_json(self._child.call(replace(self.config, rules=None), how, what, name))

    def extract_json(self, how: str, what, name: str | None = None) -> dict:
        """The record as JSON data, extracted in this process under this Extractor's configuration."""
        from .ingest import load, load_bytes
        from .pipeline import build_record

        c = self.config
        with self._in_force():
            if how == "path":
                source = load(what, max_bytes=c.max_bytes, max_pages=c.max_pages, ocr=c.ocr)
            else:
                source = load_bytes(what, name, max_bytes=c.max_bytes, max_pages=c.max_pages, ocr=c.ocr)
            return build_record(source)

    @contextmanager
    def _in_force(self):
        from . import ml
        from .ingest.ocr import CACHE_ROOT

        token = CACHE_ROOT.set(None if self.config.ocr_cache is None else os.fspath(self.config.ocr_cache))
        try:
            with ml.use_model(self.models()):
                yield
        finally:
            CACHE_ROOT.reset(token)

    def close(self) -> None:
        """End the child process of an Extractor with its own rules (nothing otherwise)."""
        if self._child is not None:
            self._child.close()
            self._child = None

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Child:
    """A Python process of its own with VN_EXTRACTOR_RULES set, answering extract calls over its
    standard input and output (pickled frames); calls from several threads take turns."""

    def __init__(self, rules: str):
        here = str(Path(__file__).resolve().parent.parent)  # this very package, installed or not
        env = dict(
            os.environ,
            VN_EXTRACTOR_RULES=rules,
            PYTHONPATH=os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p),
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "extractor.child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        self.lock = threading.Lock()

    def call(self, config: Config, how: str, what, name) -> dict:
        with self.lock:
            send(self.proc.stdin, (config, how, what, name))
            reply = receive(self.proc.stdout)
        if reply is None:
            raise VnTasksError(f"the extraction process for rules {os.environ.get('VN_EXTRACTOR_RULES', '')} ended")
        ok, value = reply
        if ok:
            return value
        kind, reason, hint = value
        raise (IngestError(reason, hint) if kind == "IngestError" else _ERRORS.get(kind, VnTasksError)(reason))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def receive(stream):
    head = stream.read(8)
    if len(head) < 8:
        return None
    return pickle.loads(stream.read(struct.unpack(">Q", head)[0]))


_default: Extractor | None = None


def default() -> Extractor:
    """The Extractor of the module-level functions: packaged rules and models, default limits."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default
