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
from contextvars import ContextVar
from functools import lru_cache

from ..resources import models_dir

MODEL_DIR = models_dir()

_UNSET = object()
# The Bundle in use and an optional combination config in its place, per thread and context (so
# two Extractors with different models can run side by side): the models of MODEL_DIR unless
# use_model() says otherwise.
_active: ContextVar = ContextVar("vn_tasks_models", default=_UNSET)
_override_config: ContextVar = ContextVar("vn_tasks_combination", default=None)


def load_default():
    """The committed models, or None when there are none."""
    return load_folder(MODEL_DIR)


@lru_cache(maxsize=8)
def load_folder(folder):
    """The models of `folder`, loaded once per process (None when it holds none)."""
    from .models import Bundle

    return Bundle.load(folder)


def active():
    bundle = _active.get()
    return load_default() if bundle is _UNSET else bundle


@contextmanager
def use_model(bundle, config: dict | None = None):
    """Run with `bundle` (None: rules only) and, optionally, a combination config other than its own."""
    tokens = (_active.set(bundle), _override_config.set(config))
    try:
        yield
    finally:
        _active.reset(tokens[0])
        _override_config.reset(tokens[1])


def _config(bundle) -> dict:
    from .combine import RULES

    override = _override_config.get()
    return dict(RULES, **(override if override is not None else bundle.combination))


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
