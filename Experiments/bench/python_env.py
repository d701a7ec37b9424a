#!/usr/bin/env python3
"""Env-steps per second of Tandem's RuntimeEnv from Python, next to native Swift and gymnasium's CartPole-v1.

Measured in one run, one process, on the same core:
- ``python batched``: ``tandem_gym.RuntimeVectorEnv`` (one C call per step for all N copies, fresh numpy outputs,
  NEXT_STEP autoreset), with and without the info arrays, actions cycled from a pool of pre-drawn random actions;
- ``python single``: ``tandem_gym.RuntimeEnv.step`` (N = 1 only);
- ``native``: the same N-copy batch stepped by a Swift loop with random actions drawn in Swift
  (``tandem_vec_run_random``: no Python in the loop); plus ``tandem bench env --json`` when the CLI has it;
- ``cartpole``: gymnasium's CartPole-v1, single env and its numpy vector env (``vector_entry_point``) at the same N.

Usage: python Experiments/bench/python_env.py [--scenario S.json] [--seconds 1.0] [--json]
Needs the shared Dynamic-OFA data (``../shared/data`` or ``TANDEM_SHARED``) for the sub-network library, and the
library (installed ``tandem_gym`` or ``TANDEM_LIB``).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import gymnasium as gym
import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
import tandem_gym  # noqa: E402
from tandem_gym import _lib  # noqa: E402

SIZES = (1, 64, 256)


def timed(step, seconds: float) -> float:
    """Calls ``step()`` in rounds of growing size until ``seconds`` elapsed; returns calls per second."""
    calls, rounds = 0, 1
    start = time.perf_counter()
    while True:
        for _ in range(rounds):
            step()
        calls += rounds
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls / elapsed
        rounds = min(rounds * 2, 4096)


def python_batched(kwargs, n: int, seconds: float, infos: bool) -> float:
    env = tandem_gym.RuntimeVectorEnv(num_envs=n, infos=infos, **kwargs)
    env.reset(seed=0)
    pool = np.random.default_rng(0).integers(0, env.single_action_space.nvec, size=(64, n, 3))
    index = [0]

    def step():
        env.step(pool[index[0] & 63])
        index[0] += 1

    rate = timed(step, seconds) * n
    env.close()
    return rate


def python_single(kwargs, seconds: float) -> float:
    env = tandem_gym.RuntimeEnv(**kwargs)
    env.reset(seed=0)
    pool = np.random.default_rng(0).integers(0, env.action_space.nvec, size=(64, 3))
    index = [0]

    def step():
        _, _, terminated, truncated, _ = env.step(pool[index[0] & 63])
        index[0] += 1
        if terminated or truncated:
            env.reset()

    rate = timed(step, seconds)
    env.close()
    return rate


def native(kwargs, n: int, seconds: float) -> float:
    env = tandem_gym.RuntimeVectorEnv(num_envs=n, infos=False, **kwargs)
    library = _lib.lib()
    elapsed = ctypes.c_double()
    steps = 1
    while True:
        _lib.check(library.tandem_vec_run_random(env._handle, steps, 0, ctypes.addressof(elapsed)))
        if elapsed.value >= seconds or steps >= 1 << 30:
            break
        steps = max(steps * 2, int(steps * seconds / max(elapsed.value, 1e-9) * 1.1))
    env.close()
    return steps * n / elapsed.value


def cartpole_single(seconds: float) -> float:
    env = gym.make("CartPole-v1")
    env.reset(seed=0)
    env.action_space.seed(0)

    def step():
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if terminated or truncated:
            env.reset()

    return timed(step, seconds)


def cartpole_vector(n: int, seconds: float) -> float:
    env = gym.make_vec("CartPole-v1", num_envs=n, vectorization_mode="vector_entry_point")
    env.reset(seed=0)
    pool = np.random.default_rng(0).integers(0, 2, size=(64, n))
    index = [0]

    def step():
        env.step(pool[index[0] & 63])
        index[0] += 1

    rate = timed(step, seconds) * n
    env.close()
    return rate


def cli_native(shared: Path) -> float | None:
    """``tandem bench env --json`` (one RuntimeEnv, buffer path, same library) when the CLI is built."""
    binary = Path(os.environ.get("TANDEM_BIN", REPO / ".build" / "release")) / "tandem"
    if not binary.is_file():
        return None
    command = [str(binary), "bench", "env", "--json", "--steps", "2000000", "--library", str(shared / "library.json"),
               "--tables", str(shared / "latency-tables")]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        return float(json.loads(result.stdout)["steps_per_s"]) if result.returncode == 0 else None
    except (OSError, ValueError, KeyError, subprocess.TimeoutExpired):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "Experiments/scenarios/train/paper-gpu-corunner.json"))
    parser.add_argument("--seconds", type=float, default=1.0, help="measuring time per cell")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    shared = Path(os.environ.get("TANDEM_SHARED") or REPO.parent / "shared") / "data" / "dynamic-ofa"
    if not shared.is_dir():
        parser.error(f"shared data not found at {shared} (set TANDEM_SHARED)")
    kwargs = {"scenario": args.scenario,
              "options": {"published_library": str(shared / "library.json"),
                          "latency_tables": str(shared / "latency-tables")}}

    rows = []
    for n in SIZES:
        row = {"n": n,
               "python_batched_steps_per_s": python_batched(kwargs, n, args.seconds, infos=True),
               "python_batched_no_info_steps_per_s": python_batched(kwargs, n, args.seconds, infos=False),
               "native_steps_per_s": native(kwargs, n, args.seconds),
               "cartpole_vector_steps_per_s": cartpole_vector(n, args.seconds)}
        if n == 1:
            row["python_single_steps_per_s"] = python_single(kwargs, args.seconds)
        row["python_over_native"] = row["python_batched_steps_per_s"] / row["native_steps_per_s"]
        rows.append(row)
    result = {"rows": rows, "cartpole_single_steps_per_s": cartpole_single(args.seconds),
              "tandem_bench_env_steps_per_s": cli_native(shared),
              "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
              "python": platform.python_version(), "gymnasium": gym.__version__, "numpy": np.__version__,
              "library": str(tandem_gym.library_path())}
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return 0
    print(f"{'N':>4} {'python batched':>15} {'(no infos)':>12} {'native Swift':>13} {'python/native':>14} "
          f"{'CartPole vec':>13}   (env-steps/s)")
    for row in rows:
        print(f"{row['n']:>4} {row['python_batched_steps_per_s']:>15,.0f} {row['python_batched_no_info_steps_per_s']:>12,.0f} "
              f"{row['native_steps_per_s']:>13,.0f} {row['python_over_native']:>14.2f} "
              f"{row['cartpole_vector_steps_per_s']:>13,.0f}")
    print(f"python single RuntimeEnv.step: {rows[0]['python_single_steps_per_s']:,.0f} steps/s; "
          f"CartPole-v1 single: {result['cartpole_single_steps_per_s']:,.0f} steps/s")
    cli = result["tandem_bench_env_steps_per_s"]
    print(f"tandem bench env: {cli:,.0f} steps/s" if cli else "tandem bench env: not available in this build")
    print(result["machine"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
