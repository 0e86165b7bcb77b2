"""The plan as data: its tasks, its indicators and which indicators each report table shows.

The office's plan lives in three CSV files (``tasks.csv``, ``indicators.csv``,
``report_tables.csv``, under ``lkdata/reference/``, a same-named file under
``data/raw/reference/`` replacing the default). :mod:`lkdata.io.reference` reads them; this module
turns their text into a validated :class:`Plan`, and says exactly which row of which file is wrong
when something is (line numbers as the office sees them in Excel: the header is line 1).
"""

from __future__ import annotations

import csv
import dataclasses
import io as _text
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..clean.catalogues import PlanTask
from ..errors import ReferenceDataError, UsageError
from .derived import DERIVED, derived_table
from .periods import Period
from .selections import SELECTIONS

__all__ = ["AGGREGATIONS", "KINDS", "KIND_EXPLAINED", "KIND_WORDS", "PLAN_FILES", "Indicator", "Plan", "ReportColumn",
           "parse_plan", "parse_tasks", "table_columns"]  # fmt: skip

Tables = dict[str, pd.DataFrame]

#: The plan's files, in the order they are read.
PLAN_FILES: tuple[str, ...] = ("tasks.csv", "indicators.csv", "report_tables.csv")

#: How an indicator aggregates the rows it selects (all but ``count`` read its ``column``).
AGGREGATIONS: tuple[str, ...] = ("count", "sum", "nunique", "nunique_list")

#: A shared definition's id (``indicators.csv``, column ``definition``): letters without marks, digits, ``_ . -``.
_DEFINITION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")

#: ``flow``: what happened from the period's start to its cut-off; ``stock``: the state at the cut-off.
KINDS: tuple[str, ...] = ("flow", "stock")
#: A kind in words, the one wording wherever lkdata says it (the exchange sheet, the Department's tables and
#: messages); ``ratio``, a kind of the Department's definitions only, is never summed.
KIND_WORDS: dict[str, str] = {"flow": "phát sinh trong kỳ", "stock": "có đến ngày chốt", "ratio": "tỷ lệ"}
#: ... and explained, where a table says how each indicator of the plan is counted (the report's appendix).
KIND_EXPLAINED: dict[str, str] = {
    "flow": "Phát sinh trong kỳ (từ đầu kỳ đến ngày chốt)",
    "stock": "Số có đến ngày chốt số liệu",
}

#: How an indicator is estimated to the period's nominal end when the cut-off comes first (``indicators.csv``'s
#: optional ``estimate`` column): ``pace``, extended at the pace of the days elapsed (events: trainings,
#: broadcasts, their participants and cost); ``held``, kept as at the cut-off (a stock; and a flow of a
#: register's records, counted one by one: new chains, new or dissolved cooperatives, approved projects and
#: the support approved with them, which no pace foretells and whose register's stock stays as it is).
ESTIMATES: tuple[str, ...] = ("pace", "held")


@dataclass(frozen=True)
class Indicator:
    """One indicator: which rows of which table count for a period (a named selection, and optionally
    a yes/no column that must be true), aggregated how."""

    id: str
    task: str
    label: str
    unit: str
    table: str
    selection: str
    args: tuple = ()
    where: str | None = None
    aggregation: str = "count"
    column: str | None = None
    kind: str = "flow"
    #: the shared definition it follows (``indicators.csv``'s optional ``definition`` column): the province adds
    #: up the communes' indicators of one definition, whatever each plan calls them; empty: its own ``id``
    definition: str = ""
    #: how it is estimated to the period's end (:data:`ESTIMATES`): ``pace`` or ``held``
    estimate: str = "held"

    @property
    def definition_id(self) -> str:
        """The id of the shared definition: :attr:`definition`, or the indicator's own id when it names none."""
        return self.definition or self.id

    @property
    def agg(self) -> str:
        """The aggregation as one word: ``count``, ``sum:<column>``, ``nunique:<column>``..."""
        return f"{self.aggregation}:{self.column}" if self.column else self.aggregation

    @property
    def depends(self) -> tuple[str, ...]:
        """The columns whose empty (unknown) values leave the figure undecided, in the order a note names
        them: the selection's answers (:attr:`~lkdata.plan.selections.Selection.answers`), the yes/no
        ``where`` column, and the aggregated ``column`` when it is an input field (not a derived id)."""
        from ..clean.fields import fields
        from ..clean.schemas import MODELS

        if self.table in MODELS:
            read = {f.column for f in fields(self.table)}
        else:
            read = set(DERIVED[self.table].reads) if self.table in DERIVED else set()
        cols = [*SELECTIONS[self.selection].answers, *(c for c in (self.where, self.column) if c in read)]
        return tuple(dict.fromkeys(cols))

    @property
    def undated(self) -> tuple[str, ...]:
        """The columns of :attr:`depends` that carry no date (tracked by each clean's history): for a past
        period their values come from the snapshot then in force (:mod:`lkdata.plan.history`)."""
        from ..clean.fields import tracked_columns
        from ..clean.schemas import MODELS

        have = tracked_columns(self.table) if self.table in MODELS else {}
        return tuple(c for c in self.depends if c in have)

    def mask(self, tables: Tables, period: Period, *, assume: bool = False) -> np.ndarray:
        """Which rows of the table count for ``period``, as a boolean array; a row with an empty answer
        does not count (``assume=True``: it does, so that the rows that *could* count are known)."""
        rows = SELECTIONS[self.selection](tables, period, self.table, self.args, assume=assume)
        if self.where:
            rows = rows & derived_table(tables, self.table)[self.where].fillna(assume).astype(bool)
        return rows.to_numpy(dtype=bool, na_value=False)

    def _undecided(self, tables: Tables, period: Period, counted: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """(rows the selection leaves undecided: they could count were an empty answer known; rows counted
        or undecided whose aggregated value is empty)."""
        df = derived_table(tables, self.table)
        none = np.zeros(len(df), dtype=bool)
        empty = {c: df[c].isna().to_numpy(dtype=bool) for c in self.depends}
        if not any(e.any() for e in empty.values()):  # every value known: nothing undecided
            return none, none
        could = self.mask(tables, period, assume=True)
        undecided = could & ~(self.mask(tables, period) if counted is None else counted)
        valueless = could & empty[self.column] if self.column in empty else none
        return undecided, valueless

    def unknown_rows(self, tables: Tables, period: Period, *, counted: np.ndarray | None = None) -> np.ndarray:
        """The rows whose part in the figure is unknown: they could count, but an answer that decides
        whether they do, or the value the aggregation reads, is empty (see :attr:`depends`).

        ``counted`` is :meth:`mask` for ``period`` when the caller has it already.
        """
        undecided, valueless = self._undecided(tables, period, counted)
        return undecided | valueless

    def unknown(self, tables: Tables, period: Period, *, counted: np.ndarray | None = None) -> dict[str, int]:
        """How many rows of :meth:`unknown_rows` lack each column of :attr:`depends`, each row counted once:
        a row the selection leaves undecided under the first empty answer that decides it, a counted row
        under the aggregated column; empty when the figure is fully known."""
        undecided, valueless = self._undecided(tables, period, counted)
        df = derived_table(tables, self.table)
        out: dict[str, int] = {}
        valueless = valueless & ~undecided  # a row undecided by an answer is named by that answer
        for col in (c for c in self.depends if c != self.column):
            hit = undecided & df[col].isna().to_numpy(dtype=bool)
            if hit.any():
                out[col] = int(hit.sum())
                undecided = undecided & ~hit
        if undecided.any():  # undecided by a value that is not empty: a rule that declares too few answers
            out[self.depends[0]] = out.get(self.depends[0], 0) + int(undecided.sum())
        if valueless.any():
            out[self.column] = out.get(self.column, 0) + int(valueless.sum())
        return out

    def caveats(self, tables: Tables, period: Period, *, counted: np.ndarray | None = None) -> dict[str, int]:
        """What the figure counts on an assumption (:attr:`~lkdata.plan.selections.Selection.caveats`):
        phrase -> how many of the counted records it concerns (distinct values of the aggregated column
        for a ``nunique`` figure); empty when nothing is assumed."""
        rule = SELECTIONS[self.selection].caveats
        if rule is None:
            return {}
        m = self.mask(tables, period) if counted is None else counted
        df = derived_table(tables, self.table)
        out = {}
        for phrase, rows in rule(tables).items():
            hit = m & rows.to_numpy(dtype=bool, na_value=False)
            if hit.any():
                distinct = self.aggregation.startswith("nunique")
                out[phrase] = int(self.aggregate(df.loc[hit, [self.column]])) if distinct else int(hit.sum())
        return out

    def frame(self, tables: Tables, period: Period, extra: tuple[str, ...] = ()) -> pd.DataFrame:
        """The rows that count for ``period`` (only the columns needed, plus ``extra``)."""
        df = derived_table(tables, self.table)
        cols = [c for c in dict.fromkeys([*(x for x in (self.column,) if x), *extra]) if c in df.columns]
        return df.loc[self.mask(tables, period), cols]

    def value(self, tables: Tables, period: Period, *, counted: np.ndarray | None = None) -> float:
        """The indicator for ``period``: aggregates the selected rows without copying the table
        (``counted``: :meth:`mask` for ``period``, when the caller has it already)."""
        m = self.mask(tables, period) if counted is None else counted
        if self.column is None:
            return float(m.sum())
        return self.aggregate(derived_table(tables, self.table)[[self.column]][m])

    def aggregate(self, df: pd.DataFrame) -> float:
        """Aggregate selected rows (``nunique_list`` counts the distinct items of ``a; b`` lists)."""
        how, column = self.aggregation, self.column
        if how == "count":
            return float(len(df))
        if how == "sum":  # of the known values; the empty ones are counted by :meth:`unknown`
            return float(pd.to_numeric(df[column], errors="coerce").sum())
        if how == "nunique":
            return float(df[column].dropna().nunique())
        return float(df[column].dropna().str.split("; ").explode().dropna().nunique())  # nunique_list


@dataclass(frozen=True)
class ReportColumn:
    """One indicator shown by a report table or chart, with the heading it has there; ``of``: the indicator
    whose parts the table's indicators are (the report then shows the rest as ``khác``, or says that the
    parts add up to more than the whole)."""

    table: str
    indicator: str
    label: str
    order: int
    of: str | None = None


@dataclass(frozen=True)
class Plan:
    """The plan as loaded: tasks (their number as the plan writes it -> title, in the plan's order),
    indicators in catalogue order, report tables, and each task's key (number -> the stable name a
    report notebook's narrative for that kind of task uses, ``communication``; none: no narrative)."""

    tasks: dict[str, str]
    indicators: tuple[Indicator, ...]
    report_tables: dict[str, tuple[ReportColumn, ...]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def task_keys(self) -> dict[str, str]:
        """Every task's number -> its key (``""`` for a task without one), in the plan's order."""
        return {number: self.keys.get(number, "") for number in self.tasks}

    def task_of(self, key: str) -> str | None:
        """The number of the plan's task with this key (``communication`` -> ``III.1``), or, for a task
        number itself, that number; ``None`` when the plan has no such task."""
        if key in self.tasks:
            return key
        return next((number for number, k in self.keys.items() if k == key), None)

    @property
    def ids(self) -> tuple[str, ...]:
        """The indicator ids, in catalogue order."""
        return tuple(i.id for i in self.indicators)

    def indicator(self, indicator: str) -> Indicator:
        """The catalogue entry of an indicator id.

        Raises
        ------
        UsageError
            For an id the catalogue does not have, naming the closest ones.
        """
        for ind in self.indicators:
            if ind.id == indicator:
                return ind
        from rapidfuzz import process

        near = [m for m, _, _ in process.extract(str(indicator), list(self.ids), limit=3)]
        raise UsageError(f"Không có chỉ tiêu '{indicator}' (gần nhất: {', '.join(near)})")

    def task_number(self, task: str) -> int:
        """A task's number in the report, from 1 in the plan's order (``UsageError`` for an unknown task)."""
        if task not in self.tasks:
            raise UsageError(f"Không có nhiệm vụ '{task}' trong tasks.csv (có: {', '.join(self.tasks)})")
        return list(self.tasks).index(task) + 1

    def report_table(self, table: str) -> tuple[ReportColumn, ...]:
        """The indicators a report table shows, in order (``UsageError`` for a table not declared)."""
        try:
            return self.report_tables[table]
        except KeyError:
            raise UsageError(
                f"Không có bảng báo cáo '{table}' trong report_tables.csv (có: {', '.join(self.report_tables)})"
            ) from None


# --- parsing and validation -----------------------------------------------------------------------


def table_columns() -> dict[str, tuple[str, ...]]:
    """The tables an indicator may count and their columns: the processed tables, from the datasets'
    schemas, and the derived tables (:mod:`lkdata.plan.derived`)."""
    from ..clean.schemas import MODELS

    processed = {name: tuple(model.to_schema().columns) for name, model in MODELS.items()}
    return processed | {name: d.columns for name, d in DERIVED.items()}


class _Rows:
    """The records of one CSV text, with errors that name the file, the line and the value."""

    def __init__(self, text: str, source: str, required: tuple[str, ...]):
        self.source = source
        reader = csv.DictReader(_text.StringIO(text.lstrip("\ufeff")))
        header = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in required if c not in header]
        if missing:
            raise ReferenceDataError(
                f"Tệp {source} thiếu cột: {', '.join(missing)} (dòng 1 phải có: {', '.join(required)})"
            )
        reader.fieldnames = header
        self.records = [
            (line, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for line, row in enumerate(reader, start=2)
            if any((v or "").strip() for v in row.values() if isinstance(v, str))
        ]

    def error(self, line: int, what: str, value: object, allowed: Collection[str] = ()) -> ReferenceDataError:
        """``Tệp <file>, dòng <n>: <what> '<value>' không hợp lệ (có thể dùng: ...)``; of many allowed
        values only the closest few are named."""
        hint = ""
        if len(allowed) > 12:
            from rapidfuzz import process

            near = [m for m, _, _ in process.extract(str(value), list(allowed), limit=3)]
            hint = f" (gần nhất: {', '.join(near)})"
        elif allowed:
            hint = f" (có thể dùng: {', '.join(allowed)})"
        return ReferenceDataError(f"Tệp {self.source}, dòng {line}: {what} '{value}' không hợp lệ{hint}")

    def blank(self, line: int, col: str) -> ReferenceDataError:
        return ReferenceDataError(f"Tệp {self.source}, dòng {line}: cột {col} trống")

    def pick(self, line: int, row: dict, col: str, allowed: Collection[str]) -> str:
        value = row.get(col, "")
        if value not in allowed:
            raise self.error(line, f"giá trị cột {col}", value, allowed)
        return value


def _visible(columns: Collection[str]) -> list[str]:
    """A table's columns as the office knows them (not the provenance ones lkdata adds)."""
    return sorted(c for c in columns if not c.startswith("source_") and c not in ("issues", "merged_from"))


def _args(rows: _Rows, line: int, row: dict, sel: str, columns: Collection[str],
          vocabularies: Mapping[str, Collection[str]]) -> tuple:  # fmt: skip
    """The parsed ``selection_args`` of one indicator row."""
    spec = SELECTIONS[sel]
    text = row.get("selection_args", "")
    values = tuple(v.strip() for v in text.split("|") if v.strip())
    what = f"tham số của cách chọn {sel} (cột selection_args)"
    if (spec.args == "" and values) or (spec.args in ("value?", "int?", "column") and len(values) > 1):
        raise rows.error(line, what, text)
    if spec.args == "column" and not values:
        raise rows.error(line, what, text)
    if spec.args == "column" and values[0] not in columns:
        raise rows.error(line, what, text, _visible(columns))
    if spec.args == "int?" and values:
        if not values[0].isdigit():
            raise rows.error(line, what, text)
        return (int(values[0]),)
    known = vocabularies.get(spec.vocabulary or "")
    for v in values if known is not None else ():
        if v not in known:
            raise rows.error(line, what, v, sorted(known))
    return values


def _indicator(rows: _Rows, line: int, row: dict, tasks: Mapping[str, str], columns: Mapping[str, Collection[str]],
               vocabularies: Mapping[str, Collection[str]]) -> Indicator:  # fmt: skip
    for col in ("id", "label", "unit"):
        if not row.get(col):
            raise rows.blank(line, col)
    task = rows.pick(line, row, "task", tasks)
    table = rows.pick(line, row, "table", columns)
    sel = rows.pick(line, row, "selection", SELECTIONS)
    rule_table = SELECTIONS[sel].table
    if rule_table not in (None, table):
        raise rows.error(line, f"cách chọn {sel} chọn dòng của bảng {rule_table}, không phải bảng", table)
    have = columns[table]
    args = _args(rows, line, row, sel, have, vocabularies)
    where = row.get("where") or None
    if where is not None and where not in have:
        raise rows.error(line, f"cột where (cột có/không của bảng {table})", where, _visible(have))
    aggregation = rows.pick(line, row, "aggregation", AGGREGATIONS)
    definition = row.get("definition", "")
    if definition and not _DEFINITION_ID.fullmatch(definition):
        raise rows.error(line, "mã định nghĩa (cột definition: chữ không dấu, số, dấu _ . -, không có khoảng trắng)",
                         definition)  # fmt: skip
    column = row.get("column") or None
    if (column is None) != (aggregation == "count") or (column is not None and column not in have):
        raise rows.error(line, f"cột column (với cách tính {aggregation}, bảng {table})", column or "", _visible(have))
    kind = rows.pick(line, row, "kind", KINDS)
    estimate = rows.pick(line, row, "estimate", ("", *ESTIMATES))
    if kind == "stock" and estimate == "pace":
        raise rows.error(line, "cách ước cột estimate (chỉ tiêu tính tại ngày chốt số liệu chỉ ghi held)", estimate)
    return Indicator(id=row["id"], task=task, label=row["label"], unit=row["unit"], table=table, selection=sel,
                     args=args, where=where, aggregation=aggregation, column=column, kind=kind, definition=definition,
                     estimate=estimate or ("pace" if kind == "flow" else "held"))  # fmt: skip


def _estimates(rows: _Rows, found: Mapping[str, Indicator]) -> dict[str, Indicator]:
    """The indicators with the estimate each follows: a stock is held; a flow of a table some stock of the plan
    counts (a register: linkages, cooperatives) is held too, so the stock's estimate stays what its flows
    say; another flow (events) keeps ``pace`` unless its row says ``held``. A row that writes ``pace`` for a
    flow of a stock's table is refused, naming its line."""
    registers = {ind.table for ind in found.values() if ind.kind == "stock"}
    lines = {row.get("id"): (line, row.get("estimate", "")) for line, row in rows.records}
    out = {}
    for key, ind in found.items():
        if ind.kind == "flow" and ind.table in registers:
            line, written = lines[key]
            if written == "pace":
                raise rows.error(line, f"cách ước cột estimate (bảng {ind.table} có chỉ tiêu tính tại ngày chốt số "
                                 "liệu: chỉ tiêu phát sinh của bảng này chỉ ghi held)", written)  # fmt: skip
            ind = dataclasses.replace(ind, estimate="held")
        out[key] = ind
    return out


def parse_plan(
    texts: Mapping[str, str],
    sources: Mapping[str, str] | None = None,
    *,
    columns: Mapping[str, Collection[str]] | None = None,
    vocabularies: Mapping[str, Collection[str]] | None = None,
) -> Plan:
    """Build and validate the plan from the text of its files.

    Parameters
    ----------
    texts : mapping
        File name (see :data:`PLAN_FILES`) -> its CSV text.
    sources : mapping, optional
        File name -> where it came from, as error messages name it (default: the file name).
    columns : mapping, optional
        Table -> its columns (default: :func:`table_columns`).
    vocabularies : mapping, optional
        Catalogue name (``activity_kinds``, ``certifications``) -> the values a selection may name;
        a catalogue left out is not checked.

    Raises
    ------
    ReferenceDataError
        For a missing column, an unknown task, table, selection, column, aggregation or kind, bad
        selection arguments, or a repeated id; the message names the file, the line and the value.
    """
    src = {name: (sources or {}).get(name, name) for name in PLAN_FILES}
    columns = table_columns() if columns is None else columns
    rows = parse_tasks(texts["tasks.csv"], src["tasks.csv"])
    tasks = {t.number: t.title for t in rows}
    keys = {t.number: t.key for t in rows if t.key}
    ind_rows = _Rows(texts["indicators.csv"], src["indicators.csv"],
                     ("id", "task", "label", "unit", "table", "selection", "aggregation", "kind"))  # fmt: skip
    found: dict[str, Indicator] = {}
    for line, row in ind_rows.records:
        ind = _indicator(ind_rows, line, row, tasks, columns, vocabularies or {})
        if ind.id in found:
            raise ind_rows.error(line, "mã chỉ tiêu trùng", ind.id)
        found[ind.id] = ind
    found = _estimates(ind_rows, found)
    return Plan(tasks, tuple(found.values()), _report_tables(texts, src, found), dict(src), keys)


def parse_tasks(text: str, source: str) -> tuple[PlanTask, ...]:
    """The plan's tasks (``tasks.csv``'s ``text``; ``source`` names the file in messages) in the file's order:
    number as the plan writes it, key (may be blank), title, and the optional column ``aliases`` (other names
    a task may be typed by in the activities' ``Nhiệm vụ kế hoạch``, ``|``-separated).

    Raises
    ------
    ReferenceDataError
        A missing column, an empty, untitled or repeated number, a key that names two tasks (the file, the
        line, the value).
    """
    rows = _Rows(text, source, ("task", "key", "title"))
    tasks: list[PlanTask] = []
    numbers = {row["task"] for _, row in rows.records}
    for line, row in rows.records:
        if not row["task"] or not row["title"] or row["task"] in {t.number for t in tasks}:
            raise rows.error(line, "mã nhiệm vụ (trống, thiếu tên hoặc trùng)", row["task"])
        if row["key"] and (row["key"] in {t.key for t in tasks} or row["key"] in numbers):  # a key names one task
            raise rows.error(line, "khóa nhiệm vụ (cột key, trùng với nhiệm vụ khác)", row["key"])
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        tasks.append(PlanTask(row["task"], row["key"], row["title"], aliases))
    return tuple(tasks)


def _report_tables(texts: Mapping[str, str], src: Mapping[str, str], found: Mapping[str, Indicator]):
    rows = _Rows(texts["report_tables.csv"], src["report_tables.csv"], ("table", "indicator", "label", "order"))
    tables: dict[str, list[ReportColumn]] = {}
    for line, row in rows.records:
        indicator = rows.pick(line, row, "indicator", found)
        if not row["table"] or not row["order"].isdigit():
            raise rows.error(line, "bảng hoặc thứ tự (cột table, order)", f"{row['table']}, {row['order']}")
        whole = rows.pick(line, row, "of", found) if row.get("of") else None
        tables.setdefault(row["table"], []).append(
            ReportColumn(row["table"], indicator, row["label"], int(row["order"]), whole)
        )
    return {t: tuple(sorted(cols, key=lambda c: c.order)) for t, cols in tables.items()}
