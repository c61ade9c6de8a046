"""The body's list tree (tasks.build_tree): which item each item hangs under, by NĐ 30/2020's levels."""

import pytest

from extractor.ingest.lines import build_blocks, text_to_lines
from extractor.tasks import build_tree


def _parents(text: str) -> list[tuple[str, str]]:
    """(item, its parent's text) for every item of a small body."""
    blocks = build_blocks(text_to_lines(text))
    out = []

    def walk(node):
        for c in node.children:
            out.append((c.text[:12], node.text[:12] if node.kind != "root" else "-"))
            walk(c)

    walk(build_tree(blocks))
    return out


@pytest.mark.parametrize(
    "body, expected",
    [
        # the usual nesting: roman > number > letter > dash
        (
            "I. NHIỆM VỤ\n1. Sở Y tế\na) Tổ chức tiêm\n- Rà soát đối tượng\n2. Sở Tài chính\n",
            [
                ("NHIỆM VỤ", "-"),
                ("Sở Y tế", "NHIỆM VỤ"),
                ("Tổ chức tiêm", "Sở Y tế"),
                ("Rà soát đối ", "Tổ chức tiêm"),
                ("Sở Tài chính", "NHIỆM VỤ"),
            ],
        ),
        # a roman heading first met after numbered items closes them: it never hangs under a "3."
        (
            "1. Mục đích\n2. Yêu cầu\nI. CÔNG TÁC TUYÊN TRUYỀN\n1. Nội dung\nII. CÔNG TÁC TỔNG KẾT\n1. Nội dung\n",
            [
                ("Mục đích", "-"),
                ("Yêu cầu", "-"),
                ("CÔNG TÁC TUY", "-"),
                ("Nội dung", "CÔNG TÁC TUY"),
                ("CÔNG TÁC TỔN", "-"),
                ("Nội dung", "CÔNG TÁC TỔN"),
            ],
        ),
        # a lead-in paragraph holds the list after it; the next paragraph closes it
        (
            "Đề nghị các đơn vị thực hiện các nội dung sau:\n- Rà soát hồ sơ\n- Báo cáo kết quả\n\nTrân trọng.\n",
            [
                ("Đề nghị các ", "-"),
                ("Rà soát hồ s", "Đề nghị các "),
                ("Báo cáo kết ", "Đề nghị các "),
                ("Trân trọng.", "-"),
            ],
        ),
        # a note between the bullets of a lead-in: it and the bullets after it stay under the lead-in
        (
            "UBND tỉnh có ý kiến như sau:\n- Đồng ý tổ chức lễ.\n\nChương trình lễ được bổ sung 2 nội dung.\n\n"
            "- Giao Sở Nội vụ phụ trách.\n- Sở Văn hóa chụp ảnh.\n",
            [
                ("UBND tỉnh có", "-"),
                ("Đồng ý tổ ch", "UBND tỉnh có"),
                ("Chương trình", "UBND tỉnh có"),
                ("Giao Sở Nội ", "UBND tỉnh có"),
                ("Sở Văn hóa c", "UBND tỉnh có"),
            ],
        ),
        (
            "Đề nghị các đơn vị thực hiện như sau:\n+ Rà soát hồ sơ;\n\nViệc rà soát bảo đảm đúng quy định;\n\n"
            "+ Báo cáo kết quả.\n",
            [
                ("Đề nghị các ", "-"),
                ("Rà soát hồ s", "Đề nghị các "),
                ("Việc rà soát", "Đề nghị các "),
                ("Báo cáo kết ", "Đề nghị các "),
            ],
        ),
        # a paragraph after the bullets that no bullet follows, or one that leads in again, is no note
        (
            "Đề nghị các đơn vị thực hiện như sau:\n- Rà soát hồ sơ.\n\nCác đơn vị báo cáo như sau:\n- Gửi biểu mẫu.\n",
            [
                ("Đề nghị các ", "-"),
                ("Rà soát hồ s", "Đề nghị các "),
                ("Các đơn vị b", "-"),
                ("Gửi biểu mẫu", "Các đơn vị b"),
            ],
        ),
        # a dash list first, numbered items after it: the numbers do not hang under a dash
        (
            "- Kiểm tra hồ sơ\n1. Công an tỉnh\n2. Sở Nội vụ\n",
            [("Kiểm tra hồ ", "-"), ("Công an tỉnh", "-"), ("Sở Nội vụ", "-")],
        ),
    ],
)
def test_list_tree(body, expected):
    assert _parents(body) == expected
