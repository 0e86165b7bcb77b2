"""`lkdata report --jobs dask`: the batch's documents on Dask distributed (a LocalCluster here), the same
documents as the local process pool makes; without the option nothing of Dask runs."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli

from lkdata.jobs.cluster import DASK, jobs_option, run_on_dask
from lkdata.jobs.report_jobs import ReportJob, ReportResult
from lkdata.plan.periods import parse_period


@pytest.mark.parametrize(("text", "want"), [("2", 2), ("1", 1), ("dask", DASK), (" DASK ", DASK)])
def test_jobs_takes_a_number_or_dask(text, want):
    assert jobs_option(text) == want


@pytest.mark.parametrize("text", ["", "two", "dask2", "1.5", "ray"])
def test_jobs_refuses_anything_else_in_vietnamese(text):
    with pytest.raises(argparse.ArgumentTypeError, match=r"cần số tiến trình .* hoặc 'dask'"):
        jobs_option(text)


def _job(name: str) -> ReportJob:
    period = parse_period("2026-H1", {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5})
    return ReportJob(period, Path("nb.ipynb"), Path("out"), name, {}, ("html",), None, Path("processed"), name)


def fake_run(job: ReportJob, progress: bool) -> ReportResult:
    """Stands for a document's job on a worker: fails by raising for ``boom``."""
    if job.stem == "boom":
        raise RuntimeError("worker lost")
    return ReportResult(job, ok=True, timings={"pid": float(__import__("os").getpid())})


def test_a_local_cluster_runs_every_job_returns_them_in_order_and_a_failure_fails_one(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).parent))  # the workers import this module by name
    said = []
    jobs = [_job(n) for n in ("a", "boom", "c", "d")]
    results = run_on_dask(jobs, fake_run, said.append, False, workers=2)
    assert [r.job.stem for r in results] == ["a", "boom", "c", "d"]
    assert [r.ok for r in results] == [True, False, True, True]
    assert "tác vụ Dask không chạy xong: RuntimeError: worker lost" in results[1].error
    assert said == ["Lập 4 tài liệu trên cụm Dask (LocalCluster, 2 tiến trình) ..."]
    assert {r.timings["pid"] for r in results if r.ok} - {float(__import__("os").getpid())}  # not this process


def test_an_unreachable_scheduler_is_a_usage_error(monkeypatch):
    import lkdata.jobs.cluster as cluster
    from lkdata.errors import UsageError

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(UsageError, match=r"Không kết nối được bộ lập lịch Dask tcp://127\.0\.0\.1:9"):
        run_on_dask([_job("a")], fake_run, print, False, scheduler="tcp://127.0.0.1:9")


def test_without_the_option_dask_is_never_imported():
    """The default path (the local pool) does not load Dask: an office without it installed loses nothing."""
    code = ("import sys, lkdata.cli, lkdata.jobs.reports; lkdata.cli.build_parser(); "
            "print(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))")  # fmt: skip
    import subprocess

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "False", r.stderr


# --- the same documents as the local pool --------------------------------------------------------------------


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.e2e
def test_the_dask_batch_makes_the_same_documents_as_the_pool(rendered_reports, report_project: Path,
                                                              fresh_project: Path):  # fmt: skip
    """The six-month report and two briefs, made by `--jobs dask` on a LocalCluster, against the same documents
    the shared rendering made with the local process pool: the same HTML text, the same annex cells, the same
    exchange file (but its time)."""
    out = fresh_project / "dask_reports"
    r = run_cli(fresh_project, "report", "2026-H1", "--khu-pho", "1", "--khu-pho", "2", "--formats", "html",
                "--jobs", "dask", "--out", str(out), "-q")  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert "trên cụm Dask (LocalCluster, 2 tiến trình)" in r.stdout
    pool, dask = report_project / "reports" / "2026-H1", out / "2026-H1"
    for name in ("bao_cao_2026-H1.html", *(f"briefs/tom_tat_khu_pho_{n}_2026-H1.html" for n in (1, 2))):
        made = [_text((folder / name).read_text(encoding="utf-8")) for folder in (dask, pool)]
        assert made[0] == made[1], name
    a = json.loads((dask / "trao_doi_2026-H1.json").read_text(encoding="utf-8"))
    b = json.loads((pool / "trao_doi_2026-H1.json").read_text(encoding="utf-8"))
    assert {**a, "generated_at": None} == {**b, "generated_at": None}
    wa, wb = (openpyxl.load_workbook(f / "phu_luc_so_lieu_2026-H1.xlsx") for f in (dask, pool))
    assert wa.sheetnames == wb.sheetnames
    for name in wa.sheetnames:
        rows_a = [r for r in wa[name].iter_rows(values_only=True) if "generated_at" not in r]
        rows_b = [r for r in wb[name].iter_rows(values_only=True) if "generated_at" not in r]
        assert rows_a == rows_b, name
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "tom_tat_khu_pho_2_2026-H1.html" in index  # the index is written as after a local batch
