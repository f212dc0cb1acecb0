"""The targets page's finished view: counts, the table of each area, the detail of each target."""
from cchc.page_models.targets import ALL_AREAS, targets_page
from cchc.views.target_progress import target_progress
from tests.cchc.charts.conftest import tree


def test_every_target_in_its_area_and_in_all(sample):
    progress = target_progress(sample, 2024, 4)
    page = targets_page(progress, "all")
    assert sum(n for _, n in page.counts) == len(progress) == len(page.by_area[ALL_AREAS].table)
    assert page.areas[0] == ALL_AREAS and set(page.areas[1:]) == set(progress["area"].dropna())
    assert sum(len(page.by_area[a].table) for a in page.areas[1:]) == len(progress)
    everything = page.by_area[ALL_AREAS]
    assert [d.label.split(" · ")[0] for d in everything.details] == list(everything.table["Mã"])


def test_a_level_keeps_its_own_targets_and_those_for_all_levels(sample):
    progress = target_progress(sample, 2024, 4)
    page = targets_page(progress, "commune")
    assert len(page.by_area[ALL_AREAS].table) == progress["level"].isin(("commune", "all")).sum()
    assert set(page.by_area[ALL_AREAS].table["Cấp"]) <= {"Cấp xã", "Mọi cấp"}


def test_a_targets_detail(sample):
    progress = target_progress(sample, 2024, 4)
    detail = next(d for d in targets_page(progress, "all").by_area[ALL_AREAS].details if d.label.startswith("TTHC-3.1"))
    texts = [text for _, text in detail.lines]
    assert texts[0].startswith("**TTHC-3.1** — ") and texts[1].startswith("Trạng thái: **")
    assert any(text.startswith("Đơn vị đã báo cáo: **") for text in texts)
    assert tree(detail.chart).find("figcaption").text == detail.label.split(" · ", 2)[2]


def test_the_table_shows_status_first_in_its_colour(sample):
    from cchc import look
    from cchc.metrics.target_status import COLOURS, STATUSES, status_text

    page = targets_page(target_progress(sample, 2024, 4), "all")
    everything = page.by_area[ALL_AREAS]
    assert everything.table.columns[0] == "Trạng thái"
    styles = everything.shown.ctx                       # (row, column) → CSS of the cells styled
    assert styles and {column for _, column in styles} == {0}
    by_text = {status_text(s): look.fill(COLOURS[s]) for s in STATUSES}
    for (row, _), css in styles.items():
        assert ("background-color", by_text[everything.table.iloc[row, 0]]) in css
