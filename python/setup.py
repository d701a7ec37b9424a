"""Builds the TandemC library with SwiftPM while the wheel is built (``pip install ./python``).

The library is linked with the Swift runtime inside it (``-Xswiftc -static-stdlib``; SwiftPM's
``--static-swift-stdlib`` is ignored for dynamic products), so the installed package needs no Swift toolchain, only
the Debian libraries Tandem links (OpenBLAS, HDF5). A separate scratch folder (``.build/python``) keeps this build
from invalidating the repository's own ``.build/release``. ``TANDEM_SWIFT`` names the ``swift`` executable.
"""

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
        command = [swift, "build", "-c", "release", "--product", "TandemC", "--scratch-path",
                   str(ROOT / ".build" / "python"), "-Xswiftc", "-static-stdlib"]
        subprocess.check_call(command, cwd=ROOT)
        bin_dir = subprocess.check_output(command[:-2] + ["--show-bin-path"], cwd=ROOT, text=True).strip()
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
