-- Account safety (issue 11): the last TOTP step used (no code twice), a forced password
-- change after an administrator's reset, and sign-in failure counters that survive a restart.
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;
ALTER TABLE accounts ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_changed_at BIGINT;

CREATE TABLE sign_in_failures (
    key        TEXT PRIMARY KEY,
    failures   BIGINT NOT NULL,
    first_at   BIGINT NOT NULL,
    last_at    BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_age ON sign_in_failures(last_at);
