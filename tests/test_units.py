"""Unit and co-unit names inside a directive's text (extractor/units.py, rules/units.yaml)."""
from extractor.units import assigned_units, co_units


def test_a_list_of_units_splits_where_a_new_unit_begins():
    units, _ = assigned_units("Giao phòng Xây dựng, Nông nghiệp và Môi trường; phòng Văn hóa - Xã hội thực hiện.")
    assert units == ["Phòng Xây dựng, Nông nghiệp và Môi trường", "Phòng Văn hóa - Xã hội"]


def test_local_government_is_a_co_unit_of_its_own():
    text = "Công an tỉnh phối hợp với Sở Ngoại vụ và chính quyền địa phương quản lý chặt chẽ người nước ngoài."
    assert co_units(text) == ["Sở Ngoại vụ", "Chính quyền địa phương"]
    text = "Tăng cường kiểm tra, phối hợp với Sở Công Thương, chính quyền địa phương và cơ quan liên quan xử lý vi phạm."
    found = co_units(text)
    assert found[0] == "Sở Công Thương" and found[1].startswith("Chính quyền địa phương")


import pytest  # noqa: E402


@pytest.mark.parametrize("text, units", [
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
    # a step's label before the sentence
    ("Bước 3: Tập thể cán bộ, công chức và Chủ tịch công đoàn cơ sở cấp xã họp tham gia ý kiến.",
     ["Tập thể cán bộ, công chức", "Chủ tịch công đoàn cơ sở cấp xã"]),
    # a compound that opens with a stop word stays inside the name
    ("Giám đốc Trung tâm Y tế dự phòng tỉnh tổng hợp nhu cầu vắc xin.", ["Giám đốc Trung tâm Y tế dự phòng tỉnh"]),
    # a second "các" opens a second collective
    ("Các Bộ, ngành, các địa phương lãnh đạo cán bộ, công chức không sử dụng thông tin sai lệch.",
     ["Các Bộ, ngành", "Các địa phương"]),
    ("Báo Nhân Dân, Thông tấn xã Việt Nam, Cổng Thông tin điện tử Chính phủ và các cơ quan thông tin đại chúng "
     "tuyên truyền.", ["Báo Nhân Dân", "Thông tấn xã Việt Nam", "Cổng Thông tin điện tử Chính phủ",
                       "Các cơ quan thông tin đại chúng"]),
])
def test_a_unit_that_opens_a_sentence_ends_at_its_verb(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize("text, units", [
    ("Tầng 2: Phòng 207 Khoa CNTT; Phòng 206 Khoa Cơ bản", []),  # a floor, not a unit
    ("Đợt 1: Từ ngày 30/05/2022 đến ngày 05/06/2022", []),
    ("Văn phòng Sở: chủ trì tổng hợp báo cáo", ["Văn phòng Sở"]),
])
def test_a_colon_frame_names_a_unit_only(text, units):
    assert assigned_units(text)[0] == units


@pytest.mark.parametrize("heading, units", [
    ("Đối với sinh viên:", ["Sinh viên"]),
    ("Đối với các đơn vị ngành Công Thương:", ["Các đơn vị ngành Công Thương"]),
    ("Tập đoàn Dầu khí Việt Nam:", ["Tập đoàn Dầu khí Việt Nam"]),
    ("Trách nhiệm của Sở Tài chính", ["Sở Tài chính"]),
    ("Về công tác tuyên truyền", None),
])
def test_unit_headings(heading, units):
    from extractor.units import heading_units

    found = heading_units(heading)
    assert (found[0] if found else None) == units


@pytest.mark.parametrize("cell, units", [
    ("Các tổ chức Hội hoạt động trong lĩnh vực sức khỏe cộng đồng: - Các cơ quan truyền thông",
     ["Các tổ chức Hội hoạt động trong lĩnh vực sức khỏe cộng đồng", "Các cơ quan truyền thông"]),
    ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Lao động - Thương binh và Xã hội"]),  # a dash inside a name
    ("Sở Văn hóa, Thể thao và Du lịch; Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
    ("Phòng Đào tạo và Khoa", ["Phòng Đào tạo", "Khoa"]),
])
def test_a_cell_of_units_splits_into_names(cell, units):
    from extractor.units import split_units

    assert split_units(cell) == units
