-- Patrols per grid and Beijing month of their start (yyyymm): how many and their time in
-- milliseconds, kept by triggers as patrols start, take points and end, so that the
-- assessment's patrol hours over any window of whole months read a few rows per grid instead
-- of every patrol. Mirrors postgres/202612091000.
CREATE TABLE patrol_months (
    grid_code   TEXT NOT NULL,
    region_path TEXT NOT NULL,
    month       INTEGER NOT NULL,
    patrols     INTEGER NOT NULL DEFAULT 0,
    ms          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grid_code, month)
) WITHOUT ROWID;
CREATE INDEX patrol_months_month ON patrol_months(month, region_path, grid_code, patrols, ms);

INSERT INTO patrol_months
SELECT grid_code, MIN(region_path), CAST(strftime('%Y%m', started_at / 1000 + 28800, 'unixepoch') AS INTEGER),
       COUNT(*), SUM(COALESCE(ended_at, last_at, started_at) - started_at)
FROM patrols GROUP BY grid_code, 3;

CREATE TRIGGER patrol_months_insert AFTER INSERT ON patrols
BEGIN
    INSERT INTO patrol_months VALUES (NEW.grid_code, NEW.region_path,
        CAST(strftime('%Y%m', NEW.started_at / 1000 + 28800, 'unixepoch') AS INTEGER), 1,
        COALESCE(NEW.ended_at, NEW.last_at, NEW.started_at) - NEW.started_at)
    ON CONFLICT (grid_code, month) DO UPDATE SET patrols = patrols + 1, ms = ms + excluded.ms;
END;

CREATE TRIGGER patrol_months_update AFTER UPDATE OF grid_code, started_at, ended_at, last_at ON patrols
WHEN OLD.grid_code IS NOT NEW.grid_code OR OLD.started_at IS NOT NEW.started_at
  OR COALESCE(OLD.ended_at, OLD.last_at, OLD.started_at) IS NOT COALESCE(NEW.ended_at, NEW.last_at, NEW.started_at)
BEGIN
    UPDATE patrol_months SET patrols = patrols - 1,
        ms = ms - (COALESCE(OLD.ended_at, OLD.last_at, OLD.started_at) - OLD.started_at)
    WHERE grid_code = OLD.grid_code
      AND month = CAST(strftime('%Y%m', OLD.started_at / 1000 + 28800, 'unixepoch') AS INTEGER);
    INSERT INTO patrol_months VALUES (NEW.grid_code, NEW.region_path,
        CAST(strftime('%Y%m', NEW.started_at / 1000 + 28800, 'unixepoch') AS INTEGER), 1,
        COALESCE(NEW.ended_at, NEW.last_at, NEW.started_at) - NEW.started_at)
    ON CONFLICT (grid_code, month) DO UPDATE SET patrols = patrols + 1, ms = ms + excluded.ms;
END;

CREATE TRIGGER patrol_months_delete AFTER DELETE ON patrols
BEGIN
    UPDATE patrol_months SET patrols = patrols - 1,
        ms = ms - (COALESCE(OLD.ended_at, OLD.last_at, OLD.started_at) - OLD.started_at)
    WHERE grid_code = OLD.grid_code
      AND month = CAST(strftime('%Y%m', OLD.started_at / 1000 + 28800, 'unixepoch') AS INTEGER);
END;
