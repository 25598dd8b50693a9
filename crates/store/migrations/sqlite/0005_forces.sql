-- The four forces: teams bound to regions with their members, facilities that mandates
-- require (video coverage, psychological service rooms), and versioned mandates.

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    force       TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions(code),
    region_path TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX teams_scope ON teams(region_path, kind);
CREATE INDEX teams_region ON teams(region_code, kind);

CREATE TABLE team_members (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES teams(id),
    name        TEXT NOT NULL,
    username    TEXT,
    member_role TEXT NOT NULL,
    phone       TEXT,
    active_from INTEGER NOT NULL,
    active_to   INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX team_members_team ON team_members(team_id);

CREATE TABLE facilities (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions(code),
    region_path TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX facilities_region ON facilities(region_code, kind);

CREATE TABLE mandates (
    version    INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
