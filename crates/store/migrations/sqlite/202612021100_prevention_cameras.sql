-- Cameras of the 雪亮工程 (物防): the registry under GB/T 28181 device codes, each on a compound
-- or a key place, and its outages, each a repair task with a deadline. Mirrors the PostgreSQL file.
CREATE TABLE cameras (
    id            INTEGER PRIMARY KEY,
    device_code   TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    compound_code TEXT REFERENCES regions(code),
    key_place     TEXT NOT NULL DEFAULT '',
    grid_code     TEXT NOT NULL REFERENCES regions(code),
    region_path   TEXT NOT NULL,
    lon           REAL NOT NULL,
    lat           REAL NOT NULL,
    direction     INTEGER,
    field_of_view INTEGER,
    status        TEXT NOT NULL,
    faulty_since  INTEGER,
    maintainer    TEXT,
    installed_at  INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX cameras_scope ON cameras(region_path, status);
CREATE INDEX cameras_compound ON cameras(compound_code);

CREATE TABLE camera_faults (
    id          INTEGER PRIMARY KEY,
    camera_id   INTEGER NOT NULL REFERENCES cameras(id),
    description TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    maintainer  TEXT,
    repaired_at INTEGER,
    repaired_by TEXT,
    reply       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX camera_faults_camera ON camera_faults(camera_id, reported_at);
CREATE INDEX camera_faults_open ON camera_faults(repaired_at, due_at);
CREATE INDEX camera_faults_maintainer ON camera_faults(maintainer, repaired_at);
