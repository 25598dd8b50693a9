-- Village and family rules (村规民约, 家规家训): submitted by households and villages, reviewed
-- by the community, published in the gallery, and marked hung at home; the households of
-- each community (the denominator of coverage) as the community reports them. Mirrors the
-- PostgreSQL file.
CREATE TABLE culture_rules (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    household    TEXT NOT NULL,
    text         TEXT NOT NULL,
    grid_code    TEXT NOT NULL,
    region_path  TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    state        TEXT NOT NULL,
    reviewed_by  TEXT,
    reviewed_at  INTEGER,
    review_note  TEXT,
    hung_at      INTEGER
);
CREATE INDEX culture_rules_path ON culture_rules(region_path, state);
CREATE TABLE culture_households (
    community_code TEXT PRIMARY KEY,
    region_path    TEXT NOT NULL,
    households     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL
);
