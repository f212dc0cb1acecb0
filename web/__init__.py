"""The Streamlit glue, between the pages and the domain: the process's database connection, sign-in and
sessions, the filter bar, the cached views the pages draw, the language and the error guard. With
``dashboard.py`` and ``pages/`` the only code that imports Streamlit; it may call ``etl`` (the app loads
catalogs and the sample data, and receives uploads), and nothing below it imports it.
"""
