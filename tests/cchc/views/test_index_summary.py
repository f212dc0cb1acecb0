"""Headline figures of the indices, from the published values shipped with the product."""
import pytest

from cchc.store import queries
from cchc.views.index_summary import comparable_ranks, summarise


@pytest.fixture
def summaries(conn):
    return {s.index_code: s for s in summarise(queries.headline_scores(conn))}


def test_par_index_2024(summaries):
    par = summaries["PAR_INDEX"]
    assert (par.year, par.score, par.rank, par.rank_of) == (2024, 89.72, 15, 63)
    assert par.score_change == pytest.approx(89.72 - 88.35)
    assert par.rank_change == 3  # 18th in 2023 → 15th
    assert par.source_url.startswith("https://baohatinh.vn/")


def test_every_headline_index_is_summarised(summaries):
    assert list(summaries) == ["PAR_INDEX", "SIPAS", "PAPI", "PCI", "DTI"]
    assert summaries["SIPAS"].rank_change == -12  # 4th → 16th
    assert (summaries["PCI"].year, summaries["PCI"].score) == (2022, 67.18)  # 2023 not published for Hà Tĩnh


def test_ranks_are_not_compared_across_the_2025_merger(summaries):
    dti = summaries["DTI"]
    assert (dti.year, dti.rank, dti.rank_of, dti.score, dti.flag) == (2024, 7, 34, None, None)
    assert dti.rank_change is None
    assert not comparable_ranks(63, 34)
    assert comparable_ranks(60, 61)  # PAPI leaves a few provinces unranked some years
    assert summaries["PAPI"].rank_change == 1         # 7th of 61 in 2023, 6th of 61 in 2024
