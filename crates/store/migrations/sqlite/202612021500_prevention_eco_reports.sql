-- Eco-safety reports from the Qinling foothills (five disorders, wildlife): routed to the
-- department of their kind, ordered rectified by a deadline, closed by a re-check; their steps
-- for the public tracking page. Mirrors the PostgreSQL file.
CREATE TABLE eco_reports (
    id              INTEGER PRIMARY KEY,
    tracking_code   TEXT NOT NULL UNIQUE,
    idempotency_key TEXT UNIQUE,
    kind            TEXT NOT NULL,
    description     TEXT NOT NULL,
    grid_code       TEXT NOT NULL REFERENCES regions(code),
    region_path     TEXT NOT NULL,
    address         TEXT NOT NULL DEFAULT '',
    lon             REAL,
    lat             REAL,
    reporter_phone  TEXT,
    channel         TEXT NOT NULL,
    client          TEXT,
    department      TEXT NOT NULL,
    assignee        TEXT,
    status          TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    rectify_order   TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    closed_at       INTEGER
);
CREATE INDEX eco_reports_scope ON eco_reports(region_path, status);
CREATE INDEX eco_reports_assignee ON eco_reports(assignee, status);
CREATE INDEX eco_reports_created ON eco_reports(created_at);
CREATE INDEX eco_reports_created_by ON eco_reports(created_by, created_at);

CREATE TABLE eco_events (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES eco_reports(id),
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX eco_events_report ON eco_events(report_id, id);
