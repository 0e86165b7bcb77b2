"""Attributes that carry no date, as of a past day: the history each clean keeps, and what it gives.

A cooperative's members, its managers trained and its access to credit, whether a household sells
online, a plot's growing-area code: the registries say what they are now, not since when, so last
year's figure cannot be computed from this year's records. Each ``lkdata clean`` keeps what changed
in them (:mod:`lkdata.io.history` writes it, office-only, under ``data/processed/noi_bo/lich_su/``):
for each such column of a dataset, a log of ``(record id, valid_from, value)`` rows, ``valid_from``
being the day of the clean that found the record so. The log is compact: a record has a new row only
when its value changed since the row in force before.

The value of such an attribute *as of* a day is that of the record's last row on or before the day
(the snapshot then in force). Before the record's first row, no snapshot reaches back that far and
the value is unknown: a figure that depends on it for a past period is not computed ("chưa có số
liệu"), never filled with today's value. A row that dates its own value (a growing-area code with the
day it was granted) needs no history: its date decides.

The columns tracked are declared once, on their schema fields (``tracked=True``, ``dated_by=...``:
:func:`lkdata.clean.fields.tracked_columns`). Everything here is pure: logs and tables in, logs and
tables out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..clean.fields import id_column, tracked_columns
from ..clean.schemas import MODELS
from .periods import Period

__all__ = [
    "VALID_FROM",
    "History",
    "Unreached",
    "as_of",
    "changes",
    "in_force",
    "reference_day",
    "tracked",
    "updated",
    "values_as_of",
]

#: The column of a log that says from which day a row's value holds (the day of the clean that found it).
VALID_FROM = "valid_from"

#: ``(dataset, column)`` -> the log of that column: ``<id column>, valid_from, <column>``, rows in
#: ``valid_from`` order.
History = Mapping[tuple[str, str], pd.DataFrame]

#: ``(dataset, column)`` -> for each row of the dataset's table, whether no snapshot gives its value.
Unreached = dict[tuple[str, str], np.ndarray]

Tables = dict[str, pd.DataFrame]


def tracked() -> dict[tuple[str, str], str | None]:
    """Every tracked ``(dataset, column)``, with the date column that dates it where a row gives one."""
    return {(d, c): by for d in MODELS for c, by in tracked_columns(d).items()}


def reference_day(period: Period) -> dt.date:
    """The day whose snapshot gives a period's undated values: its due date (the data its report was made
    from, the office cleaning between the cut-off and the due date), or its cut-off when that is later or
    the period has no due date (an ad-hoc range)."""
    return max(period.cutoff, period.due) if period.due else period.cutoff


def _day(day: dt.date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def _positions(keys: pd.Series, ids: pd.Series) -> np.ndarray:
    """For each of ``ids``, its position in ``keys`` (unique), -1 where it is not there.

    lkdata's record ids (a letter and 12 hex digits) are matched as the integers they spell (hashing
    a million strings would cost more than the rest of the indicator table); any other ids as text.
    """
    a, b = _as_integers(keys), _as_integers(ids)
    if a is not None and b is not None:
        try:
            return pd.Index(a).get_indexer(b).astype(np.int64)
        except pd.errors.InvalidIndexError:  # ids repeated in a hand-made table: matched as text below
            pass
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(values: pd.Series):
        arr = pa.array(values.astype("string"), from_pandas=True)
        return (arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr).cast(pa.large_string())

    found = pc.index_in(text(ids), value_set=text(keys))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


_LOWER_HEX = np.zeros(256, dtype=bool)
_LOWER_HEX[list(b"0123456789abcdef")] = True
_CAPITAL = np.zeros(256, dtype=bool)
_CAPITAL[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = True


def _as_integers(ids: pd.Series) -> np.ndarray | None:
    """Record ids of lkdata's form (``P`` and 12 hex digits: :func:`lkdata.clean.dataset.add_ids`) as one
    integer each (the letter's code above the 48 bits of the digits); ``None`` for ids of any other form."""
    import pyarrow as pa

    if not len(ids) or ids.isna().any():
        return None
    text = pa.array(ids, from_pandas=True)
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    if text.type not in (pa.string(), pa.large_string()):
        return None
    text = text.cast(pa.large_string())
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    if not (np.diff(offsets) == 13).all():
        return None
    chars = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(-1, 13)
    if not (_LOWER_HEX[chars[:, 1:]].all() and _CAPITAL[chars[:, 0]].all()):
        return None
    digits = bytes.fromhex(chars[:, 1:].tobytes().decode("ascii"))
    wide = np.zeros((len(chars), 8), dtype=np.uint8)
    wide[:, 2:] = np.frombuffer(digits, dtype=np.uint8).reshape(-1, 6)
    return wide.view(">u8").ravel().astype(np.uint64) | (chars[:, 0].astype(np.uint64) << np.uint64(56))


def in_force(log: pd.DataFrame, table: pd.DataFrame, dataset: str, day: dt.date | pd.Timestamp) -> np.ndarray:
    """For each record of ``table``, the row of a column's log in force at the end of ``day``: its last row
    on or before the day; -1 where it has none (no snapshot reaches back that far for it).

    Parameters
    ----------
    log : DataFrame
        ``<id column>, valid_from, <column>``, in ``valid_from`` order.
    table : DataFrame
        The dataset's records (its id column, unique).
    dataset : str
        The dataset whose records the log keys (its id column).
    day : date
        The day.
    """
    key = id_column(dataset)
    latest = np.full(len(table), -1, dtype=np.int64)
    stamps = log[VALID_FROM].to_numpy(dtype="datetime64[ns]")
    k = int(np.searchsorted(stamps, _day(day).to_datetime64(), side="right"))  # the log's rows on or before the day
    if k == 0 or key not in table.columns:
        return latest
    where = _positions(table[key], log[key].iloc[:k])  # each of those rows' record in the table
    hit = where >= 0
    np.maximum.at(latest, where[hit], np.flatnonzero(hit))  # rows are in time order: the last one wins
    return latest


def values_as_of(log: pd.DataFrame | None, table: pd.DataFrame, dataset: str, column: str,
                 day: dt.date | pd.Timestamp, *, own_dates: bool = True) -> tuple[pd.Series, np.ndarray]:  # fmt: skip
    """A tracked column of ``table`` as it was at the end of ``day``, and which rows no snapshot reaches.

    ``own_dates=False`` reads the log alone, also for the rows that date their own value.

    Returns
    -------
    values : Series
        On ``table``'s index, of the column's type: each record's value in the snapshot in force on
        ``day`` (:func:`in_force`); empty (unknown) where no row of the log is on or before ``day``. Rows
        that date their own value (``dated_by``) keep today's: their date decides.
    unreached : ndarray of bool
        The rows whose value no snapshot gives (and no date of their own).
    """
    current = table[column]
    dated_by = tracked_columns(dataset)[column]
    own = np.zeros(len(table), dtype=bool)
    if own_dates and dated_by in table.columns:
        own = table[dated_by].notna().to_numpy()
    if log is None or log.empty:
        pos = np.full(len(table), -1, dtype=np.int64)
    else:
        pos = in_force(log, table, dataset, day)
    source = log[column].astype(current.dtype).array if (pos >= 0).any() else current.array
    values = pd.Series(source.take(pos, allow_fill=True), index=table.index, name=column)
    if own.any():
        values = values.where(~own, current)
    return values, (pos < 0) & ~own


def as_of(tables: Tables, history: History | None, day: dt.date | pd.Timestamp) -> tuple[Tables, Unreached]:
    """The tables with every tracked column as it was at the end of ``day`` (see :func:`values_as_of`).

    Returns a shallow copy of ``tables`` (the input is not changed; a table without tracked columns is
    the same object) and, per tracked ``(dataset, column)``, the rows no snapshot reaches. ``history``
    ``None`` or empty: no snapshot at all, every undated value unknown (but those their row dates).
    """
    out = dict(tables)
    unreached: Unreached = {}
    for dataset, column in tracked():
        table = tables.get(dataset)
        if table is None or column not in table.columns:
            continue
        log = (history or {}).get((dataset, column))
        values, unreached[(dataset, column)] = values_as_of(log, table, dataset, column, day)
        out[dataset] = out[dataset].assign(**{column: values})  # a new frame sharing the other columns
    return out, unreached


def changes(log: pd.DataFrame | None, table: pd.DataFrame, dataset: str, column: str,
            day: dt.date | pd.Timestamp) -> pd.DataFrame:  # fmt: skip
    """The rows a clean of ``day`` adds to a column's log: the records of ``table`` whose value differs
    from the one in force on ``day`` (two empty values are the same), or that the log does not know.

    Returns ``<id column>, valid_from, <column>`` (``valid_from`` = ``day``), in ``table``'s order.
    """
    key = id_column(dataset)
    now = table[column]
    if log is None or log.empty:
        changed = np.ones(len(table), dtype=bool)
    else:
        before, unknown = values_as_of(log, table, dataset, column, day, own_dates=False)
        same = (before == now).fillna(False).to_numpy(dtype=bool) | (before.isna() & now.isna()).to_numpy()
        changed = unknown | ~same
    rows = table.loc[changed, [key, column]].reset_index(drop=True)
    rows.insert(1, VALID_FROM, pd.Series(_day(day), index=rows.index, dtype="datetime64[ns]"))
    return rows


def updated(log: pd.DataFrame | None, rows: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """A column's log with a clean's :func:`changes` added: in ``valid_from`` order, the rows of a later
    clean of the same day replacing that day's rows of the records it changes."""
    if log is None or log.empty:
        return rows.reset_index(drop=True)
    if rows.empty:
        return log
    both = pd.concat([log, rows.astype(log.dtypes.to_dict())], ignore_index=True)
    both = both.drop_duplicates([id_column(dataset), VALID_FROM], keep="last")
    return both.sort_values(VALID_FROM, kind="stable", ignore_index=True)
