"""The store: the one module that owns the database connection (:mod:`cchc.store.db`), its numbered migrations,
the reads several parts share (:mod:`~cchc.store.queries`), units over time (:mod:`~cchc.store.units`), the rows
of accounts and sessions (:mod:`~cchc.store.accounts`), the tamper-evident audit chain
(:mod:`~cchc.store.journal`), the exports of the data (CSV, Excel) and the database dumps behind backup and
restore."""
