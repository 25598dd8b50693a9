-- The resolution-hours roll-up finds a case's district by the first six digits of its grid
-- code. A SQL function's parameters take their collation from the call: the trigger passes
-- `region_path` (COLLATE "C") beside `grid_code`, the comparison with `regions.code` lost the
-- primary key's collation, and every resolved case read the whole regions table — 65 ms a case
-- at a province's 229,975 regions. Naming the collation keeps the lookup on the primary key.
-- (SQLite compares with the column's own collation; its trigger needs no change.)
CREATE OR REPLACE FUNCTION dispute_district_path(p_grid TEXT, p_path TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT COALESCE((SELECT path FROM regions WHERE code = substr(p_grid, 1, 6) COLLATE "default"), p_path)
$$;
