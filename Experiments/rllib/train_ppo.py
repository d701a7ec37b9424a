#!/usr/bin/env python3
"""Ray RLlib PPO on Tandem's RuntimeEnv with several env runners, on a local or a multi-node Ray cluster.

Local (starts a Ray instance inside this process):

    python Experiments/rllib/train_ppo.py --num-env-runners 2 --iterations 20

Multi-node: start Ray on every machine, then run the same command with --address on the head:

    head$    ray start --head --port=6379 --num-cpus=8
    worker$  ray start --address=HEAD_IP:6379 --num-cpus=16
    head$    python Experiments/rllib/train_ppo.py --address HEAD_IP:6379 --num-env-runners 16 --iterations 100

The tandem_gym package, with the native library inside, is shipped to every node through
runtime_env["py_modules"] (nothing to install on the workers beyond Ray and the Debian libraries OpenBLAS and
HDF5). The scenario is sent as JSON text; the sub-network library files must exist at the same path on every node
(a shared folder) — give --library or rely on the shared Dynamic-OFA data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "Experiments/scenarios/train/paper-gpu-corunner.json"))
    parser.add_argument("--library", help="library.h5 from `tandem search` (same path on every node)")
    parser.add_argument("--address", help="Ray cluster address (HOST:PORT); default: a local instance")
    parser.add_argument("--num-cpus", type=int, default=2, help="CPUs of the local instance")
    parser.add_argument("--num-env-runners", type=int, default=2)
    parser.add_argument("--num-envs-per-env-runner", type=int, default=8)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--checkpoint", help="folder to save the trained algorithm to")
    args = parser.parse_args()

    import ray
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.tune import register_env

    import tandem_gym

    if args.library:
        options = {"library": os.path.abspath(args.library)}
    else:
        shared = Path(os.environ.get("TANDEM_SHARED") or REPO.parent / "shared") / "data" / "dynamic-ofa"
        if not shared.is_dir():
            sys.exit(f"no --library and no shared data at {shared}")
        options = {"published_library": str(shared / "library.json"),
                   "latency_tables": str(shared / "latency-tables")}
    env_config = {"scenario": json.loads(Path(args.scenario).read_text()), "options": options}

    staging = tempfile.TemporaryDirectory(prefix="tandem-ray-")
    runtime_env = {"py_modules": [tandem_gym.package_for_ray(staging.name)],
                   "env_vars": {"RAY_USAGE_STATS_ENABLED": "0", "OMP_NUM_THREADS": "1", "TANDEM_LIB": ""}}
    if args.address:
        ray.init(address=args.address, runtime_env=runtime_env)
    else:
        # The local workers inherit this environment and get the current folder on their path: a PYTHONPATH to the
        # source tree, or running from python/, would shadow the shipped copy (which holds the library).
        os.environ.pop("PYTHONPATH", None)
        ray.init(num_cpus=args.num_cpus, include_dashboard=False, runtime_env=runtime_env)
    try:
        register_env("tandem-runtime", tandem_gym.make_env)
        config = (
            PPOConfig()
            .environment("tandem-runtime", env_config=env_config)
            .env_runners(num_env_runners=args.num_env_runners,
                         num_envs_per_env_runner=args.num_envs_per_env_runner, num_cpus_per_env_runner=1,
                         gym_env_vectorize_mode="vector_entry_point", rollout_fragment_length=128)
            .training(train_batch_size_per_learner=2048, minibatch_size=256, num_epochs=4, lr=1e-3)
            .debugging(seed=args.seed)
        )
        algo = config.build_algo()
        start = time.perf_counter()
        for iteration in range(1, args.iterations + 1):
            result = algo.train()
            runners = result["env_runners"]
            print(f"iteration {iteration:3d}  return mean {runners.get('episode_return_mean', float('nan')):9.2f}  "
                  f"env steps {runners['num_env_steps_sampled_lifetime']:8.0f}  {time.perf_counter() - start:6.1f} s")
        if args.checkpoint:
            print("checkpoint:", algo.save(os.path.abspath(args.checkpoint)))
        algo.stop()
    finally:
        ray.shutdown()
        staging.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
