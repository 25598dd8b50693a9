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
import http.client
import json
import statistics
import sys
import time
import urllib.parse

PASSWORD = "fengqiao-demo-2026"


class Server:
    def __init__(self, name, url):
        u = urllib.parse.urlsplit(url)
        self.name, self.times = name, []
        self.conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
        self.coordinator = self.sign_in("coordinator")
        self.reporter = self.sign_in("gw0002")
        self.grid = json.loads(self.call("GET", "/api/v1/me", self.reporter))["region_code"]
        self.call("GET", "/api/v1/lists/problems", self.coordinator)

    def call(self, method, path, token=None, body=None):
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = "Bearer " + token
        data = json.dumps(body) if body is not None else None
        self.conn.request(method, path, body=data, headers=headers)
        res = self.conn.getresponse()
        out = res.read()
        if res.status >= 300:
            sys.exit(f"{self.name} {method} {path}: {res.status} {out[:200]!r}")
        return out

    def sign_in(self, who):
        body = {"username": who, "password": PASSWORD}
        return json.loads(self.call("POST", "/api/v1/auth/login", body=body))["token"]

    def take_in(self):
        self.call("POST", "/api/v1/disputes", self.reporter, {
            "category": "neighbour", "source": "screening",
            "description": "压测:楼上装修噪音扰民", "grid_code": self.grid,
        })

    def timed(self):
        started = time.perf_counter()
        self.call("GET", "/api/v1/lists/problems", self.coordinator)
        self.times.append((time.perf_counter() - started) * 1000)


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("changed", "minute"):
        sys.exit(__doc__)
    mode, rounds = sys.argv[1], int(sys.argv[2])
    servers = [Server(*arg.split("=", 1)) for arg in sys.argv[3:]]
    for r in range(rounds):
        order = servers if r % 2 == 0 else servers[::-1]
        if mode == "minute":
            time.sleep(60 - time.time() % 60 + 0.2)
        for s in order:
            if mode == "changed":
                s.take_in()
                time.sleep(1.2)
            s.timed()
    for s in servers:
        t = sorted(s.times)
        print(f"{s.name}: n={len(t)} median {statistics.median(t):.2f} ms, "
              f"quartiles {t[len(t) // 4]:.2f}–{t[3 * len(t) // 4]:.2f}, "
              f"mean {statistics.mean(t):.2f}, max {t[-1]:.2f}")
        print("   ", " ".join(f"{x:.1f}" for x in s.times))


if __name__ == "__main__":
    main()
