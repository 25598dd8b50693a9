-- Account safety (issue 11): the last TOTP step used (no code twice), a forced password
-- change after an administrator's reset, and sign-in failure counters that survive a restart.
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER;
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_changed_at INTEGER;

CREATE TABLE sign_in_failures (
    key        TEXT PRIMARY KEY,
    failures   INTEGER NOT NULL,
    first_at   INTEGER NOT NULL,
    last_at    INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_age ON sign_in_failures(last_at);
