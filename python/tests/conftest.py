"""Shared fixtures: the library, the scenarios and the sub-network library the tests build environments from.

Everything needed must be present: a missing library, shared data folder or Python package fails the run
(never a skip). The library comes from ``TANDEM_LIB`` (``make python-test`` points it at ``.build/release``) or
from an installed/in-place ``tandem_gym/libTandemC.so``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("TANDEM_SHARED") or REPO.parent / "shared")
SCENARIOS = REPO / "Experiments" / "scenarios"


def shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.fail(f"shared data not found at {path}: set TANDEM_SHARED to the shared folder", pytrace=False)
    return path


@pytest.fixture(scope="session", autouse=True)
def native_library():
    import tandem_gym

    path = tandem_gym.library_path()
    if not path.is_file():
        pytest.fail(f"TandemC library not found at {path}: set TANDEM_LIB (e.g. .build/release/libTandemC.so) "
                    "or `pip install ./python`", pytrace=False)
    return path


@pytest.fixture(scope="session")
def library_options() -> dict:
    """Dynamic-OFA's published library (13 nets) with its measured latency tables, as env options."""
    return {"published_library": str(shared("data/dynamic-ofa/library.json")),
            "latency_tables": str(shared("data/dynamic-ofa/latency-tables"))}


@pytest.fixture(scope="session")
def paper_scenario() -> Path:
    path = SCENARIOS / "train" / "paper-gpu-corunner.json"
    assert path.is_file(), f"scenario missing: {path}"
    return path


@pytest.fixture(scope="session")
def short_scenario(paper_scenario) -> dict:
    """The paper scenario cut to 1 s (15 frames), with the co-runner arriving at 0.5 s: episodes end quickly."""
    scenario = json.loads(paper_scenario.read_text())
    scenario.update(name="short-paper", duration_s=1.0, frame_period_ms=66.7,
                    co_runners=[{"start_s": 0.5, "end_s": 1.0, "device": "gpu", "utilization": 0.5}])
    return scenario


@pytest.fixture(scope="session")
def env_kwargs(paper_scenario, library_options) -> dict:
    return {"scenario": str(paper_scenario), "options": dict(library_options)}
