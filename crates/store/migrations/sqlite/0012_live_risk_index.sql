-- The map's risk layer reads the open and agreed cases of a subtree: by status, then path, with
-- the grid and risk level in the index so no table row is read (3 s to a few ms on a million
-- cases, measured in docs/PERFORMANCE.md).
CREATE INDEX disputes_live_risk ON disputes(status, region_path, grid_code, risk_level);
