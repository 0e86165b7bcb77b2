"""Time `lkdata consolidate` on 95 communes' exchange files, in one run.

    .venv/bin/python benchmarks/bench_consolidate.py [--communes 95] [--repeat 3]

Makes one schema-valid exchange file per ward and commune of the province's list (the factory
:mod:`lkdata.sample.exchange_files`; every fifth one late, one commune twice, a few broken files) in a
temporary folder, then measures, each as the median of ``--repeat`` runs:

- the figures only: read and check every file against the schema, keep the newest per commune, add up
  (:func:`lkdata.jobs.consolidate.consolidate_folder`);
- the whole report: the figures plus the HTML, the A4 PDF (WeasyPrint), the Word copy and the workbook
  (:func:`lkdata.jobs.consolidate.run_consolidate`).

Prints each time, the report's own split, and the process's peak memory (resident set).
Target (issue 19): 95 communes' files consolidate in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lkdata.config import Paths
from lkdata.io.province import load_communes
from lkdata.jobs.consolidate import consolidate_folder, run_consolidate
from lkdata.sample.exchange_files import exchange_file


def make_inbox(folder: Path, n: int) -> None:
    """``n`` communes' files (every fifth late), one commune's file twice, two broken files."""
    communes = load_communes().head(n)
    for i, (code, name, kind) in enumerate(communes[["code", "name", "kind"]].itertuples(index=False)):
        stamp = "2026-05-12T10:00:00+07:00" if i % 5 == 0 else "2026-05-08T09:30:00+07:00"
        data = exchange_file(code, name, kind, generated_at=stamp)
        (folder / f"bao_cao_{code}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, name, kind = communes.iloc[0][["code", "name", "kind"]]
    again = exchange_file(code, name, kind, generated_at="2026-05-09T08:00:00+07:00")
    (folder / "gui_lai.json").write_text(json.dumps(again, ensure_ascii=False), encoding="utf-8")
    (folder / "hong.json").write_text('{"format": "lkdata-trao-doi", ', encoding="utf-8")
    (folder / "ky_truoc.json").write_text(json.dumps(exchange_file(code, name, kind, period="2025")), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=95)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lkdata-bench-consolidate-"))
    inbox = root / "nhan_ve"
    inbox.mkdir()
    t = time.perf_counter()
    make_inbox(inbox, args.communes)
    print(f"{args.communes} xã, phường: {len(list(inbox.iterdir()))} tệp ({time.perf_counter() - t:.1f} s to make)")
    figures, whole, splits = [], [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        c = consolidate_folder("2026-H1", inbox)
        figures.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = run_consolidate("2026-H1", inbox, paths=Paths(root), today=dt.date(2026, 5, 20))
        whole.append(time.perf_counter() - t)
        splits.append(result.timings)
    print(
        f"reported {c.reported}/{c.expected}, on time {c.on_time}, replaced {len(c.replaced)}, refused {len(c.refused)}"
    )
    print(
        f"figures only   : median {statistics.median(figures):.2f} s  (runs: {', '.join(f'{x:.2f}' for x in figures)})"
    )
    print(f"whole report   : median {statistics.median(whole):.2f} s  (runs: {', '.join(f'{x:.2f}' for x in whole)})")
    last = splits[-1]
    print("  split (last)  : " + ", ".join(f"{k} {v:.2f} s" for k, v in last.items()))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory    : {peak_mb:.0f} MB (resident, this process)")
    print(f"outputs in     : {root / 'reports' / 'tong_hop' / '2026-H1'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
