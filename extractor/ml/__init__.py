"""Learned models beside the rules (issue 5): a block classifier (is this block a task; its
segment class) and a span tagger (units, co-units, deadline expressions), trained from the gold
records, and their combination with the rule output.

`refine(source, tasks, citations, year, doc)` is the pipeline's one call into this package: it
returns the rule tasks unchanged when no model files are there (models/task.npz) or the combination
chosen by cross-validation keeps the rules everywhere.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

MODEL_DIR = Path(os.environ.get("VN_EXTRACTOR_MODELS", Path(__file__).resolve().parents[2] / "models"))

_UNSET = object()
_active = _UNSET  # the Bundle in use: loaded from MODEL_DIR on first use, or set by use_model()
_override_config = None


def load_default():
    """The committed models, or None when there are none (or they cannot be read)."""
    try:
        from .models import Bundle

        return Bundle.load(MODEL_DIR)
    except Exception:
        return None


def active():
    global _active
    if _active is _UNSET:
        _active = load_default()
    return _active


@contextmanager
def use_model(bundle, config: dict | None = None):
    """Run with `bundle` (None: rules only) and, optionally, a combination config other than its own."""
    global _active, _override_config
    saved = (_active, _override_config)
    _active, _override_config = bundle, config
    try:
        yield
    finally:
        _active, _override_config = saved


def refine(source, tasks, citations, year, doc):
    """The rule tasks, refined by the models where the chosen combination says so; a no-op without models."""
    bundle = active()
    if bundle is None:
        return tasks
    from .combine import apply

    try:
        return apply(bundle, source, tasks, citations, year, doc, _override_config)
    except Exception as e:  # a model problem must never cost the rule output
        source.warnings.append(f"ml refine skipped: {type(e).__name__}: {e}")
        return tasks
