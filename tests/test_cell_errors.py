"""A notebook cell that fails under `lkdata report` is named as JupyterLab numbers it, with the line that
failed quoted; a brace typed in prose and a mistyped figure are told what to do, in Vietnamese."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from lkdata.jobs.cell_errors import cell_failure, failed_line
from lkdata.report.facts import Fact, Facts

LAB_TRACEBACK = [
    "\x1b[31mAttributeError\x1b[39m   Traceback (most recent call last)",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[5]\x1b[39m\x1b[32m, line 3\x1b[39m\n"
    '\x1b[32m      1\x1b[39m md(f"""\n'
    "\x1b[32m----> \x1b[39m\x1b[32m3\x1b[39m Hai {F.training_course}.\n",
    "File /x/lkdata/report/facts.py:98, in Facts.__getattr__(self, name)",
]


@pytest.mark.parametrize(
    "source, line",
    [
        ('md(f"""\nMột câu.\nCó {dấu ngoặc} trong câu.\n""")', (3, "Có {dấu ngoặc} trong câu.")),
        ('md(f"""\nMột {F.a} câu.\nHai câu }} và } thừa.\n""")', (3, "Hai câu }} và } thừa.")),
        ('md(f"""\nMở { mà không đóng\n""")', (2, "Mở { mà không đóng")),
        ('md(f"""\n{F.a} và {{ đúng }} rồi {có hai}\n""")', (2, "{F.a} và {{ đúng }} rồi {có hai}")),
    ],
)
def test_a_brace_in_prose_is_found_on_its_line(source: str, line: tuple[int, str]):
    assert failed_line(source, [], "SyntaxError") == line


def test_the_failed_line_comes_from_the_traceback_not_the_first_line():
    source = 'md(f"""\nMột câu {F.a}.\nHai {F.training_course}.\n""")'
    assert failed_line(source, LAB_TRACEBACK, "AttributeError") == (3, "Hai {F.training_course}.")
    assert failed_line(source, [], "AttributeError") is None


def _notebook(tmp_path: Path, kinds: str) -> Path:
    """A notebook of markdown (m), parameters (p) and code (c) cells, in that order."""
    nb = nbformat.v4.new_notebook()
    for k in kinds:
        cell = nbformat.v4.new_markdown_cell("chữ") if k == "m" else nbformat.v4.new_code_cell("x = 1")
        if k == "p":
            cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    path = tmp_path / "so_tay.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(
    "kinds, failing, injected, shown",
    [
        # Papermill's position counts its injected cell after the parameters cell: one less in the notebook
        ("mpccmc", 6, True, "ô lệnh [4] (số JupyterLab hiện bên trái ô khi chạy cả sổ tay từ đầu; ô thứ 6 kể cả"),
        ("mpccmc", 3, True, "ô lệnh [2] (số JupyterLab"),
        ("pc", 2, True, "ô lệnh [2] "),
        ("mpccmc", 5, False, "ô lệnh [4] "),
        ("cmmpc", 5, True, "ô lệnh [3] "),  # code before the parameters cell counts as JupyterLab counts it
    ],
)
def test_the_cell_is_named_as_jupyterlab_numbers_it(tmp_path: Path, kinds, failing, injected, shown):
    exc = SimpleNamespace(cell_index=failing, source="x = 1", traceback=[], ename="KeyError", evalue="'III.9'")
    message = cell_failure(_notebook(tmp_path, kinds), exc, injected=injected)
    assert message.startswith(f"Sổ tay so_tay.ipynb lỗi ở {shown}"), message
    assert message.endswith("KeyError: 'III.9'")


def test_a_brace_in_prose_says_to_double_it(tmp_path: Path):
    exc = SimpleNamespace(cell_index=3, source='md(f"""\nMột câu.\nCó {dấu ngoặc} trong câu.\n""")', traceback=[],
                          ename="SyntaxError", evalue="f-string: invalid syntax (123.py, line 3)")  # fmt: skip
    message = cell_failure(_notebook(tmp_path, "mpcc"), exc, injected=True)
    assert "dòng 3 của ô: “Có {dấu ngoặc} trong câu.”" in message
    assert "gõ hai lần: {{ và }}" in message and "invalid syntax" not in message


@pytest.mark.parametrize(
    "typed, suggested",
    [("training_course", "'training_courses'"), ("traning_courses", "'training_courses'"),
     ("coop_member", "'coop_members'"), ("ecommerce", "'producers_ecommerce'")],
)  # fmt: skip
def test_a_mistyped_figure_suggests_the_closest_names(typed: str, suggested: str):
    from lkdata.io.reference import load_plan

    facts = Facts.__new__(Facts)
    facts._facts = {i.id: Fact(i.id, i.label, i.unit, 1.0, 1.0, 1.0, None, None) for i in load_plan().indicators}
    with pytest.raises(AttributeError) as err:
        getattr(facts, typed)
    text = str(err.value)
    assert text.startswith(f"Không có chỉ tiêu '{typed}'. Có phải: ") and suggested in text.split("Các chỉ tiêu")[0]
    assert err.value.name == typed
    with pytest.raises(AttributeError, match=r"^_repr_html_$"):  # IPython's probes get no Vietnamese essay
        facts._repr_html_  # noqa: B018


def _report_with(project: Path, source: str) -> subprocess.CompletedProcess:
    """`lkdata report 2026-H1` on a report notebook cut to its first four cells and then ``source``."""
    path = project / "notebooks" / "bao_cao_ke_hoach.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [*nb.cells[:4], nbformat.v4.new_markdown_cell("## Thử"), nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, path)
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    return subprocess.run([sys.executable, "-m", "lkdata.cli", "report", "2026-H1", "-q", "--formats", "html"],
                          capture_output=True, text=True, encoding="utf-8", env=env)  # fmt: skip


@pytest.mark.e2e
def test_a_failing_cell_of_the_report_names_its_jupyterlab_number_and_line(fresh_project: Path):
    # cells: note, parameters, open_report, intro, heading, the failing one: code cell [4], cell 6 of 6
    r = _report_with(fresh_project, 'md(f"""\nMột câu {F.training_courses}.\nHai câu {F.training_course}.\n""")')
    assert r.returncode == 1
    assert "Sổ tay bao_cao_ke_hoach.ipynb lỗi ở ô lệnh [4] (" in r.stderr and "ô thứ 6 kể cả các ô văn bản" in r.stderr
    assert "dòng 3 của ô: “Hai câu {F.training_course}.”" in r.stderr, r.stderr
    assert "Không có chỉ tiêu 'training_course'. Có phải: 'training_courses'" in r.stderr
    assert 'md(f"""”' not in r.stderr
    r = _report_with(fresh_project, 'md(f"""\nMột câu.\nTheo mẫu {số 01/BC} của tỉnh.\n""")')
    assert r.returncode == 1
    assert "dòng 3 của ô: “Theo mẫu {số 01/BC} của tỉnh.”" in r.stderr, r.stderr
    assert "gõ hai lần: {{ và }}" in r.stderr and "invalid syntax" not in r.stderr
