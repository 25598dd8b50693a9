-- The public-safety risk register (责任清单): places and holders that answer for a risk, each
-- with its responsible unit, risk level and inspection plan; inspections, and each finding a
-- rectification with a deadline that a re-inspection closes. Mirrors the PostgreSQL file.
CREATE TABLE risk_sites (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    name              TEXT NOT NULL,
    address           TEXT NOT NULL DEFAULT '',
    grid_code         TEXT NOT NULL REFERENCES regions(code),
    region_path       TEXT NOT NULL,
    lon               REAL NOT NULL,
    lat               REAL NOT NULL,
    responsible_unit  TEXT NOT NULL,
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT,
    risk_level        TEXT NOT NULL,
    risk_reasons      TEXT NOT NULL DEFAULT '',
    campaign          TEXT NOT NULL DEFAULT 'none',
    last_inspected_at INTEGER,
    next_due_at       INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX risk_sites_scope ON risk_sites(region_path, kind);
CREATE INDEX risk_sites_due ON risk_sites(next_due_at);

CREATE TABLE site_inspections (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES risk_sites(id),
    inspected_at INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    inspector    TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    risk_level   TEXT NOT NULL,
    findings     INTEGER NOT NULL
);
CREATE INDEX site_inspections_site ON site_inspections(site_id, inspected_at);

CREATE TABLE site_rectifications (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL REFERENCES risk_sites(id),
    inspection_id INTEGER NOT NULL REFERENCES site_inspections(id),
    region_path   TEXT NOT NULL,
    finding       TEXT NOT NULL,
    found_at      INTEGER NOT NULL,
    deadline      INTEGER NOT NULL,
    rechecks      INTEGER NOT NULL DEFAULT 0,
    recheck_notes TEXT NOT NULL DEFAULT '',
    closed_at     INTEGER,
    closed_by     TEXT
);
CREATE INDEX site_rectifications_site ON site_rectifications(site_id);
CREATE INDEX site_rectifications_open ON site_rectifications(region_path, closed_at);
