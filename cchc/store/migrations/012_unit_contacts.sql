-- 012: where a unit can be reached by e-mail, for the reminders to units that have not reported (issue 22). A unit
-- may have several addresses (its office, the person who reports); they are loaded in bulk
-- (python -m etl contacts import).

CREATE TABLE unit_contacts (
    unit_code  VARCHAR NOT NULL,
    email      VARCHAR NOT NULL,       -- as written, compared in lower case
    added_by   VARCHAR NOT NULL,
    added_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (unit_code, email)
);
