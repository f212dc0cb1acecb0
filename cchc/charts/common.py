"""Plotly figures, styled once: a palette readable on a projector and by colour-blind readers
(Okabe–Ito), Vietnamese separators, no toolbar, the app's font.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc.formatting import format_number
from cchc.meeting import Chart

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
INK = "#1F2933"
MUTED = "#7B8794"
CHART_CONFIG = {"displayModeBar": False, "locale": "vi"}


def apply_theme(fig: go.Figure) -> go.Figure:
    """The shared look: Vietnamese number separators, palette, quiet background."""
    fig.update_layout(
        separators=",.",
        colorway=PALETTE,
        font={"family": "Source Sans Pro, sans-serif", "color": INK, "size": 14},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel={"font_size": 14},
    )
    return fig


def sparkline(series: pd.DataFrame, value: str, hover: str, reversed_axis: bool = False, height: int = 90) -> go.Figure:
    """A small trend line of ``series[value]`` by year, the last point marked; no axes or grid.

    ``reversed_axis`` puts smaller numbers on top, for ranks (1 is best).
    """
    points = series.dropna(subset=[value])
    fig = go.Figure(go.Scatter(
        x=points["year"], y=points[value], mode="lines+markers",
        line={"color": PALETTE[0], "width": 3},
        marker={"size": [6] * (len(points) - 1) + [11], "color": PALETTE[0]},
        hovertemplate=hover + "<extra></extra>",
    ))
    apply_theme(fig)
    fig.update_layout(height=height, margin={"l": 4, "r": 4, "t": 6, "b": 18}, showlegend=False)
    fig.update_xaxes(showgrid=False, zeroline=False, tickmode="array", tickvals=[points["year"].min(), points["year"].max()],
                     tickfont={"size": 11, "color": MUTED}, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True, autorange="reversed" if reversed_axis else True)
    return fig


def quarters_chart(values: dict[int, float | None], target: float, year_end: float | None, label: str,
                   unit: str = "") -> go.Figure:
    """A target's value by quarter (bars), the target (line) and the year-end projection (hollow marker)."""
    quarters = [f"Quý {roman}" for roman in ("I", "II", "III", "IV")]
    fig = go.Figure()
    fig.add_bar(x=quarters, y=[values.get(q) for q in range(1, 5)], name="Đã đạt (lũy kế)", marker_color=PALETTE[0],
                hovertemplate="%{x}: %{y:,.1f}" + unit + "<extra></extra>")
    fig.add_scatter(x=quarters, y=[target] * 4, mode="lines", name="Chỉ tiêu", line={"color": PALETTE[3], "dash": "dash",
                    "width": 3}, hovertemplate="Chỉ tiêu: %{y:,.1f}" + unit + "<extra></extra>")
    if year_end is not None:
        fig.add_scatter(x=[quarters[-1]], y=[year_end], mode="markers", name="Dự báo cuối năm",
                        marker={"symbol": "diamond-open", "size": 16, "color": PALETTE[1], "line": {"width": 3}},
                        hovertemplate="Dự báo: %{y:,.1f}" + unit + "<extra></extra>")
    apply_theme(fig)
    fig.update_layout(title=label, height=360, margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      legend={"orientation": "h", "y": -0.15})
    return fig


def tasks_timeline(tasks: pd.DataFrame, colours: dict[str, str], labels: dict[str, str], as_of) -> go.Figure:
    """Tasks with a due date on a time axis, one row per area, coloured and shaped by state."""
    fig = go.Figure()
    symbols = ["square", "circle", "diamond", "triangle-up", "x", "star"]
    dated = tasks[tasks["due_date"].notna()]
    for index, (state, label) in enumerate(labels.items()):
        part = dated[dated["state"] == state]
        if part.empty:
            continue
        fig.add_scatter(x=part["due_date"], y=part["area"], mode="markers", name=label,
                        marker={"color": colours[state], "size": 14, "symbol": symbols[index % len(symbols)],
                                "line": {"width": 1, "color": "white"}},
                        text=part["code"] + " — " + part["activity"].fillna("").str.slice(0, 80),
                        hovertemplate="%{text}<br>Hạn: %{x|%d/%m/%Y}<extra></extra>")
    fig.add_vline(x=pd.Timestamp(as_of).value / 1e6, line={"color": INK, "dash": "dot"})
    apply_theme(fig)
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 20, "b": 10}, legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(tickformat="%d/%m/%Y")
    return fig


def meeting_chart(chart: Chart, height: int = 560, font_size: int = 22) -> go.Figure:
    """A meeting view's bars for the projector: large labels, values written on the bars."""
    fig = go.Figure()
    for n, (name, values) in enumerate(chart.series.items()):
        colours = chart.colours if chart.colours and len(chart.series) == 1 else PALETTE[n % len(PALETTE)]
        fig.add_bar(y=chart.categories, x=values, name=name, orientation="h", marker_color=colours,
                    text=[format_number(v, chart.decimals) if v else "" for v in values],
                    textposition="inside" if chart.stacked else "outside",
                    cliponaxis=False, hovertemplate="%{y}: %{x}<extra>" + name + "</extra>")
    apply_theme(fig)
    fig.update_layout(title=dict(text=chart.title, font=dict(size=font_size + 2, color=INK)), height=height,
                      font=dict(size=font_size, color=INK), barmode="stack" if chart.stacked else "group", showlegend=len(chart.series) > 1,
                      legend=dict(orientation="h", y=-0.12, font=dict(size=font_size - 2)),
                      margin=dict(l=10, r=60, t=70, b=40))
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont=dict(size=font_size - 2, color=INK))
    fig.update_xaxes(showticklabels=False, showgrid=False)
    return fig
