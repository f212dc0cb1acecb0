-- 003: targets on the national indices (rank or score), entered by Sở Nội vụ with each year's plan
-- (data/plan/<year>/index_targets.csv). A target may point to the plan target it comes from.

CREATE TABLE index_targets (
    plan_year   INTEGER NOT NULL,     -- the plan the target belongs to
    index_code  VARCHAR NOT NULL,     -- PAR_INDEX, SIPAS, ...
    year        INTEGER NOT NULL,     -- the edition of the index the target is about
    kind        VARCHAR NOT NULL,     -- rank_at_most, score_at_least
    value       DOUBLE NOT NULL,      -- the rank to reach (10 = top 10) or the score to reach
    target_code VARCHAR,              -- the plan target it comes from (targets.code), where there is one
    note        VARCHAR,
    PRIMARY KEY (plan_year, index_code, year, kind)
);
