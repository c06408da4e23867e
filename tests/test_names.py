import pytest

from etl.names import ascii_fold, name_key, normalize_name


@pytest.mark.parametrize(
    ("old", "new"),
    [("Hoà Vang", "Hòa Vang"), ("Khoẻ", "Khỏe"), ("Thuỷ An", "Thủy An"), ("Tuỳ Phước", "Tùy Phước"), ("Hoá", "Hóa")],
)
def test_old_tone_placement_becomes_new(old, new):
    assert normalize_name(old) == new
    assert name_key(old) == name_key(new)


@pytest.mark.parametrize("name", ["Hoàng Sa", "Quý Sơn", "Quỳnh Lưu", "Huỳnh Hữu", "Xuyên Mộc", "Nguyễn Huệ"])
def test_tone_not_moved_where_both_styles_agree(name):
    assert normalize_name(name) == name


def test_decomposed_input_is_composed():
    assert normalize_name("Ta\u0300m Ky\u0300") == "Tàm Kỳ"


@pytest.mark.parametrize(
    "variant", ["Thị xã Điện Bàn", "TX. Điện Bàn", "TX.Điện Bàn", "ĐiệnBàn", "  Điện   Bàn ", "điện bàn"]
)
def test_type_prefixes_spacing_and_case_ignored(variant):
    assert name_key(variant) == name_key("Điện Bàn")


def test_names_differing_only_by_diacritics_stay_apart():
    assert name_key("Tam Đàn") != name_key("Tam Dân")
    assert ascii_fold("Tam Đàn") == ascii_fold("Tam Dân")


def test_numbered_wards_keep_their_type_word():
    assert name_key("Phường 1") != name_key("Xã 1")
    assert name_key("Phường 1") == name_key("phường 1") == name_key("Phường 01") == name_key("Phường1")
    assert name_key("Phường 1") != name_key("Phường 10")


@pytest.mark.parametrize(("spaceless", "spaced"), [("HoàThuận", "Hòa Thuận"), ("TuyHoà", "Tuy Hòa"), ("HOÀ VANG", "HÒA VANG")])
def test_syllable_ends_at_a_capital_or_space(spaceless, spaced):
    assert name_key(spaceless) == name_key(spaced)


def test_capitals_continue_a_syllable():
    assert normalize_name("HOÀNG SA") == "HOÀNG SA"
