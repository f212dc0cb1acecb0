"""The index results (Kết quả chỉ số) that Sở Nội vụ alone reports, by year: the internal PAR INDEX total of every
department and district pre-filled, and empty rows for the components or other indices, each with its index,
year, unit and component codes chosen from lists."""
from __future__ import annotations

from datetime import date

from openpyxl.utils import quote_sheetname

from cchc import applicability
from cchc.missing import is_missing
from cchc.periods import Period
from cchc.store import db
from etl.reports import layout
from etl.reports.templates.sheet import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    Line,
    NothingToReportError,
    ReportSheet,
    Subject,
    TemplateError,
    number_text,
    plain_number,
)
from etl.reports.templates.style import validation

INDEX_REPORTING_UNIT = "SNV"          # Sở Nội vụ: the only unit that reports index results
INDEX_PREFILLED = "PAR_INDEX_INTERNAL"
TOTAL_COMPONENT = "TOTAL"
INDEX_EXTRA_ROWS = 50                 # empty input rows under the pre-filled index rows


class IndicesSheet(ReportSheet):
    kind = "indices"
    yearly = True

    @classmethod
    def resolve(cls, conn: db.Connection, unit: dict, period: Period, catalog: applicability.Catalog) -> Subject:
        """Sở Nội vụ's template of a year: the departments and districts active in the year, the components of
        the pre-filled index, and every index and component code for the lists."""
        code, name = unit["code"], unit["name"]
        if code != INDEX_REPORTING_UNIT:
            raise TemplateError(
                f"Chỉ Sở Nội vụ (mã {INDEX_REPORTING_UNIT}) báo cáo kết quả chỉ số; "
                f"{name} ({code}) không dùng mẫu này."
            )
        year = period.year
        units = db.query_df(
            conn,
            """SELECT code, name, kind FROM units
               WHERE kind IN ('department', 'district')
                 AND (valid_from IS NULL OR valid_from <= ?::DATE) AND (valid_to IS NULL OR valid_to > ?::DATE)
               ORDER BY CASE kind WHEN 'department' THEN 1 ELSE 2 END, code""",
            [date(year, 12, 31).isoformat(), date(year, 1, 1).isoformat()],
        )
        if units.empty:
            raise NothingToReportError(f"Không có sở, ngành hay UBND cấp huyện nào hoạt động trong năm {year}.")
        components = db.query_df(
            conn,
            "SELECT component_code, name_vi, max_score FROM index_components WHERE index_code = ? ORDER BY sort_order",
            [INDEX_PREFILLED],
        ).to_dict("records")
        total_max = next((c["max_score"] for c in components if c["component_code"] == TOTAL_COMPONENT), None)
        rows = [
            {"index_code": INDEX_PREFILLED, "year": year, "unit_code": u["code"], "unit_name": u["name"],
             "component_code": TOTAL_COMPONENT, "max_score": plain_number(total_max)}
            for u in units.to_dict("records")
        ]
        index_codes = [r[0] for r in db.query_rows(conn, "SELECT code FROM indices ORDER BY sort_order, code")]
        component_codes = [r[0] for r in db.query_rows(
            conn,
            """SELECT component_code FROM index_components GROUP BY component_code
               ORDER BY min(CASE WHEN component_code = 'TOTAL' THEN -1 ELSE sort_order END), component_code""",
        )]
        return Subject(cls.kind, unit, period, rows, components, index_codes, component_codes)

    def write_rows(self) -> None:
        ws, s = self.ws, self.s
        self.lists.cell(row=1, column=2, value="Mã chỉ số")
        for i, code in enumerate(s.index_codes, start=2):
            self.lists.cell(row=i, column=2, value=code)
        self.lists.cell(row=1, column=3, value="Mã thành phần")
        for i, code in enumerate(s.component_codes, start=2):
            self.lists.cell(row=i, column=3, value=code)
        sheet = quote_sheetname(layout.LISTS_SHEET)
        index_dv = validation(
            "list", "Mã chỉ số không có", "Hãy chọn mã chỉ số trong danh sách (ví dụ PAR_INDEX_INTERNAL).",
            "Mã chỉ số", "Chọn trong danh sách.", formula1=f"={sheet}!$B$2:$B${len(s.index_codes) + 1}")
        component_dv = validation(
            "list", "Mã thành phần không có",
            "Hãy chọn mã thành phần trong danh sách; TOTAL là tổng điểm của chỉ số.",
            "Mã thành phần", "TOTAL: tổng điểm; mã khác: điểm của một lĩnh vực.",
            formula1=f"={sheet}!$C$2:$C${len(s.component_codes) + 1}")
        year_dv = validation(
            "whole", "Năm không hợp lệ", "Năm đánh giá là số có 4 chữ số, ví dụ " + str(self.year) + ".",
            operator="between", formula1="2000", formula2="2100")
        score_dv = validation(
            "decimal", "Điểm không hợp lệ", "Điểm là số không âm, ví dụ 85,5.",
            operator="greaterThanOrEqual", formula1="0")
        rank_dv = validation(
            "whole", "Thứ hạng không hợp lệ", "Xếp hạng và tổng số đơn vị là số nguyên từ 1 trở lên, ví dụ 3 và 19.",
            operator="greaterThanOrEqual", formula1="1")
        for dv in (index_dv, component_dv, year_dv, score_dv, rank_dv):
            ws.add_data_validation(dv)

        row = HEADER_ROW
        for number, item in enumerate(s.rows, start=1):
            row += 1
            self.put(row, "row_no", number, "label_centre")
            self.put(row, "index_code", item["index_code"], "input_text")
            self.put(row, "year", item["year"], "input_centre")
            self.put(row, "unit_code", item["unit_code"], "input_text")
            self.put(row, "unit_name", item["unit_name"], "label_wrap")
            self.put(row, "component_code", item["component_code"], "input_text")
            self.put(row, "score", None, "input")
            self.put(row, "max_score", item["max_score"], "input")
            self.put(row, "rank", None, "input")
            self.put(row, "rank_of", None, "input")
            self.put(row, "note", None, "input_wrap")
        for _ in range(INDEX_EXTRA_ROWS):
            row += 1
            self.put(row, "row_no", None, "label_centre")
            for key in ("index_code", "unit_code", "component_code"):
                self.put(row, key, None, "input_text")
            self.put(row, "year", None, "input_centre")
            self.put(row, "unit_name", None, "input_wrap")
            for key in ("score", "max_score", "rank", "rank_of"):
                self.put(row, key, None, "input")
            self.put(row, "note", None, "input_wrap")
        self.last_row = row
        index_dv.add(self.column_range("index_code", FIRST_DATA_ROW, row))
        component_dv.add(self.column_range("component_code", FIRST_DATA_ROW, row))
        year_dv.add(self.column_range("year", FIRST_DATA_ROW, row))
        score_dv.add(self.column_range("score", FIRST_DATA_ROW, row))
        score_dv.add(self.column_range("max_score", FIRST_DATA_ROW, row))
        rank_dv.add(self.column_range("rank", FIRST_DATA_ROW, row))
        rank_dv.add(self.column_range("rank_of", FIRST_DATA_ROW, row))

    def purpose(self) -> list[Line]:
        return [
            ("item", f"Sở Nội vụ nhập kết quả các chỉ số (điểm, xếp hạng) của năm {self.s.period.year}. "
                     "Mỗi dòng là một điểm số: một chỉ số, một năm, một đơn vị được đánh giá, một thành phần."),
            ("item", f"Các dòng đã điền sẵn: tổng điểm (mã thành phần {TOTAL_COMPONENT}) của Chỉ số CCHC nội bộ "
                     f"({INDEX_PREFILLED}) cho từng sở, ban, ngành và UBND cấp huyện. Chỉ cần nhập điểm, "
                     "xếp hạng và tổng số đơn vị được xếp hạng."),
            ("item", f"Điểm các lĩnh vực (thành phần) hoặc chỉ số khác: ghi vào các dòng trống bên dưới "
                     f"(có sẵn {INDEX_EXTRA_ROWS} dòng), mỗi dòng ghi đủ mã chỉ số, năm, mã đơn vị và mã thành phần."),
        ]

    def how_to_fill(self, headers: dict[str, str]) -> list[Line]:
        component_lines = [
            f"{c['component_code']}: {c['name_vi']}"
            + (f" (tối đa {number_text(float(c['max_score']))} điểm)" if not is_missing(c["max_score"]) else "")
            for c in self.s.components
        ]
        return [
            ("item", f"Cột “{headers['score']}”: điểm đạt được, số thập phân dùng dấu phẩy, ví dụ 85,5."),
            ("item", f"Cột “{headers['max_score']}”: thang điểm (đã điền sẵn 100); sửa nếu điểm tối đa của đơn vị "
                     "khác (ví dụ 98 khi có tiêu chí không áp dụng)."),
            ("item", f"Cột “{headers['rank']}” và “{headers['rank_of']}”: số nguyên, ví dụ hạng 3 trên tổng số 19 "
                     "đơn vị cùng khối."),
            ("item", f"Mã thành phần của {INDEX_PREFILLED} (chọn trong danh sách thả xuống):"),
            *[("sub", text) for text in component_lines],
        ]
