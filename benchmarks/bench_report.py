"""Time `lkdata report 2026-H1` beside the floor of Papermill + nbconvert, in one run.

    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--no-cold] [--no-batch]

Works on a copy of the project's sample (data/raw and notebooks/) in a temporary folder, cleaned
first (not timed). Then, alternating so that both see the same machine load, it measures:

- the floor: Papermill executing an empty one-cell notebook, plus nbconvert converting it to HTML;
- the report: `run_reports(["2026-H1"], force=True)` as `lkdata report --force` runs it (forced: the
  inputs do not change between runs, so the job would otherwise be skipped as up to date): the report
  notebook executed by Papermill, rendered to HTML by nbconvert and to PDF by WeasyPrint, manifest
  written;
- then the command itself in a fresh process (`lkdata report --force`), imports and fonts cold;
- then a batch as an office runs it, `run_reports(["2026-H1", "2026"], briefs=True, force=True)`: both
  reports and every khu phố's brief (42 documents, HTML and PDF) in this process, one after the other,
  each on a kernel started while the one before was rendered; its wall time divided by the number of
  documents is the time per document, beside the floor.

Prints the median of each (of the floor, its fastest run: Papermill sometimes waits 2.5 s for its kernel
to exit before killing it), the report's own split (execute / HTML / PDF), the CPU seconds of this
process and of the kernels (the machine may be shared: CPU time says where the work goes whatever the
load), and the ratio to the floor of each figure, saying which meets the target (issues 5 and 17:
within 3x the floor) and which does not.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _project import sample_project


def floor_once(work: Path) -> float:
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_notebook

    from lkdata.jobs.reports import KERNEL_ARGUMENTS

    src, out = work / "empty.ipynb", work / "empty_out.ipynb"
    if not src.exists():
        nb = new_notebook(cells=[new_code_cell("1 + 1")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, src)
    t = time.perf_counter()
    pm.execute_notebook(str(src), str(out), kernel_name="python3", progress_bar=False,
                        extra_arguments=KERNEL_ARGUMENTS)  # the report's kernel options  # fmt: skip
    HTMLExporter().from_notebook_node(nbformat.read(out, as_version=4))
    return time.perf_counter() - t


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its waited-for children (the kernels), user + system."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def report_once(project: Path, period: str) -> tuple[float, dict]:
    """One forced render (the inputs have not changed, so without ``force`` the job would be skipped):
    wall seconds and the job's timings, with the CPU seconds of this process and of the kernel."""
    from lkdata.config import Paths
    from lkdata.jobs.reports import run_reports

    cpu0 = _cpu()
    t = time.perf_counter()
    [result] = run_reports([period], paths=Paths(project), formats=("html", "pdf"), force=True, jobs=1)
    total = time.perf_counter() - t
    cpu1 = _cpu()
    if not result.ok or result.skipped:
        raise SystemExit(f"report failed: {result.error or 'skipped'}")
    return total, result.timings | {"cpu_main": cpu1[0] - cpu0[0], "cpu_kernel": cpu1[1] - cpu0[1]}


def command_once(project: Path, period: str) -> float:
    """``lkdata report --force`` in a fresh process, as an analyst runs it (imports and fonts cold)."""
    t = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "lkdata.cli",
        "report",
        period,
        "--force",
        "--formats",
        "html,pdf",
        "-q",
        "-j",
        "1",
    ]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "LKDATA_ROOT": str(project)})
    return time.perf_counter() - t


def batch_once(project: Path) -> tuple[float, int, tuple[float, float]]:
    """The office's batch in this process: wall seconds, documents made, CPU seconds (process, kernels)."""
    from lkdata.config import Paths
    from lkdata.jobs.reports import run_reports

    cpu0 = _cpu()
    t = time.perf_counter()
    results = run_reports(["2026-H1", "2026"], paths=Paths(project), formats=("html", "pdf"), briefs=True,
                          force=True, jobs=1)  # fmt: skip
    total = time.perf_counter() - t
    cpu1 = _cpu()
    if not all(r.ok and not r.skipped for r in results):
        raise SystemExit(f"batch failed: {[r.error for r in results if not r.ok]}")
    return total, len(results), (cpu1[0] - cpu0[0], cpu1[1] - cpu0[1])


def _verdict(ratio: float) -> str:
    return "meets 3x" if ratio <= 3 else "does NOT meet 3x"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--period", default="2026-H1", help="the report to time (2026-H1 or 2026)")
    ap.add_argument("--no-cold", action="store_true", help="skip timing the command in a fresh process")
    ap.add_argument("--no-batch", action="store_true", help="skip timing the batch of both reports and the briefs")
    args = ap.parse_args()
    project = sample_project("lkdata-bench-report-")
    work = project.parent
    from lkdata.jobs.clean_run import run_clean

    run_clean(project / "data" / "raw", project / "data" / "processed")
    floor_once(work)  # warm-up: imports, kernel spec lookup, font caches
    report_once(project, args.period)
    floors, reports, splits = [], [], []
    for _ in range(args.repeat):
        floors.append(floor_once(work))
        total, timings = report_once(project, args.period)
        reports.append(total)
        splits.append(timings)
    commands = [] if args.no_cold else [command_once(project, args.period) for _ in range(args.repeat)]
    batch = None
    if not args.no_batch:
        before = floor_once(work)
        wall, documents, cpu = batch_once(project)
        floors += [before, floor_once(work)]
        batch = (wall, documents, cpu)
    # the floor is the fastest run: Papermill's own kernel sometimes waits out jupyter_client's 2.5 s grace
    # period before it is killed ("Kernel is taking too long to finish"), which a median of three may keep
    f, r = min(floors), statistics.median(reports)
    keys = ("execute", "html", "pdf", "cpu_main", "cpu_kernel")
    split = {k: statistics.median(s.get(k, 0.0) for s in splits) for k in keys}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} (other processes share the cores)")
    print(f"floor (Papermill empty notebook + nbconvert HTML): fastest {f:.2f} s  runs {[round(x, 2) for x in floors]}")
    print(f"lkdata report {args.period} (execute + HTML + PDF, forced): median {r:.2f} s  "
          f"runs {[round(x, 2) for x in reports]}")  # fmt: skip
    print(f"  wall split (median): execute {split['execute']:.2f} s, HTML {split['html']:.2f} s, "
          f"PDF {split['pdf']:.2f} s")  # fmt: skip
    print(f"  CPU (median): this process {split['cpu_main']:.2f} s (Papermill, nbconvert, WeasyPrint), "
          f"kernel {split['cpu_kernel']:.2f} s")  # fmt: skip
    print(f"  ratio {r / f:.2f}x the floor: {_verdict(r / f)}")
    if commands:
        c = statistics.median(commands)
        print(f"the command in a fresh process (lkdata report --force): median {c:.2f} s  "
              f"runs {[round(x, 2) for x in commands]}")  # fmt: skip
        print(f"  ratio {c / f:.2f}x the floor: {_verdict(c / f)}")
    if batch:
        wall, documents, cpu = batch
        each = wall / documents
        print(f"a batch (2026-H1 and 2026, with --briefs, forced): {documents} documents in {wall:.1f} s, "
              f"{each:.2f} s per document; CPU per document {cpu[0] / documents:.2f} s in this process, "
              f"{cpu[1] / documents:.2f} s in the kernels")  # fmt: skip
        print(f"  ratio {each / f:.2f}x the floor per document: {_verdict(each / f)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
