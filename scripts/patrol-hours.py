#!/usr/bin/env python3
"""Times the assessment's five-year patrol hours as SQL alone, before and after the monthly
roll-up (docs/PERFORMANCE.md, issue 17, fifth session).

Writes a year of patrols shaped like `fengqiao bench-data`'s (600 grids walked on about five
days in seven, one to three hours each) into a SQLite file with the project's own migrations,
then runs the pass over every patrol of the window and the roll-up's reads (whole months from
`patrol_months`, the ragged ends from the patrols), nine times each, and prints the medians.

    python3 scripts/patrol-hours.py /tmp/patrols.db
"""
import datetime, os, random, sqlite3, statistics, sys, time

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "crates", "store", "migrations", "sqlite")
DAY = 86_400_000
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def migration(name):
    with open(os.path.join(MIGRATIONS, name), encoding="utf-8") as f:
        return f.read()


def generate(db):
    patrols = migration("202612021000_prevention_patrols.sql").split("CREATE TABLE patrol_points")[0]
    db.executescript(patrols.replace("REFERENCES regions(code)", "").replace("REFERENCES teams(id)", ""))
    db.execute("CREATE INDEX patrols_time ON patrols(started_at)")
    grids = [(f"610302{s:03d}{c:03d}{g:03d}", f"/610302/610302{s:03d}/610302{s:03d}{c:03d}/610302{s:03d}{c:03d}{g:03d}/")
             for s in range(1, 11) for c in range(1, 11) for g in range(1, 7)]
    rng = random.Random(7)
    now = int(time.time() * 1000)
    today = now - now % DAY
    rows = []
    for day in range(1, 366):
        for code, path in grids:
            if rng.randrange(7) >= 5:
                continue
            start = today - day * DAY + rng.randrange(8 * 60, 18 * 60) * 60_000
            end = start + rng.randrange(60, 180) * 60_000
            rows.append((code, path, start, end, end, "phone", "bench", start))
    db.executemany("INSERT INTO patrols (grid_code, region_path, started_at, ended_at, last_at, source, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    t = time.perf_counter()
    db.executescript(migration("202612091000_patrol_months.sql"))
    print(f"{len(rows):,} patrols; roll-up built in {time.perf_counter() - t:.2f} s")
    db.execute("ANALYZE")
    db.commit()


PASS = ("SELECT grid_code, region_path, COUNT(*), SUM(COALESCE(ended_at, last_at, started_at) - started_at), SUM(distance_m) "
        "FROM patrols WHERE region_path >= ? AND region_path < ? AND started_at >= ? AND started_at < ? GROUP BY grid_code, region_path")
ROLLED = ("SELECT grid_code, MIN(region_path), SUM(patrols), SUM(ms) FROM patrol_months "
          "WHERE month >= ? AND month < ? AND region_path >= ? AND region_path < ? GROUP BY grid_code")
RAGGED = ("SELECT grid_code, region_path, COUNT(*), SUM(COALESCE(ended_at, last_at, started_at) - started_at) "
          "FROM patrols WHERE region_path >= ? AND region_path < ? AND started_at >= ? AND started_at < ? GROUP BY grid_code, region_path")


def timed(run, times=9):
    spent = []
    for _ in range(times):
        t = time.perf_counter()
        answer = run()
        spent.append((time.perf_counter() - t) * 1000)
    return statistics.median(spent), answer


def main(path):
    fresh = not os.path.exists(path)
    db = sqlite3.connect(path)
    if fresh:
        generate(db)
    now = int(time.time() * 1000)
    here = datetime.datetime.fromtimestamp(now / 1000, BEIJING)
    start = datetime.datetime.fromtimestamp((now - 5 * 365 * DAY) / 1000, BEIJING)
    first = datetime.datetime(start.year + (start.month == 12), start.month % 12 + 1, 1, tzinfo=BEIJING)
    end = datetime.datetime(here.year, here.month, 1, tzinfo=BEIJING)
    frm, to = now - 5 * 365 * DAY, int(datetime.datetime(here.year, here.month, here.day, tzinfo=BEIJING).timestamp() * 1000) + DAY
    ms = lambda d: int(d.timestamp() * 1000)
    key = lambda d: d.year * 100 + d.month
    for lo, hi in [("/610302/", "/6103020"), ("/", "0")]:
        before, passed = timed(lambda: db.execute(PASS, (lo, hi, frm, to)).fetchall())
        after, rolled = timed(lambda: db.execute(ROLLED, (key(first), key(end), lo, hi)).fetchall()
                              + db.execute(RAGGED, (lo, hi, frm, ms(first))).fetchall()
                              + db.execute(RAGGED, (lo, hi, ms(end), to)).fetchall())
        hours = lambda rows: sum(r[3] for r in rows)
        print(f"scope {lo}: every patrol {before:.1f} ms, roll-up {after:.1f} ms, "
              f"same hours: {hours(passed) == hours(rolled)} ({len(passed)} grids; SQLite {sqlite3.sqlite_version})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "patrols.db")
