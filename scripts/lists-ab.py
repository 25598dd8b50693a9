#!/usr/bin/env python3
"""Two servers' coordinator problem lists, call by call in turn, to compare two builds on the
same data at the same moments (the machine's speed drifts by more than a change's effect).

    python3 scripts/lists-ab.py changed 60 A=http://127.0.0.1:18083 B=http://127.0.0.1:18084
    python3 scripts/lists-ab.py minute 10 A=… B=…

Each server runs a copy of the same database (`fengqiao bench-data`, demo password).
`changed`: on each server in turn, gw0002 takes in a case and 1.2 s later (past the moment in
which a list is shown again without asking) the coordinator's problem list is timed.
`minute`: at each turn of the clock's minute, each server's list once. The order of the two
alternates from round to round. Prints each server's median, quartiles, mean and every call.
"""
import statistics
import sys
import time

from demo_server import Server


class Timed(Server):
    """A server with its problem list's times."""

    def __init__(self, name, url):
        super().__init__(url, name)
        self.times = []
        self.timed("/api/v1/lists/problems")

    def time_problems(self):
        self.times.append(self.timed("/api/v1/lists/problems"))


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("changed", "minute"):
        sys.exit(__doc__)
    mode, rounds = sys.argv[1], int(sys.argv[2])
    servers = [Timed(*arg.split("=", 1)) for arg in sys.argv[3:]]
    for r in range(rounds):
        order = servers if r % 2 == 0 else servers[::-1]
        if mode == "minute":
            time.sleep(60 - time.time() % 60 + 0.2)
        for s in order:
            if mode == "changed":
                s.take_in()
                time.sleep(1.2)
            s.time_problems()
    for s in servers:
        t = sorted(s.times)
        print(f"{s.name}: n={len(t)} median {statistics.median(t):.2f} ms, "
              f"quartiles {t[len(t) // 4]:.2f}–{t[3 * len(t) // 4]:.2f}, "
              f"mean {statistics.mean(t):.2f}, max {t[-1]:.2f}")
        print("   ", " ".join(f"{x:.1f}" for x in s.times))


if __name__ == "__main__":
    main()
