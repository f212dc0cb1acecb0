-- 013: an account may carry an e-mail address (issue 22). An active reporter's address gets the reminders of its
-- unit, beside the unit's own addresses (unit_contacts); compared in lower case, kept as written. NULL: none.

ALTER TABLE users ADD COLUMN email VARCHAR;
