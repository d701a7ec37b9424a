"""How Python names an environment to the library: a scenario (file path, or a dict / JSON text of the scenario)
and the options JSON of ``tandem_env_create`` (``Sources/TandemC/EnvOptions.swift``):

``{"seed": int, "reward": {RewardConfig field: number}, "library": "library.h5"}`` or, instead of ``library``,
``"published_library": "library.json", "latency_tables": "folder with cpu/ and gpu/"``.

Everything here is plain data (strings and dicts), so it pickles: Ray ships it to its workers and each worker
builds its own native environment.
"""

from __future__ import annotations

import json
import os
from typing import Any, Mapping

#: Keys of the options JSON the library accepts.
OPTION_KEYS = ("seed", "reward", "library", "published_library", "latency_tables")


def scenario_argument(scenario: Any) -> tuple[bool, bytes]:
    """``(is_path, bytes)`` for the create call: a path (str / PathLike) or the scenario itself (dict / JSON text)."""
    if isinstance(scenario, Mapping):
        return False, json.dumps(dict(scenario)).encode("utf-8")
    if isinstance(scenario, (str, os.PathLike)):
        text = os.fspath(scenario)
        if text.lstrip().startswith("{"):
            return False, text.encode("utf-8")
        return True, os.path.abspath(text).encode("utf-8")
    raise TypeError(f"scenario must be a path, a dict or JSON text, got {type(scenario).__name__}")


def options_json(options: Mapping[str, Any] | None = None, **overrides: Any) -> bytes:
    """The options JSON: ``options`` updated with the keyword ``overrides`` that are not None; paths made absolute
    (the library resolves them against its own working directory otherwise)."""
    merged: dict[str, Any] = dict(options or {})
    merged.update({key: value for key, value in overrides.items() if value is not None})
    unknown = sorted(set(merged) - set(OPTION_KEYS))
    if unknown:
        raise ValueError(f"unknown option {unknown[0]!r} (known: {', '.join(OPTION_KEYS)})")
    for key in ("library", "published_library", "latency_tables"):
        if key in merged:
            merged[key] = os.path.abspath(os.fspath(merged[key]))
    return json.dumps(merged).encode("utf-8")
