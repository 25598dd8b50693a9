-- Visits per region path and Beijing month (yyyymm), kept by a trigger as visits are written,
-- so that the assessment's "visits on time" over any window of whole months reads a few rows
-- per grid instead of every visit. Mirrors sqlite/202612081200.
CREATE TABLE care_visit_months (
    region_path TEXT NOT NULL,
    month       BIGINT NOT NULL,
    visits      BIGINT NOT NULL DEFAULT 0,
    on_time     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_path, month)
);
CREATE INDEX care_visit_months_month ON care_visit_months(month, region_path, visits, on_time);

INSERT INTO care_visit_months
SELECT region_path, beijing_month(visited_at), COUNT(*), SUM(on_time) FROM care_visits GROUP BY 1, 2;

CREATE FUNCTION care_visit_months_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO care_visit_months VALUES (NEW.region_path, beijing_month(NEW.visited_at), 1, NEW.on_time)
        ON CONFLICT (region_path, month) DO UPDATE
        SET visits = care_visit_months.visits + 1, on_time = care_visit_months.on_time + EXCLUDED.on_time;
    ELSE
        UPDATE care_visit_months SET visits = visits - 1, on_time = on_time - OLD.on_time
        WHERE region_path = OLD.region_path AND month = beijing_month(OLD.visited_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER care_visit_months_follow AFTER INSERT OR DELETE ON care_visits
FOR EACH ROW EXECUTE FUNCTION care_visit_months_follow();
