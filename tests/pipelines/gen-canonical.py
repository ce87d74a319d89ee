"""tests/pipelines/gen-canonical.py SEED: a small synthetic canonical data set
(accounts, persons, touches, opportunities) on stdout, for the partitioning tests.
Every touch carries its person's account_id, as mops-attribute --join account needs."""
import json, random, sys

rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
channels = ["Paid Search", "Organic Search", "Email", "Paid Social", "Direct", "Referral"]
stages = ["subscriber", "lead", "mql", "sql", "opportunity", "customer"]
out = []
for a in range(12):
    out.append({"type": "account", "id": "t:account:%d" % a, "name": "Account %d" % a})
persons = []
for p in range(60):
    acc = "t:account:%d" % rnd.randrange(12)
    st = rnd.choice(stages)
    ch = rnd.choice(channels)
    persons.append((p, acc))
    out.append({"type": "person", "id": "t:person:%d" % p, "account_id": acc,
                "email": "p%d@a.example" % p, "lifecycle_stage": st, "channel": ch,
                "created_at": "2026-%02d-%02dT10:00:00Z" % (rnd.randint(1, 9), rnd.randint(1, 28))})
for t in range(400):
    p, acc = rnd.choice(persons)
    out.append({"type": "touch", "id": "t:touch:%d" % t, "person_id": "t:person:%d" % p,
                "account_id": acc, "touch_type": "page_view",
                "occurred_at": "2026-%02d-%02dT%02d:00:00Z" % (rnd.randint(1, 10), rnd.randint(1, 28), rnd.randint(0, 23)),
                "channel": rnd.choice(channels), "campaign_id": "c%d" % rnd.randrange(5)})
for o in range(20):
    acc = "t:account:%d" % rnd.randrange(12)
    pids = ["t:person:%d" % p for p, a in persons if a == acc][:3]
    won = rnd.random() < 0.5
    out.append({"type": "opportunity", "id": "t:opportunity:%d" % o, "account_id": acc,
                "person_ids": pids, "amount": rnd.choice([12000, 4999.5, 30000, 800]),
                "currency": "USD", "stage": "Closed Won" if won else "Negotiation",
                "is_closed": won, "is_won": won,
                "created_at": "2026-%02d-%02dT12:00:00Z" % (rnd.randint(4, 11), rnd.randint(1, 28))})
rnd.shuffle(out)
for r in out:
    print(json.dumps(r, separators=(",", ":")))
