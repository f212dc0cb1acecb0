"""The targets report (Báo cáo kết quả thực hiện chỉ tiêu): one row per target the unit reports on, with the
target value, and input cells for the numerator, the denominator (where the target is a ratio), the result
and a note."""
from __future__ import annotations

import pandas as pd
from openpyxl.formatting.rule import FormulaRule

from cchc import applicability
from cchc.formatting import format_date
from cchc.missing import is_missing
from etl.reports.templates.sheet import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    NOT_APPLICABLE_MARK,
    Line,
    ReportSheet,
    catalog_text,
    number_text,
    plain_number,
)
from etl.reports.templates.style import FILL_WARN, comment, validation


class TargetsSheet(ReportSheet):
    kind = "targets"
    nothing_to_report = "chỉ tiêu nào"

    @classmethod
    def plan_rows(cls, catalog: applicability.Catalog, code: str, year: int) -> pd.DataFrame:
        return catalog.targets_for_unit(code, year)

    def write_rows(self) -> None:
        ws = self.ws
        percent_dv = validation(
            "decimal", "Kết quả không hợp lệ",
            "Kết quả là tỷ lệ phần trăm từ 0 đến 100, ví dụ 85,5 (máy dùng dấu chấm thập phân thì gõ 85.5); "
            "không ghi dấu %.",
            "Kết quả (%)", "Ghi tỷ lệ % lũy kế từ 01/01, ví dụ 85,5.",
            operator="between", formula1="0", formula2="100")
        amount_dv = validation(
            "decimal", "Kết quả không hợp lệ", "Kết quả là một số không âm, ví dụ 3 hoặc 12,5.",
            "Kết quả", "Ghi số lượng lũy kế từ 01/01 theo đơn vị tính của chỉ tiêu.",
            operator="greaterThanOrEqual", formula1="0")
        count_dv = validation(
            "decimal", "Số không hợp lệ", "Tử số và mẫu số là số không âm (tử số không lớn hơn mẫu số).",
            operator="greaterThanOrEqual", formula1="0")
        for dv in (percent_dv, amount_dv, count_dv):
            ws.add_data_validation(dv)

        row = HEADER_ROW
        for number, target in enumerate(self.s.rows, start=1):
            row += 1
            text, indicator = catalog_text(target.get("text")), catalog_text(target.get("indicator"))
            if indicator and indicator != text:
                text = f"{indicator} — {text}"
            self.put(row, "row_no", number, "label_centre")
            self.put(row, "target_code", target["code"], "label_code")
            self.put(row, "text", text, "label_wrap")
            self.put(row, "unit_of_measure", catalog_text(target.get("unit_of_measure")), "label_centre")
            self.write_target_value(row, target)

            numerator_label = catalog_text(target.get("numerator_label"))
            if numerator_label:
                denominator_label = catalog_text(target.get("denominator_label"))
                num = self.put(row, "numerator", None, "input")
                den = self.put(row, "denominator", None, "input")
                num.comment = comment("Tử số: " + numerator_label)
                if denominator_label:
                    den.comment = comment("Mẫu số: " + denominator_label)
                count_dv.add(num.coordinate)
                count_dv.add(den.coordinate)
            else:
                self.put(row, "numerator", NOT_APPLICABLE_MARK, "not_applicable")
                self.put(row, "denominator", NOT_APPLICABLE_MARK, "not_applicable")

            value = self.put(row, "value", None, "input")
            is_percent = target.get("measure") == "percent" or catalog_text(target.get("unit_of_measure")) == "%"
            (percent_dv if is_percent else amount_dv).add(value.coordinate)
            self.put(row, "note", None, "input_wrap")
        self.last_row = row

        # A numerator larger than its denominator turns red (a hint; the reader checks it too).
        num, den = self.letter["numerator"], self.letter["denominator"]
        ws.conditional_formatting.add(
            self.column_range("numerator", FIRST_DATA_ROW, row),
            FormulaRule(formula=[f"AND(ISNUMBER({num}{FIRST_DATA_ROW}),ISNUMBER({den}{FIRST_DATA_ROW}),"
                                 f"{num}{FIRST_DATA_ROW}>{den}{FIRST_DATA_ROW})"], fill=FILL_WARN),
        )

    def write_target_value(self, row: int, target: dict) -> None:
        value = plain_number(target.get("target_value"))
        upper = target.get("target_value_max")
        sign = "≤" if target.get("direction") == "at_most" else "≥"
        if not is_missing(upper):
            upper_text = number_text(float(upper))  # type: ignore[arg-type]
            number_format = f'General"–{upper_text}"'
            note = f"Chỉ tiêu: từ {number_text(value)} đến {upper_text} {catalog_text(target.get('unit_of_measure'))}".strip()
        else:
            number_format = f'"{sign} "General'
            note = None
        cell = self.ws.cell(row=row, column=self.col["target_value"], value=value)
        self.style.custom(cell, "label_centre", number_format)
        if note:
            cell.comment = comment(note + ".")

    def purpose(self) -> list[Line]:
        s = self.s
        return [
            ("item", "Báo cáo kết quả thực hiện các chỉ tiêu của Kế hoạch cải cách hành chính (CCHC) năm "
                     f"{s.period.year} của tỉnh mà đơn vị phải thực hiện. Mỗi dòng là một chỉ tiêu."),
            ("item", f"Số liệu là số LŨY KẾ từ {format_date(s.period.start)} đến {format_date(s.period.end)} "
                     "(không phải số liệu riêng của quý). Báo cáo quý II là báo cáo 6 tháng, quý IV là báo cáo năm."),
        ]

    def how_to_fill(self, headers: dict[str, str]) -> list[Line]:
        return [
            ("item", f"Cột “{headers['numerator']}” và “{headers['denominator']}”: ghi số đếm được (ví dụ số hồ sơ). "
                     "Chọn ô để xem ghi chú nói rõ cần đếm gì. Tử số không được lớn hơn mẫu số "
                     "(ô tử số chuyển màu đỏ nếu lớn hơn). Ô có dấu “—” nền xám là chỉ tiêu không cần tử số, mẫu số."),
            ("item", f"Cột “{headers['value']}”: với chỉ tiêu tính bằng %, ghi tỷ lệ phần trăm, ví dụ 85,5 "
                     "(chương trình cũng nhận 0,855 hoặc “85,5%”). Với chỉ tiêu có tử số và mẫu số: "
                     "kết quả = tử số / mẫu số × 100. Với chỉ tiêu đếm số lượng hoặc cắt giảm, "
                     f"ghi số lượng theo cột “{headers['unit_of_measure']}”."),
            ("item", f"Cột “{headers['target_value']}” là mức kế hoạch giao: “≥ 80” nghĩa là tối thiểu 80."),
            ("item", f"Cột “{headers['note']}”: giải trình khi chưa đạt chỉ tiêu, hoặc nguồn số liệu."),
        ]
