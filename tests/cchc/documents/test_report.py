"""The periodic report's content on the sample data: the figures of 2024-Q4, checked by hand on the pages (overview,
Tình hình nộp báo cáo, Chỉ số) and against the views they read; the six-month report reads the second quarter; a
sample plan year says so; what only people can write is a placeholder."""
from datetime import date

import pytest

from cchc.documents.report import Placeholder, ReportPeriod, report_context, report_period
from cchc.meeting.agenda import meeting
from cchc.metrics import target_status
from cchc.metrics.task_state import OVERDUE
from cchc.page_models.overview import plan_summary
from cchc.periods import Period
from cchc.views.reporting import missing_reports
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress

Q4 = date(2024, 12, 31)


@pytest.fixture(scope="module")
def q4(sample):
    return report_context(sample, report_period("2024-Q4"), Q4, today=date(2026, 12, 7))


@pytest.mark.parametrize("text, kind, quarter, name", [
    ("2024-Q1", "quarter", 1, "quý I năm 2024"), ("2024-q3", "quarter", 3, "quý III năm 2024"),
    ("2024-H1", "half", 2, "6 tháng đầu năm 2024"), ("2024", "year", 4, "năm 2024")])
def test_the_four_reports_of_a_year(text, kind, quarter, name):
    period = report_period(text)
    assert period == ReportPeriod(2024, kind, quarter) and period.name == name
    assert period.reports == Period(2024, quarter)          # values are cumulative: H1 reads Q2, the year Q4


@pytest.mark.parametrize("text", ["2024-Q5", "2024-H2", "Quý 4", "", "24-Q1"])
def test_other_periods_are_not_read(text):
    assert report_period(text) is None


def test_the_figures_of_q4_are_the_pages(sample, q4):
    # hand-checked on the overview (2024, Quý IV, 31/12/2024): "19/52 chỉ tiêu đã đạt · 15 chậm, khó đạt · 18 có nguy
    # cơ không đạt · 3 nhiệm vụ quá hạn"; on Tình hình nộp báo cáo: 259 units, 12 missing, 1 rejected, 49 late
    assert q4["summary"] == ("Đến ngày 31/12/2024: 19/52 chỉ tiêu đạt, 18 có nguy cơ không đạt, 15 chậm, khó đạt; "
                             "39/93 nhiệm vụ đã hoàn thành, 3 nhiệm vụ quá hạn.")
    reporting = q4["direction"]["lines"][-4:]
    assert reporting[0] == ("Chế độ báo cáo: 246/259 cơ quan, đơn vị đã gửi báo cáo Quý IV/2024 (hạn 15/01/2025), "
                            "trong đó 49 gửi trễ hạn; 12 chưa gửi, 1 có báo cáo bị từ chối.")
    assert reporting[1].startswith("Đơn vị gửi báo cáo trễ hạn: ") and reporting[1].endswith(
        "và 39 đơn vị khác (xem Phụ lục III).")
    assert "Xã Yên Hồ" in reporting[2] and reporting[3] == "Đơn vị có báo cáo bị từ chối, chưa gửi lại: Xã Đức Giang."
    # the same views the pages read give the same figures
    targets, tasks = target_progress(sample, 2024, 4), task_progress(sample, 2024, Q4)
    overview = plan_summary(targets, tasks, missing_reports(sample, Period(2024, 4)), 2024, Period(2024, 4), Q4, "vi")
    assert overview.headline.startswith("**19/52 chỉ tiêu đã đạt** · 15 chậm, khó đạt · 18 có nguy cơ không đạt · "
                                        "**3** nhiệm vụ quá hạn")
    views = {v.key: v for v in meeting(sample, 2024, Period(2024, 4), Q4).views}
    assert views["reporting"].headline.startswith("246/259 đơn vị đã nộp báo cáo Quý IV/2024 (hạn 15/01/2025); "
                                                  "12 chưa nộp, 1 bị từ chối")
    assert len(q4["targets"]) == len(targets) == 52 and len(q4["reports"]) == 259
    overdue = [r["code"] for r in q4["tasks_overdue"]]        # by due date
    assert overdue == ["II-3.4", "III-3.3", "I-3.21"] and set(overdue) == set(tasks.loc[tasks["state"] == OVERDUE, "code"])
    assert q4["cutoff"].startswith("Số liệu trong báo cáo được tổng hợp đến ngày 31/12/2024, từ báo cáo Quý IV/2024")


def test_each_area_has_its_sentences_and_its_overdue_tasks_by_name(q4):
    areas = {a["name"]: a for a in q4["areas"]}
    assert list(areas) == ["Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy",
                           "Cải cách chế độ công vụ", "Cải cách tài chính công",
                           "Xây dựng và phát triển chính quyền điện tử, chính quyền số"]
    assert [a["number"] for a in q4["areas"]] == ["1", "2", "3", "4", "5", "6"]
    institutions = areas["Cải cách thể chế"]
    assert institutions["lines"][0] == "0/3 chỉ tiêu đạt, 3 chậm, khó đạt."
    assert institutions["lines"][1].startswith("Chỉ tiêu chậm, khó đạt: THECHE-2.1 Nội dung được giao quy định chi "
                                               "tiết được triển khai kịp thời (cấp tỉnh): 85,4%, kế hoạch ≥ 90%;")
    assert institutions["overdue"] == ["II-3.4 Hướng dẫn nghiệp vụ chuyên sâu nâng cao kỹ năng xây dựng văn bản quy "
                                       "phạm pháp luật (chủ trì: Sở Tư pháp; hạn 30/06/2024)."]
    # the 2024 plan's "I. Công tác chỉ đạo điều hành" is section I, not an area of II
    assert q4["direction"]["lines"][0] == "2/4 chỉ tiêu đạt, 2 có nguy cơ không đạt."


def test_what_only_people_write_is_a_placeholder_never_invented(q4):
    placeholders = [q4["direction"]["placeholder"], *(a["placeholder"] for a in q4["areas"]),
                    *q4["assessment"].values(), *q4["outlook"].values(), q4["signer"]]
    assert all(isinstance(p, Placeholder) and str(p).startswith("[") for p in placeholders)
    assert len(placeholders) == 13
    assert "cải cách thủ tục hành chính" in str(q4["areas"][1]["placeholder"])


def test_the_annexes_carry_status_and_colour(q4):
    statuses = {row["status"] for row in q4["targets"]}
    assert statuses <= {target_status.status_text(s) for s in target_status.STATUSES}
    first = q4["targets"][0]
    assert (first["code"], first["value"], first["target"], first["status"], first["fill"]) == (
        "CDDH-1.1", "97%", "≥ 100%", "▲ Có nguy cơ không đạt", "FCE8C3")
    indices = {row["name"]: row for row in q4["indices"]}
    assert (indices["PAR INDEX"]["year"], indices["PAR INDEX"]["score"], indices["PAR INDEX"]["rank"]) == (
        "2024", "89,72%", "15/63")
    late = next(r for r in q4["reports"] if r["targets"].startswith("Trễ hạn ("))
    assert late["targets_fill"] == "FCE8C3"           # amber, as on the board


def test_the_six_month_report_reads_the_second_quarter(sample):
    half = report_context(sample, report_period("2024-H1"), date(2024, 6, 30))
    assert half["period_name"] == "6 tháng đầu năm 2024" and half["reports_period"] == "Quý II/2024"
    assert half["title"] == "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 (DỮ LIỆU MẪU)"


def test_a_sample_plan_years_report_says_so(sample):
    found = report_context(sample, report_period("2026-H1"), date(2026, 6, 30))
    assert found["title"].endswith("(KẾ HOẠCH MẪU)")
    assert found["sample_mark"].startswith("KẾ HOẠCH MẪU")
