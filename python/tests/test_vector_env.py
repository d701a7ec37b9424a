"""The batched RuntimeVectorEnv against gymnasium's own SyncVectorEnv over N single RuntimeEnvs: identical
observations, rewards, flags and infos step for step, across NEXT_STEP autoresets."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import tandem_gym

N = 5
STEPS = 40  # the short scenario has 15 frames: every copy autoresets twice


def test_batch_equals_sync_vector_env_of_single_envs(short_scenario, library_options):
    batch = tandem_gym.RuntimeVectorEnv(short_scenario, num_envs=N, options=library_options)
    reference = gym.vector.SyncVectorEnv(
        [lambda: tandem_gym.RuntimeEnv(short_scenario, options=library_options) for _ in range(N)],
        autoreset_mode=gym.vector.AutoresetMode.NEXT_STEP)
    assert batch.single_observation_space == reference.single_observation_space
    assert batch.single_action_space == reference.single_action_space
    assert batch.metadata["autoreset_mode"] == gym.vector.AutoresetMode.NEXT_STEP

    obs_b, info_b = batch.reset(seed=42)
    obs_r, info_r = reference.reset(seed=42)
    np.testing.assert_array_equal(obs_b, obs_r)
    rng = np.random.default_rng(0)
    dones = 0
    for t in range(STEPS):
        actions = rng.integers(0, batch.single_action_space.nvec, size=(N, 3))
        obs_b, rew_b, term_b, trunc_b, info_b = batch.step(actions)
        obs_r, rew_r, term_r, trunc_r, info_r = reference.step(actions)
        np.testing.assert_array_equal(obs_b, obs_r, err_msg=f"step {t}")
        np.testing.assert_array_equal(rew_b, rew_r, err_msg=f"step {t}")
        np.testing.assert_array_equal(term_b, term_r)
        np.testing.assert_array_equal(trunc_b, trunc_r)
        for name in tandem_gym._lib.info_names():
            np.testing.assert_array_equal(info_b[name], np.asarray(info_r[name], np.float64), err_msg=name)
        assert obs_b.dtype == np.float32 and rew_b.dtype == np.float64 and trunc_b.dtype == np.bool_
        assert obs_b in batch.observation_space
        dones += int(trunc_b.sum())
    assert dones == 2 * N  # every copy ended two episodes (14 frames: t = 13 and t = 28)

    # An unseeded reset continues every copy's generator in both, too.
    obs_b, _ = batch.reset()
    obs_r, _ = reference.reset()
    actions = np.zeros((N, 3), np.int64)
    np.testing.assert_array_equal(batch.step(actions)[1], reference.step(actions)[1])
    batch.close()
    reference.close()


def test_outputs_are_fresh_arrays(short_scenario, library_options):
    batch = tandem_gym.RuntimeVectorEnv(short_scenario, num_envs=3, options=library_options)
    kept = []
    obs, _ = batch.reset(seed=1)
    kept.append((obs, obs.copy()))
    for _ in range(300):  # several arenas
        obs, rew, _, _, _ = batch.step(np.zeros((3, 3), np.int64))
        kept.append((obs, obs.copy()))
    for view, copy in kept:
        np.testing.assert_array_equal(view, copy)
    assert not np.shares_memory(kept[-1][0], kept[-2][0])
    batch.close()


def test_make_vec_uses_the_batched_entry_point(short_scenario, library_options):
    envs = gym.make_vec(tandem_gym.ENV_ID, num_envs=4, vectorization_mode="vector_entry_point",
                        scenario=short_scenario, options=library_options)
    assert isinstance(envs.unwrapped, tandem_gym.RuntimeVectorEnv) and envs.num_envs == 4
    envs.close()


def test_bad_batched_actions_raise(short_scenario, library_options):
    batch = tandem_gym.RuntimeVectorEnv(short_scenario, num_envs=2, options=library_options, infos=False)
    with pytest.raises(tandem_gym.ResetNeededError):
        batch.step(np.zeros((2, 3), np.int64))
    obs, infos = batch.reset(seed=0)
    assert infos == {}
    with pytest.raises(ValueError, match="shape"):
        batch.step(np.zeros((3, 3), np.int64))
    with pytest.raises(ValueError, match="shape"):
        batch.step(np.zeros(6, np.int64))
    bad = np.zeros((2, 3), np.int64)
    bad[1, 2] = batch.single_action_space.nvec[2]
    with pytest.raises(ValueError, match="outside"):
        batch.step(bad)
    # The native layer refuses the whole step on its own too, and no copy moved.
    lib = tandem_gym._lib.lib()
    actions = bad.astype(np.int32)
    out_obs = np.empty((2, 14), np.float32)
    rewards = np.empty(2)
    flags = np.empty(4, np.uint8)
    status = lib.tandem_vec_step(batch._handle, actions.ctypes.data, actions.size, out_obs.ctypes.data, 28,
                                 rewards.ctypes.data, flags.ctypes.data, flags.ctypes.data + 2, None, 0)
    assert status == -3 and "actions[1][2]" in tandem_gym._lib.last_error()
    assert lib.tandem_env_step(batch._handle, actions.ctypes.data, 3, out_obs.ctypes.data, 14,
                               rewards.ctypes.data, flags.ctypes.data, flags.ctypes.data + 1, None, 0) == -2
    reference = tandem_gym.RuntimeVectorEnv(short_scenario, num_envs=2, options=library_options, infos=False)
    reference.reset(seed=0)
    good = np.ones((2, 3), np.int64)
    np.testing.assert_array_equal(batch.step(good)[0], reference.step(good)[0])
    with pytest.raises(ValueError, match="num_envs"):
        tandem_gym.RuntimeVectorEnv(short_scenario, num_envs=0, options=library_options)
    batch.close()
    reference.close()
