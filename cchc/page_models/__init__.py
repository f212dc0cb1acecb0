"""Page models: what each dashboard page shows, finished from the data views (:mod:`cchc.views`) into texts,
tables, metrics and figures in the interface language. No Streamlit here: the pages get them through the cached
loaders of :mod:`web.cached` and only draw them; :mod:`cchc.page_models.blocks` holds the pieces a page draws.
"""
