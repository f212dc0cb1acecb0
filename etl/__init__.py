"""ETL of the CCHC dashboard: catalogs, Excel submissions, loading and the `python -m etl` command line.

Nothing in this package imports Streamlit.
"""
