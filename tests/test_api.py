"""The Python API: typed records, extract from a path, bytes or text, Extractors with their own
rules and models side by side, and the package's errors."""

from __future__ import annotations

import json
import threading

import pytest
import yaml
from conftest import SEED_GOLD, SEEDS

import extractor
from extractor import Config, Extractor, IngestError, ModelError, Record, RulesError, VnTasksError
from extractor.pipeline import extract as extract_json
from extractor.rules import RULES_DIR, read_folder

SEED = "002_2b2e92cfe6297037"

# A unit whose head word ("Hiệp hội") the packaged rules do not know: with it added to a rules folder
# of one's own, the first item becomes a task assigned to it.
NEW_HEAD = """ỦY BAN NHÂN DÂN
XÃ ĐƯỜNG AN
Số: 12/UBND-VP
Đường An, ngày 2 tháng 3 năm 2026
V/v tổ chức ngày hội việc làm
Kính gửi: Các đơn vị.
1. Hiệp hội Doanh nghiệp xã chủ trì tổ chức ngày hội việc làm, hoàn thành trước ngày 15/3/2026.
2. Phòng Kinh tế rà soát danh sách hộ nghèo, báo cáo trước ngày 20/3/2026.
CHỦ TỊCH
Nguyễn Văn A
"""


def test_record_round_trips_the_json_the_batch_writes():
    data = extract_json(SEEDS / f"{SEED}.txt")
    rec = Record.from_json(data)
    assert rec.to_json() == data
    assert Record.from_json(json.dumps(data, ensure_ascii=False)) == rec
    assert rec.document.doc_type == "Chương trình" and rec.document.signer.title == data["document"]["signer"]["title"]
    assert all(isinstance(t.units, tuple) for t in rec.tasks)
    with pytest.raises(AttributeError):
        rec.tasks[0].action = "x"  # frozen
    extra = Record.from_json({**data, "sha256": "abc"})
    assert extra.extra == {"sha256": "abc"} and extra.to_json()["sha256"] == "abc"


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_extract_path_and_bytes_give_the_same_tasks(ext):
    path = SEEDS / f"{SEED}.{ext}"
    by_path = extractor.extract(path)
    by_bytes = extractor.extract_bytes(path.read_bytes(), path.name)
    assert isinstance(by_path, Record) and by_path.file == by_bytes.file == path.name
    assert [t.action for t in by_path.tasks] == [t.action for t in by_bytes.tasks]
    assert len(by_path.tasks) >= 5


def test_extract_text_scores_like_the_file():
    from evaluation.score import score_document

    gold = json.loads((SEED_GOLD / f"{SEED}.json").read_text(encoding="utf-8"))
    text = (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8")
    rec = extractor.extract_text(text, f"{SEED}.txt")
    assert score_document(rec, gold) == score_document(extract_json(SEEDS / f"{SEED}.txt"), gold)


def test_limits_belong_to_the_extractor():
    pdf = SEEDS / f"{SEED}.pdf"
    with pytest.raises(IngestError, match="page limit"):
        Extractor(Config(max_pages=1)).extract(pdf)
    assert Extractor(Config(max_pages=50)).extract(pdf).pages > 1
    with pytest.raises(IngestError, match="empty file"):
        extractor.extract_bytes(b"", "empty.txt")


def _own_rules(folder, how):
    """A rules folder that adds the head word, by extending the packaged units.yaml or replacing it."""
    if how == "extend":
        (folder / "units.extend.yaml").write_text("heads: [Hiệp hội]\n", encoding="utf-8")
    else:
        units = yaml.safe_load((RULES_DIR / "units.yaml").read_text(encoding="utf-8"))
        units["heads"].append("Hiệp hội")
        (folder / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_rules_extension_adds_to_the_packaged_lists(tmp_path):
    packaged = read_folder()
    extended = read_folder(_own_rules(tmp_path, "extend"))
    assert extended["units"]["heads"] == packaged["units"]["heads"] + ["Hiệp hội"]
    assert {k: v for k, v in extended.items() if k != "units"} == {k: v for k, v in packaged.items() if k != "units"}
    (tmp_path / "units.extend.yaml").write_text("head_words: [Hiệp hội]\n", encoding="utf-8")
    with pytest.raises(RulesError, match="units.extend.yaml.*head_words"):
        read_folder(tmp_path)


@pytest.mark.parametrize("how", ["extend", "replace"])
def test_two_extractors_with_different_rules_side_by_side(tmp_path, how):
    plain = Extractor()
    with Extractor(Config(rules=_own_rules(tmp_path, how))) as own:
        results = {}

        def run(name, ex):
            results[name] = ex.extract_text(NEW_HEAD, "x.txt")

        threads = [threading.Thread(target=run, args=(n, ex)) for n, ex in (("plain", plain), ("own", own))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [t.units for t in results["own"].tasks] == [("Hiệp hội Doanh nghiệp xã",), ("Phòng Kinh tế",)]
        assert results["own"].tasks[0].deadline.date == "2026-03-15"
        assert [t.units for t in results["plain"].tasks] == [("Phòng Kinh tế",)]
        with pytest.raises(IngestError, match="empty file"):  # errors cross from its process as they are
            own.extract_bytes(b"", "empty.txt")


def test_two_extractors_with_different_models_side_by_side():
    path = SEEDS / "003_54f0365f5d2f98ac.txt"
    with_models, rules_only = Extractor(), Extractor(Config(models=None))
    assert with_models.models() is not None and rules_only.models() is None
    a, b = with_models.extract(path), rules_only.extract(path)
    from extractor import ml

    with ml.use_model(None):
        assert b.to_json() == extract_json(path)
    assert with_models.extract(path) == a  # the other's run left nothing behind


def test_a_corrupt_model_folder_is_an_error_naming_the_file(tmp_path):
    from extractor.resources import models_dir

    for f in models_dir().iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "task_decision.json.gz").write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="task_decision.json.gz"):
        Extractor(Config(models=tmp_path)).extract(SEEDS / f"{SEED}.txt")


@pytest.mark.parametrize(
    "file, text, message",
    [
        (
            "units.yaml",
            "heads: [Sở]\nhead_word: [Phòng]\n",
            "Additional properties are not allowed|is a required property",
        ),
        ("deadlines.yaml", None, "trigger_words"),  # a required list removed
        ("kinds.yaml", "kinds: notalist\n", "is not of type|required"),
        ("units.yaml", "heads: [Sở\n", "cannot be read as YAML"),
        ("provinces.yaml", "heads: []\n", "no rule file of this name"),
    ],
)
def test_a_rules_folder_is_checked_against_the_schema(tmp_path, file, text, message):
    if text is None:
        data = yaml.safe_load((RULES_DIR / file).read_text(encoding="utf-8"))
        del data["trigger_words"]
        text = yaml.safe_dump(data, allow_unicode=True)
    (tmp_path / file).write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=message) as e:
        read_folder(tmp_path)
    assert file in str(e.value)
    with pytest.raises(RulesError):
        Extractor(Config(rules=tmp_path))  # refused when the Extractor is made, not at its first document


def test_every_key_the_schema_declares_is_read_by_a_stage():
    """Unread vocabulary is the failure this guards against: a key in rules/ no code reads."""
    from pathlib import Path

    from extractor.rules import schema

    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(extractor.__file__).parent.rglob("*.py"))
    for stem, spec in schema()["properties"].items():
        for key in spec["properties"]:
            assert f'["{key}"]' in code or f"['{key}']" in code, f"rules/{stem}.yaml: {key} is read nowhere"


# Vocabulary that was written in the stages' patterns, now read from rules/: a word added by an extension
# changes the stage's answer (rules are read once per process, so each answer comes from a child process).
@pytest.mark.parametrize(
    "file, words, call, text, before, after",
    [
        (
            "directives",
            "form_labels: [dự toán]",
            "tasks.is_label(t)",
            "Dự toán thực hiện: 20 triệu đồng",
            False,
            True,
        ),
        (
            "directives",
            "cited_bases: {documents: [Hướng dẫn]}",
            "tasks.is_label(t)",
            "Căn cứ Hướng dẫn số 5/HD-UBND",
            False,
            True,
        ),
        (
            "directives",
            "narrative_exceptions: {purposes: [theo báo cáo]}",
            "tasks.is_narrative(t)",
            "Theo báo cáo của các sở, đề nghị Phòng Kinh tế rà soát danh sách.",
            True,
            False,
        ),
        (
            "units",
            "step_words: [Công đoạn]",
            "units.assigned_units(t)[0]",
            "Công đoạn 2: Phòng Kinh tế rà soát danh sách.",
            [],
            ["Phòng Kinh tế"],
        ),
    ],
)
def test_moved_vocabulary_is_read_from_the_rules(tmp_path, file, words, call, text, before, after):
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / f"{file}.extend.yaml").write_text(words + "\n", encoding="utf-8")
    code = f"import json, sys; from extractor import tasks, units; t = sys.argv[1]; print(json.dumps({call}))"

    def answer(folder):
        env = {k: v for k, v in os.environ.items() if k != "VN_EXTRACTOR_RULES"}
        env["PYTHONPATH"] = str(Path(extractor.__file__).parent.parent)
        if folder:
            env["VN_EXTRACTOR_RULES"] = str(folder)
        out = subprocess.run([sys.executable, "-c", code, text], env=env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    assert (answer(None), answer(tmp_path)) == (before, after)


def test_the_package_errors_share_one_base():
    for cls in (IngestError, RulesError, ModelError):
        assert issubclass(cls, VnTasksError)
    from extractor.ingest import IngestError as from_ingest

    assert from_ingest is IngestError
