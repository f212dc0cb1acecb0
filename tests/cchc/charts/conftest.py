"""What every figure test checks: the plain dict is a valid Plotly figure."""
import plotly.graph_objects as go

from cchc.charts.common import Figure


def valid(figure: Figure) -> dict:
    """The figure's dict, after Plotly has checked every property of it against its schema."""
    assert isinstance(figure, Figure)
    go.Figure(figure.to_dict())         # raises on an unknown or ill-typed property
    return figure.to_dict()
