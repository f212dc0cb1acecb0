"""The Plotly figures of the pages and the projector: plain dicts in one shared look, built once per view and
handed to ``st.plotly_chart`` as they are (see :mod:`cchc.charts.common`).
"""
