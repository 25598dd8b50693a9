-- Model campaigns (渭滨好人, 最美家庭) with one vote per verified resident. A resident is known
-- only by a keyed hash of their normalised ID number (`person`); a vote's key is the campaign
-- and that hash, so an online vote and a desk vote by one person cannot both be stored, and
-- a re-verified person keeps their vote. The tally (by nominee and channel) is kept beside the
-- votes in the same transaction, so results read a handful of rows however many votes there
-- are, and can be recounted from the votes themselves. Mirrors the PostgreSQL file.
CREATE TABLE culture_campaigns (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    phase        TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    announced_at INTEGER,
    announcement TEXT
);
CREATE TABLE culture_nominees (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES culture_campaigns(id),
    name         TEXT NOT NULL,
    summary      TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    grid_code    TEXT NOT NULL,
    region_path  TEXT NOT NULL,
    nominated_by TEXT NOT NULL,
    nominated_at INTEGER NOT NULL,
    state        TEXT NOT NULL,
    reviewed_by  TEXT,
    review_note  TEXT
);
CREATE INDEX culture_nominees_campaign ON culture_nominees(campaign_id, state);
CREATE TABLE culture_people (
    person      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    grid_code   TEXT NOT NULL,
    region_path TEXT NOT NULL,
    method      TEXT NOT NULL,
    verified_by TEXT NOT NULL,
    verified_at INTEGER NOT NULL,
    username    TEXT UNIQUE
);
CREATE TABLE culture_votes (
    campaign_id INTEGER NOT NULL REFERENCES culture_campaigns(id),
    person      TEXT NOT NULL REFERENCES culture_people(person),
    nominee_id  INTEGER NOT NULL REFERENCES culture_nominees(id),
    channel     TEXT NOT NULL,
    cast_by     TEXT NOT NULL,
    cast_at     INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, person)
);
CREATE TABLE culture_tallies (
    campaign_id INTEGER NOT NULL REFERENCES culture_campaigns(id),
    nominee_id  INTEGER NOT NULL REFERENCES culture_nominees(id),
    channel     TEXT NOT NULL,
    votes       INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, nominee_id, channel)
);
CREATE TABLE culture_phone_codes (
    username   TEXT PRIMARY KEY,
    person     TEXT NOT NULL,
    name       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    sent_at    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL
);
