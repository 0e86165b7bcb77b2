"""Time `lkdata report 2026-H1` beside the floor of Papermill + nbconvert, in one run.

    .venv/bin/python benchmarks/bench_report.py [--repeat 3]

Works on a copy of the project's sample (data/raw and notebooks/) in a temporary folder, cleaned
first (not timed). Then, alternating so that both see the same machine load, it measures:

- the floor: Papermill executing an empty one-cell notebook, plus nbconvert converting it to HTML;
- the report: `run_reports(["2026-H1"])` as `lkdata report` runs it: the report notebook executed
  by Papermill, rendered to HTML by nbconvert and to PDF by WeasyPrint, manifest written.

Prints the median of each, the report's own split (execute / HTML / PDF) and the ratio.
Target (issue 5): the whole report within 3x the floor.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

from _project import sample_project


def floor_once(work: Path) -> float:
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_notebook

    src, out = work / "empty.ipynb", work / "empty_out.ipynb"
    if not src.exists():
        nb = new_notebook(cells=[new_code_cell("1 + 1")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, src)
    t = time.perf_counter()
    pm.execute_notebook(str(src), str(out), kernel_name="python3", progress_bar=False,
                        extra_arguments=["--IPKernelApp.log_level=CRITICAL"])  # fmt: skip
    HTMLExporter().from_notebook_node(nbformat.read(out, as_version=4))
    return time.perf_counter() - t


def report_once(project: Path) -> tuple[float, dict]:
    from lkdata.config import Paths
    from lkdata.jobs.reports import run_reports

    t = time.perf_counter()
    [result] = run_reports(["2026-H1"], paths=Paths(project))
    total = time.perf_counter() - t
    if not result.ok:
        raise SystemExit(f"report failed: {result.error}")
    return total, result.timings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    project = sample_project("lkdata-bench-report-")
    work = project.parent
    from lkdata.jobs.clean_run import run_clean

    run_clean(project / "data" / "raw", project / "data" / "processed")
    floor_once(work)  # warm-up: imports, kernel spec lookup, font caches
    report_once(project)
    floors, reports, splits = [], [], []
    for _ in range(args.repeat):
        floors.append(floor_once(work))
        total, timings = report_once(project)
        reports.append(total)
        splits.append(timings)
    f, r = statistics.median(floors), statistics.median(reports)
    split = {k: statistics.median(s[k] for s in splits) for k in ("execute", "html", "pdf")}
    print(f"floor (Papermill empty notebook + nbconvert HTML): median {f:.2f} s  runs {[round(x, 2) for x in floors]}")
    print(f"lkdata report 2026-H1 (execute + HTML + PDF):      median {r:.2f} s  runs {[round(x, 2) for x in reports]}")
    print(f"  split (median): execute {split['execute']:.2f} s, HTML {split['html']:.2f} s, PDF {split['pdf']:.2f} s")
    print(f"ratio {r / f:.1f}x the floor (target <= 3x: {'met' if r <= 3 * f else 'NOT met'})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
