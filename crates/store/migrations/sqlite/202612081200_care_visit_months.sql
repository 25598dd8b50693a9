-- Visits per region path and Beijing month (yyyymm), kept by triggers as visits are written,
-- so that the assessment's "visits on time" over any window of whole months reads a few rows
-- per grid instead of every visit. Mirrors postgres/202612081200.
CREATE TABLE care_visit_months (
    region_path TEXT NOT NULL,
    month       INTEGER NOT NULL,
    visits      INTEGER NOT NULL DEFAULT 0,
    on_time     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (region_path, month)
) WITHOUT ROWID;
CREATE INDEX care_visit_months_month ON care_visit_months(month, region_path, visits, on_time);

INSERT INTO care_visit_months
SELECT region_path, CAST(strftime('%Y%m', visited_at / 1000 + 28800, 'unixepoch') AS INTEGER), COUNT(*), SUM(on_time)
FROM care_visits GROUP BY 1, 2;

CREATE TRIGGER care_visit_months_insert AFTER INSERT ON care_visits
BEGIN
    INSERT INTO care_visit_months VALUES (NEW.region_path,
        CAST(strftime('%Y%m', NEW.visited_at / 1000 + 28800, 'unixepoch') AS INTEGER), 1, NEW.on_time)
    ON CONFLICT (region_path, month) DO UPDATE SET visits = visits + 1, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER care_visit_months_delete AFTER DELETE ON care_visits
BEGIN
    UPDATE care_visit_months SET visits = visits - 1, on_time = on_time - OLD.on_time
    WHERE region_path = OLD.region_path
      AND month = CAST(strftime('%Y%m', OLD.visited_at / 1000 + 28800, 'unixepoch') AS INTEGER);
END;
