-- Kept beside SQLite's migration of the same name: a scope's open cases at one risk, found
-- inside the scope by the risk's index, which now holds the path after the risk and status.
-- Building it locks writes to `disputes` while it runs.
DROP INDEX disputes_risk;
CREATE INDEX disputes_risk ON disputes(risk_level, status, region_path);
