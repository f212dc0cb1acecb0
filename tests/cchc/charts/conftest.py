"""What every figure test checks: the plain dict is a valid Plotly figure; and how a test reads a picture."""
import xml.etree.ElementTree as ET

import plotly.graph_objects as go

from cchc.charts.common import Figure


def valid(figure: Figure) -> dict:
    """The figure's dict, after Plotly has checked every property of it against its schema."""
    assert isinstance(figure, Figure)
    go.Figure(figure.to_dict())         # raises on an unknown or ill-typed property
    return figure.to_dict()


def tree(markup: str) -> ET.Element:
    """A picture of cchc.charts.pictures or cchc.charts.map as a tree, after checking that it is one line of
    well-formed markup (web.app.picture hands it to Markdown as one HTML block)."""
    assert "\n" not in markup
    return ET.fromstring(markup)


def coloured(root: ET.Element) -> list[ET.Element]:
    """The elements that draw in a meaning's colour (their ``data-colour``)."""
    return [element for element in root.iter() if element.get("data-colour")]
