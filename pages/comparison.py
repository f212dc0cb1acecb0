"""So sánh các tỉnh: where Hà Tĩnh stands among the provinces in one edition of an index, nationally and in its
region; the provinces around it, its components against the means, its rank over the years.
"""
from __future__ import annotations

import streamlit as st

from cchc.page_models.comparison import edition_label
from cchc.views import comparison as comparison_views
from cchc.views import indices as index_views
from web import cached, phone
from web.app import draw, excel_button, guarded, language, metric, open_expander, picture, t
from web.memo import table_text


def render() -> None:
    st.title(t("comparison.title"))
    editions = cached.editions()
    held = [code for code in index_views.INDICES if any(e.index_code == code for e in editions)]
    if not held:
        st.info(t("comparison.none"))
        return
    # first the index with the largest table: where a national comparison can be made
    largest = max(held, key=lambda c: max(e.provinces for e in editions if e.index_code == c))
    code = st.segmented_control(t("comparison.pick_index"), held, default=largest, required=True,
                                format_func=lambda c: t(f"index.{c}"), key="comparison-index") or largest
    choices = [e for e in editions if e.index_code == code]
    ordered = sorted(choices, key=lambda e: (-e.year, -e.provinces))
    edition = st.columns([2, 3])[0].selectbox(
        t("comparison.pick_edition"), ordered, index=ordered.index(comparison_views.preferred(ordered)),
        key=f"comparison-edition-{code}", format_func=lambda e: edition_label(e, language()))
    page = cached.comparison_page(edition)
    st.markdown(page.heading)
    columns = st.columns(len(page.metrics))
    for column, item in zip(columns, page.metrics):
        metric(item, column)
    draw(page.notes)
    left, right = st.columns(2)
    if page.ranked:
        picture(page.ranked, left)
    if page.trend:
        picture(page.trend, right)
    if page.components:             # the components' picture with their table beside it
        left, right = st.columns(2)
        picture(page.components, left)
        with right:
            draw(page.strengths)
            table(page.components_table, "comparison_components")
            excel_button(page.components_table, f"{code} {edition.year} thành phần",
                         f"so-sanh-thanh-phan-{code}-{edition.year}", "comparison_components_excel")
    # what the page is, under it: on a phone the headline numbers come on the first screen
    st.caption(t("comparison.caption"))
    box = open_expander(t("comparison.table.title"), "comparison_table_open", icon=":material/table:")
    if box is not None:
        with box:
            table(page.ranked_table, "comparison_ranking")
            excel_button(page.ranked_table, f"{code} {edition.year}", f"so-sanh-{code}-{edition.year}",
                         "comparison_excel")


def table(frame, key: str) -> None:
    """A table on a desk, its rows as cards on a phone (the first column their title)."""
    with phone.desk_only(key):
        # the scores are formatting.Shown cells (text and value for the download): shown as their text, which Arrow
        # takes (given the objects, Streamlit logged a serialization traceback and fell back on its own)
        st.dataframe(table_text(frame), hide_index=True, width="stretch")
    phone.cards(frame, key, title=frame.columns[0], fields=list(frame.columns[1:]))


guarded(render)
