#!/bin/sh
# The held-out comparison of README section `agents`: a policy against dynamic-ofa, schedutil (largest feasible
# sub-network) and the oracles on the GPU scenarios of Experiments/scenarios/eval, simulated Xavier NX, every
# controller under the board's nvpmodel CPU floor (pass --cpu-floor-khz 0 after the policy to lift it for all).
# oracle@policy is the cheapest model-knowing run at the policy's own top-1 and miss rate (the fair distance to the
# oracle); oracle@dynamic-ofa the cheapest one that passes the paper bar against dynamic-ofa (the most any
# frame-by-frame controller could save under the bar).
# Usage: Experiments/tools/heldout_table.sh POLICY.h5 [extra `tandem evaluate` options]. Prints a Markdown table.
set -eu
BIN=${BIN:-.build/release}
POLICY=$1
shift
for scenario in paper-gpu-corunner-late stepped-fps-gpu-reversed strict-accuracy-tight bursty-corunners-dense long-thermal-hot; do
    "$BIN/tandem" evaluate --platform xavier-nx --scenario "Experiments/scenarios/eval/$scenario.json" \
        --library Policies/library.h5 --policy "$POLICY" \
        --baselines dynamic-ofa,schedutil,oracle,oracle@policy,oracle@dynamic-ofa --json "$@"
done | python3 -c '
import json, sys
print("| held-out scenario | energy vs dynamic-ofa | vs schedutil (largest feasible) | vs oracle | vs oracle@policy | best possible vs dynamic-ofa (oracle@dynamic-ofa) | miss % (policy / dofa) | top-1 % (policy / dofa) | p99 ms (policy / dofa) | paper bar |")
print("|---|---|---|---|---|---|---|---|---|---|")
for line in sys.stdin:
    run = json.loads(line)
    c = {x["name"]: x for x in run["controllers"]}
    p, d, s, o = c["policy"], c["dynamic-ofa"], c["schedutil"], c["oracle"]
    op = c.get("oracle@policy") or c.get("oracle@policy (infeasible)")
    od = c.get("oracle@dynamic-ofa") or c.get("oracle@dynamic-ofa (infeasible)")
    rel = lambda a, b: "%+.1f%%" % ((a["energy_j"] / b["energy_j"] - 1) * 100)
    ok = (p["energy_j"] <= 0.835 * d["energy_j"] and p["miss_rate"] <= d["miss_rate"] + 0.005
          and p["mean_top1"] >= d["mean_top1"] - 0.5)
    print("| %s | %s | %s | %s | %s | %s | %.1f / %.1f | %.2f / %.2f | %.0f / %.0f | %s |" % (
        run["scenario"], rel(p, d), rel(p, s), rel(p, o), rel(p, op), rel(od, d), p["miss_rate"] * 100,
        d["miss_rate"] * 100, p["mean_top1"], d["mean_top1"], p["latency_p99_ms"], d["latency_p99_ms"],
        "met" if ok else "not met"))
'
