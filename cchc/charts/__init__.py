"""The Plotly figures of the pages and the projector, in one shared look.
"""
