-- Per-grid, per-month roll-up of the funnel and the assessment's mediation figures, kept by
-- triggers in the transaction that changes a case, so that any window of whole months costs a
-- few rows per grid instead of a pass over every case. Mirrors postgres/202612081000.
--
-- A case adds to the row of its grid and of the Beijing month it was created in (yyyymm):
-- one case, the levels it reached, its escalations per level, the level it was resolved at,
-- and, while open or referred, its current level. A change subtracts the old row's share and
-- adds the new one's. Overdue is not kept: it depends on the hour asked.
--
-- The time to resolve (whole hours, for the median) is kept per district instead of per grid:
-- per grid it would be as many rows as cases. Scopes below a district read it from the cases.

CREATE TABLE dispute_months (
    region_path TEXT NOT NULL,
    month       INTEGER NOT NULL,
    grid_code   TEXT NOT NULL,
    cases       INTEGER NOT NULL DEFAULT 0,
    entered_l1  INTEGER NOT NULL DEFAULT 0,
    entered_l2  INTEGER NOT NULL DEFAULT 0,
    entered_l3  INTEGER NOT NULL DEFAULT 0,
    entered_l4  INTEGER NOT NULL DEFAULT 0,
    escalated_l1 INTEGER NOT NULL DEFAULT 0,
    escalated_l2 INTEGER NOT NULL DEFAULT 0,
    escalated_l3 INTEGER NOT NULL DEFAULT 0,
    resolved_l1 INTEGER NOT NULL DEFAULT 0,
    resolved_l2 INTEGER NOT NULL DEFAULT 0,
    resolved_l3 INTEGER NOT NULL DEFAULT 0,
    resolved_l4 INTEGER NOT NULL DEFAULT 0,
    open_l1     INTEGER NOT NULL DEFAULT 0,
    open_l2     INTEGER NOT NULL DEFAULT 0,
    open_l3     INTEGER NOT NULL DEFAULT 0,
    open_l4     INTEGER NOT NULL DEFAULT 0,
    referred_l1 INTEGER NOT NULL DEFAULT 0,
    referred_l2 INTEGER NOT NULL DEFAULT 0,
    referred_l3 INTEGER NOT NULL DEFAULT 0,
    referred_l4 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (region_path, month)
) WITHOUT ROWID;

CREATE TABLE dispute_month_hours (
    district_path TEXT NOT NULL,
    month         INTEGER NOT NULL,
    level         INTEGER NOT NULL,
    hours         INTEGER NOT NULL,
    n             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (district_path, month, level, hours)
) WITHOUT ROWID;

-- Open cases by scope, for the overdue counts the roll-up cannot keep.
CREATE INDEX disputes_open_due ON disputes(status, region_path, due_at, level, created_at, grid_code);

INSERT INTO dispute_months
SELECT region_path, CAST(strftime('%Y%m', created_at / 1000 + 28800, 'unixepoch') AS INTEGER), MIN(grid_code),
    COUNT(*), SUM(reached_l1), SUM(reached_l2), SUM(reached_l3), SUM(reached_l4),
    SUM(escalated_l1), SUM(escalated_l2), SUM(escalated_l3),
    SUM(resolved_level = 1), SUM(resolved_level = 2), SUM(resolved_level = 3), SUM(resolved_level = 4),
    SUM(status = 'open' AND level = 1), SUM(status = 'open' AND level = 2),
    SUM(status = 'open' AND level = 3), SUM(status = 'open' AND level = 4),
    SUM(status = 'referred' AND level = 1), SUM(status = 'referred' AND level = 2),
    SUM(status = 'referred' AND level = 3), SUM(status = 'referred' AND level = 4)
FROM disputes GROUP BY 1, 2;

INSERT INTO dispute_month_hours
SELECT COALESCE(r.path, d.region_path), CAST(strftime('%Y%m', d.created_at / 1000 + 28800, 'unixepoch') AS INTEGER),
    d.resolved_level, (d.resolved_at - d.created_at) / 3600000, COUNT(*)
FROM disputes d LEFT JOIN regions r ON r.code = substr(d.grid_code, 1, 6)
WHERE d.resolved_level IS NOT NULL AND d.resolved_at IS NOT NULL
GROUP BY 1, 2, 3, 4;

-- The same share, added for a new case, moved for a changed one, taken away for a deleted one.
CREATE TRIGGER dispute_months_insert AFTER INSERT ON disputes
BEGIN
    INSERT INTO dispute_months SELECT region_path, month, grid_code, s, s * e1, s * e2, s * e3, s * e4, s * x1, s * x2, s * x3,
        s * (rl IS 1), s * (rl IS 2), s * (rl IS 3), s * (rl IS 4),
        s * (st = 'open' AND lv = 1), s * (st = 'open' AND lv = 2), s * (st = 'open' AND lv = 3), s * (st = 'open' AND lv = 4),
        s * (st = 'referred' AND lv = 1), s * (st = 'referred' AND lv = 2), s * (st = 'referred' AND lv = 3), s * (st = 'referred' AND lv = 4)
    FROM (SELECT NEW.region_path AS region_path, CAST(strftime('%Y%m', NEW.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month,
        NEW.grid_code AS grid_code, 1 AS s, NEW.reached_l1 AS e1, NEW.reached_l2 AS e2, NEW.reached_l3 AS e3, NEW.reached_l4 AS e4,
        NEW.escalated_l1 AS x1, NEW.escalated_l2 AS x2, NEW.escalated_l3 AS x3, NEW.resolved_level AS rl, NEW.status AS st, NEW.level AS lv) WHERE true
    ON CONFLICT (region_path, month) DO UPDATE SET cases = cases + excluded.cases,
        entered_l1 = entered_l1 + excluded.entered_l1, entered_l2 = entered_l2 + excluded.entered_l2,
        entered_l3 = entered_l3 + excluded.entered_l3, entered_l4 = entered_l4 + excluded.entered_l4,
        escalated_l1 = escalated_l1 + excluded.escalated_l1, escalated_l2 = escalated_l2 + excluded.escalated_l2,
        escalated_l3 = escalated_l3 + excluded.escalated_l3,
        resolved_l1 = resolved_l1 + excluded.resolved_l1, resolved_l2 = resolved_l2 + excluded.resolved_l2,
        resolved_l3 = resolved_l3 + excluded.resolved_l3, resolved_l4 = resolved_l4 + excluded.resolved_l4,
        open_l1 = open_l1 + excluded.open_l1, open_l2 = open_l2 + excluded.open_l2,
        open_l3 = open_l3 + excluded.open_l3, open_l4 = open_l4 + excluded.open_l4,
        referred_l1 = referred_l1 + excluded.referred_l1, referred_l2 = referred_l2 + excluded.referred_l2,
        referred_l3 = referred_l3 + excluded.referred_l3, referred_l4 = referred_l4 + excluded.referred_l4;
    INSERT INTO dispute_month_hours SELECT * FROM (SELECT COALESCE((SELECT path FROM regions WHERE code = substr(NEW.grid_code, 1, 6)), NEW.region_path) AS district_path,
        CAST(strftime('%Y%m', NEW.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month, NEW.resolved_level AS level,
        (NEW.resolved_at - NEW.created_at) / 3600000 AS hours, 1 AS n WHERE NEW.resolved_level IS NOT NULL AND NEW.resolved_at IS NOT NULL) WHERE true
    ON CONFLICT (district_path, month, level, hours) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dispute_months_update AFTER UPDATE OF status, level, resolved_level, resolved_at, reached_l1, reached_l2, reached_l3, reached_l4, escalated_l1, escalated_l2, escalated_l3, created_at, region_path, grid_code ON disputes
BEGIN
    INSERT INTO dispute_months SELECT region_path, month, grid_code, s, s * e1, s * e2, s * e3, s * e4, s * x1, s * x2, s * x3,
        s * (rl IS 1), s * (rl IS 2), s * (rl IS 3), s * (rl IS 4),
        s * (st = 'open' AND lv = 1), s * (st = 'open' AND lv = 2), s * (st = 'open' AND lv = 3), s * (st = 'open' AND lv = 4),
        s * (st = 'referred' AND lv = 1), s * (st = 'referred' AND lv = 2), s * (st = 'referred' AND lv = 3), s * (st = 'referred' AND lv = 4)
    FROM (SELECT OLD.region_path AS region_path, CAST(strftime('%Y%m', OLD.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month,
        OLD.grid_code AS grid_code, -1 AS s, OLD.reached_l1 AS e1, OLD.reached_l2 AS e2, OLD.reached_l3 AS e3, OLD.reached_l4 AS e4,
        OLD.escalated_l1 AS x1, OLD.escalated_l2 AS x2, OLD.escalated_l3 AS x3, OLD.resolved_level AS rl, OLD.status AS st, OLD.level AS lv
        UNION ALL SELECT NEW.region_path AS region_path, CAST(strftime('%Y%m', NEW.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month,
        NEW.grid_code AS grid_code, 1 AS s, NEW.reached_l1 AS e1, NEW.reached_l2 AS e2, NEW.reached_l3 AS e3, NEW.reached_l4 AS e4,
        NEW.escalated_l1 AS x1, NEW.escalated_l2 AS x2, NEW.escalated_l3 AS x3, NEW.resolved_level AS rl, NEW.status AS st, NEW.level AS lv) WHERE true
    ON CONFLICT (region_path, month) DO UPDATE SET cases = cases + excluded.cases,
        entered_l1 = entered_l1 + excluded.entered_l1, entered_l2 = entered_l2 + excluded.entered_l2,
        entered_l3 = entered_l3 + excluded.entered_l3, entered_l4 = entered_l4 + excluded.entered_l4,
        escalated_l1 = escalated_l1 + excluded.escalated_l1, escalated_l2 = escalated_l2 + excluded.escalated_l2,
        escalated_l3 = escalated_l3 + excluded.escalated_l3,
        resolved_l1 = resolved_l1 + excluded.resolved_l1, resolved_l2 = resolved_l2 + excluded.resolved_l2,
        resolved_l3 = resolved_l3 + excluded.resolved_l3, resolved_l4 = resolved_l4 + excluded.resolved_l4,
        open_l1 = open_l1 + excluded.open_l1, open_l2 = open_l2 + excluded.open_l2,
        open_l3 = open_l3 + excluded.open_l3, open_l4 = open_l4 + excluded.open_l4,
        referred_l1 = referred_l1 + excluded.referred_l1, referred_l2 = referred_l2 + excluded.referred_l2,
        referred_l3 = referred_l3 + excluded.referred_l3, referred_l4 = referred_l4 + excluded.referred_l4;
    INSERT INTO dispute_month_hours SELECT * FROM (SELECT COALESCE((SELECT path FROM regions WHERE code = substr(OLD.grid_code, 1, 6)), OLD.region_path) AS district_path,
        CAST(strftime('%Y%m', OLD.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month, OLD.resolved_level AS level,
        (OLD.resolved_at - OLD.created_at) / 3600000 AS hours, -1 AS n WHERE OLD.resolved_level IS NOT NULL AND OLD.resolved_at IS NOT NULL
        UNION ALL SELECT COALESCE((SELECT path FROM regions WHERE code = substr(NEW.grid_code, 1, 6)), NEW.region_path) AS district_path,
        CAST(strftime('%Y%m', NEW.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month, NEW.resolved_level AS level,
        (NEW.resolved_at - NEW.created_at) / 3600000 AS hours, 1 AS n WHERE NEW.resolved_level IS NOT NULL AND NEW.resolved_at IS NOT NULL) WHERE true
    ON CONFLICT (district_path, month, level, hours) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dispute_months_delete AFTER DELETE ON disputes
BEGIN
    INSERT INTO dispute_months SELECT region_path, month, grid_code, s, s * e1, s * e2, s * e3, s * e4, s * x1, s * x2, s * x3,
        s * (rl IS 1), s * (rl IS 2), s * (rl IS 3), s * (rl IS 4),
        s * (st = 'open' AND lv = 1), s * (st = 'open' AND lv = 2), s * (st = 'open' AND lv = 3), s * (st = 'open' AND lv = 4),
        s * (st = 'referred' AND lv = 1), s * (st = 'referred' AND lv = 2), s * (st = 'referred' AND lv = 3), s * (st = 'referred' AND lv = 4)
    FROM (SELECT OLD.region_path AS region_path, CAST(strftime('%Y%m', OLD.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month,
        OLD.grid_code AS grid_code, -1 AS s, OLD.reached_l1 AS e1, OLD.reached_l2 AS e2, OLD.reached_l3 AS e3, OLD.reached_l4 AS e4,
        OLD.escalated_l1 AS x1, OLD.escalated_l2 AS x2, OLD.escalated_l3 AS x3, OLD.resolved_level AS rl, OLD.status AS st, OLD.level AS lv) WHERE true
    ON CONFLICT (region_path, month) DO UPDATE SET cases = cases + excluded.cases,
        entered_l1 = entered_l1 + excluded.entered_l1, entered_l2 = entered_l2 + excluded.entered_l2,
        entered_l3 = entered_l3 + excluded.entered_l3, entered_l4 = entered_l4 + excluded.entered_l4,
        escalated_l1 = escalated_l1 + excluded.escalated_l1, escalated_l2 = escalated_l2 + excluded.escalated_l2,
        escalated_l3 = escalated_l3 + excluded.escalated_l3,
        resolved_l1 = resolved_l1 + excluded.resolved_l1, resolved_l2 = resolved_l2 + excluded.resolved_l2,
        resolved_l3 = resolved_l3 + excluded.resolved_l3, resolved_l4 = resolved_l4 + excluded.resolved_l4,
        open_l1 = open_l1 + excluded.open_l1, open_l2 = open_l2 + excluded.open_l2,
        open_l3 = open_l3 + excluded.open_l3, open_l4 = open_l4 + excluded.open_l4,
        referred_l1 = referred_l1 + excluded.referred_l1, referred_l2 = referred_l2 + excluded.referred_l2,
        referred_l3 = referred_l3 + excluded.referred_l3, referred_l4 = referred_l4 + excluded.referred_l4;
    INSERT INTO dispute_month_hours SELECT * FROM (SELECT COALESCE((SELECT path FROM regions WHERE code = substr(OLD.grid_code, 1, 6)), OLD.region_path) AS district_path,
        CAST(strftime('%Y%m', OLD.created_at / 1000 + 28800, 'unixepoch') AS INTEGER) AS month, OLD.resolved_level AS level,
        (OLD.resolved_at - OLD.created_at) / 3600000 AS hours, -1 AS n WHERE OLD.resolved_level IS NOT NULL AND OLD.resolved_at IS NOT NULL) WHERE true
    ON CONFLICT (district_path, month, level, hours) DO UPDATE SET n = n + excluded.n;
END;
