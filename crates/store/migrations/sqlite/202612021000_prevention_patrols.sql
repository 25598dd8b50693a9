-- Patrols (人防): who walked a grid, when, and where — the track as WGS-84 points — with the
-- checkpoints of each grid and the patrols that passed them. Mirrors the PostgreSQL file.
CREATE TABLE patrols (
    id          INTEGER PRIMARY KEY,
    grid_code   TEXT NOT NULL REFERENCES regions(code),
    region_path TEXT NOT NULL,
    team_id     INTEGER REFERENCES teams(id),
    members     TEXT NOT NULL DEFAULT '',
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    last_at     INTEGER,
    points      INTEGER NOT NULL DEFAULT 0,
    distance_m  REAL NOT NULL DEFAULT 0,
    findings    TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX patrols_scope ON patrols(region_path, started_at);
CREATE INDEX patrols_grid ON patrols(grid_code, started_at);

CREATE TABLE patrol_points (
    patrol_id INTEGER NOT NULL REFERENCES patrols(id),
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    lon       REAL NOT NULL,
    lat       REAL NOT NULL,
    PRIMARY KEY (patrol_id, seq)
) WITHOUT ROWID;

CREATE TABLE patrol_checkpoints (
    id          INTEGER PRIMARY KEY,
    grid_code   TEXT NOT NULL REFERENCES regions(code),
    region_path TEXT NOT NULL,
    name        TEXT NOT NULL,
    lon         REAL NOT NULL,
    lat         REAL NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX patrol_checkpoints_grid ON patrol_checkpoints(grid_code);

CREATE TABLE patrol_visits (
    patrol_id     INTEGER NOT NULL REFERENCES patrols(id),
    checkpoint_id INTEGER NOT NULL REFERENCES patrol_checkpoints(id),
    at            INTEGER NOT NULL,
    PRIMARY KEY (patrol_id, checkpoint_id)
);
