"""The shortcuts that keep a province-size clean fast give what the long way gives, on every input.

Each shortcut skips work when a cheap test shows that the work would change nothing (no cell of a
column holds an invisible character, no cell is too long ...), or does the same work on fewer values.
Each test here compares the shortcut with the long way on a class of inputs that includes the cases
the cheap test must not miss.
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.clean.dataset import _CONTROL, _INVISIBLE, _visible
from lkdata.vn.columns import STR, arrow, cell_bytes

#: Letters and punctuation people type (``–``, ``“”`` and ``…`` share their first UTF-8 byte with the
#: invisible characters), the invisible and control characters, and a terminal escape sequence.
_PIECES = [
    "Nguyễn", "Văn", "Bình", "a", " ", "1.200", "–", "“", "”", "…", "\u00ad", "\t",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u061c", "\u202a", "\u202e",
    "\u2066", "\u2069", "\x00", "\x07", "\x1b", "\x1b[31m", "\x7f", "\x1f", "\x0b",
]  # fmt: skip
_CELLS = st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))


def _visible_the_long_way(text: pd.Series) -> pd.Series:
    def one(cell):
        if cell is None or cell is pd.NA:
            return pd.NA
        if not re.search(_INVISIBLE, cell) and not re.search(_CONTROL, cell):
            return cell
        fixed = re.sub(_CONTROL, " ", re.sub(_INVISIBLE, "", cell)).strip()
        return fixed or pd.NA

    return pd.Series([one(c) for c in text], index=text.index, dtype=STR)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, max_size=12), st.integers(0, 3))
def test_invisible_and_control_characters_are_removed_as_the_regular_expressions_say(cells, cut):
    text = pd.Series(cells, dtype=STR).iloc[cut:]  # a slice: its Arrow array starts inside the buffer
    assert _visible(text).equals(_visible_the_long_way(text))


@given(st.lists(st.one_of(st.none(), st.text(max_size=5)), max_size=10), st.integers(0, 4), st.booleans())
def test_cell_bytes_are_the_cells_utf8_one_after_another(cells, cut, large):
    arr = pa.array(cells, type=pa.large_string() if large else pa.string())[cut:]
    assert cell_bytes(arr) == b"".join(c.encode() for c in cells[cut:] if c is not None)
    assert cell_bytes(arrow(pd.Series(cells, dtype=STR).iloc[cut:])) == cell_bytes(arr)


_PHONE_PIECES = ["0", "9", "1", "+", "84", " ", ".", "-", "(", ")", "０", "٣", "é", "ư", "\u200b", "x", "/", "và"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(_PHONE_PIECES), max_size=8).map("".join)), max_size=10),
       st.integers(0, 3), st.booleans())  # fmt: skip
def test_keeping_ascii_digits_is_arrows_regular_expression(cells, cut, large):
    import pyarrow.compute as pc

    from lkdata.vn.columns import keep_ascii

    arr = pa.array(cells, type=pa.large_string() if large else pa.string())[cut:]
    kept = keep_ascii(arr, "0123456789+")
    kept.validate(full=True)
    assert kept.equals(pc.replace_substring_regex(arr, r"[^\d+]", ""))


def _fields():
    from lkdata.clean.fields import fields
    from lkdata.config import DATASETS

    return [(dataset, spec) for dataset in DATASETS for spec in fields(dataset)]


@pytest.mark.parametrize(("dataset", "spec"), _fields(), ids=lambda v: getattr(v, "name", v))
def test_a_field_no_file_gives_is_parsed_once_for_every_row(dataset, spec):
    from lkdata.clean.dataset import _parse_column, _parse_field
    from lkdata.io.reference import load_reference

    ref = load_reference()
    frame = pd.DataFrame({
        "other": ["x", None, "3", "Khu phố 2", None],
        "source_file": [f"{dataset}/a.xlsx"] * 3 + [f"{dataset}/b.csv"] * 2,
        "source_sheet": ["KP1", "KP1", "KP2", "", ""],
        "source_row": [2, 3, 2, 2, 3],
    })  # fmt: skip
    for rows in (frame, frame.iloc[:1], frame.iloc[:0]):
        rows = rows.reset_index(drop=True)
        once = _parse_column(spec, rows, ref, None)
        blank = pd.Series(None, index=rows.index, dtype=object)
        every = _parse_field(spec, blank, ref, rows, None)
        assert once[0].keys() == every[0].keys()
        for name in every[0]:
            assert once[0][name].equals(every[0][name]) and once[0][name].dtype == every[0][name].dtype, name
        assert once[1].equals(every[1]) and once[1].dtype == every[1].dtype
        assert (once[2] is None) == (every[2] is None)
        assert once[2] is None or once[2].equals(every[2])


_WORKBOOK_CELLS = st.one_of(
    st.none(), st.just(float("nan")), st.integers(), st.floats(allow_nan=False), st.datetimes(),
    st.text(max_size=5), st.text(alphabet="aă", min_size=1995, max_size=2005),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORKBOOK_CELLS, max_size=12))
def test_long_workbook_cells_are_found_as_pandas_counts_them(cells):
    """Workbook columns (text among numbers and dates): the lengths counted in one pass over the cells are
    pandas' ``str.len`` (0 for every cell that is no text), returned only when a cell is too long."""
    from lkdata.clean.dataset import MAX_CELL_CHARS, _long_cells

    col = pd.Series(cells, dtype=object)
    got = _long_cells(col)
    try:
        expected = col.str.len().fillna(0).astype(int)
    except AttributeError:  # no text at all
        expected = None
    if expected is None or not (expected > MAX_CELL_CHARS).any():
        assert got is None
    else:
        assert got.tolist() == expected.tolist()
