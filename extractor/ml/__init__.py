"""Learned models beside the rules: the task decision (is this candidate a task), a span tagger
(units, co-units, deadline expressions) and the unit-end model, trained from the gold records, and
their combination with the rule output.

The pipeline calls in twice: `decide(plan)` gives the task decision over the rules' candidates
(None: the rules' own), and `refine(source, tasks, citations, year, doc)` refines the tasks' units,
co-units and deadlines. Both leave the rule output as it is when no model files are there or the
combination chosen by cross-validation keeps the rules.
"""
from __future__ import annotations

from contextlib import contextmanager

from ..resources import models_dir

MODEL_DIR = models_dir()

_UNSET = object()
_active = _UNSET  # the Bundle in use: loaded from MODEL_DIR on first use, or set by use_model()
_override_config = None


def load_default():
    """The committed models, or None when there are none."""
    from .models import Bundle

    return Bundle.load(MODEL_DIR)


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


def _config(bundle) -> dict:
    from .combine import RULES

    return dict(RULES, **(_override_config if _override_config is not None else bundle.combination))


def decide(plan) -> list[bool] | None:
    """One flag per candidate of the TaskPlan: the learned decision where the combination uses it,
    else None (the rules decide)."""
    bundle = active()
    if bundle is None or not plan.candidates():
        return None
    from .combine import decide_tasks

    return decide_tasks(bundle, plan, _config(bundle))


def refine(source, tasks, citations, year, doc):
    """The tasks, their units, co-units and deadlines refined by the models where the chosen
    combination says so; a no-op without models."""
    bundle = active()
    if bundle is None:
        return tasks
    from .combine import apply

    return apply(bundle, source, tasks, citations, year, doc, _config(bundle))
