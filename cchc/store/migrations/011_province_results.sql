-- 011: the published results of every province, not only Hà Tĩnh's, so that the pages can say where Hà Tĩnh stands
-- among the provinces and its region.
--
-- provinces: the 63 provinces of before 1/7/2025 (the statistics office's codes, "42") and the 34 of after the
-- merger (NQ 202/2025/QH15; codes "M" + the code of the province whose name the new one keeps, "M42"), each with
-- its region and the province it went into. A result names the province of its own ranking: a rank among 63 is a
-- 63-province's, a rank among 34 a 34-province's, so the two are never compared or combined.
--
-- province_results: one row per edition (index, year assessed), province and component (TOTAL for the index
-- itself). origin: shipped (data/provinces/results.csv, replaced when that file changes), imported (a national
-- table imported by an administrator: a re-import of the edition replaces it), manual (one province's values
-- entered by hand). flags: ';'-separated, of computed (a rank computed by sorting the published values: PAPI
-- publishes tiers), derived (a rank computed from "tăng/giảm N bậc"), uncertain, suspect.
--
-- current_province_results: for each edition, province and component the row people see: an administrator's
-- (imported or entered by hand, the latest) before a shipped one.
--
-- current_index_scores now takes Hà Tĩnh's published results from there (as unit T42, with the most telling of
-- its flags), and the national statistics (unit VN) and the province's own units from index_scores as before.

CREATE TABLE provinces (
    code         VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    region       VARCHAR NOT NULL,      -- one of the six socio-economic regions
    subregion    VARCHAR NOT NULL,      -- Bắc Trung Bộ / Duyên hải Nam Trung Bộ within their region; else the region
    ranked_among INTEGER NOT NULL,      -- 63 or 34: the set of provinces it belongs to
    valid_from   DATE,
    valid_to     DATE,
    successor    VARCHAR                -- the province it went into on valid_to
);

CREATE TABLE province_aliases (
    alias VARCHAR NOT NULL,             -- matched without diacritics, case, punctuation or "tỉnh"/"thành phố"
    code  VARCHAR NOT NULL,             -- one row per province it may stand for (of 63, of 34)
    PRIMARY KEY (alias, code)
);

CREATE SEQUENCE province_results_id;
CREATE TABLE province_results (
    id             BIGINT PRIMARY KEY DEFAULT nextval('province_results_id'),
    index_code     VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    province_code  VARCHAR NOT NULL,
    component_code VARCHAR NOT NULL,
    score          DOUBLE,
    max_score      DOUBLE,
    rank           INTEGER,
    rank_of        INTEGER,
    flags          VARCHAR,
    note           VARCHAR,
    source_url     VARCHAR NOT NULL,
    origin         VARCHAR NOT NULL,    -- shipped, imported, manual
    loaded_by      VARCHAR,
    loaded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX province_results_edition ON province_results (index_code, year);

CREATE VIEW current_province_results AS
SELECT * FROM (
    SELECT r.*, row_number() OVER (
        PARTITION BY index_code, year, province_code, component_code
        ORDER BY CASE WHEN origin = 'shipped' THEN 1 ELSE 0 END, loaded_at DESC, id DESC) AS preference
    FROM province_results r
) ranked WHERE preference = 1;

DROP VIEW current_index_scores;
CREATE VIEW current_index_scores AS
SELECT i.*, FALSE AS is_sample FROM index_scores i WHERE i.origin = 'published'
UNION ALL
SELECT -r.id AS id, r.index_code, r.year, 'T42' AS unit_code, r.component_code, 'value' AS stat,
       CAST(NULL AS VARCHAR) AS other_name, r.score, r.max_score, r.rank, r.rank_of,
       CASE WHEN r.flags LIKE '%suspect%' THEN 'suspect' WHEN r.flags LIKE '%uncertain%' THEN 'uncertain'
            WHEN r.flags LIKE '%derived%' THEN 'derived' WHEN r.flags LIKE '%computed%' THEN 'computed' END AS flag,
       r.note, r.source_url, 'published' AS origin, CAST(NULL AS BIGINT) AS submission_id, FALSE AS is_sample
FROM current_province_results r WHERE r.province_code IN ('42', 'M42')
UNION ALL
SELECT i.*, s.is_sample FROM index_scores i JOIN current_submissions s ON s.id = i.submission_id;
