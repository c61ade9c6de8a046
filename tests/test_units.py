"""Unit and co-unit names inside a directive's text (extractor/units.py, rules/units.yaml)."""

from extractor.units import assigned_units, co_units, split_units


def test_a_list_of_units_splits_where_a_new_unit_begins():
    units, _ = assigned_units("Giao phòng Xây dựng, Nông nghiệp và Môi trường; phòng Văn hóa - Xã hội thực hiện.")
    assert units == ["Phòng Xây dựng, Nông nghiệp và Môi trường", "Phòng Văn hóa - Xã hội"]


def test_local_government_is_a_co_unit_of_its_own():
    text = "Công an tỉnh phối hợp với Sở Ngoại vụ và chính quyền địa phương quản lý chặt chẽ người nước ngoài."
    assert co_units(text) == ["Sở Ngoại vụ", "Chính quyền địa phương"]
    text = (
        "Tăng cường kiểm tra, phối hợp với Sở Công Thương, chính quyền địa phương và cơ quan liên quan xử lý vi phạm."
    )
    found = co_units(text)
    assert found[0] == "Sở Công Thương" and found[1].startswith("Chính quyền địa phương")


import pytest  # noqa: E402


@pytest.mark.parametrize(
    "text, units",
    [
        ("Công an tỉnh thành lập Đoàn kiểm tra việc chấp hành các quy định.", ["Công an tỉnh"]),
        ("Sở Xây dựng tiến hành rà soát các công trình trên địa bàn.", ["Sở Xây dựng"]),
        ("Bộ Quốc phòng huy động thiết bị bay không người lái hỗ trợ địa phương.", ["Bộ Quốc phòng"]),
        ("UBND các huyện, thành phố chuẩn bị lực lượng, phương tiện ứng phó.", ["UBND các huyện, thành phố"]),
        ("Giao Sở Tài chính bảo đảm kinh phí thực hiện.", ["Sở Tài chính"]),
        # persons and bodies of schools and universities are assignees too
        ("Sinh viên phải thực hiện đầy đủ các nhiệm vụ thực tập.", ["Sinh viên"]),
        ("Giảng viên hướng dẫn sinh viên viết báo cáo thực tập.", ["Giảng viên"]),
        ("Khoa lập danh sách sinh viên được báo cáo.", ["Khoa"]),
        ("Khoa học công nghệ phải được ứng dụng rộng rãi.", []),  # "Khoa học" is no unit
        # a series of verbs after the name, the first one no stop word: the name ends before it
        ("Sở Y tế đánh giá, tổng hợp kết quả thực hiện.", ["Sở Y tế"]),
        (
            "Chủ tịch Ủy ban nhân dân cấp xã đánh giá, quyết định xếp loại công chức và thông báo đến công chức.",
            ["Chủ tịch Ủy ban nhân dân cấp xã"],
        ),
        ("Phòng Nội vụ đánh giá, xếp loại các đơn vị.", ["Phòng Nội vụ"]),
        (
            "Trung tâm Dịch vụ tổng hợp, Trung tâm Y tế huyện giám sát, xử lý ổ dịch.",
            ["Trung tâm Dịch vụ tổng hợp", "Trung tâm Y tế huyện"],
        ),
        (
            "Ban Chỉ đạo phòng, chống dịch tỉnh chỉ đạo, kiểm tra các địa phương.",
            ["Ban Chỉ đạo phòng, chống dịch tỉnh"],
        ),
        # a step's label before the sentence
        (
            "Bước 3: Tập thể cán bộ, công chức và Chủ tịch công đoàn cơ sở cấp xã họp tham gia ý kiến.",
            ["Tập thể cán bộ, công chức", "Chủ tịch công đoàn cơ sở cấp xã"],
        ),
        # a clause of time, basis or purpose before the subject, whatever the tagger makes of its verb
        (
            "Kể từ ngày 03/10/2016, Phòng Hành chính - Tổng hợp kiểm tra thể thức văn bản.",
            ["Phòng Hành chính - Tổng hợp"],
        ),
        ("Thực hiện Kế hoạch số 12/KH-UBND, Phòng Giáo dục và Đào tạo triển khai.", ["Phòng Giáo dục và Đào tạo"]),
        (
            "Đối với các môn học đánh giá bằng nhận xét kết hợp đánh giá bằng điểm số, Sở GDĐT hướng dẫn các trường.",
            ["Sở GDĐT"],
        ),
        ("Đối với cán bộ chủ chốt: Phó bí thư Đảng ủy nhận xét đối với Bí thư Đảng ủy.", []),
        ("Riêng Cục Thuế các tỉnh Tây Nguyên tập trung nguồn lực vào thanh tra.", ["Cục Thuế các tỉnh Tây Nguyên"]),
        ("Riêng năm 2024 thực hiện theo kế hoạch.", []),
        # a short head with the name's initials right after it
        ("P.ĐTĐH gửi danh sách sinh viên đủ điều kiện tốt nghiệp về Khoa.", ["P.ĐTĐH"]),
        ("P.CTSV, P.KHTC phối hợp tổ chức lễ tốt nghiệp.", ["P.CTSV", "P.KHTC"]),
        ("P.Hà lập danh sách.", []),
        ("Trong thời gian nghỉ Tết, Công an huyện tăng cường tuần tra.", ["Công an huyện"]),
        (  # two commas in the clause, a plural subject after it
            "Trong thời hạn 06 tháng, kể từ ngày Nghị định có hiệu lực thi hành, các Bộ, ngành rà soát, báo cáo.",
            ["Các Bộ, ngành"],
        ),
        (
            "Trong trường hợp khẩn cấp, Trưởng phòng Hành chính - Tổng hợp xin ý kiến Hiệu trưởng.",
            ["Trưởng phòng Hành chính - Tổng hợp"],
        ),
        ("Tổ chức hội nghị, Sở Y tế chủ trì.", []),
        ("Cán bộ, công chức có quyền trình bày ý kiến.", ["Cán bộ, công chức"]),
        # a person in lower case after a clause of time or condition
        ("Khi nhận GCN, thí sinh xuất trình giấy tờ tùy thân.", ["Thí sinh"]),
        ("Sau 25 ngày làm việc (trừ thứ 7, Chủ nhật) kể từ ngày thi, thí sinh đến nhận GCN.", ["Thí sinh"]),
        ("Trường hợp ủy quyền nhận GCN, người được ủy quyền cần xuất trình giấy tờ.", ["Người được ủy quyền"]),
        ("Để phòng chống dịch, phòng ngừa sự cố cần được quan tâm.", []),
        ("Trong tuần, UBND thành phố đã chủ động triển khai các nhiệm vụ.", []),  # a report of what was done
        # whose proposal it rests on is no assignee: the subject after it is
        (
            "Trên cơ sở đề nghị của Sở Xây dựng và Sở Lao động - Thương binh và Xã hội, Sở Tài chính thẩm định.",
            ["Sở Tài chính"],
        ),
        ("Trên cơ sở đề nghị của Ủy ban nhân dân quận, huyện, Sở Xây dựng chủ trì lập Đề án.", ["Sở Xây dựng"]),
        (
            "Kết thúc cuộc bầu cử, Ban Thường trực Ủy ban MTTQ phường chủ trì tổng kết.",
            ["Ban Thường trực Ủy ban MTTQ phường"],
        ),
        # the issuer handing work on inside the sentence: the one handed it is the unit
        ("Chủ tịch UBND tỉnh giao Sở Thông tin và Truyền thông chủ trì thực hiện.", ["Sở Thông tin và Truyền thông"]),
        ("UBND tỉnh giao cho Sở Y tế tổ chức kiểm tra.", ["Sở Y tế"]),
        ("Sở Y tế giao ban định kỳ hằng tuần.", ["Sở Y tế"]),  # "giao ban": a meeting
        # "hoặc đề nghị X": an option of the action, not a request to X
        ("Tổ chức thanh tra, xử lý theo thẩm quyền hoặc đề nghị cơ quan có thẩm quyền xử lý vi phạm.", []),
        ("Đoàn kiểm tra trong quá trình kiểm tra nếu phát hiện sai sót thì kiến nghị.", ["Đoàn kiểm tra"]),
        ("Bộ Nội vụ làm đầu mối chủ trì, phối hợp với Văn phòng Chính phủ.", ["Bộ Nội vụ"]),
        (
            "Lãnh đạo các bộ, ngành và địa phương thuộc đối tượng kiểm tra có trách nhiệm chuẩn bị.",
            ["Lãnh đạo các bộ, ngành và địa phương thuộc đối tượng kiểm tra"],
        ),  # an action first: no clause before a subject
        # "Ban hành", "Báo cáo" are no units, but a capitalised syllable goes on with the name
        ("Ban hành kế hoạch kiểm tra.", []),
        ("Phòng Hành chính - Tổng hợp chỉ tiếp nhận văn bản do văn thư trình ký.", ["Phòng Hành chính - Tổng hợp"]),
        # a compound that opens with a stop word stays inside the name
        ("Giám đốc Trung tâm Y tế dự phòng tỉnh tổng hợp nhu cầu vắc xin.", ["Giám đốc Trung tâm Y tế dự phòng tỉnh"]),
        # a second "các" opens a second collective
        (
            "Các Bộ, ngành, các địa phương lãnh đạo cán bộ, công chức không sử dụng thông tin sai lệch.",
            ["Các Bộ, ngành", "Các địa phương"],
        ),
        (
            "Báo Nhân Dân, Thông tấn xã Việt Nam, Cổng Thông tin điện tử Chính phủ và các cơ quan thông tin đại chúng "
            "tuyên truyền.",
            [
                "Báo Nhân Dân",
                "Thông tấn xã Việt Nam",
                "Cổng Thông tin điện tử Chính phủ",
                "Các cơ quan thông tin đại chúng",
            ],
        ),
    ],
)
def test_a_unit_that_opens_a_sentence_ends_at_its_verb(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize(
    "text, units",
    [
        # a role whose name holds verbs runs up to its words of duty
        (
            "Cơ quan Thuế quản lý khoản thu có trách nhiệm thông báo cho người nộp thuế.",
            ["Cơ quan Thuế quản lý khoản thu"],
        ),
        (
            "Ngân hàng thương mại nơi người nộp thuế mở tài khoản có trách nhiệm trích chuyển tiền.",
            ["Ngân hàng thương mại nơi người nộp thuế mở tài khoản"],
        ),
        ("Đơn vị sử dụng ngân sách chịu trách nhiệm về tính chính xác của số liệu.", ["Đơn vị sử dụng ngân sách"]),
        ("Sở Y tế có nhiệm vụ hướng dẫn các đơn vị.", ["Sở Y tế"]),
        # a verb joined by "và", a request, or a list before the words of duty: the name ends at its verb
        ("UBND huyện tổ chức thực hiện và chịu trách nhiệm trước UBND tỉnh về kết quả.", ["UBND huyện"]),
        ("Sở Tài chính đề nghị các đơn vị có trách nhiệm báo cáo.", ["Các đơn vị"]),
        ("Sở Tài chính hướng dẫn các đơn vị có trách nhiệm lập dự toán.", ["Sở Tài chính"]),
        (
            "Giám đốc các Sở, Thủ trưởng các ban, ngành có trách nhiệm thi hành.",
            ["Giám đốc các Sở", "Thủ trưởng các ban, ngành"],
        ),
    ],
)
def test_a_subject_with_words_of_duty_runs_up_to_them(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize(
    "text, units",
    [
        # one head word shared by the names after a colon: each name is a unit, split at commas only
        ("Giao các Sở: Tài chính, Kế hoạch và Đầu tư chủ trì thực hiện.", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
        (
            "Các Bộ: Công Thương, Xây dựng, Giao thông vận tải theo chức năng chỉ đạo thực hiện.",
            ["Bộ Công Thương", "Bộ Xây dựng", "Bộ Giao thông vận tải"],
        ),
        (
            "Đề nghị các Sở: Y tế, Lao động - Thương binh và Xã hội phối hợp triển khai.",
            ["Sở Y tế", "Sở Lao động - Thương binh và Xã hội"],
        ),
        # after a plural the colon may be left out; names with heads of their own are units as they stand
        (
            "Các Bộ Tài nguyên và Môi trường, Nông nghiệp và Phát triển nông thôn, Tư pháp phối hợp thực hiện.",
            ["Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Tư pháp"],
        ),
        ("Đề nghị các Sở Y tế, Giáo dục và Đào tạo phối hợp.", ["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
        ("Đề nghị các Sở Y tế, UBND các huyện phối hợp.", ["Các Sở Y tế", "UBND các huyện"]),
        # a locality's list stays one name
        ("UBND các xã: An Thái, An Thọ, Mỹ Đức chuẩn bị mặt bằng.", ["UBND các xã: An Thái, An Thọ, Mỹ Đức"]),
        # a collective's bare heads join it; a capitalised head with its own name after them is a unit
        (
            "Đề nghị các cơ quan, đơn vị, Chi bộ khu dân cư, Chi bộ trường học phối hợp rà soát.",
            ["Các cơ quan, đơn vị", "Chi bộ khu dân cư", "Chi bộ trường học"],
        ),
        ("Đề nghị các sở, phòng ban, đơn vị sự nghiệp rà soát.", ["Các sở, phòng ban, đơn vị sự nghiệp"]),
        ("Đề nghị các Khoa, Viện, Trung tâm rà soát.", ["Các Khoa, Viện, Trung tâm"]),
        (
            "Đề nghị các cơ quan, đơn vị, Chi hội Nông dân các thôn rà soát.",
            ["Các cơ quan, đơn vị", "Chi hội Nông dân các thôn"],
        ),
        # "thường xuyên" inside a name ("Giáo dục thường xuyên") does not end it
        (
            "Giám đốc Trung tâm Giáo dục thường xuyên tỉnh chỉ đạo giáo viên.",
            ["Giám đốc Trung tâm Giáo dục thường xuyên tỉnh"],
        ),
        ("Các đơn vị thường xuyên kiểm tra việc thực hiện.", ["Các đơn vị"]),
    ],
)
def test_names_that_share_a_head_or_hold_a_compound(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize(
    "text, units",
    [
        # those the issuer directs, then "và đề nghị" those it does not: a list that ends before "và"
        (
            "Thủ tướng Chính phủ yêu cầu các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh và đề nghị cộng đồng "
            "doanh nghiệp, nhân dân cả nước:",
            ["Các Bộ trưởng", "Chủ tịch Ủy ban nhân dân các tỉnh"],
        ),
        (
            "Yêu cầu các sở, UBND các huyện và đề nghị Ủy ban MTTQ tỉnh phối hợp thực hiện.",
            ["Các sở", "UBND các huyện", "Ủy ban MTTQ tỉnh"],
        ),
        (
            "UBND tỉnh yêu cầu các sở, UBND các huyện và đề nghị Ủy ban MTTQ tỉnh phối hợp thực hiện.",
            ["Các sở", "UBND các huyện", "Ủy ban MTTQ tỉnh"],
        ),
    ],
)
def test_a_request_of_two_lists(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize(
    "text, units",
    [
        # the short name a unit is given in brackets is no part of it
        (
            "Đề nghị các Bộ, cơ quan ngang bộ (sau đây gọi là Bộ, cơ quan trung ương), Ủy ban nhân dân các tỉnh thực "
            "hiện:",
            ["Các Bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh"],
        ),
        # "tổ chức đảng", "chứng chỉ" hold a stop word inside a name; "trực tiếp" stands before a verb
        ("Các cấp ủy, tổ chức đảng chủ động tổ chức nghiên cứu, quán triệt.", ["Các cấp ủy, tổ chức đảng"]),
        ("Sinh viên có chứng chỉ hợp lệ nộp bản sao về Phòng Đào tạo.", ["Sinh viên có chứng chỉ hợp lệ"]),
        (
            "Đồng chí Phó Chủ tịch Thường trực Ủy ban MTTQ xã trực tiếp tham mưu xây dựng kế hoạch.",
            ["Đồng chí Phó Chủ tịch Thường trực Ủy ban MTTQ xã"],
        ),
        # a body as letters abbreviate it
        ("Bộ Y tế đề nghị BHXH Việt Nam chỉ đạo, hướng dẫn BHXH các tỉnh thực hiện.", ["BHXH Việt Nam"]),
        # a team member's line: the role is the unit
        ("Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung; chỉ đạo toàn diện hoạt động của Đoàn.", ["Trưởng đoàn"]),
        ("Bà Lê Thị Hoa, Thư ký đoàn: Tổng hợp báo cáo kết quả kiểm tra.", ["Thư ký đoàn"]),
    ],
)
def test_units_of_letters_and_plans_across_issuers(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize(
    "text, units",
    [
        ("Tầng 2: Phòng 207 Khoa CNTT; Phòng 206 Khoa Cơ bản", []),  # a floor, not a unit
        ("Đợt 1: Từ ngày 30/05/2022 đến ngày 05/06/2022", []),
        ("Văn phòng Sở: chủ trì tổng hợp báo cáo", ["Văn phòng Sở"]),
    ],
)
def test_a_colon_frame_names_a_unit_only(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize(
    "heading, units",
    [
        ("Đối với sinh viên:", ["Sinh viên"]),
        ("Đối với các đơn vị ngành Công Thương:", ["Các đơn vị ngành Công Thương"]),
        ("Tập đoàn Dầu khí Việt Nam:", ["Tập đoàn Dầu khí Việt Nam"]),
        ("Trách nhiệm của Sở Tài chính", ["Sở Tài chính"]),
        ("Về công tác tuyên truyền", None),
        ("Các tổ chức thành viên của Mặt trận Tổ quốc xã:", ["Các tổ chức thành viên của Mặt trận Tổ quốc xã"]),
        # the names end at a colon that the unit's work follows; a list of places after it stays in the name
        ("Liên đoàn Lao động tỉnh: Chỉ đạo các cấp công đoàn chủ động triển khai.", ["Liên đoàn Lao động tỉnh"]),
        ("UBND các xã: An Thái, An Thọ thực hiện", ["UBND các xã: An Thái, An Thọ"]),
    ],
)
def test_unit_headings(heading, units):
    from extractor.units import heading_units

    found = heading_units(heading)
    assert (found[0] if found else None) == units


@pytest.mark.parametrize(
    "cell, units",
    [
        (
            "Các tổ chức Hội hoạt động trong lĩnh vực sức khỏe cộng đồng: - Các cơ quan truyền thông",
            ["Các tổ chức Hội hoạt động trong lĩnh vực sức khỏe cộng đồng", "Các cơ quan truyền thông"],
        ),
        ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Lao động - Thương binh và Xã hội"]),  # a dash inside a name
        ("Sở Văn hóa, Thể thao và Du lịch; Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
        ("Phòng Đào tạo và Khoa", ["Phòng Đào tạo", "Khoa"]),
        # a note in brackets that points elsewhere is no part of the name
        (
            "Các đoàn kiểm tra do thành viên Ban Chỉ đạo làm Trưởng đoàn (theo Phụ lục II)",
            ["Các đoàn kiểm tra do thành viên Ban Chỉ đạo làm Trưởng đoàn"],
        ),
        # a plural after a comma opens a unit of its own, whatever the case of its head word
        ("SYT, Các cơ sở y tế", ["SYT", "Các cơ sở y tế"]),
        ("Sở Y tế, các bệnh viện có giường bệnh", ["Sở Y tế", "Các bệnh viện có giường bệnh"]),
        ("Phòng GD&ĐT, các trường THCS", ["Phòng GD&ĐT", "Các trường THCS"]),
        # ... but a comma inside a name, or a collective of bare heads, does not split
        ("Phòng Xây dựng, Nông nghiệp và Môi trường", ["Phòng Xây dựng, Nông nghiệp và Môi trường"]),
        ("Các Khoa, Viện, Bộ môn", ["Các Khoa, Viện, Bộ môn"]),
        # one office of two bodies, the place closing the whole name (rules/units.yaml joint_offices) ...
        ("Văn phòng Đoàn ĐBQH và HĐND Thành phố", ["Văn phòng Đoàn ĐBQH và HĐND Thành phố"]),
        ("Văn phòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
        (
            "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
            ["Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"],
        ),
        # ... but an office with its own place, or a plural after "và", is two units
        ("Văn phòng HĐND tỉnh và UBND tỉnh", ["Văn phòng HĐND tỉnh", "UBND tỉnh"]),
        ("Văn phòng UBND tỉnh và UBND các huyện", ["Văn phòng UBND tỉnh", "UBND các huyện"]),
    ],
)
def test_a_cell_of_units_splits_into_names(cell, units):
    from extractor.units import split_units

    assert split_units(cell) == units


# ---- the seeds' phrasing: who leads, who coordinates, names joined by "và" and "," ---------------


@pytest.mark.parametrize(
    "text, units, co",
    [
        (
            "Giao phòng Xây dựng, Nông nghiệp và Môi trường chủ trì, phối hợp với các đơn vị liên quan tham mưu "
            "triển khai thực hiện nhiệm vụ.",
            ["Phòng Xây dựng, Nông nghiệp và Môi trường"],
            ["Các đơn vị liên quan"],
        ),
        (
            "Phòng Kinh tế chủ trì đôn đốc tiến độ giải ngân; phối hợp với phòng Xây dựng, Nông nghiệp và Môi trường, "
            "phòng Văn hóa - Xã hội thực hiện báo cáo tình hình thực hiện giải ngân.",
            ["Phòng Kinh tế"],
            ["Phòng Xây dựng, Nông nghiệp và Môi trường", "Phòng Văn hóa - Xã hội"],
        ),
        (
            "Đội Thuế liên huyện khu vực V chủ trì, phối hợp với UBND các phường, xã, Phòng Nông nghiệp và Môi trường, "
            "Chi nhánh Văn phòng Đăng ký đất đai thành phố tập trung thực hiện các giải pháp về tăng thu.",
            ["Đội Thuế liên huyện khu vực V"],
            ["UBND các phường, xã", "Phòng Nông nghiệp và Môi trường", "Chi nhánh Văn phòng Đăng ký đất đai thành phố"],
        ),
        (
            "Ban Dân vận Thị ủy chủ trì, phối hợp với Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã tiếp "
            "tục phát huy vai trò từ thị xã đến cơ sở.",
            ["Ban Dân vận Thị ủy"],
            ["Mặt trận Tổ quốc", "Các tổ chức chính trị - xã hội thị xã"],
        ),
        (
            "Giao Văn phòng HĐND-UBND xã chủ trì, phối hợp với các Phòng, ban chuyên môn thường xuyên rà soát, cập nhật "
            "đầy đủ kết quả thực hiện nhiệm vụ.",
            ["Văn phòng HĐND-UBND xã"],
            ["Các Phòng, ban chuyên môn"],
        ),
        (
            "Giao Trung tâm Dịch vụ tổng hợp phối hợp với phòng Xây dựng, Nông nghiệp và Môi trường tổ chức ra quân.",
            ["Trung tâm Dịch vụ tổng hợp"],
            ["Phòng Xây dựng, Nông nghiệp và Môi trường"],
        ),
        # no unit of its own, a co-unit only
        (
            "Tiếp tục phối hợp Viện Quy hoạch triển khai các bước điều chỉnh Quy hoạch chung thị trấn Trường Sơn.",
            [],
            ["Viện Quy hoạch"],
        ),
        ("Phối hợp với UBND xã triệu tập và chủ trì hội nghị cử tri nơi cư trú.", [], ["UBND xã"]),
        ("Phối hợp với các ban quản lý dự án rà soát hồ sơ.", [], ["Các ban quản lý dự án"]),
        ("Phối hợp với các Sở, ngành tổ chức đấu thầu lựa chọn nhà đầu tư thực hiện Dự án.", [], ["Các Sở, ngành"]),
    ],
)
def test_assigned_units_and_co_units(text, units, co):
    assert assigned_units(text)[0] == units
    assert co_units(text) == co


@pytest.mark.parametrize(
    "text, units",
    [
        (
            "Đảng ủy Quân sự và Đảng ủy Công an thị xã theo chức năng, nhiệm vụ, phối hợp chặt chẽ với các đơn vị, "
            "địa phương liên quan tổ chức triển khai.",
            ["Đảng ủy Quân sự", "Đảng ủy Công an thị xã"],
        ),
        (
            "Các cơ quan chuyên môn thành phố, UBND các phường, xã thực hiện nghiêm túc kỷ luật, kỷ cương hành chính.",
            ["Các cơ quan chuyên môn thành phố", "UBND các phường, xã"],
        ),
        ("Sở Tài chính và Sở Kế hoạch và Đầu tư tham mưu bố trí kinh phí.", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
        (
            "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh và Sở Y tế chuẩn bị lực lượng.",
            ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Sở Y tế"],
        ),
        (
            "Đề nghị Ủy ban MTTQVN và các đoàn thể huyện phối hợp chỉ đạo, đôn đốc, giám sát việc thực hiện Chương trình.",
            ["Ủy ban MTTQVN", "Các đoàn thể huyện"],
        ),
    ],
)
def test_names_joined_by_va_and_commas(text, units):
    assert assigned_units(text)[0] == units


PLAN = """ỦY BAN NHÂN DÂN
PHƯỜNG BẮC KẠN
Số: 45/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Kạn, ngày 30 tháng 5 năm 2026
KẾ HOẠCH
Thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 6 năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm hoàn thành các chỉ tiêu đã đề ra.
II. NHIỆM VỤ CỤ THỂ
1. Phòng Kinh tế
a) Chủ trì đôn đốc tiến độ giải ngân các chương trình, dự án.
b) Định kỳ báo cáo tiến độ giải ngân về UBND phường trước ngày 15 hằng tháng.
2. Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trung tâm Dịch vụ tổng hợp:
- Tổ chức ra quân “Ngày thứ bảy xanh” vào ngày thứ Bảy của tuần thứ 2 hằng tháng.
- Tuyên truyền, vận động Nhân dân giữ gìn vệ sinh môi trường.
3. Đối với UBND các xã, thị trấn:
- Rà soát, cập nhật danh sách hộ gia đình.
- Công an phường chủ trì bảo đảm an ninh trật tự trên địa bàn.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def plan_tasks():
    from extractor import ml
    from extractor.ingest.txt import load_txt
    from extractor.pipeline import build_record

    with ml.use_model(None):  # the rules' task builder
        record = build_record(load_txt("plan.txt", PLAN.encode("utf-8")))
    return {t["action"][:30]: (t["units"], t["co_units"]) for t in record["tasks"]}


@pytest.mark.parametrize(
    "action, units, co",
    [
        # a numbered unit heading hands its unit to its lettered items
        ("Chủ trì đôn đốc tiến độ giải n", ["Phòng Kinh tế"], []),
        ("Định kỳ báo cáo tiến độ giải n", ["Phòng Kinh tế"], []),
        # a lead-in "X chủ trì, phối hợp với Y:" hands both to its dash items
        ("Tổ chức ra quân “Ngày thứ bảy ", ["Phòng Văn hóa - Xã hội"], ["Trung tâm Dịch vụ tổng hợp"]),
        ("Tuyên truyền, vận động Nhân dâ", ["Phòng Văn hóa - Xã hội"], ["Trung tâm Dịch vụ tổng hợp"]),
        # "Đối với X:" names X; an item's own unit wins over its heading's
        ("Rà soát, cập nhật danh sách hộ", ["UBND các xã, thị trấn"], []),
        ("Công an phường chủ trì bảo đảm", ["Công an phường"], []),
    ],
)
def test_items_inherit_their_headings_units(plan_tasks, action, units, co):
    assert plan_tasks[action] == (units, co)


def test_the_objectives_section_gives_no_task(plan_tasks):
    assert len(plan_tasks) == 6 and not any(a.startswith("Bảo đảm hoàn thành") for a in plan_tasks)


@pytest.mark.parametrize(
    "text, units",
    [
        # a bare head before a head with a locality shares the locality: one string (GUIDE-NOTES §5)
        (
            "Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố",
            ["Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố"],
        ),
        ("HĐND, UBND huyện", ["HĐND, UBND huyện"]),
        ("Công an, Quân sự tỉnh", ["Công an, Quân sự tỉnh"]),
        # a head with its own name or place does not
        ("Ban Tuyên giáo, UBND tỉnh", ["Ban Tuyên giáo", "UBND tỉnh"]),
        ("Sở Tài chính, UBND các huyện", ["Sở Tài chính", "UBND các huyện"]),
        ("Trưởng thôn, Tổ trưởng tổ dân phố", ["Trưởng thôn", "Tổ trưởng tổ dân phố"]),
        ("Văn phòng, Sở Tài chính", ["Văn phòng", "Sở Tài chính"]),
        # establishments and forest owners a ministry or province writes to
        ("Vườn quốc gia Hoàng Liên, các Công ty Lâm nghiệp", ["Vườn quốc gia Hoàng Liên", "Các Công ty Lâm nghiệp"]),
        ("Khu bảo tồn thiên nhiên Xuân Liên, Hạt Kiểm lâm", ["Khu bảo tồn thiên nhiên Xuân Liên", "Hạt Kiểm lâm"]),
    ],
)
def test_a_locality_shared_by_a_bare_head(text, units):
    assert split_units(text) == units
