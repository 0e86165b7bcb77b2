"""Shared fixtures: the project root and a freshly generated sample."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """A sample generated with the committed sample's seed and scale, outside the repository."""
    from lkdata.sample import generate_sample

    out = tmp_path_factory.mktemp("sample")
    generate_sample(out, seed=2026, scale=300)
    return out
