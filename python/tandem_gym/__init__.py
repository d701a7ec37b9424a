"""tandem_gym: Tandem's joint sub-network/DVFS environment for Python RL libraries.

- ``RuntimeEnv``: a ``gymnasium.Env`` (registered as ``tandem/RuntimeEnv-v0``);
- ``RuntimeVectorEnv``: a batched ``gymnasium.vector.VectorEnv`` (``gym.make_vec(...,
  vectorization_mode="vector_entry_point")``), NEXT_STEP autoreset;
- ``make_env``: an env creator for Ray RLlib's ``register_env`` (returns the batch when RLlib asks for ``num_envs``).

The environment runs in Swift (the TandemC library, loaded with ctypes; ``TANDEM_LIB`` overrides its path).
"""

import gymnasium as gym

from ._lib import ABI_VERSION, library_path
from .errors import (ActionOutOfRangeError, ConfigurationError, EnvironmentFailureError, EpisodeEndedError,
                     InvalidArgumentError, InvalidHandleError, ResetNeededError, TandemError)
from .rllib import make_env, package_for_ray
from .runtime_env import RuntimeEnv
from .vector_env import RuntimeVectorEnv

ENV_ID = "tandem/RuntimeEnv-v0"

if ENV_ID not in gym.registry:
    gym.register(
        id=ENV_ID,
        entry_point="tandem_gym.runtime_env:RuntimeEnv",
        vector_entry_point="tandem_gym.vector_env:RuntimeVectorEnv",
    )

__all__ = [
    "ABI_VERSION", "ENV_ID", "RuntimeEnv", "RuntimeVectorEnv", "make_env", "package_for_ray", "library_path", "TandemError",
    "InvalidArgumentError", "InvalidHandleError", "ActionOutOfRangeError", "ResetNeededError", "EpisodeEndedError",
    "ConfigurationError", "EnvironmentFailureError",
]
