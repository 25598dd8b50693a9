-- The residents' portal and open interfaces: hazards and needs (service requests), residents'
-- ratings, the staff inbox, outbound webhooks with their delivery outbox, Open311 client keys.
-- Mirrors postgres/0010_portal.sql.

CREATE TABLE service_requests (
    id              INTEGER PRIMARY KEY,
    tracking_code   TEXT NOT NULL UNIQUE,
    idempotency_key TEXT UNIQUE,
    kind            TEXT NOT NULL,
    service_code    TEXT NOT NULL,
    description     TEXT NOT NULL,
    status          TEXT NOT NULL,
    grid_code       TEXT NOT NULL REFERENCES regions(code),
    region_path     TEXT NOT NULL,
    address         TEXT NOT NULL DEFAULT '',
    lon             REAL,
    lat             REAL,
    reporter_phone  TEXT,
    channel         TEXT NOT NULL,
    client          TEXT,
    assignee        TEXT,
    due_at          INTEGER NOT NULL,
    reply           TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    search_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_requests_scope ON service_requests(region_path, status);
CREATE INDEX service_requests_assignee ON service_requests(assignee, status);
CREATE INDEX service_requests_reporter ON service_requests(reporter_phone, created_at);
CREATE INDEX service_requests_created ON service_requests(created_at);
CREATE VIRTUAL TABLE service_requests_fts USING fts5(search_text, tokenize = 'unicode61');

CREATE TABLE request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES service_requests(id),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events(request_id, id);

CREATE INDEX disputes_reporter ON disputes(reporter_phone, created_at);

CREATE TABLE resident_ratings (
    tracking_code TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    region_path   TEXT NOT NULL,
    stars         INTEGER NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE INDEX resident_ratings_scope ON resident_ratings(region_path, created_at);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    username   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_inbox ON notifications(username, read_at, id);

CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    events     TEXT NOT NULL DEFAULT '*',
    active     INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id           INTEGER PRIMARY KEY,
    webhook_id   INTEGER NOT NULL REFERENCES webhooks(id),
    event        TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      INTEGER NOT NULL,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_at);

CREATE TABLE open311_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
