"""Ruled tables on scanned pages (extractor/ingest/ocr_tables.py) and the task-table header rule."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.ingest.ocr_tables import cell_rows, find_grid
from extractor.tasks import infer_task_columns, task_table_columns


def _page(xs, ys, skew: float = 0.0, w: int = 2480, h: int = 3508) -> np.ndarray:
    """A white A4 page at 300 dpi with a ruled grid (optionally skewed) and a line of 'text'."""
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y + skew * (xs[-1] - xs[0]))], fill=0, width=4)
    for x in xs:
        d.line([(x, ys[0]), (x - skew * (ys[-1] - ys[0]), ys[-1])], fill=0, width=4)
    for k in range(30):  # a text line above the table: short dark runs, no rule
        d.rectangle([200 + 60 * k, 300, 240 + 60 * k, 340], fill=0)
    d.line([(900, 500), (1500, 500)], fill=0, width=3)  # an underline under the quốc hiệu: no table
    return np.asarray(im)


@pytest.mark.parametrize("skew", [0.0, 0.005])
def test_a_ruled_table_is_found_even_when_skewed(skew):
    xs, ys = [300, 450, 1300, 1700, 2200], [800, 950, 1300, 1650, 2000]
    grid = find_grid(_page(xs, ys, skew), line_height=55)
    assert grid is not None
    assert len(grid.xs) == len(xs) and len(grid.ys) == len(ys)
    assert all(abs(a - b) < 15 for a, b in zip(grid.xs, xs))


def test_no_table_no_grid():
    im = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(im)
    d.line([(900, 500), (1500, 500)], fill=0, width=3)
    d.rectangle([200, 2900, 1000, 3200], outline=0, width=3)  # a box around a stamp: two verticals, two rules
    assert find_grid(np.asarray(im), line_height=55) is None


def test_words_go_into_their_cells_and_the_rules_are_erased():
    xs, ys = [300, 450, 1300, 1700], [800, 950, 1300]
    page = _page(xs, ys)
    grid = find_grid(page, line_height=55)
    words = [
        (320, 850, 60, 40, "1."),
        (480, 850, 200, 40, "Rà"),
        (700, 850, 200, 40, "soát"),
        (480, 900, 300, 40, "hồ sơ"),
        (1320, 850, 300, 40, "Trước ngày 30/6/2026"),
        (1320, 1000, 200, 40, "Sở"),
        (1540, 1000, 100, 40, "Y tế"),
        (100, 300, 80, 40, "Số:"),
    ]
    rows, inside = cell_rows(grid, words)
    assert rows == [["1.", "Rà soát hồ sơ", "Trước ngày 30/6/2026"], ["", "", "Sở Y tế"]]
    assert inside == set(range(7))  # "Số:" above the table is no cell
    clean = grid.erased(page)
    assert (clean[ys[1] - 1 : ys[1] + 2, xs[0] + 10 : xs[-1] - 10] > 200).all()  # the rule is gone
    assert (clean[300:340, 200:240] < 100).all()  # the text is not


@pytest.mark.parametrize(
    "header, columns",
    [
        (
            ["stt", "nội dung", "thời gian hoàn thành", "đơn vị chủ trì", "đơn vị phối hợp"],
            {"content": 1, "deadline": 2, "unit": 3, "co": 4},
        ),
        (
            ["", "công việc", "thời gian", "người thực hiện", "ghi chú"],
            {"content": 1, "deadline": 2, "unit": 3, "note": 4},
        ),
        (["tt", "nội dung", "đơn vị thực hiện"], {"content": 1, "unit": 2}),
        (["tt", "nội dung", "đơn vị tính", "số lượng", "ghi chú"], None),  # a list of goods
        (["stt", "nội dung thu", "mức thu", "đơn vị"], None),  # a list of fees
        (["1.", "Rà soát hồ sơ", "Trước ngày 30/6", "Sở Y tế"], None),  # a row, not a header
    ],
)
def test_task_table_headers(header, columns):
    assert task_table_columns(header) == columns


def test_a_scanned_task_table_reads_as_rows(shared2_docs, tmp_path, monkeypatch):
    """A real scan (docs2 d10, not on the shelf): its task table's rows come out with their cells."""
    from extractor.ingest import load

    monkeypatch.setenv("VN_EXTRACTOR_CACHE", str(tmp_path))
    src = load(shared2_docs / "d10_vku_tb_kltn_qtkd_2021.pdf")
    rows = [b for b in src.blocks if b.kind == "row"]
    assert len(rows) >= 15
    assert task_table_columns([c.lower() for c in rows[0].cells]) is not None  # the header row
    dated = [r for r in rows if any("Trước ngày" in c for c in r.cells)]
    assert len(dated) >= 8 and all(len(r.cells) >= 4 for r in dated)


_SCHEDULE = [  # a schedule whose header OCR garbled: number, step, time, who
    ["06", "Hoàn chỉnh kế hoạch lựa chọn nhà thầu", "Trước ngày 25/4/2018", "Tổ xây dựng kế hoạch"],
    ["07", "Thẩm định kế hoạch lựa chọn nhà thầu", "26/4/2018 - 21/5/2018", "Tổ thẩm định"],
    ["08", "Phê duyệt kế hoạch lựa chọn nhà thầu", "≤ 5 ngày làm việc", "UBND tỉnh"],
    ["", "Lập hồ sơ mời thầu (HSMT)", "04/6/2018-15/6/2018", "Tổ xây dựng hồ sơ mời thầu"],
]


@pytest.mark.parametrize(
    "rows, columns",
    [
        (_SCHEDULE, {"content": 1, "unit": 3, "deadline": 2}),
        ([[r[0], r[3], r[1], r[2]] for r in _SCHEDULE], {"content": 2, "unit": 1, "deadline": 3}),  # who first
        ([[r[0], r[1], r[3]] for r in _SCHEDULE], {"content": 1, "unit": 2}),  # numbered, no time column
        ([r[1:] for r in _SCHEDULE][:2], {}),  # two rows are no table
        (  # a list of people and their posts: units in no column
            [["1", "Nguyễn Văn A", "Phó Giám đốc", "Trưởng ban"], ["2", "Trần Văn B", "Chuyên viên", "Thành viên"]] * 2,
            {},
        ),
        (  # a list of goods: a unit column of sorts, but no action and no time
            [["Sở Y tế", "Bơm tiêm", "100"], ["Sở Tài chính", "Máy tính", "2"], ["Phòng Kế toán", "Giấy", "5"]],
            {},
        ),
    ],
)
def test_task_columns_are_inferred_when_the_header_cannot_be_read(rows, columns):
    assert infer_task_columns(rows) == columns
