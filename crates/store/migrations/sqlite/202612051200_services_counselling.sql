-- Psychological services (心理服务): the district's expert pool, appointments by alias, notes
-- encrypted under a key of each counsellor's own (stored here only sealed by the server key),
-- break-glass readings by a supervisor, and the crisis flag. Mirrors the PostgreSQL file.
CREATE TABLE counsellors (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    qualification TEXT NOT NULL,
    level         TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    region_path   TEXT NOT NULL,
    supervisor    TEXT,
    key_sealed    TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE counselling_appointments (
    id             INTEGER PRIMARY KEY,
    counsellor_id  INTEGER NOT NULL REFERENCES counsellors(id),
    alias          TEXT NOT NULL,
    contact_sealed TEXT,
    booked_by      TEXT,
    grid_code      TEXT NOT NULL,
    region_path    TEXT NOT NULL,
    starts_at      INTEGER NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    crisis_at      INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX counselling_appointments_counsellor ON counselling_appointments(counsellor_id, starts_at);
CREATE INDEX counselling_appointments_by ON counselling_appointments(booked_by);
CREATE TABLE counselling_notes (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES counselling_appointments(id),
    sealed         TEXT NOT NULL,
    written_at     INTEGER NOT NULL
);
CREATE INDEX counselling_notes_appointment ON counselling_notes(appointment_id);
CREATE TABLE counselling_break_glass (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES counselling_appointments(id),
    reader         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    read_at        INTEGER NOT NULL
);
