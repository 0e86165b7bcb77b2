"""The project's set-up files agree with each other and with the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib
import yaml


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_carries_every_dependency_of_pyproject(root: Path):
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    from_pip = {_name(d) for d in pip if not d.startswith("-")}  # wheels conda-forge does not carry
    runtime = {_name(d) for d in project["dependencies"]}
    dev = {_name(d) for d in project["optional-dependencies"]["dev"]}
    both = conda | from_pip
    assert runtime <= both, f"missing from environment.yml: {runtime - both}"
    assert dev <= both, f"dev tools missing from environment.yml: {dev - both}"
    assert both - {"python", "pip"} <= runtime | dev, f"not in pyproject: {both - runtime - dev - {'python', 'pip'}}"
    assert "-e ." in pip
    assert "conda-forge" in env["channels"]


def test_console_script_and_ci(root: Path):
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["lkdata"] == "lkdata.cli:run"
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_makefile_targets_and_readme_commands(root: Path):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    for target in ("help", "setup", "report", "check", "test", "lint", "clean-data"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert ".DEFAULT_GOAL := help" in makefile
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in ("make report", "make test", "conda env create -f environment.yml"):
        assert command in readme, command


def test_readme_project_tree_names_what_is_there(root: Path):
    readme = (root / "README.md").read_text(encoding="utf-8")
    tree = readme.split("## Project tree", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^([\w.\-/]+)\s{2,}", tree, re.M))
    assert named, "the tree lists entries"
    for entry in named:
        assert (root / entry.rstrip("/")).exists(), f"README names {entry}, which does not exist"
    for path in root.iterdir():
        if path.name.startswith(".") and path.name != ".ci":
            continue
        if path.name in {"build", "dist"} or path.name.endswith(".egg-info"):
            continue
        assert any(e.rstrip("/") == path.name for e in named), f"{path.name} is missing from the README tree"


def test_import_is_light_and_api_is_reexported():
    import importlib
    import subprocess
    import sys

    code = "import sys, lkdata; print(sorted(m for m in ('pandas', 'numpy', 'openpyxl') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    import lkdata

    for name, module in lkdata._EXPORTS.items():  # each name is the very object of the module that defines it
        assert getattr(lkdata, name) is getattr(importlib.import_module(f"lkdata.{module}"), name), name
    assert dir(lkdata) == sorted(lkdata.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        lkdata.nothing_here  # noqa: B018


def test_the_notebook_calls_work_on_the_cleaned_sample(cleaned_project: Path):
    import pandas as pd

    import lkdata

    processed = cleaned_project / "data" / "processed"
    tables = lkdata.load(processed=processed)
    assert set(tables) == set(lkdata.DATASETS)
    pd.testing.assert_frame_equal(lkdata.load("producers", processed=processed), tables["producers"])
    df = lkdata.indicators("2026-H1", processed=processed)
    assert {"III.1", "III.7", "IV"} <= set(df["task"]) and df["indicator"].is_unique
    split = lkdata.breakdown("certified_area_ha", "2026-H1", tables, by="khu_pho")
    total = df.set_index("indicator").loc["certified_area_ha", "value"]
    assert total > 0 and split["value"].sum() == pytest.approx(total)  # the parts add up to the whole
