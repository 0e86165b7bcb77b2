"""A throw-away copy of this project's sample data and notebooks, for the benchmarks."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_project(prefix: str) -> Path:
    """Copy ``data/raw`` and ``notebooks`` into a new temporary folder and point ``LKDATA_ROOT`` at it."""
    project = Path(tempfile.mkdtemp(prefix=prefix)) / "project"
    shutil.copytree(ROOT / "data" / "raw", project / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    os.environ["LKDATA_ROOT"] = str(project)
    return project
