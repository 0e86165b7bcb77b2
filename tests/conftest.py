"""Shared fixtures: the project root, a freshly generated sample, and ONE cleaned sample per test run.

End-to-end tests (a subprocess ``lkdata`` run, a Papermill execution, rendering, JupyterLab) carry the
``e2e`` marker: ``make check`` runs the others (``pytest -m "not e2e"``), ``make test`` runs everything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# DataFrame work has a slow first call (imports, caches): no per-example deadline
settings.register_profile("lkdata", deadline=None, max_examples=60)
settings.register_profile("deep", deadline=None, max_examples=2000)  # HYPOTHESIS_PROFILE=deep make test
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "lkdata"))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """A sample generated with the committed sample's seed and scale, outside the repository."""
    from lkdata.sample.builder import generate_sample

    out = tmp_path_factory.mktemp("sample")
    generate_sample(out, seed=2026, scale=300)
    return out


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file() and f.name != ".lkdata.lock"
    }


@pytest.fixture(scope="session")
def _shared_clean(root: Path, tmp_path_factory):
    """The one clean of the run: (project folder, ``run_clean``'s result); checked untouched at the end."""
    from lkdata.jobs.clean_run import run_clean

    project = tmp_path_factory.mktemp("cleaned") / "project"
    shutil.copytree(root / "data" / "raw", project / "data" / "raw")
    shutil.copytree(root / "notebooks", project / "notebooks")
    run = run_clean(project / "data" / "raw", project / "data" / "processed")
    before = _tree_digest(project)
    yield project, run
    assert _tree_digest(project) == before, "a test wrote into the shared cleaned project: use fresh_project"


@pytest.fixture(scope="session")
def cleaned_project(_shared_clean) -> Path:
    """ONE cleaned sample for the whole test run: a project folder with the repository's ``data/raw`` and
    ``notebooks`` and ``data/processed`` from one clean.

    Read-only: a test that writes into a project takes :func:`fresh_project` (or ``copy_project``). The run
    fails at the end if any test changed this folder.
    """
    return _shared_clean[0]


@pytest.fixture(scope="session")
def cleaned_run(_shared_clean):
    """The result of the shared clean (tables, quarantine, manifest), as ``run_clean`` returned it."""
    return _shared_clean[1]


@pytest.fixture(scope="session")
def copy_project(cleaned_project: Path, tmp_path_factory) -> Callable[[str], Path]:
    """Copy the cleaned project into a new folder (for module-scoped fixtures that change a project)."""

    def copy(name: str = "project") -> Path:
        target = tmp_path_factory.mktemp(name) / "project"
        shutil.copytree(cleaned_project, target)
        return target

    return copy


@pytest.fixture
def fresh_project(copy_project: Callable[[str], Path]) -> Path:
    """A private copy of the cleaned project, for a test that changes it."""
    return copy_project("fresh")


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``lkdata ARGS`` in a subprocess, on ``project``."""
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True, encoding="utf-8", env=env
    )


@pytest.fixture(scope="session")
def report_project(copy_project) -> Path:
    """A copy of the shared cleaned sample where the reports of the run are made (:func:`rendered_reports`)."""
    return copy_project("report")


@pytest.fixture(scope="session")
def rendered_reports(report_project: Path) -> subprocess.CompletedProcess:
    """ONE rendering of the sample's reports per test run, shared by the report and Word tests: the annual
    report, the six-month report with every khu phố's brief, and the data-quality report."""
    r = run_cli(report_project, "report", "2026", "-q")
    assert r.returncode == 0, r.stdout + r.stderr
    briefs = run_cli(report_project, "report", "2026-H1", "--briefs", "-q")
    assert briefs.returncode == 0, briefs.stdout + briefs.stderr
    quality = run_cli(report_project, "quality", "2026-H1", "-q")  # the full set of shared outputs
    assert quality.returncode == 0, quality.stdout + quality.stderr
    return subprocess.CompletedProcess(r.args, 0, r.stdout + briefs.stdout, r.stderr + briefs.stderr)
