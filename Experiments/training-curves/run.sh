#!/bin/sh
# Experiment 3: training curves of Q-learning, DQN, PPO and the model-based agent, several seeds, on the simulated Xavier NX.
# The one command (from anywhere): Experiments/training-curves/run.sh
# Needs the built tandem ($BIN, default .build/release) and the library ($LIBRARY, default Policies/library.h5).
# Writes out/<agent>-seed<k>.h5 (tandem.metrics: charts/episodic_return, charts/episodic_energy_j, charts/miss_rate,
# ...), the policies under out/policies/ and out/summary.{md,csv}; the figure: Notebooks/training_curves.ipynb.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
LIBRARY=${LIBRARY:-$ROOT/Policies/library.h5}
PYTHON=${PYTHON:-python3}
[ -f "$LIBRARY" ] || { echo "run.sh: $LIBRARY missing: run 'make policies' or set LIBRARY" >&2; exit 1; }
config() { "$PYTHON" -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print(" ".join(map(str, v)) if isinstance(v, list) else v)' "$HERE/config.json" "$1"; }

mkdir -p "$HERE/out/policies"
cd "$ROOT"
for agent in $(config agents); do
    for seed in $(config seeds); do
        "$BIN/tandem" train --platform "$(config platform)" --scenario "$(config scenarios)" --library "$LIBRARY" \
            --agent "$agent" --steps "$(config steps)" --seed "$seed" --constrained --miss-rate "$(config miss_rate)" \
            --accuracy-weight "$(config accuracy_weight)" --log "$HERE/out/$agent-seed$seed.h5" \
            --out "$HERE/out/policies/$agent-seed$seed.h5"
    done
done
"$PYTHON" "$HERE/summarize.py" "$HERE/out" --csv "$HERE/out/summary.csv" > "$HERE/out/summary.md"
cat "$HERE/out/summary.md"
