"""The ctypes table in tandem_gym/_lib.py matches the `@c` functions of Sources/TandemC, name for name and type
for type, so Python and Swift cannot drift apart (a mismatch would corrupt the stack, not raise)."""

from __future__ import annotations

import ctypes
import re

from conftest import REPO

from tandem_gym import _lib

SWIFT_TO_CTYPES = {
    "UnsafeMutableRawPointer?": ctypes.c_void_p,
    "UnsafePointer<CChar>?": ctypes.c_char_p,
    "Int32": ctypes.c_int32,
    "Int64": ctypes.c_int64,
    "UInt64": ctypes.c_uint64,
}
DECLARATION = re.compile(r"@c public func (\w+)\((.*?)\)\s*(?:->\s*([\w<>?]+))?\s*\{", re.S)


def swift_type(text: str):
    text = text.strip()
    if text in SWIFT_TO_CTYPES:
        return SWIFT_TO_CTYPES[text]
    if re.fullmatch(r"Unsafe(Mutable)?Pointer<\w+>\?", text):
        return ctypes.c_void_p  # typed buffers travel as addresses
    raise AssertionError(f"no ctypes mapping for Swift type {text!r}")


def declarations() -> dict[str, tuple[object, list[object]]]:
    found = {}
    for path in sorted((REPO / "Sources" / "TandemC").glob("*.swift")):
        for name, parameters, result in DECLARATION.findall(path.read_text()):
            arguments = [swift_type(p.split(":", 1)[1]) for p in parameters.split(",") if p.strip()]
            found[name] = (swift_type(result) if result else None, arguments)
    return found


def test_ctypes_table_matches_the_swift_declarations():
    swift = declarations()
    assert len(swift) >= 20
    assert sorted(swift) == sorted(_lib._SIGNATURES)
    for name, (restype, argtypes) in _lib._SIGNATURES.items():
        assert swift[name] == (restype, argtypes), name


def test_library_exports_every_function_and_the_version():
    library = _lib.lib()
    for name in _lib._SIGNATURES:
        assert hasattr(library, name), name
    assert library.tandem_abi_version() == _lib.ABI_VERSION
    names = _lib.info_names()
    assert names[:4] == ("time_s", "latency_ms", "latency_target_ms", "energy_j") and len(names) == 17
