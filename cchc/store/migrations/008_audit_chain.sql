-- 008: the audit log as a hash chain, so that an entry edited or deleted outside the app shows.
-- Each entry, once sealed, carries its place in the chain, the hash of the entry before it and its own hash
-- (SHA-256 of the previous hash and the entry's fields). Entries are sealed just after the transaction that
-- wrote them commits (cchc/journal.py); `python -m etl check` walks the chain.

ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR;
ALTER TABLE audit_log ADD COLUMN entry_hash VARCHAR;
