#!/usr/bin/env python3
"""Steps per second of Tandem's simulated RuntimeEnv next to gymnasium's CartPole-v1, in the same run.

Both use one core and a fixed random policy (actions drawn from a seeded generator beforehand, so drawing is not
timed); episodes restart when they end and the restart is timed. Prints one JSON object:
{"runtime_env_steps_per_s": ..., "cartpole_steps_per_s": ..., "ratio": ...}.

Usage: python3 Experiments/bench/env.py [--tandem .build/release/tandem] [--steps N] [--cartpole-steps N]
"""
import argparse
import json
import os
import subprocess
import sys
import time


def cartpole_steps_per_s(steps: int) -> float:
    import gymnasium as gym
    import numpy as np

    env = gym.make("CartPole-v1")
    actions = np.random.default_rng(2026).integers(0, 2, size=4096)
    env.reset(seed=1)
    warm = steps // 10
    for i in range(warm):
        _, _, terminated, truncated, _ = env.step(int(actions[i & 4095]))
        if terminated or truncated:
            env.reset()
    env.reset(seed=1)
    start = time.perf_counter()
    for i in range(steps):
        _, _, terminated, truncated, _ = env.step(int(actions[i & 4095]))
        if terminated or truncated:
            env.reset()
    elapsed = time.perf_counter() - start
    env.close()
    return steps / elapsed


def runtime_env_steps_per_s(tandem: str, steps: int) -> float:
    # One core for the Swift side too.
    command = [tandem, "bench", "env", "--json", "--steps", str(steps)]
    if sys.platform.startswith("linux"):
        command = ["taskset", "-c", "0"] + command
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return float(json.loads(output)["steps_per_s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    default_tandem = os.path.join(here, "..", "..", ".build", "release", "tandem")
    parser.add_argument("--tandem", default=default_tandem, help="the tandem executable (release build)")
    parser.add_argument("--steps", type=int, default=5_000_000, help="RuntimeEnv steps to time")
    parser.add_argument("--cartpole-steps", type=int, default=200_000, help="CartPole-v1 steps to time")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    cartpole = cartpole_steps_per_s(args.cartpole_steps)
    runtime = runtime_env_steps_per_s(args.tandem, args.steps)
    print(json.dumps({"runtime_env_steps_per_s": runtime, "cartpole_steps_per_s": cartpole,
                      "ratio": runtime / cartpole}, sort_keys=True))


if __name__ == "__main__":
    main()
