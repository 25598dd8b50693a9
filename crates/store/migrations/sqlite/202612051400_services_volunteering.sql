-- Volunteer service (志愿服务): positions posted by staff, residents signing up (once each),
-- and the minutes served that staff confirm, which feed the results list. Mirrors the
-- PostgreSQL file.
CREATE TABLE volunteer_positions (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    grid_code   TEXT NOT NULL,
    region_path TEXT NOT NULL,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    seats       INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX volunteer_positions_path ON volunteer_positions(region_path, starts_at);
CREATE TABLE volunteer_signups (
    id             INTEGER PRIMARY KEY,
    position_id    INTEGER NOT NULL REFERENCES volunteer_positions(id),
    username       TEXT NOT NULL,
    signed_at      INTEGER NOT NULL,
    minutes_served INTEGER,
    confirmed_by   TEXT,
    confirmed_at   INTEGER,
    UNIQUE (position_id, username)
);
CREATE INDEX volunteer_signups_user ON volunteer_signups(username);
