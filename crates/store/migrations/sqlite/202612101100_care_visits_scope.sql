-- A community's or a grid's visits over a period, read from its own range of paths: the results
-- list counted a whole district's visits of the last 30 days for every grid worker
-- (`services::care::visits_within`). Mirrors postgres/202612101100.
CREATE INDEX care_visits_scope ON care_visits(region_path, visited_at);
