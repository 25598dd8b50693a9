-- Residents' tip-offs (线索) about crimes and hazards. The receipt is kept only as a hash; the
-- tipster's contact only sealed with the server key, opened for the receiving station's
-- officers, each opening recorded and shown to the tipster. Mirrors the PostgreSQL file.
CREATE TABLE tips (
    id             INTEGER PRIMARY KEY,
    receipt_hash   TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    text           TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    grid_code      TEXT NOT NULL REFERENCES regions(code),
    region_path    TEXT NOT NULL,
    -- The town whose police station receives it.
    station_code   TEXT NOT NULL,
    contact_sealed TEXT,
    status         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX tips_station ON tips(station_code, status, created_at);

CREATE TABLE tip_messages (
    id        INTEGER PRIMARY KEY,
    tip_id    INTEGER NOT NULL REFERENCES tips(id),
    -- 1 for the station's reply, 0 for the tipster's.
    from_station INTEGER NOT NULL,
    author    TEXT NOT NULL,
    text      TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX tip_messages_tip ON tip_messages(tip_id, id);

CREATE TABLE tip_contact_reads (
    id     INTEGER PRIMARY KEY,
    tip_id INTEGER NOT NULL REFERENCES tips(id),
    reader TEXT NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX tip_contact_reads_tip ON tip_contact_reads(tip_id, at);
