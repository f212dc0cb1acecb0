"""Chỉ tiêu 2024: every target with its level, latest value, gap, status, quarters and projection."""
from __future__ import annotations

import streamlit as st

from cchc.web import cached, page_filters
from cchc.charts.common import CHART_CONFIG, quarters_chart
from cchc.formatting import format_measure, format_period
from cchc.metrics import status as rules
from cchc.views.tables import LEVEL_NAMES, status_text, targets_table
from cchc.web.app import excel_button, guarded, t


def legend() -> None:
    with st.expander("Cách xác định trạng thái"):
        for status in rules.STATUSES:
            st.markdown(f"**{status_text(status)}** — {rules.RULES[status]}")
        st.markdown("Giá trị cấp tỉnh của chỉ tiêu do nhiều đơn vị báo cáo = tổng tử số / tổng mẫu số của các "
                    "đơn vị (không phải trung bình các tỷ lệ). Dự báo: tỷ lệ theo xu hướng các quý; số lượng theo "
                    "nhịp độ đã đạt.")


def detail(progress) -> None:
    st.subheader("Chi tiết một chỉ tiêu")
    labels = {i: f"{row['code']} · {LEVEL_NAMES[row['level']]} · {row['indicator']}"
              for i, row in progress.iterrows()}
    chosen = st.selectbox("Chọn chỉ tiêu", list(labels), format_func=labels.get, key="target_detail")
    row = progress.loc[chosen]
    left, right = st.columns([3, 2])
    unit = "%" if row["measure"] == "percent" or row["unit_of_measure"] == "%" else ""
    with left:
        values = {q: row[f"q{q}"] for q in range(1, 5) if row[f"q{q}"] == row[f"q{q}"]}
        st.plotly_chart(quarters_chart(values, row["target_value"], row["year_end"], row["indicator"], unit),
                        config=CHART_CONFIG, key="target_chart")
    with right:
        st.markdown(f"**{row['code']}** — {row['text']}")
        st.markdown(f"Trạng thái: **{status_text(row['status'])}**")
        st.markdown(f"Kế hoạch: **{format_measure(row['target_value'], row['measure'], row['unit_of_measure'])}** · "
                    f"mới nhất: **{format_measure(row['latest'], row['measure'], row['unit_of_measure'])}** · "
                    f"dự báo cuối năm: **{format_measure(row['year_end'], row['measure'], row['unit_of_measure'])}**")
        if row["required_rest"] is not None and row["required_rest"] == row["required_rest"]:
            st.markdown("Phần còn lại của năm cần đạt: **"
                        + format_measure(row["required_rest"], row["measure"], row["unit_of_measure"]) + "**")
        if row["method"] == "ratio":
            st.caption("Giá trị cấp tỉnh = tổng tử số / tổng mẫu số của các đơn vị báo cáo.")
        elif row["method"] == "mean":
            st.caption("Các đơn vị không báo cáo tử số, mẫu số: giá trị cấp tỉnh là trung bình cộng.")
        missing = row["missing_units"]
        st.markdown(f"Đơn vị đã báo cáo: **{row['reporting']}/{row['expected']}**")
        if missing:
            st.caption("Chưa báo cáo: " + ", ".join(missing[:40]) + (" …" if len(missing) > 40 else ""))


def render() -> None:
    filters = page_filters.current()
    st.title(f"Chỉ tiêu kế hoạch CCHC năm {filters.plan_year}")
    st.caption(f"Số liệu lũy kế đến {format_period(filters.period.code)}.")
    progress = cached.targets(filters.plan_year, filters.period.quarter)
    if filters.level != "all":
        progress = progress[progress["level"].isin((filters.level, "all"))].reset_index(drop=True)
    if progress["is_sample"].any():
        st.info(t("sample.notice"), icon="ℹ️")
    counts = progress["status"].value_counts()
    for column, status in zip(st.columns(len(rules.STATUSES)), rules.STATUSES):
        column.metric(status_text(status), int(counts.get(status, 0)))
    legend()
    areas = ["Tất cả lĩnh vực", *dict.fromkeys(progress["area"].dropna())]
    area = st.selectbox("Lĩnh vực", areas, key="targets_area")
    shown = progress if area == areas[0] else progress[progress["area"] == area].reset_index(drop=True)
    table = targets_table(shown)
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 * (len(table) + 1), 640))
    excel_button(table, "Chỉ tiêu", f"chi-tieu-{filters.period.code}", "targets_download")
    if len(shown):
        detail(shown)


guarded(render)
