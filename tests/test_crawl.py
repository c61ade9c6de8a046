"""Website copies of documents (extractor/ingest/crawl.py): the page title before headings, a header
run onto one line, a marker alone on its line, a heading's first sub-marker glued to it."""

import pytest

from extractor import extract_text
from extractor.ingest.crawl import unglue

PRINTED = (
    "ỦY BAN NHÂN DÂN TỈNH KON TUM\nSố: 435/QĐ-UBND\nKon Tum, ngày 04 tháng 5 năm 2020\nQUYẾT ĐỊNH\n"
    "Về việc ban hành Chương trình hành động\nĐiều 1. Ban hành kèm theo Quyết định này Chương trình.\n"
)


@pytest.mark.parametrize(
    "copy, lines",
    [
        # the page title repeated before lines, and before the attached document's title
        (
            "Quyết định 435/QĐ-UBND năm 2020. Điều 1.\nBan hành Chương trình.\n"
            "Quyết định 435/QĐ-UBND năm 2020. CHƯƠNG TRÌNH HÀNH ĐỘNG. TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU\n",
            ["Điều 1.", "Ban hành Chương trình.", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU"],
        ),
        # the number, place and date, title and subject run together; a citation's "KẾ HOẠCH SỐ" stays
        (
            "Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT ĐỊNH V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG "
            "TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU\n",
            [
                "Số: 435/QĐ-UBND",
                "Kon Tum, ngày 04 tháng 5 năm 2020",
                "QUYẾT ĐỊNH",
                "V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU",
            ],
        ),
        # the place and date, the addressees and the body's first sentence on one line
        (
            "Số: 6087/BYT-KCB V/v thực hiện cấp chứng chỉ hành nghề\nHà Nội, ngày 27 tháng 09 năm 2013 Kính gửi: "
            "Chủ tịch Ủy ban nhân dân tỉnh Thực hiện Luật Khám bệnh, chữa bệnh, Bộ Y tế đề nghị:\n",
            [
                "Số: 6087/BYT-KCB",
                "V/v thực hiện cấp chứng chỉ hành nghề",
                "Hà Nội, ngày 27 tháng 09 năm 2013",
                "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
                "Thực hiện Luật Khám bệnh, chữa bệnh, Bộ Y tế đề nghị:",
            ],
        ),
        # a marker alone on its line; a heading's first sub-marker at its end
        (
            "2. Nâng cao năng lực quản lý nhà nước về quan hệ lao động 2.1.\nRà soát các cơ chế.\n1.4.\n\n"
            "Xây dựng kế hoạch tuyên truyền.\n",
            [
                "2. Nâng cao năng lực quản lý nhà nước về quan hệ lao động",
                "2.1. Rà soát các cơ chế.",
                "1.4. Xây dựng kế hoạch tuyên truyền.",
            ],
        ),
        # the first sub-item run on after its heading, its text with it; a citation of a point stays
        (
            "3. Giải quyết tốt tranh chấp lao động 3.1. Rà soát các thiết chế.\n2. Thực hiện theo khoản 2.1. của Điều 3.\n",
            [
                "3. Giải quyết tốt tranh chấp lao động",
                "3.1. Rà soát các thiết chế.",
                "2. Thực hiện theo khoản 2.1. của Điều 3.",
            ],
        ),
        # a printed copy: unchanged, a table's "a)" cell on its own line too
        (PRINTED + "a)\nTổ chức hội nghị\n", [x for x in (PRINTED + "a)\nTổ chức hội nghị").split("\n")]),
    ],
)
def test_a_website_copy_gets_its_printed_lines(copy, lines):
    assert [x for x in unglue(copy).split("\n") if x.strip()] == lines


def test_a_crawled_programme_gives_its_records_tasks():
    """The page title before every article and the programme's title, the header on one line, bare
    markers, and record fields whose lead value is a sentence ("X chủ trì, phối hợp với Y; Z")."""
    prefix = "Quyết định 435/QĐ-UBND năm 2020. "
    text = (
        f"{prefix}ỦY BAN NHÂN DÂN TỈNH KON TUM -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT ĐỊNH V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG\n"
        f"{prefix}Điều 1.\nBan hành kèm theo Quyết định này Chương trình hành động.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu VT, KGVX2.\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp\n"
        f"{prefix}CHƯƠNG TRÌNH HÀNH ĐỘNG. TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU NGÀY 18 THÁNG 12 NĂM 2019 CỦA BAN "
        "THƯỜNG VỤ TỈNH ỦY VỀ THỰC HIỆN CHỈ THỊ SỐ 37-CT/TW\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức về xây dựng quan hệ lao động hài hòa.\nII. NỘI DUNG HOẠT ĐỘNG\n"
        "1. Nâng cao năng lực quản lý nhà nước 1.1.\n"
        "Rà soát, kiến nghị sửa đổi các thủ tục giải quyết tranh chấp lao động.\n"
        "- Cơ quan thực hiện: Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Liên đoàn Lao động tỉnh; "
        "Ủy ban nhân dân các huyện, thành phố.\n- Thời gian thực hiện: Quý III/2020.\n1.2.\n"
        "Bố trí quỹ đất xây dựng nhà ở cho công nhân.\n- Cơ quan thực hiện: Sở Xây dựng.\n"
        "- Thời gian thực hiện: Thực hiện thường xuyên.\n"
    )
    rec = extract_text(text, "qd-435.txt").to_json()
    assert rec["document"]["number"] == "435" and rec["document"]["date"] == "2020-05-04"
    got = [(t["action"][:20], t["units"], t["co_units"], t["deadline"]["date"]) for t in rec["tasks"]]
    assert got == [
        (
            "Rà soát, kiến nghị s",
            ["Sở Lao động - Thương binh và Xã hội"],
            ["Liên đoàn Lao động tỉnh", "Ủy ban nhân dân các huyện, thành phố"],
            "2020-09-30",
        ),
        ("Bố trí quỹ đất xây d", ["Sở Xây dựng"], [], None),
    ]
