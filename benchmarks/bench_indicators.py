"""Time the whole indicator table on a province-scale processed set.

    .venv/bin/python benchmarks/bench_indicators.py [--processed DIR] [--scale 300000]

Uses DIR when it holds a processed set (e.g. the one bench_clean.py --keep leaves in DIR/processed);
otherwise generates `lkdata sample --scale N` and cleans it first (a few minutes). Prints the time of
`lkdata.indicators()` for 2026-H1, 2025 and 2026 (each computes the period and the same period a year
earlier, every indicator of the package's plan), first with the processed set's own history, then
with a history that reaches back: two snapshots of every undated attribute, kept through the clean's
own code (`keep_history`) into a temporary folder, on 01/01/2025 (every record) and 01/9/2025 (a
tenth of the records changed), so that last year's figures are read from them (2026-H1 from the
first, 2026 from both; 2025's year-ago is before them). Target (issues 4 and 16): under 2 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


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
    from lkdata.io.history import read_history
    from lkdata.io.reference import load_plan

    t = time.perf_counter()
    tables = load(processed=processed)
    load_s = time.perf_counter() - t
    rows = {k: len(v) for k, v in tables.items()}
    print(f"processed set: {processed} ({', '.join(f'{k} {v:,}' for k, v in rows.items())}); load {load_s:.2f} s")
    plan = load_plan()
    for label, history in (("its own history", read_history(processed)), ("two snapshots", _snapshots(tables))):
        for period in ("2026-H1", "2025", "2026"):
            t = time.perf_counter()
            df = indicators(period, tables, targets={}, plan=plan, history=history)
            s = time.perf_counter() - t
            unknown = int(df["previous"].isna().sum())
            print(
                f"indicators({period!r}), {label}: {len(df)} indicators x 2 periods in {s:.2f} s "
                f"({unknown} year-ago unknown; target < 2 s: {'met' if s < 2 else 'NOT met'})"
            )


def _snapshots(tables: dict) -> dict:
    """Two snapshots of every undated attribute (all records on 01/01/2025, a tenth changed on 01/9/2025),
    kept as ``lkdata clean`` keeps them, in a temporary folder; the history read back."""
    import numpy as np

    from lkdata.io.history import keep_history, read_history
    from lkdata.plan.history import tracked

    folder = Path(tempfile.mkdtemp(prefix="lkdata-bench-history-"))
    t = time.perf_counter()
    keep_history(folder, tables, {"as_of": "2025-01-01", "datasets": {}})
    later = dict(tables)
    rng = np.random.default_rng(16)
    for dataset, column in tracked():
        df = later[dataset]
        pick = rng.random(len(df)) < 0.1
        shuffled = df[column].sample(frac=1, random_state=16).to_numpy()
        later[dataset] = df.assign(**{column: df[column].where(~pick, pd.Series(shuffled, index=df.index))})
    keep_history(folder, later, {"as_of": "2025-09-01", "datasets": {}})
    history = read_history(folder)
    rows = {f"{d}.{c}": len(v) for (d, c), v in history.items()}
    print(f"history kept in {time.perf_counter() - t:.2f} s: {rows}")
    return history


if __name__ == "__main__":
    main()
