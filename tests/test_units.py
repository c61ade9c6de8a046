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
