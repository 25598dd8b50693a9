-- Per-district, per-month sums of the grid roll-up (`dispute_months`), kept by a trigger on
-- it, so that a district's or the city's funnel over whole months reads a row per district and
-- month instead of one per grid. Whatever writes the grid roll-up — a case's trigger, the bulk
-- loader's grouped statement — moves these rows in the same transaction. A grid counts in the
-- district of its grid code's first six digits, as the resolution hours do. Every writing
-- group locks the audit head first (`writer.rs`), so the district's row, changed by every case
-- of the district, adds no new order of locks between nodes. Mirrors sqlite/202612171000.

CREATE TABLE dispute_district_months (
    district_path TEXT COLLATE "C" NOT NULL,
    month        BIGINT NOT NULL,
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
    PRIMARY KEY (district_path, month)
);

INSERT INTO dispute_district_months
SELECT dispute_district_path(m.grid_code, m.region_path), m.month,
    SUM(cases), SUM(entered_l1), SUM(entered_l2), SUM(entered_l3), SUM(entered_l4),
    SUM(escalated_l1), SUM(escalated_l2), SUM(escalated_l3), SUM(resolved_l1), SUM(resolved_l2),
    SUM(resolved_l3), SUM(resolved_l4), SUM(open_l1), SUM(open_l2), SUM(open_l3), SUM(open_l4),
    SUM(referred_l1), SUM(referred_l2), SUM(referred_l3), SUM(referred_l4)
FROM dispute_months m GROUP BY 1, 2;

-- One grid-month row's share, times `s` (1 to add, -1 to take away).
CREATE FUNCTION dispute_district_months_add(m dispute_months, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dispute_district_months VALUES (dispute_district_path(m.grid_code, m.region_path), m.month,
        s * m.cases, s * m.entered_l1, s * m.entered_l2, s * m.entered_l3, s * m.entered_l4,
        s * m.escalated_l1, s * m.escalated_l2, s * m.escalated_l3, s * m.resolved_l1,
        s * m.resolved_l2, s * m.resolved_l3, s * m.resolved_l4, s * m.open_l1, s * m.open_l2,
        s * m.open_l3, s * m.open_l4, s * m.referred_l1, s * m.referred_l2, s * m.referred_l3,
        s * m.referred_l4)
    ON CONFLICT (district_path, month) DO UPDATE SET
        cases = dispute_district_months.cases + EXCLUDED.cases,
        entered_l1 = dispute_district_months.entered_l1 + EXCLUDED.entered_l1,
        entered_l2 = dispute_district_months.entered_l2 + EXCLUDED.entered_l2,
        entered_l3 = dispute_district_months.entered_l3 + EXCLUDED.entered_l3,
        entered_l4 = dispute_district_months.entered_l4 + EXCLUDED.entered_l4,
        escalated_l1 = dispute_district_months.escalated_l1 + EXCLUDED.escalated_l1,
        escalated_l2 = dispute_district_months.escalated_l2 + EXCLUDED.escalated_l2,
        escalated_l3 = dispute_district_months.escalated_l3 + EXCLUDED.escalated_l3,
        resolved_l1 = dispute_district_months.resolved_l1 + EXCLUDED.resolved_l1,
        resolved_l2 = dispute_district_months.resolved_l2 + EXCLUDED.resolved_l2,
        resolved_l3 = dispute_district_months.resolved_l3 + EXCLUDED.resolved_l3,
        resolved_l4 = dispute_district_months.resolved_l4 + EXCLUDED.resolved_l4,
        open_l1 = dispute_district_months.open_l1 + EXCLUDED.open_l1,
        open_l2 = dispute_district_months.open_l2 + EXCLUDED.open_l2,
        open_l3 = dispute_district_months.open_l3 + EXCLUDED.open_l3,
        open_l4 = dispute_district_months.open_l4 + EXCLUDED.open_l4,
        referred_l1 = dispute_district_months.referred_l1 + EXCLUDED.referred_l1,
        referred_l2 = dispute_district_months.referred_l2 + EXCLUDED.referred_l2,
        referred_l3 = dispute_district_months.referred_l3 + EXCLUDED.referred_l3,
        referred_l4 = dispute_district_months.referred_l4 + EXCLUDED.referred_l4;
END;
$$;

CREATE FUNCTION dispute_district_months_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM dispute_district_months_add(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dispute_district_months_add(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER dispute_district_months_follow AFTER INSERT OR UPDATE OR DELETE ON dispute_months
FOR EACH ROW EXECUTE FUNCTION dispute_district_months_follow();

-- The lists read it (mediation's results part): it moves its own lists version
-- (202612161000).
INSERT INTO data_versions (topic, version) VALUES ('lists.dispute_district_months', 0);
CREATE TRIGGER dispute_district_months_lists_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
ON dispute_district_months FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists.dispute_district_months');
