"""The overview's finished view: index cards in both languages, the plan year in three boxes."""
from datetime import date

from cchc.page_models.overview import SHOWN_MISSING, SHOWN_OVERDUE, index_cards, plan_summary
from cchc.periods import Period
from cchc.store.queries import headline_scores
from cchc.views.reporting import missing_reports
from cchc.views.target_progress import target_progress
from cchc.views.task_progress import task_progress


def test_cards_of_the_five_indices(sample):
    cards = {card.code: card for card in index_cards(headline_scores(sample), "vi")}
    assert list(cards) == ["PAR_INDEX", "SIPAS", "PAPI", "PCI", "DTI"]
    par = cards["PAR_INDEX"]
    assert (par.label, par.value, par.delta) == ("PAR INDEX 2024", "89,72%", "+1,37 điểm so với 2023")
    assert par.rank_line == "Xếp hạng: **15/63** · :green[▲ tăng 3 bậc]" and par.trend is not None
    assert par.notes[-1].startswith("Nguồn: [baohatinh.vn](")
    dti = cards["DTI"]
    assert (dti.value, dti.delta) == ("Hạng 7/34", None) and "63 → 34 tỉnh" in dti.rank_line


def test_cards_in_english(sample):
    par = index_cards(headline_scores(sample), "en")[0]
    assert par.rank_line == "Rank: **15/63** · :green[▲ up 3 places]" and par.delta == "+1,37 points on 2023"


def test_plan_summary_counts_what_the_pages_count(sample):
    period, as_of = Period(2024, 3), date(2024, 9, 30)
    targets, tasks = target_progress(sample, 2024, 3), task_progress(sample, 2024, as_of)
    missing = missing_reports(sample, period)
    summary = plan_summary(targets, tasks, missing, 2024, period, as_of, "vi")
    assert summary.is_sample and summary.targets_title == "Chỉ tiêu 2024 — Quý III/2024"
    assert sum(int(line.rsplit("**", 2)[1]) for line in summary.status_lines) == len(targets)
    assert summary.overdue_count == (tasks["state"] == "overdue").sum()
    assert len(summary.overdue_lines) == min(SHOWN_OVERDUE, summary.overdue_count)
    assert summary.overdue_title == "Nhiệm vụ quá hạn đến 30/09/2024"
    assert summary.missing_count == missing["unit_code"].nunique()
    assert len(summary.missing_lines) == min(SHOWN_MISSING, summary.missing_count)
    assert summary.missing_more == f"… và {summary.missing_count - SHOWN_MISSING} đơn vị khác."
    assert summary.missing_lines[0].startswith("- ") and summary.missing_lines[0].endswith(")")
