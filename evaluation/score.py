"""The scorer of record-format.md: document fields, references and tasks, per document and overall."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from extractor.output import Record, as_json
from extractor.text import canonical

DOC_FIELDS = [
    "doc_type",
    "number",
    "symbol",
    "issuer",
    "place",
    "date",
    "subject",
    "recipients",
    "basis",
    "cc",
    "signer.name",
    "signer.title",
    "signer.authority",
]


def tokens(text: str | None) -> list[str]:
    return canonical(text).split()


def token_f1(a: str | None, b: str | None) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta and not tb:
        return 1.0
    overlap = sum((ta & tb).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(ta.values()), overlap / sum(tb.values())
    return 2 * p * r / (p + r)


def set_f1(pred, gold, key=canonical) -> float:
    ps, gs = {key(x) for x in pred or []}, {key(x) for x in gold or []}
    ps.discard("")
    gs.discard("")
    if not ps and not gs:
        return 1.0
    tp = len(ps & gs)
    if not tp:
        return 0.0
    p, r = tp / len(ps), tp / len(gs)
    return 2 * p * r / (p + r)


def ref_key(key: str) -> str:
    key = re.sub(r"\s+", "", key or "").upper()
    key = re.sub(r"[–—‐-]", "-", key)
    return re.sub(r"^0+(?=\d)", "", key)


def _get(doc: dict, field: str):
    cur = doc
    for part in field.split("."):
        cur = (cur or {}).get(part)
    return cur


def rrule_parts(rule: str | None) -> dict:
    if not rule:
        return {}
    return dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)


def has_deadline(dl: dict | None) -> bool:
    return bool(dl) and dl.get("type") not in (None, "none")


def deadline_equal(p: dict, g: dict) -> bool:
    if (p or {}).get("type") != (g or {}).get("type"):
        return False
    if g.get("type") == "recurring":
        return rrule_parts(p.get("rrule")) == rrule_parts(g.get("rrule")) and p.get("time") == g.get("time")
    return p.get("date") == g.get("date")


def pair_tasks(pred: list[dict], gold: list[dict]) -> list[tuple[int, int, float]]:
    """Greedy best-first pairing by action token F1 (at least 0.5)."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            f = token_f1(p.get("action"), g.get("action"))
            if f >= 0.5:
                cands.append((f, i, j))
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p, used_g, pairs = set(), set(), []
    for f, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j, f))
    return pairs


def score_document(pred: "Record | dict", gold: "Record | dict") -> dict:
    """The scores of one predicted record against its gold (Records, or their JSON data)."""
    pred, gold = as_json(pred), as_json(gold)
    pd, gd = pred.get("document", {}), gold.get("document", {})
    fields = {}
    for f in DOC_FIELDS:
        pv, gv = _get(pd, f), _get(gd, f)
        if f in ("recipients", "basis", "cc"):
            fields[f] = set_f1(pv, gv)
        elif f == "subject":
            fields[f] = token_f1(pv, gv) if (pv or gv) else 1.0
        else:
            fields[f] = float(
                canonical(str(pv)) == canonical(str(gv))
                if (pv is not None and gv is not None)
                else pv is None and gv is None
            )
    pk = {ref_key(r["key"]): r for r in pred.get("references", [])}
    gk = {ref_key(r["key"]): r for r in gold.get("references", [])}
    matched = set(pk) & set(gk)
    ref = {
        "tp": len(matched),
        "pred": len(pk),
        "gold": len(gk),
        "date_ok": sum(pk[k].get("date") == gk[k].get("date") for k in matched),
    }
    pt, gt = pred.get("tasks", []), gold.get("tasks", [])
    pairs = pair_tasks(pt, gt)
    per_pair = []
    for i, j, f in pairs:
        p, g = pt[i], gt[j]
        pdl, gdl = p.get("deadline") or {}, g.get("deadline") or {}
        per_pair.append(
            {
                "action": f,
                "units": set_f1(p.get("units"), g.get("units")),
                "co_units": set_f1(p.get("co_units"), g.get("co_units")),
                "type": float(pdl.get("type", "none") == gdl.get("type", "none")),
                "deadline": (float(deadline_equal(pdl, gdl)) if has_deadline(pdl) or has_deadline(gdl) else None),
                "references": set_f1(p.get("references"), g.get("references"), key=ref_key),
            }
        )
    return {"fields": fields, "refs": ref, "tasks": {"pred": len(pt), "gold": len(gt), "pairs": per_pair}}


def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else (1.0 if not ngold else 0.0)
    r = tp / ngold if ngold else (1.0 if not npred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _mean(xs) -> float:
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else 1.0


def summarize(results: dict[str, dict]) -> dict:
    """Overall figures from per-document results."""
    docs = list(results.values())
    fields = {f: _mean(d["fields"][f] for d in docs) for f in DOC_FIELDS}
    tp = sum(d["refs"]["tp"] for d in docs)
    rp, rr, rf = _prf(tp, sum(d["refs"]["pred"] for d in docs), sum(d["refs"]["gold"] for d in docs))
    pairs = [p for d in docs for p in d["tasks"]["pairs"]]
    tp_t = len(pairs)
    tpp, tpr, tpf = _prf(tp_t, sum(d["tasks"]["pred"] for d in docs), sum(d["tasks"]["gold"] for d in docs))
    out = {
        "documents": len(docs),
        "fields": fields,
        "references": {
            "precision": rp,
            "recall": rr,
            "f1": rf,
            "date_accuracy": (sum(d["refs"]["date_ok"] for d in docs) / tp) if tp else 1.0,
        },
        "tasks": {
            "precision": tpp,
            "recall": tpr,
            "f1": tpf,
            "pairs": tp_t,
            "units_f1": _mean(p["units"] for p in pairs),
            "co_units_f1": _mean(p["co_units"] for p in pairs),
            "deadline_type_accuracy": _mean(p["type"] for p in pairs),
            "deadline_value_accuracy": _mean(p["deadline"] for p in pairs),
            "references_f1": _mean(p["references"] for p in pairs),
            "action_f1": _mean(p["action"] for p in pairs),
        },
    }
    t = out["tasks"]
    out["headline"] = (t["f1"] + t["units_f1"] + t["deadline_value_accuracy"] + rf) / 4
    return out


def load_pairs(gold_dir: str | Path, pred_dir: str | Path) -> tuple[dict[str, tuple[dict, dict | None]], list[str]]:
    """Gold files matched to predictions by file stem; a missing prediction scores as empty."""
    pairs, missing = {}, []
    preds = {}
    for p in Path(pred_dir).glob("*.json"):
        try:
            rec = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(rec, dict) and "document" in rec:
            preds[Path(rec.get("file", p.name)).stem] = rec
            preds.setdefault(p.stem, rec)
    for g in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        stem = Path(gold.get("file", g.name)).stem
        pred = preds.get(stem) or preds.get(g.stem)
        if pred is None:
            missing.append(stem)
        pairs[stem] = (pred or {"document": {}, "references": [], "tasks": []}, gold)
    return pairs, missing


def evaluate(gold_dir, pred_dir) -> tuple[dict, dict, list[str]]:
    pairs, missing = load_pairs(gold_dir, pred_dir)
    results = {stem: score_document(p, g) for stem, (p, g) in pairs.items()}
    return summarize(results), results, missing


def document_row(stem: str, r: dict) -> dict:
    s = summarize({stem: r})
    return {
        "document": stem,
        "headline": s["headline"],
        "task_f1": s["tasks"]["f1"],
        "units_f1": s["tasks"]["units_f1"],
        "deadline_acc": s["tasks"]["deadline_value_accuracy"],
        "ref_f1": s["references"]["f1"],
        "pred_tasks": r["tasks"]["pred"],
        "gold_tasks": r["tasks"]["gold"],
    }


def _short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _deadline_text(dl: dict | None) -> str:
    dl = dl or {}
    value = dl.get("rrule") or dl.get("date") or ""
    return f"{dl.get('type', 'none')} {value}".strip()


def error_listing(pairs: dict[str, tuple[dict, dict]]) -> str:
    """What differs from gold, document by document: frame fields, references, missed and extra
    tasks, and the units, co-units and deadlines of paired tasks."""
    out = []
    for stem, (pred, gold) in pairs.items():
        lines = []
        pd, gd = pred.get("document", {}), gold.get("document", {})
        for f in DOC_FIELDS:
            pv, gv = _get(pd, f), _get(gd, f)
            if f in ("recipients", "basis", "cc"):
                bad = set_f1(pv, gv) < 1
            elif f == "subject":
                bad = (pv or gv) and token_f1(pv, gv) < 1
            else:
                bad = canonical(str(pv)) != canonical(str(gv))
            if bad:
                lines.append(
                    f"  field {f}: {_short(json.dumps(pv, ensure_ascii=False))} "
                    f"(gold {_short(json.dumps(gv, ensure_ascii=False))})"
                )
        pk = {ref_key(r["key"]) for r in pred.get("references", [])}
        gk = {ref_key(r["key"]) for r in gold.get("references", [])}
        lines += [f"  reference missed: {k}" for k in sorted(gk - pk)]
        lines += [f"  reference extra: {k}" for k in sorted(pk - gk)]
        pt, gt = pred.get("tasks", []), gold.get("tasks", [])
        paired = pair_tasks(pt, gt)
        for i, j, _ in sorted(paired, key=lambda x: x[1]):
            p, g = pt[i], gt[j]
            diffs = []
            for key in ("units", "co_units"):
                if set_f1(p.get(key), g.get(key)) < 1:
                    diffs.append(f"{key} {p.get(key) or []} (gold {g.get(key) or []})")
            pdl, gdl = p.get("deadline") or {}, g.get("deadline") or {}
            if (has_deadline(pdl) or has_deadline(gdl)) and not deadline_equal(pdl, gdl):
                diffs.append(
                    f"deadline {_deadline_text(pdl)} (gold {_deadline_text(gdl)}, "
                    f"written {_short(gdl.get('text'), 50)!r})"
                )
            if diffs:
                lines.append(f"  task {_short(g.get('action'), 70)!r}")
                lines += [f"    {d}" for d in diffs]
        lines += [
            f"  task missed: {_short(gt[j].get('action'))!r} {gt[j].get('units') or []}"
            for j in range(len(gt))
            if j not in {b for _, b, _ in paired}
        ]
        lines += [
            f"  task extra: {_short(pt[i].get('action'))!r} {pt[i].get('units') or []}"
            for i in range(len(pt))
            if i not in {a for a, _, _ in paired}
        ]
        if lines:
            out += [stem] + lines
    return "\n".join(out) + ("\n" if out else "")


def breakdown(results: dict[str, dict], rows: dict, formats: dict[str, str] | None = None) -> list[tuple[str, dict]]:
    """Summaries of the documents by medium (text, scan, garbled), from the sources table
    (evaluation/sources.py), and by format: the predicted file's extension where `formats` gives it
    (a seed's DOCX rendition), else the table's. Documents the table does not list are left out."""
    subsets: dict[str, dict] = {}
    for stem, res in results.items():
        row = rows.get(stem)
        if row is None:
            continue
        fmt = (formats or {}).get(stem) or row.format
        for label in (f"read as {row.medium}", f"format {fmt}"):
            subsets.setdefault(label, {})[stem] = res
    return [(label, summarize(subsets[label])) for label in sorted(subsets)]


def summary_rows(named: list[tuple[str, dict]]) -> list[str]:
    """Markdown table rows: subset, documents and the headline figures."""
    lines = [
        "| subset | documents | headline | task P | task R | task F1 | units F1 | deadline acc | ref F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, s in named:
        t = s["tasks"]
        lines.append(
            f"| {label} | {s['documents']} | {s['headline']:.3f} | {t['precision']:.3f} | {t['recall']:.3f} | "
            f"{t['f1']:.3f} | {t['units_f1']:.3f} | {t['deadline_value_accuracy']:.3f} | "
            f"{s['references']['f1']:.3f} |"
        )
    return lines


def markdown_report(
    summary: dict,
    results: dict,
    missing: list[str],
    title: str = "Evaluation",
    rows: dict | None = None,
    unlisted: set[str] = frozenset(),
    formats: dict[str, str] | None = None,
) -> str:
    """The report: overall figures, fields, subsets by medium and format (with `rows`, the sources
    table), and one line per document except the `unlisted` ones (the shelf), which count only in
    the totals."""
    t, r = summary["tasks"], summary["references"]
    lines = [
        f"# {title}",
        "",
        f"Documents: {summary['documents']}" + (f" (no prediction: {', '.join(missing)})" if missing else ""),
        "",
        f"**Headline: {summary['headline']:.3f}**",
        "",
        "| measure | value |",
        "|---|---|",
        f"| task P / R / F1 | {t['precision']:.3f} / {t['recall']:.3f} / {t['f1']:.3f} |",
        f"| units F1 (pairs) | {t['units_f1']:.3f} |",
        f"| co-units F1 (pairs) | {t['co_units_f1']:.3f} |",
        f"| deadline type accuracy | {t['deadline_type_accuracy']:.3f} |",
        f"| deadline value accuracy | {t['deadline_value_accuracy']:.3f} |",
        f"| task references F1 | {t['references_f1']:.3f} |",
        f"| action token F1 | {t['action_f1']:.3f} |",
        f"| reference P / R / F1 | {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f} |",
        f"| reference date accuracy | {r['date_accuracy']:.3f} |",
        "",
        "| field | score |",
        "|---|---|",
    ]
    lines += [f"| {f} | {v:.3f} |" for f, v in summary["fields"].items()]
    if rows:
        subsets = breakdown(results, rows, formats)
        if subsets:
            lines += [""] + summary_rows(subsets)
    hidden = [stem for stem in results if stem in unlisted]
    if len(hidden) == len(results):
        return "\n".join(lines + ["", f"{len(hidden)} documents of the held-back shelf: totals only."]) + "\n"
    lines += [
        "",
        "| document | headline | task F1 | units F1 | deadline acc | ref F1 | tasks pred/gold |",
        "|---|---|---|---|---|---|---|",
    ]
    if hidden:
        lines.insert(
            len(lines) - 2, f"{len(hidden)} documents of the held-back shelf count in the totals and are not listed.\n"
        )
    for stem, res in results.items():
        if stem in unlisted:
            continue
        d = document_row(stem, res)
        lines.append(
            f"| {stem} | {d['headline']:.3f} | {d['task_f1']:.3f} | {d['units_f1']:.3f} | "
            f"{d['deadline_acc']:.3f} | {d['ref_f1']:.3f} | {d['pred_tasks']}/{d['gold_tasks']} |"
        )
    return "\n".join(lines) + "\n"
