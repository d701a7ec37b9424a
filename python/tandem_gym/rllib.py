"""The env creator Ray RLlib needs (no import of ray here, so the package works without it).

``ray.tune.register_env("tandem", tandem_gym.make_env)`` and ``.environment("tandem", env_config={...})`` with
``env_config = {"scenario": path, "library": path, "options": {...}}`` (plain data: Ray pickles it to every worker,
which builds its own native environment). With ``.env_runners(gym_env_vectorize_mode="vector_entry_point")``
RLlib adds ``num_envs`` and gets one batched ``RuntimeVectorEnv`` per runner.
"""

from __future__ import annotations

from typing import Any, Mapping

ENV_CONFIG_KEYS = ("scenario", "library", "options")


def make_env(config: Mapping[str, Any]):
    """A ``RuntimeEnv`` from ``config``, or a ``RuntimeVectorEnv`` when ``config`` holds ``num_envs``."""
    from .runtime_env import RuntimeEnv
    from .vector_env import RuntimeVectorEnv

    settings = {key: config[key] for key in ENV_CONFIG_KEYS if key in config}
    unknown = sorted(set(dict(config)) - set(ENV_CONFIG_KEYS) - {"num_envs"})
    if unknown:
        raise ValueError(f"tandem env_config: unknown key {unknown[0]!r} (known: {', '.join(ENV_CONFIG_KEYS)})")
    if "scenario" not in settings:
        raise ValueError("tandem env_config needs 'scenario' (a scenario JSON path or dict)")
    if "num_envs" in config:
        return RuntimeVectorEnv(num_envs=int(config["num_envs"]), **settings)
    return RuntimeEnv(**settings)


def package_for_ray(folder) -> str:
    """A copy of this package with the native library inside it, under ``folder``, for Ray's
    ``runtime_env={"py_modules": [package_for_ray(tmp)]}``: Ray zips it to every node of the cluster, so workers
    need neither the package installed nor ``TANDEM_LIB`` (they need glibc ≥ 2.34 and the Debian libraries the
    library links: OpenBLAS, HDF5)."""
    import shutil
    from pathlib import Path

    from ._lib import library_path

    source = Path(__file__).resolve().parent
    target = Path(folder) / "tandem_gym"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    library = library_path()
    if not library.is_file():
        raise OSError(f"tandem_gym: no library at {library} to ship (pip install ./python or set TANDEM_LIB)")
    shutil.copy2(library, target / "libTandemC.so")
    return str(target)
