-- Counter-terror and emergency drills (演练): the scenario, the teams, the timeline of what
-- was done (everything marked as an exercise), the evaluation, and the findings that change
-- a response plan. Mirrors the PostgreSQL file.
CREATE TABLE drills (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    scenario    TEXT NOT NULL,
    plan_kind   TEXT NOT NULL,
    teams       TEXT NOT NULL DEFAULT '',
    grid_code   TEXT NOT NULL REFERENCES regions(code),
    region_path TEXT NOT NULL,
    held_at     INTEGER NOT NULL,
    evaluation  TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX drills_scope ON drills(region_path, held_at);

CREATE TABLE drill_timeline (
    id       INTEGER PRIMARY KEY,
    drill_id INTEGER NOT NULL REFERENCES drills(id),
    at       INTEGER NOT NULL,
    text     TEXT NOT NULL,
    actor    TEXT NOT NULL
);
CREATE INDEX drill_timeline_drill ON drill_timeline(drill_id, at);

-- A finding: what the drill showed, and the step it adds to the plan once applied.
CREATE TABLE drill_findings (
    id          INTEGER PRIMARY KEY,
    drill_id    INTEGER NOT NULL REFERENCES drills(id),
    finding     TEXT NOT NULL,
    step_title  TEXT NOT NULL,
    owner_role  TEXT NOT NULL,
    assignee    TEXT,
    due_at      INTEGER NOT NULL,
    applied_at  INTEGER,
    applied_by  TEXT,
    plan_step_id INTEGER REFERENCES plan_steps(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX drill_findings_drill ON drill_findings(drill_id);
CREATE INDEX drill_findings_open ON drill_findings(applied_at, assignee);
