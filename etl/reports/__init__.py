"""The units' reports, from template to database: the layout both sides rely on (:mod:`~etl.reports.layout`),
the templates by kind (:mod:`~etl.reports.templates`), the report table found in a workbook
(:mod:`~etl.reports.table`), its validation, the all-or-nothing ingest, the annotated copy of a rejected file,
and the archive of every file received."""
