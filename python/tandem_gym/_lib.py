"""ctypes binding of the TandemC library (the C ABI over Tandem's Swift `Environment` module).

The library is found in this order: the ``TANDEM_LIB`` environment variable (a path to ``libTandemC.so``, e.g.
``.build/release/libTandemC.so`` while developing), then the copy packaged next to this file by ``pip install``.

Every function of the ABI is declared once in ``_SIGNATURES`` (argument and result types); pointers travel as plain
integer addresses (``c_void_p``), which is the cheapest way through ctypes. Status codes below zero become the
exceptions of ``errors.py`` with the library's own message.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

from .errors import raise_for_status

#: The ABI version this package speaks (``tandem_abi_version()`` must return it).
ABI_VERSION = 1

_p = ctypes.c_void_p
_i32 = ctypes.c_int32
_i64 = ctypes.c_int64
_u64 = ctypes.c_uint64
_cstr = ctypes.c_char_p

#: name -> (restype, argtypes); mirrors the `@c` functions in Sources/TandemC (a test checks them against the
#: `@c` declarations in the Swift sources).
_SIGNATURES: dict[str, tuple[object, list[object]]] = {
    "tandem_abi_version": (_i32, []),
    "tandem_last_error": (_i64, [_p, _i64]),
    "tandem_info_count": (_i32, []),
    "tandem_info_names": (_i64, [_p, _i64]),
    "tandem_env_create": (_p, [_cstr, _cstr]),
    "tandem_env_create_json": (_p, [_cstr, _cstr]),
    "tandem_env_destroy": (None, [_p]),
    "tandem_env_observation_dim": (_i32, [_p]),
    "tandem_env_action_dims": (_i32, [_p]),
    "tandem_env_max_episode_steps": (_i32, [_p]),
    "tandem_env_observation_bounds": (_i32, [_p, _p, _p, _i64]),
    "tandem_env_action_nvec": (_i32, [_p, _p, _i64]),
    "tandem_env_reset": (_i32, [_p, _i32, _u64, _p, _i64, _p, _i64]),
    "tandem_env_step": (_i32, [_p, _p, _i64, _p, _i64, _p, _p, _p, _p, _i64]),
    "tandem_vec_create": (_p, [_cstr, _cstr, _i32]),
    "tandem_vec_create_json": (_p, [_cstr, _cstr, _i32]),
    "tandem_vec_destroy": (None, [_p]),
    "tandem_vec_num_envs": (_i32, [_p]),
    "tandem_vec_reset": (_i32, [_p, _p, _i64, _p, _i64, _p, _i64]),
    "tandem_vec_step": (_i32, [_p, _p, _i64, _p, _i64, _p, _p, _p, _p, _i64]),
    "tandem_vec_run_random": (_i32, [_p, _i64, _u64, _p]),
}

_lock = threading.Lock()
_library: ctypes.CDLL | None = None


def library_path() -> Path:
    """The path the library is (or would be) loaded from."""
    override = os.environ.get("TANDEM_LIB")
    if override:
        return Path(override)
    return Path(__file__).with_name("libTandemC.so")


def lib() -> ctypes.CDLL:
    """The loaded library (loaded and checked on first use)."""
    global _library
    if _library is not None:
        return _library
    with _lock:
        if _library is None:
            path = library_path()
            if not path.is_file():
                raise OSError(
                    f"tandem_gym: the TandemC library is missing at {path}: install the package with "
                    "`pip install ./python` (it builds the library) or set TANDEM_LIB to a built libTandemC.so"
                )
            loaded = ctypes.CDLL(str(path))
            for name, (restype, argtypes) in _SIGNATURES.items():
                function = getattr(loaded, name)
                function.restype = restype
                function.argtypes = argtypes
            version = loaded.tandem_abi_version()
            if version != ABI_VERSION:
                raise OSError(f"tandem_gym: {path} speaks ABI version {version}, this package needs {ABI_VERSION}")
            _library = loaded
    return _library


def last_error() -> str:
    """The message of the most recent failed call."""
    library = lib()
    length = library.tandem_last_error(None, 0)
    buffer = ctypes.create_string_buffer(int(length) + 1)
    library.tandem_last_error(ctypes.addressof(buffer), len(buffer))
    return buffer.value.decode("utf-8", errors="replace")


def info_names() -> tuple[str, ...]:
    """Names of the info row's fields, in order."""
    library = lib()
    length = library.tandem_info_names(None, 0)
    buffer = ctypes.create_string_buffer(int(length) + 1)
    library.tandem_info_names(ctypes.addressof(buffer), len(buffer))
    names = tuple(buffer.value.decode("utf-8").split(","))
    if len(names) != library.tandem_info_count():
        raise OSError("tandem_gym: the library's info names and info count disagree")
    return names


def check(status: int) -> int:
    """Raises the matching exception for a negative status; returns non-negative values unchanged."""
    if status < 0:
        raise_for_status(status, last_error())
    return status
