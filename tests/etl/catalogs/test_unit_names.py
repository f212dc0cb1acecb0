"""Unit names as the plan and people write them resolve to catalog codes."""
import pytest

from cchc.config import DATA_DIR
from etl.catalogs import units
from etl.catalogs.unit_names import UnitNames


@pytest.fixture(scope="module")
def names() -> UnitNames:
    unit_frame, groups = units.build_units(DATA_DIR), units.build_groups(DATA_DIR)
    return UnitNames.from_catalog(DATA_DIR, unit_frame.to_dict("records"), groups.to_dict("records"))


@pytest.mark.parametrize("text, codes", [
    ("Sở TTTT", ["STTTT"]),
    ("Sở TT&TT", ["STTTT"]),
    ("Sở Thông tin và Truyền thông", ["STTTT"]),
    ("sở thong tin va truyen thong", ["STTTT"]),
    ("VP UBND tỉnh", ["VPUBND"]),
    ("Văn phòng UBND tỉnh", ["VPUBND"]),
    ("Sở KH&CN", ["SKHCN"]),
    ("Sở KHCN", ["SKHCN"]),
    ("Sở KH&ĐT", ["SKHDT"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["SVHTTDL"]),
    ("Sở Lao động - Thương binh và Xã hội", ["SLDTBXH"]),
    ("Trung tâm Phục vụ hành chính công tỉnh", ["TTPVHCC"]),
    ("Sở Tư pháp, Văn phòng UBND tỉnh, Sở Thông tin truyền thông", ["STP", "VPUBND", "STTTT"]),
    ("Các sở, ban, ngành cấp tỉnh; UBND cấp huyện, cấp xã", ["ALL_DEPARTMENTS", "ALL_DISTRICTS", "ALL_COMMUNES"]),
    ("UBND các huyện, thị xã, thành phố", ["ALL_DISTRICTS"]),
    ("UBND huyện Kỳ Anh", ["H447"]),
    ("Sở Khoa học và Công nghệ (chủ trì, phối hợp kiểm tra)", ["SKHCN"]),
])
def test_names_and_abbreviations(names, text, codes):
    result = names.resolve(text)
    assert (result.codes, result.unmatched) == (codes, [])


def test_qualifier_after_chu_tri_is_skipped(names):
    result = names.resolve("Sở Nội vụ chủ trì đối với nhân rộng mô hình hay; "
                           "Sở Khoa học và Công nghệ chủ trì đối với áp dụng các sáng kiến CCHC")
    assert (result.codes, result.unmatched) == (["SNV", "SKHCN"], [])


def test_unknown_words_are_reported_not_dropped(names):
    result = names.resolve("Sở Nội vụ, Sở Không Tồn Tại")
    assert result.codes == ["SNV"]
    assert result.unmatched == ["so khong ton tai"]
