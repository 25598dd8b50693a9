-- Emergency aid (急难救助): applications with the applicant's checked ID number (indexed to find
-- the same person across applications), the decisions of the review chain (one per step),
-- documents, and the payment. Mirrors the PostgreSQL file.
CREATE TABLE aid_applications (
    id             INTEGER PRIMARY KEY,
    tracking_code  TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    id_number      TEXT NOT NULL,
    phone          TEXT NOT NULL,
    grid_code      TEXT NOT NULL,
    region_path    TEXT NOT NULL,
    situation      TEXT NOT NULL,
    amount_asked   INTEGER NOT NULL DEFAULT 0,
    urgent         INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    paid_amount    INTEGER,
    paid_at        INTEGER,
    paid_by        TEXT,
    payment_note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX aid_applications_id_number ON aid_applications(id_number);
CREATE INDEX aid_applications_path ON aid_applications(region_path, status);
CREATE INDEX aid_applications_by ON aid_applications(created_by);
CREATE TABLE aid_decisions (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES aid_applications(id),
    stage          TEXT NOT NULL,
    approve        INTEGER NOT NULL,
    reasons        TEXT NOT NULL,
    checked        TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL,
    decided_at     INTEGER NOT NULL,
    UNIQUE (application_id, stage)
);
CREATE TABLE aid_documents (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES aid_applications(id),
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    data           BLOB NOT NULL,
    uploaded_by    TEXT NOT NULL,
    uploaded_at    INTEGER NOT NULL
);
CREATE INDEX aid_documents_application ON aid_documents(application_id);
