"""Faults: a run killed at any moment leaves whole outputs and the next run recovers; two runs at once
never interleave their writes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock

from lkdata.config import DATASETS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _env(project: Path, **extra) -> dict:
    return {**os.environ, "LKDATA_ROOT": str(project), **extra}


def _cli(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=_env(project, **env))  # fmt: skip


def _processed_is_whole(processed: Path) -> None:
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["datasets"]) == set(DATASETS)
    for d in DATASETS:
        assert len(pd.read_parquet(processed / f"{d}.parquet")) > 0
        pd.read_csv(processed / f"{d}.csv", sep=";", encoding="utf-8-sig")
        pd.read_csv(processed / "quarantine" / f"{d}.csv", sep=";", encoding="utf-8-sig")


@pytest.fixture(scope="module")
def project(root: Path, tmp_path_factory) -> Path:
    """A project with a finished clean and a finished six-month report."""
    p = tmp_path_factory.mktemp("faults")
    shutil.copytree(root / "data" / "raw", p / "data" / "raw")
    shutil.copytree(root / "notebooks", p / "notebooks")
    r = _cli(p, "report", "2026-H1", "-q", "--formats", "html,pdf")
    assert r.returncode == 0, r.stderr
    return p


@pytest.mark.parametrize("after", [0.8, 2.0, 3.5])
def test_clean_killed_at_any_moment_leaves_whole_outputs(project: Path, after: float, tmp_path: Path):
    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    proc = subprocess.Popen([sys.executable, "-m", "lkdata.cli", "clean", "--force"], env=_env(copy),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _processed_is_whole(copy / "data" / "processed")  # every final name holds a whole file
    r = _cli(copy, "clean")  # the next run needs no clean-up by hand
    assert r.returncode == 0, r.stderr
    assert not list((copy / "data" / "processed").rglob(".*.tmp"))  # leftovers of the killed run are gone
    _processed_is_whole(copy / "data" / "processed")


@pytest.mark.parametrize("after", [2.0, 5.0, 9.0])
def test_report_killed_at_any_moment_leaves_the_previous_report(project: Path, after: float, tmp_path: Path):
    from pypdf import PdfReader

    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    folder = copy / "reports" / "2026-H1"
    proc = subprocess.Popen([sys.executable, "-m", "lkdata.cli", "report", "2026-H1", "-q", "--formats", "html,pdf"],
                            env=_env(copy), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finals = sorted(f.name for f in folder.iterdir() if not f.name.startswith("."))
    assert finals == ["bao_cao_2026-H1.html", "bao_cao_2026-H1.ipynb", "bao_cao_2026-H1.pdf", "manifest.json"]
    assert len(PdfReader(folder / "bao_cao_2026-H1.pdf").pages) > 5
    assert (folder / "bao_cao_2026-H1.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    r = _cli(copy, "report", "2026-H1", "-q", "--formats", "html,pdf")
    assert r.returncode == 0, r.stderr
    assert not [f for f in folder.iterdir() if f.name.startswith(".lkdata-")]  # no temporary folder left


def test_a_second_run_waits_for_the_first_or_stops_clearly(project: Path):
    lock = FileLock(str(project / "data" / "processed" / ".lkdata.lock"))
    with lock:  # a first run holds the project
        r = _cli(project, "clean", LKDATA_LOCK_TIMEOUT="1")
    assert r.returncode == 1
    assert "Một lần chạy lkdata khác vẫn đang ghi vào" in r.stderr and "đợi lần chạy đó xong" in r.stdout
    lock.acquire()
    proc = subprocess.Popen([sys.executable, "-m", "lkdata.cli", "clean"], env=_env(project),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")  # fmt: skip
    time.sleep(2)
    assert proc.poll() is None  # waiting, not writing
    lock.release()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "đợi lần chạy đó xong" in out
