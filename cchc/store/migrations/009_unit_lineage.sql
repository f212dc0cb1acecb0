-- 009: units over time. What became of each unit that ended (data/units/*.csv, loaded by `init`).
--
-- Unit codes stay unique over time, and a code never changes meaning:
--   T42          the province;
--   H436, X18070 districts and communes of the statistics office's 2023 catalogue ('H'/'X' + its code);
--                2024 data is about these, and they keep these codes after they end (valid_to);
--   X2025-18073  units of the 1 July 2025 catalogue: 'X' (commune level) + the catalogue year + '-' + the
--                statistics code. Each new unit reuses the statistics code of one commune it absorbed
--                (18073 was Phường Nam Hà, now Phường Thành Sen), so the year keeps the two apart;
--                gso_code holds the bare statistics code (18073) for both. A later reorganisation would
--                add X<year>-<code> the same way;
--   SNV, SNNMT   departments and other bodies: mnemonic codes; a department formed in a merger gets a new one.
--
-- One row per old unit and destination. kind:
--   merged_into     the whole old unit went into new_code (with others);
--   split_between   the old unit was divided: one row per destination, never apportioned;
--   renamed         the old unit alone became new_code (a new code, name or level; the name may be the same);
--   dissolved_into  a district abolished, its area going to new_code (one row per receiving unit).
-- new_code NULL: the unit ended but where it went is not known (note says why); left unmapped, not guessed.
-- verified: FALSE where the row is inferred (from code and name changes) or not confirmed by an official text.

CREATE TABLE unit_lineage (
    old_code       VARCHAR NOT NULL,     -- units.code of the unit that ended
    new_code       VARCHAR,              -- units.code of its successor; NULL when unknown
    kind           VARCHAR NOT NULL,     -- merged_into, split_between, renamed, dissolved_into
    effective_date DATE NOT NULL,        -- first day of new_code (= old_code's valid_to)
    source         VARCHAR NOT NULL,     -- the text or data set stating it
    verified       BOOLEAN NOT NULL,
    note           VARCHAR,
    UNIQUE (old_code, new_code, effective_date)
);
