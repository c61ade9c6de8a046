"""Citation forms: parse, elision, party and decree style, standards, short mentions."""

import pytest

from extractor.references import Citations, kind_from_symbol, normalize_key

CASES = [
    (
        "Thực hiện Công văn số 2602/VP-NVKTGS ngày 13/03/2026 của Văn phòng UBND thành phố về việc đôn đốc",
        [("2602/VP-NVKTGS", "Công văn", "2026-03-13", "Văn phòng UBND thành phố")],
    ),
    (
        "tại Kế hoạch số 132/KH-UBND, Công văn số 5405/UBND-NC ngày 16/5/2026 và số 5796/UBND-NC ngày 24/5/2026 về",
        [
            ("132/KH-UBND", "Kế hoạch", None, None),
            ("5405/UBND-NC", "Công văn", "2026-05-16", None),
            ("5796/UBND-NC", "Công văn", "2026-05-24", None),
        ],
    ),
    (
        "Nghị quyết số 103 -NQ/HU ngày 19/12/2022 của Huyện ủy An Lão về phương hướng",
        [("103-NQ/HU", "Nghị quyết", "2022-12-19", "Huyện ủy An Lão")],
    ),
    (
        "theo Thông báo số 733-TB/TU ngày 07/10/2024 của Thường trực Thị ủy.",
        [("733-TB/TU", "Thông báo", "2024-10-07", "Thường trực Thị ủy")],
    ),
    (
        "quy định tại Nghị định số 181/2024/NĐ-CP ngày 31/12/2024 của Chính phủ",
        [("181/2024/NĐ-CP", "Nghị định", "2024-12-31", "Chính phủ")],
    ),
    (
        "theo chỉ đạo tại Văn bản số 4609/UBND-CNN&XD ngày 29/4/2026, định kỳ",
        [("4609/UBND-CNN&XD", "Văn bản", "2026-04-29", None)],
    ),
    ("đáp ứng QCVN 01:2019/BCT về an toàn", [("QCVN01:2019/BCT", "Quy chuẩn", None, None)]),
    ("Chỉ thị số 22/CT-TTg ngày 22 tháng 5 năm 2026", [("22/CT-TTg", "Chỉ thị", "2026-05-22", None)]),
    # a footnote number glued to the issuer code is dropped; the legislature's term is kept
    (
        "theo Nghị định số 105/2025/NĐ-CP2 và Luật số 42/2024/QH151",
        [("105/2025/NĐ-CP", "Nghị định", None, None), ("42/2024/QH15", "Luật", None, None)],
    ),
    ("Luật Xây dựng số 50/2014/QH13", [("50/2014/QH13", "Luật", None, None)]),
    # not citations: dates, ratios, scores
    ("tỷ lệ 1/500, đạt 21/21 chỉ tiêu, ngày 30/5/2026", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_citation_forms(text, expected):
    c = Citations(2026)
    c.scan(text)
    got = [(r.key, r.doc_type, r.date, r.issuer) for r in c.references()]
    assert got == expected


def test_short_mentions_resolve_to_the_first_full_citation():
    c = Citations(2024)
    c.scan("thực hiện Nghị quyết số 07-NQ/TU ngày 12/12/2023 của Hội nghị Thị ủy (viết tắt là Nghị quyết số 07)")
    later = c.scan("đạt 21/21 chỉ tiêu được xác định trong Nghị quyết số 07. Kế hoạch số 132/KH-UBND")
    assert [m.key for m in later][0] == "07-NQ/TU"
    assert len(c.references()) == 2
    c.scan("tiếp tục thực hiện Kế hoạch số 132/KH-UBND ngày 02/4/2026 của UBND tỉnh")
    ref = {r.key: r for r in c.references()}["132/KH-UBND"]
    assert (ref.date, ref.issuer) == ("2026-04-02", "UBND tỉnh")


@pytest.mark.parametrize(
    "symbol,kind",
    [
        ("UBND-VP", "Công văn"),
        ("TB-UBND", "Thông báo"),
        ("KH-UBND", "Kế hoạch"),
        ("CTr-UBND", "Chương trình"),
        ("QĐ-UBND", "Quyết định"),
        ("CĐ-TTg", "Công điện"),
    ],
)
def test_kind_from_symbol(symbol, kind):
    assert kind_from_symbol(symbol) == kind


def test_key_normalisation():
    assert normalize_key("07 -NQ/TU") == normalize_key("7-NQ/TU")
