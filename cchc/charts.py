"""Plotly figures, styled once: a palette readable on a projector and by colour-blind readers
(Okabe–Ito), Vietnamese separators, no toolbar, the app's font.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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
