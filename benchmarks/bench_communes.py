"""The province's batch, end to end: every ward and commune's sample, clean and report, then the roll-up.

    .venv/bin/python benchmarks/bench_communes.py [--communes 95] [--jobs 2] [--engine pool|dask]
                                                  [--scale 300] [--formats html,pdf] [--keep DIR]

For each of the first ``--communes`` units of the province's list (``lkdata/reference/communes.csv``) it
writes a profile (Long Khánh's reference files with the unit's name, kind and official code), then runs,
as a user would, in the unit's own project folder:

1. ``lkdata sample --profile <its profile>`` (the generator, ``--scale`` households, its own seed);
2. ``lkdata clean``;
3. ``lkdata report 2026-H1 --jobs 1`` (HTML and PDF, the exchange file beside them);

``--jobs`` units at a time: a local pool of workers (``--engine pool``), or Dask distributed's
``LocalCluster`` with as many single-threaded workers (``--engine dask``: the same jobs, the engine that
spreads them over several machines when one is not enough). Then it copies every unit's exchange file
into one folder and runs ``lkdata consolidate 2026-H1`` on it, as the Department would.

Prints the time of each step (median and total over the units), the wall time of the batch and of the
roll-up, the peak memory of any one process, and what 95 units would take at this rate.
Target (issue 19): 95 communes' exchange files consolidate in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkdata.io.province import load_communes  # noqa: E402

STEPS = ("sample", "clean", "report")


def _lkdata(project: Path, *args: str) -> float:
    """Run one lkdata command in ``project``; its wall time (an error stops the bench with its output)."""
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "--root", str(project), *args], capture_output=True,
                       text=True, encoding="utf-8", env={**os.environ, "LKDATA_ROOT": ""})  # fmt: skip
    if r.returncode not in (0, 1):  # 1: done, with warnings the sample plants
        raise RuntimeError(f"lkdata {' '.join(args)} in {project}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return time.perf_counter() - t


def make_profile(folder: Path, code: str, name: str, kind: str) -> Path:
    """Long Khánh's reference files with this unit's name, kind and code: a profile ``sample`` can use."""
    folder.mkdir(parents=True, exist_ok=True)
    reference = ROOT / "lkdata" / "reference"
    for f in reference.iterdir():
        if f.is_file() and f.suffix in (".csv", ".yaml") and f.name not in ("communes.csv", "department.yaml"):
            shutil.copy(f, folder / f.name)
    ward = yaml.safe_load((reference / "ward.yaml").read_text(encoding="utf-8"))
    ward |= {"ward": name, "ward_kind": kind, "code": code, "place": name,
             "issuing_body": ["ỦY BAN NHÂN DÂN", f"{kind} {name}".upper()]}  # fmt: skip
    ward["plan"] = dict(ward["plan"], title=ward["plan"]["title"].replace("phường Long Khánh", f"{kind} {name}"))
    (folder / "ward.yaml").write_text(yaml.safe_dump(ward, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def one_unit(work: Path, i: int, code: str, name: str, kind: str, scale: int, formats: str) -> dict:
    """One unit's sample, clean and report, each timed; the path of its exchange file."""
    project = work / f"u{code}"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    profile = make_profile(work / "profiles" / code, code, name, kind)
    times = {"sample": _lkdata(project, "sample", "--profile", str(profile), "--seed", str(1000 + i), "--scale",
                               str(scale), "--out", str(project / "data" / "raw"))}  # fmt: skip
    times["clean"] = _lkdata(project, "clean")
    times["report"] = _lkdata(project, "report", "2026-H1", "--jobs", "1", "-q", "--formats", formats)
    return {"code": code, "times": times, "exchange": project / "reports" / "2026-H1" / "trao_doi_2026-H1.json"}


def run_batch(units, work: Path, jobs: int, engine: str, scale: int, formats: str) -> list[dict]:
    args = [(work, i, str(c), str(n), str(k), scale, formats) for i, (c, n, k) in enumerate(units)]
    if engine == "dask":
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                futures = [client.submit(one_unit, *a, pure=False) for a in args]
                return client.gather(futures)
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # each job is lkdata's own processes: threads only wait
        return list(pool.map(lambda a: one_unit(*a), args))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=95, help="how many units of the province's list (default 95)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="units at a time (default: CPU cores)")
    ap.add_argument("--engine", choices=("pool", "dask"), default="pool")
    ap.add_argument("--scale", type=int, default=300, help="households of each unit's sample (default 300)")
    ap.add_argument("--formats", default="html,pdf")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder, removed)")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lkdata-bench-communes-"))
    work.mkdir(parents=True, exist_ok=True)
    units = list(load_communes().head(args.communes)[["code", "name", "kind"]].itertuples(index=False))
    print(f"{len(units)} units, {args.jobs} at a time ({args.engine}), {args.scale} households each, "
          f"formats {args.formats}; work in {work}")  # fmt: skip
    t = time.perf_counter()
    results = run_batch(units, work, args.jobs, args.engine, args.scale, args.formats)
    batch = time.perf_counter() - t
    for step in STEPS:
        each = [r["times"][step] for r in results]
        print(f"  {step:<8} median {statistics.median(each):6.1f} s  max {max(each):6.1f} s  "
              f"sum {sum(each):7.1f} s")  # fmt: skip
    print(f"batch          : {batch:.1f} s wall for {len(units)} units ({batch / len(units):.1f} s a unit)")
    if len(units) < 95:
        print(f"  at this rate  : 95 units in about {batch / len(units) * 95 / 60:.0f} min")
    inbox = work / "nhan_ve"
    inbox.mkdir(exist_ok=True)
    for r in results:
        shutil.copy(r["exchange"], inbox / f"trao_doi_{r['code']}.json")
    t = time.perf_counter()
    out = work / "so"
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "consolidate", "2026-H1", "--from", str(inbox), "--out",
                        str(out / "reports"), "--formats", "html,pdf"], capture_output=True, text=True,
                       encoding="utf-8", cwd=work)  # fmt: skip
    if r.returncode not in (0, 1):
        raise RuntimeError(f"lkdata consolidate: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    roll_up = time.perf_counter() - t
    manifest = json.loads((out / "reports" / "tong_hop" / "2026-H1" / "manifest.json").read_text(encoding="utf-8"))
    print(f"consolidate    : {roll_up:.1f} s for {len(results)} exchange files (exit {r.returncode}): "
          f"{manifest.get('reported')}/{manifest.get('expected')} units counted; "
          f"outputs: {', '.join(manifest.get('outputs', []))}")  # fmt: skip
    peak = max(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    )
    print(f"peak memory    : {peak / 1024:.0f} MiB (resident, the largest single process)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
