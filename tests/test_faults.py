"""Faults: a run killed while it writes an output leaves the previous output whole, the next run recovers; a
run killed between two tables is never taken for a finished one; its worker processes die with it; a full or
read-only disk is said, with the file; two runs at once never interleave their writes.

The kills are not timed: a small driver runs the real command with one writer wrapped so that it writes
half of its file to the path it was given and then SIGKILLs its own process, as a power cut would. With
lkdata's protection that path is a temporary one and the final file is still the previous one; without it,
the final file is the half-written one, which these tests catch.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock

from lkdata.config import DATASETS

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

#: Run ``lkdata`` with one writer wrapped to write half its file, then kill the process (see the module doc).
DRIVER = '''
import io, os, signal, sys
from pathlib import Path


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def half_then_die(path):
    data = Path(path).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    die()


def after(module, name, path_arg):
    """Wrap ``module.name``: the real call, then its output file (argument ``path_arg``) cut in half."""
    import importlib

    owner = importlib.import_module(module)
    parts = name.split(".")
    for part in parts[:-1]:
        owner = getattr(owner, part)
    real = getattr(owner, parts[-1])

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        half_then_die(args[path_arg])
        return result

    setattr(owner, parts[-1], wrapper)


def csv_half():
    import pyarrow.csv as pacsv

    real = pacsv.write_csv

    def wrapper(table, sink, *args, **kwargs):
        buffer = io.BytesIO()
        real(table, buffer, *args, **kwargs)
        sink.write(buffer.getvalue()[: len(buffer.getvalue()) // 2])
        sink.flush()
        die()

    pacsv.write_csv = wrapper


def manifest_half():
    real = Path.write_text

    def wrapper(self, text, *args, **kwargs):
        if "manifest.json" not in self.name:
            return real(self, text, *args, **kwargs)
        real(self, text[: len(text) // 2], *args, **kwargs)
        die()

    Path.write_text = wrapper


def between_tables():
    """Kill the run once its first table is in place: the next ones are still the previous run's."""
    real = os.replace

    def wrapper(src, dst, *args, **kwargs):
        real(src, dst, *args, **kwargs)
        if str(dst).endswith(".parquet"):
            die()

    os.replace = wrapper


def slow_batches():
    """Every batch of files takes two minutes in the worker processes (forked: they inherit this)."""
    import time

    import lkdata.jobs.clean_run as clean_run

    real = clean_run._process_batch

    def wrapper(*args, **kwargs):
        time.sleep(120)
        return real(*args, **kwargs)

    clean_run._process_batch = wrapper


def disk_full():
    """The disk fills while the first CSV is being written."""
    import errno

    import pyarrow.csv as pacsv

    real = pacsv.write_csv

    def wrapper(table, sink, *args, **kwargs):
        buffer = io.BytesIO()
        real(table, buffer, *args, **kwargs)
        sink.write(buffer.getvalue()[: len(buffer.getvalue()) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    pacsv.write_csv = wrapper


def notebook_disk_full():
    """The disk fills while the executed notebook is being saved."""
    import errno

    import papermill

    def wrapper(source, target, *args, **kwargs):
        Path(target).write_text('{"cells": [', encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    papermill.execute_notebook = wrapper


POINTS = {
    "notebook_disk_full": notebook_disk_full,
    "between_tables": between_tables,
    "slow_batches": slow_batches,
    "disk_full": disk_full,
    "parquet": lambda: after("pandas", "DataFrame.to_parquet", 1),
    "csv": csv_half,
    "manifest": manifest_half,
    "notebook": lambda: after("papermill", "execute_notebook", 1),
    "pdf": lambda: after("lkdata.jobs.render", "render_pdf", 1),
    "docx": lambda: after("lkdata.jobs.docx", "write_docx", 1),
}
POINTS[sys.argv[1]]()
from lkdata.cli import main

sys.exit(main(sys.argv[2:]))
'''


def _env(project: Path, **extra) -> dict:
    return {**os.environ, "LKDATA_ROOT": str(project), **extra}


def _cli(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=_env(project, **env))  # fmt: skip


def _killed_while_writing(project: Path, point: str, *args: str) -> None:
    driver = project.parent / "kill_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    r = subprocess.run([sys.executable, str(driver), point, *args], capture_output=True, text=True,
                       encoding="utf-8", env=_env(project))  # fmt: skip
    assert r.returncode == -signal.SIGKILL, (r.returncode, r.stderr)  # killed at the point, not finished or failed


def _finals(folder: Path) -> dict[str, str]:
    """sha256 of every final file under ``folder`` (temporaries and the lock file are hidden: not counted)."""
    return {
        f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    }


def _leftovers(folder: Path) -> list[str]:
    return sorted(f.name for f in folder.rglob(".*") if f.name != ".lkdata.lock")


@pytest.fixture(scope="module")
def project(copy_project) -> Path:
    """A project with the shared sample's clean and a finished six-month report."""
    p = copy_project("faults")
    r = _cli(p, "report", "2026-H1", "-q")
    assert r.returncode == 0, r.stderr
    return p


@pytest.fixture
def copy(project: Path, tmp_path: Path) -> Path:
    target = tmp_path / "p"
    shutil.copytree(project, target)
    return target


@pytest.mark.parametrize("point", ["parquet", "csv", "manifest"])
def test_clean_killed_while_writing_leaves_the_previous_outputs(copy: Path, point: str):
    processed = copy / "data" / "processed"
    before = _finals(processed)
    assert {f"{d}.parquet" for d in DATASETS} <= set(before) and "manifest.json" in before
    _killed_while_writing(copy, point, "clean", "--force")
    # every final name holds the previous file, byte for byte; the manifest, which says the tables are one
    # clean's whole result, was removed when the run started, before it wrote anything
    assert _finals(processed) == {k: v for k, v in before.items() if k != "manifest.json"}
    assert _leftovers(processed)  # the kill did land while a file was being written
    r = _cli(copy, "clean")  # the next run needs no clean-up by hand, and cleans again
    assert r.returncode == 0, r.stderr
    assert "bỏ qua" not in r.stdout
    assert _leftovers(processed) == []  # leftovers of the killed run are gone
    assert json.loads((processed / "manifest.json").read_text(encoding="utf-8"))["datasets"].keys() == set(DATASETS)
    assert _finals(processed).keys() == before.keys()


def test_a_clean_killed_between_tables_is_not_taken_for_up_to_date_once_the_raw_files_are_back(copy: Path):
    """Raw files change, a clean is killed after its first table, the raw files are restored: the tables
    hold part of the killed run's data, and ``status`` and ``clean`` must not call them up to date."""
    raw, processed = copy / "data" / "raw", copy / "data" / "processed"
    original = {d: pd.read_parquet(processed / f"{d}.parquet") for d in DATASETS}
    shutil.move(raw / "activities", copy / "aside")
    (raw / "activities").mkdir()
    _killed_while_writing(copy, "between_tables", "clean", "--force")
    assert pd.read_parquet(processed / "activities.parquet").empty  # the killed run's table is in place
    shutil.rmtree(raw / "activities")
    shutil.move(copy / "aside", raw / "activities")
    r = _cli(copy, "status")
    assert r.returncode == 0 and "lần làm sạch trước chưa hoàn tất" in r.stdout, r.stdout
    r = _cli(copy, "clean")
    assert r.returncode == 0 and "bỏ qua" not in r.stdout, r.stdout + r.stderr
    for d in DATASETS:
        pd.testing.assert_frame_equal(pd.read_parquet(processed / f"{d}.parquet"), original[d])
    assert "khớp với dữ liệu thô" in _cli(copy, "status").stdout


def test_a_full_disk_is_said_with_the_file_and_leaves_nothing_half_written(copy: Path):
    processed = copy / "data" / "processed"
    before = _finals(processed)
    driver = copy.parent / "kill_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    r = subprocess.run([sys.executable, str(driver), "disk_full", "clean", "--force"], capture_output=True, text=True,
                       encoding="utf-8", env=_env(copy))  # fmt: skip
    assert r.returncode == 4, (r.returncode, r.stderr)
    assert "Lỗi: Không ghi được tệp " in r.stderr and "đã đầy" in r.stderr and "Traceback" not in r.stderr
    assert _leftovers(processed) == [] and "manifest.json" not in _finals(processed)
    after = _finals(processed)
    for name, digest in after.items():  # each file is the previous one, or this run's, whole
        if digest != before[name] and name.endswith(".parquet"):
            pd.read_parquet(processed / name)
    assert "chưa hoàn tất" in _cli(copy, "status").stdout
    r = _cli(copy, "clean")
    assert r.returncode == 0 and "bỏ qua" not in r.stdout


def test_a_full_disk_while_a_report_is_saved_keeps_no_half_notebook(copy: Path):
    folder = copy / "reports" / "2026-H1"
    before = _finals(folder)
    driver = copy.parent / "kill_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    r = subprocess.run([sys.executable, str(driver), "notebook_disk_full", "report", "2026-H1", "-q", "--force"],
                       capture_output=True, text=True, encoding="utf-8", env=_env(copy))  # fmt: skip
    assert r.returncode == 4, (r.returncode, r.stderr)
    assert f"Không ghi được tệp {folder}" in r.stderr and "đã đầy" in r.stderr and "Traceback" not in r.stderr
    assert _finals(folder) == before and _leftovers(folder) == []  # no .loi.ipynb cut short, no temporary


@contextmanager
def _tmpfs(where: Path, size: str):
    """A small filesystem of its own at ``where`` (root only); skips the test where it cannot be made."""
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                                           capture_output=True).returncode:  # fmt: skip
        pytest.skip("mounting a small filesystem needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_real_full_disk_then_a_read_only_one(copy: Path, tmp_path: Path):
    processed = copy / "data" / "processed"
    with _tmpfs(tmp_path / "small", "150k") as small:
        out = small / "ket_qua"
        r = _cli(copy, "clean", "--out", str(out))
        assert r.returncode == 4, r.stderr
        assert f"Không ghi được tệp {out}" in r.stderr and "đã đầy" in r.stderr and "Traceback" not in r.stderr
        written = _finals(out)
        assert written and "manifest.json" not in written and _leftovers(out) == []
        reference = _finals(processed)
        assert all(written[name] == reference[name] for name in written), "a file half-written"
        subprocess.run(["mount", "-o", "remount,ro", str(small)], check=True)
        r = _cli(copy, "clean", "--out", str(out), "--force")
        assert r.returncode == 4 and "chỉ cho đọc" in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert _finals(out) == written


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, state), from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        state, ppid = text.rsplit(")", 1)[1].split()[:2]
        found[int(stat.parent.name)] = (int(ppid), state)
    return found


def _descendants(pid: int) -> set[int]:
    table = _processes()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pids: set[int]) -> set[int]:
    table = _processes()
    return {p for p in pids if p in table and table[p][1] not in "ZX"}


def _kill_and_watch(proc: subprocess.Popen, ready, seconds: float = 10) -> set[int]:
    """Wait until ``ready(descendants)``, SIGKILL ``proc``, return its descendants still running after ``seconds``."""
    deadline = time.monotonic() + 180
    while not ready(workers := _descendants(proc.pid)):
        assert proc.poll() is None, "the run ended before its workers were seen"
        assert time.monotonic() < deadline, "no workers started"
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + seconds
    while _running(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _running(workers)
    for pid in left:  # not to leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_clean_workers_die_with_a_killed_clean(copy: Path):
    driver = copy.parent / "kill_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(driver), "slow_batches", "clean", "--force", "--jobs", "2"],
                            env=_env(copy), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    assert _kill_and_watch(proc, lambda workers: len(workers) >= 2, seconds=5) == set()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("jobs", ["2", "1"])  # workers with their kernels; one process, its kernel and the spare
def test_report_workers_and_their_kernels_die_with_a_killed_report(copy: Path, jobs: str):
    def kernels(pids: set[int]) -> int:
        return sum(b"ipykernel" in _cmdline(p) for p in pids)

    proc = subprocess.Popen([sys.executable, "-m", "lkdata.cli", "report", "2026-H1", "2026", "--jobs", jobs,
                             "--force", "-q"], env=_env(copy), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    assert _kill_and_watch(proc, lambda workers: kernels(workers) >= 2, seconds=10) == set()


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.parametrize("point", ["notebook", "pdf", "docx"])
def test_report_killed_while_writing_leaves_the_previous_report(copy: Path, point: str):
    from pypdf import PdfReader

    folder = copy / "reports" / "2026-H1"
    before = _finals(folder)
    assert set(before) == {"bao_cao_2026-H1.html", "bao_cao_2026-H1.ipynb", "bao_cao_2026-H1.pdf",
                           "bao_cao_2026-H1.docx", "phu_luc_so_lieu_2026-H1.xlsx", "trao_doi_2026-H1.json",
                           "manifest.json"}  # fmt: skip
    _killed_while_writing(copy, point, "report", "2026-H1", "-q", "--force")  # forced: really written again
    assert _finals(folder) == before  # the previous report, whole, with its manifest
    assert _leftovers(folder)  # the kill did land while the new one was being made
    assert len(PdfReader(folder / "bao_cao_2026-H1.pdf").pages) > 5
    r = _cli(copy, "report", "2026-H1", "-q")
    assert r.returncode == 0, r.stderr
    assert _leftovers(folder) == []  # no temporary folder left


def test_a_second_run_waits_for_the_first_or_stops_clearly(copy: Path):
    lock = FileLock(str(copy / "data" / "processed" / ".lkdata.lock"))
    with lock:  # a first run holds the project
        r = _cli(copy, "clean", LKDATA_LOCK_TIMEOUT="1")
    assert r.returncode == 1
    assert "Một lần chạy lkdata khác vẫn đang ghi vào" in r.stderr and "đợi lần chạy đó xong" in r.stdout
    lock.acquire()
    proc = subprocess.Popen([sys.executable, "-m", "lkdata.cli", "clean"], env=_env(copy, PYTHONUNBUFFERED="1"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")  # fmt: skip
    first = proc.stdout.readline()  # said while it waits (however long it took to start)
    assert "đợi lần chạy đó xong" in first, first
    time.sleep(1)
    assert proc.poll() is None  # waiting, not writing
    lock.release()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
