"""Generic helpers for text columns: Arrow-backed strings, factorised maps, how a cell is quoted.

They know nothing of Vietnamese or of lkdata's datasets; the Vietnamese text rules and the parsers
build on them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["STR", "arrow", "cell_bytes", "factorize", "fmap", "keep_ascii", "show", "strings", "take_strings"]

#: Arrow-backed strings: their regex and text kernels run in C++, not per cell in Python.
STR = pd.StringDtype("pyarrow")


def show(value: object) -> str:
    """How a raw cell is quoted in a message: dates day-first, whole numbers without ``.0`` (a huge one in
    exponent form, ``1e+308``, not its 309 digits)."""
    if isinstance(value, dt.date):  # also datetime and Timestamp
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value).strip()


def factorize(values: pd.Series) -> tuple[np.ndarray, list]:
    """Codes (``-1`` for missing cells) and the distinct non-missing values, as Python objects.

    Arrow-backed text is factorised by Arrow, without first turning every cell into a Python string.
    """
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        if values.isna().all():
            return np.full(len(values), -1, dtype=np.intp), []
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return codes, list(uniques)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    return codes, list(uniques)


def fmap(values: pd.Series, fn) -> pd.Series:
    """Apply a pure function ``fn`` to each non-missing cell; missing cells stay ``None``.

    ``fn`` runs once per distinct value (values are factorised first), so repeated values cost
    nothing; safe for every dtype, including an all-missing Arrow-backed string column.
    """
    codes, uniques = factorize(values)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[: len(uniques)] = [fn(u) for u in uniques]
    table[-1] = None  # code -1: missing
    return pd.Series(table[codes], index=values.index, dtype=object)


def arrow(values: pd.Series):
    """The Arrow string array behind a text Series, in one chunk (a column read back from parquet or
    concatenated from several files has several, which list kernels and joins do not take)."""
    import pyarrow as pa

    arr = pa.array(values.astype("string").array)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def cell_bytes(arr) -> bytes:
    """The UTF-8 bytes of an Arrow string array's cells, one after another (missing cells hold none)."""
    import pyarrow as pa

    data = arr.buffers()[2] if len(arr) else None
    if data is None:
        return b""
    wide = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if wide else np.int32)
    start, end = int(offsets[arr.offset]), int(offsets[arr.offset + len(arr)])
    return memoryview(data)[start:end].tobytes()


def keep_ascii(arr, allowed: str):
    """Each cell of an Arrow string array with only the characters of ``allowed`` (ASCII) left, in order
    (``keep_ascii(cells, "0123456789")``: the digits of each cell), missing cells missing: one pass over
    the column's bytes. An ASCII character is one byte in UTF-8, and no byte of another character is one."""
    import pyarrow as pa

    n = len(arr)
    wide = pa.types.is_large_string(arr.type)
    if not n or arr.buffers()[2] is None:
        return arr
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if wide else np.int32)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    wanted = np.zeros(256, dtype=bool)
    wanted[list(allowed.encode("ascii"))] = True
    keep = wanted[data]
    kind = np.int64 if wide else np.int32  # the offsets' own width: a narrow column holds < 2**31 bytes
    kept = np.zeros(len(data) + 1, dtype=kind)
    np.cumsum(keep.astype(kind), out=kept[1:])  # a bool array summed into int32 directly is ten times slower
    new_offsets = kept[offsets - offsets[0]]
    validity = arr.is_valid().buffers()[1] if arr.null_count else None
    buffers = [validity, pa.py_buffer(new_offsets.tobytes()), pa.py_buffer(data[keep].tobytes())]
    return pa.Array.from_buffers(arr.type, n, buffers, null_count=arr.null_count)


def strings(arr, index: pd.Index) -> pd.Series:
    """A ``string`` Series over an Arrow string array, without copying it."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index)


def take_strings(table: list, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``table[code]`` per row as ``string`` (code ``-1``: missing)."""
    import pyarrow as pa

    values = pa.array([*table, None], type=pa.large_string())
    return strings(values.take(pa.array(np.where(codes < 0, len(table), codes))), index)
