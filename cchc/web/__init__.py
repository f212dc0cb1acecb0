"""The Streamlit glue: the process's database connection, sign-in and sessions, the filter bar, the cached
views the pages draw, the language and the error guard. The only part of ``cchc`` that imports Streamlit.
"""
