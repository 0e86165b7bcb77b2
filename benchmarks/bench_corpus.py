"""Accuracy of lkdata's number and date parsers on real strings collected from public sources.

    .venv/bin/python benchmarks/bench_corpus.py [-v]

The corpus is ``tests/corpus/numbers.tsv`` and ``tests/corpus/dates.tsv`` (text, kind, expected, source;
where each came from: ``tests/corpus/SOURCES.md``). The expected values were written by reading each
string in its source, not by running lkdata; an empty ``expected`` means the string is no value of
the field (a price per kg in a money column, a month without its day, a range) and must be refused.

Each string is parsed by the parser its field kind uses in ``lkdata clean`` (areas in ha with the
ward profile's units, money in đồng, tonnes, yields in tấn/ha, counts, dates), one value per
spreadsheet column: no other cell vouches for its style, and no plausible range of a ward's field
decides between two readings (the strings give national figures as well as one farm's). A string is

- exact: read as expected (an expected refusal refused), with or without a note;
- flagged: it carries a note (a value to check) or a reason (refused), right or wrong;
- silently wrong: its value differs from the expected one and nothing says so. Target: none.

Targets (issue 14): numbers >= 98% exact, dates >= 99% exact, 0 silently wrong.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from lkdata.clean.numbers import parse_area, parse_int, parse_money, parse_number, units_of  # noqa: E402
from lkdata.clean.parse import Parsed, parse_date  # noqa: E402
from lkdata.io.reference import load_reference  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
KINDS = ("area", "money", "tonnes", "yield", "count", "date")
#: parse_area keeps four decimals of a hectare (a square metre): half of that is still the same area
_AREA_TOLERANCE = 0.00005


@dataclass(frozen=True)
class Row:
    """A corpus string, what it says (``None``: no value of the field, to be refused) and its source."""

    text: str
    kind: str
    expected: float | str | None
    source: str


@dataclass(frozen=True)
class Outcome:
    """What lkdata made of a corpus string."""

    row: Row
    value: float | str | None
    note: str | None
    reason: str | None

    @property
    def flagged(self) -> bool:
        return self.note is not None or self.reason is not None

    @property
    def exact(self) -> bool:
        if self.row.expected is None:
            return self.value is None and self.reason is not None
        return self.value is not None and _same(self.row.kind, self.value, self.row.expected)

    @property
    def silently_wrong(self) -> bool:
        return not self.exact and not self.flagged


def _same(kind: str, got: float | str, want: float | str) -> bool:
    if kind == "date":
        return got == want
    if kind == "area":
        return abs(float(got) - float(want)) <= _AREA_TOLERANCE
    return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-12)


def load(name: str) -> list[Row]:
    """The rows of a corpus TSV (``numbers.tsv`` or ``dates.tsv``)."""
    rows = []
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    assert header == ["text", "kind", "expected", "source"], header
    for line in lines[1:]:
        text, kind, expected, source = line.split("\t")
        want: float | str | None = None
        if expected:
            want = expected if kind == "date" else float(expected)
        rows.append(Row(text, kind, want, source))
    return rows


def _parse(kind: str, cells: pd.Series) -> Parsed:
    """The parser ``lkdata clean`` uses for a field of this kind, each cell its own spreadsheet column."""
    sheets = pd.DataFrame({"source_file": [f"cột {i}" for i in range(len(cells))]}, index=cells.index)
    if kind == "date":
        return parse_date(cells, "Ngày")
    if kind == "area":
        return parse_area(cells, load_reference().area_units, default_unit="ha", label="Diện tích", sheets=sheets)
    if kind == "money":
        return parse_money(cells, "Vốn", sheets=sheets)
    if kind == "count":
        return parse_int(cells, "Số thành viên", sheets=sheets)
    unit = {"tonnes": "tấn", "yield": "tấn/ha"}[kind]
    return parse_number(cells, "Sản lượng", units=units_of(unit), unit=unit, sheets=sheets)


def run(rows: list[Row]) -> list[Outcome]:
    """Every row through its parser (one call per kind, as a column is parsed)."""
    out: dict[int, Outcome] = {}
    for kind in KINDS:
        idx = [i for i, r in enumerate(rows) if r.kind == kind]
        if not idx:
            continue
        cells = pd.Series([rows[i].text for i in idx], index=idx, dtype=object)
        p = _parse(kind, cells)
        notes = p.notes if p.notes is not None else pd.Series(None, index=cells.index, dtype=object)
        for i in idx:
            v = p.values[i]
            value = None if pd.isna(v) else (v.date().isoformat() if kind == "date" else float(v))
            note, reason = notes.get(i), p.reasons[i]
            out[i] = Outcome(rows[i], value, None if pd.isna(note) else note, None if pd.isna(reason) else reason)
    return [out[i] for i in range(len(rows))]


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    """Counts: total, exact, flagged, silently wrong, and the misses that were flagged."""
    return {
        "total": len(outcomes),
        "exact": sum(o.exact for o in outcomes),
        "flagged": sum(o.flagged for o in outcomes),
        "silently_wrong": sum(o.silently_wrong for o in outcomes),
        "flagged_misses": sum(not o.exact and o.flagged for o in outcomes),
    }


def report(verbose: bool = False) -> dict[str, dict[str, int]]:
    """Measure both sets, print the figures (and the misses with ``-v``); returns the summaries."""
    results = {}
    for name in ("numbers.tsv", "dates.tsv"):
        outcomes = run(load(name))
        s = results[name.removesuffix(".tsv")] = summary(outcomes)
        share = 100 * s["exact"] / s["total"]
        print(
            f"{name.removesuffix('.tsv'):<8} {s['exact']:>4} / {s['total']:<4} exact ({share:.2f}%), "
            f"{s['silently_wrong']} silently wrong, {s['flagged']} flagged ({s['flagged_misses']} of them misses)"
        )
        if name == "numbers.tsv":
            for kind in KINDS[:-1]:
                part = summary([o for o in outcomes if o.row.kind == kind])
                print(f"  {kind:<7} {part['exact']:>4} / {part['total']:<4} exact, {part['flagged']} flagged")
        if verbose:
            for o in outcomes:
                if not o.exact or (o.flagged and o.row.expected is not None):
                    mark = "MISS" if not o.exact else "note"
                    print(f"    {mark} [{o.row.kind}] {o.row.text!r}: got {o.value}, want {o.row.expected}; "
                          f"{o.note or o.reason or 'no flag'}")  # fmt: skip
    return results


if __name__ == "__main__":
    report(verbose="-v" in sys.argv)
