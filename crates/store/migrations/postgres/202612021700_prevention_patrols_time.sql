-- Patrols by when they started: the week's coverage and the map read a few thousand of a
-- year's patrols by time alone, which the (region_path, started_at) index cannot narrow for a
-- whole district.
CREATE INDEX patrols_time ON patrols(started_at);
