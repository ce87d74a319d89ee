#!/usr/bin/env python3
"""bulkdata.py DIR VERSION - large Marketo and Salesforce data sets for the
fixture server (tests/extract/marketo-large, salesforce-large).

Version 1: 3,660 Marketo leads (60 of them changed once a month since
2021-09), 6,000 activities, 4,000 Salesforce Leads,
changed between 2026-08-01 and 2026-11-15.  Version 2 is version 1 plus what
an incremental sync must pick up: 400 leads updated and 300 added, 700 new
activities, 500 Salesforce Leads updated, 50 deleted and 300 added, all on
2026-11-16..22.  Text fields carry what breaks CSV and JSON writers: commas,
quotes, CR/LF, tabs, backslashes, non-ASCII, formula-looking prefixes,
leading and trailing spaces.  Deterministic: random.Random(seed).  Files are
JSON arrays with one record per line, serialised as the server sends them.
"""
import calendar
import json
import os
import random
import sys

TRICKY = ["plain", "comma, inside", 'say "hi"', "two\nlines", "crlf\r\nline", "tab\there",
          "back\\slash", "Müller & Søn", "日本語テキスト", "emoji \U0001F680 ok", "=SUM(A1)",
          "+33 1 23", "-minus", "@handle", "  padded  ", "trailing ", "a,\"b\",\nc", "x" * 300]


def ts(t, sf=False):
    s = "%04d-%02d-%02dT%02d:%02d:%02d" % tuple(__import__("time").gmtime(t)[:6])
    return s + (".000+0000" if sf else "Z")


def at(y, m, d):
    return calendar.timegm((y, m, d, 0, 0, 0))


def dump(path, recs):
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in recs))
        f.write("\n]\n")


def main():
    out, version = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(7)
    t0, t1 = at(2026, 8, 1), at(2026, 11, 15)
    u0, u1 = at(2026, 11, 16), at(2026, 11, 22)

    def text(i):
        return TRICKY[i % len(TRICKY)] if i % 3 == 0 else "value %d %s" % (i, rnd.choice(TRICKY))

    # ------------------------------------------------------------ Marketo
    leads = []
    for i in range(3600):
        c = rnd.randint(t0 - 86400 * 400, t1)
        u = rnd.randint(max(c, t0), t1)
        leads.append({"id": 100000 + i, "email": "lead%d@example.com" % i, "firstName": text(i),
                      "lastName": text(i + 1), "company": None if i % 7 == 0 else text(i + 2),
                      "leadScore": rnd.randint(0, 500), "unsubscribed": i % 5 == 0,
                      "createdAt": ts(c), "updatedAt": ts(u)})
    # dormant leads, one changed in each month since 2021-09: a full sync must
    # reach back past recent years
    for i in range(60):
        u = at(2021 + (8 + i) // 12, (8 + i) % 12 + 1, 15)
        leads.append({"id": 200000 + i, "email": "old%d@example.com" % i, "firstName": text(i),
                      "lastName": "Dormant", "company": None, "leadScore": 0, "unsubscribed": False,
                      "createdAt": ts(u), "updatedAt": ts(u)})
    acts = []
    for i in range(6000):
        acts.append({"id": 900000 + i, "marketoGUID": str(900000 + i),
                     "leadId": 100000 + rnd.randrange(3600), "activityDate": ts(rnd.randint(t0, t1)),
                     "activityTypeId": rnd.choice([1, 2, 6, 10, 11, 12]),
                     "primaryAttributeValueId": rnd.randint(1, 99), "primaryAttributeValue": text(i),
                     "attributes": [{"name": "Note", "value": text(i + 5)},
                                    {"name": "Count", "value": rnd.randint(0, 9)}]})
    if version == 2:
        for r in rnd.sample(leads, 400):
            r["updatedAt"] = ts(rnd.randint(u0, u1))
            r["lastName"] = "updated " + r["lastName"]
        for i in range(3600, 3900):
            c = rnd.randint(u0, u1)
            leads.append({"id": 100000 + i, "email": "lead%d@example.com" % i, "firstName": text(i),
                          "lastName": text(i + 1), "company": text(i + 2), "leadScore": 1,
                          "unsubscribed": False, "createdAt": ts(c), "updatedAt": ts(c)})
        for i in range(6000, 6700):
            acts.append({"id": 900000 + i, "marketoGUID": str(900000 + i), "leadId": 100000 + i % 3900,
                         "activityDate": ts(rnd.randint(u0, u1)), "activityTypeId": 2,
                         "primaryAttributeValueId": 5, "primaryAttributeValue": text(i),
                         "attributes": [{"name": "Note", "value": text(i)}]})
    acts.sort(key=lambda a: (a["activityDate"], a["id"]))
    dump(os.path.join(out, "marketo_leads.json"), leads)
    dump(os.path.join(out, "marketo_activities.json"), acts)
    types = [{"id": t, "name": "Type %d" % t, "primaryAttribute": {"name": "Id", "dataType": "integer"},
              "attributes": [{"name": "Note", "dataType": "string"}]} for t in (1, 2, 6, 10, 11, 12)]
    dump(os.path.join(out, "marketo_activity_types.json"), types)

    # ------------------------------------------------------------ Salesforce
    rnd.seed(11)  # the same rows in both versions, whatever Marketo's part drew
    sf = []
    for i in range(4000):
        c = rnd.randint(t0 - 86400 * 400, t1)
        m = rnd.randint(max(c, t0), t1)
        lid = "00Q5g%013d" % i
        sf.append({"attributes": {"type": "Lead", "url": "/services/data/v60.0/sobjects/Lead/" + lid},
                   "Id": lid, "IsDeleted": False, "FirstName": text(i), "LastName": text(i + 1),
                   "Email": "sf%d@example.com" % i, "Company": text(i + 2),
                   "Description": None if i % 4 == 0 else text(i + 3),
                   "AnnualRevenue": None if i % 6 == 0 else rnd.randint(0, 10 ** 8) / 100.0,
                   "NumberOfEmployees": rnd.randint(1, 50000), "HasOptedOutOfEmail": i % 3 == 0,
                   "Status": rnd.choice(["Open", "Working", "Qualified"]),
                   "CreatedDate": ts(c, True), "LastModifiedDate": ts(m, True), "SystemModstamp": ts(m, True)})
    if version == 2:
        picks = rnd.sample(sf, 550)
        for r in picks[:500]:
            t = ts(rnd.randint(u0, u1), True)
            r["LastName"] = "updated " + r["LastName"]
            r["LastModifiedDate"] = r["SystemModstamp"] = t
        for r in picks[500:]:
            r["IsDeleted"] = True
            r["SystemModstamp"] = ts(rnd.randint(u0, u1), True)
        for i in range(4000, 4300):
            c = rnd.randint(u0, u1)
            lid = "00Q5g%013d" % i
            sf.append({"attributes": {"type": "Lead", "url": "/services/data/v60.0/sobjects/Lead/" + lid},
                       "Id": lid, "IsDeleted": False, "FirstName": text(i), "LastName": text(i + 1),
                       "Email": "sf%d@example.com" % i, "Company": text(i + 2), "Description": text(i),
                       "AnnualRevenue": 1234.5, "NumberOfEmployees": 3, "HasOptedOutOfEmail": False,
                       "Status": "Open", "CreatedDate": ts(c, True), "LastModifiedDate": ts(c, True),
                       "SystemModstamp": ts(c, True)})
    dump(os.path.join(out, "salesforce_Lead.json"), sf)


if __name__ == "__main__":
    main()
