"""National tables as publishers make them, written by code for the tests: the PAPI 2024 table of the shared
reference (61 provinces with data, two without), messy or clean."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from tests.conftest import PROJECT_ROOT

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference" / "papi_2024_all_provinces.csv"
DIMENSIONS = ["Tham gia của người dân ở cấp cơ sở", "Công khai, minh bạch", "Trách nhiệm giải trình",
              "Kiểm soát tham nhũng", "Thủ tục hành chính công", "Cung ứng dịch vụ công", "Quản trị môi trường",
              "Quản trị điện tử"]
# names as people write them: abbreviations, another tone placement, no diacritics, another dash
VARIANTS = {"Thừa Thiên Huế": "TT Huế", "Hồ Chí Minh": "TP. HCM", "Bà Rịa - Vũng Tàu": "Bà Rịa-Vũng Tàu",
            "Hòa Bình": "Hoà Bình", "Thanh Hóa": "Thanh Hoa"}


def papi_rows() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def messy_papi_xlsx(edit_rows=None) -> bytes:
    """A title, a header of two rows (a merged "Chỉ số nội dung" over the dimensions), ranks as "6/61", two
    provinces without data ("-"), notes under the table; ``edit_rows`` may change the data rows first."""
    rows = []
    for number, r in enumerate(papi_rows(), start=1):
        name = VARIANTS.get(r["province_vi"], r["province_vi"])
        if r["total_papi"]:
            rows.append([number, name, *[float(r[f"D{k}"]) for k in range(1, 9)], float(r["total_papi"]),
                         f"{r['rank_year']}/61"])
        else:
            rows.append([number, name, *["-"] * 8, None, None])
    if edit_rows:
        edit_rows(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "PAPI 2024"
    sheet.append(["CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG CẤP TỈNH (PAPI) NĂM 2024"])
    sheet.append([])
    sheet.append(["STT", "Tỉnh/thành phố", "Chỉ số nội dung", *[None] * 7, "Tổng hợp", "Xếp hạng"])
    sheet.append([None, None, *DIMENSIONS, None, None])
    for merged in ("C3:J3", "A3:A4", "B3:B4", "K3:K4", "L3:L4"):
        sheet.merge_cells(merged)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["Ghi chú: Vĩnh Phúc và Tiền Giang không có số liệu năm 2024."])
    sheet.append(["Nguồn: papi.org.vn (CECODES, UNDP)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
