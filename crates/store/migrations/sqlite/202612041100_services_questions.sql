-- Residents' questions about matters (掌上问), answered by staff and searchable once answered.
-- Mirrors the PostgreSQL file.
CREATE TABLE service_questions (
    id          INTEGER PRIMARY KEY,
    matter_code TEXT REFERENCES service_matters(code),
    question    TEXT NOT NULL,
    asked_by    TEXT NOT NULL,
    asked_at    INTEGER NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by TEXT,
    answered_at INTEGER
);
CREATE INDEX service_questions_matter ON service_questions(matter_code, answered_at);
