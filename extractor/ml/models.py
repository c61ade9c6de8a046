"""The two kinds of model and how they are stored.

- BlockModel: logistic regression over hashed character n-grams of a block's text plus hashed
  hand features (features.block_features). Stored as a compressed .npz of its weights and a few
  parameters: no pickle, no vocabulary, independent of the scikit-learn version that trained it.
- SpanTagger: a linear-chain CRF (python-crfsuite) over tokens of a task's block and its context,
  tagging units (U), co-units (C) and deadline expressions (D) in BIO form; stored in crfsuite's
  own file format.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

TEXT_BITS = 17
FEAT_BITS = 14


def _vectorizers(text_bits: int, feat_bits: int):
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.feature_extraction.text import HashingVectorizer

    text = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2 ** text_bits, lowercase=True,
                             alternate_sign=False, norm="l2", dtype=np.float32)
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2 ** text_bits, lowercase=True,
                              alternate_sign=False, norm="l2", dtype=np.float32, token_pattern=r"(?u)\b\w+\b")
    feats = FeatureHasher(n_features=2 ** feat_bits, input_type="dict", alternate_sign=False, dtype=np.float32)
    return text, words, feats


class BlockModel:
    """Block text + features -> class probabilities."""

    def __init__(self, classes=None, coef=None, intercept=None, text_bits=TEXT_BITS, feat_bits=FEAT_BITS, c=1.0):
        self.classes = list(classes) if classes is not None else None
        self.coef = coef
        self.intercept = intercept
        self.text_bits, self.feat_bits, self.c = text_bits, feat_bits, c
        self._vec = None

    def _matrix(self, texts: list[str], feats: list[dict]):
        from scipy.sparse import hstack

        if self._vec is None:
            self._vec = _vectorizers(self.text_bits, self.feat_bits)
        tv, wv, fv = self._vec
        return hstack([tv.transform(texts), 0.5 * wv.transform(texts), fv.transform(feats)]).tocsr()

    def fit(self, texts: list[str], feats: list[dict], labels: list, seed: int = 0) -> "BlockModel":
        from sklearn.linear_model import LogisticRegression

        x = self._matrix(texts, feats)
        clf = LogisticRegression(C=self.c, max_iter=3000, class_weight="balanced", random_state=seed,
                                 solver="liblinear" if len(set(labels)) == 2 else "lbfgs")
        clf.fit(x, labels)
        self.classes = [c.item() if hasattr(c, "item") else c for c in clf.classes_]
        self.coef = clf.coef_.astype(np.float32)
        self.intercept = clf.intercept_.astype(np.float32)
        return self

    def proba(self, texts: list[str], feats: list[dict]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.classes)))
        z = self._matrix(texts, feats) @ self.coef.T + self.intercept
        z = np.asarray(z, dtype=np.float64)
        if len(self.classes) == 2:
            p1 = 1 / (1 + np.exp(-z[:, 0]))
            return np.stack([1 - p1, p1], axis=1)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: str | os.PathLike) -> None:
        # weights are stored sparse (most hash buckets never fire) and as float16: the model file stays small
        nz = np.nonzero(self.coef)
        np.savez_compressed(path, rows=nz[0].astype(np.int16), cols=nz[1].astype(np.int32),
                            vals=self.coef[nz].astype(np.float16), shape=np.array(self.coef.shape),
                            intercept=self.intercept, meta=np.array(json.dumps(
                                {"classes": self.classes, "text_bits": self.text_bits, "feat_bits": self.feat_bits,
                                 "c": self.c})))

    @classmethod
    def load(cls, path: str | os.PathLike) -> "BlockModel":
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            coef = np.zeros(tuple(z["shape"]), dtype=np.float32)
            coef[z["rows"], z["cols"]] = z["vals"].astype(np.float32)
            return cls(meta["classes"], coef, z["intercept"].astype(np.float32), meta["text_bits"],
                       meta["feat_bits"], meta.get("c", 1.0))


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


MODEL_FILES = {"task": "task.npz", "task_norules": "task_norules.npz", "segment": "segment.npz",
               "spans": "spans.crfsuite", "unit_ends": "unit_ends.json.gz", "meta": "meta.json",
               "combination": "combination.json"}


class Bundle:
    """Everything refine() needs: the block models, the span tagger and the combination chosen."""

    def __init__(self, task=None, task_norules=None, segment=None, spans=None, combination=None, meta=None,
                 unit_ends=None):
        self.task, self.task_norules, self.segment, self.spans = task, task_norules, segment, spans
        self.unit_ends = unit_ends
        self.combination = dict(combination or {})
        self.meta = dict(meta or {})

    def save(self, folder: str | os.PathLike) -> dict[str, int]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("task", "task_norules", "segment"):
            m = getattr(self, name)
            if m is not None:
                m.save(folder / MODEL_FILES[name])
        if self.unit_ends is not None:
            self.unit_ends.save(folder / MODEL_FILES["unit_ends"])
        if self.spans is not None and self.spans.path and Path(self.spans.path).resolve() != (folder / MODEL_FILES["spans"]).resolve():
            Path(folder / MODEL_FILES["spans"]).write_bytes(Path(self.spans.path).read_bytes())
        (folder / MODEL_FILES["meta"]).write_text(json.dumps(self.meta, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
        return {f.name: f.stat().st_size for f in sorted(folder.iterdir()) if f.is_file()}

    @classmethod
    def load(cls, folder: str | os.PathLike) -> "Bundle | None":
        folder = Path(folder)
        if not (folder / MODEL_FILES["task"]).is_file():
            return None
        get = lambda n: (folder / MODEL_FILES[n]) if (folder / MODEL_FILES[n]).is_file() else None  # noqa: E731
        task = BlockModel.load(get("task"))
        task_norules = BlockModel.load(get("task_norules")) if get("task_norules") else None
        segment = BlockModel.load(get("segment")) if get("segment") else None
        spans = SpanTagger(get("spans")) if get("spans") and crf_available() else None
        comb = json.loads(get("combination").read_text(encoding="utf-8")) if get("combination") else None
        meta = json.loads(get("meta").read_text(encoding="utf-8")) if get("meta") else {}
        from .unit_ends import UnitEnds

        ends = UnitEnds.load(get("unit_ends")) if get("unit_ends") else None
        return cls(task, task_norules, segment, spans, comb, meta, ends)
