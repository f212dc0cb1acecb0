"""The domain of the CCHC dashboard, in floors (the README's "For developers" draws them, and the import contracts
in pyproject.toml keep them): what a page or a meeting shows (:mod:`cchc.page_models`, :mod:`cchc.meeting`), the
figures (:mod:`cchc.charts`), the data views (:mod:`cchc.views`), the rules (:mod:`cchc.metrics`, which targets
concern a unit in :mod:`cchc.applicability`, accounts in :mod:`cchc.auth`), the database (:mod:`cchc.store`), and
plain values at the bottom (config, formatting, i18n, missing, periods, permissions, text, vocabulary).

Nothing here imports Streamlit, etl or deploy: the Streamlit glue (``web``), the pages and etl build on it.
"""
