#!/usr/bin/env python3
"""dedupe-gen.py - synthetic B2B person records for mops-dedupe's benchmark.

    python3 bench/dedupe-gen.py N [SEED] > persons.ndjson

N records: about 75% distinct people, the rest copies of them as another
system holds them (HubSpot, Salesforce, Marketo): nicknames, typos, swapped
names, gmail dots/+tags, company legal-suffix variants, phone formats, shared
role inboxes.  Each record carries its entity in "_truth" so
tests/dedupe-eval/eval.py can score a run.  Deterministic for a seed.
"""
import json
import random
import sys

FIRST = ("james robert john michael william david richard joseph thomas charles "
         "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen "
         "daniel matthew anthony mark donald steven paul andrew joshua kenneth "
         "nancy lisa betty margaret sandra ashley kimberly emily donna michelle "
         "olivia emma ava sophia isabella mia charlotte amelia harper evelyn "
         "liam noah oliver elijah lucas mason logan ethan aiden jackson "
         "wei li jun hiroshi yuki sven lars anders pierre marie jose maria "
         "ahmed fatima omar priya rahul arjun ana carlos juan lucia").split()
NICK = {"robert": "bob", "william": "bill", "elizabeth": "liz", "michael": "mike",
        "james": "jim", "richard": "dick", "joseph": "joe", "thomas": "tom",
        "charles": "chuck", "margaret": "peggy", "jennifer": "jen",
        "daniel": "dan", "matthew": "matt", "anthony": "tony", "andrew": "andy",
        "kenneth": "ken", "patricia": "pat", "susan": "sue", "steven": "steve",
        "joshua": "josh", "kimberly": "kim", "barbara": "barb"}
LAST_BASE = ("smith johnson williams brown jones garcia miller davis rodriguez "
             "martinez hernandez lopez gonzalez wilson anderson thomas taylor moore "
             "jackson martin lee perez thompson white harris sanchez clark ramirez "
             "lewis robinson walker young allen king wright scott torres nguyen "
             "hill flores green adams nelson baker hall rivera campbell mitchell "
             "carter roberts muller schmidt schneider fischer weber meyer wagner "
             "becker schulz hoffmann dubois durand leroy moreau rossi russo "
             "ferrari esposito bianchi tanaka suzuki takahashi watanabe kim park "
             "chen wang zhang liu yang huang zhao wu zhou xu sun").split()
SYL = "ka ri to mo an el be so ra ne vi lu da on ir ste fan berg man son ov ski ez".split()
SUFFIX = ["Inc", "Inc.", "LLC", "Ltd", "Limited", "GmbH", "AG", "S.A.", "SAS",
          "B.V.", "PLC", "Corp", "Corporation", "Co.", "Oy", "AB", "Pty Ltd", ""]
CWORD = ("acme globex initech umbrella hooli vandelay stark wayne wonka tyrell "
         "cyberdyne soylent massive dynamic aperture gringotts oscorp monarch "
         "nakatomi pied piper virtucon zorg blue sun nova terra delta apex "
         "summit vertex quantum pixel orbit atlas beacon cobalt ember falcon "
         "granite harbor ionic juniper kinetic lumen meridian nimbus onyx").split()
FREE = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "gmx.de"]
SRC = ["hubspot", "salesforce", "marketo"]
STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer"]
COUNTRY = [("US", "New York"), ("US", "San Francisco"), ("GB", "London"),
           ("DE", "Berlin"), ("FR", "Paris"), ("JP", "Tokyo"), ("SE", "Stockholm"),
           ("AU", "Sydney"), ("BR", "Sao Paulo"), ("IN", "Bangalore")]


def typo(rng, s):
    if len(s) < 3:
        return s
    i = rng.randrange(len(s) - 1)
    op = rng.randrange(3)
    if op == 0:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if op == 1:
        return s[:i] + s[i + 1:]
    return s[:i] + rng.choice("aeioulnrst") + s[i + 1:]


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    lasts = LAST_BASE + ["".join(rng.choice(SYL) for _ in range(rng.randint(2, 3)))
                         for _ in range(20000)]
    companies = []
    for i in range(max(1000, n // 40)):
        name = " ".join(rng.choice(CWORD).title() for _ in range(rng.randint(1, 2)))
        name += " " + str(i) if rng.random() < 0.5 else ""
        companies.append((name.strip(), name.lower().replace(" ", "") + ".com"))
    ents = []
    used = set()
    out = sys.stdout
    ids = {s: 1000 for s in SRC}
    nent = int(n * 0.75)
    for e in range(n):
        if e < nent:
            first, last = rng.choice(FIRST), rng.choice(lasts)
            comp = rng.choice(companies)
            ctry = rng.choice(COUNTRY)
            phone = "+1%010d" % rng.randrange(10 ** 10)
            work = rng.random() < 0.8
            local = rng.choice([first + "." + last, first[0] + last, first + last[0],
                                first + str(rng.randrange(100))])
            email = local + "@" + (comp[1] if work else rng.choice(FREE))
            while email in used:  # a mailbox belongs to one person
                email = local + str(rng.randrange(1000)) + "@" + email.split("@")[1]
            used.add(email)
            ent = (e, first, last, comp, ctry, phone, email)
            ents.append(ent)
        else:
            ent = rng.choice(ents)
        eid, first, last, comp, ctry, phone, email = ent
        src = rng.choice(SRC)
        ids[src] += 1
        if e >= nent:  # a duplicate as another system spells it
            r = rng.random()
            if r < 0.2 and first in NICK:
                first = NICK[first]
            elif r < 0.35:
                first = typo(rng, first)
            elif r < 0.5:
                last = typo(rng, last)
            elif r < 0.55:
                first, last = last, first
            r = rng.random()
            if r < 0.15 and email.endswith("@gmail.com"):
                loc = email.split("@")[0]
                email = loc.replace(".", "") + "+" + src + "@googlemail.com"
            elif r < 0.25:
                email = email.upper()
            elif r < 0.35:
                email = ""
            elif r < 0.4:
                email = "info@" + comp[1]
            if rng.random() < 0.3:
                phone = "+1 (%s) %s-%s" % (phone[2:5], phone[5:8], phone[8:])
        cname = comp[0] + (" " + rng.choice(SUFFIX) if rng.random() < 0.7 else "")
        cr = "2025-%02d-%02dT%02d:00:00Z" % (rng.randint(1, 12), rng.randint(1, 28),
                                             rng.randint(0, 23))
        rec = {"type": "person", "id": "%s:contact:%d" % (src, ids[src]),
               "source": src, "source_id": str(ids[src]), "email": email,
               "first_name": first.title(), "last_name": last.title(),
               "company": cname, "company_domain": comp[1] if rng.random() < 0.5 else "",
               "phone": phone if rng.random() < 0.6 else "",
               "country": ctry[0], "city": ctry[1],
               "lifecycle_stage": rng.choice(STAGES),
               "email_opt_out": rng.random() < 0.05,
               "created_at": cr, "updated_at": cr.replace("2025", "2026"),
               "_truth": str(eid)}
        out.write(json.dumps({k: v for k, v in rec.items() if v != ""},
                             separators=(",", ":")) + "\n")


main()
