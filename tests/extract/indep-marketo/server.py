# An independent Marketo REST stand-in written from Marketo's published docs
# (developers.marketo.com / experienceleague.adobe.com marketo-developer: Authentication
# - GET /identity/oauth/token?grant_type=client_credentials, the token then sent as
# "Authorization: Bearer"; while a token is valid the same one is handed out with its
# remaining expires_in; Leads - GET /rest/v1/leads.json?filterType=&filterValues= (at
# most 300 values), fields, batchSize <= 300, nextPageToken while more; Activities -
# GET /rest/v1/activities/pagingtoken.json?sinceDatetime=, /rest/v1/activities/types.json,
# GET /rest/v1/activities.json?nextPageToken=&activityTypeIds= (at most 10) read while
# moreResult is true, a page may be empty; Error Codes - errors inside HTTP 200 bodies,
# success false: 601 access token invalid, 602 access token expired, 606 max rate
# limit exceeded, 1003 invalid request), not from mops' fixture server.  Record shapes
# follow the docs' examples copied in shared/reference/vendor-api/marketo/adobe-docs
# (identity_oauth_token_response, leads_by_filterType_id_response,
# activities_response, activities_leadchanges_response, response_level_error_601).
# gzip, chunked bodies and injected 503s from ../indep-lib/wire.py.
# Usage: server.py LEADS ACTIVITIES; prints its port; writes leads.ndjson (every lead
# with every field), leads-default.ndjson (the default fields), leads-bulk.ndjson and
# activities-bulk.ndjson (export rows read back: cells as text, the docs' null as null,
# the activity attributes cell as JSON) and activities.ndjson (every activity), as served.
import json, random, sys, threading, datetime, os, io, csv
sys.path.insert(0, os.path.join(os.environ["MOPS_TOP"], "tests/extract/indep-lib"))
import wire
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
random.seed(11)
NL, NA = int(sys.argv[1]), int(sys.argv[2])
def iso(s): return datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
def dump(o): return json.dumps(o, ensure_ascii=False, separators=(",", ":"))
T0 = 1767225600  # 2026-01-01
FIELDS = ["id", "updatedAt", "lastName", "email", "createdAt", "firstName", "company", "leadScore",
          "annualRevenue", "leadPartitionId", "sfdcLeadId", "unsubscribed"]
DEFAULT = ["id", "updatedAt", "lastName", "email", "createdAt", "firstName"]
leads = []
for i in range(NL):
    up = T0 + random.randint(0, 300 * 86400)
    leads.append({"id": 318581 + i * 7, "updatedAt": iso(up), "lastName": None if i % 6 == 0 else "M\u00fcller-\u738b \"%d\"" % i,
                  "email": "lead%d@ex.com" % i, "createdAt": iso(up - 86400 * 30), "firstName": "Zo\u00eb\n%d" % i,
                  "company": "Acme, Inc." if i % 2 else None, "leadScore": i % 100, "annualRevenue": 0.65 if i % 3 else 12345678901234567890,
                  "leadPartitionId": 1 + i % 3, "sfdcLeadId": "00Q5g00000%07dAAA" % i, "unsubscribed": i % 4 == 0})
for j, edge in enumerate([31, 62, 93, 124]):
    for t in (T0 + edge * 86400 - 1, T0 + edge * 86400):  # the last second of a 31-day window, the first of the next
        leads[j * 2 + (t % 2)]["updatedAt"] = iso(t)
TYPES = [1, 2, 3, 6, 7, 9, 10, 11, 12, 13, 22, 24, 46, 104]
acts = []
for i in range(NA):
    t = T0 + random.randint(0, 300 * 86400)
    if i % 13 == 0: t = T0 + 100 * 86400  # many on the same second
    ty = TYPES[i % len(TYPES)]
    a = {"id": 102988 + i, "marketoGUID": str(102988 + i), "leadId": leads[i % NL]["id"], "activityDate": iso(t),
         "activityTypeId": ty, "primaryAttributeValueId": 71 + i % 5, "primaryAttributeValue": "localhost/p\u00e4ge%d.html" % i}
    if ty == 13:
        a["fields"] = [{"id": 48, "name": "firstName", "newValue": "N\u00e9w %d" % i, "oldValue": None}]
    a["attributes"] = [{"name": "Client IP Address", "value": "10.0.19.%d" % (i % 250)},
                       {"name": "Query Parameters", "value": ""},
                       {"name": "Lead ID", "value": leads[i % NL]["id"]},
                       {"name": "Score", "value": 0.65},
                       {"name": "User Agent", "value": "Mozilla/5.0 \"quoted\" \u2603"}]
    acts.append(a)
acts.sort(key=lambda a: (a["activityDate"], a["id"]))
lock = threading.Lock()
tokens = {}  # token -> uses left
state = {"n": 0, "tok": None, "req": 0}
paging = {}  # token string -> (position in acts, since)
lead_pages = {}
jobs = {}
ACT_COLS = ["marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId",
            "primaryAttributeValue", "attributes"]
def act_row(x):
    # attributes as one JSON object in a cell, as in the docs' sample export file
    return [x["marketoGUID"], x["leadId"], x["activityDate"], x["activityTypeId"], 2000 + x["id"] % 7,
            x["primaryAttributeValueId"], x["primaryAttributeValue"],
            json.dumps(dict((a["name"], a["value"]) for a in x["attributes"]), ensure_ascii=False, separators=(",", ":"))]
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, obj, code=200):
        wire.reply(self, code, dump(obj), "application/json;charset=UTF-8")
    def fail(self, code, msg):
        self.send({"requestId": "e42b#14272d07d78", "success": False, "errors": [{"code": code, "message": msg}]})
    def bulk(self, u, q, body):
        # Bulk Extract (bulk-lead-extract.md, bulk-activity-extract.md): create, enqueue,
        # status (Created, Queued, Processing, Completed with numberOfRecords, fileSize,
        # fileChecksum), file (CSV; Range requests answered 206); a date filter of at
        # most 31 days; at most 10 jobs queued (1029).  Lead files write a null as
        # null, as in the docs' sample file.
        parts = u.path.split("/")  # ['', 'bulk', 'v1', kind, 'export', id|create.json, op]
        kind = parts[3]
        if parts[5] == "create.json":
            req = json.loads(body or "{}")
            if req.get("format", "CSV") != "CSV": return self.fail("1003", "format")
            flt = req.get("filter", {})
            key = "updatedAt" if "updatedAt" in flt else "createdAt"
            if key not in flt: return self.fail("1003", "a date filter is required")
            a = datetime.datetime.fromisoformat(flt[key]["startAt"].replace("Z", "+00:00"))
            b = datetime.datetime.fromisoformat(flt[key]["endAt"].replace("Z", "+00:00"))
            if b < a or (b - a).total_seconds() > 31 * 86400:
                return self.fail("1003", "The date range must be 31 days or fewer")
            if kind == "leads":
                fields = req.get("fields") or []
                for f in fields:
                    if f not in FIELDS: return self.fail("1006", "Field '%s' not found" % f)
                rows = [l for l in leads if a <= datetime.datetime.fromisoformat(l[key].replace("Z", "+00:00")) <= b]
                hdr = [req.get("columnHeaderNames", {}).get(f, f) for f in fields]
                def cell(v):
                    if v is None: return "null"
                    if isinstance(v, bool): return "true" if v else "false"
                    return str(v)
                f = io.StringIO()
                w = csv.writer(f, lineterminator="\n")
                w.writerow(hdr)
                for l in rows: w.writerow([cell(l[x]) for x in fields])
            else:
                types = flt.get("activityTypeIds")
                rows = [x for x in acts if a <= datetime.datetime.fromisoformat(x["activityDate"].replace("Z", "+00:00")) <= b
                        and (not types or x["activityTypeId"] in types)]
                f = io.StringIO()
                w = csv.writer(f, lineterminator="\n")
                w.writerow(ACT_COLS)
                for x in rows: w.writerow(act_row(x))
            with lock:
                jid = "ce45a7a1-f19d-4ce2-882c-%012d" % len(jobs)
                jobs[jid] = {"kind": kind, "status": "Created", "file": f.getvalue().encode(), "n": len(rows), "polls": 0}
            return self.send({"requestId": "e42b#14272d07d78", "success": True, "result": [
                {"exportId": jid, "status": "Created", "createdAt": "2026-11-23T10:00:00Z", "format": "CSV"}]})
        j = jobs.get(parts[5])
        if not j or j["kind"] != kind: return self.fail("1003", "Export id not found")
        op = parts[6] if len(parts) > 6 else ""
        info = {"exportId": parts[5], "format": "CSV", "status": j["status"], "createdAt": "2026-11-23T10:00:00Z"}
        if op == "enqueue.json":
            with lock:
                if sum(1 for x in jobs.values() if x["status"] in ("Queued", "Processing")) >= 10:
                    return self.fail("1029", "Too many jobs (10) in queue")
                j["status"] = "Queued"
            info.update(status="Queued", queuedAt="2026-11-23T10:00:01Z")
            return self.send({"requestId": "147e4#16b24d9b913", "result": [info], "success": True})
        if op == "status.json":
            if j["status"] in ("Queued", "Processing"):
                j["polls"] += 1
                j["status"] = "Processing" if j["polls"] < 2 else "Completed"
            info["status"] = j["status"]
            if j["status"] == "Completed":
                import hashlib
                info.update(startedAt="2026-11-23T10:00:02Z", finishedAt="2026-11-23T10:00:09Z",
                            numberOfRecords=j["n"], fileSize=len(j["file"]),
                            fileChecksum="sha256:" + hashlib.sha256(j["file"]).hexdigest())
            return self.send({"requestId": "e42b#14272d07d78", "success": True, "result": [info]})
        if op == "file.json":
            if j["status"] != "Completed": return self.fail("1003", "Export not completed")
            data = j["file"]
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                lo, hi = rng[6:].split("-")
                lo = int(lo); hi = int(hi) if hi else len(data) - 1
                return wire.reply(self, 206, data[lo:hi + 1], "text/plain;charset=UTF-8",
                                  [("Content-Range", "bytes %d-%d/%d" % (lo, hi, len(data)))])
            return wire.reply(self, 200, data, "text/plain;charset=UTF-8")
        return self.fail("1003", "unknown operation")
    def do_POST(self):
        # the docs' way around long URLs: POST ...?_method=GET with the query in a form body
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        if self.path.startswith("/bulk/"):
            self.raw = raw
            return self.do_GET()
        self.form = parse_qs(raw)
        if parse_qs(urlparse(self.path).query).get("_method") != ["GET"] and not self.path.startswith("/identity/"):
            return self.fail("1003", "POST without _method=GET")
        self.do_GET()
    def do_GET(self):
        u = urlparse(self.path); q = parse_qs(u.query)
        q.update(getattr(self, "form", {}))
        one = lambda k: q.get(k, [None])[0]
        if u.path == "/identity/oauth/token":
            if one("grant_type") != "client_credentials" or one("client_id") != "mk-id" or one("client_secret") != "mk-secret":
                return self.send({"error": "unauthorized", "error_description": "Bad client credentials"}, 401)
            with lock:
                if state["tok"] is None or tokens[state["tok"]] <= 0:
                    state["n"] += 1
                    state["tok"] = "cdf01657-110d-4155-99a7-%012d:int" % state["n"]
                    tokens[state["tok"]] = 40  # expires after 40 calls (stands in for 3599 s)
                return self.send({"access_token": state["tok"], "token_type": "bearer",
                                  "expires_in": 3599, "scope": "apis@acmeinc.com"})
        if wire.fault(self, "{}"): return
        if "access_token" in q:
            return self.fail("601", "Access token invalid")  # the header is the documented way
        auth = self.headers.get("Authorization", "")
        tok = auth[7:] if auth.startswith("Bearer ") else None
        with lock:
            if tok not in tokens:
                return self.fail("601", "Access token invalid")
            if tokens[tok] <= 0:
                return self.fail("602", "Access token expired")
            tokens[tok] -= 1
            state["req"] += 1
            if state["req"] % 25 == 0:
                return self.fail("606", "Max rate limit '100' exceeded with in '20' secs")
        if u.path.startswith("/bulk/v1/leads/export/") or u.path.startswith("/bulk/v1/activities/export/"):
            return self.bulk(u, q, getattr(self, "raw", ""))
        if u.path == "/rest/v1/activities/types.json":
            return self.send({"requestId": "6e1#1", "success": True,
                              "result": [{"id": t, "name": "Type %d" % t, "description": "d", "primaryAttribute": {"name": "x", "dataType": "string"}, "attributes": []} for t in TYPES]})
        if u.path == "/rest/v1/activities/pagingtoken.json":
            s = one("sinceDatetime")
            if not s: return self.fail("1003", "sinceDatetime is required")
            since = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
            if since.tzinfo is None: since = since.replace(tzinfo=datetime.timezone.utc)
            pos = 0
            while pos < len(acts) and datetime.datetime.fromisoformat(acts[pos]["activityDate"].replace("Z", "+00:00")) < since:
                pos += 1
            with lock:
                t = "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ%06d" % len(paging)
                paging[t] = pos
            return self.send({"requestId": "1607c#14884f3e74e", "success": True, "nextPageToken": t})
        if u.path == "/rest/v1/activities.json":
            t = one("nextPageToken")
            if t not in paging: return self.fail("1003", "Invalid nextPageToken")
            ids = one("activityTypeIds")
            if not ids: return self.fail("1003", "activityTypeIds is required")
            types = [int(x) for x in ids.split(",")]
            if len(types) > 10: return self.fail("1003", "Too many activityTypeIds, max 10")
            bs = int(one("batchSize") or 300)
            if bs > 300: return self.fail("1003", "batchSize max 300")
            pos = paging[t]
            out = []
            # every third page is served empty (moreResult still true), half of those without "result"
            with lock:
                k = len(paging)
            empty = k % 3 == 0
            if not empty:
                while pos < len(acts) and len(out) < bs:
                    if acts[pos]["activityTypeId"] in types: out.append(acts[pos])
                    pos += 1
            with lock:
                nt = "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBR%06d" % len(paging)
                paging[nt] = pos
            more = pos < len(acts)
            body = {"requestId": "24fd#15188a88d7f", "success": True, "nextPageToken": nt, "moreResult": more}
            if out or k % 2: body["result"] = out
            return self.send(body)
        if u.path == "/rest/v1/leads/describe.json":
            return self.send({"requestId": "37ca#1475b74e276", "success": True,
                              "result": [{"id": 2 + j, "displayName": f, "dataType": "string", "length": 255,
                                          "rest": {"name": f, "readOnly": False}, "soap": {"name": f[0].upper() + f[1:], "readOnly": False}}
                                         for j, f in enumerate(FIELDS)]})
        if u.path == "/rest/v1/leads.json":
            ft, fv = one("filterType"), one("filterValues")
            if not ft or fv is None: return self.fail("1003", "filterType and filterValues are required")
            vals = fv.split(",")
            if len(vals) > 300: return self.fail("1003", "Too many values in filterValues, max 300")
            fields = one("fields").split(",") if one("fields") else DEFAULT
            for f in fields + [ft]:
                if f not in FIELDS: return self.fail("1006", "Field '%s' not found" % f)
            bs = int(one("batchSize") or 300)
            if bs > 300: return self.fail("1003", "batchSize max 300")
            sel = [l for l in leads if str(l[ft]) in vals]
            if len(sel) > 1000: return self.fail("1003", "Too many results match the filter")
            start = 0
            if one("nextPageToken"):
                start = lead_pages.get(one("nextPageToken"))
                if start is None: return self.fail("1003", "Invalid nextPageToken")
            page = sel[start:start + bs]
            body = {"requestId": "12951#15699db5c97",
                    "result": [dict([("id", l["id"])] + [(f, l[f]) for f in fields if f != "id"]) for l in page],
                    "success": True}
            if start + bs < len(sel):
                with lock:
                    nt = "PS5VL5WD4UOWGOUCJR6VY7JQO2KUXL7BGBYXL4XH4BYZVPYSFBAONP4V%06d" % len(lead_pages)
                    lead_pages[nt] = start + bs
                body["nextPageToken"] = nt
            return self.send(body)
        self.send({"requestId": "x", "success": False, "errors": [{"code": "404", "message": "not found"}]}, 404)
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
with open("leads.ndjson", "w") as f:
    for l in leads: f.write(dump(l) + "\n")
with open("leads-default.ndjson", "w") as f:
    for l in leads: f.write(dump(dict((k, l[k]) for k in DEFAULT)) + "\n")
def csvrec(cols, cells):
    return "{" + ",".join(dump(c) + ":" + ("null" if v == "null" else v if c == "attributes" else dump(v))
                          for c, v in zip(cols, cells)) + "}"
with open("leads-bulk.ndjson", "w") as f:  # a lead export row read back: cells as text, null as null
    for l in leads:
        f.write(csvrec(FIELDS, ["null" if l[x] is None else ("true" if l[x] else "false") if isinstance(l[x], bool) else str(l[x])
                                for x in FIELDS]) + "\n")
with open("activities-bulk.ndjson", "w") as f:  # an activity export row: cells as text, attributes as JSON
    for a in acts:
        f.write(csvrec(ACT_COLS, [str(v) for v in act_row(a)]) + "\n")
with open("activities.ndjson", "w") as f:
    for a in acts: f.write(dump(a) + "\n")
print(srv.server_port, flush=True)
srv.serve_forever()
