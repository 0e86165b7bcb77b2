"""Every figure traceable: an indicator's definition in Vietnamese and the rows it counts for a period.

:func:`explain` states, from the catalogue alone (``indicators.csv`` and the named rules of
:mod:`lkdata.plan.selections`, whose :attr:`~lkdata.plan.selections.Selection.says` words each rule once),
what an indicator counts, as of which date (a stock: in force on the cut-off; a flow: from the period's
first day to its cut-off), from which table and which of its fields, how an empty value is treated, and
how last year's figure is read; and it lists the rows counted, each with its record id, the file, sheet
and row it was read from and what it contributes, so that the contributions add up to the figure
:func:`lkdata.plan.indicators.indicators` prints (the same mask, the same aggregation).

Personal columns (names, phones, ID-card numbers: :func:`lkdata.clean.fields.personal_columns`) are left
out unless asked for; a shared document lists files and counts only (:func:`per_file`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..clean.fields import id_column, personal_columns, record_noun, titles
from ..vn.fmt import fmt_date, in_sentence
from ..vn.places import capitalised
from .catalogue import Indicator, Plan
from .derived import DERIVED, SOURCE_POSITION, derived_table
from .history import reference_day
from .indicators import note
from .periods import Period
from .selections import SELECTIONS, prepared

__all__ = ["PROVENANCE", "TABLE_NAMES", "Explanation", "explain", "file_name", "kept_then", "per_file", "stored_by"]

Tables = dict[str, pd.DataFrame]

#: The processed tables as an office names them (a derived table names the tables it joins).
TABLE_NAMES: dict[str, str] = {
    "producers": "danh sách hộ, cơ sở sản xuất nông nghiệp",
    "cooperatives": "danh sách hợp tác xã, tổ hợp tác",
    "crops": "bảng diện tích cây trồng theo hộ",
    "linkages": "danh sách chuỗi, dự án liên kết sản xuất và tiêu thụ",
    "activities": "danh sách các hoạt động thực hiện kế hoạch",
}

#: Where a processed row was read from (kept on every row by ``lkdata clean``).
PROVENANCE: tuple[str, ...] = ("source_file", "source_sheet", "source_row")

#: The number a caveat's phrase begins with (``{n} hộ chưa có ngày đăng ký...``).
_COUNT = re.compile(r"^\{n\} ")

#: A record's id, its table of origin and its provenance, then what it contributes.
_COLUMNS = ("record_id", "table", *PROVENANCE)


@dataclass(frozen=True)
class Explanation:
    """What one figure means and which rows make it.

    Attributes
    ----------
    indicator : Indicator
        The catalogue entry.
    period : Period
        The period the figure is for.
    parts : dict
        The definition in Vietnamese, by part: ``label`` (the indicator and its task), ``when`` (as of the
        cut-off, or from the period's start to it), ``counts`` (which records), ``how`` (the aggregation),
        ``unknown`` (the fields whose empty value leaves a record out), ``caveats`` (what is counted on an
        assumption), ``year_ago`` (how last year's figure is read); a part that says nothing is absent.
    sources : tuple of str
        The tables read, each with the fields read from it (Vietnamese titles).
    rows : DataFrame
        The rows counted: ``record_id, table, source_file, source_sheet, source_row``, ``item`` (the value
        counted once, for a figure of distinct values), ``value`` (what the row adds to the figure: 1 for a
        count, its value for a sum, empty for an empty value a sum leaves out), and the personal columns
        of the row's table when asked for.
    total : float
        The figure (:meth:`Indicator.value`): the sum of ``rows["value"]``.
    note : str
        What the figure lacks and what it counts on an assumption, for this period (``""`` for nothing).
    """

    indicator: Indicator
    period: Period
    parts: dict[str, str]
    sources: tuple[str, ...]
    rows: pd.DataFrame
    total: float
    note: str

    @property
    def definition(self) -> tuple[str, ...]:
        """The definition in Vietnamese, one sentence per item, in the order of :attr:`parts`."""
        return tuple(self.parts.values())


def explain(indicator: str, period: Period, tables: Tables, *, plan: Plan, names: Mapping[str, str] | None = None,
            personal: bool = False) -> Explanation:  # fmt: skip
    """An indicator of ``plan`` for ``period``: its definition and the rows it counts (see the module).

    Parameters
    ----------
    indicator : str
        The indicator id (``UsageError`` naming the closest ids for one the catalogue lacks).
    period : Period
        The period.
    tables : dict of DataFrame
        The processed tables.
    plan : Plan
        The plan.
    names : mapping, optional
        Catalogue code -> name, for the values a rule is given (``training`` -> ``tập huấn``).
    personal : bool
        Add the personal columns of each row's table (names, phones): for the office only.
    """
    ind = plan.indicator(indicator)
    tables = prepared(tables, {ind.table})
    counted = ind.mask(tables, period)
    total = ind.value(tables, period, counted=counted)
    missing = ind.unknown(tables, period, counted=counted)
    assumed = ind.caveats(tables, period, counted=counted)
    rows = _rows(ind, tables, counted, personal)
    return Explanation(
        ind,
        period,
        definition(ind, period, tables, plan=plan, names=names or {}),
        _sources(ind),
        rows,
        total,
        note({(ind.table, c): n for c, n in missing.items()}, assumed),
    )


# --- the definition ----------------------------------------------------------------------------------


def _title(table: str, column: str) -> str:
    if table in DERIVED:
        found = DERIVED[table].title(column)
        ids = [t for t in DERIVED[table].sources if column == id_column(t)]
        return f"mã {record_noun(ids[0])}" if found == column and ids else found
    found = titles(table).get(column)
    if found:
        return found
    owner = [t for t in TABLE_NAMES if column == id_column(t)]  # a record's id, or the id of one it names
    return f"mã {record_noun(owner[0])}" if owner else column


def _quoted(table: str, column: str) -> str:
    return f"“{in_sentence(_title(table, column))}”"


def _noun(table: str) -> str:
    return DERIVED[table].noun if table in DERIVED else record_noun(table)


def _values(ind: Indicator, names: Mapping[str, str]) -> str:
    spec = SELECTIONS[ind.selection]
    if not ind.args:
        return spec.says_all
    shown = [spec.value_format.format(names.get(str(v), v)) for v in ind.args]
    return " hoặc ".join(f"“{v}”" if spec.value_format == "{}" else v for v in shown)


def definition(ind: Indicator, period: Period, tables: Tables, *, plan: Plan,
               names: Mapping[str, str]) -> dict[str, str]:  # fmt: skip
    """The definition of ``ind`` for ``period`` in Vietnamese sentences, by part (see :attr:`Explanation.parts`)."""
    spec = SELECTIONS[ind.selection]
    cutoff, start = fmt_date(period.cutoff), fmt_date(period.start)
    noun = _noun(ind.table)
    column = _quoted(ind.table, ind.args[0]) if spec.args == "column" and ind.args else ""
    rule = spec.says.format(start=start, cutoff=cutoff, year=period.cutoff.year, values=_values(ind, names),
                            column=column)  # fmt: skip
    task = plan.tasks.get(ind.task, "")
    out = {"label": f"“{ind.label}” ({ind.unit}), chỉ tiêu của nhiệm vụ {ind.task}"
                    + (f": {in_sentence(task)}." if task else ".")}  # fmt: skip
    if ind.kind == "stock":
        out["when"] = f"Số liệu tại một thời điểm: những gì còn hiệu lực đến ngày {cutoff} (ngày chốt số liệu)."
    else:
        out["when"] = f"Số liệu phát sinh trong kỳ: từ ngày {start} đến ngày {cutoff} (ngày chốt số liệu)."
    where = f"; chỉ tính {noun} có {_quoted(ind.table, ind.where)} ghi là có" if ind.where else ""
    if spec.says_every and not ind.args:  # "tất cả các hoạt động ...", never "thuộc loại bất kỳ"
        every = spec.says_every.format(start=start, cutoff=cutoff, year=period.cutoff.year)
        out["counts"] = f"Được tính: {every}{where}."
    else:
        out["counts"] = f"Được tính: các {noun} {rule}{where}."
    out["how"] = _how(ind, noun)
    unknown = _unknown(ind, noun)
    if unknown:
        out["unknown"] = f"{capitalised(unknown)}; số trường hợp này (nếu có) nêu tại ghi chú kỳ này."
    rule_caveats = SELECTIONS[ind.selection].caveats
    caveats = [_COUNT.sub("", phrase) for phrase in (rule_caveats(tables) if rule_caveats else ())]
    if caveats:
        out["caveats"] = f"Riêng {'; '.join(caveats)}; số trường hợp này (nếu có) nêu tại ghi chú kỳ này."
    prev = period.previous()
    year_ago = f"Cùng kỳ năm {prev.year}: cùng quy tắc, tính đến ngày {fmt_date(prev.cutoff)}"
    if ind.undated:
        fields = ", ".join(_quoted(ind.table, c) for c in ind.undated)
        year_ago += f"; {fields} không ghi ngày nên {kept_then(prev)}"
    out["year_ago"] = year_ago + "."
    return out


def stored_by(prev: Period) -> str:
    """The day whose stored data give last year's undated values (:func:`~lkdata.plan.history.reference_day`:
    the day last year's report was due, its cut-off when that is later), as the appendix and the report's
    opening say it: ``đến hết ngày 10/5/2025 (hạn gửi báo cáo cùng kỳ năm 2025)``."""
    due = f" (hạn gửi báo cáo cùng kỳ năm {prev.year})" if prev.due and prev.due > prev.cutoff else ""
    return f"đến hết ngày {fmt_date(reference_day(prev))}{due}"


def kept_then(prev: Period) -> str:
    """How last year's undated values are read: from the data as stored at the end of :func:`stored_by`'s day."""
    return f"lấy theo số liệu đã lưu trữ {stored_by(prev)}; chưa lưu trữ số liệu đến ngày đó thì ghi “chưa có số liệu”"


def _unknown(ind: Indicator, noun: str) -> str:
    """What becomes of a record whose value that decides it is empty (:attr:`Indicator.depends`): unknown, not
    counted; a rule that decides otherwise for its answers says so itself (:attr:`Selection.unknown`)."""
    spec = SELECTIONS[ind.selection]
    own = set(spec.answers) if spec.unknown else set()
    fields = ", ".join(_quoted(ind.table, c) for c in ind.depends if c not in own)
    said = [f"{noun} chưa ghi {fields} được xem là chưa rõ nên không được tính"] if fields else []
    if own & set(ind.depends):
        said.append(spec.unknown)
    return "; ".join(said)


def _how(ind: Indicator, noun: str) -> str:
    if ind.aggregation == "count":
        counts = SELECTIONS[ind.selection].counts
        return f"Cách tính: đếm số {counts}." if counts else f"Cách tính: đếm số {noun} được tính."
    col = _quoted(ind.table, ind.column)
    if ind.aggregation == "sum":
        times = f" (một đối tượng tham gia nhiều lần được tính nhiều {ind.unit})" if ind.unit.startswith("lượt") else ""
        return f"Cách tính: cộng {col} của các {noun} được tính{times}."
    owner = [t for t in TABLE_NAMES if ind.column == id_column(t)]  # an id counts the records it names: HTX/THT
    item = record_noun(owner[0]) if owner else in_sentence(_title(ind.table, ind.column))
    rows = record_noun(next(iter(DERIVED[ind.table].sources))) if ind.table in DERIVED else noun
    return f"Cách tính: đếm số {item} khác nhau (một {item} ghi ở nhiều {rows} chỉ tính một lần)."


def _sources(ind: Indicator) -> tuple[str, ...]:
    """The tables read, each with the fields read from it."""
    spec = SELECTIONS[ind.selection]
    read = [*spec.reads, *spec.answers, *(ind.args[:1] if spec.args == "column" else ()), ind.where, ind.column]
    read = [c for c in dict.fromkeys(read) if c]
    if ind.table in DERIVED:
        by_table = {
            t: [c for c in read if c in cols or (c == id_column(t))] for t, cols in DERIVED[ind.table].sources.items()
        }
        if "area_ha" in read and "producers" in by_table:  # a household without plots: its farm area
            by_table["producers"].append("farm_area_ha")
        if ind.table == "linkage_members":
            by_table["linkages"].append("cooperative_names")  # resolved to the ids the rule reads
    else:
        by_table = {ind.table: [c for c in read if "." not in c]}
        for table, col in (c.split(".", 1) for c in read if "." in c):  # a column of another table: producers.x
            by_table.setdefault(table, []).append(col)
    out = []
    for table, cols in by_table.items():
        fields = ", ".join(dict.fromkeys(in_sentence(_title(table, c)) for c in cols))
        name = TABLE_NAMES.get(table, table)
        out.append(f"{name} (thông tin: {fields})" if fields else name)
    return tuple(out)


# --- the rows ----------------------------------------------------------------------------------------


def _origin(ind: Indicator, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each row of the indicator's table: the processed table it comes from, and its position there."""
    if ind.table in DERIVED:
        return DERIVED[ind.table].origins(df), df[SOURCE_POSITION].to_numpy(dtype=np.int64)
    return np.full(len(df), ind.table, dtype=object), np.arange(len(df), dtype=np.int64)


def _rows(ind: Indicator, tables: Tables, counted: np.ndarray, personal: bool) -> pd.DataFrame:
    df = derived_table(tables, ind.table)
    origin, position = _origin(ind, df)
    origin, position = origin[counted], position[counted]
    extra = sorted({c for t in set(origin) for c in personal_columns().get(t, {})}) if personal else []
    cells = {c: np.full(len(origin), pd.NA, dtype=object) for c in (*_COLUMNS, *extra)}
    cells["table"] = np.asarray(origin, dtype=object)
    for table in set(origin):  # each row's cells from the row it comes from, column by column
        at = origin == table
        source = tables[table]
        wanted = {"record_id": id_column(table), **{c: c for c in (*PROVENANCE, *extra)}}
        for target, col in wanted.items():
            if col in source.columns:
                cells[target][at] = source[col].iloc[position[at]].to_numpy(dtype=object)
    out = {c: pd.Series(v, dtype=object) for c, v in cells.items()}
    out["source_row"] = pd.to_numeric(out["source_row"], errors="coerce").astype("Int64")
    for col in ("record_id", "source_file", "source_sheet", "table"):
        out[col] = out[col].astype("string")
    if ind.column is not None:
        counts = "item" if ind.aggregation.startswith("nunique") else "value"
        out[counts] = pd.Series(df.loc[counted, ind.column].to_numpy())
    frame = pd.DataFrame(out).take(_order(out))
    frame.index = pd.RangeIndex(len(frame))
    frame["value"] = _contributions(ind, frame)
    return frame[[*_COLUMNS, *(["item"] if "item" in frame else []), "value", *extra]]


def _order(cells: dict[str, pd.Series]) -> np.ndarray:
    """The rows in the order of their file, sheet, row and record id, an empty value last in each, rows alike
    in their order: as a stable ``sort_values`` orders them, without its cost for each indicator."""
    codes = []
    for col in ("record_id", "source_row", "source_sheet", "source_file"):  # np.lexsort: the last key first
        code, _ = pd.factorize(cells[col], sort=True)
        codes.append(np.where(code < 0, len(code), code))  # an empty value (-1) after every value
    return np.lexsort(codes)


def _contributions(ind: Indicator, rows: pd.DataFrame) -> pd.Series:
    """What each row adds to the figure, in the rows' order (a distinct value counts on its first row)."""
    if ind.aggregation == "count":
        return pd.Series(1.0, index=rows.index)
    if ind.aggregation == "sum":
        return pd.to_numeric(rows["value"], errors="coerce").astype(float)
    items = rows["item"].astype("string")
    if ind.aggregation == "nunique":
        return (items.notna() & ~items.duplicated()).astype(float)
    seen: set[str] = set()  # nunique_list: the items of "a; b" lists not seen on an earlier row
    out = []
    for text in items:
        new = {x for x in str(text).split("; ") if x} - seen if text is not pd.NA else set()
        seen |= new
        out.append(float(len(new)))
    return pd.Series(out, index=rows.index)


def file_name(path: object) -> str:
    """A source file as the analyst sent it: its base name, without the folders it was kept in."""
    if path is None or path is pd.NA or (isinstance(path, float) and path != path):
        return "(không rõ tệp)"
    return re.split(r"[\\/]", str(path))[-1]


def per_file(rows: pd.DataFrame) -> pd.DataFrame:
    """``file, rows, value``: the rows counted and what they add, per source file (by its base name)."""
    files = rows["source_file"].map(file_name) if len(rows) else pd.Series(dtype="string")
    by_file = pd.Series(rows["value"].astype(float).to_numpy(), index=pd.Index(files, name="file")).groupby(
        level="file", sort=True
    )  # one column, no named aggregation: the same sums with less of pandas' overhead (51 indicators a report)
    return pd.DataFrame({"rows": by_file.size().astype(int), "value": by_file.sum()}).reset_index()
