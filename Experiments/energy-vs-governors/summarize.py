#!/usr/bin/env python3
"""Markdown and CSV summary of `tandem demo` results files (tandem.demo): per device, the pooled row of every
controller over the held-out scenarios, and the policy's energy saving per scenario with the miss rates beside it."""
import argparse
import csv
import sys

import h5py


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results", nargs="+", help="tandem.demo files")
    parser.add_argument("--csv", help="also write the pooled rows as CSV here")
    args = parser.parse_args()
    rows = []
    out = sys.stdout
    for path in args.results:
        with h5py.File(path, "r") as f:
            if text(f.attrs["format"]) != "tandem.demo":
                sys.exit(f"{path}: not a tandem.demo file")
            device = text(f.attrs["device"])
            controllers = [text(c) for c in f.attrs["controllers"]]
            scenarios = [text(s) for s in f.attrs["scenarios"]]
            print(f"\n**{device.upper()} inference**, held-out scenarios {', '.join(scenarios)}; policy trained "
                  f"{int(f.attrs['training_steps'])} steps ({text(f.attrs['agent'])}), seed {text(f.attrs['seed'])}; "
                  "simulated Xavier NX\n", file=out)
            print("| controller | energy J | mJ/frame | p50 ms | p99 ms | miss % | top-1 % | saved vs schedutil | saved vs dynamic-ofa |", file=out)
            print("|---|---|---|---|---|---|---|---|---|", file=out)
            for name in controllers:
                a = f["summary"][name].attrs
                row = {"device": device, "controller": name, "energy_j": a["energy_j"],
                       "energy_per_frame_mj": a["energy_per_frame_mj"], "latency_p50_ms": a["latency_p50_ms"],
                       "latency_p99_ms": a["latency_p99_ms"], "miss_rate": a["miss_rate"], "mean_top1": a["mean_top1"],
                       "saving_vs_schedutil_percent": a["saving_vs_schedutil_percent"],
                       "saving_vs_dynamic_ofa_percent": a["saving_vs_dynamic_ofa_percent"]}
                rows.append(row)
                print(f"| {name} | {row['energy_j']:.1f} | {row['energy_per_frame_mj']:.1f} | {row['latency_p50_ms']:.1f} "
                      f"| {row['latency_p99_ms']:.1f} | {100 * row['miss_rate']:.1f} | {row['mean_top1']:.2f} "
                      f"| {row['saving_vs_schedutil_percent']:+.1f}% | {row['saving_vs_dynamic_ofa_percent']:+.1f}% |", file=out)
            shown = [c for c in ("schedutil", "dynamic-ofa", "oracle") if c in controllers]
            print("\n| scenario | frames | " + " | ".join(f"policy saved vs {c}" for c in shown)
                  + " | " + " | ".join(f"miss % {c}" for c in ["policy"] + shown) + " |", file=out)
            print("|---" * (2 + 2 * len(shown) + 1) + "|", file=out)
            for scenario in scenarios:
                group = f["scenarios"][scenario]
                policy = group["policy"].attrs
                savings = [(1 - policy["energy_j"] / group[c].attrs["energy_j"]) * 100 for c in shown]
                misses = [100 * group[c].attrs["miss_rate"] for c in ["policy"] + shown]
                print(f"| {scenario} | {int(policy['frames'])} | " + " | ".join(f"{s:+.1f}%" for s in savings)
                      + " | " + " | ".join(f"{m:.1f}" for m in misses) + " |", file=out)
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) or hasattr(v, "dtype") else v) for k, v in row.items()})


if __name__ == "__main__":
    main()
