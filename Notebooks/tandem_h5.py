"""Readers for Tandem's HDF5 outputs, shared by the notebooks (h5py + numpy only).

Formats (root attribute `format`):
- `tandem.results` (`tandem evaluate --out`): one group per controller with metric attributes and per-frame series.
- `tandem.demo` (`tandem demo --out`): `summary/<controller>` (pooled metrics) and `scenarios/<name>/<controller>`
  groups in the `tandem.results` controller layout.
- `tandem.metrics` (`tandem train --log`): `<name>/{step, value}` series, e.g. `charts/episodic_return`.
- `tandem.library` (`tandem search --out`): one row per level (`top1_percent`, `latency_ms/<device>`, `macs`, ...).
"""
import os
from pathlib import Path

import h5py
import numpy as np

SERIES = ("t", "latency_ms", "target_ms", "level", "cpu_khz", "gpu_khz", "power_w", "energy_j", "top1",
          "temperature_c", "reward")
METRICS = ("energy_j", "energy_per_frame_mj", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "miss_rate",
           "mean_top1", "frames")


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _texts(values):
    return [_text(v) for v in np.atleast_1d(values)]


def path_from_env(variable, default):
    """The path in environment variable `variable`, else `default`; fails loudly when it does not exist."""
    path = Path(os.environ.get(variable) or default)
    if not path.exists():
        raise FileNotFoundError(f"{variable}: {path} does not exist (set {variable} or run the experiment first)")
    return path


def figures_folder():
    """Where figures go: $TANDEM_FIGURES (the test run points it at a temporary folder), else ./figures."""
    folder = Path(os.environ.get("TANDEM_FIGURES") or "figures")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_format(file, expected, path):
    found = _text(file.attrs.get("format", b""))
    if found not in expected:
        raise ValueError(f"{path}: format is '{found}', expected one of {expected}")
    return found


def read_controller(group):
    """One controller group: {'metrics': {...}, 'series': {name: array}}."""
    metrics = {key: float(group.attrs[key]) for key in METRICS if key in group.attrs}
    series = {key: group[key][()] for key in SERIES if key in group}
    return {"metrics": metrics, "series": series}


def read_results(path):
    """A `tandem.results` or `tandem.demo` file as {scenario: {controller: read_controller(...)}} (ordered)."""
    path = Path(path)
    with h5py.File(path, "r") as f:
        kind = check_format(f, ("tandem.results", "tandem.demo"), path)
        if kind == "tandem.results":
            scenario = _text(f.attrs["scenario"])
            return {scenario: {name: read_controller(f[name]) for name in _texts(f.attrs["controllers"])}}
        controllers = _texts(f.attrs["controllers"])
        return {name: {c: read_controller(f["scenarios"][name][c]) for c in controllers}
                for name in _texts(f.attrs["scenarios"])}


def file_format(path):
    with h5py.File(path, "r") as f:
        return _text(f.attrs.get("format", b""))


def read_results_folder(path):
    """A results file, or every results file (tandem.results / tandem.demo) in a folder, merged by scenario; other
    HDF5 files there (policies, libraries) are passed over."""
    path = Path(path)
    files = [path] if path.is_file() else [f for f in sorted(path.glob("*.h5"))
                                           if file_format(f) in ("tandem.results", "tandem.demo")]
    if not files:
        raise FileNotFoundError(f"{path}: no results files (tandem.results or tandem.demo)")
    merged = {}
    for file in files:
        merged.update(read_results(file))
    return merged


def read_metrics_log(path):
    """A `tandem.metrics` file as ({name: (steps, values)}, root attributes)."""
    path = Path(path)
    with h5py.File(path, "r") as f:
        check_format(f, ("tandem.metrics",), path)
        series = {}

        def visit(name, obj):
            if isinstance(obj, h5py.Group) and "step" in obj and "value" in obj:
                series[name] = (obj["step"][()], obj["value"][()])

        f.visititems(visit)
        attributes = {key: _text(value) for key, value in f.attrs.items()}
    return series, attributes


def read_library(path):
    """A `tandem.library` file as a dict of columns (latency per device under 'latency_ms')."""
    path = Path(path)
    with h5py.File(path, "r") as f:
        check_format(f, ("tandem.library",), path)
        return {
            "names": _texts(f["names"][()]),
            "top1_percent": f["top1_percent"][()],
            "macs": f["macs"][()],
            "latency_ms": {device: f["latency_ms"][device][()] for device in f["latency_ms"]},
            "devices": _texts(f.attrs["devices"]),
        }
