"""RuntimeEnv as a gymnasium.Env: both checkers pass without a single warning, seeding is reproducible, outputs
are fresh, and every kind of bad input raises a Python exception instead of crashing the process."""

from __future__ import annotations

import json
import pickle
import warnings
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env as gymnasium_check_env
from stable_baselines3.common.env_checker import check_env as sb3_check_env

import tandem_gym


def make(env_kwargs):
    return gym.make(tandem_gym.ENV_ID, **env_kwargs)


def test_gymnasium_check_env_passes_without_warnings(env_kwargs):
    env = make(env_kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gymnasium_check_env(env.unwrapped, skip_render_check=True)
    assert env.unwrapped.spec is not None  # with a spec the seed-determinism comparisons run
    env.close()


def test_sb3_check_env_passes_without_warnings(env_kwargs):
    env = make(env_kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sb3_check_env(env.unwrapped, warn=True, skip_render_check=True)
    env.close()


def test_spaces_come_from_the_library(env_kwargs):
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    assert env.observation_space.shape == (14,) and env.observation_space.dtype == np.float32
    assert np.all(np.isfinite(env.observation_space.low)) and np.all(np.isfinite(env.observation_space.high))
    # 13 published nets; the Xavier NX's CPU and GPU OPP tables (platform description).
    assert env.action_space.nvec[0] == 13
    assert env.action_space.nvec[1] > 1 and env.action_space.nvec[2] > 1
    # The observation's level/CPU/GPU bounds are the action ranges (ObservationLayout).
    assert np.array_equal(env.observation_space.high[8:11], env.action_space.nvec - 1)
    env.close()


def test_episode_runs_to_truncation_with_physical_info(env_kwargs):
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    obs, info = env.reset(seed=3)
    assert obs in env.observation_space
    steps, total = 0, 0.0
    action = env.action_space.nvec - 1  # largest net at the highest clocks
    while True:
        obs, reward, terminated, truncated, info = env.step(action)
        steps += 1
        total += reward
        assert obs in env.observation_space and type(terminated) is bool and type(truncated) is bool
        assert info["latency_ms"] > 0 and info["energy_j"] > 0
        assert info["missed"] == float(info["latency_ms"] > info["latency_target_ms"])
        assert obs[2] == pytest.approx(info["latency_ms"], rel=1e-6)  # last_latency_ms
        assert obs[3] == pytest.approx(info["energy_j"] * 1000, rel=1e-5)  # last_energy_mj
        if terminated or truncated:
            break
    assert truncated and not terminated
    scenario = json.loads(Path(env_kwargs["scenario"]).read_text())
    assert steps == env.max_episode_steps == int(scenario["duration_s"] * 1000 // scenario["frame_period_ms"])
    env.close()


def test_seeded_rollouts_reproduce_and_differ_across_seeds(env_kwargs):
    def rollout(seed):
        env = tandem_gym.RuntimeEnv(**env_kwargs)
        env.reset(seed=seed)
        env.action_space.seed(seed)
        rewards = [env.step(env.action_space.sample())[1] for _ in range(40)]
        env.close()
        return rewards

    assert rollout(11) == rollout(11)
    assert rollout(11) != rollout(12)


def test_every_step_returns_fresh_arrays(env_kwargs):
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    first, _ = env.reset(seed=0)
    kept = first.copy()
    second = env.step(env.action_space.nvec - 1)[0]
    assert second is not first and not np.shares_memory(first, second)
    assert np.array_equal(first, kept)
    env.close()


def test_bad_actions_raise_instead_of_crashing(env_kwargs):
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    nvec = env.action_space.nvec
    with pytest.raises(tandem_gym.ResetNeededError):
        env.step(np.zeros(3, np.int64))
    env.reset(seed=0)
    with pytest.raises(ValueError, match="shape"):
        env.step(np.zeros(2, np.int64))
    with pytest.raises(ValueError, match="shape"):
        env.step(np.zeros((1, 3), np.int64))
    with pytest.raises(ValueError, match="outside"):
        env.step(nvec)  # one past the end in every component
    with pytest.raises(ValueError, match="outside"):
        env.step(np.array([0, -1, 0]))
    with pytest.raises(ValueError, match="outside"):
        env.step(np.array([2**32, 0, 0]))  # would wrap to 0 as int32
    with pytest.raises(ValueError, match="integers"):
        env.step(np.array([0.5, 0, 0]))
    # Still usable after the refusals: run the episode out, then a step after the end is refused.
    truncated = False
    while not truncated:
        truncated = env.step(np.zeros(3, np.int64))[3]
    with pytest.raises(tandem_gym.EpisodeEndedError):
        env.step(np.zeros(3, np.int64))
    env.reset()
    env.step(np.zeros(3, np.int64))
    env.close()
    env.close()  # idempotent
    with pytest.raises(gym.error.ClosedEnvironmentError):
        env.step(np.zeros(3, np.int64))


def test_native_layer_rejects_what_python_would_let_through(env_kwargs):
    """The C ABI validates on its own (ranges, counts, null buffers, dead handles): a status, never a trap."""
    lib = tandem_gym._lib.lib()
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    env.reset(seed=0)
    handle = env._handle
    obs = np.empty(14, np.float32)
    out = np.empty(20, np.float64)
    flags = np.empty(2, np.uint8)
    bad = np.array([0, 0, 10_000], np.int32)
    status = lib.tandem_env_step(handle, bad.ctypes.data, 3, obs.ctypes.data, 14, out.ctypes.data,
                                 flags.ctypes.data, flags.ctypes.data + 1, None, 0)
    assert status == -3 and "action[2] = 10000" in tandem_gym._lib.last_error()
    good = np.zeros(3, np.int32)
    assert lib.tandem_env_step(handle, good.ctypes.data, 2, obs.ctypes.data, 14, out.ctypes.data,
                               flags.ctypes.data, flags.ctypes.data + 1, None, 0) == -1
    assert lib.tandem_env_step(handle, good.ctypes.data, 3, obs.ctypes.data, 13, out.ctypes.data,
                               flags.ctypes.data, flags.ctypes.data + 1, None, 0) == -1
    assert lib.tandem_env_step(handle, None, 3, obs.ctypes.data, 14, out.ctypes.data,
                               flags.ctypes.data, flags.ctypes.data + 1, None, 0) == -1
    assert lib.tandem_env_step(handle, good.ctypes.data, 3, obs.ctypes.data, 14, out.ctypes.data,
                               flags.ctypes.data, flags.ctypes.data + 1, out.ctypes.data, 3) == -1
    env.close()
    assert lib.tandem_env_step(handle, good.ctypes.data, 3, obs.ctypes.data, 14, out.ctypes.data,
                               flags.ctypes.data, flags.ctypes.data + 1, None, 0) == -2
    assert lib.tandem_env_observation_dim(None) == -2
    assert lib.tandem_env_observation_dim(12345) == -2
    lib.tandem_env_destroy(handle)  # destroying twice is harmless


def test_bad_configuration_raises_with_the_reason(paper_scenario, library_options, tmp_path):
    with pytest.raises(tandem_gym.ConfigurationError, match="library is required"):
        tandem_gym.RuntimeEnv(str(paper_scenario))
    with pytest.raises(tandem_gym.ConfigurationError, match="cannot read"):
        tandem_gym.RuntimeEnv(str(tmp_path / "nope.json"), options=library_options)
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x", "platform": "xavier-nx"}')
    with pytest.raises(tandem_gym.ConfigurationError, match="broken.json"):
        tandem_gym.RuntimeEnv(str(broken), options=library_options)
    with pytest.raises(tandem_gym.ConfigurationError, match="reward.noSuchWeight"):
        tandem_gym.RuntimeEnv(str(paper_scenario), options={**library_options, "reward": {"noSuchWeight": 1}})
    with pytest.raises(tandem_gym.ConfigurationError, match="library.h5"):
        tandem_gym.RuntimeEnv(str(paper_scenario), library=tmp_path / "library.h5")


def test_reward_weights_reach_the_native_env(env_kwargs):
    def first_reward(scale):
        options = {**env_kwargs["options"], "reward": {"energyScaleMJ": scale, "missPenalty": 0,
                                                       "missPenaltyPerExcess": 0, "accuracyPenalty": 0,
                                                       "accuracyPenaltyPerPoint": 0}}
        env = tandem_gym.RuntimeEnv(env_kwargs["scenario"], options=options)
        env.reset(seed=5)
        _, reward, _, _, info = env.step(env.action_space.nvec - 1)
        env.close()
        return reward, info["energy_j"]

    reward, energy = first_reward(100.0)
    assert reward == pytest.approx(-energy * 1000 / 100.0, rel=1e-12)
    reward_half, _ = first_reward(50.0)
    assert reward_half == pytest.approx(2 * reward, rel=1e-12)


def test_env_refuses_to_pickle(env_kwargs):
    env = tandem_gym.RuntimeEnv(**env_kwargs)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(env)
    env.close()
