-- Photos residents attach to hazards and needs, like dispute_photos. Mirrors postgres/0011.
CREATE TABLE request_photos (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES service_requests(id),
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX request_photos_request ON request_photos(request_id);
