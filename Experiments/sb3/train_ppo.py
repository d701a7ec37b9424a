#!/usr/bin/env python3
"""Stable-Baselines3 PPO on tandem/RuntimeEnv-v0, then a deterministic evaluation against a random policy.

    python Experiments/sb3/train_ppo.py --scenario Experiments/scenarios/train/paper-gpu-corunner.json \
        --library library.h5 --steps 50000 --out ppo_tandem.zip

Without --library the Dynamic-OFA published library and latency tables of the shared data folder are used
(``../shared/data/dynamic-ofa`` or ``TANDEM_SHARED``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]


def library_options(args) -> dict:
    if args.library:
        return {"library": args.library}
    shared = Path(os.environ.get("TANDEM_SHARED") or REPO.parent / "shared") / "data" / "dynamic-ofa"
    if not shared.is_dir():
        sys.exit(f"no --library and no shared data at {shared}")
    return {"published_library": str(shared / "library.json"), "latency_tables": str(shared / "latency-tables")}


def evaluate(env, policy, seeds) -> float:
    returns = []
    for seed in seeds:
        obs, _ = env.reset(seed=seed)
        total, done = 0.0, False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(policy(obs))
            total += reward
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "Experiments/scenarios/train/paper-gpu-corunner.json"))
    parser.add_argument("--library", help="library.h5 from `tandem search`")
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--envs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="where to save the trained model (.zip)")
    args = parser.parse_args()

    import gymnasium as gym
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    import tandem_gym

    torch.set_num_threads(1)
    kwargs = {"scenario": args.scenario, "options": library_options(args)}
    # The class, not the id: for an id SB3 asks gym.make for render_mode="rgb_array", which RuntimeEnv refuses.
    venv = make_vec_env(tandem_gym.RuntimeEnv, n_envs=args.envs, seed=args.seed, env_kwargs=kwargs)
    model = PPO("MlpPolicy", venv, n_steps=256, batch_size=256, n_epochs=4, learning_rate=1e-3, seed=args.seed,
                device="cpu", verbose=1)
    start = time.perf_counter()
    model.learn(total_timesteps=args.steps)
    print(f"trained {args.steps} steps in {time.perf_counter() - start:.1f} s")
    if args.out:
        model.save(args.out)

    env = gym.make(tandem_gym.ENV_ID, **kwargs)
    env.action_space.seed(args.seed)
    seeds = range(1000, 1005)
    trained = evaluate(env, lambda obs: model.predict(obs, deterministic=True)[0], seeds)
    random = evaluate(env, lambda obs: env.action_space.sample(), seeds)
    print(f"mean episode return over seeds 1000-1004: PPO {trained:.2f}, random {random:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
