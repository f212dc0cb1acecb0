"""ETL of the CCHC dashboard, one package per stage, and the `python -m etl` command line (:mod:`etl.cli`).

- :mod:`etl.reading`: any Excel file read safely (what the bytes are, every part measured, values as people
  type them, old Vietnamese font encodings);
- :mod:`etl.catalogs`: the reviewed CSV catalogs under ``data/`` loaded by ``init``;
- :mod:`etl.reports`: the units' reports (the layout, the templates, the report table, validation, ingest, the
  annotated copy, the archive of received files);
- :mod:`etl.plans`: a plan year from its workbook;
- :mod:`etl.operations`: keeping a database (init, check, backup, restore, copy, rebuild);
- :mod:`etl.sample`: the sample data of `make run`.

It stands on the domain (:mod:`cchc`); the Streamlit glue above may call it. Nothing here imports Streamlit.
"""
