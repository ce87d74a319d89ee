#!/usr/bin/env python3
"""gen.py DIR [ga4] - a large HubSpot and GA4 data set for the fixture server (scale tests).

Deterministic (one random.Random). Written in the fixture data format: JSON arrays
with one record per line, each line byte for byte what the server serves.
  hubspot_contacts.json   3500 contacts; 1200 of them share one lastmodifieddate
                          (2026-07-04T12:00:00.000Z, a bulk import) and 40 are archived
  hubspot_companies.json  3000 companies, hs_lastmodifieddate spread over the year
  hubspot_deals.json      3000 deals, with associations to contacts and companies
  hubspot_associations.json
  ga4_daily.json          90 days x 45 source/medium/campaign rows
Every record carries 12 long custom property names (so that asking for every
property needs several list URLs) and values with quotes, backslashes, accents,
emoji, slashes and nulls.
"""
import calendar
import json
import os
import random
import sys
import time

out = sys.argv[1]
only_ga4 = sys.argv[2:] == ["ga4"]
os.makedirs(out, exist_ok=True)
rnd = random.Random(20261123)
T0 = calendar.timegm((2026, 1, 1, 0, 0, 0)) * 1000
T1 = calendar.timegm((2026, 11, 20, 0, 0, 0)) * 1000
BURST = calendar.timegm((2026, 7, 4, 12, 0, 0)) * 1000
CUSTOM = ["acme_custom_property_number_%02d_with_a_rather_long_internal_name" % i for i in range(12)]
ODD = ['plain', 'quote " inside', 'back\\slash', 'Zoë Ærøskøbing', 'emoji \U0001F680 ok', 'a/b?c=d&e=f',
       'tab\there', 'line\nbreak', '', None, '12345678901234567890', '0.65', 'über-straße']


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def dump(name, recs):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in recs))
        f.write("\n]\n")


def custom():
    return {c: rnd.choice(ODD) for c in CUSTOM}


def record(oid, props, created, mod, archived):
    r = {"id": oid, "properties": props, "createdAt": iso(created), "updatedAt": iso(mod), "archived": archived}
    if archived:
        r["archivedAt"] = iso(mod + 1000)
    return r


def objects(n, first_id, step, modprop, burst, base):
    recs = []
    burst_ids = set(rnd.sample(range(n), burst)) if burst else set()
    archived = set(rnd.sample(range(n), 40 if burst else 0))
    for i in range(n):
        oid = str(first_id + i * step)
        mod = BURST if i in burst_ids else rnd.randrange(T0, T1)
        created = mod - rnd.randrange(0, 200 * 86400 * 1000)
        props = base(i)
        props["createdate"] = iso(created)
        props[modprop] = iso(mod)
        props["hs_object_id"] = oid
        props.update(custom())
        recs.append(record(oid, props, created, mod, i in archived))
    return recs


def hubspot():
    contacts = objects(3500, 300001, 3, "lastmodifieddate", 1200, lambda i: {
        "email": "person%d@example.com" % i, "firstname": rnd.choice(ODD), "lastname": "Nom-%d" % i})
    companies = objects(3000, 5100000001, 11, "hs_lastmodifieddate", 0, lambda i: {
        "name": "Company %d \"Ltd\"" % i, "domain": "c%d.example.com" % i})
    deals = objects(3000, 9100000001, 7, "hs_lastmodifieddate", 0, lambda i: {
        "dealname": "Deal %d" % i, "amount": "%d.%02d" % (rnd.randrange(100, 99999), rnd.randrange(100)),
        "dealstage": rnd.choice(["appointmentscheduled", "closedwon", "closedlost"])})
    dump("hubspot_contacts.json", contacts)
    dump("hubspot_companies.json", companies)
    dump("hubspot_deals.json", deals)
    assoc = {"deals": {}, "contacts": {}, "companies": {}}
    for d in deals:
        c = sorted({rnd.choice(contacts)["id"] for _ in range(rnd.randrange(0, 3))}, key=int)
        m = [rnd.choice(companies)["id"]] if rnd.random() < 0.8 else []
        assoc["deals"][d["id"]] = {"contacts": c, "companies": m}
    with open(os.path.join(out, "hubspot_associations.json"), "w") as f:
        json.dump(assoc, f)


if not only_ga4:
    hubspot()
grnd = random.Random(7)  # GA4 rows do not depend on whether HubSpot was written
rows = []
combos = [(s, m, "camp-%d" % k) for s, m in (("google", "cpc"), ("google", "organic"), ("bing", "cpc"),
                                               ("linkedin.com", "paid_social"), ("(direct)", "(none)"))
          for k in range(9)]
for d in range(90):
    day = time.strftime("%Y%m%d", time.gmtime(calendar.timegm((2026, 8, 1, 0, 0, 0)) + d * 86400))
    for s, m, c in combos:
        sess = grnd.randrange(1, 500)
        rows.append({"date": day, "sessionSource": s, "sessionMedium": m, "sessionCampaignName": c,
                     "sessionDefaultChannelGroup": "Other", "sessions": sess, "totalUsers": sess - grnd.randrange(sess),
                     "newUsers": grnd.randrange(sess), "conversions": grnd.randrange(5),
                     "totalRevenue": round(grnd.random() * 1000, 2)})
with open(os.path.join(out, "ga4_daily.json"), "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in rows) + "\n]\n")
