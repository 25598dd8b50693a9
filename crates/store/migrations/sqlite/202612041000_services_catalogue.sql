-- Serving residents (服务群众): the official working calendar (the exceptions to Monday to
-- Friday the coordinator loads each year), the catalogue of matters residents look up, ask
-- about and apply for, and the online applications with their deadline in working days.
-- Mirrors the PostgreSQL file.
CREATE TABLE work_calendar (
    day       TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    loaded_by TEXT NOT NULL,
    loaded_at INTEGER NOT NULL
);

CREATE TABLE service_matters (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    group_name      TEXT NOT NULL,
    materials       TEXT NOT NULL DEFAULT '',
    steps           TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    fees            TEXT NOT NULL DEFAULT '',
    time_limit_days INTEGER NOT NULL,
    legal_basis     TEXT NOT NULL DEFAULT '',
    online          INTEGER NOT NULL DEFAULT 1,
    updated_by      TEXT NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE service_applications (
    id              INTEGER PRIMARY KEY,
    tracking_code   TEXT NOT NULL UNIQUE,
    matter_code     TEXT NOT NULL REFERENCES service_matters(code),
    applicant_name  TEXT NOT NULL,
    applicant_phone TEXT NOT NULL,
    details         TEXT NOT NULL DEFAULT '',
    grid_code       TEXT NOT NULL REFERENCES regions(code),
    region_path     TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    -- Working days that were left when it was put on hold (the clock stops).
    held_remaining  INTEGER,
    hold_reason     TEXT NOT NULL DEFAULT '',
    reply           TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX service_applications_scope ON service_applications(region_path, status, due_at);
CREATE INDEX service_applications_creator ON service_applications(created_by, created_at);
