-- Four-level joint mediation. Mirrors postgres/0002_mediation.sql; differences are the integer
-- primary keys, the photo blob type and the full-text index (FTS5 here, a word array there).

CREATE TABLE mediation_policies (
    version    INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE disputes (
    id                   INTEGER PRIMARY KEY,
    tracking_code        TEXT NOT NULL UNIQUE,
    idempotency_key      TEXT UNIQUE,
    category             TEXT NOT NULL,
    source               TEXT NOT NULL,
    description          TEXT NOT NULL,
    status               TEXT NOT NULL,
    level                INTEGER NOT NULL,
    failed_at_level      INTEGER NOT NULL DEFAULT 0,
    escalation_suggested INTEGER NOT NULL DEFAULT 0,
    followups_pending    INTEGER NOT NULL DEFAULT 0,
    has_agreement        INTEGER NOT NULL DEFAULT 0,
    last_followup_stable INTEGER,
    grid_code            TEXT NOT NULL REFERENCES regions(code),
    region_path          TEXT NOT NULL,
    address              TEXT NOT NULL DEFAULT '',
    address_key          TEXT NOT NULL DEFAULT '',
    parties_key          TEXT NOT NULL DEFAULT '',
    lon                  REAL,
    lat                  REAL,
    amount_yuan          REAL NOT NULL DEFAULT 0,
    people               INTEGER NOT NULL DEFAULT 1,
    households           INTEGER NOT NULL DEFAULT 1,
    whole_compound       INTEGER NOT NULL DEFAULT 0,
    litigation           INTEGER NOT NULL DEFAULT 0,
    minor_fight          INTEGER NOT NULL DEFAULT 0,
    assignee             TEXT,
    due_at               INTEGER NOT NULL,
    risk_score           INTEGER NOT NULL DEFAULT 0,
    risk_level           TEXT NOT NULL DEFAULT 'blue',
    risk_reasons         TEXT NOT NULL DEFAULT '[]',
    policy_version       INTEGER NOT NULL,
    reporter_phone       TEXT,
    created_by           TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    resolved_at          INTEGER,
    resolved_level       INTEGER,
    closed_at            INTEGER,
    referral             TEXT,
    search_text          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disputes_scope ON disputes(region_path, status);
CREATE INDEX disputes_assignee ON disputes(assignee, status);
CREATE INDEX disputes_due ON disputes(status, due_at);
CREATE INDEX disputes_parties ON disputes(parties_key, created_at);
CREATE INDEX disputes_address ON disputes(address_key, created_at);
CREATE INDEX disputes_created ON disputes(created_at);

CREATE VIRTUAL TABLE disputes_fts USING fts5(search_text, tokenize = 'unicode61');

CREATE TABLE dispute_parties (
    id            INTEGER PRIMARY KEY,
    dispute_id    INTEGER NOT NULL REFERENCES disputes(id),
    side          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    phone         TEXT,
    id_number     TEXT,
    vulnerability TEXT
);
CREATE INDEX dispute_parties_dispute ON dispute_parties(dispute_id);

CREATE TABLE dispute_events (
    id         INTEGER PRIMARY KEY,
    dispute_id INTEGER NOT NULL REFERENCES disputes(id),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    level_from INTEGER,
    level_to   INTEGER,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, id);
CREATE INDEX dispute_events_kind ON dispute_events(kind, level_to);

CREATE TABLE dispute_sessions (
    id              INTEGER PRIMARY KEY,
    dispute_id      INTEGER NOT NULL REFERENCES disputes(id),
    level           INTEGER NOT NULL,
    held_at         INTEGER NOT NULL,
    mediators       TEXT NOT NULL,
    parties_present TEXT NOT NULL,
    mode            TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    recorded_by     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX dispute_sessions_dispute ON dispute_sessions(dispute_id);

CREATE TABLE dispute_agreements (
    dispute_id          INTEGER PRIMARY KEY REFERENCES disputes(id),
    terms               TEXT NOT NULL,
    signatures          TEXT NOT NULL,
    agreed_at           INTEGER NOT NULL,
    performance         TEXT NOT NULL DEFAULT 'pending',
    performance_note    TEXT NOT NULL DEFAULT '',
    judicial_applied_at INTEGER,
    judicial_filed_at   INTEGER,
    judicial_result     TEXT,
    created_by          TEXT NOT NULL
);

CREATE TABLE dispute_followups (
    id         INTEGER PRIMARY KEY,
    dispute_id INTEGER NOT NULL REFERENCES disputes(id),
    seq        INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    done_at    INTEGER,
    result     TEXT,
    notes      TEXT NOT NULL DEFAULT '',
    done_by    TEXT
);
CREATE INDEX dispute_followups_due ON dispute_followups(done_at, due_at);
CREATE INDEX dispute_followups_dispute ON dispute_followups(dispute_id, seq);

CREATE TABLE dispute_photos (
    id           INTEGER PRIMARY KEY,
    dispute_id   INTEGER NOT NULL REFERENCES disputes(id),
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX dispute_photos_dispute ON dispute_photos(dispute_id);

CREATE TABLE mediators (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    region_code  TEXT NOT NULL REFERENCES regions(code),
    region_path  TEXT NOT NULL
);
CREATE INDEX mediators_scope ON mediators(region_path);
