#!/usr/bin/env python3
"""GEMM GFLOP/s of Tandem's kernels next to numpy's matmul, on MobileNetV3's pointwise shapes, in one run.

Runs the release `tandem bench gemm --json` (Kernels.gemm, the fused 1x1 convolution, and one plain OpenBLAS call
with its own threading), then numpy.matmul on the same M x K x N shapes with the same thread count, and prints one
table with the ratios Swift/numpy. On a shared machine the two sides alternate for --rounds rounds and each keeps its
best time per shape, so a busy spell does not land on one side only. numpy's thread count is fixed through OPENBLAS_NUM_THREADS / OMP_NUM_THREADS,
set before numpy is imported.

    python3 Experiments/bench/gemm.py [--threads 2] [--repeat 30] [--rounds 3] [--tandem .build/release] [--json OUT]
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="threads for both sides (default 2)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per shape (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of both sides (default 3)")
    parser.add_argument("--tandem", default=os.environ.get("TANDEM_BIN", str(REPOSITORY / ".build/release")),
                        help="the tandem executable, or the folder holding it (default .build/release)")
    parser.add_argument("--json", metavar="OUT", help="also write the combined results as JSON")
    arguments = parser.parse_args()
    if arguments.threads < 1 or arguments.repeat < 1 or arguments.rounds < 1:
        parser.error("--threads, --repeat and --rounds must be at least 1")
    return arguments


def run_tandem(executable, threads, repeat):
    path = Path(executable)
    if path.is_dir():
        path = path / "tandem"
    if not path.is_file():
        sys.exit(f"gemm.py: {path} not found: build it first with `swift build -c release --product tandem`")
    command = [str(path), "bench", "gemm", "--json", "--threads", str(threads), "--repeat", str(repeat)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"gemm.py: {' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as error:
        sys.exit(f"gemm.py: {' '.join(command)} printed no JSON object: {error}")


def numpy_gflops(numpy, m, k, n, repeat):
    """Best-of-`repeat` GFLOP/s of numpy.matmul(A[m x k], B[k x n]) into a preallocated C, after warm-up."""
    generator = numpy.random.default_rng(0)
    a = generator.standard_normal((m, k), dtype=numpy.float32)
    b = generator.standard_normal((k, n), dtype=numpy.float32)
    c = numpy.empty((m, n), dtype=numpy.float32)
    for _ in range(3):
        numpy.matmul(a, b, out=c)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        numpy.matmul(a, b, out=c)
        best = min(best, time.perf_counter() - start)
    return 2.0 * m * n * k / best / 1e9, best * 1e3


def main():
    arguments = parse_arguments()
    # numpy's BLAS reads its thread count when it loads (the tandem child process does not read these).
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(arguments.threads)
    import numpy

    best = {}  # (m, k, n) -> row with the best figures of every round
    for _ in range(arguments.rounds):
        swift = run_tandem(arguments.tandem, arguments.threads, arguments.repeat)
        for shape in swift["shapes"]:
            key = (shape["m"], shape["k"], shape["n"])
            numpy_rate, numpy_ms = numpy_gflops(numpy, *key, arguments.repeat)
            row = best.setdefault(key, dict(shape, numpy_gflops=0.0, numpy_best_ms=float("inf")))
            for name in ("gemm", "pointwise", "openblas"):
                if shape[f"{name}_gflops"] > row[f"{name}_gflops"]:
                    row[f"{name}_gflops"], row[f"{name}_best_ms"] = shape[f"{name}_gflops"], shape[f"{name}_best_ms"]
            if numpy_rate > row["numpy_gflops"]:
                row["numpy_gflops"], row["numpy_best_ms"] = numpy_rate, numpy_ms
    rows = list(best.values())
    for row in rows:
        row["gemm_over_numpy"] = row["gemm_gflops"] / row["numpy_gflops"]
        row["pointwise_over_numpy"] = row["pointwise_gflops"] / row["numpy_gflops"]

    print(f"GEMM GFLOP/s, {arguments.threads} thread(s), best of {arguments.repeat} x {arguments.rounds} rounds;"
          f" numpy {numpy.__version__}")
    print(f"{'M x K x N':>18} {'swift gemm':>11} {'swift pw+hswish':>16} {'openblas call':>14} {'numpy':>8}"
          f" {'gemm/numpy':>11} {'pw/numpy':>9}")
    for row in rows:
        shape = f"{row['m']} x {row['k']} x {row['n']}"
        print(f"{shape:>18} {row['gemm_gflops']:11.1f} {row['pointwise_gflops']:16.1f} {row['openblas_gflops']:14.1f}"
              f" {row['numpy_gflops']:8.1f} {row['gemm_over_numpy']:11.2f} {row['pointwise_over_numpy']:9.2f}")
    total_flops = sum(2.0 * r["m"] * r["k"] * r["n"] for r in rows)
    swift_ms = sum(r["gemm_best_ms"] for r in rows)
    numpy_ms = sum(r["numpy_best_ms"] for r in rows)
    print(f"{'all shapes':>18} {total_flops / swift_ms / 1e6:11.1f} {'':>16} {'':>14}"
          f" {total_flops / numpy_ms / 1e6:8.1f} {numpy_ms / swift_ms:11.2f}")

    if arguments.json:
        document = {"threads": arguments.threads, "repeat": arguments.repeat, "rounds": arguments.rounds,
                    "numpy_version": numpy.__version__,
                    "shapes": rows}
        output = Path(arguments.json)
        temporary = output.with_name(output.name + ".tmp")
        temporary.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
        temporary.replace(output)


if __name__ == "__main__":
    main()
