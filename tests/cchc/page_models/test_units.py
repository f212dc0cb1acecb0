"""The units page's finished view of one unit, and a comparison with the unit picked out."""
from datetime import date

from cchc.applicability import Catalog
from cchc.page_models.units import comparison_chart, unit_link, unit_options, unit_page
from cchc.periods import Period
from cchc.store import db
from cchc.views import units as views


def test_options_label_every_unit(sample):
    options = unit_options(views.unit_options(sample, date(2024, 12, 31)))
    assert len(options.codes) == 259 and set(options.codes) < set(options.labels)
    assert options.labels["X2025-18073"] == "Phường Thành Sen (từ 01/07/2025) · UBND cấp xã"   # reachable, not listed
    assert options.labels["X18070"] == "Phường Trần Phú (Thành phố Hà Tĩnh) · UBND cấp xã"


def test_a_districts_page(sample):
    report = views.unit_report(sample, "H436", 2024, 4, date(2024, 12, 31))
    page = unit_page(report, "2024-Q4", date(2024, 12, 31), "vi")
    assert (page.name, page.kind) == ("Thành phố Hà Tĩnh", "district") and "mã H436" in page.facts
    assert [m.label for m in page.metrics][:3] == ["Chỉ tiêu đã đạt", "Nhiệm vụ quá hạn", "Báo cáo đã gửi"]
    assert len(page.targets) == len(report.targets) and len(page.tasks) == len(report.tasks)
    assert page.submissions is not None and page.is_sample
    assert page.tasks_caption.endswith("31/12/2024, theo báo cáo của chính đơn vị.")


def test_comparison_picks_out_the_unit_and_names_the_missing(sample):
    comparison = views.compare_units(sample, "commune", "target:TTHC-3.1", 2024, 4, "H436")
    shown = comparison_chart(comparison, "X18070", "vi")
    assert shown.chart is not None
    bars = shown.chart.to_dict()["data"][0]
    assert bars["marker"]["color"].count("#D55E00") == 1
    assert (shown.missing is None) == (not comparison.missing)


def test_what_units_became_worded_by_kind_with_links(db_path):
    conn = db.connect(db_path)
    try:
        catalog = Catalog(conn)

        def page(code: str):
            return unit_page(views.unit_report(conn, code, 2024, 4, date(2024, 12, 31), catalog), "2024-Q4",
                             date(2024, 12, 31), "vi")

        def link(code: str, name: str) -> str:
            return f"[{name}](don-vi?unit={code}&period=2024-Q4&asof=2024-12-31)"   # the view: period and as-of

        assert page("X18070").became == (f"Từ ngày 01/01/2025 sáp nhập vào {link('X18094', 'Phường Thạch Linh')}. "
                                         "(Chưa được xác minh bằng văn bản chính thức.)",)   # inferred
        assert page("X18082").became == ("Từ ngày 01/07/2025 được chia tách, nhập vào các đơn vị: "
                                         f"{link('X2025-18073', 'Phường Thành Sen')}, "
                                         f"{link('X2025-18652', 'Phường Hà Huy Tập')}.",)
        assert page("X18196").became[0].startswith("Từ ngày 01/07/2025 đổi thành [")
        assert page("H448").became == ("Từ ngày 01/01/2025 giải thể; địa bàn chuyển về "
                                       f"{link('H436', 'Thành phố Hà Tĩnh')}, {link('H445', 'Huyện Thạch Hà')}.",)
        assert page("X18472").became == ("Từ ngày 01/01/2025 không còn; chưa xác định được đơn vị tiếp nhận. "
                                         "(Chưa được xác minh bằng văn bản chính thức.)",)
        assert page("H436").became[0].startswith("Từ ngày 01/07/2025 không còn cấp huyện; các xã, phường")
        new = page("X2025-18652")
        assert not new.became and "mã X2025-18652 · hoạt động từ ngày 01/07/2025" in new.facts
        assert new.formed_from == (f"Từ ngày 01/07/2025, nhận một phần của đơn vị bị chia tách: "
                                   f"{link('X18082', 'Phường Đại Nài')}.",
                                   "Từ ngày 01/07/2025, các đơn vị sáp nhập vào đơn vị này: "
                                   f"{link('X18643', 'Xã Thạch Đài')}, {link('X18652', 'Xã Tân Lâm Hương')}.")
        assert new.combined[0].startswith("Năm 2024: giá trị cộng gộp của các đơn vị cũ")
        assert new.combined[1].startswith("Không tính vào tổng vì bị chia tách")
    finally:
        conn.close()


def test_a_unit_link_carries_the_view():
    """A link between units opens the same period on the same as-of date (issue 20: links carry the view)."""
    assert unit_link("X18073", "Phường Nam Hà", "2024-Q4", date(2024, 11, 30)) == \
        "[Phường Nam Hà](don-vi?unit=X18073&period=2024-Q4&asof=2024-11-30)"


def test_a_former_unit_out_of_its_period_says_what_it_became_and_shows_no_figures(sample):
    """Issue 20: a unit viewed for a period when it no longer exists is not a failing unit. Huyện Lộc Hà (dissolved
    1/1/2025) for Quý II/2026: why, where its area went, its 2024 results; no metric, no target or task table."""
    def page(code: str, year: int, quarter: int):
        day = Period(year, quarter).end
        return unit_page(views.unit_report(sample, code, year, quarter, day), Period(year, quarter).code, day, "vi")

    gone = page("H448", 2026, 2)
    assert gone.absent == ("Huyện Lộc Hà không còn tồn tại trong kỳ Quý II/2026: đơn vị thôi hoạt động từ ngày "
                           "01/01/2025 (sắp xếp đơn vị hành chính). Trong kỳ này đơn vị không có nhiệm vụ hay báo cáo "
                           "nào phải thực hiện, nên không có gì quá hạn hay thiếu số liệu.")
    assert gone.became[0].startswith("Từ ngày 01/01/2025 giải thể; địa bàn chuyển về [Thành phố Hà Tĩnh]("
                                     "don-vi?unit=H436&period=2026-Q2&asof=2026-06-30)")
    assert gone.history == ("Kế hoạch năm 2024: đơn vị hoạt động cả năm — "
                            "[xem kết quả Quý IV/2024](don-vi?unit=H448&period=2024-Q4&asof=2024-12-31)",)
    assert gone.metrics == () and gone.targets is None and gone.tasks is None
    assert "tasks" not in gone.tabs and "targets" not in gone.tabs
    # A commune of 1/7/2025 viewed for 2024: not formed yet; its targets are its former units', labelled.
    new = page("X2025-18073", 2024, 4)
    assert new.absent.startswith("Phường Thành Sen chưa được thành lập trong kỳ Quý IV/2024: đơn vị hoạt động từ "
                                 "ngày 01/07/2025.")
    assert new.tabs == ("targets",) and new.tasks is None and new.metrics == ()
    assert new.formed_from and new.combined
    assert new.history == ("Kế hoạch năm 2026 (mẫu): đơn vị hoạt động cả năm — [xem kết quả Quý II/2026]("
                           "don-vi?unit=X2025-18073&period=2026-Q2&asof=2026-06-30)",)
    # Within its period the page is as it was: figures, and what it became later as a note.
    then = page("H448", 2024, 4)
    assert then.absent is None and not then.history and len(then.metrics) == 4
    assert then.tabs == ("targets", "tasks", "indices", "submissions", "compare", "communes")
