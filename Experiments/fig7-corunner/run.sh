#!/bin/sh
# Experiment 2 (the paper's Fig. 7): a co-running GPU training job arrives at 2.5 s; the sub-network level and the
# frequencies adapt. Trains the policy (unless $POLICY names one), then evaluates it next to the Dynamic-OFA
# manager, schedutil and the oracle on the scenario, all on the simulated Xavier NX.
# The one command (from anywhere): Experiments/fig7-corunner/run.sh
# Needs the built tandem ($BIN, default .build/release) and the library ($LIBRARY, default Policies/library.h5).
# Writes out/fig7.h5 (tandem.results: per-frame target, latency, level, CPU/GPU kHz, power), out/fig7.json,
# out/fig7.csv (the time series) and out/policy.h5; the figure: Notebooks/fig7_timeseries.ipynb.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
LIBRARY=${LIBRARY:-$ROOT/Policies/library.h5}
PYTHON=${PYTHON:-python3}
[ -f "$LIBRARY" ] || { echo "run.sh: $LIBRARY missing: run 'make policies' or set LIBRARY" >&2; exit 1; }
config() { "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$HERE/config.json" "$1"; }

mkdir -p "$HERE/out"
cd "$ROOT"
POLICY=${POLICY:-}
if [ -z "$POLICY" ]; then
    POLICY=$HERE/out/policy.h5
    "$BIN/tandem" train --platform "$(config platform)" --scenario "$(config training_scenarios)" --library "$LIBRARY" \
        --agent "$(config agent)" --steps "$(config steps)" --seed "$(config train_seed)" --constrained \
        --miss-rate "$(config miss_rate)" --accuracy-weight "$(config accuracy_weight)" $(config train_options) \
        --out "$POLICY"
fi
"$BIN/tandem" evaluate --platform "$(config platform)" --scenario "$(config scenario)" --library "$LIBRARY" \
    --policy "$POLICY" --baselines "$(config baselines)" --seed "$(config evaluation_seed)" --out "$HERE/out/fig7.h5"
"$BIN/tandem" evaluate --platform "$(config platform)" --scenario "$(config scenario)" --library "$LIBRARY" \
    --policy "$POLICY" --baselines "$(config baselines)" --seed "$(config evaluation_seed)" --json > "$HERE/out/fig7.json"
"$PYTHON" - "$HERE/out/fig7.h5" "$HERE/out/fig7.csv" <<'PY'
import csv, sys
import h5py
with h5py.File(sys.argv[1], "r") as f, open(sys.argv[2], "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["controller", "t_s", "target_ms", "latency_ms", "level", "cpu_khz", "gpu_khz", "power_w"])
    for name in [c.decode() if isinstance(c, bytes) else c for c in f.attrs["controllers"]]:
        g = f[name]
        for row in zip(g["t"][()], g["target_ms"][()], g["latency_ms"][()], g["level"][()], g["cpu_khz"][()],
                       g["gpu_khz"][()], g["power_w"][()]):
            writer.writerow([name, f"{row[0]:.4f}", f"{row[1]:.2f}", f"{row[2]:.2f}", int(row[3]), int(row[4]),
                             int(row[5]), f"{row[6]:.3f}"])
PY
"$BIN/tandem" evaluate --platform "$(config platform)" --scenario "$(config scenario)" --library "$LIBRARY" \
    --policy "$POLICY" --baselines "$(config baselines)" --seed "$(config evaluation_seed)"
