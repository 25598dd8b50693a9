#!/usr/bin/env python3
"""What a machine charges for touching again what sat untouched for a while.

  python3 scripts/idle-cost.py [--db FILE.db] SECONDS...     e.g. 5 20 40 65

For each wait, twice: first right after touching, then after the wait.
- memory: 64 MiB of this process's own memory, one byte read from every 4 KiB page;
- with --db: the statements of the district coordinator's problem list (Weibin, 610302)
  on a fresh connection, as a server's reader after another connection's write (its page
  cache empty), with the bytes this process read from the disk (/proc/self/io).

On a machine that leaves idle memory alone the figures after a wait are the figures at
once. Written for docs/PERFORMANCE.md, "Twenty-second session", where the machine these
figures come from charges several µs a page after a minute.
"""
import argparse
import os
import sqlite3
import time

PAGE = 4096
MIB = 64

COLS = "d.id, d.tracking_code, d.category, d.status, d.level, d.grid_code, d.due_at, d.risk_level, d.description"
# The problem list's part that reads cases (store/src/mediation/query.rs), for the district.
STATEMENTS = [
    "SELECT MIN(due_at) FROM disputes WHERE status = 'open' AND region_path >= ?1 "
    "AND region_path < ?2 AND +due_at >= ?3",
    f"SELECT {COLS} FROM disputes d WHERE +d.region_path >= ?1 AND +d.region_path < ?2 "
    "AND d.status = 'open' AND d.risk_level = 'red' AND NOT (d.status = 'open' AND d.due_at < ?3) "
    "ORDER BY d.id DESC LIMIT 20",
    f"SELECT {COLS} FROM disputes d WHERE d.region_path >= ?1 AND d.region_path < ?2 "
    "AND d.status = 'open' AND d.due_at < ?3 ORDER BY d.id DESC LIMIT 20",
]
SCOPE = ("/610302/", "/6103020")


def disk_read_bytes():
    with open("/proc/self/io") as f:
        for line in f:
            if line.startswith("read_bytes"):
                return int(line.split()[1])
    return 0


def touch(buf):
    """Milliseconds to read one byte of every page."""
    started = time.perf_counter()
    total = 0
    for offset in range(0, len(buf), PAGE):
        total += buf[offset]
    return (time.perf_counter() - started) * 1000


def statements(db):
    """Milliseconds and KiB read from the disk for the statements on a fresh connection."""
    now = int(time.time() * 1000)
    before, started = disk_read_bytes(), time.perf_counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for sql in STATEMENTS:
        con.execute(sql, (*SCOPE, now)).fetchall()
    con.close()
    return (time.perf_counter() - started) * 1000, (disk_read_bytes() - before) // 1024


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--db", help="a Fengqiao SQLite file (bench-data), read only")
    args.add_argument("waits", nargs="+", type=float, help="seconds to leave things untouched")
    opts = args.parse_args()
    buf = bytearray(os.urandom(MIB << 20))
    if opts.db:
        statements(opts.db)
    for wait in opts.waits:
        at_once = touch(buf)
        queries = statements(opts.db) if opts.db else None
        time.sleep(wait)
        later = touch(buf)
        line = f"after {wait:4.0f} s: memory {at_once:6.1f} -> {later:6.1f} ms ({MIB} MiB)"
        if opts.db:
            # The memory touch above warmed the interpreter, not the file's pages.
            ms, kib = statements(opts.db)
            line += f"; statements {queries[0]:5.2f} -> {ms:5.2f} ms, {kib} KiB from disk"
        print(line, flush=True)


main()
