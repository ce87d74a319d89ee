# An independent Salesforce stand-in written from Salesforce's published docs
# (developer.salesforce.com: OAuth 2.0 refresh-token flow; REST API query and
# queryAll with nextRecordsUrl, 2,000 records a page; sobject describe; Bulk API 2.0
# query jobs: POST /jobs/query -> UploadComplete, GET /jobs/query/ID -> InProgress
# then JobComplete, GET .../results?locator=&maxRecords= -> CSV with Sforce-Locator
# ("null" on the last set) and Sforce-NumberOfRecords; compound fields refused),
# an access token lasting 4 calls (then 401 INVALID_SESSION_ID); gzip, chunked bodies
# and injected 503s from ../indep-lib/wire.py; not from mops' fixture server.  Started from the lead's /work/indep/sf.py.  Shapes
# of the token response, query pages and the job response follow the samples in
# shared/reference/vendor-api/salesforce (restforce fixtures, an Airbyte job response).
# Usage: server.py N; prints its port; writes expected.ndjson (REST shape, every
# describe field, deleted rows included), expected-bulk.ndjson (the same records as
# Bulk API 2.0 CSV read back as documented by mops-extract(1): empty cell null,
# number/boolean fields typed, attributes, the compound Address left out) and
# expected-live.ndjson, expected-bulk-live.ndjson (without the deleted rows).
import json, random, sys, threading, re, datetime, csv, io, os
sys.path.insert(0, os.path.join(os.environ["MOPS_TOP"], "tests/extract/indep-lib"))
import wire
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
random.seed(9)
N = int(sys.argv[1])
V = "v60.0"
class Raw:  # a number sent with exactly this text (Salesforce writes 1.5E7)
    def __init__(self, t): self.t = t
def jv(v): return v.t if isinstance(v, Raw) else json.dumps(v, ensure_ascii=False)
def jobj(pairs): return "{" + ",".join(json.dumps(k) + ":" + (jobj(v) if isinstance(v, list) else jv(v)) for k, v in pairs) + "}"
def iso(s): return datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
def isoz(s): return datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
DESCRIBE = [("Id", "id"), ("IsDeleted", "boolean"), ("Email", "email"), ("LastName", "string"),
            ("Company", "string"), ("AnnualRevenue", "currency"), ("NumberOfEmployees", "int"),
            ("Score__c", "double"), ("Street", "textarea"), ("Address", "address"),
            ("HasOptedOutOfEmail", "boolean"), ("CreatedDate", "datetime"), ("SystemModstamp", "datetime")]
TYPES = dict(DESCRIBE)
recs = []
def make(i, st):
    rid = "00Q5g00000%05dAAA" % i
    return {"Id": rid, "IsDeleted": i % 20 == 0, "Email": "l%d@ex.com" % i if i % 9 else None,
            "LastName": "N\u00f8 \"%d\", \u4e2d\U0001f600" % i, "Company": "Acme, Inc." if i % 3 else "Line1\nLine2",
            "AnnualRevenue": [Raw("1.5E7"), 0.65, None, Raw("12345678901234567890")][i % 4],
            "NumberOfEmployees": i, "Score__c": Raw("0.1") if i % 2 else Raw("-3.25E-5"),
            "Street": "1 Main\r\nSuite 2" if i % 4 == 0 else None,
            "Address": {"city": "Z\u00fcrich", "country": "CH", "street": None},
            "HasOptedOutOfEmail": i % 5 == 0, "CreatedDate": iso(st - 100), "SystemModstamp": iso(st), "_st": st}
for i in range(N):
    recs.append(make(i, 1767225600 + random.randint(0, 300*86400) if i % 10 else 1767225600 + 86400))
def attrs(r): return [("type", "Lead"), ("url", "/services/data/%s/sobjects/Lead/%s" % (V, r["Id"]))]
def rest(r, fields):
    return jobj([("attributes", attrs(r))] + [(f, r[f] if f != "Address" else Raw(json.dumps(r[f], ensure_ascii=False, separators=(",", ":")))) for f in fields])
def cell(r, f):
    v = r[f]
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, Raw): return v.t
    if f in ("CreatedDate", "SystemModstamp"): return isoz(r["_st"] - (100 if f == "CreatedDate" else 0))
    return str(v)
def bulk_expected(r, fields):
    out = [("attributes", attrs(r))]
    for f in fields:
        c = cell(r, f)
        if c == "": out.append((f, None))
        elif TYPES[f] in ("int", "double", "currency", "percent"): out.append((f, Raw(c)))
        elif TYPES[f] == "boolean": out.append((f, c == "true"))
        else: out.append((f, c))
    return jobj(out)
ALL = [f for f, t in DESCRIBE]
BULK = [f for f, t in DESCRIBE if t != "address"]
USED = int(os.environ.get("INDEP_SF_USED", "10"))  # the org's API calls so far today
cursors = {}
jobs = {}
sessions = {}
lock = threading.Lock()

def select(soql, deleted):
    mm = re.match(r"(?is)^SELECT (.+?) FROM Lead(?: WHERE (.+?))?(?: ORDER BY (.+?))?(?: LIMIT (\d+))?$", soql.strip())
    if not mm: raise ValueError("MALFORMED_QUERY: " + soql)
    fields = [f.strip() for f in mm.group(1).split(",")]
    for f in fields:
        if f not in TYPES: raise ValueError("INVALID_FIELD: No such column '%s' on entity 'Lead'" % f)
    sel = [r for r in recs if deleted or not r["IsDeleted"]]
    if mm.group(2):
        for cond in re.split(r"(?i)\s+AND\s+", mm.group(2).strip()):
            c = re.match(r"^\(?\s*SystemModstamp\s*(>=|>|<|<=)\s*(\S+?)\s*\)?$", cond.strip())
            if not c: raise ValueError("MALFORMED_QUERY: unexpected condition " + cond)
            t = datetime.datetime.fromisoformat(c.group(2).replace("Z", "+00:00")).timestamp()
            op = c.group(1)
            sel = [r for r in sel if {">=": r["_st"] >= t, ">": r["_st"] > t, "<": r["_st"] < t, "<=": r["_st"] <= t}[op]]
    if mm.group(3):
        if not re.match(r"(?i)^\s*SystemModstamp(\s+ASC)?(\s*,\s*Id(\s+ASC)?)?\s*$", mm.group(3)):
            raise ValueError("MALFORMED_QUERY: order by " + mm.group(3))
        sel = sorted(sel, key=lambda r: (r["_st"], r["Id"]))
    if mm.group(4): sel = sel[:int(mm.group(4))]
    return sel, fields

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, obj, hdrs=(), ctype="application/json;charset=UTF-8"):
        b = obj if isinstance(obj, str) else json.dumps(obj, separators=(",", ":"))
        wire.reply(self, code, b, ctype, [("Sforce-Limit-Info", "api-usage=%d/15000" % (len(cursors) + USED))] + list(hdrs))
    def err(self, code, e):
        msg = str(e); c = msg.split(":")[0]
        self.send(code, [{"message": msg, "errorCode": c}])
    def authed(self):
        # a session lasts 4 calls here (stands in for the org's session timeout), then
        # 401 INVALID_SESSION_ID until the client refreshes
        a = self.headers.get("Authorization", "")
        with lock:
            left = sessions.get(a[7:]) if a.startswith("Bearer ") else None
            if left:
                sessions[a[7:]] = left - 1
        if not left:
            self.send(401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]); return False
        if wire.fault(self, "[]"): return False
        return True
    def do_POST(self):
        if self.login_only():
            self.rfile.read(int(self.headers.get("Content-Length", "0"))); return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        if self.path == "/services/oauth2/token":
            q = parse_qs(body)
            if q.get("grant_type") == ["refresh_token"] and q.get("refresh_token") == ["rt"] and q.get("client_id") == ["cid"]:
                with lock:
                    tok = "00Dxx!AQ.tok%d" % len(sessions)
                    sessions[tok] = 4
                return self.send(200, {"access_token": tok, "instance_url": "http://127.0.0.1:%d" % IPORT,
                                       "id": "https://login.salesforce.com/id/00D/005", "token_type": "Bearer",
                                       "issued_at": "1700000000000", "signature": "sig"})
            return self.send(400, {"error": "invalid_grant", "error_description": "authentication failure"})
        if not self.authed(): return
        if self.path == "/services/data/%s/jobs/query" % V:
            req = json.loads(body)
            if req.get("operation") not in ("query", "queryAll"):
                return self.send(400, [{"errorCode": "INVALIDJOB", "message": "operation"}])
            try:
                sel, fields = select(req["query"], req["operation"] == "queryAll")
            except ValueError as e:
                return self.err(400, e)
            if "Address" in fields:
                return self.send(400, [{"errorCode": "API_ERROR", "message": "FeatureNotEnabled : Cannot serialize value for 'Address' in CSV format"}])
            with lock:
                jid = "750Tn%013d" % len(jobs)
                jobs[jid] = {"sel": sel, "fields": fields, "polls": 0}
            return self.send(200, {"id": jid, "operation": req["operation"], "object": "Lead",
                                   "createdById": "0050900000Bf63SAAR", "createdDate": "2026-11-23T10:00:00.000+0000",
                                   "systemModstamp": "2026-11-23T10:00:00.000+0000", "state": "UploadComplete",
                                   "concurrencyMode": "Parallel", "contentType": "CSV", "apiVersion": 60.0,
                                   "lineEnding": "LF", "columnDelimiter": "COMMA"})
        self.send(404, [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}])
    def login_only(self):
        # with a separate instance, the login host answers nothing but the token endpoint
        if SPLIT and self.server is srv and not self.path.startswith("/services/oauth2/"):
            self.send(404, [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}])
            return True
        return False
    def do_GET(self):
        if self.login_only(): return
        if not self.authed(): return
        u = urlparse(self.path); q = parse_qs(u.query)
        if u.path == "/services/data/%s/sobjects/Lead/describe" % V:
            return self.send(200, {"name": "Lead", "queryable": True,
                                   "fields": [{"name": f, "type": t, "label": f} for f, t in DESCRIBE]})
        m = re.match(r"^/services/data/%s/jobs/query/(750\w+)(/results)?$" % V, u.path)
        if m:
            j = jobs.get(m.group(1))
            if not j: return self.send(404, [{"errorCode": "NOT_FOUND", "message": "job"}])
            if not m.group(2):
                j["polls"] += 1
                st = "InProgress" if j["polls"] < 3 else "JobComplete"
                return self.send(200, {"id": m.group(1), "operation": "query", "object": "Lead", "state": st,
                                       "numberRecordsProcessed": len(j["sel"]) if st == "JobComplete" else 0,
                                       "apiVersion": 60.0, "lineEnding": "LF", "columnDelimiter": "COMMA",
                                       "contentType": "CSV", "concurrencyMode": "Parallel", "retries": 0})
            if j["polls"] < 3:
                return self.send(400, [{"errorCode": "INVALIDJOBSTATE", "message": "job not complete"}])
            start = 0
            if q.get("locator"):
                start = int(q["locator"][0][3:])  # "MTA" + offset, opaque to clients
            n = int(q.get("maxRecords", ["1000"])[0])
            page = j["sel"][start:start + n]
            f = io.StringIO()
            w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(j["fields"])
            for r in page: w.writerow([cell(r, x) for x in j["fields"]])
            loc = "MTA%d" % (start + n) if start + n < len(j["sel"]) else "null"
            return self.send(200, f.getvalue(), [("Sforce-Locator", loc), ("Sforce-NumberOfRecords", str(len(page)))],
                             ctype="text/csv")
        m = re.match(r"^/services/data/%s/query(All)?/(01g\w+)-(\d+)$" % V, u.path)
        if m:
            if m.group(2) not in cursors: return self.send(400, [{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}])
            sel, fields = cursors[m.group(2)]; start = int(m.group(3)); cid = m.group(2)
        elif u.path in ("/services/data/%s/query" % V, "/services/data/%s/queryAll" % V):
            try:
                sel, fields = select(q["q"][0], u.path.endswith("All"))
            except ValueError as e:
                return self.err(400, e)
            with lock:
                cid = "01gD%014d" % len(cursors); cursors[cid] = (sel, fields)
            start = 0
        else:
            return self.send(404, [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}])
        page = sel[start:start + 2000]
        done = start + 2000 >= len(sel)
        txt = '{"totalSize":%d,"done":%s,' % (len(sel), "true" if done else "false")
        if not done: txt += '"nextRecordsUrl":"/services/data/%s/query/%s-%d",' % (V, cid, start + 2000)
        txt += '"records":[' + ",".join(rest(r, fields) for r in page) + "]}"
        self.send(200, txt)
srv = ThreadingHTTPServer(("127.0.0.1", 0), H); PORT = IPORT = srv.server_port
# INDEP_SF_SPLIT=1: the org's instance on a port of its own, as instance_url names it
SPLIT = os.environ.get("INDEP_SF_SPLIT") == "1"
if SPLIT:
    srv2 = ThreadingHTTPServer(("127.0.0.1", 0), H); IPORT = srv2.server_port
    threading.Thread(target=srv2.serve_forever, daemon=True).start()
with open("expected.ndjson", "w") as f:
    for r in recs: f.write(rest(r, ALL) + "\n")
with open("expected-live.ndjson", "w") as f:
    for r in recs:
        if not r["IsDeleted"]: f.write(rest(r, ALL) + "\n")
with open("expected-bulk.ndjson", "w") as f:
    for r in recs: f.write(bulk_expected(r, BULK) + "\n")
with open("expected-bulk-live.ndjson", "w") as f:
    for r in recs:
        if not r["IsDeleted"]: f.write(bulk_expected(r, BULK) + "\n")
print(PORT, flush=True)
srv.serve_forever()
