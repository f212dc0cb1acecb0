"""The sample data of `make run` (``init --demo``): the sample reports of 2024 and 2026, planned, built by
worker processes and ingested in order (:mod:`~etl.sample.reports`), and the sample 2026 plan year
(:mod:`~etl.sample.plan_2026`). Everything here is marked as sample data wherever it is shown."""
