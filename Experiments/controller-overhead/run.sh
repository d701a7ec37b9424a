#!/bin/sh
# Experiment 5: what the on-device controller costs: tandemd's decision latency (observe + decide, p50/p99 µs),
# resident memory, binary size and start-up time, from `tandem bench controller --json`, against the published
# anchors in anchors.json. Runs on this machine against a fake Xavier NX sysfs tree (no board needed).
# The one command (from anywhere): Experiments/controller-overhead/run.sh
# Needs the built tandem and tandemd ($BIN, default .build/release). Writes out/bench.json and out/summary.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
PYTHON=${PYTHON:-python3}
ITERATIONS=${ITERATIONS:-20000}
mkdir -p "$HERE/out"
"$BIN/tandem" bench controller --iterations "$ITERATIONS" --json > "$HERE/out/bench.json"
"$PYTHON" - "$HERE/out/bench.json" "$HERE/anchors.json" > "$HERE/out/summary.md" <<'PY'
import json, os, platform, sys
bench = json.load(open(sys.argv[1]))
anchors = json.load(open(sys.argv[2]))["anchors"]
p50, p99 = bench["decision_p50_us"], bench["decision_p99_us"]
def shown(key, unit):
    value = bench.get(key)
    return "not measured" if value is None else f"{value:.1f} {unit}"
print(f"tandemd on {platform.machine()} ({os.cpu_count()} cores), fake Xavier NX tree, {bench['iterations']} decisions: "
      f"p50 {p50:.1f} µs, p99 {p99:.1f} µs; peak RSS {shown('rss_mb', 'MB')} (private {shown('private_mb', 'MB')}, "
      f"anonymous {shown('anonymous_mb', 'MB')}); binary {shown('binary_mb', 'MB')}; "
      f"start-up {shown('startup_ms', 'ms')}\n")
print("| anchor | µs | tandemd p99 as a share of it | source |")
print("|---|---|---|---|")
for a in anchors:
    us = a.get("microseconds", a.get("microseconds_high"))
    span = f"{a['microseconds_low']}–{a['microseconds_high']}" if "microseconds_low" in a else f"{us:,}"
    print(f"| {a['what']} | {span} | {100 * p99 / us:.2g} % | {a['source']} |")
PY
cat "$HERE/out/summary.md"
