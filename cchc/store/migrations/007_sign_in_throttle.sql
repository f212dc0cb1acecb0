-- 007: failed sign-ins by the client address they came from, so that guessing passwords from one machine
-- is slowed down whatever accounts it tries, in every app process sharing the database.
-- After auth.CLIENT_FREE_ATTEMPTS failures from one address within auth.CLIENT_WINDOW, its sign-ins wait;
-- an address's rows older than the window are deleted at its next failure. The audit log keeps the history.

CREATE TABLE sign_in_failures (
    client    VARCHAR NOT NULL,      -- the browser's address (behind nginx: the address nginx saw)
    username  VARCHAR NOT NULL,      -- the account tried, which may not exist
    failed_at TIMESTAMP NOT NULL
);
