"""The province-sized run: clean, indicators and the ward report, each beside its floor, with peak memory.

    .venv/bin/python benchmarks/bench_pipeline.py [--scale 300000] [--keep DIR] [--growth]

Generates `lkdata sample --scale N` (unless --keep names a folder that holds it) and runs each step in
a fresh process, measuring wall time and peak memory (the process and the children it waited for,
so a report's notebook kernel counts; from os.wait4):

- floor of clean: bare pandas reads of the raw files;   step: `lkdata clean --force`;
- step: `lkdata indicators 2026-H1` (all 51 indicators, this period and last year's);
- floor of a report: Papermill executing an empty notebook plus nbconvert to HTML;
  step: `lkdata report 2026-H1 --force` (execute, HTML, PDF, Word).

With --growth, also `lkdata clean` at 10,000, 100,000 and 300,000 households, as a table, to see how
time and memory grow. Targets (issue 8): peak memory under 2 GiB for clean and under 1 GiB per report.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from bench_clean import FLOOR  # noqa: E402  (the same floor as bench_clean.py)

REPORT_FLOOR = r"""
import sys, nbformat, papermill as pm
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook
nb = new_notebook(cells=[new_code_cell("1 + 1")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(nb, sys.argv[1])
pm.execute_notebook(sys.argv[1], sys.argv[1], kernel_name="python3", progress_bar=False)
HTMLExporter().from_notebook_node(nbformat.read(sys.argv[1], as_version=4))
"""


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a command and the children it waited for."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def _sample(raw: Path, scale: int) -> None:
    if not (raw / "_sample_truth.json").exists():
        cmd = [sys.executable, "-m", "lkdata.cli", "sample", "--scale", str(scale), "--seed", "1", "--out", str(raw)]
        subprocess.run(cmd, check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=300_000)
    ap.add_argument("--keep", type=Path, help="project folder for the generated set (reused when present)")
    ap.add_argument("--growth", action="store_true")
    args = ap.parse_args()
    project = args.keep or Path(tempfile.mkdtemp(prefix="lkdata-bench-pipeline-"))
    raw = project / "data" / "raw"
    _sample(raw, args.scale)
    if not (project / "notebooks").exists():
        shutil.copytree(ROOT / "notebooks", project / "notebooks")
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    exe = [sys.executable, "-m", "lkdata.cli"]
    rows = [
        ("floor: bare pandas reads", *measure([sys.executable, "-c", FLOOR, str(raw)])),
        ("lkdata clean --force", *measure([*exe, "clean", "--force"], env)),
        ("lkdata indicators 2026-H1", *measure([*exe, "indicators", "2026-H1"], env)),
        ("floor: Papermill + nbconvert", *measure([sys.executable, "-c", REPORT_FLOOR, str(project / "e.ipynb")])),
        ("lkdata report 2026-H1", *measure([*exe, "report", "2026-H1", "--force", "-q"], env)),
    ]
    print(f"households: {args.scale:,}; project: {project}")
    print(f"{'step':<32}{'wall (s)':>10}{'peak RSS (MiB)':>16}")
    for name, wall, peak in rows:
        print(f"{name:<32}{wall:>10.1f}{peak:>16.0f}")
    clean_mb, report_mb = rows[1][2], rows[4][2]
    print(f"clean / floor {rows[1][1] / rows[0][1]:.1f}x; report / floor {rows[4][1] / rows[3][1]:.1f}x; "
          f"peak memory: clean {'met' if clean_mb < 2048 else 'NOT met'} (< 2 GiB), "
          f"report {'met' if report_mb < 1024 else 'NOT met'} (< 1 GiB)")  # fmt: skip
    if args.growth:
        print(f"\n{'households':>12}{'clean (s)':>11}{'peak RSS (MiB)':>16}")
        for n in (10_000, 100_000, 300_000):
            folder = Path(tempfile.mkdtemp(prefix=f"lkdata-growth-{n}-"))
            _sample(folder / "raw", n)
            wall, peak = measure([*exe, "clean", "--force", "--raw", str(folder / "raw"), "--out", str(folder / "out")])
            print(f"{n:>12,}{wall:>11.1f}{peak:>16.0f}")
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
