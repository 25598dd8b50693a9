#!/usr/bin/env python3
"""Checks Fengqiao's Open311 GeoReport v2 interface with client libraries written by others.

  python3 -m venv /tmp/o311 && /tmp/o311/bin/pip install georeport open311==1.1
  /tmp/o311/bin/python scripts/open311-clients.py http://127.0.0.1:8080 API_KEY

georeport (Python 3) lists services and reads requests back, in JSON and in XML. open311 1.1
(Code for America, written for Python 2) posts the request: it is loaded with the two shims
Python 3 needs (its implicit relative import, and bytes for the POST body); its requests are
otherwise unchanged. Exits non-zero on the first disagreement.
"""
import importlib.util
import os
import sys
import types
import urllib.request

base, key = sys.argv[1].rstrip("/"), sys.argv[2]
endpoint = base + "/open311/v2"

from georeport import GeoReport  # noqa: E402

for fmt in ("json", "xml"):
    services = GeoReport(endpoint, output_format=fmt).get_service_list()
    codes = [s["service_code"] for s in services]
    assert "hazard-road" in codes and "dispute-neighbour" in codes, codes
    print(f"georeport {fmt}: {len(codes)} services")

# open311 1.1 was written for Python 2: its modules import each other by implicit relative
# names (`from api import API`, `from api.api import urlopen`) and it posts a str body. Load its
# own files under the names it expects, with urlopen taking str bodies; its code is unchanged.
pkg = os.path.dirname(importlib.util.find_spec("open311").origin)
sys.path[:0] = [os.path.join(pkg, "api"), os.path.join(pkg, "api", "xml2dict")]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


shim = types.ModuleType("api")
shim.__path__ = []
sys.modules["api"] = shim
api_module = load("api.api", os.path.join(pkg, "api", "api.py"))
_urlopen = urllib.request.urlopen
api_module.urlopen = lambda url, data=None: _urlopen(
    url, data.encode() if isinstance(data, str) else data
)
shim.api, shim.API = api_module, api_module.API
shim.urlopen, shim.urlencode = api_module.urlopen, api_module.urlencode
Open311 = load("open311_py2", os.path.join(pkg, "open311.py")).Open311

client = Open311(endpoint=endpoint, api_key=key, format="json")
posted = client.post_service_request(
    service_code="hazard-road",
    description="人民路口井盖缺失(Open311 客户端库提交)",
    address_string="人民路口",
    address_id="610302001001001",
    phone="13900001311",
)
request_id = posted[0]["service_request_id"]
print("open311 1.1 posted:", request_id)

for fmt in ("json", "xml"):
    back = GeoReport(endpoint, output_format=fmt).get_service_request(request_id)
    assert back["service_request_id"] == request_id and back["status"] == "open", back
    print(f"georeport {fmt}: read back {request_id}, status {back['status']}, notes {back['status_notes']}")
listed = GeoReport(endpoint).get_service_requests(service_request_id=request_id)
assert listed[0]["service_code"] == "hazard-road", listed
print("ok")
