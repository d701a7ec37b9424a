#!/bin/sh
# Experiment 4, simulator vs live: does a per-layer profile of this machine predict the end-to-end latency the
# Swift engine really measures for the 13 published Dynamic-OFA library sub-networks? See README.md.
#   Experiments/sim-vs-live/run.sh            profile this host, then compare (writes profile.h5, results.*)
#   RESUME=1 Experiments/sim-vs-live/run.sh   continue an interrupted profile
#   CLOCK=wall THREADS=2 Experiments/sim-vs-live/run.sh   the wall-clock variant (results-wall-t2.*)
# Environment: TANDEM_BIN (folder holding `tandem`, default .build/release), SHARED (default ../shared),
# CLOCK (cpu | wall, default cpu), THREADS (default 1). Why CPU time and one thread by default: README.md.
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
clock=${CLOCK:-cpu}
threads=${THREADS:-1}
suffix=""
[ "$clock/$threads" = "cpu/1" ] || suffix="-$clock-t$threads"
bin=$(cd "$bin" && pwd)
cd "$here"  # output paths below are relative, so the files do not record this checkout's location

# (a) The per-layer table of this host, w1.2 (the supernet of the published library), at the library's resolutions.
"$bin/tandem" profile --synthetic --width 1.2 --platform host --resolutions 160,176,192,208,224 \
  --repeat 25 --warmup 3 --threads "$threads" --clock "$clock" --out "profile$suffix.h5" $resume

# (b) Predicted (sum of layers) vs measured end to end, for the 13 published nets; the correction is fitted on
# 10 random sub-networks that are not among them.
"$bin/tandem" profile check --profile "profile$suffix.h5" --subnets "$library" --fit-count 10 --seed 1 \
  --repeat 10 --warmup 2 --passes 5 --out "results$suffix.h5" --csv "results$suffix.csv" \
  | tee "results$suffix.txt"
