"""The notebooks as files: committed without outputs (and kept so by the nbstripout filter that `make setup`
sets up), and their parameters typed and explained for ``papermill --help-notebook``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def _committed() -> dict[str, str]:
    """Each notebook under notebooks/ as the last commit holds it (the files on disk outside a git clone)."""
    listed = _git("ls-files", "notebooks/*.ipynb")
    if listed.returncode != 0 or not listed.stdout.strip():
        return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in NOTEBOOKS}
    return {name: _git("show", f"HEAD:{name}").stdout for name in listed.stdout.split()}


def test_committed_notebooks_hold_no_outputs_and_no_execution_counts():
    committed = _committed()
    assert len(committed) >= 4, committed.keys()
    for name, text in committed.items():
        nb = nbformat.reads(text, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{name}, ô thứ {i + 1}"
        # what the filter writes is what is committed: stripping changes nothing (ids kept, nbformat's layout)
        stripped = subprocess.run([sys.executable, "-m", "nbstripout", "-t", "--keep-id"], input=text,
                                  capture_output=True, text=True, encoding="utf-8", check=True).stdout  # fmt: skip
        assert stripped.rstrip("\n") == text.rstrip("\n"), name


def _run_all(path: Path) -> None:
    """Give every code cell of a notebook an output and a count, as JupyterLab's Run All and Save would."""
    nb = nbformat.read(path, as_version=4)
    for n, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        cell.execution_count = n
        cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "3.000000e+00"}, execution_count=n)]
    nbformat.write(nb, path)


@pytest.mark.e2e
def test_make_setups_filter_strips_outputs_on_commit_in_a_fresh_clone(tmp_path: Path):
    if _git("rev-parse", "--git-dir").returncode != 0 or not shutil.which("make"):
        pytest.skip("not a git clone, or no make")
    clone = tmp_path / "clone"
    assert subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], capture_output=True).returncode == 0
    for f in (".gitattributes", "Makefile"):  # this checkout's, committed or not
        shutil.copy(ROOT / f, clone / f)
    bin_dir = Path(sys.executable).parent
    r = subprocess.run(["make", "-s", "git-filter", f"BIN={bin_dir}"], cwd=clone, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "--keep-id" in _git("config", "filter.nbstripout.clean", cwd=clone).stdout
    notebook = clone / "notebooks" / "kham_pha_du_lieu.ipynb"
    before = notebook.read_text(encoding="utf-8")
    _run_all(notebook)
    assert "3.000000e+00" in notebook.read_text(encoding="utf-8")
    assert _git("add", "notebooks/kham_pha_du_lieu.ipynb", cwd=clone).returncode == 0
    staged = _git("show", ":notebooks/kham_pha_du_lieu.ipynb", cwd=clone).stdout
    assert "3.000000e+00" not in staged and '"execution_count": 1' not in staged
    assert json.loads(staged) == json.loads(before)  # nothing but the outputs and counts went: ids, tags kept


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_has_a_type_and_a_vietnamese_comment(path: Path):
    import papermill

    params = papermill.inspect_notebook(str(path))
    assert params, f"{path.name}: papermill finds no parameter"
    for name, p in params.items():
        assert p["inferred_type_name"] not in ("None", "Unknown type", ""), (path.name, name, p)
        vietnamese = any(ch in p["help"] for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
        assert len(p["help"]) > 10 and vietnamese, (path.name, name, p["help"])
    # the parameters cell's assignments are all of them: none is missed by papermill's reader
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assigned = [line.split(":")[0].split("=")[0].strip() for line in cell.source.splitlines() if "=" in line]
    assert sorted(assigned) == sorted(params), (assigned, list(params))


#: How wide a line of a notebook may be: JupyterLab does not wrap code cells, so a narrative sentence on one
#: line of 500 characters is edited by scrolling sideways. Code cells follow ruff's line length (ruff checks
#: E501 on the notebooks too); the prose of Markdown cells is wrapped a little shorter.
CODE_WIDTH, MARKDOWN_WIDTH = 120, 100


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_narrative_lines_are_wrapped_to_be_read_without_scrolling(path: Path):
    nb = nbformat.read(path, as_version=4)
    too_long = [
        (number, cell.cell_type, len(line), line[:60])
        for number, cell in enumerate(nb.cells, start=1)
        for line in cell.source.splitlines()
        if len(line) > (CODE_WIDTH if cell.cell_type == "code" else MARKDOWN_WIDTH)
    ]
    assert not too_long, too_long
    # and each code cell is still Python once wrapped (a line break inside a one-line string would not be)
    for cell in nb.cells:
        if cell.cell_type == "code":
            compile(cell.source, path.name, "exec")
