-- The archive of local history (figures, stories, places, red sites, culture halls) with
-- dates in EDTF and the days they could mean, sources, photos and a point on the map; and the
-- education events held at red sites, with groups' bookings and attendance. Mirrors the
-- PostgreSQL file.
CREATE TABLE culture_archive (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    date_edtf    TEXT,
    date_from    TEXT,
    date_to      TEXT,
    date_label   TEXT,
    sources      TEXT NOT NULL DEFAULT '',
    lon          REAL,
    lat          REAL,
    grid_code    TEXT NOT NULL,
    region_path  TEXT NOT NULL,
    published_at INTEGER,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX culture_archive_published ON culture_archive(published_at);
CREATE TABLE culture_photos (
    id           INTEGER PRIMARY KEY,
    archive_id   INTEGER NOT NULL REFERENCES culture_archive(id),
    content_type TEXT NOT NULL,
    caption      TEXT NOT NULL DEFAULT '',
    bytes        BLOB NOT NULL,
    added_by     TEXT NOT NULL,
    added_at     INTEGER NOT NULL
);
CREATE INDEX culture_photos_archive ON culture_photos(archive_id);
CREATE TABLE culture_site_events (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES culture_archive(id),
    title      TEXT NOT NULL,
    occasion   TEXT NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    capacity   INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE culture_site_bookings (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES culture_site_events(id),
    group_name TEXT NOT NULL,
    people     INTEGER NOT NULL,
    booked_by  TEXT NOT NULL,
    booked_at  INTEGER NOT NULL,
    attended   INTEGER,
    UNIQUE (event_id, group_name)
);
