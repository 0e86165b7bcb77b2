"""Benchmark `lkdata clean` against bare pandas reads of the same files, at province scale.

    .venv/bin/python benchmarks/bench_clean.py [--scale 300000] [--keep DIR]

Generates `lkdata sample --scale N` in a temporary folder (unless --keep names one that already
holds it), then runs, each in a fresh process so that peak memory is its own:

- the floor: pandas reads every raw file (read_excel with calamine for each sheet, read_csv for
  CSV), nothing else;
- `lkdata clean` on the same folder.

Prints wall time and peak memory (max RSS) of each and their ratio. Targets (issue 3): clean
within 3x the bare reads, and under 2 GiB peak memory.
"""

from __future__ import annotations

import argparse
import json
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
import resource, sys
from lkdata.cli import main
rc = main(sys.argv[1:])
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(rc)
"""


def _measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the process's own peak RSS (MiB), which it prints on stderr."""
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - t
    if out.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    peak_kib = int(next(ln.split()[1] for ln in out.stderr.splitlines() if ln.startswith("PEAK")))
    return wall, peak_kib / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=300_000)
    ap.add_argument("--keep", type=Path, help="folder for the generated raw set (reused when present)")
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
    # each measurement in a fresh process, which reports its own peak memory
    floor_s, floor_mb = _measure([sys.executable, "-c", FLOOR, str(raw)])
    clean_s, clean_mb = _measure(
        [sys.executable, "-c", CLEAN, "clean", "--force", "--raw", str(raw), "--out", str(out)]
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows_in = sum(d["rows_in"] for d in manifest["datasets"].values())
    print(f"{'step':<28}{'wall (s)':>10}{'peak RSS (MiB)':>16}")
    print(f"{'bare pandas reads (floor)':<28}{floor_s:>10.1f}{floor_mb:>16.0f}")
    print(f"{'lkdata clean':<28}{clean_s:>10.1f}{clean_mb:>16.0f}")
    print(
        f"ratio clean / floor: {clean_s / floor_s:.2f}x (target <= 3x); rows in: {rows_in:,}; "
        f"peak memory target < 2048 MiB: {'met' if clean_mb < 2048 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
