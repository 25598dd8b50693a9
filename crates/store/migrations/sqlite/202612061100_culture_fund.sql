-- The heroism fund's books (见义勇为基金): accounts opened before use, entries with their
-- postings in fen, closed periods, and payouts proposed by one officer and approved by
-- another. Entries and postings are append-only: the triggers refuse UPDATE and DELETE
-- whatever program writes, and a correction is a new entry naming the one it reverses.
-- Mirrors the PostgreSQL file.
CREATE TABLE fund_accounts (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at INTEGER NOT NULL
);
CREATE TABLE fund_entries (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL,
    narration   TEXT NOT NULL,
    reverses    INTEGER UNIQUE REFERENCES fund_entries(id),
    payout_id   INTEGER,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX fund_entries_day ON fund_entries(day);
CREATE TABLE fund_postings (
    entry_id INTEGER NOT NULL REFERENCES fund_entries(id),
    line     INTEGER NOT NULL,
    account  TEXT NOT NULL REFERENCES fund_accounts(code),
    fen      INTEGER NOT NULL,
    PRIMARY KEY (entry_id, line)
);
CREATE TRIGGER fund_entries_no_update BEFORE UPDATE ON fund_entries
BEGIN SELECT RAISE(ABORT, 'fund_entries is append-only'); END;
CREATE TRIGGER fund_entries_no_delete BEFORE DELETE ON fund_entries
BEGIN SELECT RAISE(ABORT, 'fund_entries is append-only'); END;
CREATE TRIGGER fund_postings_no_update BEFORE UPDATE ON fund_postings
BEGIN SELECT RAISE(ABORT, 'fund_postings is append-only'); END;
CREATE TRIGGER fund_postings_no_delete BEFORE DELETE ON fund_postings
BEGIN SELECT RAISE(ABORT, 'fund_postings is append-only'); END;
CREATE TABLE fund_periods (
    closed_through TEXT PRIMARY KEY,
    closed_by      TEXT NOT NULL,
    closed_at      INTEGER NOT NULL
);
CREATE TABLE fund_payouts (
    id          INTEGER PRIMARY KEY,
    deed_id     INTEGER NOT NULL,
    account     TEXT NOT NULL REFERENCES fund_accounts(code),
    bank        TEXT NOT NULL REFERENCES fund_accounts(code),
    fen         INTEGER NOT NULL,
    payee       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    day         TEXT NOT NULL,
    state       TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at INTEGER NOT NULL,
    decided_by  TEXT,
    decided_at  INTEGER,
    entry_id    INTEGER REFERENCES fund_entries(id)
);
