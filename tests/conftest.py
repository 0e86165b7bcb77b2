"""Shared fixtures: the project root and a freshly generated sample."""

from __future__ import annotations

import os
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
