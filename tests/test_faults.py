"""Faults: a run killed while it writes an output leaves the previous output whole, the next run recovers;
two runs at once never interleave their writes.

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
from pathlib import Path

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


POINTS = {
    "parquet": lambda: after("pandas", "DataFrame.to_parquet", 1),
    "csv": csv_half,
    "manifest": manifest_half,
    "notebook": lambda: after("papermill", "execute_notebook", 1),
    "pdf": lambda: after("lkdata.jobs.render", "render_pdf", 1),
    "docx": lambda: after("lkdata.jobs.docx", "html_to_docx", 1),
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
    assert _finals(processed) == before  # every final name holds the previous file, byte for byte
    assert _leftovers(processed)  # the kill did land while a file was being written
    r = _cli(copy, "clean")  # the next run needs no clean-up by hand
    assert r.returncode == 0, r.stderr
    assert _leftovers(processed) == []  # leftovers of the killed run are gone
    assert json.loads((processed / "manifest.json").read_text(encoding="utf-8"))["datasets"].keys() == set(DATASETS)


@pytest.mark.parametrize("point", ["notebook", "pdf", "docx"])
def test_report_killed_while_writing_leaves_the_previous_report(copy: Path, point: str):
    from pypdf import PdfReader

    folder = copy / "reports" / "2026-H1"
    before = _finals(folder)
    assert set(before) == {"bao_cao_2026-H1.html", "bao_cao_2026-H1.ipynb", "bao_cao_2026-H1.pdf",
                           "bao_cao_2026-H1.docx", "manifest.json"}  # fmt: skip
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
    proc = subprocess.Popen([sys.executable, "-m", "lkdata.cli", "clean"], env=_env(copy),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")  # fmt: skip
    time.sleep(2)
    assert proc.poll() is None  # waiting, not writing
    lock.release()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "đợi lần chạy đó xong" in out
