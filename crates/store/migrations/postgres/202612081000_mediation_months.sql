-- Per-grid, per-month roll-up of the funnel and the assessment's mediation figures, kept by a
-- trigger in the transaction that changes a case, so that any window of whole months costs a
-- few rows per grid instead of a pass over every case. Mirrors sqlite/202612081000.
--
-- A case adds to the row of its grid and of the Beijing month it was created in (yyyymm):
-- one case, the levels it reached, its escalations per level, the level it was resolved at,
-- and, while open or referred, its current level. A change subtracts the old row's share and
-- adds the new one's. Overdue is not kept: it depends on the hour asked.
--
-- The time to resolve (whole hours, for the median) is kept per district instead of per grid:
-- per grid it would be as many rows as cases. Scopes below a district read it from the cases.

CREATE TABLE dispute_months (
    region_path  TEXT NOT NULL,
    month        BIGINT NOT NULL,
    grid_code    TEXT NOT NULL,
    cases        BIGINT NOT NULL DEFAULT 0,
    entered_l1   BIGINT NOT NULL DEFAULT 0,
    entered_l2   BIGINT NOT NULL DEFAULT 0,
    entered_l3   BIGINT NOT NULL DEFAULT 0,
    entered_l4   BIGINT NOT NULL DEFAULT 0,
    escalated_l1 BIGINT NOT NULL DEFAULT 0,
    escalated_l2 BIGINT NOT NULL DEFAULT 0,
    escalated_l3 BIGINT NOT NULL DEFAULT 0,
    resolved_l1  BIGINT NOT NULL DEFAULT 0,
    resolved_l2  BIGINT NOT NULL DEFAULT 0,
    resolved_l3  BIGINT NOT NULL DEFAULT 0,
    resolved_l4  BIGINT NOT NULL DEFAULT 0,
    open_l1      BIGINT NOT NULL DEFAULT 0,
    open_l2      BIGINT NOT NULL DEFAULT 0,
    open_l3      BIGINT NOT NULL DEFAULT 0,
    open_l4      BIGINT NOT NULL DEFAULT 0,
    referred_l1  BIGINT NOT NULL DEFAULT 0,
    referred_l2  BIGINT NOT NULL DEFAULT 0,
    referred_l3  BIGINT NOT NULL DEFAULT 0,
    referred_l4  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_path, month)
);

CREATE TABLE dispute_month_hours (
    district_path TEXT NOT NULL,
    month         BIGINT NOT NULL,
    level         BIGINT NOT NULL,
    hours         BIGINT NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_path, month, level, hours)
);

-- Open cases by scope, for the overdue counts the roll-up cannot keep.
CREATE INDEX disputes_open_due ON disputes(status, region_path, due_at, level, created_at, grid_code);

CREATE FUNCTION beijing_month(created_at BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
    SELECT CAST(to_char(to_timestamp(created_at / 1000 + 28800) AT TIME ZONE 'UTC', 'YYYYMM') AS BIGINT)
$$;

CREATE FUNCTION dispute_district_path(p_grid TEXT, p_path TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT COALESCE((SELECT path FROM regions WHERE code = substr(p_grid, 1, 6)), p_path)
$$;

INSERT INTO dispute_months
SELECT region_path, beijing_month(created_at), MIN(grid_code),
    COUNT(*), SUM(reached_l1), SUM(reached_l2), SUM(reached_l3), SUM(reached_l4),
    SUM(escalated_l1), SUM(escalated_l2), SUM(escalated_l3),
    COUNT(*) FILTER (WHERE resolved_level = 1), COUNT(*) FILTER (WHERE resolved_level = 2),
    COUNT(*) FILTER (WHERE resolved_level = 3), COUNT(*) FILTER (WHERE resolved_level = 4),
    COUNT(*) FILTER (WHERE status = 'open' AND level = 1), COUNT(*) FILTER (WHERE status = 'open' AND level = 2),
    COUNT(*) FILTER (WHERE status = 'open' AND level = 3), COUNT(*) FILTER (WHERE status = 'open' AND level = 4),
    COUNT(*) FILTER (WHERE status = 'referred' AND level = 1), COUNT(*) FILTER (WHERE status = 'referred' AND level = 2),
    COUNT(*) FILTER (WHERE status = 'referred' AND level = 3), COUNT(*) FILTER (WHERE status = 'referred' AND level = 4)
FROM disputes GROUP BY 1, 2;

INSERT INTO dispute_month_hours
SELECT COALESCE(r.path, d.region_path), beijing_month(d.created_at), d.resolved_level,
    (d.resolved_at - d.created_at) / 3600000, COUNT(*)
FROM disputes d LEFT JOIN regions r ON r.code = substr(d.grid_code, 1, 6)
WHERE d.resolved_level IS NOT NULL AND d.resolved_at IS NOT NULL
GROUP BY 1, 2, 3, 4;

-- One case's share, times `s` (1 to add, -1 to take away).
CREATE FUNCTION dispute_months_add(d disputes, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dispute_months VALUES (d.region_path, beijing_month(d.created_at), d.grid_code, s,
        s * d.reached_l1, s * d.reached_l2, s * d.reached_l3, s * d.reached_l4,
        s * d.escalated_l1, s * d.escalated_l2, s * d.escalated_l3,
        s * (d.resolved_level IS NOT DISTINCT FROM 1)::int, s * (d.resolved_level IS NOT DISTINCT FROM 2)::int,
        s * (d.resolved_level IS NOT DISTINCT FROM 3)::int, s * (d.resolved_level IS NOT DISTINCT FROM 4)::int,
        s * (d.status = 'open' AND d.level = 1)::int, s * (d.status = 'open' AND d.level = 2)::int,
        s * (d.status = 'open' AND d.level = 3)::int, s * (d.status = 'open' AND d.level = 4)::int,
        s * (d.status = 'referred' AND d.level = 1)::int, s * (d.status = 'referred' AND d.level = 2)::int,
        s * (d.status = 'referred' AND d.level = 3)::int, s * (d.status = 'referred' AND d.level = 4)::int)
    ON CONFLICT (region_path, month) DO UPDATE SET cases = dispute_months.cases + EXCLUDED.cases,
        entered_l1 = dispute_months.entered_l1 + EXCLUDED.entered_l1,
        entered_l2 = dispute_months.entered_l2 + EXCLUDED.entered_l2,
        entered_l3 = dispute_months.entered_l3 + EXCLUDED.entered_l3,
        entered_l4 = dispute_months.entered_l4 + EXCLUDED.entered_l4,
        escalated_l1 = dispute_months.escalated_l1 + EXCLUDED.escalated_l1,
        escalated_l2 = dispute_months.escalated_l2 + EXCLUDED.escalated_l2,
        escalated_l3 = dispute_months.escalated_l3 + EXCLUDED.escalated_l3,
        resolved_l1 = dispute_months.resolved_l1 + EXCLUDED.resolved_l1,
        resolved_l2 = dispute_months.resolved_l2 + EXCLUDED.resolved_l2,
        resolved_l3 = dispute_months.resolved_l3 + EXCLUDED.resolved_l3,
        resolved_l4 = dispute_months.resolved_l4 + EXCLUDED.resolved_l4,
        open_l1 = dispute_months.open_l1 + EXCLUDED.open_l1,
        open_l2 = dispute_months.open_l2 + EXCLUDED.open_l2,
        open_l3 = dispute_months.open_l3 + EXCLUDED.open_l3,
        open_l4 = dispute_months.open_l4 + EXCLUDED.open_l4,
        referred_l1 = dispute_months.referred_l1 + EXCLUDED.referred_l1,
        referred_l2 = dispute_months.referred_l2 + EXCLUDED.referred_l2,
        referred_l3 = dispute_months.referred_l3 + EXCLUDED.referred_l3,
        referred_l4 = dispute_months.referred_l4 + EXCLUDED.referred_l4;
    IF d.resolved_level IS NOT NULL AND d.resolved_at IS NOT NULL THEN
        INSERT INTO dispute_month_hours VALUES (dispute_district_path(d.grid_code, d.region_path),
            beijing_month(d.created_at), d.resolved_level, (d.resolved_at - d.created_at) / 3600000, s)
        ON CONFLICT (district_path, month, level, hours) DO UPDATE SET n = dispute_month_hours.n + EXCLUDED.n;
    END IF;
END;
$$;

CREATE FUNCTION dispute_months_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM dispute_months_add(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dispute_months_add(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER dispute_months_follow AFTER INSERT OR DELETE OR UPDATE OF status, level, resolved_level, resolved_at,
    reached_l1, reached_l2, reached_l3, reached_l4, escalated_l1, escalated_l2, escalated_l3, created_at,
    region_path, grid_code ON disputes
FOR EACH ROW EXECUTE FUNCTION dispute_months_follow();
