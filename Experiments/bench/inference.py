#!/usr/bin/env python3
"""Batch-1 CPU inference latency of OFA MobileNetV3 sub-networks: Tandem vs onnxruntime vs PyTorch eager.

    python3 Experiments/bench/inference.py [--threads 2] [--repeat 50] [--tandem .build/release/tandem]

For each width (1.0, 1.2) and sub-network (max@224, ks5/e4/d3@192, min@160), in one run:
* Tandem: `tandem bench infer --width W --subnet NAME --threads T --repeat N --json` (release build; median_ms,
  and the sub-network switch cost switch_us);
* onnxruntime: the static sub-network of the `ofa` package (`set_active_subnet` + `get_active_subnet`), exported
  to ONNX (opset 17), intra-op threads T, all graph optimisations;
* PyTorch eager: the same static sub-network, torch.set_num_threads(T), no_grad.
Weights are random (latency does not depend on the values). Each figure is the median of N batch-1 runs after a
warm-up. Prints a Markdown table with the ratio Tandem / onnxruntime.
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
                ort_ms = median_ms(lambda: session.run(None, feed), args.repeat)
                with torch.no_grad():
                    torch_ms = median_ms(lambda: subnet(image), args.repeat)
                out = subprocess.run([args.tandem, "bench", "infer", "--width", f"{width:.1f}", "--subnet", name,
                                      "--threads", str(args.threads), "--repeat", str(args.repeat), "--json"],
                                     check=True, capture_output=True, text=True)
                tandem = json.loads(out.stdout)
                rows.append((f"w{width:.1f}", name, tandem["median_ms"], ort_ms, torch_ms, tandem["switch_us"]))
                print(f"w{width:.1f} {name}: tandem {tandem['median_ms']:.2f} ms, onnxruntime {ort_ms:.2f} ms, "
                      f"pytorch {torch_ms:.2f} ms", file=sys.stderr)

    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs ({platform.processor() or platform.platform()}); "
          f"{args.threads} threads, batch 1, median of {args.repeat}; onnxruntime {ort.__version__}, torch {torch.__version__}")
    print()
    print("| width | sub-network | Tandem ms | onnxruntime ms | PyTorch ms | Tandem / onnxruntime | switch µs |")
    print("|---|---|---|---|---|---|---|")
    for width, name, tandem_ms, ort_ms, torch_ms, switch_us in rows:
        print(f"| {width} | {name} | {tandem_ms:.2f} | {ort_ms:.2f} | {torch_ms:.2f} | {tandem_ms / ort_ms:.2f} | "
              f"{switch_us:.2f} |")


if __name__ == "__main__":
    main()
