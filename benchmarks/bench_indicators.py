"""Time the whole indicator table on a province-scale processed set.

    .venv/bin/python benchmarks/bench_indicators.py [--processed DIR] [--scale 300000]

Uses DIR when it holds a processed set (e.g. the one bench_clean.py --keep leaves in DIR/processed);
otherwise generates `lkdata sample --scale N` and cleans it first (a few minutes). Prints the time of
`lkdata.indicators()` for 2026-H1 and 2025 (each computes the period and the same period a year
earlier, every indicator of the package's plan). Target (issue 4): under 2 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processed", type=Path)
    ap.add_argument("--scale", type=int, default=300_000)
    args = ap.parse_args()
    processed = args.processed
    if processed is None or not (processed / "manifest.json").exists():
        work = Path(tempfile.mkdtemp(prefix="lkdata-bench-"))
        exe = [sys.executable, "-m", "lkdata.cli"]
        subprocess.run([*exe, "sample", "--scale", str(args.scale), "--seed", "1", "--out", str(work / "raw")],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(
            [*exe, "clean", "--raw", str(work / "raw"), "--out", str(work / "processed")], capture_output=True
        )
        processed = work / "processed"
    from lkdata import indicators, load
    from lkdata.io.reference import load_plan

    t = time.perf_counter()
    tables = load(processed=processed)
    load_s = time.perf_counter() - t
    rows = {k: len(v) for k, v in tables.items()}
    print(f"processed set: {processed} ({', '.join(f'{k} {v:,}' for k, v in rows.items())}); load {load_s:.2f} s")
    plan = load_plan()
    for period in ("2026-H1", "2025"):
        t = time.perf_counter()
        df = indicators(period, tables, targets={}, plan=plan)
        s = time.perf_counter() - t
        print(
            f"indicators({period!r}): {len(df)} indicators x 2 periods in {s:.2f} s (target < 2 s: "
            f"{'met' if s < 2 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
