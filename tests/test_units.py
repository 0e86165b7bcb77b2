"""The ward's units (plan section V): which organiser text names which unit (never a guess below the cut-off),
the rule of "a unit has reported", the units file, the intake template's dropdown, and what the report, a unit's
summary and ``lkdata check`` say of them (the rendered PDFs read back, every number recomputed here from the
processed data)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.errors import ReferenceDataError
from lkdata.io.reference import load_plan, load_reference, load_units
from lkdata.plan.periods import parse_period
from lkdata.plan.units import UnitMatcher, parse_units, unit_results
from lkdata.vn.text import fold

WARD = load_reference().ward
UNITS = load_units()
MATCHER = UnitMatcher(UNITS, "Long Khánh")
NAMES = {u.code: u.name for u in UNITS}

# (organiser as typed, the unit's code or None)
CASES = [
    ("Phòng Kinh tế, Hạ tầng và Đô thị", "KTHTDT"),
    ("phong kinh te ha tang va do thi", "KTHTDT"),  # no diacritics, no comma
    ("PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ", "KTHTDT"),
    ("Phòng KT-HT-ĐT", "KTHTDT"),  # an alias
    ("Trung tâm Dịch vụ nông nghiệp khu vực 3", "TTDVNN3"),
    ("Trung tâm dịch vụ nông nghiệp kv 3", "TTDVNN3"),  # fuzzy, the same number
    ("Trung tam Dich vu nong nghiep khu vuc 3.", "TTDVNN3"),
    ("Trung tâm Dịch vụ nông nghiệp khu vực 2", None),  # another centre: a number tells them apart
    ("Trung tâm Dịch vụ tổng hợp", "TTDVTH"),
    ("Hội Nông dân phường Long Khánh", "HND"),  # the ward's own name dropped
    ("Hội Nông dân", "HND"),
    ("Hội Nông dân tỉnh", None),  # another body of the same kind: never guessed into the ward's
    ("Hội Nông dân tỉnh Đồng Nai", None),
    ("Hội LHPN phường", "HLHPN"),
    ("Hội Phụ nữ", "HLHPN"),
    ("Đoàn TNCS Hồ Chí Minh phường", "DTN"),
    ("UBMTTQ phường Long Khánh", "MTTQ"),
    ("Hội Cựu chiến binh", "HCCB"),
    ("Hội Cựu chiến binh tỉnh", None),
    ("Trưởng khu phố 3", "TKP"),  # a numbered group
    ("Ban điều hành khu phố 10", "TKP"),
    ("Khu phố 3", None),  # a place, not a unit
    ("Sở Nông nghiệp và Môi trường", None),
    ("Chi cục Phát triển nông thôn", None),
    ("Phòng Văn hóa - Xã hội", None),
    ("Công ty TNHH Nông sản Xanh (mẫu)", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("text, code", CASES, ids=[str(c[0]) for c in CASES])
def test_an_organiser_names_a_unit_or_stays_unknown(text, code):
    assert MATCHER.match(text) == code


@given(
    st.sampled_from([(u.code, a) for u in UNITS for a in (u.name, *u.aliases)]),
    st.sampled_from([str.upper, str.lower, fold, lambda t: unicodedata.normalize("NFD", t), lambda t: f"  {t} "]),
)
def test_every_name_and_alias_in_any_case_or_without_marks_names_its_unit(entry, typed):  # fmt: skip
    code, text = entry
    assert MATCHER.match(typed(text)) == code


@settings(max_examples=200)
@given(
    st.text(
        alphabet="abcdeghiklmnopqrstuvxyàáâãèéêìíòóôõùúăđơưạảấầẩậắằẳặẹẻếềểệỉịọỏốồổộớờởợụủứừửựỳỷ 0123456789",
        min_size=0,
        max_size=40,
    )
)
def test_text_far_from_every_unit_is_no_unit(text):  # fmt: skip
    """Below the cut-off nothing is guessed: a text that names a unit is within reach of one of its names."""
    from rapidfuzz import fuzz

    code = MATCHER.match(text)
    if code is not None:
        unit = next(u for u in UNITS if u.code == code)
        keys = [MATCHER.key(t) for t in (unit.name, *unit.aliases)]
        key = MATCHER.key(text)
        assert any(fuzz.ratio(key, k) >= 90 or key == k or key.startswith(k + " ") for k in keys), (text, code)


def test_the_units_file_is_checked_line_by_line():
    good = "code,name,aliases,kind,section,duties,tasks\nA,Đơn vị A,,doan_the,V.5,Tuyên truyền,III.1\n"
    assert parse_units(good, "units.csv", {"III.1"})[0].tasks == ("III.1",)
    with pytest.raises(ReferenceDataError, match="thiếu cột: tasks"):
        parse_units("code,name,aliases,kind,section,duties\nA,B,,,,\n", "units.csv")
    with pytest.raises(ReferenceDataError, match=r"dòng 3: đơn vị .Đơn vị A. .* ghi hai lần"):
        parse_units(good + "B,Đơn vị A,,doan_the,V.5,x,III.1\n", "units.csv")
    with pytest.raises(ReferenceDataError, match=r"dòng 2: nhiệm vụ không có trong kế hoạch: II\.9"):
        parse_units(good.replace("III.1\n", "II.9\n"), "units.csv", {"III.1"})


def test_a_units_tasks_are_named_by_key_or_number_and_kept_as_the_plan_numbers_them(tmp_path: Path):
    names = {"II.1": "II.1", "communication": "II.1", "II.2": "II.2", "trade": "II.2"}
    text = "code,name,aliases,kind,section,duties,tasks\nA,Đơn vị A,,doan_the,V.5,x,communication|II.2\n"
    assert parse_units(text, "units.csv", names)[0].tasks == ("II.1", "II.2")
    with pytest.raises(ReferenceDataError, match="nhiệm vụ không có trong kế hoạch: inspection"):
        parse_units(text.replace("II.2", "inspection"), "units.csv", names)
    # the shipped list (keys) read with a plan of five tasks numbered II.1-II.5: only the tasks it has
    plan_dir = Path(__file__).parent / "plans" / "xa_nam_nhiem_vu"
    units = load_units(plan_dir)
    plan_tasks = set(load_plan(plan_dir).tasks)
    assert all(set(u.tasks) <= plan_tasks for u in units) and any(u.tasks for u in units)
    # an office's own list naming a task its plan does not have is refused, naming the line
    (tmp_path / "units.csv").write_text(text.replace("II.2", "inspection"), encoding="utf-8")
    for name in ("tasks.csv", "indicators.csv", "report_tables.csv", "validation_rules.csv"):
        (tmp_path / name).write_bytes((plan_dir / name).read_bytes())
    with pytest.raises(ReferenceDataError, match="dòng 2: nhiệm vụ không có trong kế hoạch: inspection"):
        load_units(tmp_path)


def test_the_office_copy_of_the_units_file_replaces_the_default(tmp_path: Path):
    (tmp_path / "units.csv").write_text("code,name,aliases,kind,section,duties,tasks\nX,Hội Khuyến học phường,,"
                                        "doan_the,V.5,Vận động,III.1\n", encoding="utf-8")  # fmt: skip
    assert [u.name for u in load_units(tmp_path)] == ["Hội Khuyến học phường"]


# --- has reported ----------------------------------------------------------------------------------------

PERIOD = parse_period("2026-H1", WARD)  # 01/01/2026 .. cut-off 05/5/2026
ORGANISERS = [
    ("Hội Nông dân phường", "HND"),
    ("Hội ND phường", "HND"),
    ("Trung tâm Dịch vụ tổng hợp", "TTDVTH"),
    ("Trưởng khu phố 4", "TKP"),
    ("Sở Nông nghiệp và Môi trường", None),
    ("Hội Nông dân tỉnh", None),
    (None, None),
]
DAYS = [dt.date(2025, 3, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 3, 15), dt.date(2026, 5, 5),
        dt.date(2026, 5, 6), dt.date(2026, 6, 30), None]  # fmt: skip


def _activities(rows: list[tuple]) -> dict[str, pd.DataFrame]:
    df = pd.DataFrame(
        {
            "held_on": pd.to_datetime(pd.Series([d for d, _, _ in rows], dtype="object")),
            "kind": "training",
            "organiser": pd.Series([o for _, (o, _), _ in rows], dtype="string"),
            "participants": pd.Series([p for _, _, p in rows], dtype="Int64"),
            "plan_task": "III.1",
        }
    )
    return {"activities": df}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(DAYS), st.sampled_from(ORGANISERS), st.one_of(st.none(), st.integers(0, 200))),
        max_size=25,
    )
)
def test_a_unit_has_reported_when_an_activity_of_its_own_was_held_in_the_period(rows):  # fmt: skip
    got = unit_results(_activities(rows), PERIOD, MATCHER).set_index("code")
    start, cutoff = dt.date(2026, 1, 1), dt.date(2026, 5, 5)
    for u in UNITS:
        mine = [(d, p) for d, (_, c), p in rows if c == u.code and d is not None and start <= d <= cutoff]
        assert bool(got.at[u.code, "reported"]) == bool(mine), u.code
        assert got.at[u.code, "activities"] == len(mine)
        assert got.at[u.code, "participants"] == sum(p for _, p in mine if p is not None)
        before = [d for d, (_, c), _ in rows if c == u.code and d is not None
                  and dt.date(2025, 1, 1) <= d <= dt.date(2025, 5, 5)]  # fmt: skip
        assert got.at[u.code, "previous_activities"] == len(before)


# --- the intake template ------------------------------------------------------------------------------------


def test_the_activities_template_offers_the_units_as_organisers(tmp_path: Path):
    from openpyxl import load_workbook

    from lkdata.io.templates import TEMPLATE_NAMES, write_templates

    write_templates(tmp_path, load_reference(), units=UNITS)
    wb = load_workbook(tmp_path / TEMPLATE_NAMES["activities"])
    ws, lists = wb["Dữ liệu"], wb["Danh mục"]
    header = [c.value for c in ws[4]]
    col = header.index("Đơn vị tổ chức")
    letter = chr(ord("A") + col)
    (dv,) = [v for v in ws.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}5")]
    assert dv.type == "list" and dv.errorStyle == "warning"  # another body (the Department) may still be typed
    source = re.match(r"'Danh mục'!\$([A-Z])\$2:\$[A-Z]\$(\d+)", dv.formula1)
    offered = [lists[f"{source.group(1)}{r}"].value for r in range(2, int(source.group(2)) + 1)]
    assert offered == [u.name for u in UNITS]
    assert all(MATCHER.match(name) == u.code for name, u in zip(offered, UNITS, strict=True))
