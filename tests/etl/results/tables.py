"""National tables as publishers make them, written by code for the tests: PAPI 2024 as the product ships it
(data/provinces/results.csv: the 61 provinces with data, their eight dimensions; the two provinces without data
are the catalog's others), messy or clean."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from tests.conftest import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "data" / "provinces"
DIMENSIONS = ["Tham gia của người dân ở cấp cơ sở", "Công khai, minh bạch", "Trách nhiệm giải trình",
              "Kiểm soát tham nhũng", "Thủ tục hành chính công", "Cung ứng dịch vụ công", "Quản trị môi trường",
              "Quản trị điện tử"]
CODES = ["PAPI_PARTICIPATION", "PAPI_TRANSPARENCY", "PAPI_ACCOUNTABILITY", "PAPI_CORRUPTION", "PAPI_ADMIN_PROC",
         "PAPI_SERVICE_DELIVERY", "PAPI_ENVIRONMENT", "PAPI_EGOV"]
# names as people write them: abbreviations, another tone placement, no diacritics, another dash
VARIANTS = {"Thừa Thiên Huế": "TT Huế", "Thành phố Hồ Chí Minh": "TP. HCM", "Bà Rịa - Vũng Tàu": "Bà Rịa-Vũng Tàu",
            "Hòa Bình": "Hoà Bình", "Thanh Hóa": "Thanh Hoa"}


def _read(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def papi_rows() -> list[dict]:
    """The 63 provinces in the catalog's order, each with its PAPI 2024 total, rank and dimensions (None without
    data)."""
    values: dict[str, dict[str, dict[str, str]]] = {}
    for row in _read("results.csv"):
        if row["index_code"] == "PAPI" and row["year"] == "2024":
            values.setdefault(row["province_code"], {})[row["component_code"]] = row
    rows = []
    for province in _read("provinces.csv"):
        if province["ranked_among"] != "63":
            continue
        found = values.get(province["code"], {})
        total = found.get("TOTAL")
        rows.append({"name": province["name"], "total": float(total["score"]) if total else None,
                     "rank": int(total["rank"]) if total else None,
                     "dimensions": [float(found[c]["score"]) for c in CODES] if total else None})
    return rows


def messy_papi_xlsx(edit_rows=None) -> bytes:
    """A title, a header of two rows (a merged "Chỉ số nội dung" over the dimensions), ranks as "6/61", two
    provinces without data ("-"), notes under the table; ``edit_rows`` may change the data rows first."""
    rows = []
    for number, r in enumerate(papi_rows(), start=1):
        name = VARIANTS.get(r["name"], r["name"])
        if r["total"] is not None:
            rows.append([number, name, *r["dimensions"], r["total"], f"{r['rank']}/61"])
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
