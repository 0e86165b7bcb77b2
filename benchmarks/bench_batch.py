"""Time a batch of khu phố briefs with one worker and with two, then a run with nothing changed.

    .venv/bin/python benchmarks/bench_batch.py [--briefs 20] [--dask]

Works on a copy of the project's sample (data/raw and notebooks/) in a temporary folder, cleaned and
with the six-month report made first (not timed). Then, in one run:

- `--jobs 1`: the report and N briefs of 2026-H1, forced (every document made again);
- `--jobs 2`: the same, forced;
- `--jobs 2` again without --force: every document is up to date, so every job is skipped;
- with `--dask`, also `--jobs dask`: the same documents, forced, on a Dask distributed LocalCluster of two
  worker processes (the cluster's start counted), to compare with the pool of `--jobs 2`.

Targets (issue 8): speed-up of `--jobs 2` over `--jobs 1` at least 1.7x on 2 cores; the unchanged run
under 10% of the first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time

from _project import sample_project


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--briefs", type=int, default=20)
    ap.add_argument("--dask", action="store_true", help="also time --jobs dask (a LocalCluster)")
    args = ap.parse_args()
    project = sample_project("lkdata-bench-batch-")
    work = project.parent
    from lkdata.config import Paths
    from lkdata.io.reference import load_reference
    from lkdata.jobs.reports import run_reports

    paths = Paths(project)
    names = list(load_reference().khu_pho["name"])[: args.briefs]
    options = {"khu_pho": names, "formats": ["html", "pdf"]}
    run_reports(["2026-H1"], paths=paths, jobs=2, **options)  # warm-up: clean, caches, every document once

    timings = {}
    runs = [("--jobs 1", 1, True), ("--jobs 2", 2, True), ("unchanged", 2, False)]
    for label, jobs, force in runs + ([("--jobs dask", "dask", True)] if args.dask else []):
        t = time.perf_counter()
        results = run_reports(["2026-H1"], paths=paths, jobs=jobs, force=force, **options)
        timings[label] = time.perf_counter() - t
        failed = [r.error for r in results if not r.ok]
        if failed:
            raise SystemExit(f"{label}: {failed}")
        made = sum(not r.skipped for r in results)
        print(
            f"{label:10} {len(results)} documents ({made} made, {len(results) - made} skipped): {timings[label]:.1f} s"
        )
    speedup = timings["--jobs 1"] / timings["--jobs 2"]
    share = timings["unchanged"] / timings["--jobs 1"] * 100
    print(f"speed-up --jobs 2 over --jobs 1: {speedup:.2f}x on {os.cpu_count()} cores "
          f"(target >= 1.7x: {'met' if speedup >= 1.7 else 'NOT met'})")  # fmt: skip
    print(f"unchanged run: {share:.1f}% of the first (target < 10%: {'met' if share < 10 else 'NOT met'})")
    if args.dask:
        ratio = timings["--jobs 2"] / timings["--jobs dask"]
        print(f"speed-up --jobs dask (LocalCluster) over --jobs 2 (process pool): {ratio:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
