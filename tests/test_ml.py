"""The learned models: labels from gold, training, loading, the task decision, refine, cross-validation."""

import json

import pytest
from conftest import SEED_GOLD, SEEDS

from extractor import ml
from extractor.ingest import load
from extractor.ml.combine import MODEL_ONLY, RULES
from extractor.ml.data import align_tasks, load_corpus, locate
from extractor.ml.models import Bundle, crf_available
from extractor.ml.train import examples, rule_run, train
from extractor.pipeline import analyse, build_record


@pytest.fixture(scope="module")
def seeds():
    return load_corpus([(SEED_GOLD, SEEDS)], use_cache=False)


def _tasks(rec):
    return [(t["action"], tuple(t["units"]), t["deadline"]["type"], t["deadline"]["date"]) for t in rec["tasks"]]


def test_locate_forgives_case_spacing_and_abbreviations():
    text = "Giao UBND các xã,  thị trấn chủ trì, phối hợp với Phòng Tài chính - Kế hoạch thực hiện"
    a, b = locate(text, "Ủy ban nhân dân các xã, thị trấn")
    assert text[a:b] == "UBND các xã,  thị trấn"
    a, b = locate(text, "phòng tài chính kế hoạch")
    assert text[a:b] == "Phòng Tài chính - Kế hoạch"
    assert locate(text, "Sở Y tế") is None


def test_gold_tasks_align_to_blocks_and_label_the_candidates(seeds):
    for doc in seeds:
        rec, src, plan = rule_run(doc)
        gold = doc.gold["tasks"]
        aligned = align_tasks(src.blocks, gold)
        assert len(aligned) >= 0.9 * len(gold), doc.name
        ex = examples(doc)
        assert len(ex.decide_y) == len(ex.decide_feats) == len(plan.candidates())
        # every gold task is given by a labelled candidate (items, paragraphs, task-table rows)
        assert sum(ex.decide_y) >= 0.95 * len(gold), doc.name
        assert len(ex.seq_x) == len(aligned) and all(len(x) == len(y) for x, y in zip(ex.seq_x, ex.seq_y))


def test_refine_is_a_no_op_without_model_files(tmp_path, monkeypatch):
    assert Bundle.load(tmp_path) is None
    src = load(SEEDS / "001_475951f4d1ea64ec.txt")
    with ml.use_model(None):
        tasks = [object(), object()]
        assert ml.refine(src, tasks, None, 2026, {}) is tasks
        plan = analyse(load(SEEDS / "001_475951f4d1ea64ec.txt"))[3]
        assert ml.decide(plan) is None
    monkeypatch.setattr(ml, "MODEL_DIR", tmp_path)
    assert ml.load_default() is None


def test_training_gives_a_model_that_loads_and_predicts_deterministically(seeds, tmp_path):
    train_docs, test_doc = seeds[:3], seeds[3]
    paths = []
    for k in range(2):
        b = train(train_docs, spans_path=str(tmp_path / f"spans{k}.crfsuite"))
        b.combination = {
            "tasks": "decider",
            "threshold": 0.5,
            "units": "fill",
            "co_units": "rules",
            "deadline": "rules",
        }
        (tmp_path / f"m{k}").mkdir()
        b.save(tmp_path / f"m{k}")
        (tmp_path / f"m{k}" / "combination.json").write_text(json.dumps(b.combination))
        paths.append(tmp_path / f"m{k}")
    for name in ("task_decision.json.gz", "task_decision_norules.json.gz", "unit_ends.json.gz"):
        assert (paths[0] / name).read_bytes() == (paths[1] / name).read_bytes(), name
    loaded = [Bundle.load(p) for p in paths]
    assert all(lb is not None and lb.decider is not None and lb.decider_norules is not None for lb in loaded)
    assert loaded[0].combination["tasks"] == "decider"
    assert (loaded[0].spans is not None) == crf_available()
    outs = []
    for lb in loaded + [loaded[0]]:
        with ml.use_model(lb):
            outs.append(_tasks(build_record(test_doc.fresh_source())))
    assert outs[0] == outs[1] == outs[2]  # same training, same predictions, every run
    with ml.use_model(loaded[0], RULES):
        rules_only = _tasks(build_record(test_doc.fresh_source()))
    with ml.use_model(None):
        assert _tasks(build_record(test_doc.fresh_source())) == rules_only  # "rules" config keeps the rule output
    from evaluation.score import score_document, summarize

    with ml.use_model(loaded[0], MODEL_ONLY):
        model_only = summarize({"d": score_document(build_record(test_doc.fresh_source()), test_doc.gold)})
    with ml.use_model(loaded[0], RULES):
        rules_score = summarize({"d": score_document(build_record(test_doc.fresh_source()), test_doc.gold)})
    # trained on three seeds, the decision alone finds the fourth's tasks (9 of 9 measured); the
    # tagger alone, without the rules' inherited heading units, names fewer of their units
    assert model_only["tasks"]["f1"] >= 0.85
    assert model_only["tasks"]["units_f1"] < rules_score["tasks"]["units_f1"]


def test_cross_validation_on_a_tiny_fold_set_returns_the_three_systems(seeds):
    from evaluation.cross_validate import CrossValidation, report
    from evaluation.score import score_document, summarize

    cv = CrossValidation(seeds[:3], k=3)
    assert [len(f) for f in cv.folds] == [1, 1, 1]
    chosen, trials = cv.choose()
    with ml.use_model(None):  # rules only does not depend on the folds: it is the rule records' score
        direct = summarize({d.name: score_document(build_record(d.fresh_source()), d.gold) for d in seeds[:3]})
    assert cv.summary(RULES)["headline"] == pytest.approx(direct["headline"])
    model_only, rules_only = cv.summary(MODEL_ONLY), cv.summary(RULES)
    assert rules_only["headline"] >= 0.9  # 0.96 measured
    assert model_only["tasks"]["recall"] >= 0.9  # the held-out decision misses few tasks (0.99 measured)
    assert model_only["tasks"]["units_f1"] < rules_only["tasks"]["units_f1"]  # 0.37 against 0.91
    rules_headline = cv.summary(RULES)["headline"]
    assert cv.summary(chosen)["headline"] >= rules_headline - 1e-9  # a component is used only where it helps
    text = report(cv, chosen, trials)
    assert "| measure | rules only | model only | combined |" in text
    assert "| decision over rule features |" in text


def test_committed_models_load_and_extract():
    bundle = ml.load_default()
    if bundle is None:
        pytest.skip("no model files in models/")
    assert set(bundle.combination) >= {"tasks", "units", "co_units", "deadline"}
    from evaluation.score import score_document, summarize

    path = SEEDS / "002_2b2e92cfe6297037.txt"
    gold = json.loads((SEED_GOLD / "002_2b2e92cfe6297037.json").read_text(encoding="utf-8"))
    with ml.use_model(bundle):
        rec = build_record(load(path))
    assert summarize({"002": score_document(rec, gold)})["tasks"]["f1"] >= 0.9


def test_a_corrupt_model_file_is_an_error_that_names_it(tmp_path):
    from extractor.ml.models import ModelError

    (tmp_path / "task_decision.json.gz").write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="task_decision.json.gz"):
        Bundle.load(tmp_path)


@pytest.mark.parametrize(
    "text, kv",
    [
        ("Tên công trình: Nhà văn hóa xã Đường An", True),
        ("Địa chỉ: số 5 đường Lê Lợi", True),
        ("Nguồn vốn: ngân sách tỉnh", True),
        ("Kiểm tra hồ sơ, tài liệu:", False),  # a verb-led action with its checklist
        ("Sở Y tế: chủ trì, phối hợp với các đơn vị tổ chức thực hiện", False),  # a unit, not a key
        ("Sinh viên phải thực hiện đầy đủ các nhiệm vụ", False),
    ],
)
def test_key_value_lines(text, kv):
    from extractor.ml.decision import _key_value

    assert _key_value(text) is kv


@pytest.mark.parametrize(
    "heading, cls",
    [
        ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "directive"),
        ("IV. TỔ CHỨC THỰC HIỆN", "directive"),
        ("I. MỤC ĐÍCH, YÊU CẦU", "info"),
        ("2. Hồ sơ gồm:", "info"),
        ("a) Thành phần", "info"),
        ("3. Về kết quả thực hiện", "info"),
        ("1. Sở Y tế", "other"),
    ],
)
def test_section_classes(heading, cls):
    from extractor.ml.decision import section_class

    assert section_class(heading) == cls


def test_unit_end_examples_mark_exactly_the_gold_end(seeds):
    from extractor.ml.unit_ends import build_lexicon

    lexicon = build_lexicon()
    assert lexicon.get("thực hiện") == "V" and lexicon.get("dự án") == "N"
    ex = [examples(d) for d in seeds]
    labels = [y for e in ex for y in e.unit_y]
    assert labels.count(1) >= 20  # one end per rule unit that starts where a gold unit does
    for e in ex:  # every example sequence is "goes on"... "ends": a 1 closes each run of 0s
        assert not e.unit_y or e.unit_y[-1] == 1


def test_unit_end_model_saves_and_loads_the_same_decisions(seeds, tmp_path):
    from extractor.ml.unit_ends import UnitEnds

    bundle = train(seeds, with_crf=False)
    assert bundle.unit_ends is not None and bundle.unit_ends.lexicon
    bundle.save(tmp_path)
    loaded = UnitEnds.load(tmp_path / "unit_ends.json.gz")
    text = "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan công bố công khai danh mục dự án."
    start, rule_end = text.index("các cơ quan"), text.index(" danh mục")
    for th in (0.5, 0.2, 0.05):
        assert loaded.end(text, start, rule_end, True, th) == bundle.unit_ends.end(text, start, rule_end, True, th)
    assert loaded.end(text, start, rule_end, True, 1e-9) == start + len(
        "các"
    )  # at a vanishing threshold the first gap ends it


def test_committed_unit_end_model_stops_a_name_at_the_verb_the_stop_words_lack():
    bundle = ml.load_default()
    if bundle is None or bundle.unit_ends is None:
        pytest.skip("no unit-end model in models/")
    th = bundle.combination.get("unit_end_threshold", 0.5)
    text = "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan công bố công khai danh mục dự án."
    start = text.index("các cơ quan")
    assert bundle.unit_ends.end(text, start, text.index(" danh mục"), True, th) == text.index(" công bố")
    # a whole name is left whole
    text = "Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các cơ quan liên quan thực hiện."
    assert bundle.unit_ends.end(text, 0, text.index(" chủ trì"), False, th) == text.index(" chủ trì")
