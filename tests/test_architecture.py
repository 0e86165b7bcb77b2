"""The house rules of the package, read from its source: imports follow the flow, no private name crosses a
package, only ``lkdata.io`` opens files, and no module or class outgrows one job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lkdata"

#: What each part of lkdata may import (besides itself and the base modules ``errors`` and ``config``).
ALLOWED: dict[str, set[str]] = {
    "vn": set(),
    "clean": {"vn"},
    "plan": {"vn", "clean"},
    "io": {"vn", "clean", "plan"},
    "report": {"vn", "clean", "plan"},
    "sample": {"vn", "clean", "io"},
    "api": {"vn", "clean", "plan", "io", "report"},
    "jobs": {"vn", "clean", "plan", "io", "report", "sample", "api"},
    "cli": {"vn", "clean", "plan", "io", "report", "sample", "api", "jobs"},
}
BASE = {"errors", "config", "__init__"}

#: Calls that read or write files: only lkdata.io (and the jobs that orchestrate it) may make them.
FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "read_parquet", "to_parquet",
              "read_csv", "read_excel", "to_excel", "unlink", "mkdir", "is_file", "is_dir", "glob"}  # fmt: skip
PURE = ("vn", "clean", "plan", "report")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        yield path, rel.parts


def _part(parts: tuple[str, ...]) -> str:
    return parts[0]


def _imports(path: Path, parts: tuple[str, ...]):
    """(target module parts, imported names, line) of every lkdata import in a module, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = list(parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - (node.level - 1)] if node.level > 1 else pkg
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "lkdata":
                target = node.module.split(".")[1:]
            else:
                continue
            yield tuple(target), [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "lkdata":
                    yield tuple(a.name.split(".")[1:]), [], node.lineno


def test_imports_follow_the_flow():
    wrong = []
    for path, parts in _modules():
        here = _part(parts)
        if here in BASE:
            continue
        for target, _names, line in _imports(path, parts):
            if not target:  # from .. import __version__
                continue
            there = target[0]
            if there in BASE or there == here:
                continue
            if there not in ALLOWED[here]:
                wrong.append(f"{'/'.join(parts)}.py:{line} imports {'.'.join(target)}")
    assert not wrong, "imports against the flow:\n" + "\n".join(wrong)


def test_base_modules_import_no_package():
    for name in ("errors", "config"):
        targets = [t for t, _, _ in _imports(PACKAGE / f"{name}.py", (name,))]
        assert all(not t or t[0] in BASE for t in targets), (name, targets)


def test_no_private_name_crosses_a_package():
    crossing = []
    for path, parts in _modules():
        for target, names, line in _imports(path, parts):
            if target and target[0] != parts[0]:
                crossing += [
                    f"{'/'.join(parts)}.py:{line} {n}" for n in names if n.startswith("_") and n != "__version__"
                ]
    assert not crossing, crossing


def test_only_io_and_jobs_touch_files():
    found = []
    for path, parts in _modules():
        if parts[0] not in PURE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                fn = node.func
                name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
                if name in FILE_CALLS:
                    found.append(f"{'/'.join(parts)}.py:{node.lineno} {name}()")
    assert not found, found


@pytest.mark.parametrize("limit", [550])
def test_no_module_outgrows_one_job(limit):
    big = {
        "/".join(p): n for path, p in _modules() if (n := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert not big, big


def test_no_class_outgrows_one_job():
    big = []
    for path, parts in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 220:
                big.append(f"{'/'.join(parts)}.py:{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert not big, big


def test_the_rules_catch_a_wrong_import(tmp_path):
    """The walker sees a function-level import against the flow (so the test above can fail)."""
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from ..jobs.reports import run_reports\n", encoding="utf-8")
    targets = [t for t, _, _ in _imports(bad, ("plan", "x"))]
    assert ("jobs", "reports") in targets
