-- A signed-in resident sees the hazards and needs they reported: by creator, and the receipts
-- of their reports that joined an earlier request by who reported them.
ALTER TABLE request_receipts ADD COLUMN reported_by TEXT NOT NULL DEFAULT '';
CREATE INDEX service_requests_created_by ON service_requests(created_by, created_at);
CREATE INDEX request_receipts_reported_by ON request_receipts(reported_by, created_at);
