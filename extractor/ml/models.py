"""The span tagger, and the bundle of every model file that extraction reads.

- SpanTagger: a linear-chain CRF (python-crfsuite) over tokens of a task's block and its context,
  tagging units (U), co-units (C) and deadline expressions (D) in BIO form; stored in crfsuite's
  own file format.
- The task decision (decision.TaskDecider) and the unit-end model (unit_ends.UnitEnds) store
  their own hashed weights.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..errors import ModelError


def crf_available() -> bool:
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return True


class SpanTagger:
    """Token sequences -> BIO tags (U unit, C co-unit, D deadline)."""

    PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = str(path) if path else None
        self._tagger = None

    def fit(self, xs: list[list[list[str]]], ys: list[list[str]], path: str | os.PathLike) -> "SpanTagger":
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for x, y in zip(xs, ys):
            trainer.append(x, y)
        trainer.set_params(self.PARAMS)
        trainer.train(str(path))
        self.path = str(path)
        self._tagger = None
        return self

    def tag(self, x: list[list[str]]) -> list[str]:
        if not x:
            return []
        if self._tagger is None:
            import pycrfsuite

            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(self.path)
        return self._tagger.tag(x)


def temp_model_dir() -> str:
    return tempfile.mkdtemp(prefix="vn-ml-")


MODEL_FILES = {
    "decider": "task_decision.json.gz",
    "decider_norules": "task_decision_norules.json.gz",
    "spans": "spans.crfsuite",
    "unit_ends": "unit_ends.json.gz",
    "meta": "meta.json",
    "combination": "combination.json",
}


class Bundle:
    """Everything extraction needs from models/: the task decision (with and without the rule
    features), the span tagger, the unit-end model and the combination chosen."""

    def __init__(self, decider=None, decider_norules=None, spans=None, combination=None, meta=None, unit_ends=None):
        self.decider, self.decider_norules, self.spans = decider, decider_norules, spans
        self.unit_ends = unit_ends
        self.combination = dict(combination or {})
        self.meta = dict(meta or {})

    def save(self, folder: str | os.PathLike) -> dict[str, int]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("decider", "decider_norules", "unit_ends"):
            m = getattr(self, name)
            if m is not None:
                m.save(folder / MODEL_FILES[name])
        if (
            self.spans is not None
            and self.spans.path
            and Path(self.spans.path).resolve() != (folder / MODEL_FILES["spans"]).resolve()
        ):
            Path(folder / MODEL_FILES["spans"]).write_bytes(Path(self.spans.path).read_bytes())
        (folder / MODEL_FILES["meta"]).write_text(
            json.dumps(self.meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        return {f.name: f.stat().st_size for f in sorted(folder.iterdir()) if f.is_file()}

    @classmethod
    def load(cls, folder: str | os.PathLike) -> "Bundle | None":
        """The models of `folder`; None when it holds none. A file that is there but cannot be read
        raises (ModelError names it)."""
        from .decision import TaskDecider
        from .unit_ends import UnitEnds

        folder = Path(folder)
        files = {n: folder / f for n, f in MODEL_FILES.items() if (folder / f).is_file()}
        if not any(n in files for n in ("decider", "spans", "unit_ends")):
            return None

        def read(name, loader):
            if name not in files:
                return None
            try:
                return loader(files[name])
            except Exception as e:  # noqa: BLE001 - any failure to read a model file is the same error
                raise ModelError(f"model file {files[name]} cannot be read: {type(e).__name__}: {e}") from e

        decider = read("decider", TaskDecider.load)
        decider_norules = read("decider_norules", TaskDecider.load)
        spans = read("spans", SpanTagger) if crf_available() else None
        ends = read("unit_ends", UnitEnds.load)
        comb = read("combination", lambda p: json.loads(p.read_text(encoding="utf-8")))
        meta = read("meta", lambda p: json.loads(p.read_text(encoding="utf-8"))) or {}
        return cls(decider, decider_norules, spans, comb, meta, ends)
