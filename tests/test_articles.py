"""Decisions' articles: a titled article ("Điều 5. Tổ chức thực hiện") is a heading over its content,
never a task itself; an article that assigns work is one. Closing paragraphs are no tasks either."""

from extractor.pipeline import extract


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


def test_a_decision_that_issues_a_plan_keeps_the_plans_tasks(tmp_path):
    """The Kế hoạch attached after the decision's signature carries the tasks; the decision's own
    articles (ban hành, thi hành) give none."""
    from extractor.ingest import load
    from extractor.pipeline import build_record

    qd = tmp_path / "qd.txt"
    qd.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 254/QĐ-UBND\n\nSơn La, ngày 17 tháng 02 năm 2023\n\nQUYẾT ĐỊNH\n\n"
        "Ban hành Kế hoạch bảo vệ bí mật nhà nước năm 2023\n\nCăn cứ Luật Bảo vệ bí mật nhà nước;\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch bảo vệ bí mật nhà nước năm 2023.\n\n"
        "Điều 2. Thủ trưởng các sở, ban, ngành chịu trách nhiệm thi hành Quyết định này./.\n\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nHoàng Quốc Khánh\n\n"
        "KẾ HOẠCH\n\nThực hiện công tác bảo vệ bí mật nhà nước năm 2023\n\nI. NHIỆM VỤ\n\n"
        "1. Công an tỉnh thành lập Đoàn kiểm tra việc chấp hành các quy định về bảo vệ bí mật nhà nước.\n\n"
        "2. Sở Nội vụ phối hợp với Công an tỉnh kiểm tra việc bố trí cán bộ làm công tác bảo vệ bí mật.\n",
        encoding="utf-8",
    )
    from extractor import ml

    with ml.use_model(None):  # the structure is under test: which blocks are candidates, and the rules' decision
        tasks = build_record(load(qd))["tasks"]
    assert [t["units"] for t in tasks] == [["Công an tỉnh"], ["Sở Nội vụ"]]
    assert not [t for t in tasks if "thi hành" in t["action"] or t["action"].startswith("Ban hành kèm")]
