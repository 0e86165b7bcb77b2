"""Totals rows: recognised by their shape, never by a word alone.

A sheet ends (or a khu phố's block ends) with ``Tổng cộng``, ``Cộng:``, ``Cộng KP1``: a label in one of
the first columns (the ``STT`` or the name column), sums or nothing in the number columns, and nothing
that identifies a record. Households are also named ``Tống Công``, ``Tông Cống`` or ``Cộng``: their names
fold to the same words, so the label is read with its marks (``Tống Công`` is no ``Tổng cộng``; a label
typed without marks, ``Tong cong``, may be either), and a labelled row is a totals row only when nothing
in it names a record (no name, phone, date, crop ... beside the label), or when its only other cell is a
row number and its numbers are the sums of the rows above it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from ..clean.fields import fields
from ..vn.columns import arrow
from ..vn.numbers import number_parts, readings
from ..vn.text import fold

__all__ = ["EXACT", "PLAIN", "label_cells", "totals_rows"]

#: How a cell says a totals label: with its marks (``Tổng cộng``), or without any (``Tong cong``).
PLAIN, EXACT = 1, 2
_WORDS = ("tổng cộng chung", "tổng cộng", "tổng số", "cộng chung", "tổng", "cộng")
#: After the label, the part of the ward it sums (a subtotal): ``Cộng KP1``, ``Tổng cộng khu phố 3``.
_PART = r"(?:\s*(?:kp|khu pho|khu phố|ấp|ap|tổ|to|phường|phuong|toàn phường|toan phuong)\s*\d*)?"
_EXACT_RE = re.compile(rf"^(?:{'|'.join(_WORDS)}){_PART}$")
_PLAIN_RE = re.compile(rf"^(?:{'|'.join(fold(w) for w in _WORDS)}){_PART}$")
#: Field kinds whose value identifies a record: a totals row has none of them.
_IDENTIFYING = {"person", "text", "org_list", "phone", "id_card", "date", "crop", "cert", "coop_kind",
                "activity_kind", "task", "code", "bool"}  # fmt: skip
_NUMBERS = {"area", "int", "number", "money"}


@lru_cache(maxsize=10_000)
def _strength(text: str) -> int:
    """:data:`EXACT`, :data:`PLAIN` or 0 for a cell's text."""
    t = unicodedata.normalize("NFC", text).lower()
    t = " ".join(re.sub(r"[^\w\s]", " ", t).split())
    if _EXACT_RE.match(t):
        return EXACT
    return PLAIN if t.isascii() and _PLAIN_RE.match(t) else 0


def label_cells(col: pd.Series) -> np.ndarray:
    """Per cell, whether it is a totals label (:data:`EXACT`, :data:`PLAIN`) or not (0). Only short cells
    that start with T or C are read, so the cost stays small on long sheets."""
    out = np.zeros(len(col), dtype=np.int8)
    if isinstance(col.dtype, pd.StringDtype):  # CSV: Arrow kernels pick the candidates
        import pyarrow.compute as pc

        text = pc.utf8_trim_whitespace(arrow(col))
        mask = pc.and_(pc.less(pc.utf8_length(text), 30), pc.match_substring_regex(text, "^[TtCc]"))
        mask = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
        if mask.any():  # names starting with T or C are many: each distinct one read once
            candidates = pc.filter(text, mask)
            codes = pc.dictionary_encode(candidates)
            table = np.array([_strength(c) for c in codes.dictionary.to_pylist()], dtype=np.int8)
            out[mask] = table[codes.indices.to_numpy(zero_copy_only=False)]
        return out
    obj = col.to_numpy(dtype=object)
    mask = np.fromiter(
        (type(v) is str and len(v) < 30 and v.lstrip()[:1] in ("T", "t", "C", "c") for v in obj),
        dtype=bool, count=len(obj),
    )  # fmt: skip
    if mask.any():
        out[mask] = [_strength(v.strip()) for v in obj[mask]]
    return out


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or not str(value).strip()


def _identifies(value: object, kind: str) -> bool:
    """Whether a cell of a field of ``kind`` names a record (a totals row may hold ``12 hộ`` in the name column)."""
    if _blank(value):
        return False
    text = str(value)
    if kind in ("person", "text", "org_list"):
        return sum(c.isalpha() for c in text) >= 2 and not any(c.isdigit() for c in text)
    if kind in ("phone", "id_card"):
        return sum(c.isdigit() for c in text) >= 6
    return True


def _number(value: object) -> float | None:
    """A cell's number: a number cell, or text that reads one way only (``3,7``, ``1.234,5``; a CSV's cells)."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, str):
        negative, num, unit = number_parts(value)
        vi, en = readings(num) if num and not unit else (None, None)
        if vi is None or en is None or vi == en:
            read = en if vi is None else vi
            return None if read is None else -read if negative else read
    return None


def _sums_above(frame: pd.DataFrame, row: int, blocks: list[np.ndarray], columns: list) -> bool:
    """Whether the row's numbers are the sums of those of one of ``blocks`` (rows above it): the rows since
    the last totals row (a subtotal), or every record above (a grand total after subtotals)."""
    for rows in blocks:
        matched, ok = 0, True
        for c in columns:
            value = _number(frame.iat[row, frame.columns.get_loc(c)])
            if value is None:
                continue
            above = [v for v in (_number(x) for x in frame[c].iloc[rows]) if v is not None]
            ok = bool(above) and bool(np.isclose(sum(above), value, rtol=1e-9, atol=1e-9))
            if not ok:
                break
            matched += 1
        if ok and matched:
            return True
    return False


def totals_rows(
    frame: pd.DataFrame, labels: dict, columns: dict, numbering: list, dataset: str, first_data: int
) -> np.ndarray:
    """Per row of a sheet, whether it is a totals row.

    Parameters
    ----------
    frame : DataFrame
        The sheet's cells.
    labels : dict
        Frame column -> :func:`label_cells` of that column (the first columns of the sheet).
    columns : dict
        Frame column -> the input field it holds.
    numbering : list
        The frame columns that number the rows (``STT``).
    dataset : str
        The dataset, whose fields' kinds say which cells identify a record.
    first_data : int
        The first data row (sums are taken from there, or from the previous totals row).
    """
    kinds = {f.name: f.kind for f in fields(dataset)}
    out = np.zeros(len(frame), dtype=bool)
    labelled = np.logical_or.reduce([v > 0 for v in labels.values()]) if labels else out
    start = first_data
    records = np.zeros(len(frame), dtype=bool)
    records[first_data:] = True
    for row in np.flatnonzero(labelled):
        if row < first_data:
            continue
        own = {c for c, v in labels.items() if v[row] > 0}
        at = {c: frame.iat[row, frame.columns.get_loc(c)] for c in frame.columns if c not in own}
        named = any(_identifies(at[c], kinds[f]) for c, f in columns.items() if c in at and kinds[f] in _IDENTIFYING)
        numbered = any(not _blank(at[c]) for c in numbering if c in at)
        if named:
            continue  # a household called Cộng, with its phone: a record
        numbers = [c for c, f in columns.items() if kinds[f] in _NUMBERS and c in at]
        blocks = [np.arange(start, row), np.flatnonzero(records[:row] & ~out[:row])]
        if not numbered or _sums_above(frame, row, blocks, numbers):
            out[row] = True
            start = row + 1
    return out
