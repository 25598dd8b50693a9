-- A hazard or need linked to an earlier report (same phone, grid and day) gets a receipt of
-- its own: its own tracking code for the same request, never the first report's code.
CREATE TABLE request_receipts (
    code        TEXT PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES service_requests(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX request_receipts_request ON request_receipts(request_id);
