# An independent HubSpot CRM v3 stand-in written from HubSpot's public docs
# (developers.hubspot.com: CRM objects list with `after` paging, limit <= 100;
# search with filterGroups/sorts, limit <= 200, 10,000-result cap), not from mops'
# fixture server.  By the lead (/work/indep/hs.py), made a test case: compact UTF-8
# bodies, the search cap as argv[2], POST /__touch changes records for incremental runs;
# gzip, chunked bodies and injected 429/503 from ../indep-lib/wire.py.
# Usage: server.py N [CAP [WIDE]]; prints its port; writes expected.ndjson (every record as
# served) and expected-archived.ndjson (the archived ones, archived=true).
import json, random, base64, sys, threading, os
sys.path.insert(0, os.path.join(os.environ["MOPS_TOP"], "tests/extract/indep-lib"))
import wire
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
random.seed(7)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
CAP = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
base_ms = 1767225600000  # 2026-01-01
def iso(ms):
    import datetime
    return datetime.datetime.fromtimestamp(ms/1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)
def make(i, lm):
    cr = lm - random.randint(0, 86400000)
    rid = str(1000 + i * 3)
    props = {"email": "p%d@ex.com" % i, "firstname": "F%d \u00e5\u4e2d\U0001f600" % i, "lastname": None if i % 5 == 0 else "L\u00e9 \"q\"\n%d" % i,
             "createdate": iso(cr), "lastmodifieddate": iso(lm), "hs_object_id": rid,
             "amount": "0.65" if i % 3 == 0 else "12345678901234567890"}
    return {"id": rid, "properties": props, "createdAt": iso(cr), "updatedAt": iso(lm), "archived": False, "_lm": lm}
def touch(r, lm):
    r["_lm"] = lm; r["updatedAt"] = iso(lm); r["properties"]["lastmodifieddate"] = iso(lm)
    r["properties"]["firstname"] += " (changed)"
recs = []
for i in range(N):
    lm = base_ms + random.randint(0, 300*86400*1000)
    if i % 7 == 0: lm = base_ms + 5*86400*1000  # many on the same millisecond
    recs.append(make(i, lm))
def dump(o): return json.dumps(o, ensure_ascii=False, separators=(",", ":"))
PROPS = ["email", "firstname", "lastname", "createdate", "lastmodifieddate", "hs_object_id", "amount"]
# argv[3]: that many more properties with long names, so that asking for every property
# by name overflows the URL (414 URI Too Long past 1,200 bytes here, as a front end answers)
WIDE = int(sys.argv[3]) if len(sys.argv) > 3 else 0
for j in range(WIDE):
    PROPS.append("custom_property_with_a_rather_long_internal_name_%03d" % j)
    for i, r in enumerate(recs):
        r["properties"][PROPS[-1]] = None if (i + j) % 3 == 0 else "v%d \u00e9 %d" % (i, j)
# archived contacts: only the list endpoint with archived=true returns them
arch = []
for i in range(120):
    r = make(100000 + i, base_ms + random.randint(0, 200 * 86400 * 1000))
    for p in PROPS[7:]: r["properties"][p] = None
    r["archived"] = True
    r["archivedAt"] = iso(r["_lm"] + random.randint(0, 100 * 86400 * 1000))
    arch.append(r)
# INDEP_MUTATE="N K": at the Nth search request with after > 0, K records read already
# are archived; touched.txt holds their lines' starts
MUTATE = [int(x) for x in os.environ.get("INDEP_MUTATE", "").split()] or None
log = []
def clean(r, props):
    o = {"id": r["id"], "properties": {k: r["properties"].get(k) for k in props}, "createdAt": r["createdAt"],
         "updatedAt": r["updatedAt"], "archived": r["archived"]}
    if r["archived"]: o["archivedAt"] = r["archivedAt"]
    return o
RATE = json.dumps({"status": "error", "message": "You have reached your ten_secondly_rolling limit.", "errorType": "RATE_LIMIT",
                   "correlationId": "c0ffee00-0000-4000-8000-000000000000", "policyName": "TEN_SECONDLY_ROLLING"})
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, obj):
        wire.reply(self, code, json.dumps(obj, ensure_ascii=False, separators=(",", ":")), "application/json;charset=utf-8")
    def auth(self):
        if self.headers.get("Authorization") != "Bearer pat-na1-xyz":
            self.send(401, {"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}); return False
        return True
    def do_GET(self):
        u = urlparse(self.path); q = parse_qs(u.query); log.append(("GET", self.path))
        if not self.auth(): return
        if wire.fault(self, RATE): return
        if u.path == "/crm/v3/properties/contacts":
            return self.send(200, {"results": [{"name": p, "label": p, "type": "string"} for p in PROPS]})
        if len(self.path) > 1200:
            return wire.reply(self, 414, "<html><body><h1>414 Request-URI Too Large</h1></body></html>", "text/html")
        if u.path == "/crm/v3/objects/contacts":
            limit = int(q.get("limit", ["10"])[0])
            if limit > 100: return self.send(400, {"status": "error", "message": "limit too big", "category": "VALIDATION_ERROR"})
            props = []
            for p in q.get("properties", []): props += p.split(",")
            props = props or ["email", "firstname", "lastname", "createdate", "lastmodifieddate", "hs_object_id"]
            start = 0
            if "after" in q: start = int(base64.b64decode(q["after"][0]).decode())
            ordered = sorted(arch if q.get("archived") == ["true"] else recs, key=lambda r: int(r["id"]))
            page = ordered[start:start + limit]
            out = {"results": [clean(r, props) for r in page]}
            if start + limit < len(ordered):
                a = base64.b64encode(str(start + limit).encode()).decode()
                out["paging"] = {"next": {"after": a, "link": "http://x/crm/v3/objects/contacts?after=" + a}}
            return self.send(200, out)
        self.send(404, {"status": "error", "message": "not found"})
    def do_POST(self):
        u = urlparse(self.path); log.append(("POST", self.path))
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if not self.auth(): return
        if u.path == "/__touch":
            # body {"n": K, "at": ms}: K records (every 11th from the end) changed at ms,
            # and one new record; rewrites expected.ndjson
            for j, r in enumerate([r for r in recs if int(r["id"]) % 11 == 0][-body["n"]:]):
                touch(r, body["at"] + j)
            new = make(N + len(recs), body["at"])
            recs.append(new)
            with open("expected.ndjson", "w") as f:
                for r in sorted(recs, key=lambda r: int(r["id"])):
                    f.write(dump(clean(r, PROPS)) + "\n")
            return self.send(200, {"ok": True})
        if wire.fault(self, RATE): return
        if u.path != "/crm/v3/objects/contacts/search": return self.send(404, {})
        log.append(("BODY", json.dumps(body)))
        limit = body.get("limit", 10)
        if limit > 200: return self.send(400, {"status": "error", "message": "limit max 200", "category": "VALIDATION_ERROR"})
        after = int(body.get("after", 0) or 0)
        if after + limit > CAP: return self.send(400, {"status": "error", "category": "VALIDATION_ERROR", "message": "paging past 10000"})
        def ok(r, f):
            v = {"lastmodifieddate": r["_lm"], "hs_object_id": int(r["id"])}.get(f["propertyName"])
            if v is None: raise ValueError(f)
            x = f.get("value")
            if f["propertyName"] == "lastmodifieddate" and isinstance(x, str) and not x.isdigit():
                import datetime; x = int(datetime.datetime.fromisoformat(x.replace("Z", "+00:00")).timestamp() * 1000)
            x = int(x) if x is not None else None
            return {"GTE": v >= x, "GT": v > x, "LT": v < x, "LTE": v <= x, "EQ": v == x, "BETWEEN": None}[f["operator"]] if f["operator"] != "BETWEEN" else int(f["value"]) <= v <= int(f["highValue"])
        # the docs: at most five filterGroups, six filters in a group, 18 filters in all
        fg = body.get("filterGroups", [])
        if len(fg) > 5 or any(len(g.get("filters", [])) > 6 for g in fg) or sum(len(g.get("filters", [])) for g in fg) > 18:
            return self.send(400, {"status": "error", "message": "too many filters", "category": "VALIDATION_ERROR"})
        groups = body.get("filterGroups", [])
        sel = [r for r in recs if not groups or any(all(ok(r, f) for f in g["filters"]) for g in groups)]
        if MUTATE and (after > 0 or any(f.get("propertyName") == "hs_object_id" for g in body.get("filterGroups", []) for f in g.get("filters", []))):
            # records go while a client pages: at the Nth later page, the first K
            # records of the result (already read) are archived (deleted), as users do
            MUTATE[0] -= 1
            if MUTATE[0] == 0:
                wsel = [r for r in recs if any(all(ok(r, f) for f in g["filters"] if f["propertyName"] != "hs_object_id") for g in groups)]
                wsel.sort(key=lambda r: int(r["id"]))
                with open("touched.txt", "w") as f:
                    for r in wsel[:MUTATE[1]]:
                        recs.remove(r)
                        f.write('{"id":"%s",\n' % r["id"])
                sel = [r for r in recs if not groups or any(all(ok(r, f) for f in g["filters"]) for g in groups)]
        for s in reversed(body.get("sorts", [])):
            key = s["propertyName"] if isinstance(s, dict) else s
            d = s.get("direction", "ASCENDING") if isinstance(s, dict) else "ASCENDING"
            sel.sort(key=lambda r: r["_lm"] if key == "lastmodifieddate" else int(r["id"]), reverse=(d == "DESCENDING"))
        props = body.get("properties") or ["email", "firstname", "lastname", "createdate", "lastmodifieddate", "hs_object_id"]
        page = sel[after:after + limit]
        out = {"total": len(sel), "results": [clean(r, props) for r in page]}
        if after + limit < len(sel): out["paging"] = {"next": {"after": str(after + limit)}}
        self.send(200, out)
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
with open("expected.ndjson", "w") as f:
    for r in sorted(recs, key=lambda r: int(r["id"])):
        f.write(dump(clean(r, PROPS)) + "\n")
with open("expected-archived.ndjson", "w") as f:
    for r in arch:
        f.write(dump(clean(r, PROPS)) + "\n")
print(srv.server_port, flush=True)
threading.Thread(target=srv.serve_forever, daemon=True).start()
import time
try:
    while True: time.sleep(1)
except KeyboardInterrupt:
    with open("log.json", "w") as f: json.dump(log, f)
