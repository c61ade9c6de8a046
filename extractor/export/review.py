"""Self-contained HTML review pages: a document's text with each task's spans highlighted.

`write_review(records_dir, out_dir)` writes one page per record (the frame at the top, warnings,
the text with the action, units, deadline and references of every task marked from their spans,
the task list beside it) and index.html listing the batch with its failures from errors.jsonl.
CSS and JS (review.css, review.js beside this module) are inlined: the pages load nothing.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from ..output import Record, as_json
from .common import doc_code, load_records, task_id

KINDS = ("action", "units", "deadline", "references")  # outermost first when spans nest
PALETTE = ("#fff1a8", "#ffd8a8", "#e5d4ff", "#ffd3e8", "#e3efb8", "#ccefef", "#f0dcc0", "#dde3ea")
LABELS = {"action": "nội dung", "units": "đơn vị", "deadline": "thời hạn", "references": "văn bản dẫn"}


def asset(name: str) -> str:
    """A stylesheet or script shipped beside this module."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def page(title: str, body: str) -> str:
    """A complete HTML document with the CSS and JS inlined."""
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{asset('review.css')}</style></head>"
        f"<body>{body}<script>{asset('review.js')}</script></body></html>\n"
    )


def merged(spans: list) -> list[tuple[int, int]]:
    """The spans, overlapping ones joined."""
    out: list[list[int]] = []
    for start, end in sorted(tuple(s) for s in spans if s):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def marks(record: dict) -> list[tuple[int, int, str, int]]:
    """(start, end, kind, task index) for every non-empty span of every task, clipped to the text."""
    size, out = len(record.get("text") or ""), []
    for i, task in enumerate(record["tasks"]):
        spans = task.get("spans") or {}
        for kind in KINDS:
            value = spans.get(kind)
            for start, end in merged([value] if kind in ("action", "deadline") else value or []):
                if min(end, size) > max(start, 0):
                    out.append((max(start, 0), min(end, size), kind, i))
    return out


def marked_text(record: dict) -> str:
    """The escaped text cut at every span boundary, each piece wrapped in the marks covering it."""
    text, spans = record.get("text") or "", marks(record)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    ids = [task_id(record, i) for i in range(len(record["tasks"]))]
    html = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted(
            (m for m in spans if m[0] <= a and b <= m[1]), key=lambda m: (m[0] - m[1], KINDS.index(m[2]), m[3])
        )
        opened = "".join(
            f'<mark class="hl k-{kind}" data-task-id="{escape(ids[i])}" data-kind="{kind}" '
            f'style="--c:{PALETTE[i % len(PALETTE)]}" title="{i + 1}: {LABELS[kind]}">'
            for _, _, kind, i in covering
        )
        html.append(opened + escape(text[a:b]) + "</mark>" * len(covering))
    return "".join(html)


def deadline_text(deadline: dict) -> str:
    """'text [type] date-or-rrule time', empty when the task has no deadline."""
    if deadline["type"] == "none" and not deadline.get("text"):
        return ""
    value = deadline.get("date") or deadline.get("rrule") or ""
    parts = [deadline.get("text") or "", f"[{deadline['type']}]", value, deadline.get("time") or ""]
    return " ".join(p for p in parts if p)


def task_item(record: dict, i: int, highlighted: set[int]) -> str:
    """One entry of the task list, in the task's colour, noting when its text could not be located."""
    task = record["tasks"][i]
    rows = [
        ("Chủ trì", "; ".join(task["units"])),
        ("Phối hợp", "; ".join(task["co_units"])),
        ("Thời hạn", deadline_text(task["deadline"])),
        ("Văn bản dẫn", "; ".join(task["references"])),
        ("Trang", str(task.get("page") or "")),
        ("Mã", task_id(record, i)),
    ]
    details = "".join(f"<dt>{label}</dt><dd>{escape(value)}</dd>" for label, value in rows if value)
    missing = "" if i in highlighted else '<p class="nospan">không có vị trí trong văn bản</p>'
    return (
        f'<li class="task" tabindex="0" data-task-id="{escape(task_id(record, i))}" '
        f'style="--c:{PALETTE[i % len(PALETTE)]}"><p class="action">{escape(task["action"])}</p>'
        f"<dl>{details}</dl>{missing}</li>"
    )


def frame(record: dict) -> str:
    """The document's administrative frame as a definition list; long lists folded."""
    doc = record["document"]
    signer = doc.get("signer") or {}
    rows = [
        ("Loại", doc.get("doc_type")),
        ("Số, ký hiệu", doc_code(doc)),
        ("Ngày", doc.get("date")),
        ("Nơi ban hành", doc.get("place")),
        ("Cơ quan ban hành", doc.get("issuer")),
        ("Trích yếu", doc.get("subject")),
        ("Người ký", ", ".join(filter(None, [signer.get("authority"), signer.get("title"), signer.get("name")]))),
        ("Tệp", f"{record['file']} ({record.get('pages', '?')} trang)"),
    ]
    lists = [
        ("Kính gửi", doc.get("recipients") or []),
        ("Căn cứ", doc.get("basis") or []),
        ("Nơi nhận", doc.get("cc") or []),
        ("Văn bản dẫn chiếu", [r["key"] for r in record["references"]]),
    ]
    html = "".join(f"<dt>{label}</dt><dd>{escape(value)}</dd>" for label, value in rows if value)
    html += "".join(
        f"<dt>{label}</dt><dd><details><summary>{len(items)} mục</summary><ul>"
        + "".join(f"<li>{escape(x)}</li>" for x in items)
        + "</ul></details></dd>"
        for label, items in lists
        if items
    )
    return f'<dl class="frame">{html}</dl>'


def document_page(record: "Record | dict") -> str:
    """Frame, warnings and legend on top; the marked text and the task list side by side."""
    record = as_json(record)
    highlighted = {i for *_, i in marks(record)}
    warnings = "".join(f"<li>{escape(w)}</li>" for w in record.get("warnings") or [])
    legend = "".join(f'<span class="hl k-{k}" style="--c:{PALETTE[0]}">{LABELS[k]}</span>' for k in KINDS)
    items = "".join(task_item(record, i, highlighted) for i in range(len(record["tasks"])))
    title = " ".join(filter(None, [record["document"].get("doc_type"), doc_code(record["document"])])) or record["file"]
    body = (
        f'<header><a href="index.html">← danh sách</a><h1>{escape(title)}</h1>{frame(record)}'
        + (f'<ul class="warnings">{warnings}</ul>' if warnings else "")
        + f'<p class="legend">{legend}</p></header>'
        f'<main><section class="text"><pre id="text">{marked_text(record)}</pre></section>'
        f'<section class="tasks"><h2>{len(record["tasks"])} nhiệm vụ</h2><ol>{items}</ol></section></main>'
    )
    return page(title, body)


def read_failures(records_dir: Path) -> list[dict]:
    """The batch's errors.jsonl entries ({path, file, reason, hint}), none when it is absent."""
    path = records_dir / "errors.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def index_page(entries: list[tuple[str, dict]], failures: list[dict]) -> str:
    """The batch: counts, one row per document page, one row per failure."""
    tasks = sum(len(r["tasks"]) for _, r in entries)
    rows = "".join(
        f'<tr><td><a href="{quote(name)}">{escape(r.get("path", r["file"]))}</a></td>'
        f"<td>{escape(r['document'].get('doc_type') or '')}</td>"
        f"<td>{escape(doc_code(r['document']))}</td><td>{escape(r['document'].get('date') or '')}</td>"
        f'<td>{escape(r["document"].get("subject") or "")}</td><td class="n">{len(r["tasks"])}</td>'
        f'<td class="n">{len(r.get("warnings") or [])}</td></tr>'
        for name, r in entries
    )
    failed = "".join(
        f"<tr><td>{escape(str(f.get('path', f.get('file', ''))))}</td><td>{escape(str(f.get('reason', '')))}</td>"
        f"<td>{escape(str(f.get('hint', '')))}</td></tr>"
        for f in failures
    )
    body = (
        f'<header><h1>Kết quả trích xuất</h1><p class="counts"><span id="n-documents">{len(entries)}</span> văn bản, '
        f'<span id="n-tasks">{tasks}</span> nhiệm vụ, <span id="n-failures">{len(failures)}</span> lỗi</p></header>'
        '<table class="batch"><thead><tr><th>Tệp</th><th>Loại</th><th>Số, ký hiệu</th><th>Ngày</th>'
        f"<th>Trích yếu</th><th>Nhiệm vụ</th><th>Cảnh báo</th></tr></thead><tbody>{rows}</tbody></table>"
        + (
            f'<h2>Không trích xuất được</h2><table class="failures"><thead><tr><th>Tệp</th><th>Lý do</th>'
            f"<th>Gợi ý</th></tr></thead><tbody>{failed}</tbody></table>"
            if failures
            else ""
        )
    )
    return page("Kết quả trích xuất", body)


def write_review(records_dir: str | Path, out_dir: str | Path) -> Path:
    """Write <record>.html for every record and index.html into out_dir; return the index's path."""
    records_dir, out = Path(records_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for path, record in load_records(records_dir):
        name = path.stem + ".html"
        (out / name).write_text(document_page(record), encoding="utf-8")
        entries.append((name, record))
    index = out / "index.html"
    index.write_text(index_page(entries, read_failures(records_dir)), encoding="utf-8")
    return index
