"""The parts of a document (segment.py), its list markers and headings (tasks.marker_type,
is_heading) and the closing formulas that end its body (tasks.is_closing), on small inline
documents written as the seeds and the shared corpus write them."""

import pytest

from extractor import ml
from extractor.ingest.lines import build_blocks, text_to_lines
from extractor.ingest.txt import load_txt
from extractor.pipeline import build_record
from extractor.segment import segment
from extractor.tasks import NON_TASK, build_tree, is_closing, is_heading, marker_type

CONG_VAN = """ỦY BAN NHÂN DÂN
PHƯỜNG BẮC KẠN
Số: 512/UBND-VP
V/v triển khai thực hiện Thông báo số 236/TB-UBND
ngày 28/5/2026 của UBND tỉnh
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Kạn, ngày 30 tháng 5 năm 2026
Kính gửi:
- Phòng Kinh tế;
- Phòng Văn hóa - Xã hội;
- Công an phường.
Thực hiện Thông báo số 236/TB-UBND ngày 28/5/2026 của UBND tỉnh, Chủ tịch UBND phường có ý kiến như sau:
1. Giao Phòng Kinh tế chủ trì đôn đốc tiến độ giải ngân các dự án.
2. Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trung tâm Dịch vụ tổng hợp tham mưu tổ chức ra quân “Ngày thứ bảy xanh”.
Yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.
Nơi nhận:
- Như trên;
- CT, các PCT UBND phường;
- Lưu: VT, VP.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Đinh Huy Hoàng
"""
QUYET_DINH = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 1050/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 12 tháng 6 năm 2025
QUYẾT ĐỊNH
Về việc thành lập Đoàn kiểm tra công tác quản lý vật liệu nổ công nghiệp
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ năm 2024;
Xét đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 85/TTr-SCT ngày 05/6/2025.
QUYẾT ĐỊNH:
Điều 1. Thành lập Đoàn kiểm tra công tác quản lý vật liệu nổ công nghiệp trên địa bàn tỉnh.
Điều 2. Đoàn kiểm tra có nhiệm vụ kiểm tra việc chấp hành các quy định về vật liệu nổ công nghiệp.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hồ Tiến Thiệu
"""
# laid out in two columns, as a PDF's text layer reads: issuer | quốc hiệu, Nơi nhận | signer
THONG_BAO = """      ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
      XÃ ĐƯỜNG AN                        Độc lập - Tự do - Hạnh phúc
   Số: 88/TB-UBND                    Đường An, ngày 02 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 3 năm 2026

Ngày 01/3/2026, Chủ tịch UBND xã chủ trì cuộc họp giao ban, kết luận như sau:
1. Giao Văn phòng HĐND-UBND xã chủ trì, phối hợp với các Phòng, ban chuyên môn thường xuyên rà soát, cập nhật đầy đủ kết quả thực hiện nhiệm vụ trước ngày 10/3/2026.
Trên đây là kết luận của Chủ tịch UBND xã, đề nghị các đơn vị biết, thực hiện./.
Nơi nhận:                                          CHỦ TỊCH
- Các phòng, ban;
- Lưu: VT.
                                                  Lê Văn Bình
"""
# no Nơi nhận: the signature starts at its authority line
KHONG_NOI_NHAN = """BỘ GIÁO DỤC VÀ ĐÀO TẠO
Số: 1113/BGDĐT-GDTrH
V/v hướng dẫn tổ chức dạy học qua internet

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 30 tháng 3 năm 2020

Kính gửi: Các Sở Giáo dục và Đào tạo

Bộ Giáo dục và Đào tạo đề nghị các Sở Giáo dục và Đào tạo chỉ đạo các trường tổ chức dạy học qua internet.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Nguyễn Hữu Độ
"""


def _source(text: str):
    return load_txt("inline.txt", text.encode("utf-8"))


def _labels(text: str) -> list[tuple[str, str]]:
    blocks = _source(text).blocks
    segment(blocks)
    return [(b.label, b.text[:20]) for b in blocks]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            CONG_VAN,
            [
                ("header", "ỦY BAN NHÂN DÂN"),
                ("header", "PHƯỜNG BẮC KẠN"),
                ("header", "Số: 512/UBND-VP"),
                ("header", "V/v triển khai thực "),
                ("header", "CỘNG HÒA XÃ HỘI CHỦ "),
                ("header", "Độc lập - Tự do - Hạ"),
                ("header", "Bắc Kạn, ngày 30 thá"),
                ("kinh_gui", "Kính gửi:"),
                ("kinh_gui", "- Phòng Kinh tế;"),
                ("kinh_gui", "- Phòng Văn hóa - Xã"),
                ("kinh_gui", "- Công an phường."),
                ("basis", "Thực hiện Thông báo "),
                ("body", "1. Giao Phòng Kinh t"),
                ("body", "2. Phòng Văn hóa - X"),
                ("body", "Yêu cầu các đơn vị n"),
                ("noi_nhan", "Nơi nhận:"),
                ("noi_nhan", "- Như trên;"),
                ("noi_nhan", "- CT, các PCT UBND p"),
                ("noi_nhan", "- Lưu: VT, VP."),
                ("signature", "KT. CHỦ TỊCH"),
                ("signature", "PHÓ CHỦ TỊCH"),
                ("signature", "Đinh Huy Hoàng"),
            ],
        ),
        (
            QUYET_DINH,
            [
                ("header", "ỦY BAN NHÂN DÂN"),
                ("header", "TỈNH LẠNG SƠN"),
                ("header", "Số: 1050/QĐ-UBND"),
                ("header", "CỘNG HÒA XÃ HỘI CHỦ "),
                ("header", "Độc lập - Tự do - Hạ"),
                ("header", "Lạng Sơn, ngày 12 th"),
                ("title", "QUYẾT ĐỊNH"),
                ("subject", "Về việc thành lập Đo"),
                ("title", "CHỦ TỊCH ỦY BAN NHÂN"),
                ("basis", "Căn cứ Luật Tổ chức "),
                ("basis", "Căn cứ Luật Quản lý,"),
                ("basis", "Xét đề nghị của Giám"),
                ("body", "QUYẾT ĐỊNH:"),
                ("body", "Điều 1. Thành lập Đo"),
                ("body", "Điều 2. Đoàn kiểm tr"),
                ("body", "Điều 3. Quyết định n"),
                ("noi_nhan", "Nơi nhận:"),
                ("noi_nhan", "- Như Điều 3;"),
                ("noi_nhan", "- Lưu: VT."),
                ("signature", "TM. ỦY BAN NHÂN DÂN"),
                ("signature", "CHỦ TỊCH"),
                ("signature", "Hồ Tiến Thiệu"),
            ],
        ),
        (
            THONG_BAO,
            [
                ("header", "ỦY BAN NHÂN DÂN"),
                ("header", "CỘNG HÒA XÃ HỘI CHỦ "),
                ("header", "XÃ ĐƯỜNG AN"),
                ("header", "Độc lập - Tự do - Hạ"),
                ("header", "Số: 88/TB-UBND"),
                ("header", "Đường An, ngày 02 th"),
                ("title", "THÔNG BÁO"),
                ("subject", "Kết luận của Chủ tịc"),
                ("body", "Ngày 01/3/2026, Chủ "),
                ("body", "1. Giao Văn phòng HĐ"),
                ("body", "Trên đây là kết luận"),
                ("noi_nhan", "Nơi nhận:"),
                ("signature", "CHỦ TỊCH"),
                ("noi_nhan", "- Các phòng, ban;"),
                ("noi_nhan", "- Lưu: VT."),
                ("signature", "Lê Văn Bình"),
            ],
        ),
        (
            KHONG_NOI_NHAN,
            [
                ("header", "BỘ GIÁO DỤC VÀ ĐÀO T"),
                ("header", "Số: 1113/BGDĐT-GDTrH"),
                ("header", "V/v hướng dẫn tổ chứ"),
                ("header", "CỘNG HÒA XÃ HỘI CHỦ "),
                ("header", "Độc lập - Tự do - Hạ"),
                ("header", "Hà Nội, ngày 30 thán"),
                ("kinh_gui", "Kính gửi: Các Sở Giá"),
                ("body", "Bộ Giáo dục và Đào t"),
                ("signature", "KT. BỘ TRƯỞNG"),
                ("signature", "THỨ TRƯỞNG"),
                ("signature", "Nguyễn Hữu Độ"),
            ],
        ),
    ],
    ids=["cong-van", "quyet-dinh", "thong-bao-in-columns", "without-noi-nhan"],
)
def test_the_parts_of_a_document(text, expected):
    assert _labels(text) == expected


@pytest.mark.parametrize(
    "line, marker, kind",
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "I.", "roman"),
        ("IV. TỔ CHỨC THỰC HIỆN", "IV.", "roman"),
        ("Điều 1. Thành lập Đoàn kiểm tra.", "Điều 1.", "article"),
        ("1. Phòng Kinh tế:", "1.", "num0"),
        ("2.1. Sở Y tế chủ trì, phối hợp với các đơn vị liên quan.", "2.1.", "num1"),
        ("a) Chủ trì đôn đốc tiến độ giải ngân.", "a)", "letter)"),
        ("b. Thành phần", "b.", "letter."),
        ("- Rà soát hồ sơ.", "-", "dash"),
        ("+ Đại diện Sở Nội vụ.", "+", "plus"),
        ("• Kiểm tra hồ sơ.", "•", "star"),
        ("Thực hiện Thông báo số 236/TB-UBND ngày 28/5/2026 của UBND tỉnh.", None, "para"),
        ("2026 là năm tăng tốc.", None, "para"),  # a number that opens a sentence is no marker
    ],
)
def test_list_markers(line, marker, kind):
    [block] = build_blocks(text_to_lines(line))
    assert (block.marker, marker_type(block.marker)) == (marker, kind)


PLAN_BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Cụ thể hóa các nhiệm vụ của ngành.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Phòng Kinh tế:
- Rà soát hồ sơ.
Điều 1. Thành lập Đoàn kiểm tra.
Điều 5. Tổ chức thực hiện
2.1. Sở Y tế chủ trì.
b. Thành phần
+ Đại diện Sở Nội vụ.
"""


def _nodes(text: str) -> dict:
    out = {}

    def walk(node):
        for c in node.children:
            out[c.text] = c
            walk(c)

    walk(build_tree(build_blocks(text_to_lines(text))))
    return out


@pytest.mark.parametrize(
    "text, heading, non_task",
    [
        ("MỤC ĐÍCH, YÊU CẦU", True, True),  # a section of objectives: its items are no tasks
        ("Mục đích", True, True),
        ("Cụ thể hóa các nhiệm vụ của ngành.", False, False),
        ("NHIỆM VỤ VÀ GIẢI PHÁP", True, False),
        ("Phòng Kinh tế:", True, False),  # a unit heading over its items
        ("Rà soát hồ sơ.", False, False),
        ("Thành lập Đoàn kiểm tra.", False, False),  # an article that decides, no title
        ("Tổ chức thực hiện", True, False),  # an article's title over its content
        ("Thành phần", True, True),
    ],
)
def test_section_headings(text, heading, non_task):
    node = _nodes(PLAN_BODY)[text]
    assert is_heading(node) is heading
    assert bool(NON_TASK.match(node.text)) is non_task


@pytest.mark.parametrize(
    "text",
    [
        "Trên đây là kết luận của Chủ tịch UBND xã, đề nghị các đơn vị biết, thực hiện./.",
        "Trên đây là Kế hoạch triển khai thực hiện Chỉ thị số 11-CT/TU của UBND tỉnh, yêu cầu các cơ quan, "
        "đơn vị nghiêm túc triển khai thực hiện./.",
        "Yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.",
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị thực hiện nghiêm túc Công văn này./.",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo về UBND phường (qua Văn phòng) "
        "để xem xét, giải quyết./.",
        "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị quan tâm phối hợp, xem xét, giải quyết./.",
        "Nhận được văn bản này, đề nghị các đơn vị khẩn trương triển khai thực hiện./.",
        "Trân trọng./.",
    ],
)
def test_closing_formulas(text):
    assert is_closing(text)


@pytest.mark.parametrize(
    "text",
    [
        "Giao Văn phòng UBND phường theo dõi, đôn đốc việc thực hiện; tổng hợp báo cáo Chủ tịch UBND phường "
        "trước ngày 15/6/2026.",
        "Yêu cầu các đơn vị báo cáo kết quả thực hiện về UBND phường trước ngày 20/6/2026.",
        "Phòng Kinh tế chủ trì đôn đốc tiến độ giải ngân các dự án.",
    ],
)
def test_directives_are_no_closing_formulas(text):
    assert not is_closing(text)


@pytest.mark.parametrize(
    "text, tasks",
    [
        (
            CONG_VAN,
            [
                ("Đôn đốc tiến độ giải ngân các dự án", ["Phòng Kinh tế"], []),
                # the last item, though the closing paragraph hangs under it
                (
                    "Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trung tâm Dịch vụ tổng hợp tham mưu tổ chức ra quân "
                    "“Ngày thứ bảy xanh”",
                    ["Phòng Văn hóa - Xã hội"],
                    ["Trung tâm Dịch vụ tổng hợp"],
                ),
            ],
        ),
        (
            THONG_BAO,
            [
                (
                    "Thường xuyên rà soát, cập nhật đầy đủ kết quả thực hiện nhiệm vụ trước ngày 10/3/2026",
                    ["Văn phòng HĐND-UBND xã"],
                    ["Các Phòng, ban chuyên môn"],
                )
            ],
        ),
    ],
    ids=["cong-van", "thong-bao"],
)
def test_the_body_ends_at_its_closing_formula_and_noi_nhan(text, tasks):
    """The closing paragraph and the Nơi nhận items (each a dash item) give no task."""
    with ml.use_model(None):
        record = build_record(_source(text))
    assert [(t["action"], t["units"], t["co_units"]) for t in record["tasks"]] == tasks
