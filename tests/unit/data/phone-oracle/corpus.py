#!/usr/bin/env python3
"""corpus.py - phone numbers to check mops against an independent library.

Writes raw<TAB>region lines on stdout: every example number of
tools/data/PhoneNumberMetadata.xml written internationally, nationally with and
without the national prefix and with the calling code but no '+'; each also cut
short, made longer and with one digit changed (mostly impossible numbers); and
the cases named in issue 17.  oracle.js then answers them with libphonenumber-js
(a separate implementation in JavaScript with its own build of the metadata).
"""
import random
import xml.etree.ElementTree as ET

random.seed(7)
root = ET.parse("tools/data/PhoneNumberMetadata.xml").getroot()
rows = []
for te in root.find("territories"):
    a = te.attrib
    rid, cc, np_ = a["id"], a["countryCode"], a.get("nationalPrefix", "")
    for el in te:
        ex = el.find("exampleNumber")
        if ex is None or el.tag == "noInternationalDialling":
            continue
        n = ex.text.strip()
        rows += [("+%s %s" % (cc, n), ""), ("+%s %s" % (cc, n[:-1]), ""),
                 ("+%s %s0" % (cc, n), "")]
        if rid != "001":
            m = list(n)
            k = random.randrange(len(m))
            m[k] = str((int(m[k]) + random.randrange(1, 10)) % 10)
            rows += [(np_ + n, rid), (n, rid), (cc + n, rid), (np_ + n[:-1], rid),
                     (np_ + "".join(m), rid)]
rows += [("39800911621", "IT"), ("+1 555 555 5555", ""), ("+44 20 7946 095", ""),
         ("12345", "DE"), ("1300 123 456", "AU"), ("1800 123 456", "AU"),
         ("1800 123 456", "IE"), ("1800 123 4567", "IN"), ("0800 123 4567", "BR"),
         ("4004 1234", "BR"), ("1800 123 4567", "SG"), ("1-800-123-456", "IL"),
         ("0800 1234567", "NL"), ("0800 1234", "NL"), ("0800 123 456", "NL")]
for raw, reg in rows:
    print("%s\t%s" % (raw, reg))
