-- Legal education: series of weekly themes and monthly features with cancelled and moved
-- sessions; sessions ordered by communities and units from the menu (订单式普法) with a
-- speaker from the rule-of-law team and a door code, attendance by that code (once per
-- person); and the legal book corners of culture halls. Mirrors the PostgreSQL file.
CREATE TABLE legal_series (
    id          INTEGER PRIMARY KEY,
    cadence     TEXT NOT NULL,
    theme       TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    first_start INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE legal_exceptions (
    series_id      INTEGER NOT NULL REFERENCES legal_series(id),
    original_start INTEGER NOT NULL,
    moved_to       INTEGER,
    reason         TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at     INTEGER NOT NULL,
    PRIMARY KEY (series_id, original_start)
);
CREATE TABLE legal_orders (
    id          INTEGER PRIMARY KEY,
    theme       TEXT NOT NULL,
    unit        TEXT NOT NULL,
    grid_code   TEXT NOT NULL,
    region_path TEXT NOT NULL,
    audience    INTEGER NOT NULL,
    wanted_on   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    ordered_by  TEXT NOT NULL,
    ordered_at  INTEGER NOT NULL,
    state       TEXT NOT NULL,
    speaker     TEXT,
    starts_at   INTEGER,
    place       TEXT,
    door_code   TEXT,
    held_at     INTEGER
);
CREATE INDEX legal_orders_path ON legal_orders(region_path, state);
CREATE TABLE legal_attendance (
    order_id INTEGER NOT NULL REFERENCES legal_orders(id),
    username TEXT NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (order_id, username)
);
CREATE TABLE legal_book_corners (
    id         INTEGER PRIMARY KEY,
    hall_id    INTEGER NOT NULL REFERENCES culture_archive(id),
    name       TEXT NOT NULL,
    holdings   INTEGER NOT NULL,
    titles     TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
