-- 005: signed-in sessions, so a page reload or a link opened in a new tab stays signed in.
-- The browser keeps a random token in a cookie; only its SHA-256 is stored here.
-- A session ends on sign-out, after 30 minutes unused, after 10 hours, or when the account is disabled.

CREATE TABLE sessions (
    token_sha256 VARCHAR PRIMARY KEY,
    username     VARCHAR NOT NULL,
    via          VARCHAR NOT NULL,     -- password, sso
    started_at   TIMESTAMP NOT NULL,
    last_seen    TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP,
    end_reason   VARCHAR               -- user, expired, disabled
);
