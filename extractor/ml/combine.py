"""The combination of rule output and model output, as the evaluation chose it.

Config keys (models/combination.json holds the chosen values):

- "tasks": "rules" (the rules' decision over the candidates), "decider" (the task decision with
  the rule predicates among its features decides, at "threshold"), or "decider_norules" (the task
  decision without them);
- "units": "rules", "fill" (rule units unless empty, then the span tagger's), "model" (tagger only);
- "co_units": same choices;
- "deadline": "rules", "fill" (the tagger's deadline expression where the rules found none,
  parsed by the rule normaliser), "model";
- "unit_ends": "rules", or "model" (the unit-end model may end each unit and co-unit name of the
  rules earlier, where its probability is above "unit_end_threshold"; unit_ends.py).
"""

from __future__ import annotations

from ..deadlines import find_deadline, parse_column
from ..record import Deadline, Source, Task
from ..units import clean_unit
from .decision import features_of_plan
from .features import structure
from .spans import decode, sequence

RULES = {"tasks": "rules", "units": "rules", "co_units": "rules", "deadline": "rules", "unit_ends": "rules"}
MODEL_ONLY = {"tasks": "decider_norules", "units": "model", "co_units": "model", "deadline": "model"}


def decide_tasks(bundle, plan, cfg: dict) -> list[bool] | None:
    """The task decision over the plan's candidates, or None where the rules decide."""
    mode = cfg.get("tasks", "rules")
    model = {"decider": bundle.decider, "decider_norules": bundle.decider_norules}.get(mode)
    if model is None:
        return None
    threshold = float(cfg.get("threshold", model.threshold))
    probs = model.proba(features_of_plan(plan, with_rules=model.with_rules))
    return [bool(p >= threshold) for p in probs]


def _parse_deadline(text: str, year) -> Deadline | None:
    for d in (find_deadline(text, year), parse_column(text, year)):
        if d.type != "none":
            return d
    return None


def _needs_tagger(t: Task, cfg: dict) -> bool:
    """Whether the span tagger has anything to give this task: a field it decides ("model"), or
    one it fills that the rules left empty ("fill")."""
    return (
        any(cfg.get(f) == "model" for f in ("units", "co_units", "deadline"))
        or (cfg.get("units") == "fill" and not t.units)
        or (cfg.get("co_units") == "fill" and not t.co_units)
        or (cfg.get("deadline") == "fill" and t.deadline.type == "none")
    )


def apply(bundle, source: Source, tasks: list[Task], citations, year, doc: dict, cfg: dict) -> list[Task]:
    """Units, co-units and deadlines from the span tagger, and unit ends from the unit-end model,
    where `cfg` says so."""
    need_tagger = any(cfg.get(k) in ("fill", "model") for k in ("units", "co_units", "deadline"))
    ends = cfg.get("unit_ends") == "model" and bundle.unit_ends is not None
    if not (need_tagger and bundle.spans is not None or ends):
        return tasks
    blocks = source.blocks
    st = structure(blocks)
    where = {(b.start, b.end): i for i, b in enumerate(blocks)}
    placed = [(where.get(tuple(t.span or ())), t) for t in tasks]
    if need_tagger and bundle.spans is not None:
        cache: dict[int, dict] = {}
        for i, t in placed:
            if i is None or not _needs_tagger(t, cfg):
                continue
            if i not in cache:
                segs, toks, feats = sequence(blocks, i, st)
                cache[i] = decode(segs, toks, bundle.spans.tag(feats))
            found = cache[i]
            for field, tag in (("units", "U"), ("co_units", "C")):
                how = cfg.get(field, "rules")
                spans = found[tag]
                if how == "rules" or (how == "fill" and getattr(t, field)):
                    continue
                own = [s for s in spans if s[0] == 0]
                pick = own or ([s for s in spans if s[0] == min(x[0] for x in spans)] if spans else [])
                names = []
                for _, s in pick:
                    u = clean_unit(s)
                    if u and u not in names:
                        names.append(u)
                setattr(t, field, names)
            how = cfg.get("deadline", "rules")
            if how == "model" or (how == "fill" and t.deadline.type == "none"):
                own = [s for seg, s in found["D"] if seg == 0]
                parsed = _parse_deadline(own[0], year) if own else None
                if parsed is not None:
                    t.deadline = parsed
                elif how == "model":
                    t.deadline = Deadline()
    if ends:
        from .unit_ends import refine_units

        th, memo = float(cfg.get("unit_end_threshold", 0.5)), {}
        for i, t in placed:
            if i is not None:
                t.units = refine_units(bundle.unit_ends, blocks, st, i, t.units, False, th, memo)
                t.co_units = refine_units(bundle.unit_ends, blocks, st, i, t.co_units, True, th, memo)
    return tasks
