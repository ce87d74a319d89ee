# An independent GA4 Data API stand-in written from Google's published docs
# (developers.google.com/analytics/devguides/reporting/data/v1: POST
# /v1beta/properties/{property}:runReport with dimensions, metrics, dateRanges (at most
# 4; several add the dateRange dimension, valued by the range's name or date_range_N),
# offset and limit (default 10,000, at most 250,000); RunReportResponse with
# dimensionHeaders, metricHeaders (name, type), rows of dimensionValues/metricValues
# (values are strings), rowCount (the whole result, whatever the page), metadata,
# kind; an empty result has neither rows nor rowCount; rows whose metrics are all zero
# are left out unless keepEmptyRows), not from mops' fixture server.  The response shape
# follows shared/reference/vendor-api/ga4 (E-commerce-raport runReport fixtures).
# gzip, chunked bodies and injected 429 RESOURCE_EXHAUSTED/503 from ../indep-lib/wire.py.
# Usage: server.py; prints its port.  Each distinct report asked for (the request
# without offset/limit) is written whole, one record per row as mops-extract(1)
# documents (keys: header names in header order, values as sent), to
# report-N.ndjson, N counting from 1, and its request to report-N.json.
import json, sys, threading, datetime, hashlib, os
sys.path.insert(0, os.path.join(os.environ["MOPS_TOP"], "tests/extract/indep-lib"))
import wire
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
def dump(o): return json.dumps(o, ensure_ascii=False, separators=(",", ":"))
SOURCES = ["google", "(direct)", "(not set)", "newsletter \u2709", "b\u00fccher.de", "a,b \"c\"", "", "linkedin.com", "t.co", "\u4e2d\u6587"]
CAMPAIGNS = ["(organic)", "spring_sale", "(referral)", "brand, EU", "q4 \u201cpush\u201d", "(not set)"]
COUNTRIES = ["Germany", "United States", "C\u00f4te d\u2019Ivoire", "(not set)"]
D0 = datetime.date(2026, 1, 1)
base = []  # (date, source, campaign, country, sessions, users, engaged, revenue_cents)
for d in range(330):
    day = D0 + datetime.timedelta(days=d)
    for si, s in enumerate(SOURCES):
        for ci, c in enumerate(CAMPAIGNS):
            for ki, k in enumerate(COUNTRIES):
                h = int(hashlib.md5(("%d/%d/%d/%d" % (d, si, ci, ki)).encode()).hexdigest()[:8], 16)
                if h % 5 == 0: continue  # no traffic: no row
                ses = h % 37
                base.append((day, s, c, k, ses, ses - ses // 3, ses // 2, (h >> 8) % 100000 if h % 3 == 0 else 0))
DIMS = {"date": lambda r: r[0].strftime("%Y%m%d"), "sessionSource": lambda r: r[1],
        "sessionCampaignName": lambda r: r[2], "country": lambda r: r[3]}
MTYPES = {"sessions": "TYPE_INTEGER", "totalUsers": "TYPE_INTEGER", "engagementRate": "TYPE_FLOAT",
          "totalRevenue": "TYPE_CURRENCY"}
def metric(name, a):
    if name == "sessions": return str(a[0])
    if name == "totalUsers": return str(a[1])
    if name == "engagementRate": return repr(a[2] / a[0]) if a[0] else "0"
    cents = a[3]
    return "%d.%02d" % (cents // 100, cents % 100) if cents % 100 else str(cents // 100)
def parse_date(s):
    if s == "today": return datetime.date(2026, 11, 23)
    if s == "yesterday": return datetime.date(2026, 11, 22)
    if s.endswith("daysAgo"): return datetime.date(2026, 11, 23) - datetime.timedelta(days=int(s[:-7]))
    return datetime.date.fromisoformat(s)
reports = {}
lock = threading.Lock()
def build(req):
    dims = [d["name"] for d in req.get("dimensions", [])]
    mets = [m["name"] for m in req.get("metrics", [])]
    for d in dims:
        if d not in DIMS: raise ValueError("Field %s is not a valid dimension." % d)
    for m in mets:
        if m not in MTYPES: raise ValueError("Field %s is not a valid metric." % m)
    if not mets: raise ValueError("At least one metric is required.")
    ranges = req.get("dateRanges") or []
    if not 1 <= len(ranges) <= 4: raise ValueError("Requests are allowed up to 4 date ranges.")
    multi = len(ranges) > 1
    hdr = dims + (["dateRange"] if multi else [])
    rows = []
    for i, dr in enumerate(ranges):
        name = dr.get("name") or "date_range_%d" % i
        if dr.get("name") and (name.startswith("date_range_") or name.startswith("RESERVED_")):
            raise ValueError("Invalid date range name.")
        a, b = parse_date(dr["startDate"]), parse_date(dr["endDate"])
        if a > b: raise ValueError("startDate cannot be after endDate.")
        groups = {}
        order = []
        for r in base:
            if a <= r[0] <= b:
                k = tuple(DIMS[d](r) for d in dims)
                if k not in groups: groups[k] = [0, 0, 0, 0]; order.append(k)
                g = groups[k]
                for j in range(4): g[j] += r[4 + j]
        for k in order:
            g = groups[k]
            if not req.get("keepEmptyRows") and not any(g): continue
            rows.append({"dimensionValues": [{"value": v} for v in list(k) + ([name] if multi else [])],
                         "metricValues": [{"value": metric(m, g)} for m in mets]})
    # GA4 sorts by nothing in particular without orderBys: a fixed shuffle
    rows.sort(key=lambda r: hashlib.md5(dump(r).encode()).hexdigest())
    return hdr, mets, rows
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, obj):
        wire.reply(self, code, dump(obj), "application/json; charset=UTF-8")
    def error(self, code, status, msg):
        self.send(code, {"error": {"code": code, "message": msg, "status": status}})
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Authorization") != "Bearer ya29.indep-token":
            return self.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        if self.path != "/v1beta/properties/987654321:runReport":
            return self.error(404, "NOT_FOUND", "Requested entity was not found.")
        if wire.fault(self, dump({"error": {"code": 429, "message": "Exhausted concurrent requests quota.", "status": "RESOURCE_EXHAUSTED"}})): return
        req = json.loads(body)
        off = int(req.pop("offset", 0) or 0); lim = int(req.pop("limit", 10000) or 10000)
        if lim > 250000 or lim < 0 or off < 0: return self.error(400, "INVALID_ARGUMENT", "limit must be positive and at most 250000")
        key = dump(req)
        with lock:
            if key not in reports:
                try:
                    hdr, mets, rows = build(req)
                except ValueError as e:
                    return self.error(400, "INVALID_ARGUMENT", str(e))
                n = len(reports) + 1
                reports[key] = (hdr, mets, rows)
                with open("report-%d.json" % n, "w") as f: f.write(key + "\n")
                with open("report-%d.ndjson" % n, "w") as f:
                    for r in rows:
                        rec = [(h, v["value"]) for h, v in zip(hdr, r["dimensionValues"])] + \
                              [(m, v["value"]) for m, v in zip(mets, r["metricValues"])]
                        f.write("{" + ",".join(dump(k) + ":" + dump(v) for k, v in rec) + "}\n")
            hdr, mets, rows = reports[key]
        out = {"dimensionHeaders": [{"name": h} for h in hdr],
               "metricHeaders": [{"name": m, "type": MTYPES[m]} for m in mets]}
        page = rows[off:off + lim]
        if page: out["rows"] = page
        if rows: out["rowCount"] = len(rows)
        out["metadata"] = {"currencyCode": "EUR", "timeZone": "Europe/Warsaw"}
        out["kind"] = "analyticsData#runReport"
        self.send(200, out)
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(srv.server_port, flush=True)
srv.serve_forever()
