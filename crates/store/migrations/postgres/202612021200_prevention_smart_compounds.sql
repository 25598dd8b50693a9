-- Smart-security compounds (技防): each compound's checklist of the eight subsystems with the
-- evidence and the day checked, and the district's standard (levels and the year's target) as
-- a versioned document. Mirrors the SQLite file.
CREATE TABLE compound_security (
    compound_code TEXT NOT NULL REFERENCES regions(code),
    region_path   TEXT COLLATE "C" NOT NULL,
    subsystem     TEXT NOT NULL,
    present       BIGINT NOT NULL,
    evidence      TEXT NOT NULL DEFAULT '',
    checked_at    BIGINT NOT NULL,
    checked_by    TEXT NOT NULL,
    PRIMARY KEY (compound_code, subsystem)
);
CREATE INDEX compound_security_scope ON compound_security(region_path);

CREATE TABLE smart_standard_versions (
    version    BIGINT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
