"""Validation rules across the datasets, kept as data (``validation_rules.csv``), after DHIS2's validation rules.

Each rule compares a left side with a right side (``<=``, ``<``, ``==``, ``!=``, ``>=``, ``>``), has an
importance (``cao``, ``trung bình``, ``thấp``), the kinds of period it applies to, a Vietnamese message
(``{left}``, ``{right}``, ``{group}``, ``{record}`` stand for the two sides' values, the group and the
record), the indicators whose figures it affects, and the short note a report prints next to those figures
when it is violated. Two levels:

- *aggregate* rules (no ``table``): each side an expression (:mod:`lkdata.plan.expressions`) over indicator
  ids of the plan and the named aggregates below (:data:`AGGREGATES`), optionally per group (``by``: crop,
  khu phố, cooperative): ``linkage_area_ha <= farm_area_ha``;
- *record* rules (``table`` names a table): each side an expression over that table's columns, checked on
  every record in force on the cut-off (:data:`RECORD_SCOPES`), the offending records listed:
  ``start_on >= established_on`` over the cooperatives each running linkage names.

Everything is evaluated per period, as of its cut-off, with the stock rules of the indicators
(:mod:`lkdata.plan.selections`). A side that misses values which could change the outcome makes the rule
``không đánh giá được``, never a pass (see :class:`~lkdata.plan.expressions.Interval`).
"""

from __future__ import annotations

import operator as _op
import string
from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ReferenceDataError
from ..vn.fmt import figure_decimals, fmt_date, fmt_money, fmt_number
from .catalogue import Plan, _Rows, table_columns
from .derived import derived_table
from .expressions import OPERATORS, Expression, ExpressionError, Interval, closest, compare, parse_expression
from .periods import Period
from .selections import cooperatives_active, in_force_on, linkages_running, prepared, registered, says_ended

__all__ = ["AGGREGATES", "FAILS", "HOLDS", "IMPORTANCE", "RECORD_SCOPES", "RULES_FILE", "UNDECIDED", "Aggregate",
           "Rule", "evaluate_rules", "figure_notes", "parse_rules"]  # fmt: skip

Tables = dict[str, pd.DataFrame]

#: The rules' file under ``lkdata/reference/`` (an office's copy in ``data/raw/reference/`` replaces it).
RULES_FILE = "validation_rules.csv"
#: Importance, most important first (``lkdata check`` fails on a violated rule of the first).
IMPORTANCE: tuple[str, ...] = ("cao", "trung bình", "thấp")
#: The kinds of period a rule may be limited to (``all``: every period).
PERIOD_KINDS: tuple[str, ...] = ("H1", "H2", "year", "range")
#: Outcomes.
HOLDS, FAILS, UNDECIDED = "đạt", "vi phạm", "không đánh giá được"
_PLACEHOLDERS = {"left", "right", "group", "record"}
_COLUMNS = ("id", "name", "importance", "periods", "table", "by", "left", "operator", "right", "message",
            "affects", "note")  # fmt: skip


def _cut(period: Period) -> pd.Timestamp:
    return pd.Timestamp(period.cutoff)


def _plots_on_list(tables: Tables, period: Period) -> pd.Series:
    return in_force_on(_cut(period), derived_table(tables, "plot_areas")["registered_on"])


def _households_of_active_coops(tables: Tables, period: Period) -> pd.Series:
    active = tables["cooperatives"].loc[cooperatives_active(tables, period), "cooperative_id"]
    return registered(tables, period) & tables["producers"]["cooperative_id"].isin(list(active))


@dataclass(frozen=True)
class Aggregate:
    """A named figure a rule may compare that is no indicator of the plan: ``how`` (``sum``, ``count``,
    ``nunique``, ``max``) of ``column`` over the rows of ``table`` that ``rows`` selects for a period."""

    label: str
    unit: str
    table: str
    rows: Callable[[Tables, Period], pd.Series]
    how: str
    column: str | None = None


#: The named aggregates, by name.
AGGREGATES: dict[str, Aggregate] = {
    "farm_area_ha": Aggregate("Diện tích canh tác của các hộ trong danh sách", "ha", "producers", registered,
                              "sum", "farm_area_ha"),
    "planted_area_ha": Aggregate("Diện tích trồng của các hộ trong danh sách (theo thửa)", "ha", "plot_areas",
                                 _plots_on_list, "sum", "area_ha"),
    "growers": Aggregate("Số hộ trong danh sách có thửa trồng", "hộ", "plot_areas", _plots_on_list, "nunique",
                         "producer_id"),
    "largest_linkage_households": Aggregate("Số hộ của liên kết đông hộ nhất", "hộ", "linkages",
                                            linkages_running, "max", "households"),
    "listed_coop_households": Aggregate("Hộ trong danh sách ghi là thành viên HTX/THT", "hộ", "producers",
                                        _households_of_active_coops, "count"),
}  # fmt: skip


def _members_running(tables: Tables, period: Period) -> pd.Series:
    m = derived_table(tables, "linkage_members")
    running = in_force_on(_cut(period), m["start_on"], m["end_on"])
    return running & ~(m["end_on"].isna() & says_ended(m["status"]))


#: The records a record rule checks, per table: those in force on the cut-off.
RECORD_SCOPES: dict[str, Callable[[Tables, Period], pd.Series]] = {
    "linkage_members": _members_running,
    "linkages": linkages_running,
    "cooperatives": cooperatives_active,
    "producers": registered,
}


@dataclass(frozen=True)
class Rule:
    """One row of the rules file, parsed."""

    id: str
    name: str
    importance: str
    periods: tuple[str, ...]
    table: str | None
    by: str | None
    left: Expression
    operator: str
    right: Expression
    message: str
    affects: tuple[str, ...] = ()
    note: str = ""

    def applies(self, period: Period) -> bool:
        return period.kind in self.periods


# --- parsing --------------------------------------------------------------------------------------------


def parse_rules(text: str, source: str, plan: Plan,
                columns: dict[str, Collection[str]] | None = None) -> tuple[Rule, ...]:  # fmt: skip
    """The rules of a rules file's CSV ``text`` (``source`` names it in messages), checked against ``plan``.

    Raises
    ------
    ReferenceDataError
        For a missing column, an empty or repeated id, an unknown importance, period kind, table, operator,
        group column or indicator, a side that is no expression, a name no side may read (with the closest
        one), a placeholder other than ``{left}``, ``{right}``, ``{group}``, ``{record}``: naming the file and
        the line.
    """
    rows = _Rows(text, source, _COLUMNS[:9])
    columns = table_columns() if columns is None else columns
    out: dict[str, Rule] = {}
    for line, row in rows.records:
        for col in ("id", "name", "left", "right", "message"):
            if not row.get(col):
                raise rows.blank(line, col)
        if row["id"] in out:
            raise rows.error(line, "mã quy tắc trùng", row["id"])
        table = row.get("table") or None
        if table is not None and table not in RECORD_SCOPES:
            raise rows.error(line, "bảng của quy tắc theo bản ghi (cột table)", table, list(RECORD_SCOPES))
        names = _names(plan, columns, table)
        sides = {}
        for col in ("left", "right"):
            try:
                sides[col] = parse_expression(row[col], names)
            except ExpressionError as exc:
                raise ReferenceDataError(f"Tệp {source}, dòng {line}, cột {col}: {exc}") from None
        by = row.get("by") or None
        if by is not None:
            _check_by(rows, line, by, table, [*sides["left"].names, *sides["right"].names], plan, columns)
        periods = tuple(p.strip() for p in (row.get("periods") or "all").split("|") if p.strip())
        for p in periods:
            if p != "all" and p not in PERIOD_KINDS:
                raise rows.error(line, "loại kỳ (cột periods)", p, ["all", *PERIOD_KINDS])
        affects = tuple(a.strip() for a in (row.get("affects") or "").split("|") if a.strip())
        for a in affects:
            if a not in plan.ids:
                near = closest(a, list(plan.ids))
                raise ReferenceDataError(
                    f"Tệp {source}, dòng {line}: cột affects: không có chỉ tiêu '{a}' (gần nhất: {near})"
                )
        for col in ("message", "note"):
            _check_placeholders(rows, line, col, row.get(col) or "")
        out[row["id"]] = Rule(
            id=row["id"], name=row["name"], importance=rows.pick(line, row, "importance", IMPORTANCE),
            periods=PERIOD_KINDS if "all" in periods or not periods else periods, table=table, by=by,
            left=sides["left"], operator=rows.pick(line, row, "operator", OPERATORS), right=sides["right"],
            message=row["message"], affects=affects, note=row.get("note") or "",
        )  # fmt: skip
    return tuple(out.values())


def _names(plan: Plan, columns: dict[str, Collection[str]], table: str | None) -> dict[str, str]:
    """The names a side may read: a table's columns (record rules), else indicator ids and aggregates."""
    if table is not None:
        return {c: table for c in columns[table]}
    return {**{i.id: i.table for i in plan.indicators}, **{n: a.table for n, a in AGGREGATES.items()}}


def _check_by(rows: _Rows, line: int, by: str, table: str | None, names: list[str], plan: Plan, columns) -> None:
    if table is not None:
        raise rows.error(line, "cột by (chỉ dùng cho quy tắc so sánh số tổng hợp, không có cột table)", by)
    for name in names:
        term_table = AGGREGATES[name].table if name in AGGREGATES else plan.indicator(name).table
        if by not in columns[term_table]:
            raise rows.error(line, f"cột by (bảng {term_table} của '{name}' không có cột này)", by,
                             sorted(c for c in columns[term_table] if not c.startswith("source_")))  # fmt: skip


def _check_placeholders(rows: _Rows, line: int, col: str, text: str) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        raise rows.error(line, f"cột {col} (dấu ngoặc nhọn không khớp)", text) from None
    for f in fields:
        if f not in _PLACEHOLDERS:
            raise rows.error(line, f"chỗ điền trong cột {col}", "{" + f + "}", sorted(_PLACEHOLDERS))


# --- evaluation -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """What one name of an aggregate side reads: the rows selected, the rows undecided, how to aggregate."""

    frame: pd.DataFrame
    selected: np.ndarray
    undecided: np.ndarray
    how: str
    column: str | None
    unit: str
    empty: bool  # the table has no row at all: nobody sent that list


def _term(name: str, tables: Tables, period: Period, plan: Plan) -> _Term:
    if name in AGGREGATES:
        a = AGGREGATES[name]
        df = derived_table(tables, a.table)
        sel = a.rows(tables, period).to_numpy(dtype=bool, na_value=False)
        und = sel & df[a.column].isna().to_numpy(dtype=bool) if a.column else np.zeros(len(df), dtype=bool)
        return _Term(df, sel, und, a.how, a.column, a.unit, len(df) == 0)
    ind = plan.indicator(name)
    df = derived_table(tables, ind.table)
    sel = ind.mask(tables, period)
    return _Term(df, sel, ind.unknown_rows(tables, period, counted=sel), ind.aggregation, ind.column, ind.unit,
                 len(df) == 0)  # fmt: skip


def _interval(t: _Term) -> Interval:
    """The term's value, as an interval: what the rows selected give, up to what the undecided ones could add
    (``inf`` for a value nobody gave); ``[0, inf)`` when the table has no row at all."""
    if t.empty:
        return Interval(0.0, np.inf)
    sel, und = t.selected, t.undecided
    if t.how == "count":
        return Interval(float(sel.sum()), float(sel.sum() + (und & ~sel).sum()))
    values = t.frame[t.column]
    if t.how in ("nunique", "nunique_list"):
        chosen = values[sel].dropna()
        lo = float(chosen.str.split("; ").explode().nunique() if t.how == "nunique_list" else chosen.nunique())
        return Interval(lo, lo + float(und.sum()))
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    extra = numbers[und & ~sel]
    unknown = bool(numbers[und].isna().any())
    if t.how == "max":
        lo = float(numbers[sel].max()) if sel.any() and numbers[sel].notna().any() else 0.0
        return Interval(lo, np.inf if unknown else max(lo, float(extra.max()) if len(extra) else lo))
    lo = float(numbers[sel].sum())
    return Interval(lo, np.inf if unknown else lo + float(extra.sum()))


def _quantity(x: float, unit: str) -> str:
    if unit == "đồng":
        return fmt_money(x)
    return f"{fmt_number(x, figure_decimals(x))} {unit}".strip()


def interval_text(value: Interval, unit: str) -> str:
    """``729,2 ha``; ``497 ha trở lên (còn bản ghi chưa có số liệu)``; ``từ 5 đến 8 hộ``; ``chưa có số liệu``."""
    if not np.isfinite(value.lo):
        return "chưa có số liệu"
    if value.known:
        return _quantity(value.lo, unit)
    if not np.isfinite(value.hi):
        return f"{_quantity(value.lo, unit)} trở lên (còn bản ghi chưa có số liệu)"
    return f"từ {_quantity(value.lo, unit).removesuffix(' ' + unit)} đến {_quantity(value.hi, unit)}"


def _unit(expr: Expression, plan: Plan) -> str:
    name = expr.names[0] if expr.names else ""
    return AGGREGATES[name].unit if name in AGGREGATES else plan.indicator(name).unit if name else ""


def _as_interval(x: object) -> Interval:
    """A side's value as an interval (a side that is a number alone is known exactly)."""
    return x if isinstance(x, Interval) else Interval.exact(float(x))


def _group_names(tables: Tables, by: str | None) -> dict[str, str]:
    """How a group is named in a message: a cooperative by its name (an organisation), others as they are."""
    if by == "cooperative_id" and "name" in tables.get("cooperatives", {}):
        c = tables["cooperatives"]
        return dict(zip(c["cooperative_id"].astype(str), c["name"].astype(str), strict=False))
    return {}


def _per_group(t: _Term, by: str) -> dict[str, Interval]:
    """The term's value in each group of ``by``, by group codes in one pass (a province has thousands of
    cooperatives: no mask per group)."""
    codes, uniques = pd.factorize(t.frame[by].astype("string"))
    n, valid = len(uniques), codes >= 0
    sel, extra = valid & t.selected, valid & t.undecided & ~t.selected

    def total(rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(codes[rows], weights=None if weights is None else weights[rows], minlength=n)

    if t.how == "count":
        lo, hi = total(sel), total(sel) + total(extra)
    elif t.how in ("nunique", "nunique_list"):
        chosen = t.frame[t.column].set_axis(np.arange(len(codes)))[sel].dropna()
        if t.how == "nunique_list":
            chosen = chosen.str.split("; ").explode()
        lo = chosen.groupby(codes[chosen.index.to_numpy(dtype=int)]).nunique().reindex(range(n), fill_value=0)
        lo = lo.to_numpy(dtype=float)
        hi = lo + total(extra)
    else:
        numbers = pd.to_numeric(t.frame[t.column], errors="coerce").astype(float).to_numpy()
        known = ~np.isnan(numbers)
        unknown = total(valid & t.undecided & ~known) > 0
        if t.how == "max":

            def most(rows: np.ndarray) -> np.ndarray:
                found = pd.Series(numbers[rows]).groupby(codes[rows]).max()
                return found.reindex(range(n), fill_value=0.0).to_numpy(dtype=float)

            lo = most(sel & known)
            hi = np.maximum(lo, most(extra & known))
        else:
            lo = total(sel & known, numbers)
            hi = lo + total(extra & known, numbers)
        hi = np.where(unknown, np.inf, hi)
    return {str(k): Interval(float(x), float(y)) for k, x, y in zip(uniques, lo, hi, strict=True)}


def _aggregate_outcomes(rule: Rule, tables: Tables, period: Period, plan: Plan, cache: dict) -> list[dict]:
    for n in (*rule.left.names, *rule.right.names):  # a name several rules read is computed once
        if n not in cache:
            cache[n] = _term(n, tables, period, plan)
    terms = {n: cache[n] for n in (*rule.left.names, *rule.right.names)}
    groups: list[str | None] = [None]
    per_group: dict[str, dict[str, Interval]] = {}
    if rule.by is not None:
        per_group = {n: _per_group(t, rule.by) for n, t in terms.items() if not t.empty}
        keys = sorted(set().union(*per_group.values())) if per_group else []
        # no group at all because a list is empty: one outcome over everything, which cannot be decided
        groups = keys or ([None] if any(t.empty for t in terms.values()) else [])
    names = _group_names(tables, rule.by)
    out = []
    for g in groups:

        def value(name: str, g=g) -> Interval:
            t = terms[name]
            if g is None or t.empty:
                return _interval(t)
            return per_group[name].get(g, Interval(0.0, 0.0))  # no row of the group: a count or sum of nothing

        left, right = (_as_interval(side.evaluate(value)) for side in (rule.left, rule.right))
        held = compare(left, rule.operator, right)
        texts = {"left": interval_text(left, _unit(rule.left, plan)),
                 "right": interval_text(right, _unit(rule.right, plan)),
                 "group": names.get(g, g) if g is not None else "", "record": ""}  # fmt: skip
        out.append(_outcome(rule, held, texts, left.lo, right.lo))
    return out


def _show(x: object) -> str:
    if x is None or x is pd.NaT or (isinstance(x, float) and x != x):
        return "chưa có"
    if isinstance(x, pd.Timestamp):
        return fmt_date(x.date())
    if isinstance(x, (int, float, np.number)):
        return fmt_number(float(x), figure_decimals(float(x)))
    return str(x)


_COMPARE = {"<=": _op.le, "<": _op.lt, "==": _op.eq, "!=": _op.ne, ">=": _op.ge, ">": _op.gt}


def _record_names(tables: Tables, table: str, df: pd.DataFrame) -> pd.Series:
    """How an offending record is named: an organisation's name (linkages, cooperatives), never a person's;
    a household by its file and row."""

    def lookup(ids: pd.Series, source: str, key: str) -> pd.Series:
        ref = tables.get(source, pd.DataFrame())
        if key not in ref or "name" not in ref:
            return ids.astype(str)
        return (
            ids.astype(str)
            .map(dict(zip(ref[key].astype(str), ref["name"].astype(str), strict=False)))
            .fillna(ids.astype(str))
        )

    if table == "linkage_members":
        return (
            lookup(df["linkage_id"], "linkages", "linkage_id")
            + " - "
            + lookup(df["cooperative_id"], "cooperatives", "cooperative_id")
        )
    if table in ("linkages", "cooperatives") and "name" in df:
        return df["name"].astype(str)
    return df["source_file"].astype(str) + ", dòng " + df["source_row"].astype(str)


def _record_outcomes(rule: Rule, tables: Tables, period: Period) -> list[dict]:
    df = derived_table(tables, rule.table)
    scope = RECORD_SCOPES[rule.table](tables, period).to_numpy(dtype=bool, na_value=False)
    left, right = rule.left.evaluate(lambda n: df[n]), rule.right.evaluate(lambda n: df[n])
    left, right = (pd.Series(left, index=df.index), pd.Series(right, index=df.index))
    missing = (left.isna() | right.isna()).to_numpy(dtype=bool)
    held = _COMPARE[rule.operator](left.where(~missing), right.where(~missing)).fillna(False).to_numpy(dtype=bool)
    failed = scope & ~missing & ~held
    undecided = scope & missing
    out = []
    if failed.any():
        names = _record_names(tables, rule.table, df[failed])
        for i, name in zip(np.flatnonzero(failed), names, strict=True):
            texts = {"left": _show(left.iloc[i]), "right": _show(right.iloc[i]), "group": "", "record": name}
            out.append(_outcome(rule, False, texts, np.nan, np.nan))
    if undecided.any():
        count = f"{fmt_number(undecided.sum())} bản ghi"
        texts = {"left": "chưa có số liệu", "right": "", "group": "", "record": count}
        out.append(_outcome(rule, None, texts, np.nan, np.nan))
    if not out:
        texts = {"left": "", "right": "", "group": "", "record": f"{fmt_number(scope.sum())} bản ghi"}
        out.append(_outcome(rule, True, texts, np.nan, np.nan))
    return out


def _outcome(rule: Rule, held: bool | None, texts: dict[str, str], left: float, right: float) -> dict:
    status = HOLDS if held else UNDECIDED if held is None else FAILS
    if status == UNDECIDED:
        detail = (f"{texts['record']} chưa có giá trị để so sánh" if texts["record"]
                  else f"{texts['left']} so với {texts['right']}")  # fmt: skip
        message = f"Không đánh giá được: thiếu số liệu ({detail})"
    else:
        message = rule.message.format(**texts) if status == FAILS else ""
    return {
        "rule": rule.id, "name": rule.name, "importance": rule.importance, "group": texts["group"],
        "record": texts["record"] if status == FAILS else "", "status": status, "left": left, "right": right,
        "left_text": texts["left"], "right_text": texts["right"], "message": message,
        "note": rule.note.format(**texts) if status == FAILS and rule.note else "",
        "affects": "|".join(rule.affects),
    }  # fmt: skip


#: The columns of :func:`evaluate_rules`' table.
OUTCOME_COLUMNS = ["rule", "name", "importance", "group", "record", "status", "left", "right", "left_text",
                   "right_text", "message", "note", "affects"]  # fmt: skip


def evaluate_rules(rules: Collection[Rule], tables: Tables, period: Period, *, plan: Plan) -> pd.DataFrame:
    """Every rule that applies to ``period``'s kind, evaluated as of its cut-off.

    Returns
    -------
    DataFrame
        One row per outcome (:data:`OUTCOME_COLUMNS`): an aggregate rule gives one per group (one when it
        has no ``by``), a record rule one per offending record, plus one ``không đánh giá được`` row
        counting the records that lack a value, or one ``đạt`` row when none fails. ``status`` is ``đạt``,
        ``vi phạm`` or ``không đánh giá được``; ``message`` and ``note`` are filled for a violation
        (``message`` says why a rule was not evaluated); ``left``/``right`` are the sides' known values
        (aggregate rules), ``left_text``/``right_text`` as a report prints them.
    """
    tables = prepared(tables)
    rows: list[dict] = []
    cache: dict[str, _Term] = {}
    for rule in rules:
        if not rule.applies(period):
            continue
        if rule.table is None:
            rows += _aggregate_outcomes(rule, tables, period, plan, cache)
        else:
            rows += _record_outcomes(rule, tables, period)
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def figure_notes(outcomes: pd.DataFrame) -> dict[str, list[str]]:
    """Indicator id -> the notes of the violated rules that affect its figure (each note once, in order)."""
    out: dict[str, list[str]] = {}
    failed = outcomes[(outcomes["status"] == FAILS) & outcomes["note"].ne("")]
    for r in failed.itertuples():
        for ind in filter(None, r.affects.split("|")):
            if r.note not in out.setdefault(ind, []):
                out[ind].append(r.note)
    return out
