# people per variant (argv: NAME=PEOPLE:CONVERTED ...), converted = customer
import json, sys
for arg in sys.argv[1:]:
    v, rest = arg.split("=")
    n, x = map(int, rest.split(":"))
    for i in range(n):
        print(json.dumps({"id": "%s%d" % (v, i), "cta": v,
                          "lifecycle_stage": "customer" if i < x else "mql"}))
