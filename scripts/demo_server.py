"""A server on `fengqiao bench-data` or demo data, as the timing scripts call it: the
district's coordinator reads, gw0002 takes in cases in their grid (demo password).

`fresh=True` opens a connection per call, so every call starts alike whether or not a quiet
spell outlasted the server's keep-alive; otherwise one connection is kept, as a browser and
`fengqiao load` keep theirs (docs/PERFORMANCE.md, "Twenty-fourth session", compares the two).
"""
import http.client
import json
import sys
import time
import urllib.parse

PASSWORD = "fengqiao-demo-2026"


class Server:
    def __init__(self, url, name="", fresh=False):
        u = urllib.parse.urlsplit(url)
        self.name, self.host, self.port, self.fresh = name, u.hostname, u.port or 80, fresh
        self.conn = None
        self.coordinator = self.sign_in("coordinator")
        self.reporter = self.sign_in("gw0002")
        self.grid = json.loads(self.call("GET", "/api/v1/me", self.reporter))["region_code"]

    def call(self, method, path, token=None, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = "Bearer " + token
        data = json.dumps(body) if body is not None else None
        self.conn.request(method, path, body=data, headers=headers)
        res = self.conn.getresponse()
        out = res.read()
        if self.fresh:
            self.conn.close()
            self.conn = None
        if res.status >= 300:
            sys.exit(f"{self.name} {method} {path}: {res.status} {out[:200]!r}")
        return out

    def sign_in(self, who):
        body = {"username": who, "password": PASSWORD}
        return json.loads(self.call("POST", "/api/v1/auth/login", body=body))["token"]

    def take_in(self):
        """A case taken in by gw0002: it moves the cases' tables under every list."""
        self.call("POST", "/api/v1/disputes", self.reporter, {
            "category": "neighbour", "source": "screening",
            "description": "压测:楼上装修噪音扰民", "grid_code": self.grid,
        })

    def parts(self):
        """The lists' parts the server has gathered afresh since it started."""
        return json.loads(self.call("GET", "/readyz"))["list_parts_gathered_afresh"]

    def timed(self, path, token=None):
        """Milliseconds for one GET, as the coordinator unless another token is given."""
        started = time.perf_counter()
        self.call("GET", path, token or self.coordinator)
        return (time.perf_counter() - started) * 1000
