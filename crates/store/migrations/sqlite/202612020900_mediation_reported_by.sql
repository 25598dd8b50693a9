-- A signed-in resident sees the reports they made: their cases by creator, and the receipts
-- of their reports that joined an earlier case by who reported them.
ALTER TABLE dispute_receipts ADD COLUMN reported_by TEXT NOT NULL DEFAULT '';
CREATE INDEX disputes_created_by ON disputes(created_by, created_at);
CREATE INDEX dispute_receipts_reported_by ON dispute_receipts(reported_by, created_at);
