"""The plan's structure as data: task keys in ``tasks.csv``, the report notebook's task cells guarded by the
plan (``#| task: <key>``), generic sections for tasks the notebook does not narrate, and notes sections keyed
by the plan's task numbers. The rendering of a second plan is tested in ``test_plan_structure.py``."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from lkdata.errors import ReferenceDataError
from lkdata.io.reference import load_plan
from lkdata.plan.catalogue import parse_plan
from lkdata.report.notes import DEFAULT_TASKS, TASK_SECTIONS, Notes, notes_template, section_key
from lkdata.report.plan_sections import NARRATED, PlanSections, generic_paragraph, task_of_cell

ROOT = Path(__file__).resolve().parents[1]
SECOND_PLAN = ROOT / "tests" / "plans" / "xa_nam_nhiem_vu"
NOTEBOOK = ROOT / "notebooks" / "bao_cao_ke_hoach.ipynb"


def _reference(name: str) -> str:
    return (Path(str(resources.files("lkdata") / "reference")) / name).read_text(encoding="utf-8")


def _plan(tasks_csv: str):
    texts = {"tasks.csv": tasks_csv, "indicators.csv": _reference("indicators.csv").split("\n")[0] + "\n",
             "report_tables.csv": "table,indicator,label,order,of\n"}  # fmt: skip
    return parse_plan(texts)


def _code_cells() -> list[str]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_default_plan_gives_each_task_its_key_and_the_notes_know_them():
    plan = load_plan()
    assert plan.task_keys == DEFAULT_TASKS  # the notes' default is the shipped plan (one home, tied here)
    assert tuple(plan.keys.values()) == NARRATED
    assert plan.task_of("trade") == "III.5" and plan.task_of("III.5") == "III.5" and plan.task_of("markets") is None


def test_the_notebook_names_tasks_by_key_and_guards_every_task_cell():
    cells = _code_cells()
    keys = [k for c in cells if (k := task_of_cell(c.splitlines(keepends=True)))]
    assert tuple(dict.fromkeys(keys)) == NARRATED
    calls = re.findall(r"R\.(?:task_heading|unknown_note|task_note|task_table)\(\"([^\"]+)\"\)", "\n".join(cells))
    assert calls and set(calls) <= set(NARRATED)  # no plan number (III.1) left in the notebook's code
    for cell in cells:  # a cell naming a task's key is guarded by that key
        for key in re.findall(r"R\.(?:task_heading|unknown_note|task_note|task_table)\(\"([^\"]+)\"\)", cell):
            assert task_of_cell(cell.splitlines(keepends=True)) == key, cell
    assert any(c.startswith("R.remaining_tasks()") for c in cells)


@pytest.mark.parametrize(
    ("lines", "key"),
    [
        (["#| task: communication\n", "R.note('x')"], "communication"),
        (["\n", "#|task:funding  \n", "md('')"], "funding"),
        (["#| task: value_chains"], "value_chains"),
        (["# task: communication\n", "x"], None),  # a plain comment is no option
        (["R.note('x')\n", "#| task: communication"], None),  # only the first line counts
        ([], None),
    ],
)
def test_a_cell_names_its_task_on_its_first_line(lines, key):
    assert task_of_cell(lines) == key


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("II.1,a,Một\nII.2,a,Hai\n", "khóa nhiệm vụ"),  # a key twice
        ("II.1,x,Một\nII.2,II.1,Hai\n", "khóa nhiệm vụ"),  # a key that is a task's number
        ("II.1,a,Một\nII.1,b,Hai\n", "mã nhiệm vụ"),
    ],
)
def test_a_bad_task_key_names_its_line(rows: str, message: str):
    with pytest.raises(ReferenceDataError, match=rf"tasks.csv, dòng 3: {message}"):
        _plan("task,key,title\n" + rows)


def test_a_tasks_file_without_keys_is_a_clear_error():
    with pytest.raises(ReferenceDataError, match="thiếu cột: key"):
        _plan("task,title\nIII.1,Một\n")


class _Sections(PlanSections):
    def __init__(self, plan):
        self.plan_data = plan


@pytest.mark.parametrize(
    ("keys", "before"),
    [
        # the second plan: II.2 comes before the cooperatives' narrative, nothing after the funding's
        (["communication", "", "cooperatives", "markets", "funding"],
         {"II.1": [], "II.3": ["II.2"], "II.5": ["II.4"], None: []}),
        # unknown tasks first and last
        (["x", "y", "linkage", "z"], {"II.3": ["II.1", "II.2"], None: ["II.4"]}),
        # a plan the notebook knows nothing of: all after the (absent) narrated tasks
        (["a", "b"], {None: ["II.1", "II.2"]}),
    ],
)  # fmt: skip
def test_tasks_without_narrative_are_placed_where_the_plan_puts_them(keys, before):
    rows = "".join(f"II.{i},{k},Nhiệm vụ {i}\n" for i, k in enumerate(keys, 1))
    sections = _Sections(_plan("task,key,title\n" + rows))
    for task, expected in before.items():
        assert sections._unnarrated(task) == expected
    assert sections.section_number(1) == len(keys) + 1


def test_notes_sections_follow_the_plans_numbers():
    text = "## II.2 Chuỗi liên kết\n\nA\n\n## II.4\n\nB\n\n## III.1\n\nC\n\n## IV. Kinh phí\n\nD\n"
    tasks = {f"II.{i}": "" for i in range(1, 6)}
    notes = Notes.parse(text, Path("n.md"), tasks)
    assert notes.sections == {"II.2": "A", "II.4": "B"} and notes.unknown == ["III.1", "IV. Kinh phí"]
    default = Notes.parse(text, Path("n.md"))  # without a plan: the default plan's numbers
    assert default.sections == {"III.1": "C", "IV": "D"}
    assert section_key("II.3: Hợp tác xã", ["II.3"]) == "II.3" and section_key("II.30", ["II.3"]) is None


@pytest.mark.parametrize(
    ("keys", "asked", "not_asked"),
    [
        (DEFAULT_TASKS, set(TASK_SECTIONS), set()),
        ({"II.1": "communication", "II.2": "", "II.5": "funding"}, {"long ghep"}, set(TASK_SECTIONS) - {"long ghep"}),
        ({"II.1": "policy"}, {"vung nguyen lieu", "van ban moi"}, {"long ghep", "tuan thu", "ket qua kiem tra"}),
    ],
)
def test_the_notes_ask_for_the_sections_of_the_plans_tasks_only(keys, asked, not_asked):
    missing = set(Notes.parse("## Tồn tại, hạn chế\n\nx\n", Path("n.md"), keys).missing_sections())
    assert asked <= missing and not (not_asked & missing) and "kho khan" in missing
    template = notes_template("6 tháng đầu năm 2026", tasks=keys)
    assert all(f"## {n}\n" in template for n in keys)
    if "communication" in keys.values() and keys != DEFAULT_TASKS:
        number = next(n for n, k in keys.items() if k == "communication")
        assert f"Nhiệm vụ {number}: lồng ghép" in template and "III." not in template


def test_the_second_plan_is_valid_and_differs_from_the_default():
    plan, default = load_plan(SECOND_PLAN), load_plan()
    assert list(plan.tasks) == [f"II.{i}" for i in range(1, 6)]
    assert set(plan.ids) - set(default.ids) == {"linkage_enterprises", "trade_households"}
    assert {"producers_certified", "inspections", "policy_events"} <= set(default.ids) - set(plan.ids)
    assert [k for k in plan.task_keys.values() if k not in NARRATED] == ["value_chains", "markets"]


def test_a_generic_paragraph_says_each_figure_or_that_it_is_unknown():
    from lkdata.io.reference import load_reference
    from lkdata.plan.periods import parse_period
    from lkdata.report.facts import Fact

    p = parse_period("2026-H1", load_reference().ward, cutoff="2026-05-05")
    known = Fact("a", "Doanh nghiệp liên kết", "doanh nghiệp", 4, 3, 4, 10, p)
    unknown = Fact("b", "Lượt hộ", "lượt hộ", float("nan"), float("nan"), float("nan"), None, p)
    untargeted = Fact("c", "Hội nghị", "cuộc", 4, 3, 4, None, p)
    text = generic_paragraph([known, untargeted, unknown], "05/5/2026").text
    assert "Kết quả thực hiện đến ngày 05/5/2026:" in text
    assert "- Doanh nghiệp liên kết: 4 doanh nghiệp (tăng 33,3% so với cùng kỳ; đạt 40,0% chỉ tiêu năm 2026" in text
    assert "- Hội nghị: 4 cuộc (tăng 33,3% so với cùng kỳ);" in text  # no target: the change alone
    assert "- Lượt hộ: chưa có số liệu." in text
    assert "không giao chỉ tiêu bằng số" in generic_paragraph([], "05/5/2026").text


@pytest.mark.parametrize(
    ("name", "number"),
    [("communication", "II.1"), ("II.2", "II.2"), ("value_chains", "II.2"), ("technology", None), ("IV", "error"),
     ("comunication", "error"), ("III.9", "error")],
)  # fmt: skip
def test_a_task_is_named_by_key_or_number_and_a_slip_is_an_error(name: str, number: str | None):
    from lkdata.errors import UsageError

    sections = _Sections(load_plan(SECOND_PLAN))
    if number == "error":
        with pytest.raises(UsageError, match=rf"Không có nhiệm vụ '{re.escape(name)}' trong tasks.csv \(gần nhất: "):
            sections._number(name)
    else:
        assert sections._number(name) == number and sections.has_task(name) == (number is not None)
        if number is None:  # a narrated task the plan lacks: its R calls show nothing
            assert sections.task_heading(name) is None and sections.task_table(name) is None


def test_a_task_cell_runs_only_when_the_plan_has_its_task():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    sections = _Sections(load_plan(SECOND_PLAN))
    try:
        sections.guard_task_cells()
        sections.guard_task_cells()  # a report opened again replaces its guard, never stacks a second
        assert sum(getattr(t, "lkdata_task_guard", False) for t in shell.input_transformers_post) == 1
        skipped = shell.run_cell("#| task: technology\nF.producers_certified  # not in this plan\n1 / 0")
        assert skipped.success and skipped.result is None
        ran = shell.run_cell("#| task: communication\nshown = 'II.1'\nshown")
        assert ran.success and ran.result == "II.1"
        plain = shell.run_cell("1 / 0")  # a cell of no task is left alone
        assert not plain.success
    finally:
        shell.input_transformers_post[:] = [
            t for t in shell.input_transformers_post if not getattr(t, "lkdata_task_guard", False)
        ]
