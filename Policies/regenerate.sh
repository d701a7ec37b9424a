#!/bin/sh
# Regenerates the shipped policies (`make policies`). Needs the built tandem ($BIN, default .build/release) and the
# shared Dynamic-OFA data ($SHARED, default ../shared) for the sub-network library. Same machine + same seeds =
# the same networks (the files differ only in their `date` attribute).
set -eu
BIN=${BIN:-.build/release}
SHARED=${SHARED:-../shared}
SCENARIOS=Experiments/scenarios
DATA=$SHARED/data/dynamic-ofa

# The library every policy indexes: 8 levels along the GPU accuracy/latency front of Dynamic-OFA's tables.
"$BIN/tandem" search --profile "$DATA/latency-tables" --accuracy "$DATA/accuracy-predictor.json" \
    --published "$DATA/library.json" --levels 8 --seed 0 --out Policies/library.h5

# Shared settings of the shipped policies (Policies/README.md explains the choice): DQN with the coupled head,
# myopic (gamma 0), under the board's nvpmodel CPU floor (the default of --cpu-floor-khz).
train() {
    "$BIN/tandem" train --platform xavier-nx --library Policies/library.h5 --agent dqn --seed 1 \
        --accuracy-weight "$WEIGHT" --constrained --miss-rate "$MISS_RATE" \
        --head coupled --gamma 0 --hidden 128,128 "$@"
}
WEIGHT=0.05
MISS_RATE=0.01

# One policy for every GPU training scenario at once (the one the results use), ...
# (sorted by name, the order `tandem demo` uses, so the demo trains exactly this policy)
GPU_TRAIN=$SCENARIOS/train/bursty-corunners.json,$SCENARIOS/train/long-thermal.json,$SCENARIOS/train/paper-gpu-corunner.json,$SCENARIOS/train/stepped-fps-gpu.json,$SCENARIOS/train/strict-accuracy.json
# The mix is the model-based agent's (tandem demo trains exactly this): world model + planner distilled into a 64x64 MLP,
# each scenario the same expected number of frames.
"$BIN/tandem" train --platform xavier-nx --library Policies/library.h5 --agent model --seed 1 \
    --accuracy-weight "$WEIGHT" --constrained --miss-rate "$MISS_RATE" --head coupled --hidden 64,64 --mix frames \
    --scenario "$GPU_TRAIN" --steps 60000 --out Policies/xavier-nx-gpu-mix.h5
# ... and one per training scenario.
for scenario in paper-gpu-corunner stepped-fps-gpu strict-accuracy bursty-corunners long-thermal cpu-background; do
    train --scenario "$SCENARIOS/train/$scenario.json" --steps 30000 --out "Policies/$scenario.h5"
done
