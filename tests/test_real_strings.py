"""Real number and date strings from public sources (``tests/corpus/numbers.tsv``, ``dates.tsv``; where
each came from: ``SOURCES.md``) through lkdata's parsers, one value per spreadsheet column, against the
value read in its source by hand. The targets of issue 14: numbers >= 98% exact, dates >= 99% exact,
and no value silently wrong: a value read otherwise than expected carries a note or a reason.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_corpus  # noqa: E402

SOURCES = (ROOT / "tests" / "corpus" / "SOURCES.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def numbers():
    return bench_corpus.run(bench_corpus.load("numbers.tsv"))


@pytest.fixture(scope="module")
def dates():
    return bench_corpus.run(bench_corpus.load("dates.tsv"))


def _origin(source: str) -> str:
    """What SOURCES.md must name for a row's source: a site's domain, a repository, the code index."""
    if source.startswith("http"):
        return urlparse(source).netloc.removeprefix("www.")
    if source.startswith("GitHub code index file "):
        return "GitHub code index"
    return source.split(":", 1)[0]


@pytest.mark.parametrize(("name", "kinds"), [("numbers.tsv", {"area", "money", "tonnes", "yield", "count"}),
                                             ("dates.tsv", {"date"})])  # fmt: skip
def test_the_corpus_is_real_and_sourced(name, kinds):
    rows = bench_corpus.load(name)
    assert len(rows) >= 300
    assert {r.kind for r in rows} == kinds
    assert len({(r.text, r.kind) for r in rows}) == len(rows), "a string is listed twice"
    for r in rows:
        assert r.text == r.text.strip() and r.text and r.source, r
        assert _origin(r.source) in SOURCES, f"{r.source} is not named in SOURCES.md"
        if r.kind == "date" and r.expected is not None:
            dt.date.fromisoformat(r.expected)
    expected_refusals = [r for r in rows if r.expected is None]
    assert len(expected_refusals) < len(rows) / 10  # mostly values to read, a few strings to refuse


def test_every_kind_of_number_is_represented(numbers):
    count = {k: sum(o.row.kind == k for o in numbers) for k in ("area", "money", "tonnes", "yield", "count")}
    assert count["area"] >= 80 and count["money"] >= 100 and count["tonnes"] >= 50 and count["count"] >= 50
    texts = [o.row.text for o in numbers]
    for unit in ("ha", "m2", "sào", "công", "tỷ", "triệu", "nghìn", "kg", "tạ", "tấn/ha", "hộ", "thành viên"):
        assert any(unit in t for t in texts), unit


def _misses(outcomes):
    return [(o.row.text, o.row.kind, o.value, o.row.expected, o.note or o.reason) for o in outcomes if not o.exact]


def test_numbers_are_read_as_their_sources_mean_them(numbers):
    s = bench_corpus.summary(numbers)
    assert s["exact"] / s["total"] >= 0.98, _misses(numbers)


def test_dates_are_read_as_their_sources_mean_them(dates):
    s = bench_corpus.summary(dates)
    assert s["exact"] / s["total"] >= 0.99, _misses(dates)


@pytest.mark.parametrize("name", ["numbers", "dates"])
def test_no_value_is_silently_wrong(name, numbers, dates):
    outcomes = numbers if name == "numbers" else dates
    silent = [(o.row.text, o.row.kind, o.value, o.row.expected) for o in outcomes if o.silently_wrong]
    assert silent == []


def test_strings_that_are_no_value_of_their_field_are_refused_with_a_reason(numbers, dates):
    """A price per kg in a money column, a range, a month without its day, a blank template date."""
    refusals = [o for o in numbers + dates if o.row.expected is None]
    assert len(refusals) >= 20
    assert [(o.row.text, o.value, o.reason) for o in refusals if o.value is not None or not o.reason] == []


def test_a_weekday_that_is_not_the_dates_is_noted_in_real_text(dates):
    noted = {o.row.text for o in dates if o.note}
    assert {"thứ Sáu ngày 15/01/2020", "Chủ nhật, 15.03.2025"} <= noted
    assert "thứ 5 ngày 23/1/2020" not in noted  # its weekday is right
