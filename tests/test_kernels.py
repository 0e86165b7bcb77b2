"""Warm, one-use kernels (``lkdata.jobs.kernels``): a document made on a kernel started ahead is the document a
fresh kernel makes; no state goes from one notebook to the next; no kernel outlives the run that started it,
whether it succeeded, a cell failed or the run stopped; a kernel that cannot start is said as before.

Real Papermill runs on a copy of the cleaned sample."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import psutil
import pytest
from pypdf import PdfReader

from lkdata.config import Paths
from lkdata.jobs.kernels import KernelPool, kernel_for
from lkdata.jobs.reports import plan_reports, run_report, run_reports

pytestmark = pytest.mark.e2e


def _kernels() -> set[int]:
    """The notebook kernels among this process's descendants."""
    found = set()
    for p in psutil.Process().children(recursive=True):
        try:
            if "ipykernel" in " ".join(p.cmdline()) and p.status() != psutil.STATUS_ZOMBIE:
                found.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return found


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _outputs(nb_path: Path) -> list:
    """Each cell's execution count and outputs, as the executed notebook keeps them (timings left out)."""
    nb = nbformat.read(nb_path, as_version=4)
    return [(c.get("execution_count"), c.get("outputs")) for c in nb.cells]


def _pdf_text(path: Path) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


class _Counted(KernelPool):
    """The pool, counting the warm kernels it handed over."""

    taken = 0

    def take(self, spec, then=None):
        km = super().take(spec, then)
        self.taken += km is not None
        return km


def test_a_warm_kernel_makes_the_document_a_fresh_one_makes(fresh_project: Path, tmp_path: Path):
    paths = Paths(fresh_project)
    made = {}
    for way in ("fresh", "warm"):
        report, brief = plan_reports(["2026-H1"], paths=paths, out=tmp_path / way, formats=("html", "pdf"),
                                     khu_pho=["Khu phố 1"])  # fmt: skip
        if way == "fresh":  # Papermill starts each kernel, as without a pool
            results = [run_report(report), run_report(brief)]
        else:
            with _Counted() as kernels:
                kernels.warm(*kernel_for(report))
                results = [run_report(report, kernels=kernels, then=brief), run_report(brief, kernels=kernels)]
            assert kernels.taken == 2  # both documents ran on a kernel started ahead
        assert all(r.ok for r in results), [r.error for r in results]
        made[way] = (report, brief)
    for fresh, warm in zip(made["fresh"], made["warm"], strict=True):
        html = [_flat((job.out_dir / f"{job.stem}.html").read_text(encoding="utf-8")) for job in (fresh, warm)]
        assert html[0] == html[1], fresh.stem
        assert _pdf_text(fresh.out_dir / f"{fresh.stem}.pdf") == _pdf_text(warm.out_dir / f"{warm.stem}.pdf")
        # the executed notebooks too: the same outputs (stderr included) and execution counts
        assert _outputs(fresh.out_dir / f"{fresh.stem}.ipynb") == _outputs(warm.out_dir / f"{warm.stem}.ipynb")
    assert _kernels() == set()


#: A cell added to the brief notebook: what the namespace holds of an earlier notebook, which kernel runs it,
#: how many cells IPython has seen; then a name defined, for the next notebook to find if state carried over.
PROBE = """import os
print(json.dumps({"carried": sorted(k for k in globals() if k.startswith("carried_")), "pid": os.getpid()}))
carried_over = 1"""


def _with_cell(project: Path, notebook: str, source: str) -> None:
    path = project / "notebooks" / notebook
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": ["analyst-note"]}))
    nbformat.write(nb, path)


@pytest.mark.parametrize("jobs", [1, 2])  # this process's pool; each worker process's own
def test_a_batch_carries_no_state_from_one_notebook_to_the_next(fresh_project: Path, jobs: int):
    _with_cell(fresh_project, "tom_tat_khu_pho.ipynb", "import json\n" + PROBE)
    before = _kernels()
    results = run_reports(["2026-H1"], paths=Paths(fresh_project), formats=("html",), force=True, jobs=jobs,
                          khu_pho=["Khu phố 1", "Khu phố 2", "Khu phố 3"])  # fmt: skip
    assert [r.ok for r in results] == [True] * 4, [r.error for r in results]
    assert _kernels() - before == set()  # every kernel, the spares' too, ended with the batch
    pids = set()
    for r in results[1:]:
        nb = nbformat.read(r.job.out_dir / f"{r.job.stem}.ipynb", as_version=4)
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1)), counts  # a fresh kernel's counts, from 1
        probe = json.loads(nb.cells[-1].outputs[0]["text"])
        assert probe["carried"] == [], f"{r.job.stem} sees names of an earlier notebook: {probe['carried']}"
        pids.add(probe["pid"])
    assert len(pids) == 3  # one kernel per notebook


def test_no_kernel_outlives_a_run_that_failed_or_stopped(fresh_project: Path):
    # a cell that fails in every brief: the batch goes on, says which cell as JupyterLab numbers it
    nb = nbformat.read(fresh_project / "notebooks" / "tom_tat_khu_pho.ipynb", as_version=4)
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    _with_cell(fresh_project, "tom_tat_khu_pho.ipynb", "B.no_such_table()")
    before = _kernels()
    results = run_reports(["2026-H1"], paths=Paths(fresh_project), formats=("html",), force=True, jobs=1,
                          khu_pho=["Khu phố 1", "Khu phố 2"])  # fmt: skip
    assert [r.ok for r in results] == [True, False, False]
    for r in results[1:]:
        assert f"Sổ tay tom_tat_khu_pho.ipynb lỗi ở ô lệnh [{code_cells + 1}] (" in r.error, r.error
        assert "dòng 1 của ô: “B.no_such_table()”" in r.error, r.error
    assert _kernels() - before == set()

    # the run stopped (Ctrl+C, a bug) while a document's kernel ran and the next one's was warming
    said = []

    def say(text: str) -> None:
        said.append(text)
        if len(said) == 2:  # the report is made; the first brief's kernel was started while it ran
            assert _kernels() - before, "no spare kernel was warming"
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_reports(["2026-H1"], paths=Paths(fresh_project), formats=("html",), force=True, jobs=1, say=say,
                    khu_pho=["Khu phố 1", "Khu phố 2"])  # fmt: skip
    assert _kernels() - before == set()


def test_a_kernel_that_cannot_start_is_said_as_before(fresh_project: Path, tmp_path: Path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [os.sys.executable, "-c", "raise SystemExit(1)"],
                                                  "display_name": "hỏng", "language": "python"}))  # fmt: skip
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    before = _kernels()
    [result] = run_reports(["2026-H1"], paths=Paths(fresh_project), formats=("html",), force=True, jobs=1)
    assert not result.ok
    assert result.error.startswith("Sổ tay bao_cao_ke_hoach.ipynb không chạy được: RuntimeError: Kernel died"), (
        result.error
    )
    assert _kernels() - before == set()


def test_the_kernel_the_command_starts_first_ends_when_a_parameter_stops_it(fresh_project: Path, monkeypatch,
                                                                               capsys):  # fmt: skip
    from lkdata.cli import main

    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    before = _kernels()
    assert main(["report", "2026-H1", "--force", "--formats", "odt"]) == 2  # forced: its kernel starts before the check
    assert "Định dạng không hỗ trợ: odt" in capsys.readouterr().err
    assert _kernels() - before == set()
    assert not (fresh_project / "reports").exists()
