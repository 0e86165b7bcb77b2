"""Every figure traceable: ``lkdata.explain`` gives an indicator's definition and the rows it counts, and
the rows add up to the figure ``lkdata.indicators`` prints, for every indicator of the catalogue.

Checked on the cleaned sample (2026-H1 and 2026), on the hand-made boundary tables of ``test_stocks`` (a
record begun or ended the day before, on, or the day after the cut-off), on flows at the edges of their
window, and on hand-made tables with provenance, where each counted row must name its own file, sheet
and row, also for the derived tables (a plot, a household's farm area, a cooperative named by a linkage).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_stocks import BY_ID, H1, PLAN, YEAR, _params, day, figures, make_tables

import lkdata
from lkdata.clean.fields import personal_columns
from lkdata.cli import main
from lkdata.io.store import load
from lkdata.plan.explain import explain, per_file
from lkdata.plan.indicators import indicators
from lkdata.report.explain import ExplanationView

SAFE_COLUMNS = {"record_id", "table", "source_file", "source_sheet", "source_row", "item", "value"}
PERSONAL = {c for cols in personal_columns().values() for c in cols}


def _check_adds_up(e, expected: float) -> None:
    assert e.total == pytest.approx(expected, abs=1e-9), e.indicator.id
    assert e.rows["value"].sum(min_count=0) == pytest.approx(e.total, abs=1e-6), e.indicator.id
    if e.indicator.aggregation == "count":
        assert len(e.rows) == e.total


# --- the sample: every indicator, both reports ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample(cleaned_project: Path):
    processed = cleaned_project / "data" / "processed"
    return processed, load(processed=processed)


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_on_the_sample_every_indicator_is_explained_by_rows_that_add_up_to_it(sample, period):
    processed, tables = sample
    table = lkdata.indicators(period, tables, processed=processed, targets={}).set_index("indicator")
    assert len(table) == len(PLAN.indicators)
    counted_something = 0
    for ind in PLAN.indicators:
        e = lkdata.explain(ind.id, period, tables)
        _check_adds_up(e, table.at[ind.id, "value"])
        assert e.note == table.at[ind.id, "unknown_note"]
        assert set(e.rows.columns) <= SAFE_COLUMNS, ind.id
        assert not re.search(r"[a-z]_[a-z]", " ".join(e.definition + e.sources)), ind.id  # fields by their titles
        if len(e.rows):
            counted_something += 1
            assert e.rows["source_file"].notna().all() and e.rows["source_row"].notna().all(), ind.id
            assert e.rows["record_id"].notna().all(), ind.id
        frame = e.to_frame()
        assert isinstance(frame, pd.DataFrame) and len(frame) == len(e.rows)
        files = per_file(e.rows)
        assert files["rows"].sum() == len(e.rows) and not files["file"].str.contains("/").any()
    assert counted_something > len(PLAN.indicators) * 0.8  # the sample exercises nearly all


def test_on_the_sample_the_definition_says_the_dates_the_table_and_the_fields(sample):
    _, tables = sample
    stock = lkdata.explain("linkages_active", "2026", tables)
    text = " ".join(stock.definition)
    assert "còn hiệu lực đến ngày 10/11/2026" in text and "danh sách chuỗi, dự án liên kết" in " ".join(stock.sources)
    assert "ngày kết thúc" in " ".join(stock.sources)
    flow = lkdata.explain("training_courses", "2026-H1", tables)
    assert "từ ngày 01/01/2026 đến ngày 05/5/2026" in " ".join(flow.definition)
    assert "“tập huấn”" in flow.parts["counts"]  # the catalogue's code named as the office names it
    undated = lkdata.explain("coop_members", "2026", tables)
    assert "không ghi ngày" in undated.parts["year_ago"] and "chưa có số liệu" in undated.parts["year_ago"]
    unknown = lkdata.explain("producers_certified", "2026", tables)
    assert "được xem là chưa rõ nên không được tính" in unknown.parts["unknown"]
    assert "ghi chú của chỉ tiêu" not in unknown.parts["unknown"]
    distinct = lkdata.explain("growing_area_codes", "2026", tables)
    assert "khác nhau" in distinct.parts["how"] and "item" in distinct.rows
    # what is counted, in words: no field in quotes, no spreadsheet rows
    assert distinct.parts["how"] == (
        "Cách tính: đếm số mã số vùng trồng khác nhau (một mã số vùng trồng ghi ở nhiều thửa chỉ tính một lần)."
    )
    members = lkdata.explain("linkage_cooperatives", "2026", tables)
    assert (
        members.parts["how"]
        == "Cách tính: đếm số HTX/THT khác nhau (một HTX/THT ghi ở nhiều liên kết chỉ tính một lần)."
    )
    # a chain without an end date runs on: only one said to have ended without its date is left out
    running = lkdata.explain("linkages_active", "2026", tables)
    assert "không ghi ngày kết thúc là còn thực hiện" in running.parts["counts"]
    assert running.parts["unknown"] == (
        "Liên kết ghi tình trạng đã kết thúc mà chưa ghi “ngày kết thúc” thì chưa rõ ngày kết thúc nên không được"
        " tính; số trường hợp này (nếu có) nêu tại ghi chú kỳ này."
    )
    assert members.parts["unknown"].startswith("HTX/THT của liên kết ghi tình trạng đã kết thúc mà chưa ghi")
    # a rule given no value says every record, as an official writes it; a kind by its proper name
    spent = lkdata.explain("budget_spent_vnd", "2026", tables)
    assert spent.parts["counts"].startswith("Được tính: tất cả các hoạt động tổ chức từ ngày 01/01/2026")
    active = lkdata.explain("coops_active", "2026", tables)
    assert active.parts["counts"].startswith("Được tính: các HTX, THT còn hoạt động đến ngày 10/11/2026: thành lập")
    assert "“hội chợ, triển lãm”" in lkdata.explain("fairs", "2026", tables).parts["counts"]
    assert "bản còn hiệu lực" not in undated.parts["year_ago"]
    assert (
        "lấy theo số liệu đã lưu trữ đến hết ngày 15/11/2025 (hạn gửi báo cáo cùng kỳ năm 2025)"
        in undated.parts["year_ago"]
    )
    visits = lkdata.explain("linkage_households", "2026", tables)
    assert "nhiều lượt hộ" in visits.parts["how"]


# --- personal columns only when asked ------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_ocop_products_count_products_and_say_so(sample, period):
    """Indicator 34, "Sản phẩm OCOP (sản phẩm)": the method said "đếm số HTX/THT". Recounted here from the
    cooperatives' rows themselves: every counted row names its own product (one product a row, no name
    twice), so the figure is a number of products, and the method says products."""
    _, tables = sample
    e = lkdata.explain("ocop_products", period, tables)
    coops = tables["cooperatives"].set_index("cooperative_id")
    products = coops.loc[e.rows["record_id"].astype(str), "ocop_product"]
    assert products.notna().all() and products.str.strip().ne("").all()
    assert products.nunique() == len(products) == e.total == 5  # five rated products, each of its cooperative
    assert e.indicator.unit == "sản phẩm"
    assert e.parts["how"].startswith("Cách tính: đếm số sản phẩm OCOP") and "đếm số HTX/THT" not in e.parts["how"]


@pytest.mark.parametrize("indicator", ["certified_area_ha", "producers_certified", "growing_area_codes"])
def test_personal_columns_only_when_asked(sample, indicator):
    from lkdata.api import known_people
    from lkdata.report.privacy import find_personal

    processed, tables = sample
    people = known_people(processed)
    shared = lkdata.explain(indicator, "2026", tables)
    assert not set(shared.rows.columns) & PERSONAL
    assert not find_personal(shared._repr_html_() + shared.text(), people)
    office = lkdata.explain(indicator, "2026", tables, personal=True)
    assert set(office.rows.columns) & PERSONAL
    assert find_personal(office._repr_html_(), people)  # the check above can fail: the names are there
    assert office.total == shared.total


# --- hand-made tables: stocks on their boundary dates, flows at the edges of their window ---------------


@pytest.mark.parametrize("period", [H1, YEAR], ids=["2026-H1", "2026"])
@pytest.mark.parametrize(("indicator", "kwargs", "counted"), list(_params()))
def test_on_boundary_dates_the_rows_are_the_figure(indicator, kwargs, counted, period):
    stock = BY_ID[indicator]
    tables = stock.make(pd.Timestamp(period.cutoff), **dict(stock.options), **kwargs)
    e = explain(indicator, period, tables, plan=PLAN)
    _check_adds_up(e, figures(period, tables, indicator)["value"])
    assert (len(e.rows) > 0) == counted


FLOWS = [ind for ind in PLAN.indicators if ind.kind == "flow"]


#: When each record of the flow tables is dated, relative to the period: only "first" and "cutoff" are in it.
EDGES = ("before", "first", "cutoff", "after")
ACTIVITY_KINDS = sorted({a for ind in FLOWS if ind.table == "activities" for a in ind.args})


def _flow_tables(period) -> dict[str, pd.DataFrame]:
    """Records of every flow dated the day before the period's start, on its start, on its cut-off, and the
    day after its cut-off (one activity of each kind per date)."""
    start, cut = pd.Timestamp(period.start), pd.Timestamp(period.cutoff)
    dates = dict(zip(EDGES, (day(start, -1), start, cut, day(cut, 1)), strict=True))
    activities, linkages, coops = [], [], []
    for name, when in dates.items():
        for kind in ACTIVITY_KINDS:
            activities.append(
                {
                    "kind": kind,
                    "held_on": when,
                    "participants": 10,
                    "participants_households": 5,
                    "participants_cooperatives": 1,
                    "participants_enterprises": 1,
                    "cost_vnd": 1_000_000,
                }
            )
        linkages.append(
            {
                "linkage_id": f"L-{name}",
                "start_on": when,
                "approved_on": when,
                "support_vnd": 5_000_000,
                "crop": "bơ",
                "households": 3,
            }
        )
        coops.append({"cooperative_id": f"C-{name}", "kind": "HTX", "established_on": when, "dissolved_on": when})
    return make_tables(activities=activities, linkages=linkages, cooperatives=coops)  # fmt: skip


@pytest.mark.parametrize("period", [H1, YEAR], ids=["2026-H1", "2026"])
@pytest.mark.parametrize("indicator", [ind.id for ind in FLOWS])
def test_a_flow_explains_the_records_of_its_window_only(indicator, period):
    tables = _flow_tables(period)
    e = explain(indicator, period, tables, plan=PLAN)
    _check_adds_up(e, figures(period, tables, indicator)["value"])
    ind = PLAN.indicator(indicator)
    per_day = (len(ind.args) or len(ACTIVITY_KINDS)) if ind.table == "activities" else 1
    assert len(e.rows) == 2 * per_day, indicator  # the first day and the cut-off day, nothing else
    if ind.table != "activities":
        assert sorted(e.rows["record_id"].str.split("-").str[1]) == ["cutoff", "first"]


# --- any tables: the rows add up to the figure, whatever the dates and the empty values --------------------

OFFSET = st.one_of(st.none(), st.integers(-400, 400))  # days from the cut-off; None: no date
KINDS = sorted({a for ind in PLAN.indicators if ind.table == "activities" for a in ind.args})


@st.composite
def any_tables(draw):
    cut = pd.Timestamp(H1.cutoff)

    def when():
        return day(cut, draw(OFFSET))

    def pick(*values):
        return draw(st.sampled_from(values))

    producers = [
        {
            "producer_id": f"P{i}",
            "khu_pho": pick("Khu phố 1", None),
            "main_crop": "bơ",
            "gap_standard": pick("VietGAP", "GlobalGAP", "hữu cơ", "không", None),
            "gap_issued_on": when(),
            "gap_expires_on": when(),
            "farm_area_ha": pick(None, 0.5, 2.25),
            "ecommerce": pick(True, False, None),
            "registered_on": when(),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    crops = [
        {
            "plot_id": f"V{i}",
            "producer_id": pick("P0", "P1", "P2", "P9"),
            "khu_pho": "Khu phố 1",
            "crop": "bơ",
            "area_ha": pick(0.25, 1.5),
            "growing_area_code": pick("VN-1", "VN-2", "không", None),
            "gap_standard": pick("VietGAP", "không", None),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    coops = [
        {
            "cooperative_id": f"C{i}",
            "kind": pick("HTX", "THT"),
            "established_on": when(),
            "dissolved_on": when(),
            "khu_pho": "Khu phố 2",
            "members": pick(None, 12),
            "managers_trained": pick(None, 0, 2),
            "credit_access": pick(True, False, None),
            "ocop_product": pick("Bưởi", "không", None),
            "ocop_stars": pick(None, 3, 4, 5),
            "ocop_year": pick(None, 2024, 2026),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    linkages = [
        {
            "linkage_id": f"L{i}",
            "crop": "bơ",
            "cooperative_ids": pick("C0", "C0; C1", "C2; C9", None),
            "households": pick(None, 7),
            "area_ha": pick(None, 3.5),
            "volume_t": 10.0,
            "contract_value_vnd": pick(None, 10**9),
            "start_on": when(),
            "end_on": when(),
            "approved_on": when(),
            "support_vnd": pick(None, 5 * 10**6),
            "status": pick("đang thực hiện", "đã kết thúc", None),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    activities = [
        {
            "kind": pick(*KINDS),
            "held_on": when(),
            "khu_pho": None,
            "participants": pick(None, 30),
            "participants_households": pick(None, 20),
            "participants_cooperatives": 1,
            "participants_enterprises": 0,
            "cost_vnd": pick(None, 10**6),
        }
        for _ in range(draw(st.integers(0, 5)))
    ]
    return make_tables(producers=producers, crops=crops, cooperatives=coops, linkages=linkages,
                       activities=activities)  # fmt: skip


@settings(max_examples=25)
@given(tables=any_tables())
def test_on_any_tables_every_indicator_is_the_sum_of_its_rows(tables):
    table = indicators(H1, tables, targets={}, plan=PLAN).set_index("indicator")
    for ind in PLAN.indicators:
        e = explain(ind.id, H1, tables, plan=PLAN)
        _check_adds_up(e, table.at[ind.id, "value"])
        assert e.note == table.at[ind.id, "unknown_note"]


# --- provenance: each row names its own file, sheet and row, through the derived tables too -------------


def _with_provenance(tables: dict[str, pd.DataFrame], where: dict[str, tuple[str, str | None]]) -> dict:
    out = {}
    for name, df in tables.items():
        df = df.copy()
        file, sheet = where.get(name, (f"{name}/{name}.csv", None))
        df["source_file"], df["source_sheet"] = file, sheet
        df["source_row"] = range(5, 5 + len(df))  # the data start on row 5 of each file
        out[name] = df
    return out


def test_each_counted_row_names_its_file_sheet_and_row_also_through_derived_tables():
    cut = pd.Timestamp(YEAR.cutoff)
    certified = {
        "gap_standard": "VietGAP",
        "gap_issued_on": day(cut, -100),
        "gap_expires_on": day(cut, 100),
        "registered_on": day(cut, -200),
        "khu_pho": "Khu phố 1",
        "main_crop": "bơ",
        "ecommerce": True,
    }
    producers = [
        {"producer_id": "P1", "farm_area_ha": 3.0, **certified},
        {"producer_id": "P2", "farm_area_ha": 2.5, **certified},  # no plot: its farm area stands for them
        {"producer_id": "P3", "farm_area_ha": 9.0, **certified, "gap_standard": "không"},
    ]
    plots = [
        {
            "plot_id": "V1",
            "producer_id": "P1",
            "khu_pho": "Khu phố 1",
            "crop": "bơ",
            "area_ha": 1.25,
            "gap_standard": "VietGAP",
            "growing_area_code": "VN-1",
        },
        {
            "plot_id": "V2",
            "producer_id": "P1",
            "khu_pho": "Khu phố 1",
            "crop": "sầu riêng",
            "area_ha": 0.5,
            "gap_standard": "không",
            "growing_area_code": "VN-1",
        },
    ]
    coops = [
        {"cooperative_id": c, "kind": "HTX", "established_on": day(cut, -500), "khu_pho": "Khu phố 2"}
        for c in ("C1", "C2")
    ]
    linkages = [
        {"linkage_id": "L1", "cooperative_ids": "C1; C2", "start_on": day(cut, -30), "households": 4},
        {"linkage_id": "L2", "cooperative_ids": "C2", "start_on": day(cut, -30), "households": 6},
    ]
    tables = _with_provenance(
        make_tables(producers=producers, crops=plots, cooperatives=coops, linkages=linkages),
        {"crops": ("crops/dien_tich.xlsx", "KP1"), "producers": ("producers/ho_kp1.csv", None)},
    )  # fmt: skip
    area = explain("certified_area_ha", YEAR, tables, plan=PLAN)
    got = area.rows[["record_id", "table", "source_file", "source_sheet", "source_row", "value"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["V1", "crops", "crops/dien_tich.xlsx", "KP1", 5, 1.25],
        ["P2", "producers", "producers/ho_kp1.csv", None, 6, 2.5],
    ]
    assert area.total == figures(YEAR, tables, "certified_area_ha")["value"] == 3.75
    assert per_file(area.rows).values.tolist() == [["dien_tich.xlsx", 1, 1.25], ["ho_kp1.csv", 1, 2.5]]

    members = explain("linkage_cooperatives", YEAR, tables, plan=PLAN)
    rows = members.rows[["record_id", "source_row", "item", "value"]].values.tolist()
    assert rows == [["L1", 5, "C1", 1.0], ["L1", 5, "C2", 1.0], ["L2", 6, "C2", 0.0]]  # C2 counted once
    assert members.total == 2 == figures(YEAR, tables, "linkage_cooperatives")["value"]

    codes = explain("growing_area_codes", YEAR, tables, plan=PLAN)
    assert codes.rows["value"].tolist() == [1.0, 0.0] and codes.total == 1  # one code on two plots


# --- display -------------------------------------------------------------------------------------------


def test_it_shows_as_a_vietnamese_table_and_converts_to_a_dataframe(sample):
    _, tables = sample
    e = lkdata.explain("trade_participants", "2026", tables)
    assert isinstance(e, ExplanationView)
    html = e._repr_html_()
    for heading in ("Mã bản ghi", "Tệp", "Trang tính", "Dòng", "Tính vào số liệu (lượt người)", "Cộng", "Nguồn:"):
        assert heading in html
    assert html.count("<tr>") == len(e.rows) + 2  # the heading, every row, the total
    text = e.text()
    assert text.splitlines()[0].startswith("trade_participants: Lượt người tham gia xúc tiến thương mại")
    assert text.splitlines()[-1].startswith("Cộng: ")
    assert e.to_frame() is not e.rows and e.to_frame().equals(e.rows)


# --- the command line ----------------------------------------------------------------------------------


def test_the_command_prints_definition_rows_and_total(cleaned_project: Path, capsys):
    processed = cleaned_project / "data" / "processed"
    assert main(["indicators", "2026", "--processed", str(processed), "--explain", "linkage_area_ha"]) == 0
    out = capsys.readouterr().out
    e = lkdata.explain("linkage_area_ha", "2026", load(processed=processed))
    assert "còn hiệu lực đến ngày 10/11/2026" in out and "Nguồn: danh sách chuỗi" in out
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Mã bản ghi"))
    assert lines[head].split() == ["Mã", "bản", "ghi", "Tệp", "Trang", "tính", "Dòng", "Tính", "vào", "số", "liệu",
                                   "(ha)"]  # fmt: skip
    body = lines[head + 1 : head + 1 + len(e.rows)]
    assert [line.split()[0] for line in body] == e.rows["record_id"].tolist()
    assert all(f.split("/")[-1] in line for f, line in zip(e.rows["source_file"], body, strict=True))
    printed = lines[head + 1 + len(e.rows)].removeprefix("Cộng: ").removesuffix(" ha")
    assert float(printed.replace(".", "").replace(",", ".")) == pytest.approx(round(e.total, 1))


@pytest.mark.parametrize(("asked", "closest"), [("certified_area", "certified_area_ha"),
                                                 ("linkage_area", "linkage_area_ha"),
                                                 ("coops_activ", "coops_active")])  # fmt: skip
def test_an_unknown_id_names_the_closest_and_exits_2(cleaned_project: Path, capsys, asked, closest):
    processed = cleaned_project / "data" / "processed"
    assert main(["indicators", "2026", "--processed", str(processed), "--explain", asked]) == 2
    err = capsys.readouterr().err
    assert f"Không có chỉ tiêu '{asked}'" in err and closest in err.split("gần nhất:")[1]


# --- the rows' order and the count per file, as pandas' sort and groupby give them ------------------------

ORDER = ["source_file", "source_sheet", "source_row", "record_id"]


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_rows_come_in_the_order_of_file_sheet_row_and_id_empty_last(sample, period):
    """On the sample's tables shuffled, with some sheets and rows emptied: each indicator's rows are sorted
    by file, sheet, row and record id, an empty value after every value, as ``sort_values`` sorts them."""
    _, tables = sample
    mixed = {}
    for name, df in tables.items():
        df = df.sample(frac=1, random_state=7).reset_index(drop=True)
        for col, every in (("source_sheet", 4), ("source_row", 5), ("source_file", 9)):
            if col in df:
                df[col] = df[col].mask(df.index % every == 0)
        mixed[name] = df
    sorted_somewhere = 0
    for ind in PLAN.indicators:
        rows = lkdata.explain(ind.id, period, mixed).rows
        expected = rows.sort_values(ORDER, kind="stable", na_position="last", ignore_index=True)
        pd.testing.assert_frame_equal(rows, expected, check_exact=True)
        sorted_somewhere += rows[ORDER].isna().any().any() and len(rows) > 2
    assert sorted_somewhere  # empty values were there to be placed


_FILES = st.sampled_from(["a/b.xlsx", "c\\d.csv", None, "z.xlsx", "Ấp 3.csv", "b.xlsx", "x/a/b.xlsx"])
_VALUES = st.sampled_from([1.0, 0.1, 0.2, 2.25, -0.3, 1e9, float("nan")])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_FILES, _VALUES), max_size=14))
def test_per_file_counts_and_adds_as_a_groupby_does(pairs):
    rows = pd.DataFrame({"source_file": pd.array([f for f, _ in pairs], dtype="string"),
                         "value": [v for _, v in pairs]})  # fmt: skip
    files = rows["source_file"].map(lambda p: "(không rõ tệp)" if p is pd.NA else re.split(r"[\\/]", p)[-1])
    expected = (
        pd.DataFrame({"file": files, "value": rows["value"].astype(float)})
        .groupby("file", sort=True)
        .agg(rows=("value", "size"), value=("value", "sum"))
        .reset_index()
        .astype({"rows": int})
    )
    pd.testing.assert_frame_equal(per_file(rows), expected, check_exact=True)
