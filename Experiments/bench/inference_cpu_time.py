#!/usr/bin/env python3
"""CPU time of one batch-1 inference on ONE thread: Tandem vs onnxruntime, in one run (load-independent view).

    python3 Experiments/bench/inference_cpu_time.py [--repeat 200] [--tandem .build/release/tandem ...]

On a shared machine wall-clock latency mostly measures the other jobs; the CPU time a process spends per
inference on one thread does not (it still varies ±5–10 % with cache and frequency effects of the load).
* Tandem: `tandem bench infer --threads 1` is run twice, with `--repeat` 20 and `--repeat` N; the difference of
  the children's user+system CPU time (getrusage), divided by the difference in inferences run (each run does
  `repeat + max(3, repeat / 10)` inferences and the same 10 000 sub-network switches), is the CPU time per
  inference. Several `--tandem` binaries (e.g. before/after a change) are measured in the same run.
* onnxruntime: the `ofa` package's static sub-network exported to ONNX (opset 17, as in inference.py),
  intra-op threads 1, all graph optimisations; `time.process_time()` over N runs after a warm-up.
Each figure is the median of 3 such measurements. Weights are random (latency does not depend on them).
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Experiments", "tools"))
import ofa_supernet  # noqa: E402

CASES = [("max@224", 7, 6, 4, 224), ("ks5/e4/d3@192", 5, 4, 3, 192), ("min@160", 3, 3, 2, 160)]


def inferences(repeat):
    return repeat + max(3, repeat // 10)


def child_cpu_s(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def tandem_cpu_ms(binary, width, name, repeat):
    base = [binary, "bench", "infer", "--width", f"{width:.1f}", "--subnet", name, "--threads", "1", "--repeat"]
    short = child_cpu_s(base + ["20"])
    long = child_cpu_s(base + [str(repeat)])
    return (long - short) * 1e3 / (inferences(repeat) - inferences(20))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--widths", default="1.0")
    parser.add_argument("--tandem", action="append", default=None)
    args = parser.parse_args()
    binaries = args.tandem or [os.path.join(ROOT, ".build", "release", "tandem")]

    import numpy as np
    import onnxruntime as ort
    import torch
    torch.set_num_threads(1)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL

    header = "| width | sub-network | onnxruntime CPU ms | " + " | ".join(
        f"Tandem CPU ms ({os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(b)))) or b}) | ratio"
        for b in binaries) + " |"
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        for width in [float(w) for w in args.widths.split(",")]:
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
                for _ in range(10):
                    session.run(None, feed)
                ort_samples = []
                for _ in range(3):
                    start = time.process_time()
                    for _ in range(args.repeat):
                        session.run(None, feed)
                    ort_samples.append((time.process_time() - start) * 1e3 / args.repeat)
                ort_ms = statistics.median(ort_samples)
                cells = [f"w{width:.1f}", name, f"{ort_ms:.2f}"]
                for binary in binaries:
                    tandem_ms = statistics.median(tandem_cpu_ms(binary, width, name, args.repeat) for _ in range(3))
                    cells += [f"{tandem_ms:.2f}", f"{tandem_ms / ort_ms:.2f}"]
                lines.append("| " + " | ".join(cells) + " |")
                print(lines[-1], file=sys.stderr)
    print(f"onnxruntime {ort.__version__}, 1 thread, CPU time per batch-1 inference (median of 3 × {args.repeat})")
    print(header)
    print("|" + "---|" * (3 + 2 * len(binaries)))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
