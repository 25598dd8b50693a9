-- Emergency command (两级应急指挥): the response plan of each kind of incident (its steps, and
-- the changes drills made to it), incidents with the plan's steps as a checklist, the
-- append-only incident log, and the CAP alerts published. Mirrors the PostgreSQL file.
CREATE TABLE response_plans (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL
);

CREATE TABLE plan_steps (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES response_plans(id),
    seq        INTEGER NOT NULL,
    title      TEXT NOT NULL,
    owner_role TEXT NOT NULL,
    -- The drill whose finding added this step, if one did.
    drill_id   INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX plan_steps_plan ON plan_steps(plan_id, seq);

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    grid_code   TEXT NOT NULL REFERENCES regions(code),
    region_path TEXT NOT NULL,
    town_code   TEXT NOT NULL,
    lon         REAL,
    lat         REAL,
    status      TEXT NOT NULL,
    command     TEXT NOT NULL,
    -- 1 for an incident played in a drill: marked as an exercise wherever it shows.
    exercise    INTEGER NOT NULL DEFAULT 0,
    drill_id    INTEGER,
    report      TEXT NOT NULL DEFAULT '',
    opened_by   TEXT NOT NULL,
    opened_at   INTEGER NOT NULL,
    closed_at   INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX incidents_scope ON incidents(region_path, opened_at);
CREATE INDEX incidents_open ON incidents(status, region_path);

CREATE TABLE incident_steps (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    owner_role  TEXT NOT NULL,
    done_at     INTEGER,
    done_by     TEXT
);
CREATE INDEX incident_steps_incident ON incident_steps(incident_id, seq);

-- Nobody edits or deletes a line of the log: corrections are new lines that name the one
-- they correct. The triggers refuse it whatever program writes to the database.
CREATE TABLE incident_log (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    corrects    INTEGER REFERENCES incident_log(id)
);
CREATE INDEX incident_log_incident ON incident_log(incident_id, id);
CREATE TRIGGER incident_log_no_update BEFORE UPDATE ON incident_log
BEGIN SELECT RAISE(ABORT, 'incident_log is append-only'); END;
CREATE TRIGGER incident_log_no_delete BEFORE DELETE ON incident_log
BEGIN SELECT RAISE(ABORT, 'incident_log is append-only'); END;

CREATE TABLE cap_alerts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    identifier  TEXT NOT NULL UNIQUE,
    msg_type    TEXT NOT NULL,
    exercise    INTEGER NOT NULL,
    references_id INTEGER REFERENCES cap_alerts(id),
    headline    TEXT NOT NULL,
    description TEXT NOT NULL,
    instruction TEXT NOT NULL DEFAULT '',
    area_desc   TEXT NOT NULL,
    -- The grids warned, as codes separated by spaces; their rings are drawn from the atlas.
    grid_codes  TEXT NOT NULL,
    sent_by     TEXT NOT NULL,
    sent_at     INTEGER NOT NULL
);
CREATE INDEX cap_alerts_sent ON cap_alerts(sent_at);
CREATE INDEX cap_alerts_incident ON cap_alerts(incident_id, id);
