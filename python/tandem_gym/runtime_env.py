"""``RuntimeEnv``: Tandem's joint sub-network/DVFS environment as a ``gymnasium.Env``.

One step is one inference frame. Action ``MultiDiscrete([levels, cpu OPPs, gpu OPPs])``, observation a float32
``Box`` (14 physical quantities, finite bounds), both read from the library so Python repeats no constants. The
episode is the scenario's frame count; its last step returns ``truncated=True``.
"""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Mapping

import gymnasium as gym
import numpy as np

from . import _lib
from .config import options_json, scenario_argument
from .errors import ConfigurationError

_NATIVE_SEED_BOUND = 2**63 - 1


class NativeSpaces:
    """The spaces and layout sizes of a native handle (single or batch)."""

    def __init__(self, handle: int):
        library = _lib.lib()
        self.observation_dim = _lib.check(library.tandem_env_observation_dim(handle))
        self.action_dims = _lib.check(library.tandem_env_action_dims(handle))
        self.max_episode_steps = _lib.check(library.tandem_env_max_episode_steps(handle))
        low = np.empty(self.observation_dim, np.float32)
        high = np.empty(self.observation_dim, np.float32)
        _lib.check(library.tandem_env_observation_bounds(handle, low.ctypes.data, high.ctypes.data, low.size))
        nvec = np.empty(self.action_dims, np.int32)
        _lib.check(library.tandem_env_action_nvec(handle, nvec.ctypes.data, nvec.size))
        self.observation_space = gym.spaces.Box(low=low, high=high, dtype=np.float32)
        self.action_space = gym.spaces.MultiDiscrete(nvec.astype(np.int64))
        self.nvec = nvec.astype(np.int64)
        self.info_names = _lib.info_names()


def create_handle(scenario: Any, options: bytes, num_envs: int | None) -> int:
    """A native single (``num_envs`` None) or batch handle; raises ``ConfigurationError`` with the library's message."""
    library = _lib.lib()
    is_path, scenario_bytes = scenario_argument(scenario)
    if num_envs is None:
        create = library.tandem_env_create if is_path else library.tandem_env_create_json
        handle = create(scenario_bytes, options)
    else:
        create = library.tandem_vec_create if is_path else library.tandem_vec_create_json
        handle = create(scenario_bytes, options, int(num_envs))
    if not handle:
        raise ConfigurationError(-6, _lib.last_error())
    return handle


def check_actions(actions: Any, shape: tuple[int, ...], nvec: np.ndarray) -> np.ndarray:
    """``actions`` as an integer array of ``shape`` with every component in ``0..nvec-1``; raises ``ValueError``.
    (The library checks again; this check also catches values that would wrap when cast to int32.)"""
    array = actions if type(actions) is np.ndarray else np.asarray(actions)
    if array.shape != shape:
        raise ValueError(f"action has shape {array.shape}, expected {shape}")
    if array.dtype.kind not in "iu":
        if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
            array = array.astype(np.int64)
        else:
            raise ValueError(f"action must hold integers, got dtype {array.dtype}")
    if array.min() < 0 or (array >= nvec).any():
        raise ValueError(f"action {array.tolist()} is outside the action space (nvec {nvec.tolist()})")
    return array


class _ObservationArena:
    """Rows of one preallocated float32 block handed out one per step: each step's observation is fresh memory
    (earlier rows stay valid, kept alive by their views) without an allocation or a ``.ctypes`` lookup per step."""

    ROWS = 4096

    def __init__(self, width: int):
        self.width = width
        self._renew()

    def _renew(self):
        self.block = np.empty((self.ROWS, self.width), np.float32)
        self.base = self.block.ctypes.data
        self.stride = self.block.strides[0]
        self.used = 0

    def next(self) -> tuple[np.ndarray, int]:
        """A fresh row and its address."""
        if self.used == self.ROWS:
            self._renew()
        k = self.used
        self.used += 1
        return self.block[k], self.base + k * self.stride


class RuntimeEnv(gym.Env):
    """The simulated Tandem ``RuntimeEnv`` over the C ABI.

    ``scenario``: a scenario JSON file (``Experiments/scenarios/...``), or the scenario as a dict or JSON text.
    ``library``: the sub-network library (``library.h5`` from ``tandem search``); or give ``published_library`` and
    ``latency_tables`` in ``options`` (Dynamic-OFA's files). ``options``: the rest of the options JSON
    (``reward`` weights, ``seed`` of an unseeded first reset). The platform is the scenario's.

    Seeding: ``reset(seed=s)`` seeds ``np_random`` and draws the native seed from it; ``reset()`` continues the
    native generator (so ``reset(seed=s); reset()`` is reproducible). ``step`` never touches ``np_random``.
    Every step returns fresh numpy arrays. The native handle lives in this process only: pickling raises.
    """

    metadata = {"render_modes": []}

    def __init__(self, scenario: Any, library: Any = None, options: Mapping[str, Any] | None = None,
                 render_mode: str | None = None):
        self._handle = None  # set first: close() may run from __del__ of a half-built object
        if render_mode is not None:
            raise ValueError(f"RuntimeEnv renders nothing; render_mode must be None, got {render_mode!r}")
        self.render_mode = None
        self._library = _lib.lib()
        self._handle = create_handle(scenario, options_json(options, library=library), None)
        self._finalizer = weakref.finalize(self, self._library.tandem_env_destroy, self._handle)
        spaces = NativeSpaces(self._handle)
        self.observation_space = spaces.observation_space
        self.action_space = spaces.action_space
        self.max_episode_steps = spaces.max_episode_steps
        self._nvec = spaces.nvec
        self._info_names = spaces.info_names
        self._observation_dim = spaces.observation_dim
        self._native_seeded = False
        # Per-step scratch that never escapes: the int32 action, the reward, the flags and the info row.
        self._action_shape = (spaces.action_dims,)
        self._nvec_list = spaces.nvec.tolist()
        self._action = (ctypes.c_int32 * spaces.action_dims)()
        self._observations = _ObservationArena(self._observation_dim)
        self._scalars = np.zeros(1 + len(self._info_names), np.float64)
        self._flags = np.zeros(2, np.uint8)
        self._action_address = ctypes.addressof(self._action)
        self._reward_address = self._scalars.ctypes.data
        self._info_address = self._reward_address + self._scalars.itemsize
        self._flag_address = self._flags.ctypes.data

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        handle = self._live_handle()
        has_seed = seed is not None or not self._native_seeded
        native_seed = int(self.np_random.integers(0, _NATIVE_SEED_BOUND)) if has_seed else 0
        observation, address = self._observations.next()
        _lib.check(self._library.tandem_env_reset(handle, int(has_seed), native_seed, address,
                                                  self._observation_dim, self._info_address, len(self._info_names)))
        self._native_seeded = True
        return observation, self._info()

    def step(self, action: Any):
        handle = self._live_handle()
        array = action if type(action) is np.ndarray else np.asarray(action)
        if array.shape != self._action_shape or array.dtype.kind not in "iu":
            array = check_actions(array, self._action_shape, self._nvec)  # converts integral floats or raises
        values = array.tolist()
        for value, n in zip(values, self._nvec_list):
            if value < 0 or value >= n:
                raise ValueError(f"action {values} is outside the action space (nvec {self._nvec_list})")
        self._action[:] = values
        observation, address = self._observations.next()
        _lib.check(self._library.tandem_env_step(
            handle, self._action_address, len(values), address, self._observation_dim,
            self._reward_address, self._flag_address, self._flag_address + 1, self._info_address,
            len(self._info_names)))
        return (observation, float(self._scalars[0]), bool(self._flags[0]), bool(self._flags[1]), self._info())

    def close(self):
        if getattr(self, "_handle", None) is not None:
            self._finalizer()
            self._handle = None

    def __getstate__(self):
        raise TypeError(
            "tandem_gym.RuntimeEnv holds a native handle valid only in this process and cannot be pickled; "
            "ship the constructor arguments instead (e.g. RLlib's env_config) and build the env where it runs"
        )

    def _live_handle(self) -> int:
        if self._handle is None:
            raise gym.error.ClosedEnvironmentError("tandem_gym.RuntimeEnv is closed")
        return self._handle

    def _info(self) -> dict[str, Any]:
        row = self._scalars[1:].tolist()
        return dict(zip(self._info_names, row))
