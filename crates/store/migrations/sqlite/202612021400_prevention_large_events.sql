-- Large public events (大型群众性活动): applications with the organiser, venue, dates and
-- expected crowd, the status the regulation's rules gave them, the first risk assessment, the
-- police's decision and the organiser's report afterwards. Mirrors the PostgreSQL file.
CREATE TABLE large_events (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    organiser         TEXT NOT NULL,
    organiser_contact TEXT NOT NULL,
    venue             TEXT NOT NULL,
    grid_code         TEXT NOT NULL REFERENCES regions(code),
    region_path       TEXT NOT NULL,
    lon               REAL NOT NULL,
    lat               REAL NOT NULL,
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    expected_people   INTEGER NOT NULL,
    venue_capacity    INTEGER NOT NULL,
    exits             INTEGER NOT NULL,
    plan              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    status_reason     TEXT NOT NULL DEFAULT '',
    risk_level        TEXT NOT NULL,
    risk_reasons      TEXT NOT NULL DEFAULT '',
    decide_by         INTEGER,
    reviewer          TEXT,
    conditions        TEXT NOT NULL DEFAULT '',
    decided_at        INTEGER,
    decided_by        TEXT,
    report            TEXT NOT NULL DEFAULT '',
    reported_at       INTEGER,
    created_by        TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX large_events_scope ON large_events(region_path, starts_at);
CREATE INDEX large_events_pending ON large_events(status, decide_by);
CREATE INDEX large_events_creator ON large_events(created_by, created_at);
