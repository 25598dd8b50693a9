-- A report linked to an earlier one (same phone, grid and day) gets a receipt of its own:
-- its own tracking code for the same case, never the first report's code.
CREATE TABLE dispute_receipts (
    code        TEXT PRIMARY KEY,
    dispute_id  BIGINT NOT NULL REFERENCES disputes(id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX dispute_receipts_dispute ON dispute_receipts(dispute_id);
