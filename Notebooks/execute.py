#!/usr/bin/env python3
"""Executes every notebook in this folder headlessly (nbclient) against small results produced here and now
with the built `tandem`, so the notebooks never rot. Run by `make test` (target `notebooks`).

Produces, in a temporary folder: a library (`tandem search` on the Jetson GPU table of the shared Dynamic-OFA
data), short training runs of q, dqn and ppo with their metrics logs, a Fig. 7 results file (`tandem evaluate
--policy`) and a small demo results file (`tandem demo --steps`). Each notebook then runs with its environment
variable pointed at them and its figure saved into the temporary folder (the committed figures are untouched).
Fails loudly (non-zero exit, the failing cell's error) when the shared data, a package, a command or a cell fails,
when a notebook is committed with outputs, or when a notebook saves no figure.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# What each notebook reads (environment variable -> key of `produce`'s outputs) and the figure it must save.
NOTEBOOKS = {
    "pareto_front.ipynb": ({"TANDEM_LIBRARY": "library"}, "pareto_front.png"),
    "controllers.ipynb": ({"TANDEM_RESULTS": "results"}, "controllers.png"),
    "fig7_timeseries.ipynb": ({"TANDEM_FIG7": "fig7"}, "fig7_timeseries.png"),
    "training_curves.ipynb": ({"TANDEM_TRAINING_LOGS": "logs"}, "training_curves.png"),
}


def fail(message):
    print(f"notebooks: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(tandem, *arguments):
    command = [str(tandem), *map(str, arguments)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr}{result.stdout}")
    return result.stdout


def produce(tandem, shared, folder):
    """The small results the notebooks read; returns their paths by key."""
    gpu_table = shared / "data/dynamic-ofa/latency-tables/gpu"
    predictor = shared / "data/dynamic-ofa/accuracy-predictor.json"
    for path in (gpu_table, predictor):
        if not path.exists():
            fail(f"shared data missing: {path} (set SHARED / TANDEM_SHARED to the shared folder)")
    library = folder / "library.h5"
    run(tandem, "search", "--profile", gpu_table, "--accuracy", predictor, "--levels", 6, "--out", library)

    scenario = REPO / "Experiments/scenarios/train/paper-gpu-corunner.json"
    logs = folder / "logs"
    logs.mkdir()
    for agent, steps in (("q", 1000), ("dqn", 1000), ("ppo", 1536)):
        for seed in (1, 2):
            run(tandem, "train", "--platform", "xavier-nx", "--scenario", scenario, "--library", library,
                "--agent", agent, "--steps", steps, "--seed", seed, "--out", folder / f"{agent}-seed{seed}.policy.h5",
                "--log", logs / f"{agent}-seed{seed}.h5")

    results = folder / "results"
    results.mkdir()
    fig7 = results / "fig7.h5"
    run(tandem, "evaluate", "--platform", "xavier-nx", "--scenario", scenario, "--library", library,
        "--policy", folder / "dqn-seed1.policy.h5", "--baselines", "dynamic-ofa,schedutil", "--seed", 0, "--out", fig7)
    run(tandem, "demo", "--library", library, "--steps", 500, "--baselines", "schedutil,dynamic-ofa,oracle",
        "--policy-out", folder / "demo-policy.h5", "--out", results / "demo.h5")
    return {"library": library, "results": results, "fig7": fig7, "logs": logs}


def check_committed_without_outputs(notebook_path, book):
    for index, cell in enumerate(book.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            fail(f"{notebook_path.name}: cell {index} has outputs; commit notebooks without outputs "
                 "(jupyter nbconvert --clear-output --inplace)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(REPO / ".build/release"), help="folder with the built tandem")
    parser.add_argument("--shared", default=os.environ.get("TANDEM_SHARED") or str(REPO.parent / "shared"),
                        help="the shared folder (data/dynamic-ofa)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as error:
        fail(f"{error}: install Experiments/requirements-test.txt (make python-deps)")

    tandem = Path(args.bin).resolve() / "tandem"
    if not tandem.exists():
        fail(f"{tandem} not found: build first (make build)")
    notebooks = sorted(HERE.glob("*.ipynb"))
    unknown = [n.name for n in notebooks if n.name not in NOTEBOOKS]
    if unknown:
        fail(f"no test inputs configured for {unknown}: add them to NOTEBOOKS in {Path(__file__).name}")

    with tempfile.TemporaryDirectory(prefix="tandem-notebooks-") as temporary:
        folder = Path(temporary)
        start = time.monotonic()
        outputs = produce(tandem, Path(args.shared).resolve(), folder)
        print(f"notebooks: produced small results in {time.monotonic() - start:.1f} s")
        figures = folder / "figures"
        for notebook_path in notebooks:
            variables, figure = NOTEBOOKS[notebook_path.name]
            book = nbformat.read(notebook_path, as_version=4)
            check_committed_without_outputs(notebook_path, book)
            for variable, key in variables.items():
                os.environ[variable] = str(outputs[key])
            os.environ["TANDEM_FIGURES"] = str(figures)
            begin = time.monotonic()
            client = NotebookClient(book, timeout=args.timeout, kernel_name="python3",
                                    resources={"metadata": {"path": str(HERE)}})
            try:
                client.execute()
            except CellExecutionError as error:
                fail(f"{notebook_path.name}:\n" + re.sub(r"\x1b\[[0-9;]*m", "", str(error)))
            png = figures / figure
            if not png.exists() or png.stat().st_size < 1000:
                fail(f"{notebook_path.name} saved no figure {png.name}")
            print(f"notebooks: {notebook_path.name} ok ({time.monotonic() - begin:.1f} s, {png.name} "
                  f"{png.stat().st_size // 1024} KiB)")
    print(f"notebooks: all {len(notebooks)} executed")


if __name__ == "__main__":
    main()
