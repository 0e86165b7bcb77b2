"""The report's task sections as the plan's data lays them out: a task's heading from ``tasks.csv`` (its
number in the report, its title), its table, its notes, and for a task the report notebook has no narrative
for, a generic section built from the task's indicators.

The default report notebook narrates the tasks of the default plan, each under its key (``communication``,
``linkage``...: :data:`NARRATED`); each cell of a task starts with the line ``#| task: <key>`` (a cell option
written the way Quarto and nbdev write theirs), and such a cell runs only when the plan has that task: the
report installs an IPython input transformer (:meth:`PlanSections.guard_task_cells`) that empties the cell
otherwise, in JupyterLab's *Run All* as in the batch run, so a narrative that names indicators of a task the
plan lacks never fails. A task of the plan whose key the notebook does not narrate (another
commune's ``II.2``) gets :meth:`PlanSections.task_section`, placed where the plan puts it: before the next
narrated task the plan has (:meth:`PlanSections.task_heading`), or after the last one
(:meth:`PlanSections.remaining_tasks`).
"""

from __future__ import annotations

import re

from ..plan.rules import figure_notes
from ..vn.fmt import fmt_date
from . import tables as report_tables
from .facts import Fact, counted_anyway, missing_information, unknown_block
from .html import NO_PREVIOUS, Block, Markdown

__all__ = ["NARRATED", "TASK_OPTION", "PlanSections", "generic_paragraph", "task_of_cell"]

#: The first line of a task's cell in the report notebook: ``#| task: communication``.
TASK_OPTION = re.compile(r"^#\|\s*task:\s*(\S+)\s*$")

#: The task keys the default report notebook has narrative cells for, in its order (``key`` in ``tasks.csv``).
NARRATED: tuple[str, ...] = (
    "communication", "linkage", "cooperatives", "technology", "trade", "policy", "inspection", "funding",
)  # fmt: skip


def _figure(fact: Fact) -> str:
    """``8 lớp (tăng 33,3% so với cùng kỳ; đạt 50,0% chỉ tiêu năm 2026 là 16 lớp)``; without a target, the
    change alone (the table says ``chưa giao``); ``chưa có số liệu`` for a figure nobody supplied."""
    if fact.value != fact.value:
        return NO_PREVIOUS
    if fact.target is None or fact.target != fact.target or fact.target == 0:
        return f"{fact} ({fact.change})"
    return f"{fact} ({fact.change}; {fact.vs_target})"


def generic_paragraph(facts: list[Fact], cutoff: str) -> Markdown:
    """What a task's indicators say, one line each (their label, the figure, the change on last year and
    the figure against the year's target), for a task the notebook has no narrative for."""
    if not facts:
        return Markdown("Kế hoạch không giao chỉ tiêu bằng số cho nhiệm vụ này; kết quả thực hiện nêu dưới đây.")
    lines = [f"Kết quả thực hiện đến ngày {cutoff}:", ""]
    lines += [f"- {fact.label}: {_figure(fact)}{';' if i < len(facts) else '.'}" for i, fact in enumerate(facts, 1)]
    return Markdown("\n".join(lines))


def task_of_cell(lines: list[str]) -> str | None:
    """The task key a cell's first line names (``#| task: communication``), or ``None``."""
    first = next((line for line in lines if line.strip()), "")
    m = TASK_OPTION.match(first.strip())
    return m.group(1) if m else None


def _display(blocks: tuple[Markdown | Block, ...]) -> None:
    """Shows blocks in the notebook's output, in order (each its own output, as a cell's ``display(...)``)."""
    from IPython.display import display

    display(*blocks)


class PlanSections:
    """Mixed into :class:`~lkdata.report.document.ReportDocument` (reads its ``plan_data``, ``facts``,
    ``tables``, ``period``, ``checks``, ``notes``, ``captions``, ``table`` and ``two_digits``)."""

    def has_task(self, key: str) -> bool:
        """Whether the plan has the task of this key (``communication``) or number (``III.1``): the guard of a
        task's narrative cells in the report notebook."""
        return self.plan_data.task_of(key) is not None

    def _number(self, task: str) -> str | None:
        """The plan's number of a task named by key or number; ``None`` for a task the notebook narrates that
        the plan lacks (:data:`NARRATED`); ``UsageError`` for a name neither knows (a slip: ``comunication``)."""
        number = self.plan_data.task_of(task)
        if number is None and task not in NARRATED:
            from rapidfuzz import process

            from ..errors import UsageError

            names = [*self.plan_data.tasks, *self.plan_data.keys.values(), *NARRATED]
            near = [m for m, _, _ in process.extract(str(task), names, limit=3)]
            raise UsageError(f"Không có nhiệm vụ '{task}' trong tasks.csv (gần nhất: {', '.join(near)})")
        return number

    def guard_task_cells(self) -> None:
        """In a notebook, makes a cell that starts with ``#| task: <key>`` run only when the plan has that task
        (an IPython input transformer; a report opened again replaces the previous one); nothing outside one."""
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - the report's environment has IPython
            return
        shell = get_ipython()
        if shell is None:
            return

        def guard(lines: list[str]) -> list[str]:
            key = task_of_cell(lines)
            return lines if key is None or self.has_task(key) else []

        guard.lkdata_task_guard = True  # type: ignore[attr-defined]
        transformers = shell.input_transformers_post
        transformers[:] = [t for t in transformers if not getattr(t, "lkdata_task_guard", False)]
        transformers.append(guard)

    def section_number(self, after_tasks: int) -> int:
        """The number of a section that follows the task sections: ``R.section_number(1)`` is 9 after eight
        tasks (``### 9. Kết quả theo khu phố``), 6 after five."""
        return len(self.plan_data.tasks) + after_tasks

    def _unnarrated(self, before: str | None) -> list[str]:
        """The plan's tasks the notebook has no narrative for that come before task ``before`` (a number)
        and after the narrated task preceding it; with ``before`` ``None``, those after the last narrated."""
        numbers = list(self.plan_data.tasks)
        end = numbers.index(before) if before is not None else len(numbers)
        out = []
        for number in numbers[:end]:
            if self.plan_data.keys.get(number) in NARRATED:
                out = []
            else:
                out.append(number)
        return out

    def task_heading(self, task: str, level: int = 3) -> Markdown | Block | None:
        """A task's section heading from the plan's title of the task (``### 1. Thực hiện công tác thông tin
        ...``), the title its table's caption repeats; ``task`` is its key (``communication``) or number.
        The sections of the plan's tasks the notebook does not narrate that come before it are shown first;
        nothing for a task the plan lacks."""
        number = self._number(task)
        if number is None:
            return None
        for n in self._unnarrated(number):
            _display(self.task_section(n))
        return self.heading(report_tables.task_heading(self.plan_data, number), level)

    def remaining_tasks(self) -> None:
        """Shows the sections of the plan's tasks the notebook does not narrate that come after the last narrated
        one (every task of a plan the notebook knows nothing of)."""
        for n in self._unnarrated(None):
            _display(self.task_section(n))

    def task_section(self, task: str, level: int = 3) -> tuple[Markdown | Block, ...]:
        """A whole section for a task without narrative: the heading, what its indicators say
        (:func:`generic_paragraph`), what they lack, the notes file's section of the task (``## II.2``) and
        the task's table."""
        number = self._number(task) or task
        of_task = [ind.id for ind in self.plan_data.indicators if ind.task == number]
        parts = [self.heading(report_tables.task_heading(self.plan_data, number), level),
                 generic_paragraph([self.facts[i] for i in of_task], fmt_date(self.period.cutoff)),
                 self.unknown_note(number), self.task_note(number)]  # fmt: skip
        if of_task:
            parts.append(self.task_table(number))
        return tuple(p for p in parts if p is not None)

    def unknown_note(self, task: str) -> Markdown | None:
        """What the task's figures lack, next to them: ``Ghi chú: chưa có thông tin tiêu chuẩn chứng nhận của
        12 hộ; ...``, and what they count on an assumption (``1 hộ chưa kê khai thửa thì tính theo diện tích
        canh tác của hộ``) or what a violated validation rule says of them (``Lưu ý: ...``); else nothing
        (nothing for a task the plan lacks)."""
        number = self._number(task)
        of_task = [ind for ind in self.plan_data.indicators if ind.task == number]
        checks = [n for ind in of_task for n in figure_notes(self.checks).get(ind.id, ())]
        two = self.two_digits
        return unknown_block(missing_information(of_task, self.tables, self.period, two_digits=two),
                             counted_anyway(of_task, self.tables, self.period, two_digits=two), checks)  # fmt: skip

    def task_note(self, task: str) -> Markdown | None:
        """The analyst's extra text for a task (``## III.1`` in the notes: the task's number in the plan),
        or nothing."""
        number = self._number(task)
        return self.notes.task(number) if number is not None else None

    def task_table(self, task: str) -> Block | None:
        """The indicators of one task: this period, the estimate, last year, the year's target (nothing for a
        task the plan lacks)."""
        number = self._number(task)
        if number is None:
            return None
        return report_tables.task_table(self.period, self.table, self.plan_data, number, self.captions)
