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
])
def test_a_unit_that_opens_a_sentence_ends_at_its_verb(text, units):
    assert assigned_units(text)[0] == units
