"""Benchmark `lkdata clean` against bare pandas reads of the same files, at province scale.

    .venv/bin/python benchmarks/bench_clean.py [--scale 300000] [--keep DIR]

Generates `lkdata sample --scale N` in a temporary folder (unless --keep names one that already
holds it), then runs, each in a fresh process so that peak memory is its own:

- the floor: pandas reads every raw file (read_excel with calamine for each sheet, read_csv for
  CSV), nothing else;
- `lkdata clean` on the same folder.

The floor and the clean are measured ``--repeat`` times (3), alternated, so that each pair sees the
same machine load; ``--jobs 1`` once. Prints wall time and peak memory of each, the ratio of each
pair and whether the target holds in every run. Targets (issues 3 and 14): clean within 3x the bare
reads in every run, and under 2 GiB peak memory.

`lkdata clean` reads and cleans batches of files in one worker process per core when the raw set
is large (``--jobs``); it is measured that way (the default) and with ``--jobs 1``. Its peak memory
is counted as the main process's peak plus, per worker, the largest worker's peak (an upper bound:
the workers need not peak at the same moment).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = r"""
import resource, sys
import pandas as pd
from pathlib import Path
raw = Path(sys.argv[1])
n = 0
for f in sorted(raw.glob("*/*")):
    if f.suffix == ".csv":
        n += len(pd.read_csv(f, sep=";", dtype=str, encoding="utf-8-sig"))
    elif f.suffix == ".xlsx":
        n += sum(len(df) for df in pd.read_excel(f, sheet_name=None, header=None, engine="calamine").values())
print(n)
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

CLEAN = r"""
import atexit, resource, sys
import lkdata.jobs.clean_run as pipeline
from lkdata.cli import run
used = []
real = pipeline._process_files
pipeline._process_files = lambda batches, ref, workers: used.append(workers) or real(batches, ref, workers)

def peak():
    workers = used[0] if used and used[0] > 1 else 0
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if workers else 0
    print("PEAK", self_kib + workers * child_kib, workers, file=sys.stderr)

atexit.register(peak)
run(sys.argv[1:])  # as the lkdata program runs, to its exit
"""


def _tree_pss_kib(pid: int) -> int:
    """Proportional set size of a process and its descendants (Linux): pages shared between a
    forked worker and its parent are counted once, split between them."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(next(ln.split()[1] for ln in rollup.splitlines() if ln.startswith("Pss:")))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # the process ended meanwhile
    return total


def _measure(cmd: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS (MiB, main process + workers, an upper bound), worker processes, and the
    peak of the process tree's proportional set size sampled every 0.5 s (MiB; 0 where not Linux)."""
    import threading

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    sampled = [0]

    def sample() -> None:
        while proc.poll() is None:
            if sys.platform == "linux":
                sampled[0] = max(sampled[0], _tree_pss_kib(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - t
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{stderr}")
    line = next(ln.split() for ln in stderr.splitlines() if ln.startswith("PEAK"))
    return wall, int(line[1]) / 1024, int(line[2]) if len(line) > 2 else 0, sampled[0] / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=300_000)
    ap.add_argument("--keep", type=Path, help="folder for the generated raw set (reused when present)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the floor and the clean, alternated")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="lkdata-bench-"))
    raw, out = work / "raw", work / "processed"
    exe = [sys.executable, "-m", "lkdata.cli"]
    if not (raw / "_sample_truth.json").exists():
        t = time.perf_counter()
        subprocess.run(
            [*exe, "sample", "--scale", str(args.scale), "--seed", "1", "--out", str(raw)],
            check=True,
            capture_output=True,
        )
        print(f"sample --scale {args.scale:,}: {time.perf_counter() - t:.1f} s")
    size = sum(f.stat().st_size for f in raw.rglob("*") if f.is_file()) / 2**20
    print(f"raw set: {size:.0f} MiB in {sum(1 for _ in raw.glob('*/*'))} files")
    # each measurement in a fresh process, which reports its own peak memory; the floor and the clean
    # alternate, so that each pair sees the same machine (the floor alone varies by a quarter run to run)
    clean = [*exe[:1], "-c", CLEAN, "clean", "--force", "--raw", str(raw), "--out", str(out)]
    pairs = []
    for _ in range(args.repeat):
        floor = _measure([sys.executable, "-c", FLOOR, str(raw)])
        pairs.append((floor, _measure(clean)))
    one_s, one_mb, _, one_pss = _measure([*clean, "--jobs", "1"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows_in = sum(d["rows_in"] for d in manifest["datasets"].values())
    print(f"{'step':<32}{'wall (s)':>9}{'x floor':>9}{'peak RSS (MiB)':>16}{'peak PSS (MiB)':>16}")
    for n, ((floor_s, floor_mb, _, floor_pss), (clean_s, clean_mb, workers, clean_pss)) in enumerate(pairs, 1):
        label = f"lkdata clean ({workers} processes)" if workers else "lkdata clean"
        print(f"{f'run {n}: bare pandas reads (floor)':<32}{floor_s:>9.1f}{1:>9.2f}{floor_mb:>16.0f}{floor_pss:>16.0f}")
        print(f"{f'run {n}: {label}':<32}{clean_s:>9.1f}{clean_s / floor_s:>9.2f}{clean_mb:>16.0f}{clean_pss:>16.0f}")
    floor_s = statistics.median(f[0] for f, _ in pairs)
    print(f"{'lkdata clean --jobs 1':<32}{one_s:>9.1f}{one_s / floor_s:>9.2f}{one_mb:>16.0f}{one_pss:>16.0f}")
    ratios = [c[0] / f[0] for f, c in pairs]
    every = "met in every run" if max(ratios) <= 3 else f"NOT met in {sum(r > 3 for r in ratios)} of {len(ratios)} runs"
    print(f"ratio clean / floor per run: {', '.join(f'{r:.2f}x' for r in ratios)} (target <= 3x: {every}); "
          f"median {statistics.median(ratios):.2f}x; rows in: {rows_in:,}")  # fmt: skip
    peak = max(max(c[1] for _, c in pairs), one_mb)
    memory = "met" if peak < 2048 else "NOT met"
    print(f"peak memory target < 2048 MiB (RSS, workers counted whole): {memory} ({peak:.0f} MiB)")


if __name__ == "__main__":
    main()
