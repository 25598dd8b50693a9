-- The boards (渭滨善行榜, 渭滨义举榜): deeds reported by anyone, verified by the community
-- (the police for heroism), published only once the people named have agreed. Mirrors the
-- PostgreSQL file.
CREATE TABLE culture_deeds (
    id           INTEGER PRIMARY KEY,
    board        TEXT NOT NULL,
    title        TEXT NOT NULL,
    story        TEXT NOT NULL,
    people       TEXT NOT NULL,
    occurred_on  TEXT NOT NULL,
    grid_code    TEXT NOT NULL,
    region_path  TEXT NOT NULL,
    reported_by  TEXT NOT NULL,
    reported_at  INTEGER NOT NULL,
    state        TEXT NOT NULL,
    verified_by  TEXT,
    verified_at  INTEGER,
    note         TEXT NOT NULL DEFAULT '',
    consent_note TEXT,
    published_at INTEGER
);
CREATE INDEX culture_deeds_state ON culture_deeds(state, board, published_at);
CREATE INDEX culture_deeds_path ON culture_deeds(region_path);
