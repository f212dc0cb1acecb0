"""The indices page's finished view: headline metrics, notes, charts and tables in the interface language."""
from cchc.page_models.indices import index_page, internal_year
from cchc.views import indices as views


def test_par_index_headline_and_year_table(sample):
    page = index_page(views.index_view(sample, "PAR_INDEX", 2024), 2024, "vi")
    metrics = {m.label: m for m in page.headline}
    assert metrics["Điểm năm 2024"].value == "89,72%" and metrics["Xếp hạng năm 2024"].value == "15/63"
    assert metrics["Trung bình cả nước 2024"].value == "88,37%"
    assert metrics["Cao nhất cả nước 2024"].lines == (("caption", "Hải Phòng"),)
    assert page.score_chart is not None and page.rank_chart is not None
    assert list(page.years.columns)[:3] == ["Năm", "Điểm", "Xếp hạng"] and page.years.iloc[0]["Năm"] == "2024"
    assert set(page.source_columns) <= set(page.years.columns)


def test_dti_ranks_only_with_its_notes(sample):
    page = index_page(views.index_view(sample, "DTI", 2024), 2024, "en")
    assert page.score_chart is None and page.rank_chart is not None
    assert any("63" in note and "34" in note for note in page.notes)


def test_components_by_year_latest_first(sample):
    page = index_page(views.index_view(sample, "PCI", 2024), 2024, "vi")
    years = list(page.components)
    assert years == sorted(years, reverse=True)
    scored = next(y for y in years if page.components[y].chart is not None)
    assert "Chỉ số thành phần" in page.components[scored].table.columns


def test_internal_year_by_block(sample):
    shown = internal_year(views.internal_rows(sample), 2024, "all", "all", "vi")
    assert shown.is_sample and [b.block for b in shown.blocks] == ["department", "district"]
    assert shown.blocks[0].caption.startswith("Cao nhất: ") and shown.source.startswith("Nguồn: ")
    assert [b.block for b in internal_year(views.internal_rows(sample), 2024, "district", "all", "vi").blocks] == \
        ["district"]
