-- Patrol shifts: who walks which grid on which weekday and hours (a team, or the grid's own
-- people). Mirrors the PostgreSQL file.
CREATE TABLE patrol_shifts (
    id           INTEGER PRIMARY KEY,
    grid_code    TEXT NOT NULL REFERENCES regions(code),
    region_path  TEXT NOT NULL,
    team_id      INTEGER REFERENCES teams(id),
    weekday      INTEGER NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX patrol_shifts_scope ON patrol_shifts(region_path, weekday);
