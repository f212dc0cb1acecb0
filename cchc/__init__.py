"""Domain package of the CCHC dashboard: database access, queries, metrics, charts, formatting, i18n.

Pages and the ETL command line both build on this package; nothing here draws UI except the
modules whose name says so (`session`, `charts`).
"""
