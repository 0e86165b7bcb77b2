"""What a cleaned dataset's schema says of its rows, in Vietnamese; and the limits every stored value keeps.

:func:`schema_reasons` runs a dataset's pandera schema lazily and words each failed check per row and
field, quoting the cell as it was typed, so the cleaner can quarantine a row (a required field, a rule
over several fields) or leave an optional value empty with its reason noted. :func:`stored_problems`
checks a typed table, as written or as read back from ``data/processed``, for what no clean stores: a
number that is not finite or lies beyond its field's hard limits, a date outside 1900-2100, a value
of the wrong type (a table edited by hand, or by another program).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..vn.columns import show
from ..vn.dates import FIRST_YEAR, LAST_YEAR
from ..vn.fmt import in_sentence
from ..vn.numbers import written
from .fields import fields

__all__ = ["ROWS", "schema_reasons", "stored_problems"]

#: The column of :func:`schema_reasons` holding the reasons of rules over several fields.
ROWS = "_rows"

_SCHEMA_MESSAGES = {
    "not_nullable": "Thiếu {lower}",
    "greater_than_or_equal_to": "{label} phải từ {arg} trở lên: {value}",
    "less_than_or_equal_to": "{label} không được quá {arg}: {value}",
    "greater_than": "{label} phải lớn hơn {arg}: {value}",
    "less_than": "{label} phải nhỏ hơn {arg}: {value}",
    "in_range": "{label} phải trong khoảng {arg}: {value}",
    "isin": "{label} không có trong danh mục: {value}",
}
_CHECK_ARG = re.compile(r"\((.*)\)$")
#: Kinds whose ``isin`` check is a catalogue (the others list their few values: OCOP stars).
_CATALOGUE_KINDS = {"khu_pho", "crop", "cert", "activity_kind", "task", "coop_kind"}


def _said(arg: str, year: bool = False) -> str:
    """A check's argument as Vietnamese writes it (``5000`` -> ``5.000``, a year as is; ``0, 5`` -> ``0 đến 5``)."""
    parts = [p.strip() for p in arg.split(",")]
    try:
        return " đến ".join(str(int(float(p))) if year else written(float(p)) for p in parts)
    except ValueError:
        return arg.replace(", ", " đến ")


def _choices(values: tuple) -> str:
    said = [show(v) for v in values]
    return ", ".join(said[:-1]) + f" hoặc {said[-1]}" if len(said) > 1 else "".join(said)


def schema_reasons(
    dataset: str, schema: pa.DataFrameSchema, df: pd.DataFrame, raw: pd.DataFrame, skip: pd.DataFrame
) -> pd.DataFrame:
    """Run the schema lazily; per row, the Vietnamese reasons of every failed check.

    Parameters
    ----------
    df : DataFrame
        The typed rows.
    raw : DataFrame
        The same rows' cells as typed (by input field), quoted in the reasons.
    skip : DataFrame
        Per input field, the rows whose value the parser already explained (no second reason).

    Returns
    -------
    DataFrame
        On ``df``'s index, one column per input field with a failed check, and :data:`ROWS` for the
        rules over several fields; ``None`` where nothing failed.
    """
    out = pd.DataFrame(index=df.index)
    try:
        schema.validate(df, lazy=True)
        return out
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    specs = {f.column: f for f in fields(dataset)}
    found: dict[tuple[object, str], list[str]] = {}
    for case in cases.itertuples(index=False):
        idx = case.index
        if idx is None or (isinstance(idx, float) and np.isnan(idx)) or idx not in df.index:
            continue
        frame_check = str(case.schema_context) == "DataFrameSchema"
        column = case.column if not frame_check and isinstance(case.column, str) and case.column in df.columns else None
        spec = specs.get(column) if column else None
        fld = spec.name if spec else (column or ROWS)
        if fld in skip.columns and skip.at[idx, fld]:
            continue  # already explained by the parser
        check = str(case.check)
        if frame_check:
            msg = check  # a dataframe check: its name is the message
        else:
            label = spec.label if spec else column
            cell = raw.at[idx, fld] if fld in raw.columns else None
            value = show(cell) if cell is not None and not (isinstance(cell, float) and np.isnan(cell)) else None
            value = value if value else show(case.failure_case)
            template = next((t for k, t in _SCHEMA_MESSAGES.items() if check.startswith(k + "(") or check == k), None)
            if check.startswith("isin(") and spec and spec.choices and spec.kind not in _CATALOGUE_KINDS:
                template = f"{{label}} phải là {_choices(spec.choices)}: {{value}}"
            year = spec is not None and spec.unit == "năm"
            arg = _said(m.group(1), year) if (m := _CHECK_ARG.search(check)) else ""
            msg = (template or "{label} không hợp lệ: {value}").format(
                label=label, lower=in_sentence(label), value=value, arg=arg
            )
        msgs = found.setdefault((idx, fld), [])
        if msg not in msgs:
            msgs.append(msg)
    for (idx, fld), msgs in found.items():
        if fld not in out.columns:
            out[fld] = pd.Series(None, index=out.index, dtype=object)
        out.at[idx, fld] = "; ".join(msgs)
    return out


def _where(df: pd.DataFrame, at: np.ndarray) -> list[str]:
    """How a message names the rows ``at``: their source file, sheet and row where the table has them."""
    if not {"source_file", "source_row"} <= set(df.columns):
        return [f"bản ghi thứ {i + 1}" for i in np.flatnonzero(at)]
    rows = df.loc[at, ["source_file", "source_row"]].astype(str)
    sheets = df.loc[at, "source_sheet"] if "source_sheet" in df.columns else pd.Series(None, index=rows.index)
    return [
        f"{f}" + (f" trang “{s}”" if isinstance(s, str) and s else "") + f" dòng {r}"
        for f, s, r in zip(rows["source_file"], sheets, rows["source_row"], strict=True)
    ]


def _beyond(values: np.ndarray, bounds, low_open: bool) -> np.ndarray:
    low, high = bounds or (None, None)
    out = np.zeros(len(values), dtype=bool)
    with np.errstate(invalid="ignore"):
        if low is not None:
            out |= values <= low if low_open else values < low
        if high is not None:
            out |= values > high
    return out


def stored_problems(dataset: str, df: pd.DataFrame, limit: int = 5) -> list[str]:
    """What a typed table holds that no clean stores, in Vietnamese: per column, up to ``limit`` rows.

    A number that is not finite (``inf``, ``NaN`` is a missing value and fine) or beyond its field's
    hard limits (the schema's ``ge``/``gt``/``le``, OCOP stars other than 3-5), a date before 1900 or
    after 2100, a column of numbers or dates holding something else. An empty list when all is well.
    """
    problems: list[str] = []
    for spec in fields(dataset):
        if spec.column not in df.columns or spec.kind not in ("area", "number", "int", "money", "date"):
            continue
        col = df[spec.column]
        name = f"{spec.label} ({spec.column})"
        if spec.kind == "date":
            if not pd.api.types.is_datetime64_any_dtype(col.dtype):
                if col.notna().any():
                    problems.append(f"cột {name} không phải ngày (kiểu {col.dtype})")
                continue
            years = col.dt.year.to_numpy(dtype=float, na_value=np.nan)
            bad = (years < FIRST_YEAR) | (years > LAST_YEAR)
            shown = [f"{v:%d/%m/%Y}" for v in col[bad].head(limit)]
        else:
            if not (pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)):
                if col.notna().any():
                    problems.append(f"cột {name} không phải số (kiểu {col.dtype})")
                continue
            values = col.to_numpy(dtype=float, na_value=np.nan)
            bad = np.isinf(values) | _beyond(values, spec.bounds, spec.low_open)
            if spec.choices and spec.kind != "date":
                bad |= ~np.isnan(values) & ~np.isin(values, np.asarray(spec.choices, dtype=float))
            shown = [show(float(v)) for v in values[bad][:limit]]
        if bad.any():
            places = _where(df, bad)[:limit]
            more = f" và {int(bad.sum()) - limit} dòng khác" if bad.sum() > limit else ""
            listed = "; ".join(f"{p}: {v}" for p, v in zip(places, shown, strict=True))
            problems.append(f"cột {name}: {listed}{more}")
    return problems
