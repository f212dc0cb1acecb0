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

-- Every reminder sent or failed: a unit gets the same notice of a period once a day at most (the day's 'sent' row
-- stops the next), and the office can see what went to whom.
CREATE SEQUENCE reminder_log_id;
CREATE TABLE reminder_log (
    id         BIGINT PRIMARY KEY DEFAULT nextval('reminder_log_id'),
    unit_code  VARCHAR NOT NULL,
    period     VARCHAR NOT NULL,
    notice     VARCHAR NOT NULL,       -- before (the deadline is near), overdue
    sent_on    DATE NOT NULL,
    addresses  VARCHAR NOT NULL,       -- ';'-separated
    status     VARCHAR NOT NULL,       -- sent, failed
    error      VARCHAR,
    sent_by    VARCHAR NOT NULL,
    sent_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
