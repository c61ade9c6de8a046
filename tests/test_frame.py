"""Header parsing: issuer, number/symbol, place/date (partial dates), kind, subject, signer."""

import pytest
from conftest import SEEDS

from extractor.pipeline import extract


def test_header_of_a_cong_van():
    doc = extract(SEEDS / "001_475951f4d1ea64ec.txt")["document"]
    assert doc["issuer"] == "Ủy ban nhân dân phường Bắc Kạn"
    assert (doc["number"], doc["symbol"], doc["doc_type"]) == (None, "UBND-VP", "Công văn")
    assert (doc["place"], doc["date"]) == ("Bắc Kạn", "2026-05-30")
    assert doc["subject"].startswith("triển khai thực hiện Thông báo số 236/TB-UBND")
    assert len(doc["recipients"]) == 4 and doc["recipients"][2] == "Phòng Văn hóa - Xã hội phường"
    assert doc["signer"] == {"name": "Đình Huy Hoàng", "title": "Chủ tịch", "authority": None}


def test_partial_dates_and_titled_documents():
    assert extract(SEEDS / "000_9856a9396483f999.txt")["document"]["date"] == "2026-03"
    doc = extract(SEEDS / "002_2b2e92cfe6297037.txt")["document"]
    assert (doc["date"], doc["doc_type"], doc["issuer"]) == ("2023", "Chương trình", None)
    assert doc["subject"].startswith("Thực hiện Chủ đề năm 2023")
    assert doc["signer"]["authority"] == "TM. Ủy ban nhân dân"


def test_document_without_header():
    rec = extract(SEEDS / "003_54f0365f5d2f98ac.txt")
    assert rec["document"]["issuer"] is None and rec["document"]["date"] is None
    assert rec["document"]["recipients"][0] == "Ủy ban nhân dân thị xã"
    assert rec["document"]["signer"]["authority"] == "T/M Ban thường vụ"


@pytest.mark.parametrize(
    "name,issuer,number,symbol,date",
    [
        (
            "CV-5141-SNNMT-KS-29-12-2025-thong-ke-ke-khai-bao-cao-san-luong.txt",
            "Sở Nông nghiệp và môi trường",
            "5141",
            "SNNMT-KS",
            "2025-12-29",
        ),
        ("giay-moi-hop-ubnd.docx", "Ủy ban nhân dân tỉnh Lào Cai", None, "GM-UBND", "2026-06"),
        (
            "CV-UBND-tinh-chi-dao-quan-ly-giam-sat-VLNCN.pdf",
            "Ủy ban nhân dân tỉnh Lào Cai",
            "193",
            "UBND-KT",
            "2026-01-10",
        ),
        (
            "cong-dien-46-2026-cd-ttg-phong-chong-duoi-nuoc-tre-em.md",
            "Thủ tướng chính phủ",
            "46",
            "CĐ-TTg",
            "2026-07-11",
        ),
    ],
)
def test_headers_of_real_documents(shared_docs, name, issuer, number, symbol, date):
    doc = extract(shared_docs / name, ocr=False)["document"]
    assert doc["issuer"].casefold() == issuer.casefold()
    assert (doc["number"], doc["symbol"], doc["date"]) == (number, symbol, date)


def test_recipient_and_cc_items_broken_over_lines_stay_whole(shared_docs):
    doc = extract(shared_docs / "cong-van-ubnd-tinh-chi-dao.docx")["document"]
    assert doc["recipients"][0] == "Các Sở: Công Thương, Tài chính, Xây dựng, Nông nghiệp và Môi trường"
    doc = extract(shared_docs / "CV-6795-SNNMT-KS-17-7-2026-nghia-vu-sau-cap-phep-mo-Quy-Xa.txt")["document"]
    assert doc["recipients"] == ["Công ty cổ phần Khai thác và Chế biến kim loại Thủ Đô"]  # no "(Địa chỉ: ...)"
    assert "Các Sở, ngành: Xây dựng, Công Thương, Tài chính, Thuế tỉnh" in doc["cc"]


@pytest.mark.parametrize(
    "lines, issuer",
    [
        (["ĐẠI HỌC QUỐC GIA TP.HCM", ". TRƯỜNG ĐẠI HỌC", "CÔNG NGHỆ THÔNG TIN"], "Trường đại học công nghệ thông tin"),
        (["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], "Ủy ban nhân dân tỉnh lào cai"),
        (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"], "Sở công thương"),
        (["BỘ TƯ PHÁP", "VĂN PHÒNG"], "Văn phòng bộ tư pháp"),
        # an office under a body whose place is on a line of its own
        (
            ["ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC"],
            "Ban thường trực ủy ban mặt trận tổ quốc việt nam xã lương minh",
        ),
        (["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO", "VĂN PHÒNG"], "Văn phòng ủy ban nhân dân huyện tuần giáo"),
        (["BAN CHỈ ĐẠO CẢI CÁCH", "HÀNH CHÍNH CỦA CHÍNH PHỦ"], "Ban chỉ đạo cải cách hành chính của chính phủ"),
    ],
)
def test_issuer_from_the_header_lines(lines, issuer):
    from extractor.frame import issuer as read_issuer
    from extractor.record import Block

    blocks = [Block(t, column="left", label="header") for t in lines]
    assert read_issuer(blocks).lower() == issuer.lower()


@pytest.mark.parametrize(
    "left, right, issuer, number, symbol, place, date",
    [
        # OCR misreads the number label's vowel; the line still ends the issuer and gives the number
        (["UBND TỈNH KIÊN GIANG", "SỞ Y TẾ", "Sé.?2£X /BC-SYT"], [], "Sở y tế", None, "BC-SYT", None, None),
        (["BỘ GIÁO DỤC ĐÀO TẠO", "Sô:1254 /KH-BGDĐT"], [], "Bộ giáo dục đào tạo", "1254", "KH-BGDĐT", None, None),
        (
            ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG", "Só:#4B/GM-UBND"],
            [],
            "Ủy ban nhân dân tỉnh kiên giang",
            None,
            "GM-UBND",
            None,
            None,
        ),
        # the place-and-date line that lost its comma, and the one that kept it
        (
            ["BỘ Y TẾ", "Số: 41/BYT-VPB1"],
            ["Hà Nội ngày 26 tháng 11 năm 2021"],
            "Bộ y tế",
            "41",
            "BYT-VPB1",
            "Hà Nội",
            "2021-11-26",
        ),
        (
            ["SỞ Y TẾ", "Số:J2 /SYT-KHTC"],
            ["Kiên Giang, ngày 8 tháng 01 năm 2017"],
            "Sở y tế",
            None,
            "SYT-KHTC",
            "Kiên Giang",
            "2017-01-08",
        ),
        # a capitalised word before a colon is no number label
        (["SỞ Y TẾ", "So sánh: 3/KH"], [], "Sở y tế", None, None, None, None),
    ],
)
def test_number_and_date_lines_as_ocr_reads_them(left, right, issuer, number, symbol, place, date):
    from extractor.frame import issuer as read_issuer
    from extractor.frame import number_symbol, place_date
    from extractor.record import Block

    blocks = [Block(t, column="left", label="header") for t in left] + [
        Block(t, column="right", label="header") for t in right
    ]
    assert read_issuer(blocks).lower() == issuer.lower()
    assert number_symbol(blocks) == (number, symbol)
    assert place_date(blocks) == (place, date)


@pytest.mark.parametrize(
    "lines, title, authority",
    [
        (["KT. BỘ TRƯỞNG", ": - THỨ TRƯỞNG", ".—. c——", "Ngô Thị Minh"], "Thứ trưởng", "KT. Bộ trưởng"),
        (["KT. HIỆU TRƯỞNG", "}- Ƒ A//~", "Su Quy ml Z2"], None, "KT. Hiệu trưởng"),
        # the plan issued with a decision begins after its signature: its header and title are not the signer's
        (
            [
                "KT. BỘ TRƯỞNG",
                "THỨ TRƯỞNG",
                "Ngô Thị Minh",
                "BỘ GIÁO DỤC VÀ ĐÀO TẠO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "KẾ HOẠCH",
            ],
            "Thứ trưởng",
            "KT. Bộ trưởng",
        ),
        (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"], "Chủ tịch", "TM. Ủy ban nhân dân"),
    ],
)
def test_signer_title_is_words_and_stops_at_an_attached_document(lines, title, authority):
    from extractor.frame import signer
    from extractor.record import Block

    got = signer([Block(t, column="right", label="signature") for t in lines])
    assert (got["title"], got["authority"]) == (title, authority)


_NOTICE = (
    "TRƯỜNG ĐẠI HỌC VIỆT NHẬT\nSố: 1010/TB-ĐHVN\nHà Nội, ngày 09 tháng 9 năm 2025\nTHÔNG BÁO\n"
    "Về việc nộp chứng chỉ ngoại ngữ\n1. Sinh viên nộp chứng chỉ tại Phòng Đào tạo trước ngày 13/10/2025.\n"
    "Trân trọng thông báo./.\nNơi nhận:\n- Hiệu trưởng (để b/c);\n"
)


@pytest.mark.parametrize(
    "footer, name, title, cc",
    [
        # a web copy's signature run onto one line, "(đã ký)" between title and name
        (
            "- Lưu: VT.\nKT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG (đã ký) Nguyễn Hoàng Oanh\n",
            "Nguyễn Hoàng Oanh",
            "Phó hiệu trưởng",
            ["Hiệu trưởng (để b/c)", "Lưu: VT"],
        ),
        (
            "- Lưu: VT.\nKT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG (Đã ký và đóng dấu) Hà Lê Kim Anh\n",
            "Hà Lê Kim Anh",
            "Phó hiệu trưởng",
            ["Hiệu trưởng (để b/c)", "Lưu: VT"],
        ),
        # a Nơi nhận entry with an empty cell beside it is still an entry, the signature after it
        (
            "- Văn phòng HĐND, UBND xã;\t\n- Lưu: VT.\nTM. BAN THƯỜNG TRỰC\nCHỦ TỊCH\nLan Thị Vân\n",
            "Lan Thị Vân",
            "Chủ tịch",
            ["Hiệu trưởng (để b/c)", "Văn phòng HĐND, UBND xã", "Lưu: VT"],
        ),
    ],
)
def test_signature_and_cc_of_web_and_word_copies(footer, name, title, cc):
    from extractor.pipeline import extract_text

    doc = extract_text(_NOTICE + footer)["document"]
    assert (doc["signer"]["name"], doc["signer"]["title"], doc["cc"]) == (name, title, cc)


@pytest.mark.parametrize("label", ["Kính gửi:", "Kínhgửi:", "Kính  gửi :"])
def test_recipients_under_a_label_a_web_copy_glued(label):
    from extractor.pipeline import extract_text

    text = (
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nSố: 6622/BGDĐT-KHTC\n\nHà Nội, ngày 14 tháng 10 năm 2010\n\n"
        f"{label} Giám đốc Sở Giáo dục và Đào tạo các tỉnh\n\n"
        "Bộ Giáo dục và Đào tạo đề nghị các Sở báo cáo trước ngày 18/10/2010.\n"
    )
    assert extract_text(text)["document"]["recipients"] == ["Giám đốc Sở Giáo dục và Đào tạo các tỉnh"]
