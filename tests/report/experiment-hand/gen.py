# The hand case: 1,000 people per variant, 100 and 130 of them reach
# mql (half by a stage_dates entry, half by their current stage only), plus
# 7 people without the field, who stay out of the test.
import json
for v, conv in (("A", 100), ("B", 130)):
    for i in range(1000):
        r = {"type": "person", "id": "%s%04d" % (v, i), "ab_test": v}
        if i < conv and i % 2:
            r["lifecycle_stage"] = "lead"
            r["stage_dates"] = {"lead": "2026-01-05", "mql": "2026-01-20"}
        elif i < conv:
            r["lifecycle_stage"] = "sql"
        else:
            r["lifecycle_stage"] = "lead"
            r["stage_dates"] = {"lead": "2026-01-05"}
        print(json.dumps(r))
for i in range(7):
    print(json.dumps({"type": "person", "id": "N%d" % i, "lifecycle_stage": "mql"}))
