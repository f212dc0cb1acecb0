-- 004: report deadlines per plan year, period and kind of unit (data/plan/<year>/report_deadlines.csv),
-- edited by Sở Nội vụ. report: plan (the units' own CCHC plans), targets, tasks (the quarterly reports).
-- unit_kind NULL: every kind of unit; a row for one kind wins over the row for all.

CREATE TABLE report_deadlines (
    plan_year  INTEGER NOT NULL,
    report     VARCHAR NOT NULL,      -- plan, targets, tasks
    period     VARCHAR NOT NULL,      -- 2024 (the plan) or 2024-Q1 ... 2024-Q4
    unit_kind  VARCHAR,               -- department, central_agency, district, commune; NULL = all
    due_date   DATE NOT NULL,         -- last day a report counts as on time
    note       VARCHAR
);
