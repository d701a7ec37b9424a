"""``RuntimeVectorEnv``: N copies of ``RuntimeEnv`` stepped by one native call (``tandem_vec_step``).

Gymnasium 1.x ``VectorEnv`` with ``AutoresetMode.NEXT_STEP`` (as ``SyncVectorEnv``): the step after a copy's episode
ended resets that copy (its action is ignored; reward 0, both flags False). Seeding follows ``SyncVectorEnv`` over
``RuntimeEnv``s exactly: ``reset(seed=s)`` gives copy ``i`` the native seed ``RuntimeEnv.reset(seed=s + i)`` would
draw, so a batch and N single envs produce the same trajectories.

Swift writes straight into numpy memory. Outputs are rows of preallocated arenas (a new arena when one is used up),
so every step returns fresh arrays without a per-step allocation or ``.ctypes`` lookup.
"""

from __future__ import annotations

import weakref
from typing import Any, Mapping, Sequence

import gymnasium as gym
import numpy as np
from gymnasium.utils import seeding
from gymnasium.vector.utils import batch_space

from . import _lib
from .config import options_json
from .runtime_env import _NATIVE_SEED_BOUND, NativeSpaces, check_actions, create_handle

_ARENA_BYTES = 1 << 21


class _Arena:
    """``steps`` rows of every per-step output of an N-copy batch, and their base addresses."""

    def __init__(self, steps: int, num_envs: int, observation_dim: int, info_count: int):
        self.steps = steps
        self.observations = np.empty((steps, num_envs, observation_dim), np.float32)
        self.rewards = np.empty((steps, num_envs), np.float64)
        self.flags = np.empty((steps, 2, num_envs), np.uint8)
        self.flag_views = self.flags.view(np.bool_)
        self.infos = np.empty((steps, num_envs, info_count), np.float64) if info_count else None
        self.observation_base = self.observations.ctypes.data
        self.reward_base = self.rewards.ctypes.data
        self.flag_base = self.flags.ctypes.data
        self.info_base = self.infos.ctypes.data if self.infos is not None else 0
        self.observation_stride = self.observations.strides[0]
        self.reward_stride = self.rewards.strides[0]
        self.flag_stride = self.flags.strides[0]
        self.info_stride = self.infos.strides[0] if self.infos is not None else 0
        self.used = 0


class RuntimeVectorEnv(gym.vector.VectorEnv):
    """``num_envs`` simulated Tandem environments in one native batch.

    Arguments as ``RuntimeEnv`` (``scenario``, ``library``, ``options``), plus ``num_envs`` and ``infos``: with
    ``infos=False`` the step skips the info rows and returns ``{}`` (the fastest path, for training loops that never
    read them).
    """

    metadata = {"render_modes": [], "autoreset_mode": gym.vector.AutoresetMode.NEXT_STEP}

    def __init__(self, scenario: Any, num_envs: int, library: Any = None, options: Mapping[str, Any] | None = None,
                 infos: bool = True, render_mode: str | None = None):
        self._handle = None  # set first: close() may run from __del__ of a half-built object
        if render_mode is not None:
            raise ValueError(f"RuntimeVectorEnv renders nothing; render_mode must be None, got {render_mode!r}")
        if int(num_envs) < 1:
            raise ValueError(f"num_envs must be at least 1, got {num_envs}")
        self.render_mode = None
        self._library = _lib.lib()
        self.num_envs = int(num_envs)
        self._handle = create_handle(scenario, options_json(options, library=library), self.num_envs)
        self._finalizer = weakref.finalize(self, self._library.tandem_vec_destroy, self._handle)
        spaces = NativeSpaces(self._handle)
        self.single_observation_space = spaces.observation_space
        self.single_action_space = spaces.action_space
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.max_episode_steps = spaces.max_episode_steps
        self._nvec = spaces.nvec
        self._observation_dim = spaces.observation_dim
        self._action_shape = (self.num_envs, spaces.action_dims)
        self._info_names = spaces.info_names if infos else ()
        self._all_true = np.ones(self.num_envs, np.bool_)
        self._all_true.flags.writeable = False
        self._actions = np.zeros(self._action_shape, np.int32)
        self._actions_address = self._actions.ctypes.data
        self._seeds = np.zeros(self.num_envs, np.uint64)
        self._seeds_address = self._seeds.ctypes.data
        self._native_seeded = False
        per_step = self.num_envs * (4 * self._observation_dim + 8 + 2 + 8 * len(self._info_names))
        self._arena_steps = max(1, _ARENA_BYTES // per_step)
        self._arena = self._new_arena()

    def reset(self, *, seed: int | Sequence[int | None] | None = None, options: dict[str, Any] | None = None):
        self._np_random, self._np_random_seed = (
            seeding.np_random(seed) if isinstance(seed, int) else (self.np_random, self.np_random_seed))
        handle = self._live_handle()
        if seed is None:
            seeds = [None] * self.num_envs
        elif isinstance(seed, int):
            seeds = [seed + i for i in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"{len(seeds)} seeds for {self.num_envs} copies")
        if any(s is None for s in seeds) and self._native_seeded:
            if any(s is not None for s in seeds):
                raise ValueError("seed either every copy or none (mixed lists are not supported)")
            seed_address = None
        else:
            for i, s in enumerate(seeds):
                # What RuntimeEnv.reset(seed=s) draws: np_random seeded with s, then one integer.
                generator = seeding.np_random(s)[0] if s is not None else self.np_random
                self._seeds[i] = generator.integers(0, _NATIVE_SEED_BOUND)
            seed_address = self._seeds_address
        arena = self._next_row()
        k = arena.used - 1
        _lib.check(self._library.tandem_vec_reset(
            handle, seed_address, self.num_envs if seed_address else 0,
            arena.observation_base + k * arena.observation_stride, self.num_envs * self._observation_dim,
            arena.info_base + k * arena.info_stride if arena.infos is not None else None,
            self.num_envs * len(self._info_names)))
        self._native_seeded = True
        return arena.observations[k], self._infos(arena, k)

    def step(self, actions: Any):
        handle = self._live_handle()
        checked = check_actions(actions, self._action_shape, self._nvec)
        np.copyto(self._actions, checked, casting="unsafe")
        arena = self._next_row()
        k = arena.used - 1
        flags = arena.flag_base + k * arena.flag_stride
        _lib.check(self._library.tandem_vec_step(
            handle, self._actions_address, self._actions.size,
            arena.observation_base + k * arena.observation_stride, self.num_envs * self._observation_dim,
            arena.reward_base + k * arena.reward_stride, flags, flags + self.num_envs,
            arena.info_base + k * arena.info_stride if arena.infos is not None else None,
            self.num_envs * len(self._info_names)))
        return (arena.observations[k], arena.rewards[k], arena.flag_views[k, 0], arena.flag_views[k, 1],
                self._infos(arena, k))

    def close_extras(self, **kwargs: Any):
        if getattr(self, "_handle", None) is not None:
            self._finalizer()
            self._handle = None

    def __getstate__(self):
        raise TypeError(
            "tandem_gym.RuntimeVectorEnv holds a native handle valid only in this process and cannot be pickled; "
            "ship the constructor arguments instead and build the env where it runs"
        )

    def _live_handle(self) -> int:
        if self._handle is None:
            raise gym.error.ClosedEnvironmentError("tandem_gym.RuntimeVectorEnv is closed")
        return self._handle

    def _new_arena(self) -> _Arena:
        return _Arena(self._arena_steps, self.num_envs, self._observation_dim, len(self._info_names))

    def _next_row(self) -> _Arena:
        if self._arena.used == self._arena.steps:
            self._arena = self._new_arena()
        self._arena.used += 1
        return self._arena

    def _infos(self, arena: _Arena, k: int) -> dict[str, Any]:
        if arena.infos is None:
            return {}
        rows = arena.infos[k]
        infos: dict[str, Any] = {}
        for j, name in enumerate(self._info_names):
            infos[name] = rows[:, j]
            infos["_" + name] = self._all_true
        return infos
