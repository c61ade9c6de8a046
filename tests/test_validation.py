"""Validation that cannot be fooled: folds that hold out whole sources, and the held-back shelf."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from conftest import ROOT

from evaluation.cross_validate import make_folds
from evaluation.score import markdown_report, score_document, summarize
from evaluation.sources import GOLD_SETS, SHELF_SEED, choose_shelf, groups, shelf, table
from extractor.ml.data import gold_documents

ROWS = table()


def test_every_gold_file_has_a_source_row():
    for gold_dir, _ in GOLD_SETS:
        for path in sorted(gold_dir.glob("*.json")):
            stem = json.loads(path.read_text(encoding="utf-8"))["file"].rsplit(".", 1)[0]
            assert stem in ROWS, f"{path.name}: no row in corpus/gold/sources.csv"
            assert ROWS[stem].set == gold_dir.name, f"{path.name}: listed in set {ROWS[stem].set}"


@pytest.mark.parametrize("k, seed", [(6, 0), (6, 1), (4, 2), (0, 0)])
def test_grouped_folds_hold_out_whole_sources(k, seed):
    names = sorted(ROWS)
    by = groups(names, ROWS)
    folds = make_folds(names, k, seed, by)
    assert sorted(n for f in folds for n in f) == names  # every document held out exactly once
    fold_of = {by[n]: i for i, f in enumerate(folds) for n in f}
    for i, f in enumerate(folds):
        for n in f:
            assert fold_of[by[n]] == i, f"source {by[n]} split over folds"
    if k == 0:
        assert len(folds) == len(set(by.values()))  # leave one source out
    else:
        assert len(folds) == k


def test_grouped_folds_differ_by_seed_and_document_folds_split_sources():
    names = sorted(ROWS)
    by = groups(names, ROWS)
    assert make_folds(names, 6, 1, by) != make_folds(names, 6, 2, by)
    random_folds = make_folds(names, 6, 0)
    split = [g for g in set(by.values()) if len({i for i, f in enumerate(random_folds) for n in f if by[n] == g}) > 1]
    assert split, "random document folds are expected to split some source over folds"


def test_shelf_is_the_fixed_seed_draw_and_spread():
    batch = [r for r in ROWS.values() if r.set == "shared2"]
    drawn = choose_shelf(batch, SHELF_SEED)
    assert set(drawn) == shelf(), "corpus/gold/shelf.txt is not the draw of choose_shelf(seed)"
    assert abs(len(drawn) - len(batch) / 3) <= 1
    assert choose_shelf(batch, SHELF_SEED + 1) != drawn
    on = [ROWS[s] for s in drawn]
    assert {r.medium for r in on} >= {"text", "scan"}
    assert {r.format for r in on} >= {"pdf", "doc", "docx", "md"}
    assert max(Counter(r.collection for r in on).values()) <= 2  # no source dominates it
    assert len({r.collection for r in on}) >= len({r.collection for r in batch}) // 2


def test_shelf_is_never_training_data(tmp_path):
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    on, off = sorted(shelf())[0], "d99_not_on_the_shelf"
    for stem in (on, off):
        (docs / f"{stem}.txt").write_text("CÔNG VĂN\n", encoding="utf-8")
        (gold / f"{stem}.json").write_text(json.dumps({"file": f"{stem}.txt"}), encoding="utf-8")
    assert [n for n, _, _ in gold_documents([(gold, docs)], exclude={on})] == [off]
    assert [n for n, _, _ in gold_documents([(gold, docs)])] == sorted([on, off])


def test_training_corpus_leaves_the_shelf_out(monkeypatch):
    import evaluation.sources as sources

    seen = {}
    monkeypatch.setattr("extractor.ml.data.load_corpus", lambda sets, **kw: seen.update(sets=sets, **kw) or [])
    sources.training_corpus()
    assert seen["sets"] == GOLD_SETS and set(seen["exclude"]) == shelf() and len(shelf()) == 14


def _record(tasks):
    return {"document": {}, "references": [], "tasks": tasks}


def test_report_lists_no_shelf_document():
    task = {
        "action": "Báo cáo kết quả",
        "units": ["Sở Y tế"],
        "co_units": [],
        "references": [],
        "deadline": {"type": "none"},
    }
    on = sorted(shelf())[0]
    results = {
        on: score_document(_record([]), _record([task])),
        "d02_uit_tb03_dtdh_2014": score_document(_record([task]), _record([task])),
    }
    text = markdown_report(summarize(results), results, [], rows=ROWS, unlisted=shelf())
    assert on not in text and "d02_uit_tb03_dtdh_2014" in text
    assert "1 documents of the held-back shelf" in text
    assert "| read as text | 2 |" in text or "| read as scan |" in text


def test_show_errors_refuses_the_shelf(tmp_path):
    cmd = [sys.executable, str(ROOT / "cli.py"), "evaluate", "--shelf", "--show-errors", "--pred", str(tmp_path)]
    refused = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 2 and "--allow-shelf" in refused.stderr
