"""Short PPO runs with Stable-Baselines3 and with Ray RLlib (2 env runners on a local Ray cluster, the package
shipped through runtime_env) finish and beat a uniformly random policy, both evaluated deterministically on the
same seeds of the full paper scenario."""

from __future__ import annotations

import numpy as np
import pytest

import tandem_gym

EVAL_SEEDS = (1000, 1001)


@pytest.fixture(autouse=True)
def one_torch_thread():
    """One intra-op thread: on a small shared machine more threads only contend (4x slower measured on 2 cores)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def episode_return(env, policy, seed: int) -> float:
    obs, _ = env.reset(seed=seed)
    total, done = 0.0, False
    while not done:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        total += reward
        done = terminated or truncated
    return total


def mean_return(env_kwargs, policy) -> float:
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    returns = [episode_return(env, policy, seed) for seed in EVAL_SEEDS]
    env.close()
    return float(np.mean(returns))


def random_return(env_kwargs) -> float:
    space = tandem_gym.RuntimeEnv(**env_kwargs).action_space
    space.seed(0)
    return mean_return(env_kwargs, lambda obs: space.sample())


def test_sb3_ppo_beats_random(env_kwargs):
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    venv = make_vec_env(tandem_gym.RuntimeEnv, n_envs=4, seed=0, env_kwargs=env_kwargs)
    model = PPO("MlpPolicy", venv, n_steps=256, batch_size=256, n_epochs=4, learning_rate=1e-3, seed=0,
                device="cpu", verbose=0)
    model.learn(total_timesteps=8192)
    venv.close()
    trained = mean_return(env_kwargs, lambda obs: model.predict(obs, deterministic=True)[0])
    baseline = random_return(env_kwargs)
    print(f"SB3 PPO {trained:.2f} vs random {baseline:.2f}")
    assert trained > baseline


def test_rllib_ppo_with_two_env_runners_beats_random(env_kwargs, tmp_path, monkeypatch):
    import ray
    import torch
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.tune import register_env

    (tmp_path / "ship").mkdir()
    (tmp_path / "cwd").mkdir()
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    # Workers inherit the driver's environment: a PYTHONPATH to the source tree (make python-test sets one) would
    # shadow the shipped package with the copy that has no library in it.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    # Ray also puts the driver's current folder on the workers' path (ray/_private/worker.py): leave python/.
    monkeypatch.chdir(tmp_path / "cwd")
    # The workers get the package (library inside) through runtime_env only: without TANDEM_LIB in their
    # environment, the staged copy's own libTandemC.so is the one they load.
    package = tandem_gym.package_for_ray(tmp_path / "ship")
    worker_env = {"RAY_USAGE_STATS_ENABLED": "0", "OMP_NUM_THREADS": "1", "TANDEM_LIB": ""}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"py_modules": [package], "env_vars": worker_env})
    try:
        register_env("tandem-runtime", tandem_gym.make_env)
        config = (
            PPOConfig()
            .environment("tandem-runtime", env_config=env_kwargs)
            .env_runners(num_env_runners=2, num_envs_per_env_runner=8, num_cpus_per_env_runner=1,
                         gym_env_vectorize_mode="vector_entry_point", rollout_fragment_length=128)
            .learners(num_learners=0)
            .training(train_batch_size_per_learner=2048, minibatch_size=256, num_epochs=4, lr=1e-3)
            .debugging(seed=0)
        )
        algo = config.build_algo()
        # The runners import the copy Ray unpacked from runtime_env, not the source tree or the staging folder.
        worker_files = algo.env_runner_group.foreach_env_runner(
            lambda runner: __import__("tandem_gym").__file__, local_env_runner=False)
        assert len(worker_files) == 2
        for path in worker_files:
            assert "runtime_resources" in path and str(tmp_path) not in path, path
        for _ in range(4):
            result = algo.train()
        assert result["env_runners"]["num_env_steps_sampled_lifetime"] >= 4 * 2048
        module = algo.get_module()
        nvec = tandem_gym.RuntimeEnv(**env_kwargs).action_space.nvec

        def greedy(obs):
            with torch.no_grad():
                out = module.forward_inference({"obs": torch.as_tensor(obs[None], dtype=torch.float32)})
            logits = out["action_dist_inputs"][0].numpy()
            return np.array([part.argmax() for part in np.split(logits, np.cumsum(nvec)[:-1])])

        trained = mean_return(env_kwargs, greedy)
        algo.stop()
    finally:
        ray.shutdown()
    baseline = random_return(env_kwargs)
    print(f"RLlib PPO {trained:.2f} vs random {baseline:.2f}")
    assert trained > baseline
