"""Keeping a database: create or migrate it and load the catalogs (:mod:`~etl.operations.setup`), check it
against the archive, back it up and restore it, copy it between DuckDB and PostgreSQL, rebuild it from the
archive."""
