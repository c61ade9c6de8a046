"""The review pages (`cli.py review`) opened in headless Chromium: every task's highlights are
present, visible and cover exactly its spans; clicking a task scrolls its highlight into view;
the index counts the batch and its failures; text is escaped; nothing is fetched from the network.

Chromium is Debian's package (scripts/setup.sh), driven by playwright without downloading a browser.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "corpus" / "seeds"
SHARED_DOCS = REPO.parent / "shared" / "corpus" / "docs"  # /work/shared/corpus/docs beside the checkout
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INJECTED = '\n<script>window.injected = 1</script> & "quoted" <b>bold</b>'


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "cli.py", *args], cwd=REPO, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, Path, list[tuple[Path, dict]]]:
    """(records folder, review folder, [(record path, record)]) for the seeds and the shared corpus.

    One real record gets markup appended to its text (no span moves) to check the escaping.
    """
    records_dir, review_dir = tmp_path_factory.mktemp("records"), tmp_path_factory.mktemp("review")
    sources = [str(SEEDS)] + ([str(SHARED_DOCS)] if SHARED_DOCS.is_dir() else [])
    cli("extract", *sources, "--out", str(records_dir), "--quiet", "--no-ocr")
    paths = sorted(records_dir.glob("*.json"))
    first = json.loads(paths[0].read_text(encoding="utf-8"))
    first["text"] += INJECTED
    first["document"]["subject"] = "<img src=x onerror=window.injected=2>"
    paths[0].write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    cli("review", str(records_dir), "--out", str(review_dir))
    return records_dir, review_dir, [(p, json.loads(p.read_text(encoding="utf-8"))) for p in paths]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip(
            "chromium is not installed (apt-get install --no-install-recommends chromium; see scripts/setup.sh)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A page that records every request other than local files."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.remote_requests = []
    tab.on("request", lambda r: r.url.startswith("file:") or tab.remote_requests.append(r.url))
    yield tab
    tab.close()


def union(spans: list) -> list[tuple[int, int]]:
    """Character ranges covered by the spans, in order (overlapping spans are one highlight)."""
    covered = sorted({i for s, e in spans for i in range(s, e)})
    ranges: list[list[int]] = []
    for i in covered:
        if ranges and ranges[-1][1] == i:
            ranges[-1][1] = i + 1
        else:
            ranges.append([i, i + 1])
    return [(s, e) for s, e in ranges]


def review_page(review_dir: Path, record_path: Path) -> str:
    return (review_dir / f"{record_path.stem}.html").as_uri()


MARKS_JS = """() => Array.from(document.querySelectorAll("mark.hl")).map(m =>
    [m.dataset.taskId, m.dataset.kind, m.textContent, m.checkVisibility()])"""


def test_every_task_highlight_is_present_visible_and_in_place(batch, page):
    _, review_dir, entries = batch
    checked = 0
    for path, record in entries:
        page.goto(review_page(review_dir, path))
        assert page.locator("#text").text_content() == record["text"], path.name
        found: dict[tuple[str, str], list] = {}
        for tid, kind, text, visible in page.evaluate(MARKS_JS):
            found.setdefault((tid, kind), []).append((text, visible))
        for task in record["tasks"]:
            spans = task.get("spans") or {}
            for kind, want in (
                ("action", [spans.get("action")]),
                ("deadline", [spans.get("deadline")]),
                ("units", spans.get("units") or []),
                ("references", spans.get("references") or []),
            ):
                want, pieces = [s for s in want if s], found.pop((task["id"], kind), [])
                assert bool(pieces) == bool(want), (path.name, task["id"], kind)
                assert all(visible for _, visible in pieces), (path.name, task["id"], kind)
                covered = "".join(text for text, _ in pieces)
                assert covered == "".join(record["text"][s:e] for s, e in union(want)), (task["id"], kind)
            if spans.get("action"):
                assert page.locator(f'mark[data-kind="action"][data-task-id="{task["id"]}"]').first.is_visible()
                checked += 1
        assert not found, f"highlights of no task: {sorted(found)[:3]}"
        assert page.locator("li.task").count() == len(record["tasks"])
    assert checked >= 100, "too few tasks to be a real check"
    assert not page.remote_requests


def test_clicking_a_task_scrolls_its_highlight_into_view(batch, page):
    _, review_dir, entries = batch
    located = [(p, r, t) for p, r in entries for t in r["tasks"] if (t.get("spans") or {}).get("action")]
    path, _, last = max(located, key=lambda e: e[2]["spans"]["action"][0])  # the deepest highlight
    page.goto(review_page(review_dir, path))
    mark = page.locator(f'mark[data-kind="action"][data-task-id="{last["id"]}"]').first
    pane = page.locator("section.text")

    def in_pane() -> bool:
        m, p = mark.bounding_box(), pane.bounding_box()
        return m["y"] + m["height"] > p["y"] and m["y"] < p["y"] + p["height"]

    assert not in_pane(), "the last task's highlight should start out of view in the longest document"
    page.locator(f'li.task[data-task-id="{last["id"]}"]').click()
    assert in_pane()
    assert "active" in mark.get_attribute("class")
    assert "active" in page.locator(f'li.task[data-task-id="{last["id"]}"]').get_attribute("class")


def test_index_counts_the_batch_and_its_failures(batch, page):
    records_dir, review_dir, entries = batch
    failures = [
        json.loads(line)
        for line in (records_dir / "errors.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    page.goto((review_dir / "index.html").as_uri())
    assert page.locator("#n-documents").text_content() == str(len(entries))
    assert page.locator("#n-tasks").text_content() == str(sum(len(r["tasks"]) for _, r in entries))
    assert page.locator("#n-failures").text_content() == str(len(failures))
    assert page.locator("table.failures tbody tr").count() == len(failures)
    links = page.locator("table.batch a")
    assert links.count() == len(entries)
    links.nth(1).click()
    assert page.url == review_page(review_dir, entries[1][0])
    assert not page.remote_requests


def test_text_is_escaped(batch, page):
    _, review_dir, entries = batch
    html = Path(review_dir / f"{entries[0][0].stem}.html").read_text(encoding="utf-8")
    assert "<script>window.injected" not in html and "<img src=x" not in html
    page.goto(review_page(review_dir, entries[0][0]))
    assert page.evaluate("window.injected") is None
    assert page.locator("#text").text_content().endswith(INJECTED)
    assert "<img src=x onerror=window.injected=2>" in page.locator(".frame").text_content()
    assert not re.search(r"""\s(src|href)=["']?https?:""", html), "the page links to the network"
