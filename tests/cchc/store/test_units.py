"""Why a unit is not in a period, named to its successors through the lineage (merged, merged twice, split,
a department merger, a district, an unmapped commune, a unit not yet formed)."""
from datetime import date

import pytest

from cchc.store import db
from cchc.store.units import absence_reason, exists_on, successors_on

Q1_2026, Q1_2024 = date(2026, 3, 31), date(2024, 3, 31)


@pytest.fixture(scope="module")
def catalogs(catalog_db_template):
    conn = db.connect(catalog_db_template, read_only=True)
    yield conn
    conn.close()


def unit(conn, code: str) -> dict:
    return db.query_df(conn, "SELECT * FROM units WHERE code = ?", [code]).to_dict("records")[0]


def test_reasons_name_the_units_of_the_day(catalogs):
    expected = {
        ("X18073", Q1_2026): "đơn vị này không còn từ 01/07/2025, nay thuộc Phường Thành Sen (X2025-18073)",
        # merged on 1/1/2025 into X18094, which went into Phường Thành Sen on 1/7/2025: the unit of 2026 is named
        ("X18070", Q1_2026): "đơn vị này không còn từ 01/01/2025, nay thuộc Phường Thành Sen (X2025-18073)",
        ("X18082", Q1_2026): "đơn vị này không còn từ 01/07/2025, nay chia về Phường Thành Sen (X2025-18073) và "
                             "Phường Hà Huy Tập (X2025-18652)",
        ("STTTT", Q1_2026): "đơn vị này không còn từ 01/03/2025, nay thuộc Sở Khoa học và Công nghệ (SKHCN)",
        ("H436", Q1_2026): "đơn vị này không còn từ 01/07/2025 (không còn cấp huyện)",
        ("X18472", Q1_2026): "đơn vị này không còn từ 01/01/2025, chưa xác định đơn vị tiếp nhận",
        ("X2025-18073", Q1_2024): "đơn vị này chỉ có từ ngày 01/07/2025",
        ("X18073", Q1_2024): None, ("X2025-18073", Q1_2026): None, ("SNV", Q1_2026): None,
    }
    found = {(code, day): absence_reason(catalogs, unit(catalogs, code), day) for code, day in expected}
    assert found == expected
    assert exists_on(unit(catalogs, "X18073"), date(2025, 6, 30)) and not exists_on(unit(catalogs, "X18073"),
                                                                                      date(2025, 7, 1))
    # on 30/6/2025 X18070's successor is the commune it merged into on 1/1/2025
    assert [s.code for s in successors_on(catalogs, "X18070", date(2025, 6, 30))] == ["X18094"]
