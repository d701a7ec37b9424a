#!/usr/bin/env python3
"""Batch-1 CPU inference latency of OFA MobileNetV3 sub-networks: Tandem vs onnxruntime vs PyTorch eager.

    python3 Experiments/bench/inference.py [--threads 2] [--repeat 50] [--rounds 1] [--tandem .build/release/tandem]

For each width (1.0, 1.2) and sub-network (max@224, ks5/e4/d3@192, min@160), in one run:
* Tandem: `tandem bench infer --width W --subnet NAME --threads T --repeat N --json` (release build; median_ms,
  and the sub-network switch cost switch_us);
* onnxruntime: the static sub-network of the `ofa` package (`set_active_subnet` + `get_active_subnet`), exported
  to ONNX (opset 17), intra-op threads T, all graph optimisations;
* PyTorch eager: the same static sub-network, torch.set_num_threads(T), no_grad.
Weights are random (latency does not depend on the values). Each figure is the median of N batch-1 runs after a
warm-up. Prints a Markdown table with the ratio Tandem / onnxruntime.

With --rounds R (for a shared or noisy machine) every case is measured R times, Tandem and onnxruntime back to
back in alternating order (PyTorch in the first round only); the table then gives the medians over the rounds, the
median of the per-round ratios, and their spread (min–max) in two extra columns.
Needs: torch, onnx, onnxruntime, ofa (pip install "torch==2.13.*" onnx onnxruntime ofa --no-deps).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Experiments", "tools"))
import ofa_supernet  # noqa: E402

CASES = [("max@224", 7, 6, 4, 224), ("ks5/e4/d3@192", 5, 4, 3, 192), ("min@160", 3, 3, 2, 160)]


def median_ms(run, repeat):
    for _ in range(max(3, repeat // 10)):
        run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--tandem", default=os.path.join(ROOT, ".build", "release", "tandem"))
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every case this many times, Tandem and onnxruntime interleaved")
    args = parser.parse_args()
    if not os.path.exists(args.tandem):
        subprocess.run(["swift", "build", "-c", "release", "--product", "tandem"], cwd=ROOT, check=True)

    import numpy as np
    import onnxruntime as ort
    import torch
    torch.set_num_threads(args.threads)
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL

    def tandem_run(width, name):
        out = subprocess.run([args.tandem, "bench", "infer", "--width", f"{width:.1f}", "--subnet", name,
                              "--threads", str(args.threads), "--repeat", str(args.repeat), "--json"],
                             check=True, capture_output=True, text=True)
        return json.loads(out.stdout)

    cases = []
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for width in (1.0, 1.2):
            supernet = ofa_supernet.build_supernet(width)
            for name, k, e, d, r in CASES:
                supernet.set_active_subnet(ks=k, e=e, d=d)
                subnet = supernet.get_active_subnet(preserve_weight=True).eval()
                image = torch.randn(1, 3, r, r)
                path = os.path.join(folder, f"w{width}-{k}{e}{d}-{r}.onnx")
                torch.onnx.export(subnet, (image,), path, opset_version=17, dynamo=False,
                                  input_names=["input"], output_names=["logits"])
                session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
                feed = {"input": image.numpy().astype(np.float32)}
                cases.append(dict(width=width, name=name, subnet=subnet, image=image, session=session, feed=feed,
                                  tandem=[], ort=[], switch=[], torch=None))
        for round_index in range(args.rounds):
            for case in cases:
                def measure_ort():
                    case["ort"].append(median_ms(lambda: case["session"].run(None, case["feed"]), args.repeat))

                def measure_tandem():
                    tandem = tandem_run(case["width"], case["name"])
                    case["tandem"].append(tandem["median_ms"])
                    case["switch"].append(tandem["switch_us"])
                # Alternate who goes first, so that neither side always follows the other's warm-up or load.
                for measure in ((measure_tandem, measure_ort) if round_index % 2 == 0 else (measure_ort, measure_tandem)):
                    measure()
                if case["torch"] is None:
                    with torch.no_grad():
                        case["torch"] = median_ms(lambda: case["subnet"](case["image"]), args.repeat)
                print(f"round {round_index + 1}: w{case['width']:.1f} {case['name']}: tandem {case['tandem'][-1]:.2f} ms, "
                      f"onnxruntime {case['ort'][-1]:.2f} ms, ratio {case['tandem'][-1] / case['ort'][-1]:.2f}"
                      + (f", pytorch {case['torch']:.2f} ms" if round_index == 0 else ""), file=sys.stderr)
        for case in cases:
            ratios = [t / o for t, o in zip(case["tandem"], case["ort"])]
            rows.append((f"w{case['width']:.1f}", case["name"], statistics.median(case["tandem"]),
                         statistics.median(case["ort"]), case["torch"], statistics.median(ratios), min(ratios),
                         max(ratios), statistics.median(case["switch"])))

    rounds = f"; {args.rounds} rounds (Tandem and onnxruntime interleaved), medians over the rounds" if args.rounds > 1 else ""
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs ({platform.processor() or platform.platform()}); "
          f"{args.threads} threads, batch 1, median of {args.repeat}{rounds}; onnxruntime {ort.__version__}, "
          f"torch {torch.__version__}")
    print()
    spread_header = " ratio min | ratio max |" if args.rounds > 1 else ""
    print("| width | sub-network | Tandem ms | onnxruntime ms | PyTorch ms | Tandem / onnxruntime | switch µs |"
          + spread_header)
    print("|---|---|---|---|---|---|---|" + ("---|---|" if args.rounds > 1 else ""))
    for width, name, tandem_ms, ort_ms, torch_ms, ratio, low, high, switch_us in rows:
        spread = f" {low:.2f} | {high:.2f} |" if args.rounds > 1 else ""
        print(f"| {width} | {name} | {tandem_ms:.2f} | {ort_ms:.2f} | {torch_ms:.2f} | {ratio:.2f} | "
              f"{switch_us:.2f} |" + spread)


if __name__ == "__main__":
    main()
