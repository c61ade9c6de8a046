"""Decisions' articles: a titled article ("Điều 5. Tổ chức thực hiện") is a heading over its content,
never a task itself; an article that assigns work is one. Closing paragraphs are no tasks either."""
from extractor import extract


def test_article_titles_are_no_tasks_and_head_their_items(shared_docs):
    rec = extract(shared_docs / "QD-1050-kiem-tra-VLNCN-2026.pdf")
    actions = [t["action"] for t in rec["tasks"]]
    for title in ("Tổ chức thực hiện", "Kinh phí hoạt động", "Nhiệm vụ và quyền hạn của Đoàn kiểm tra"):
        assert not any(a.rstrip(".").strip() == title or a.startswith(title + " của Đoàn") for a in actions)
    assert any(a.startswith("Xây dựng và trình Giám đốc Sở") for a in actions)  # the items under Điều 3 stay
    rec = extract(shared_docs / "Quyet-dinh-phe-duyet_TKBVTC_kho.pdf")
    assert [a for a in (t["action"] for t in rec["tasks"]) if a.startswith("Tổ chức thực hiện")] == []


def test_closing_paragraphs_are_no_tasks_but_a_giao_inside_one_is(shared_docs):
    rec = extract(shared_docs / "KH-UBND-trien-khai-Chi-thi-11-CT-TU-QLNN-khoang-san.docx")
    assert not [t for t in rec["tasks"] if "nghiêm túc triển khai thực hiện Kế hoạch này" in t["action"]]
    rec = extract(shared_docs / "CV-UBND-bao-ve-khoang-san-chua-khai-thac.docx")
    assert not [t for t in rec["tasks"] if "nếu có khó khăn, vướng mắc" in t["action"]]
