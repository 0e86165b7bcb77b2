"""The analyst's Vietnamese tables (lkdata.report.explore) and the trends over the periods (lkdata.plan.trend):
hand-made tables read back from the rendered HTML, and the trend's figures tied to the indicator table."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.io.reference import load_plan
from lkdata.plan.history import changes, tracked
from lkdata.plan.indicators import indicators
from lkdata.plan.periods import parse_period
from lkdata.plan.trend import first_year, series, trend
from lkdata.report import explore

PLAN = load_plan()
WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
KHU_PHO = [f"Khu phố {i}" for i in range(1, 18)]
#: What no presentable table shows.
RAW = re.compile(r"\bnan\b|\bNaN\b|\bNaT\b|<NA>|None|\d[eE][+-]\d", re.I)


def _cells(styler) -> tuple[list[str], list[list[str]]]:
    """(headers, rows of cell texts) of a Styler as rendered to HTML."""
    text = styler.to_html()
    heads = [html.unescape(re.sub("<[^>]+>", "", h)).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", text, re.S)]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", text.split("<tbody>", 1)[1], re.S):
        rows.append(
            [html.unescape(re.sub("<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        )
    return heads, rows


def _unseen(styler) -> None:
    text = re.sub(r"<style.*?</style>", "", styler.to_html(), flags=re.S)
    shown = html.unescape(re.sub("<[^>]+>", " ", text))
    assert not RAW.search(shown), RAW.search(shown)


PLOTS = pd.DataFrame(
    {
        "khu_pho": pd.array(["Khu phố 10", "Khu phố 2", None, "Khu phố 1", "Khu phố 11", "Khu phố 2"], dtype="string"),
        "crop": pd.array(["sầu riêng", "bơ", "bơ", None, "sầu riêng", "sầu riêng"], dtype="string"),
        "area_ha": [1234.5, 0.25, np.nan, 2.0, 3.0, 1.0],
        "growing_area_code_issued_on": pd.to_datetime(["2026-04-02", None, "2025-01-09", None, "2024-12-31", None]),
        "year": pd.array([2019, None, 2020, 2021, None, 2022], dtype="Int64"),
        "output_t": [10.0, np.nan, 1.5, 2.0, 0.0, 3.0],
    }
)


def test_a_table_shows_vietnamese_headers_numbers_dates_and_dash_for_empty():
    heads, rows = _cells(explore.styled(PLOTS, "crops", khu_pho_names=KHU_PHO))
    assert heads == ["Khu phố", "Cây trồng", "Diện tích (ha)", "Ngày cấp mã số vùng trồng", "Năm trồng",
                     "Sản lượng (tấn)"]  # fmt: skip
    # khu phố in the catalogue's order (1, 2, 2, 10, 11), the row without one last; no index column
    assert [r[0] for r in rows] == ["Khu phố 1", "Khu phố 2", "Khu phố 2", "Khu phố 10", "Khu phố 11", "-"]
    assert rows[3] == ["Khu phố 10", "Sầu riêng", "1.234,5", "02/4/2026", "2019", "10"]
    assert rows[0] == ["Khu phố 1", "-", "2", "-", "2021", "2"]
    assert rows[5] == ["-", "Bơ", "-", "09/01/2025", "2020", "1,5"]
    _unseen(explore.styled(PLOTS, "crops", khu_pho_names=KHU_PHO))


def test_totals_add_up_what_adds_up_and_leave_years_out():
    styler = explore.styled(PLOTS, "crops", khu_pho_names=KHU_PHO, totals=True)
    _, rows = _cells(styler)
    assert rows[-1] == ["Cộng", "", "1.240,8", "", "", "16,5"]  # a year does not add up; the label goes first
    assert styler.data.iloc[-1]["Diện tích (ha)"] == pytest.approx(1240.75)  # the figures stay numbers
    _unseen(styler)


@pytest.mark.parametrize(
    "column, values, shown",
    [
        ("charter_capital_vnd", pd.array([26_350_000_000, None], dtype="Int64"), ["26.350", "-"]),
        ("members", pd.array([1200, None], dtype="Int64"), ["1.200", "-"]),
        ("credit_access", pd.array([True, None], dtype="boolean"), ["Có", "-"]),
        ("established_on", pd.to_datetime(["2013-02-26", None]), ["26/02/2013", "-"]),
        ("name", pd.array(["HTX Bình Minh", None], dtype="string"), ["HTX Bình Minh", "-"]),
        ("ocop_stars", pd.array([None, 3], dtype="Int64"), ["-", "3"]),
    ],
)
def test_each_kind_of_column_is_written_the_vietnamese_way(column, values, shown):
    styler = explore.styled(pd.DataFrame({column: values}), "cooperatives")
    heads, rows = _cells(styler)
    assert [r[0] for r in rows] == shown
    if column.endswith("_vnd"):
        assert heads == ["Vốn điều lệ (triệu đồng)"]
    _unseen(styler)


@given(st.lists(st.one_of(st.none(), st.just(float("nan")), st.floats(min_value=-1e12, max_value=1e12)), min_size=1,
                max_size=8))  # fmt: skip
def test_no_float_ever_shows_as_nan_or_an_exponent(values):
    styler = explore.styled(pd.DataFrame({"area_ha": values}), "crops", totals=True)
    _unseen(styler)
    _, rows = _cells(styler)
    for r, v in zip(rows, values, strict=False):
        assert r[0] == "-" if v is None or v != v else re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d)?", r[0]), (v, r)


def test_a_cross_table_orders_khu_pho_naturally_and_adds_rows_and_columns():
    styler = explore.crosstab(PLOTS, "khu_pho", "crop", "area_ha", dataset="crops", khu_pho_names=KHU_PHO)
    heads, rows = _cells(styler)
    assert heads == ["Khu phố", "Sầu riêng", "Bơ", "(không rõ)", "Cộng"]
    assert [r[0] for r in rows] == ["Khu phố 1", "Khu phố 2", "Khu phố 10", "Khu phố 11", "(không rõ)", "Cộng"]
    assert rows[1] == ["Khu phố 2", "1", "0,3", "-", "1,3"]  # 0,25 half up; no record of a crop: "-"
    assert rows[-1] == ["Cộng", "1.238,5", "0,3", "2", "1.240,8"]
    _unseen(styler)


def test_a_cross_table_by_a_date_counts_by_year_with_the_undated_last():
    styler = explore.crosstab(PLOTS, "growing_area_code_issued_on", "crop", dataset="crops")
    heads, rows = _cells(styler)
    assert heads[0] == "Năm cấp mã số vùng trồng"
    assert [r[0] for r in rows] == ["2024", "2025", "2026", "(không rõ)", "Cộng"]
    assert rows[-1][-1] == "6"


def test_the_indicator_table_says_unknown_and_unset_in_words():
    p = parse_period("2026-H1", WARD)
    t = pd.DataFrame({"task": ["III.3", "IV"], "label": ["Thành viên HTX, THT", "Kinh phí"],
                      "unit": ["thành viên", "đồng"],
                      "value": [516.0, 515_000_000.0], "estimate": [516.0, 745_700_000.0], "previous": [np.nan, 3.55e8],
                      "target": [np.nan, 1e9], "attainment_pct": [np.nan, 51.5]})  # fmt: skip
    heads, rows = _cells(explore.indicator_table(t, p))
    assert heads == ["Nhiệm vụ", "Chỉ tiêu", "Đơn vị", "Đến 05/5/2026", "Ước đến 30/6/2026", "Cùng kỳ 2025",
                     "Chỉ tiêu năm 2026", "Đạt (%)"]  # fmt: skip
    assert rows[0][3:] == ["516", "516", "chưa có số liệu", "chưa giao", "-"]
    assert rows[1][2:] == ["triệu đồng", "515", "745,7", "355", "1.000", "51,5"]


def test_a_chart_of_counts_steps_by_whole_numbers():
    by_year = pd.DataFrame({"Năm": ["2024", "2025"], "VietGAP": [1, 3], "Hữu cơ": [0, 1], "Cộng": [1, 4]})
    block = explore.chart(by_year, title="Hộ được cấp chứng nhận", unit="số hộ", count=True, legend="Tiêu chuẩn")
    svg = base64.b64decode(re.search(r"svg\+xml;base64,([^\"]+)", block.html).group(1)).decode("utf-8")
    assert "<svg" in svg and "Tiêu chuẩn" in svg and block.plain == "Hộ được cấp chứng nhận"  # vector, text as text


def test_the_integer_axis_of_a_count(monkeypatch):
    import matplotlib.figure

    seen = {}
    real = matplotlib.figure.Figure.savefig

    def spy(fig, *args, **kwargs):
        ax = fig.axes[0]
        seen["ticks"] = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        seen["legend"] = ax.get_legend().get_title().get_text() if ax.get_legend() else None
        return real(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    table = pd.DataFrame({"Năm": ["2024", "2025"], "VietGAP": [1, 3], "Hữu cơ": [0, 2]})
    explore.chart(table, title="t", unit="số hộ", count=True, legend="Tiêu chuẩn chứng nhận")
    assert all(float(t).is_integer() for t in seen["ticks"]) and len(seen["ticks"]) >= 3
    assert seen["legend"] == "Tiêu chuẩn chứng nhận"


# --- trends ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "until, since, keys",
    [
        ("2026", 2024, ["2024", "2025", "2026"]),
        ("2026-H1", 2024, ["2024-H1", "2024-H2", "2025-H1", "2025-H2", "2026-H1"]),
        ("2025-H2", 2025, ["2025-H1", "2025-H2"]),
        ("2026-01-01:2026-03-31", 2024, ["2026-01-01:2026-03-31"]),
    ],
)
def test_the_series_of_periods(until, since, keys):
    last = parse_period(until, WARD, cutoff=None)
    periods = series(last, WARD, since)
    assert [p.key for p in periods] == keys and periods[-1] is last
    assert [p.cutoff for p in periods[:-1]] == [p.end for p in periods[:-1]]


@pytest.fixture(scope="module")
def sample(cleaned_run):
    """The sample's tables and a history whose one snapshot (01/6/2025, one member fewer per cooperative
    than today) reaches 2025 but not 2024."""
    tables = cleaned_run.tables
    history = {}
    for d, c in tracked():
        table = tables[d].copy()
        if c == "members":
            table[c] = table[c] - 1
        history[(d, c)] = changes(None, table, d, c, dt.date(2025, 6, 1))
    return tables, history


@pytest.mark.parametrize("until", ["2026", "2026-H1"])
def test_trend_values_are_the_indicator_tables_of_each_period(sample, until):
    tables, history = sample
    last = parse_period(until, WARD)
    t = trend(last, tables, plan=PLAN, ward=WARD, history=history)
    assert t["period"].iloc[0] == ("2024" if last.kind == "year" else "2024-H1")  # the sample's records begin in 2024
    for p in series(last, WARD, 2024):
        table = indicators(p, tables, targets={}, plan=PLAN, history=history).set_index("indicator")
        got = t[t["period"] == p.key].set_index("indicator")["value"]
        dated = [ind.id for ind in PLAN.indicators if not ind.undated]
        np.testing.assert_allclose(got[dated], table.loc[dated, "value"])  # what no history changes: the same
        if p is last:
            np.testing.assert_allclose(got, table["value"])  # the report's own period: its table, exactly
    assert all(p.cutoff == p.end for p in series(last, WARD, 2024)[:-1])  # earlier periods whole, the last its own
    # an undated attribute of an earlier period: last year's figure of the period a year later (the history)
    whole = parse_period("2026", WARD, cutoff=dt.date(2026, 12, 31))
    year = indicators(whole, tables, targets={}, plan=PLAN, history=history).set_index("indicator")
    annual = trend(parse_period("2026", WARD), tables, plan=PLAN, ward=WARD, history=history)
    in_2025 = annual[annual["period"] == "2025"].set_index("indicator")["value"]
    assert in_2025["coop_members"] == year.at["coop_members", "previous"] != year.at["coop_members", "value"]
    in_2024 = annual[annual["period"] == "2024"].set_index("indicator")["value"]
    assert np.isnan(in_2024["coop_members"])  # no snapshot reaches 2024: unknown, never today's members


def test_first_year_is_where_every_flow_table_has_records(sample):
    tables, _ = sample
    assert first_year(tables, PLAN, parse_period("2026", WARD), WARD) == 2024
    later = dict(tables)  # the activities' records begin a year later: so does the series
    later["activities"] = tables["activities"].assign(held_on=tables["activities"]["held_on"] + pd.DateOffset(years=1))
    assert first_year(later, PLAN, parse_period("2027", WARD), WARD) == 2025
    assert first_year({}, PLAN, parse_period("2026", WARD), WARD) == 2026  # no data: the period alone


def test_trend_table_and_report_block_show_unknown_in_words(sample):
    from lkdata.report.html import Captions
    from lkdata.report.trend import trend_block

    tables, history = sample
    t = trend(parse_period("2026", WARD), tables, plan=PLAN, ward=WARD, history=history,
              indicators=["coop_members", "support_vnd"])  # fmt: skip
    heads, rows = _cells(explore.trend_table(t))
    assert heads == ["Chỉ tiêu", "Đơn vị", "Năm 2024", "Năm 2025", "Năm 2026 (đến 10/11/2026)"]
    assert rows[0][2] == "chưa có số liệu" and rows[1][1] == "triệu đồng"
    block = trend_block(t, Captions())
    assert "Bảng 1. Một số chỉ tiêu chủ yếu qua các năm 2024-2026" in block.html
    assert "Năm 2026 (đến 10/11/2026)" in block.html and "chưa có số liệu" in block.html


@pytest.mark.e2e
def test_the_executed_exploration_notebook_shows_only_presentable_answers(copy_project, tmp_path):
    """Papermill runs the exploration notebook on the sample; every output is read as JupyterLab shows it."""
    import os

    import nbformat
    import papermill as pm
    from notebook_outputs import output_count, problems

    project = copy_project("explore")
    out = tmp_path / "kham_pha.ipynb"
    os.environ["LKDATA_ROOT"], before = str(project), os.environ.get("LKDATA_ROOT")
    try:
        pm.execute_notebook(str(project / "notebooks" / "kham_pha_du_lieu.ipynb"), str(out), kernel_name="python3",
                            progress_bar=False, cwd=str(project))  # fmt: skip
    finally:
        if before is None:
            os.environ.pop("LKDATA_ROOT")
        else:
            os.environ["LKDATA_ROOT"] = before
    nb = nbformat.read(out, as_version=4)
    assert problems(nb) == []
    code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    assert all(c.outputs for c in code), [c.source[:60] for c in code if not c.outputs]  # every question answered
    assert output_count(nb) >= 13
    text = " ".join(o.get("data", {}).get("text/html", "") for c in code for o in c.outputs)
    for expected in ("Khu phố 1<", "Khu phố 2<", "Khu phố 10<", "Cộng", "6 tháng đầu năm 2024", "chưa có số liệu",
                     "6 tháng đầu năm 2026 (đến 05/5/2026)", "Diện tích (ha)", "Năm cấp chứng nhận"):  # fmt: skip
        assert expected in text, expected
    assert text.index("Khu phố 2<") < text.index("Khu phố 10<")  # natural order, not 1, 10, 11 ... 2


def test_headers_and_cells_are_text_never_markup():
    df = pd.DataFrame({"<b>x</b>": ["<script>alert(1)</script>"], "name": ["HTX <i>A</i>"]})
    text = explore.styled(df, "cooperatives").to_html()
    assert "<script>" not in text and "<b>x</b>" not in text and "<i>A</i>" not in text
    assert "&lt;script&gt;" in text and "&lt;b&gt;x&lt;/b&gt;" in text


def test_an_unknown_figure_draws_no_bar(monkeypatch):
    import matplotlib.figure

    heights = {}
    real = matplotlib.figure.Figure.savefig

    def spy(fig, *args, **kwargs):
        ax = fig.axes[0]
        heights["bars"] = [p.get_height() for p in ax.patches]
        heights["labels"] = [t.get_text() for t in ax.texts]
        return real(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    explore.chart(pd.DataFrame({"Năm": ["2024", "2025"], "VietGAP": [2, None]}), title="Hộ", unit="số hộ", count=True)
    assert heights["bars"][0] == 2 and heights["bars"][1] != heights["bars"][1]  # NaN: no bar, not a 0
    assert "0" not in heights["labels"]
