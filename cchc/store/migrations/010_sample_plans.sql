-- 010: a sample plan year. `init --demo` adds a 2026 plan built from the 2024 plan's structure, because the
-- real 2026 target values were not available; it must never pass for the official plan, so the pages, the
-- presentation, the deck and the exports mark a plan with is_sample as "Kế hoạch mẫu". Importing a real plan
-- of that year (python -m etl plan import) replaces the row, and with it the flag.

ALTER TABLE plans ADD COLUMN is_sample BOOLEAN NOT NULL DEFAULT FALSE;
