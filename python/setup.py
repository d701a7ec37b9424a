"""Builds the TandemC library with SwiftPM while the wheel is built (``pip install ./python``).

The library is linked with the Swift runtime inside it (``-Xswiftc -static-stdlib``; SwiftPM's
``--static-swift-stdlib`` is ignored for dynamic products), so the installed package needs no Swift toolchain, only
the Debian libraries Tandem links (OpenBLAS, HDF5). A separate scratch folder (``.build/python``) keeps this build
from invalidating the repository's own ``.build/release``. ``TANDEM_SWIFT`` names the ``swift`` executable.

Portability: Package.swift compiles the numeric modules for the building CPU (``-target-cpu native``). A wheel may
run on other machines (Ray workers), so on x86-64 this build asks for ``haswell`` (AVX2/FMA, any x86-64 CPU since
2013) instead; ``TANDEM_TARGET_CPU`` overrides it (empty: keep Package.swift's choice).
"""

import platform

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIBRARY = "libTandemC.so"


class BuildSwiftLibrary(build_py):
    """``build_py`` plus ``swift build --product TandemC`` and a stripped copy of the library in the package."""

    def run(self):
        super().run()
        if not (ROOT / "Package.swift").is_file():
            raise RuntimeError(f"tandem-gym: {ROOT} holds no Package.swift; build from the Tandem repository "
                               "(`pip install ./python` at its root)")
        swift = os.environ.get("TANDEM_SWIFT", "swift")
        if shutil.which(swift) is None:
            raise RuntimeError(f"tandem-gym: '{swift}' not found; the Swift 6.3 toolchain builds the library")
        base = [swift, "build", "-c", "release", "--product", "TandemC", "--scratch-path",
                str(ROOT / ".build" / "python")]
        default_cpu = "haswell" if platform.machine() in ("x86_64", "AMD64") else ""
        target_cpu = os.environ.get("TANDEM_TARGET_CPU", default_cpu)
        flags = ["-Xswiftc", "-static-stdlib"]
        if target_cpu:
            flags += ["-Xswiftc", "-target-cpu", "-Xswiftc", target_cpu]
        subprocess.check_call(base + flags, cwd=ROOT)
        bin_dir = subprocess.check_output(base + ["--show-bin-path"], cwd=ROOT, text=True).strip()
        target = Path(self.build_lib) / "tandem_gym" / LIBRARY
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(bin_dir) / LIBRARY, target)
        if shutil.which("strip"):
            subprocess.check_call(["strip", "--strip-unneeded", str(target)])


class BinaryDistribution(Distribution):
    """The wheel carries a native library: not pure Python."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    """``py3-none-<platform>``: the library is called through ctypes, so any Python 3 works."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        return "py3", "none", super().get_tag()[2]


setup(distclass=BinaryDistribution, cmdclass={"build_py": BuildSwiftLibrary, "bdist_wheel": PlatformWheel})
