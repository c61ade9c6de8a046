"""Every deadline form the record format names, as a table (text, document year) -> expected."""

import pytest

from extractor.deadlines import find_deadline, parse_column

CASES = [
    # one due date
    ("hoàn thành trước ngày 30/5/2026.", 2026, "date", "2026-05-30", None, None),
    ("Chậm nhất trước ngày 30/5/2026 hoàn thành rà soát", 2026, "date", "2026-05-30", None, None),
    ("báo cáo trước ngày 15/6", 2026, "date", "2026-06-15", None, None),
    ("gửi về Sở trước ngày 20 tháng 6 năm 2026", 2025, "date", "2026-06-20", None, None),
    ("gửi trước 17 giờ 00 ngày 30/5/2026", 2026, "date", "2026-05-30", None, "17:00"),
    ("họp vào lúc 14h30 ngày 16/6/2026 tại trụ sở", 2026, "date", "2026-06-16", None, "14:30"),
    ("Mục tiêu đến hết 30/6/2026 giải ngân đạt 50%", 2026, "date", "2026-06-30", None, None),
    ("vào ngày Chủ nhật (ngày 05/01/2025) trong toàn thị xã", 2024, "date", "2025-01-05", None, None),
    # periods are due at their end
    ("hoàn thành trong Quý I năm 2023", 2023, "date", "2023-03-31", None, None),
    ("xong trước quý IV/2026", 2026, "date", "2026-12-31", None, None),
    ("Hoàn thành trong tháng 01/2023", 2023, "date", "2023-01-31", None, None),
    ("hoàn thành trong năm 2023", 2023, "date", "2023-12-31", None, None),
    ("kết quả 6 tháng đầu năm 2026", 2026, "date", "2026-06-30", None, None),
    ("Thời gian thực hiện 2023 - 2025", 2023, "date", "2025-12-31", None, None),
    # recurring
    ("gửi Sở Nội vụ trước 17h00' thứ Năm hằng tuần.", 2026, "recurring", None, "FREQ=WEEKLY;BYDAY=TH", "17:00"),
    ("định kỳ trước 17 giờ 00 phút thứ Năm hằng tuần gửi", 2026, "recurring", None, "FREQ=WEEKLY;BYDAY=TH", "17:00"),
    ("báo cáo về UBND phường trước ngày 13 hằng tháng", 2026, "recurring", None, "FREQ=MONTHLY;BYMONTHDAY=13", None),
    (
        "ra quân định kỳ vào ngày thứ Bảy của tuần thứ 2 hằng tháng",
        2026,
        "recurring",
        None,
        "FREQ=MONTHLY;BYDAY=2SA",
        None,
    ),
    ("gửi về trước ngày 20 tháng 12 hằng năm.", 2026, "recurring", None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20", None),
    ("tại các cuộc họp giao ban hàng tuần, tháng, quý", 2026, "recurring", None, "FREQ=WEEKLY", None),
    ("Định kỳ hàng quý, cuối năm và đột xuất báo cáo", 2023, "recurring", None, "FREQ=MONTHLY;INTERVAL=3", None),
    ("báo cáo định kỳ 6 tháng, hằng năm", 2026, "recurring", None, "FREQ=MONTHLY;INTERVAL=6", None),
    (
        "lập bản đồ hiện trạng đến hết ngày 31 tháng 12 hàng năm",
        2025,
        "recurring",
        None,
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
        None,
    ),
    # a bare frequency made precise by what follows it; a period of months
    (
        "Định kỳ hằng tuần, trước 16 giờ 00 ngày thứ Sáu, báo cáo UBND tỉnh",
        2026,
        "recurring",
        None,
        "FREQ=WEEKLY;BYDAY=FR",
        "16:00",
    ),
    ("Báo cáo hằng tháng, trước ngày 15 gửi Sở Nội vụ", 2026, "recurring", None, "FREQ=MONTHLY;BYMONTHDAY=15", None),
    ("báo cáo hằng tuần vào thứ Năm", 2026, "recurring", None, "FREQ=WEEKLY;BYDAY=TH", None),
    ("định kỳ 03 tháng/1 lần báo cáo kết quả", 2026, "recurring", None, "FREQ=MONTHLY;INTERVAL=3", None),
    ("hàng tháng, hàng quý tổng hợp báo cáo", 2026, "recurring", None, "FREQ=MONTHLY", None),
    ("Báo cáo tổng kết vào 31 tháng 5 hằng năm", 2021, "recurring", None, "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31", None),
    (
        "Định kỳ hằng năm tổng hợp, báo cáo trước ngày 10 tháng 12 hằng năm",
        2021,
        "recurring",
        None,
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10",
        None,
    ),
    ("văn bản trình ký, hạn chót là ngày 10/10/2016", 2016, "date", "2016-10-10", None, None),
    # relative
    ("trong 05 ngày làm việc kể từ ngày nhận được văn bản", 2026, "relative", None, None, None),
    ("Kết thúc mỗi cuộc kiểm tra, Văn phòng thông báo kết luận", 2021, "relative", None, None, None),
    ("Chuẩn bị nội dung tuyên truyền trước khi nghỉ hè.", 2025, "relative", None, None, None),
    (
        "Thực hiện thủ tục. Khi đăng ký ngày bắt đầu khai thác phải có văn bản giao đất",
        2026,
        "relative",
        None,
        None,
        None,
    ),
    ("Tổ chức ra quân ngay sau kỳ nghỉ Tết", 2022, "relative", None, None, None),
    ("Báo cáo kết quả cho Giám đốc Sở sau khi kết thúc đợt kiểm tra.", 2026, "relative", None, None, None),
    ("Triển khai các thủ tục hành chính ngay khi được công bố", 2026, "relative", None, None, None),
    ("bố trí kinh phí trong giai đoạn 2024 - 2025", 2024, "date", "2025-12-31", None, None),
    # none: no time limit, a bare date, a frequency that describes a noun
    ("Tăng cường công tác kiểm tra, giám sát.", 2026, "none", None, None, None),
    ("Sau Lễ phát động ngày 30/5/2026, tổ chức ra quân", 2026, "none", None, None, None),
    ("đưa vào chương trình công tác hàng năm của cấp ủy", 2023, "none", None, None, None),
    ("đưa vào nội dung đánh giá, phân loại cán bộ hàng năm", 2026, "none", None, None, None),
    ("tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ", 2026, "none", None, None, None),
    ("đầu tư các dự án trên địa bàn sau khi được bố trí vốn thực hiện", 2023, "none", None, None, None),
    ("Từ ngày 01/01/2026 đến nay đã thực hiện", 2026, "none", None, None, None),
    # a month after a time lead and its colon
    ("Thời gian: Tháng 10 năm 2026", 2026, "date", "2026-10-31", None, None),
    ("Thời gian thực hiện: tháng 10/2026.", 2026, "date", "2026-10-31", None, None),
    ("Tổ chức hội nghị tháng 10/2026", 2026, "none", None, None, None),
    # a period before the document's year is what the text looks back on, and a later one then governs
    ("tổng hợp số lượng đã sử dụng trong năm 2017, đề xuất nhu cầu", 2018, "none", None, None, None),
    ("báo cáo kết quả trong tháng 12/2025 trước ngày 10/01/2026", 2026, "date", "2026-01-10", None, None),
    ("số liệu đến hết Quý IV/2024", 2025, "none", None, None, None),
    ("hoàn thành trong năm 2018", 2018, "date", "2018-12-31", None, None),
    ("nộp báo cáo trước ngày 12/05/2011", 2012, "date", "2011-05-12", None, None),  # a day named as the limit
    # a bare time in a clause of what was done is when it happened; a limit after "đã" stays one
    (
        "căn cứ nội dung đã được tập huấn cho giáo viên cốt cán vào tháng 11/2024, tổ chức tập huấn cho giáo viên",
        2024,
        "none",
        None,
        None,
        None,
    ),
    (
        "Căn cứ Kế hoạch đã ban hành ngày 20/3/2024, các đơn vị báo cáo trước ngày 30/4/2024.",
        2024,
        "date",
        "2024-04-30",
        None,
        None,
    ),
    ("Các đơn vị đã đăng ký nộp hồ sơ trước ngày 15/5/2024.", 2024, "date", "2024-05-15", None, None),
]


@pytest.mark.parametrize("text,year,kind,date,rrule,time", CASES)
def test_deadline_forms(text, year, kind, date, rrule, time):
    dl = find_deadline(text, year)
    assert (dl.type, dl.date, dl.rrule, dl.time) == (kind, date, rrule, time)
    if kind != "none":
        assert dl.text and dl.text in text


def test_citation_dates_are_not_deadlines():
    text = "thực hiện Công văn số 5405/UBND-NC ngày 16/5/2026, báo cáo trước ngày 30/5/2026"
    masked = [(text.index("Công văn"), text.index(", báo cáo"))]
    assert find_deadline(text, 2026, masked).date == "2026-05-30"


@pytest.mark.parametrize(
    "cell,kind,date",
    [
        ("Không có thời hạn (theo dõi, thường xuyên báo cáo tiến độ)", "none", None),
        ("Ngày 19/12/2026", "date", "2026-12-19"),
        ("Trước ngày 30/03/2026", "date", "2026-03-30"),
        ("Quý II/2026", "date", "2026-06-30"),
        ("Thường xuyên", "none", None),
        # years, months of a year, spans of days: due at the end
        ("Năm 2022-2025", "date", "2025-12-31"),
        ("Năm 2021 - 2022", "date", "2022-12-31"),
        ("2027", "date", "2027-12-31"),
        ("Tháng 11, 12/2013 và kiện toàn thường xuyên", "date", "2013-12-31"),
        ("Dự kiến 04/08-20/08/2023", "date", "2023-08-20"),
        ("Từ ngày 30/05/2022 đến ngày 05/06/2022", "date", "2022-06-05"),
        # a period of months first: recurring
        ("6 tháng, hằng năm và định kỳ", "recurring", None),
        ("Định kỳ 3 tháng", "recurring", None),
        # a span written with an em dash, a tilde, or OCR's fraction slash
        ("05/3/2018 — 09/3/2018", "date", "2018-03-09"),
        ("01⁄3/2018~— 05/3/2018", "date", "2018-03-05"),
        # the time a step of a schedule takes: relative; how long an activity runs: none
        ("≤ 5 ngày làm việc", "relative", None),
        ("< 30 ngày làm việc", "relative", None),
        ("7 ngày làm việc sau khi công bố kết quả", "relative", None),
        ("10 ngày", "relative", None),
        ("18 tháng", "none", None),
        ("12 tháng", "none", None),
        # a part of the school year, no year named: counted from it, relative
        ("Đầu năm học", "relative", None),
        ("Trong năm học", "relative", None),
        ("Cuối học kỳ I", "relative", None),
    ],
)
def test_deadline_column(cell, kind, date):
    dl = parse_column(cell, 2026)
    assert (dl.type, dl.date) == (kind, date)
    assert dl.text == cell
