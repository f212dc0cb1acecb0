"""What each page shows, computed from the database: the progress of targets and tasks, the submissions board,
the indices and the units, as frames and texts ready to draw. No Streamlit here: the pages get these through
the cached loaders of :mod:`web.cached`.
"""
