"""The seeds in all three renditions, extracted and scored against their gold (issue 2's bar)."""

import pytest
from conftest import SEED_GOLD, SEEDS

from evaluation.score import evaluate
from extractor.batch import run


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_seed_rendition_scores(ext, tmp_path):
    files = sorted(SEEDS.glob(f"*.{ext}"))
    assert len(files) == 5
    summary = run([str(f) for f in files], str(tmp_path), progress=False)
    assert not summary.failures
    s, _, missing = evaluate(SEED_GOLD, tmp_path)
    assert not missing
    assert s["headline"] >= 0.85
    assert s["tasks"]["units_f1"] >= 0.85
    assert s["tasks"]["deadline_value_accuracy"] >= 0.85
    assert s["references"]["f1"] >= 0.95


def test_error_listing_names_each_difference():
    import copy
    import json

    from evaluation.score import error_listing

    gold = json.loads((SEED_GOLD / "001_475951f4d1ea64ec.json").read_text(encoding="utf-8"))
    assert error_listing({"seed": (gold, gold)}) == ""
    pred = copy.deepcopy(gold)
    task = next(t for t in pred["tasks"] if t.get("units"))
    task["units"] = ["Phòng Không Có"]
    dropped = pred["tasks"].pop()
    pred["references"] = pred["references"][1:]
    listing = error_listing({"seed": (pred, gold)})
    assert listing.startswith("seed\n")
    assert "units ['Phòng Không Có']" in listing
    assert f"reference missed: {gold['references'][0]['key'].replace(' ', '').upper()}" in listing
    assert "task missed: '" + dropped["action"][:30] in listing
