#!/bin/sh
# Experiment 4, simulator vs live: does a per-layer profile of this machine predict the end-to-end latency the
# Swift engine really measures for the 13 published Dynamic-OFA library sub-networks? See README.md.
#   Experiments/sim-vs-live/run.sh            profile this host, then compare (writes profile.h5, results.*)
#   RESUME=1 Experiments/sim-vs-live/run.sh   continue an interrupted profile
# Environment: TANDEM_BIN (folder holding `tandem`, default .build/release), SHARED (default ../shared).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${TANDEM_BIN:-$repo/.build/release}
shared=${SHARED:-$repo/../shared}
library="$shared/data/dynamic-ofa/library.json"
[ -f "$library" ] || { echo "run.sh: $library is missing (set SHARED)" >&2; exit 1; }
if [ ! -x "$bin/tandem" ]; then
  (cd "$repo" && swift build -c release -Xswiftc -enable-testing --product tandem)
fi
resume=""
[ "${RESUME:-0}" = 1 ] && resume="--resume"

# (a) The per-layer table of this host, w1.2 (the supernet of the published library), at the library's resolutions.
"$bin/tandem" profile --synthetic --width 1.2 --platform host --resolutions 160,176,192,208,224 \
  --repeat 15 --warmup 3 --threads 2 --out "$here/profile.h5" $resume

# (b) Predicted (sum of layers) vs measured end to end, for the 13 published nets; the correction is fitted on
# 10 random sub-networks that are not among them.
"$bin/tandem" profile check --profile "$here/profile.h5" --subnets "$library" --fit-count 10 --seed 1 \
  --repeat 10 --warmup 2 --passes 3 --out "$here/results.h5" --csv "$here/results.csv" | tee "$here/results.txt"
