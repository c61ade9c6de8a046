"""Task ids (pipeline.task_id): the same task has the same id in the TXT, DOCX and PDF renditions
of a document, whatever their line breaks, spacing, punctuation and header layout."""

import pytest
from conftest import SEEDS

from evaluation.score import pair_tasks
from extractor.pipeline import _doc_key, action_key, extract, task_id

RENDITIONS = ("txt", "docx", "pdf")
ACTION = (
    "Tham mưu triển khai thực hiện nhiệm vụ hoàn thành cơ sở dữ liệu đất đai đảm bảo “đúng - đủ - sạch - sống - "
    "thống nhất - dùng chung”, tuyệt đối không giãn tiến độ thực hiện"
)  # seed 001
DOC = {
    "symbol": "UBND-VP",
    "number": "236",
    "date": "2026-05-30",
    "place": "Bắc Kạn",
    "issuer": "Ủy ban nhân dân phường Bắc Kạn",
}


@pytest.mark.parametrize(
    "variant",
    [
        ACTION.replace("triển khai ", "triển khai\n"),  # a line break
        ACTION.replace(" ", "  "),  # spacing
        ACTION.replace("cơ sở", "cơ\u00a0sở"),  # a non-breaking space
        ACTION.replace("dữ liệu", "dữ li-\nệu"),  # a word hyphenated at a line end
        ACTION.replace("“", '"').replace("”", '"'),  # straight quotes
        ACTION.replace(" - ", "-"),  # dashes without spaces
        ACTION + ".",  # the closing full stop
        "- " + ACTION,
        "a) " + ACTION,
        "2. " + ACTION,
        "• " + ACTION,  # a list marker kept
        ACTION.replace("đất đai", "đất đai 2"),  # a page number run into the text
        ACTION.replace("hoàn thành", "hoàn thành¹"),  # a note mark
        ACTION.upper(),  # capitals
        ACTION + ". Trường hợp cần thiết tham mưu đề xuất lãnh đạo UBND phường",  # a sentence more in one rendition
    ],
)
def test_the_key_ignores_how_a_rendition_writes_the_action(variant):
    assert action_key(variant) == action_key(ACTION)
    assert task_id(_doc_key(DOC), variant, 1) == task_id(_doc_key(DOC), ACTION, 1)


@pytest.mark.parametrize(
    "other",
    [
        ACTION.replace("Tham mưu", "Chủ trì"),
        ACTION.replace("đất đai", "rừng"),
        "Báo cáo kết quả thực hiện về Ủy ban nhân dân phường",
    ],
)
def test_different_actions_have_different_ids(other):
    assert task_id(_doc_key(DOC), other, 1) != task_id(_doc_key(DOC), ACTION, 1)


@pytest.mark.parametrize(
    "changed, same",
    [
        ({"issuer": "Ủy ban nhân dân"}, True),  # an issuer line read apart in one rendition
        ({"issuer": None}, True),
        ({"symbol": "UBND - VP"}, True),
        ({"number": "237"}, False),
        ({"date": "2026-05-31"}, False),
        ({"symbol": "KH-UBND"}, False),
        ({"place": "Thái Nguyên"}, False),  # another office using the same symbol and number that day
    ],
)
def test_the_document_key(changed, same):
    assert (_doc_key({**DOC, **changed}) == _doc_key(DOC)) is same


def test_repeated_actions_are_told_apart_by_their_occurrence():
    assert task_id(_doc_key(DOC), ACTION, 1) != task_id(_doc_key(DOC), ACTION, 2)


@pytest.fixture(scope="module")
def seed_records():
    return {
        f.stem: {ext: extract(SEEDS / f"{f.stem}.{ext}") for ext in RENDITIONS} for f in sorted(SEEDS.glob("*.txt"))
    }


@pytest.mark.parametrize("a, b", [("txt", "docx"), ("txt", "pdf"), ("docx", "pdf")])
def test_same_task_ids_in_every_rendition(seed_records, a, b):
    """Tasks that pair across two renditions with the same words (the scorer's pairing, action
    token F1 of at least 0.9) have the same id; a task only one rendition finds is an extraction
    difference, counted in the share of ids that reappear."""
    differing, paired, found, total = [], 0, 0, 0
    for stem, recs in seed_records.items():
        first, second = recs[a]["tasks"], recs[b]["tasks"]
        for i, j, f in pair_tasks(first, second):
            if f >= 0.9:
                paired += 1
                if first[i]["id"] != second[j]["id"]:
                    differing.append((stem, first[i]["action"][:60], second[j]["action"][:60]))
        ids = {t["id"] for t in second}
        found += sum(t["id"] in ids for t in first)
        total += len(first)
    assert differing == []
    assert paired >= 0.95 * total  # the seeds' tasks do pair: the check is not vacuous
    assert found / total >= 0.98, f"{found}/{total} ids of the {a} rendition reappear in the {b}"
