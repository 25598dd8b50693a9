#!/usr/bin/env python3
"""What a quiet minute costs one page: the same call, the same work, made right after activity
and after a minute in which the server did nothing, in turn.

    python3 scripts/quiet-minute.py 6 / http://127.0.0.1:18082
    python3 scripts/quiet-minute.py 6 /api/v1/lists/problems http://127.0.0.1:18082
    python3 scripts/quiet-minute.py 6 / http://127.0.0.1:18082 5     (quiet for 5 s, not 61)

Against a server on `fengqiao bench-data` data (demo password), as the district's coordinator.
Each round times the page five ways, in this order:
  changed, at once       gw0002 takes in a case; the page as soon as that answers (as
                         `fengqiao load --only lists` times "after another's case")
  changed, 1.2 s later   gw0002 takes in a case; the page 1.2 s later (past the moment in which
                         a list is shown again without asking): the cases' parts gathered again
  changed, quiet          the same, the page after 61 s (or the seconds given) without a request
  standing, quiet         no change; the page after as long without a request
  standing, 1.2 s later  no change; the page 1.2 s after the one before
and `/readyz` alone after the quiet and after 1.2 s: the floor of any answer. The lists' parts the
server gathered for each call (`/readyz` counts them) are read after it, never before, so no
request but the timed one breaks the quiet. The deadline sweep may change cases in a quiet
minute: the parts column shows when it did.
"""
import statistics
import sys
import time

from demo_server import Server

APART = 1.2


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    rounds, path, url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    quiet = float(sys.argv[4]) if len(sys.argv) == 5 else 61.0
    s = Server(url, fresh=True)
    s.timed(path, s.coordinator)
    time.sleep(APART)
    ways = ["changed, at once", "changed, 1.2 s later", "changed, quiet", "standing, quiet",
            "standing, 1.2 s later", "/readyz, quiet", "/readyz, 1.2 s later"]
    waits = {"at once": 0.0, "quiet": quiet, "1.2 s later": APART}
    times = {w: [] for w in ways}
    gathered = {w: [] for w in ways}
    for r in range(rounds):
        for way in ways:
            before = s.parts()
            if way.startswith("changed"):
                s.take_in()
            time.sleep(waits[way.split(", ")[1]])
            target = "/readyz" if way.startswith("/readyz") else path
            times[way].append(s.timed(target, s.coordinator))
            gathered[way].append(s.parts() - before)
        print(f"round {r + 1}: " + ", ".join(f"{times[w][-1]:.1f}" for w in ways), flush=True)
    print(f"\n{path}, quiet = {quiet:g} s, ms: median (quartiles) mean — every call (parts gathered)")
    for w in ways:
        t = sorted(times[w])
        calls = " ".join(f"{x:.1f}({p})" for x, p in zip(times[w], gathered[w]))
        print(f"{w:22} {statistics.median(t):6.2f} ({t[len(t) // 4]:.2f}–"
              f"{t[3 * len(t) // 4]:.2f}) {statistics.mean(t):6.2f} — {calls}")


if __name__ == "__main__":
    main()
