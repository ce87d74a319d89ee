# An independent HubSpot CRM v3 stand-in for companies and deals with associations,
# written from HubSpot's published docs (developers.hubspot.com: GET
# /crm/v3/objects/{type}?limit (<= 100)&after&properties&associations=contacts,...:
# each record {id, properties, createdAt, updatedAt, archived, associations: {TYPE:
# {results: [{id, type}]}}}, the associations member left out when there are none, a
# primary deal-company association listed twice (deal_to_company and
# deal_to_company_unlabeled, likewise company_to_contact[_unlabeled] and
# company_to_deal[_unlabeled]); POST /crm/v3/objects/{type}/search with filterGroups on
# hs_lastmodifieddate / hs_object_id, sorts, limit (<= 200), after, 10,000 results at
# most (HTTP 400 past the cap), no associations in search results; POST
# /crm/v3/associations/{from}/{to}/batch/read {inputs: [{id}]} -> {status, results:
# [{from: {id}, to: [{id, type}]}]} with ids without associations left out of results;
# POST /crm/v4/associations/{from}/{to}/batch/read -> results [{from: {id}, to:
# [{toObjectId, associationTypes: [{category, typeId, label}]}]}] (type ids 2, 3, 5,
# 6, 280, 341, 342 as in HubSpot's association type id table; at most 100 associated
# records a result, then "paging": {"next": {"after"}} to send back with the id);
# GET /crm/v3/properties/{type}), not from mops' fixture server.
# gzip, chunked bodies and injected 429/503 from ../indep-lib/wire.py.
# Usage: server.py N CAP [nov3]; prints its port (nov3: the v3 associations
# endpoint answers 404, as where HubSpot has retired it); writes companies.ndjson and deals.ndjson:
# every record as the list endpoint serves it with every property and
# associations=contacts,companies (companies: contacts,deals).
import json, random, sys, threading, datetime, os
sys.path.insert(0, os.path.join(os.environ["MOPS_TOP"], "tests/extract/indep-lib"))
import wire
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
random.seed(5)
N, CAP = int(sys.argv[1]), int(sys.argv[2])
NOV3 = sys.argv[3:] == ["nov3"]  # v3 associations retired: 404
def dump(o): return json.dumps(o, ensure_ascii=False, separators=(",", ":"))
def iso(ms): return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)
B = 1767225600000
PROPS = {"companies": ["name", "domain", "industry", "annualrevenue", "numberofemployees", "createdate", "hs_lastmodifieddate", "hs_object_id"],
         "deals": ["dealname", "amount", "dealstage", "pipeline", "closedate", "hs_deal_stage_probability", "createdate", "hs_lastmodifieddate", "hs_object_id"]}
objs = {"companies": [], "deals": []}
for i in range(N):
    lm = B + random.randint(0, 300 * 86400 * 1000)
    if i % 9 == 0: lm = B + 50 * 86400 * 1000 + 123  # a burst on one millisecond
    cid = str(5000000000 + i * 11)
    objs["companies"].append({"id": cid, "_lm": lm, "properties": {
        "name": "Soci\u00e9t\u00e9 \"%d\", GmbH\n\u682a\u5f0f\u4f1a\u793e" % i, "domain": "c%d.example" % i if i % 4 else None,
        "industry": None, "annualrevenue": "0.65" if i % 2 else "12345678901234567890", "numberofemployees": str(i),
        "createdate": iso(lm - 5000), "hs_lastmodifieddate": iso(lm), "hs_object_id": cid}})
for i in range(N):
    lm = B + random.randint(0, 300 * 86400 * 1000)
    if i % 9 == 0: lm = B + 50 * 86400 * 1000 + 123
    did = str(9000000000 + i * 13)
    objs["deals"].append({"id": did, "_lm": lm, "properties": {
        "dealname": "Deal \u2116%d \U0001f4b0" % i, "amount": ["0.65", "1500000", None, "12345678901234567890"][i % 4],
        "dealstage": "closedwon" if i % 3 == 0 else "appointmentscheduled", "pipeline": "default",
        "closedate": iso(lm + 86400000) if i % 2 else None, "hs_deal_stage_probability": "0.2",
        "createdate": iso(lm - 7000), "hs_lastmodifieddate": iso(lm), "hs_object_id": did}})
# associations: deal -> contacts (0..3), deal -> company (0..1, primary listed twice); company -> contacts
assoc = {}  # (from_type, from_id, to_type) -> [(id, type)]
def link(ft, fid, tt, tid, typ):
    assoc.setdefault((ft, fid, tt), []).append((tid, typ))
for i, d in enumerate(objs["deals"]):
    for k in range(i % 4):
        cid = str(70000 + (i * 7 + k) % 5000)
        link("deals", d["id"], "contacts", cid, "deal_to_contact")
    if i % 5:
        c = objs["companies"][(i * 3) % N]
        link("deals", d["id"], "companies", c["id"], "deal_to_company")
        link("deals", d["id"], "companies", c["id"], "deal_to_company_unlabeled")
        link("companies", c["id"], "deals", d["id"], "company_to_deal")
        link("companies", c["id"], "deals", d["id"], "company_to_deal_unlabeled")
for i, c in enumerate(objs["companies"]):
    for k in range(i % 3):
        if k == 0: link("companies", c["id"], "contacts", str(70000 + (i * 5 + k) % 5000), "company_to_contact")
        link("companies", c["id"], "contacts", str(70000 + (i * 5 + k) % 5000), "company_to_contact_unlabeled")
# HubSpot-defined association type ids (docs: association type id tables)
TYPEIDS = {"deal_to_contact": 3, "deal_to_company": 5, "deal_to_company_unlabeled": 341,
           "company_to_contact": 2, "company_to_contact_unlabeled": 280,
           "company_to_deal": 6, "company_to_deal_unlabeled": 342}
# labels are not to be relied on (changelog, Feb 2024: "Deal with Primary Company")
LABELS = {5: "Deal with Primary Company", 2: "Primary", 6: "Primary"}
# one company modified since 2026-08-01 has 250 contacts: the v4 batch read pages them
# (100 to a page here, "paging" on that result, "after" sent back with its id)
# (only with INDEP_MANY_ASSOC=1 in the environment)
if os.environ.get("INDEP_MANY_ASSOC") == "1":
    MANY = next(c for c in objs["companies"] if c["_lm"] >= B + 212 * 86400 * 1000)
    assoc[("companies", MANY["id"], "contacts")] = [(str(80000 + k), t) for k in range(250)
                                                    for t in (["company_to_contact"] if k == 0 else []) + ["company_to_contact_unlabeled"]]
def listed(ot, r, props, assocs):
    o = {"id": r["id"], "properties": {p: r["properties"].get(p) for p in props},
         "createdAt": r["properties"]["createdate"], "updatedAt": r["properties"]["hs_lastmodifieddate"], "archived": False}
    a = {}
    for t in assocs:
        l = assoc.get((ot, r["id"], t))
        if l: a[t] = {"results": [{"id": x, "type": y} for x, y in l]}
    if a: o["associations"] = a
    return o
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, obj):
        wire.reply(self, code, dump(obj), "application/json;charset=utf-8")
    def bad(self, msg): self.send(400, {"status": "error", "message": msg, "category": "VALIDATION_ERROR"})
    def auth(self):
        if self.headers.get("Authorization") != "Bearer pat-na1-crm":
            self.send(401, {"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}); return False
        return not wire.fault(self, dump({"status": "error", "message": "You have reached your secondly limit.",
                                         "errorType": "RATE_LIMIT", "policyName": "SECONDLY"}))
    def do_GET(self):
        u = urlparse(self.path); q = parse_qs(u.query)
        if not self.auth(): return
        parts = u.path.split("/")
        if u.path.startswith("/crm/v3/properties/") and parts[4] in PROPS:
            return self.send(200, {"results": [{"name": p, "label": p, "type": "string", "fieldType": "text"} for p in PROPS[parts[4]]]})
        if len(parts) == 5 and u.path.startswith("/crm/v3/objects/") and parts[4] in objs:
            ot = parts[4]
            limit = int(q.get("limit", ["10"])[0])
            if limit > 100: return self.bad("limit must be at most 100")
            props = [p for v in q.get("properties", []) for p in v.split(",") if p] or ["createdate", "hs_lastmodifieddate", "hs_object_id"]
            assocs = [a for v in q.get("associations", []) for a in v.split(",") if a]
            ordered = sorted(objs[ot], key=lambda r: int(r["id"]))
            start = 0
            if "after" in q:
                start = next((j for j, r in enumerate(ordered) if int(r["id"]) > int(q["after"][0])), len(ordered))
            page = ordered[start:start + limit]
            out = {"results": [listed(ot, r, props, assocs) for r in page]}
            if start + limit < len(ordered):
                a = str(int(page[-1]["id"]) + 1)
                out["paging"] = {"next": {"after": a, "link": "https://api.hubapi.com/crm/v3/objects/%s?after=%s" % (ot, a)}}
            return self.send(200, out)
        self.send(404, {"status": "error", "message": "Unable to route " + u.path, "category": "OBJECT_NOT_FOUND"})
    def do_POST(self):
        u = urlparse(self.path)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if not self.auth(): return
        parts = u.path.split("/")
        if len(parts) == 8 and u.path.startswith("/crm/v3/associations/") and not NOV3 and parts[6:] == ["batch", "read"]:
            ft, tt = parts[4], parts[5]
            res = []
            for inp in body.get("inputs", []):
                l = assoc.get((ft, str(inp["id"]), tt))
                if l: res.append({"from": {"id": str(inp["id"])}, "to": [{"id": x, "type": y} for x, y in l]})
            return self.send(200, {"status": "COMPLETE", "results": res, "startedAt": "2026-11-23T10:00:00.000Z", "completedAt": "2026-11-23T10:00:00.010Z"})
        if len(parts) == 8 and u.path.startswith("/crm/v4/associations/") and parts[6:] == ["batch", "read"]:
            # v4: one entry per associated record, its types by typeId (label "Primary"
            # on a primary company association, null when unlabeled), toObjectId a number
            ft, tt = parts[4], parts[5]
            res = []
            for inp in body.get("inputs", []):
                l = assoc.get((ft, str(inp["id"]), tt))
                if not l: continue
                to = {}
                for x, y in l:
                    to.setdefault(x, []).append({"category": "HUBSPOT_DEFINED", "typeId": TYPEIDS[y],
                                                 "label": LABELS.get(TYPEIDS[y])})
                items = [{"toObjectId": int(x), "associationTypes": t} for x, t in to.items()]
                start = int(inp.get("after") or 0)
                one = {"from": {"id": str(inp["id"])}, "to": items[start:start + 100]}
                if start + 100 < len(items):
                    one["paging"] = {"next": {"after": str(start + 100), "link": None}}
                res.append(one)
            return self.send(200, {"status": "COMPLETE", "results": res, "startedAt": "2026-11-23T10:00:00.000Z", "completedAt": "2026-11-23T10:00:00.010Z"})
        if len(parts) == 6 and parts[5] == "search" and parts[4] in objs:
            ot = parts[4]
            limit = body.get("limit", 10)
            if limit > 200: return self.bad("limit must be at most 200")
            after = int(body.get("after", 0) or 0)
            if after + limit > CAP: return self.bad("paging past %d results is not supported" % CAP)
            def val(r, f):
                if f == "hs_lastmodifieddate": return r["_lm"]
                if f == "hs_object_id": return int(r["id"])
                raise KeyError(f)
            def num(x):
                if isinstance(x, str) and not x.lstrip("-").isdigit():
                    return int(datetime.datetime.fromisoformat(x.replace("Z", "+00:00")).timestamp() * 1000)
                return int(x)
            def ok(r, f):
                v = val(r, f["propertyName"]); op = f["operator"]
                if op == "BETWEEN": return num(f["value"]) <= v <= num(f["highValue"])
                x = num(f["value"])
                return {"GTE": v >= x, "GT": v > x, "LT": v < x, "LTE": v <= x, "EQ": v == x}[op]
            try:
                # the docs: at most five filterGroups, six filters in a group, 18 filters in all
                fg = body.get("filterGroups", [])
                if len(fg) > 5 or any(len(g.get("filters", [])) > 6 for g in fg) or sum(len(g.get("filters", [])) for g in fg) > 18:
                    return self.send(400, {"status": "error", "message": "too many filters", "category": "VALIDATION_ERROR"})
                groups = body.get("filterGroups", [])
                sel = [r for r in objs[ot] if not groups or any(all(ok(r, f) for f in g["filters"]) for g in groups)]
                for s in reversed(body.get("sorts", [])):
                    key = s["propertyName"] if isinstance(s, dict) else s
                    d = s.get("direction", "ASCENDING") if isinstance(s, dict) else "ASCENDING"
                    sel.sort(key=lambda r: val(r, key), reverse=(d == "DESCENDING"))
            except KeyError as e:
                return self.bad("unsupported property %s" % e)
            props = body.get("properties") or ["createdate", "hs_lastmodifieddate", "hs_object_id"]
            page = sel[after:after + limit]
            out = {"total": len(sel), "results": [listed(ot, r, props, []) for r in page]}
            if after + limit < len(sel): out["paging"] = {"next": {"after": str(after + limit)}}
            return self.send(200, out)
        self.send(404, {"status": "error", "message": "Unable to route " + u.path, "category": "OBJECT_NOT_FOUND"})
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
for ot, al in (("companies", ["contacts", "deals"]), ("deals", ["contacts", "companies"])):
    with open(ot + ".ndjson", "w") as f:
        for r in sorted(objs[ot], key=lambda r: int(r["id"])):
            f.write(dump(listed(ot, r, PROPS[ot], al)) + "\n")
print(srv.server_port, flush=True)
srv.serve_forever()
