"""The store: the one module that owns the database connection (:mod:`cchc.store.db`), its numbered
migrations, the shared queries, the tamper-evident audit chain (:mod:`cchc.store.journal`), the exports of
the data (CSV, Excel) and the database dumps behind backup and restore."""
