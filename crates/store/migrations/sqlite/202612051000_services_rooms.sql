-- Welfare bases and neighbourhood centres (公益基地、党群服务中心), their rooms, closures and
-- bookings. A booking holds one row per half-hour slot in room_slots, whose primary key lets
-- no two bookings hold the same slot, whichever node writes them. Mirrors the PostgreSQL file.
CREATE TABLE service_centres (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    grid_code   TEXT NOT NULL,
    region_path TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    opens       TEXT NOT NULL,
    closes      TEXT NOT NULL,
    open_days   TEXT NOT NULL DEFAULT '1234567'
);
CREATE INDEX service_centres_path ON service_centres(region_path);
CREATE TABLE centre_closures (
    centre_id INTEGER NOT NULL REFERENCES service_centres(id),
    day       TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (centre_id, day)
);
CREATE TABLE service_rooms (
    id             INTEGER PRIMARY KEY,
    centre_id      INTEGER NOT NULL REFERENCES service_centres(id),
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    capacity       INTEGER NOT NULL,
    needs_approval INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_rooms_centre ON service_rooms(centre_id);
CREATE TABLE room_bookings (
    id            INTEGER PRIMARY KEY,
    room_id       INTEGER NOT NULL REFERENCES service_rooms(id),
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    booked_by     TEXT NOT NULL,
    team          TEXT NOT NULL DEFAULT '',
    purpose       TEXT NOT NULL,
    attendees     INTEGER NOT NULL,
    status        TEXT NOT NULL,
    series        TEXT,
    decided_by    TEXT,
    checked_in_at INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX room_bookings_room ON room_bookings(room_id, starts_at);
CREATE INDEX room_bookings_status ON room_bookings(status, starts_at);
CREATE INDEX room_bookings_by ON room_bookings(booked_by, starts_at);
CREATE TABLE room_slots (
    room_id    INTEGER NOT NULL,
    slot_at    INTEGER NOT NULL,
    booking_id INTEGER NOT NULL REFERENCES room_bookings(id),
    PRIMARY KEY (room_id, slot_at)
);
CREATE INDEX room_slots_booking ON room_slots(booking_id);
