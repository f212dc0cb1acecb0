-- 001: the first schema: catalogs (units, indices, plan), reported data, audit log, users.
-- Foreign keys are checked by the loaders and the tests rather than declared: DuckDB does not
-- allow updating or deleting a referenced row, and catalogs are reloaded in place by `init`.

CREATE TABLE catalog_versions (     -- fingerprint of each catalog as last loaded: `init` skips unchanged ones
    name      VARCHAR PRIMARY KEY,    -- units, unit_groups, indices, index_components, published_scores, plan:2024
    sha256    VARCHAR NOT NULL,
    row_count INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE units (
    code        VARCHAR PRIMARY KEY,   -- stable short code: T42, SNV, H436, X18070
    name        VARCHAR NOT NULL,
    short_name  VARCHAR,
    kind        VARCHAR NOT NULL,      -- province, department, central_agency, other_body, district, commune
    level       VARCHAR NOT NULL,      -- province, district, commune
    parent_code VARCHAR,
    gso_code    VARCHAR,               -- national statistics office code, where there is one
    subtype     VARCHAR,               -- thanh-pho, thi-xa, huyen, phuong, thi-tran, xa
    valid_from  DATE,
    valid_to    DATE                   -- first day the unit no longer exists; NULL while it does
);

CREATE TABLE unit_groups (            -- collective names used as lead or partner ("UBND cấp huyện")
    code         VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    covers_kinds VARCHAR[] NOT NULL,   -- every unit of these kinds belongs to the group
    members      VARCHAR[] NOT NULL    -- and these units by code; both empty: no unit in particular
);

CREATE TABLE indices (
    code             VARCHAR PRIMARY KEY,
    name_vi          VARCHAR NOT NULL,
    name_en          VARCHAR,
    publisher        VARCHAR,
    scale_max        DOUBLE,
    display_unit     VARCHAR,
    higher_is_better BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order       INTEGER,
    note             VARCHAR
);

CREATE TABLE index_components (
    index_code     VARCHAR NOT NULL,
    component_code VARCHAR NOT NULL,
    name_vi        VARCHAR NOT NULL,
    max_score      DOUBLE,
    sort_order     INTEGER,
    note           VARCHAR,
    PRIMARY KEY (index_code, component_code)
);

CREATE SEQUENCE index_scores_id;
CREATE TABLE index_scores (
    id             BIGINT PRIMARY KEY DEFAULT nextval('index_scores_id'),
    index_code     VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    unit_code      VARCHAR NOT NULL,   -- VN for national statistics
    component_code VARCHAR NOT NULL,   -- TOTAL for the index itself
    stat           VARCHAR NOT NULL DEFAULT 'value',  -- value, national_avg, national_max, national_min, regional_avg
    other_name     VARCHAR,            -- the province holding a national max/min
    score          DOUBLE,
    max_score      DOUBLE,
    rank           INTEGER,
    rank_of        INTEGER,
    flag           VARCHAR,            -- NULL, derived, uncertain, suspect
    note           VARCHAR,
    source_url     VARCHAR,
    origin         VARCHAR NOT NULL,   -- published (shipped with the product), submission, sample
    submission_id  BIGINT
);

CREATE TABLE plans (
    year     INTEGER PRIMARY KEY,
    title    VARCHAR NOT NULL,
    decision VARCHAR,
    source   VARCHAR
);

CREATE TABLE plan_areas (
    plan_year  INTEGER NOT NULL,
    code       VARCHAR NOT NULL,       -- CDDH, THECHE, TTHC, TCBM, CONGVU, TCC, CQS
    section    VARCHAR NOT NULL,       -- the roman numeral of the appendix section
    name       VARCHAR NOT NULL,
    sort_order INTEGER,
    PRIMARY KEY (plan_year, code)
);

CREATE TABLE targets (
    plan_year         INTEGER NOT NULL,
    code              VARCHAR NOT NULL, -- TTHC-3.1, TCBM-4.2a
    level             VARCHAR NOT NULL, -- province, district, commune, all
    area_code         VARCHAR NOT NULL,
    item              VARCHAR,          -- the plan's numbering: "3.1"
    source            VARCHAR NOT NULL, -- section II, or appendix
    text              VARCHAR NOT NULL, -- the sentence as written in the plan
    indicator         VARCHAR NOT NULL, -- short name of what is measured
    measure           VARCHAR NOT NULL, -- percent, count, reduction
    unit_of_measure   VARCHAR,          -- %, sáng kiến, biên chế, ...
    direction         VARCHAR NOT NULL, -- at_least, at_most
    target_value      DOUBLE NOT NULL,
    target_value_max  DOUBLE,           -- upper end when the plan gives a range ("02 đến 03")
    numerator_label   VARCHAR,          -- set when the value is a ratio reported as numerator/denominator
    denominator_label VARCHAR,
    reported_by       VARCHAR NOT NULL, -- each_unit, lead_unit
    lead_unit_code    VARCHAR,
    index_code        VARCHAR,          -- where the target is an index result
    note              VARCHAR,
    PRIMARY KEY (plan_year, code, level)
);

CREATE TABLE tasks (
    plan_year          INTEGER NOT NULL,
    code               VARCHAR NOT NULL, -- I-3.5, VII.B-3.1
    section            VARCHAR NOT NULL,
    area_code          VARCHAR NOT NULL,
    objective          VARCHAR,
    task               VARCHAR,
    activity           VARCHAR,
    deliverable        VARCHAR,
    lead_text          VARCHAR,          -- as written in the plan
    lead_unit_codes    VARCHAR[] NOT NULL,
    partner_text       VARCHAR,
    partner_unit_codes VARCHAR[] NOT NULL,
    deadline_text      VARCHAR,          -- as written in the plan
    deadline_kind      VARCHAR NOT NULL, -- fixed, recurring, conditional, none
    due_date           DATE,
    funding_text       VARCHAR,
    sort_order         INTEGER,
    PRIMARY KEY (plan_year, code)
);

CREATE SEQUENCE submissions_id;
CREATE TABLE submissions (
    id            BIGINT PRIMARY KEY DEFAULT nextval('submissions_id'),
    sha256        VARCHAR NOT NULL,
    filename      VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    archive_path  VARCHAR NOT NULL,
    kind          VARCHAR,            -- targets, tasks, indices
    unit_code     VARCHAR,
    period        VARCHAR,            -- 2024-Q1 ... 2024-Q4, or a year
    plan_year     INTEGER,
    status        VARCHAR NOT NULL,   -- accepted, rejected
    uploaded_by   VARCHAR NOT NULL,
    uploaded_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    superseded_by BIGINT,
    is_sample     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE submission_problems (
    submission_id BIGINT NOT NULL,
    seq           INTEGER NOT NULL,
    severity      VARCHAR NOT NULL,   -- error, warning
    sheet         VARCHAR,
    cell          VARCHAR,
    value         VARCHAR,
    message       VARCHAR NOT NULL,
    PRIMARY KEY (submission_id, seq)
);

CREATE TABLE target_values (
    submission_id BIGINT NOT NULL,
    unit_code     VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    plan_year     INTEGER NOT NULL,
    target_code   VARCHAR NOT NULL,
    level         VARCHAR NOT NULL,
    numerator     DOUBLE,
    denominator   DOUBLE,
    value         DOUBLE,
    note          VARCHAR,
    is_sample     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (submission_id, target_code)
);

CREATE TABLE task_progress (
    submission_id BIGINT NOT NULL,
    unit_code     VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    plan_year     INTEGER NOT NULL,
    task_code     VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,   -- not_started, in_progress, done, done_late, not_applicable
    percent_done  DOUBLE,
    evidence      VARCHAR,
    completed_on  DATE,
    note          VARCHAR,
    is_sample     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (submission_id, task_code)
);

CREATE SEQUENCE audit_log_id;
CREATE TABLE audit_log (
    id        BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor     VARCHAR NOT NULL,
    action    VARCHAR NOT NULL,       -- init, load_catalog, ingest_accepted, ingest_rejected, user_add, ...
    entity    VARCHAR,
    entity_id VARCHAR,
    detail    VARCHAR                 -- JSON
);

CREATE TABLE users (
    username        VARCHAR PRIMARY KEY,
    display_name    VARCHAR,
    role            VARCHAR NOT NULL, -- admin, reporter, viewer
    unit_code       VARCHAR,          -- reporters only
    password_hash   VARCHAR,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at      TIMESTAMP
);
