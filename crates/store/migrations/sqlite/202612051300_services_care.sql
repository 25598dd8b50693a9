-- Door-to-door care (送服务上门): the register of people and enterprises visited, with consent
-- and its date, each row carrying its next visit's due and latest dates (computed once, on the
-- server, at registration and at every visit); and the visit log. The overdue list reads
-- care_register_overdue: latest date first, then the place. Mirrors the PostgreSQL file.
CREATE TABLE care_register (
    id            INTEGER PRIMARY KEY,
    category      TEXT NOT NULL,
    name          TEXT NOT NULL,
    id_number     TEXT,
    phone         TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    grid_code     TEXT NOT NULL,
    region_path   TEXT NOT NULL,
    consent_at    INTEGER NOT NULL,
    consent_note  TEXT NOT NULL DEFAULT '',
    due_at        INTEGER NOT NULL,
    latest_at     INTEGER NOT NULL,
    last_visit_at INTEGER,
    active        INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX care_register_overdue ON care_register(active, latest_at, region_path);
CREATE INDEX care_register_path ON care_register(region_path, due_at);
CREATE TABLE care_visits (
    id          INTEGER PRIMARY KEY,
    register_id INTEGER NOT NULL REFERENCES care_register(id),
    visited_at  INTEGER NOT NULL,
    visitor     TEXT NOT NULL,
    done        TEXT NOT NULL,
    found       TEXT NOT NULL DEFAULT '',
    finding     TEXT,
    on_time     INTEGER NOT NULL,
    region_path TEXT NOT NULL
);
CREATE INDEX care_visits_register ON care_visits(register_id, visited_at);
CREATE INDEX care_visits_time ON care_visits(visited_at);
