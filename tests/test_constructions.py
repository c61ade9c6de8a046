"""Constructions met on documents from other collections, each in several forms: list markers
written with a slash, layout labels as OCR misreads them, a schedule table's date column, how a
directive addresses people."""

import pytest

from extractor import extract_text
from extractor.ingest.lines import build_blocks, text_to_lines
from extractor.segment import BASIS, KINH_GUI, NOI_NHAN
from extractor.tasks import build_tree, task_table_columns
from extractor.units import assigned_units

HEADER = """TRƯỜNG CAO ĐẲNG NGHỀ SỐ 2
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 21/TB-CĐN
TP. Hồ Chí Minh, ngày 10 tháng 4 năm 2012
THÔNG BÁO
V/v chuyển văn phòng các khoa
"""


@pytest.mark.parametrize(
    "text, marker, kind",
    [
        ("1/ Thời gian chuyển: ngày 14/4/2012.", "1/", "num0"),
        ("12/ Kinh phí: do nhà trường bảo đảm.", "12/", "num0"),
        ("a/ Văn phòng khoa: tầng trệt.", "a/", "letter."),
        ("1. Thời gian chuyển: ngày 14/4/2012.", "1.", "num0"),
        ("b) Phòng giáo viên: tầng 2.", "b)", "letter)"),
    ],
)
def test_slash_markers_are_list_markers(text, marker, kind):
    blocks = build_blocks(text_to_lines(text + "\n"))
    assert blocks[0].marker == marker
    assert build_tree(blocks).children[0].kind == kind


def test_a_date_with_a_slash_is_no_marker():
    blocks = build_blocks(text_to_lines("24/03/2014 gửi danh sách.\n"))
    assert blocks[0].marker is None


def test_slash_items_nest_like_dotted_ones():
    blocks = build_blocks(text_to_lines("1/ Vị trí như sau:\na/ Văn phòng khoa:\nb/ Phòng giáo viên:\n2/ Nhân lực:\n"))
    tree = build_tree(blocks)
    assert [c.text for c in tree.children] == ["Vị trí như sau:", "Nhân lực:"]
    assert [c.text for c in tree.children[0].children] == ["Văn phòng khoa:", "Phòng giáo viên:"]


@pytest.mark.parametrize(
    "line, cc",
    [
        ("Nơi nhận:", True),
        ("Nơi nhận", True),
        ("NƠI NHẬN:", True),
        ("Nưi nhận: /Z45 TRƯỞNG BAN", True),  # OCR: a vowel misread, the colon kept
        ("Noi nhan:", True),
        ("Nới nhân :", True),
        ("Nói nhận lời mời", False),  # no colon: a misreading is not assumed
        ("Nơi ở hiện nay:", False),
    ],
)
def test_cc_label_as_written_and_as_ocr_misreads_it(line, cc):
    assert bool(NOI_NHAN.match(line)) is cc


@pytest.mark.parametrize(
    "line, recipients",
    [
        ("Kính gửi: Sở Tài chính", True),
        ("Kinh gửi: Sở Tài chính", True),
        ("Kính gữi: các đơn vị", True),
        ("Kinh gui các đơn vị", False),
        ("THỦ TƯỚNG CHÍNH PHỦ điện:", True),
    ],
)
def test_recipient_label_as_written_and_as_ocr_misreads_it(line, recipients):
    assert bool(KINH_GUI.match(line)) is recipients


@pytest.mark.parametrize(
    "line, basis",
    [
        ("Căn cứ Luật Tổ chức Chính phủ;", True),
        ("__ Căn cứ Luật Tổ chức Chính phủ;", True),
        ("~ Căn cứ Nghị định số 34/2017/NĐ-CP;", True),
        ("- Căn cứ kết quả kiểm tra, đề nghị ...", False),
        ("Theo đề nghị của Bộ trưởng Bộ Nội vụ.", True),
    ],
)
def test_basis_after_a_rule_lines_remains(line, basis):
    assert bool(BASIS.match(line)) is basis


@pytest.mark.parametrize(
    "header, roles",
    [
        (["STT", "Ngày", "Công việc"], {"content", "deadline"}),
        (["TT", "Thời điểm", "Nội dung công việc", "Đơn vị thực hiện"], {"content", "deadline", "unit"}),
        (["STT", "Nội dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp"], {"content", "deadline", "unit", "co"}),
        (["STT", "Tên hàng", "Đơn vị tính", "Số lượng", "Đơn giá"], None),  # a price list
    ],
)
def test_task_table_headers(header, roles):
    cols = task_table_columns([h.lower() for h in header])
    assert (set(cols) if cols else None) == ({r for r in roles} if roles else None)


def test_a_date_inside_another_header_is_no_deadline_column():
    header = [
        "stt",
        "số ký hiệu, ngày văn bản giao việc",
        "nội dung công việc giao",
        "thời gian hoàn thành",
        "phòng, ban phụ trách",
        "ghi chú",
    ]
    assert task_table_columns(header) == {"content": 2, "deadline": 3, "unit": 4, "note": 5}


def test_a_schedule_table_gives_one_task_per_row_due_on_its_day():
    text = HEADER + (
        "III. KẾ HOẠCH CỤ THỂ\nSTT\tNgày\tCông việc\n"
        "1\t24/03/2014\tP.ĐTĐH gửi danh sách sinh viên đủ điều kiện tốt nghiệp về Khoa.\n"
        "2\t31/03/2014 – 04/04/2014\tKhoa nhận hồ sơ xét tốt nghiệp.\n"
        "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nNguyễn Văn A\n"
    )
    tasks = extract_text(text, "x.txt").tasks
    assert [(t.units, t.deadline.date) for t in tasks] == [(("P.ĐTĐH",), "2014-03-24"), (("Khoa",), "2014-04-04")]


@pytest.mark.parametrize(
    "text, units",
    [
        (
            "Nhận được thông báo này đề nghị các Thầy, Cô trưởng khoa nghiên cứu, sắp xếp trang thiết bị.",
            ["Các Thầy, Cô trưởng khoa"],
        ),
        ("Đề nghị các đồng chí Trưởng khoa chuẩn bị báo cáo.", ["Các đồng chí Trưởng khoa"]),
        ("Yêu cầu Thủ trưởng các đơn vị triển khai thực hiện nghiêm túc.", ["Thủ trưởng các đơn vị"]),
        ("Đề nghị Quý cơ quan cử cán bộ tham dự.", ["Quý cơ quan"]),
    ],
)
def test_a_directive_addressing_people(text, units):
    assert assigned_units(text)[0] == units


def test_a_directive_addressing_people_in_a_document():
    text = HEADER + (
        "1/ Thời gian chuyển: Ngày 14/4/2012 và các ngày kế tiếp.\n"
        "2/ Nhân lực: Đề nghị các khoa trưng dụng một số ít sinh viên trong khoa hỗ trợ di dời.\n"
        "Nhận được thông báo này đề nghị các Thầy, Cô trưởng khoa nghiên cứu, sắp xếp trang thiết bị.\n"
        "HIỆU TRƯỞNG\nNguyễn Văn A\n"
    )
    tasks = extract_text(text, "x.txt").tasks
    assert ("Các Thầy, Cô trưởng khoa",) in [t.units for t in tasks]
