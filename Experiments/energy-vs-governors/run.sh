#!/bin/sh
# Experiment 1 (the paper's 16.5% claim): energy at similar latency, the learned policy vs the governors, the
# Dynamic-OFA manager and the oracle, GPU and CPU inference, held-out scenarios of the simulated Xavier NX.
# The one command (from anywhere): Experiments/energy-vs-governors/run.sh
# Needs the built tandem ($BIN, default .build/release) and the sub-network library ($LIBRARY, default
# Policies/library.h5, the one `make policies` writes). Writes out/{gpu,cpu}.h5 (tandem.demo), the exported
# policies, the printed tables and out/summary.{md,csv}.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
LIBRARY=${LIBRARY:-$ROOT/Policies/library.h5}
PYTHON=${PYTHON:-python3}
[ -f "$LIBRARY" ] || { echo "run.sh: $LIBRARY missing: run 'make policies' or set LIBRARY" >&2; exit 1; }
config() { "$PYTHON" -c 'import json, sys; c = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, c))' "$HERE/config.json" "$1"; }

mkdir -p "$HERE/out"
cd "$ROOT"
for device in gpu cpu; do
    "$BIN/tandem" demo --device "$device" --library "$LIBRARY" --steps "$(config "devices['$device']['steps']")" \
        --seed "$(config seed)" --baselines "$(config baselines)" \
        --policy-out "$HERE/out/$device-policy.h5" --out "$HERE/out/$device.h5" | tee "$HERE/out/$device.txt"
done
"$PYTHON" "$HERE/summarize.py" "$HERE/out/gpu.h5" "$HERE/out/cpu.h5" --csv "$HERE/out/summary.csv" > "$HERE/out/summary.md"
cat "$HERE/out/summary.md"
