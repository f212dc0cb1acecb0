"""The tasks report (Báo cáo tiến độ thực hiện nhiệm vụ): one row per task the unit leads or partners in, with
its deadline and the unit's role, and input cells for the status (a dropdown), the share done, the evidence,
the completion date and a note."""
from __future__ import annotations

from datetime import date

import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import quote_sheetname

from cchc import applicability
from cchc.formatting import format_date
from cchc.vocabulary import TASK_ROLES
from etl.reports import layout
from etl.reports.templates.sheet import FIRST_DATA_ROW, HEADER_ROW, Line, ReportSheet, catalog_text
from etl.reports.templates.style import FILL_WARN, excel_serial, validation


class TasksSheet(ReportSheet):
    kind = "tasks"
    nothing_to_report = "nhiệm vụ nào (chủ trì hoặc phối hợp)"

    @classmethod
    def plan_rows(cls, catalog: applicability.Catalog, code: str, year: int) -> pd.DataFrame:
        return catalog.tasks_for_unit(code, year)

    def write_rows(self) -> None:
        ws = self.ws
        statuses = list(layout.TASK_STATUSES.values())
        self.lists.cell(row=1, column=1, value="Tình trạng")
        for i, status in enumerate(statuses, start=2):
            self.lists.cell(row=i, column=1, value=status)
        status_ref = f"{quote_sheetname(layout.LISTS_SHEET)}!$A$2:$A${len(statuses) + 1}"
        status_dv = validation(
            "list", "Tình trạng không hợp lệ", "Hãy chọn tình trạng trong danh sách: " + "; ".join(statuses) + ".",
            "Tình trạng", "Chọn trong danh sách (bấm vào mũi tên bên phải ô).", formula1="=" + status_ref)
        percent_dv = validation(
            "decimal", "Tỷ lệ không hợp lệ", "Tỷ lệ hoàn thành là số từ 0 đến 100, ví dụ 85,5 (máy dùng dấu chấm thập phân thì gõ 85.5); "
            "không ghi dấu %.",
            "Tỷ lệ hoàn thành (%)", "Số từ 0 đến 100, ví dụ 85,5.",
            operator="between", formula1="0", formula2="100")
        date_dv = validation(
            "date", "Ngày không hợp lệ",
            f"Ghi ngày dạng ngày/tháng/năm (dd/mm/yyyy), trong khoảng 01/01/{self.year - 1} đến 31/12/{self.year + 1}.",
            "Ngày hoàn thành", "Dạng dd/mm/yyyy, ví dụ 15/03/" + str(self.year) + ".",
            operator="between", formula1=str(excel_serial(date(self.year - 1, 1, 1))),
            formula2=str(excel_serial(date(self.year + 1, 12, 31))))
        for dv in (status_dv, percent_dv, date_dv):
            ws.add_data_validation(dv)

        row = HEADER_ROW
        for number, task in enumerate(self.s.rows, start=1):
            row += 1
            self.put(row, "row_no", number, "label_centre")
            self.put(row, "task_code", task["code"], "label_code")
            self.put(row, "activity", catalog_text(task.get("activity")) or catalog_text(task.get("task")), "label_wrap")
            self.put(row, "deadline", catalog_text(task.get("deadline_text")), "label_wrap")
            self.put(row, "role", TASK_ROLES.get(task.get("role") or "", catalog_text(task.get("role"))), "label_centre")
            self.put(row, "status", None, "input_wrap")
            self.put(row, "percent_done", None, "input")
            self.put(row, "evidence", None, "input_wrap")
            self.put(row, "completed_on", None, "input_date")
            self.put(row, "note", None, "input_wrap")
        self.last_row = row
        status_dv.add(self.column_range("status", FIRST_DATA_ROW, row))
        percent_dv.add(self.column_range("percent_done", FIRST_DATA_ROW, row))
        date_dv.add(self.column_range("completed_on", FIRST_DATA_ROW, row))

        # Done without evidence: the evidence cell turns red.
        status, evidence = self.letter["status"], self.letter["evidence"]
        done = [layout.TASK_STATUSES[code] for code in layout.DONE_STATUSES]
        is_done = "OR(" + ",".join(f'${status}{FIRST_DATA_ROW}="{text}"' for text in done) + ")"
        ws.conditional_formatting.add(
            self.column_range("evidence", FIRST_DATA_ROW, row),
            FormulaRule(formula=[f"AND({is_done},LEN(TRIM({evidence}{FIRST_DATA_ROW}))=0)"], fill=FILL_WARN),
        )

    def purpose(self) -> list[Line]:
        s = self.s
        headers = {c.key: c.header for c in layout.COLUMNS[s.kind]}
        return [
            ("item", "Báo cáo tiến độ các nhiệm vụ của Kế hoạch CCHC năm "
                     f"{s.period.year} mà đơn vị chủ trì hoặc phối hợp thực hiện. Mỗi dòng là một nhiệm vụ."),
            ("item", f"Tình trạng ghi theo thực tế đến hết ngày {format_date(s.period.end)} "
                     f"(lũy kế từ {format_date(s.period.start)})."),
            ("item", f"Cột “{headers['role']}”: Chủ trì — đơn vị chịu trách nhiệm chính; "
                     "Phối hợp — đơn vị phối hợp với cơ quan chủ trì, báo cáo phần việc của mình."),
        ]

    def how_to_fill(self, headers: dict[str, str]) -> list[Line]:
        statuses, year = layout.TASK_STATUSES, self.s.period.year
        return [
            ("item", f"Cột “{headers['status']}”: chọn trong danh sách thả xuống (bấm vào mũi tên ở bên phải ô):"),
            ("sub", f"{statuses['not_started']}: chưa bắt đầu thực hiện."),
            ("sub", f"{statuses['in_progress']}: đã triển khai nhưng chưa xong."),
            ("sub", f"{statuses['done']}: đã hoàn thành trong thời hạn."),
            ("sub", f"{statuses['done_late']}: đã hoàn thành nhưng sau thời hạn của kế hoạch."),
            ("sub", f"{statuses['not_applicable']}: nhiệm vụ không thuộc phạm vi của đơn vị "
                     f"(ghi rõ lý do ở cột “{headers['note']}”)."),
            ("item", f"Cột “{headers['percent_done']}”: số từ 0 đến 100, ví dụ 85,5 (chương trình cũng nhận 0,855 "
                     "hoặc “85,5%”). Nhiệm vụ đã hoàn thành ghi 100."),
            ("item", f"Cột “{headers['evidence']}”: BẮT BUỘC khi tình trạng là “{statuses['done']}” hoặc "
                     f"“{statuses['done_late']}” (ô chuyển màu đỏ nếu còn trống): ghi số, ký hiệu và ngày văn bản "
                     "hoặc sản phẩm, ví dụ “Kế hoạch số 25/KH-UBND ngày 15/01/" + str(year) + "”."),
            ("item", f"Cột “{headers['completed_on']}”: ghi ngày dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ "
                     f"15/03/{year}; chỉ ghi khi nhiệm vụ đã hoàn thành."),
            ("item", f"Cột “{headers['note']}”: khó khăn, vướng mắc, đề xuất hoặc lý do chậm."),
        ]
