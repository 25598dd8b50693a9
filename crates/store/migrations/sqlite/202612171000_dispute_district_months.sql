-- Per-district, per-month sums of the grid roll-up (`dispute_months`), kept by triggers on it,
-- so that a district's or the city's funnel over whole months reads a row per district and
-- month instead of one per grid: the coordinator's 30-day results read 34,040 grid-months of
-- the district (2.3 ms at city scale), now two rows. Whatever writes the grid roll-up — a
-- case's trigger, the bulk loader — moves these rows in the same transaction. A grid counts in
-- the district of its grid code's first six digits, as the resolution hours do
-- (`dispute_month_hours`); a grid code of no known district counts under its own path.
-- Mirrors postgres/202612171000.

CREATE TABLE dispute_district_months (
    district_path TEXT NOT NULL,
    month        INTEGER NOT NULL,
    cases        INTEGER NOT NULL DEFAULT 0,
    entered_l1   INTEGER NOT NULL DEFAULT 0,
    entered_l2   INTEGER NOT NULL DEFAULT 0,
    entered_l3   INTEGER NOT NULL DEFAULT 0,
    entered_l4   INTEGER NOT NULL DEFAULT 0,
    escalated_l1 INTEGER NOT NULL DEFAULT 0,
    escalated_l2 INTEGER NOT NULL DEFAULT 0,
    escalated_l3 INTEGER NOT NULL DEFAULT 0,
    resolved_l1  INTEGER NOT NULL DEFAULT 0,
    resolved_l2  INTEGER NOT NULL DEFAULT 0,
    resolved_l3  INTEGER NOT NULL DEFAULT 0,
    resolved_l4  INTEGER NOT NULL DEFAULT 0,
    open_l1      INTEGER NOT NULL DEFAULT 0,
    open_l2      INTEGER NOT NULL DEFAULT 0,
    open_l3      INTEGER NOT NULL DEFAULT 0,
    open_l4      INTEGER NOT NULL DEFAULT 0,
    referred_l1  INTEGER NOT NULL DEFAULT 0,
    referred_l2  INTEGER NOT NULL DEFAULT 0,
    referred_l3  INTEGER NOT NULL DEFAULT 0,
    referred_l4  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (district_path, month)
) WITHOUT ROWID;

INSERT INTO dispute_district_months
SELECT COALESCE((SELECT path FROM regions WHERE code = substr(m.grid_code, 1, 6)), m.region_path), m.month,
    SUM(cases), SUM(entered_l1), SUM(entered_l2), SUM(entered_l3), SUM(entered_l4),
    SUM(escalated_l1), SUM(escalated_l2), SUM(escalated_l3), SUM(resolved_l1), SUM(resolved_l2),
    SUM(resolved_l3), SUM(resolved_l4), SUM(open_l1), SUM(open_l2), SUM(open_l3), SUM(open_l4),
    SUM(referred_l1), SUM(referred_l2), SUM(referred_l3), SUM(referred_l4)
FROM dispute_months m GROUP BY 1, 2;

-- A grid-month's row added, changed (its old share taken away, its new one added) or removed.
CREATE TRIGGER dispute_district_months_insert AFTER INSERT ON dispute_months
BEGIN
    INSERT INTO dispute_district_months
    SELECT COALESCE((SELECT path FROM regions WHERE code = substr(NEW.grid_code, 1, 6)), NEW.region_path), NEW.month,
        NEW.cases, NEW.entered_l1, NEW.entered_l2, NEW.entered_l3, NEW.entered_l4,
        NEW.escalated_l1, NEW.escalated_l2, NEW.escalated_l3, NEW.resolved_l1, NEW.resolved_l2,
        NEW.resolved_l3, NEW.resolved_l4, NEW.open_l1, NEW.open_l2, NEW.open_l3, NEW.open_l4,
        NEW.referred_l1, NEW.referred_l2, NEW.referred_l3, NEW.referred_l4
    WHERE true ON CONFLICT (district_path, month) DO UPDATE SET
        cases = cases + excluded.cases, entered_l1 = entered_l1 + excluded.entered_l1,
        entered_l2 = entered_l2 + excluded.entered_l2,
        entered_l3 = entered_l3 + excluded.entered_l3,
        entered_l4 = entered_l4 + excluded.entered_l4,
        escalated_l1 = escalated_l1 + excluded.escalated_l1,
        escalated_l2 = escalated_l2 + excluded.escalated_l2,
        escalated_l3 = escalated_l3 + excluded.escalated_l3,
        resolved_l1 = resolved_l1 + excluded.resolved_l1,
        resolved_l2 = resolved_l2 + excluded.resolved_l2,
        resolved_l3 = resolved_l3 + excluded.resolved_l3,
        resolved_l4 = resolved_l4 + excluded.resolved_l4, open_l1 = open_l1 + excluded.open_l1,
        open_l2 = open_l2 + excluded.open_l2, open_l3 = open_l3 + excluded.open_l3,
        open_l4 = open_l4 + excluded.open_l4, referred_l1 = referred_l1 + excluded.referred_l1,
        referred_l2 = referred_l2 + excluded.referred_l2,
        referred_l3 = referred_l3 + excluded.referred_l3,
        referred_l4 = referred_l4 + excluded.referred_l4;
END;

CREATE TRIGGER dispute_district_months_update AFTER UPDATE ON dispute_months
BEGIN
    INSERT INTO dispute_district_months
    SELECT COALESCE((SELECT path FROM regions WHERE code = substr(grid_code, 1, 6)), region_path), month,
        s * cases, s * entered_l1, s * entered_l2, s * entered_l3, s * entered_l4,
        s * escalated_l1, s * escalated_l2, s * escalated_l3, s * resolved_l1, s * resolved_l2,
        s * resolved_l3, s * resolved_l4, s * open_l1, s * open_l2, s * open_l3, s * open_l4,
        s * referred_l1, s * referred_l2, s * referred_l3, s * referred_l4
    FROM (SELECT OLD.region_path AS region_path, OLD.grid_code AS grid_code, OLD.month AS month, -1 AS s,
        OLD.cases AS cases, OLD.entered_l1 AS entered_l1, OLD.entered_l2 AS entered_l2,
        OLD.entered_l3 AS entered_l3, OLD.entered_l4 AS entered_l4,
        OLD.escalated_l1 AS escalated_l1, OLD.escalated_l2 AS escalated_l2,
        OLD.escalated_l3 AS escalated_l3, OLD.resolved_l1 AS resolved_l1,
        OLD.resolved_l2 AS resolved_l2, OLD.resolved_l3 AS resolved_l3,
        OLD.resolved_l4 AS resolved_l4, OLD.open_l1 AS open_l1, OLD.open_l2 AS open_l2,
        OLD.open_l3 AS open_l3, OLD.open_l4 AS open_l4, OLD.referred_l1 AS referred_l1,
        OLD.referred_l2 AS referred_l2, OLD.referred_l3 AS referred_l3,
        OLD.referred_l4 AS referred_l4
        UNION ALL SELECT NEW.region_path, NEW.grid_code, NEW.month, 1,
        NEW.cases, NEW.entered_l1, NEW.entered_l2, NEW.entered_l3, NEW.entered_l4,
        NEW.escalated_l1, NEW.escalated_l2, NEW.escalated_l3, NEW.resolved_l1, NEW.resolved_l2,
        NEW.resolved_l3, NEW.resolved_l4, NEW.open_l1, NEW.open_l2, NEW.open_l3, NEW.open_l4,
        NEW.referred_l1, NEW.referred_l2, NEW.referred_l3, NEW.referred_l4) WHERE true
    ON CONFLICT (district_path, month) DO UPDATE SET
        cases = cases + excluded.cases, entered_l1 = entered_l1 + excluded.entered_l1,
        entered_l2 = entered_l2 + excluded.entered_l2,
        entered_l3 = entered_l3 + excluded.entered_l3,
        entered_l4 = entered_l4 + excluded.entered_l4,
        escalated_l1 = escalated_l1 + excluded.escalated_l1,
        escalated_l2 = escalated_l2 + excluded.escalated_l2,
        escalated_l3 = escalated_l3 + excluded.escalated_l3,
        resolved_l1 = resolved_l1 + excluded.resolved_l1,
        resolved_l2 = resolved_l2 + excluded.resolved_l2,
        resolved_l3 = resolved_l3 + excluded.resolved_l3,
        resolved_l4 = resolved_l4 + excluded.resolved_l4, open_l1 = open_l1 + excluded.open_l1,
        open_l2 = open_l2 + excluded.open_l2, open_l3 = open_l3 + excluded.open_l3,
        open_l4 = open_l4 + excluded.open_l4, referred_l1 = referred_l1 + excluded.referred_l1,
        referred_l2 = referred_l2 + excluded.referred_l2,
        referred_l3 = referred_l3 + excluded.referred_l3,
        referred_l4 = referred_l4 + excluded.referred_l4;
END;

CREATE TRIGGER dispute_district_months_delete AFTER DELETE ON dispute_months
BEGIN
    INSERT INTO dispute_district_months
    SELECT COALESCE((SELECT path FROM regions WHERE code = substr(OLD.grid_code, 1, 6)), OLD.region_path), OLD.month,
        -OLD.cases, -OLD.entered_l1, -OLD.entered_l2, -OLD.entered_l3, -OLD.entered_l4,
        -OLD.escalated_l1, -OLD.escalated_l2, -OLD.escalated_l3, -OLD.resolved_l1,
        -OLD.resolved_l2, -OLD.resolved_l3, -OLD.resolved_l4, -OLD.open_l1, -OLD.open_l2,
        -OLD.open_l3, -OLD.open_l4, -OLD.referred_l1, -OLD.referred_l2, -OLD.referred_l3,
        -OLD.referred_l4
    WHERE true ON CONFLICT (district_path, month) DO UPDATE SET
        cases = cases + excluded.cases, entered_l1 = entered_l1 + excluded.entered_l1,
        entered_l2 = entered_l2 + excluded.entered_l2,
        entered_l3 = entered_l3 + excluded.entered_l3,
        entered_l4 = entered_l4 + excluded.entered_l4,
        escalated_l1 = escalated_l1 + excluded.escalated_l1,
        escalated_l2 = escalated_l2 + excluded.escalated_l2,
        escalated_l3 = escalated_l3 + excluded.escalated_l3,
        resolved_l1 = resolved_l1 + excluded.resolved_l1,
        resolved_l2 = resolved_l2 + excluded.resolved_l2,
        resolved_l3 = resolved_l3 + excluded.resolved_l3,
        resolved_l4 = resolved_l4 + excluded.resolved_l4, open_l1 = open_l1 + excluded.open_l1,
        open_l2 = open_l2 + excluded.open_l2, open_l3 = open_l3 + excluded.open_l3,
        open_l4 = open_l4 + excluded.open_l4, referred_l1 = referred_l1 + excluded.referred_l1,
        referred_l2 = referred_l2 + excluded.referred_l2,
        referred_l3 = referred_l3 + excluded.referred_l3,
        referred_l4 = referred_l4 + excluded.referred_l4;
END;

-- The lists read it (mediation's results part): it moves its own lists version
-- (202612161000).
INSERT INTO data_versions (topic, version) VALUES ('lists.dispute_district_months', 0);
CREATE TRIGGER dispute_district_months_lists_version_insert AFTER INSERT ON dispute_district_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_district_months'; END;
CREATE TRIGGER dispute_district_months_lists_version_update AFTER UPDATE ON dispute_district_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_district_months'; END;
CREATE TRIGGER dispute_district_months_lists_version_delete AFTER DELETE ON dispute_district_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_district_months'; END;
