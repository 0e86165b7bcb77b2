"""Validation rules across datasets (lkdata.plan.rules, validation_rules.csv): the expression parser, each
shipped rule on hand-made tables (violated, on the boundary, satisfied, missing data), the office's override,
the quality report's table, `lkdata check`'s exit code, and the note a report prints next to a figure."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.errors import ReferenceDataError
from lkdata.io.reference import load_rules
from lkdata.plan.expressions import ExpressionError, Interval, compare, parse_expression
from lkdata.plan.rules import FAILS, HOLDS, UNDECIDED, evaluate_rules, figure_notes, parse_rules
from tests.test_stocks import H1, PLAN, YEAR, day, make_tables

RULES = load_rules(None, PLAN)
CUT = pd.Timestamp(H1.cutoff)
HEADER = "id,name,importance,periods,table,by,left,operator,right,message,affects,note\n"


def rule(rule_id: str):
    return next(r for r in RULES if r.id == rule_id)


def outcome(rule_id: str, tables, period=H1) -> pd.DataFrame:
    return evaluate_rules([rule(rule_id)], tables, period, plan=PLAN)


def statuses(rule_id: str, tables, period=H1) -> list[str]:
    return list(outcome(rule_id, tables, period)["status"])


# --- the parser ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, names", [
    ("linkage_area_ha", ("linkage_area_ha",)),
    ("htx_active + tht_active", ("htx_active", "tht_active")),
    ("planted_area_ha * 1.1 - 2", ("planted_area_ha",)),
    ("(a + b) / -c", ("a", "b", "c")),
    ("  3  ", ()),
])  # fmt: skip
def test_a_side_of_names_numbers_and_arithmetic_parses(text, names):
    assert parse_expression(text).names == names


@pytest.mark.parametrize("text", [
    "", "   ", "__import__('os').system('echo hi')", "open('x')", "a.b", "a[0]", "a if b else c", "a < b",
    "a and b", "'text'", "a ** 2", "a % 2", "lambda: 1", "True", "a +", "[a]", "a; b", "f(a)", "{a}",
])  # fmt: skip
def test_anything_but_names_numbers_and_arithmetic_is_refused(text):
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_an_unknown_name_is_refused_with_the_closest():
    with pytest.raises(ExpressionError, match="không có tên 'linkage_area' \\(gần nhất: linkage_area_ha\\)"):
        parse_expression("linkage_area", {"linkage_area_ha": 1, "farm_area_ha": 1})


def test_arithmetic_runs_on_intervals_and_never_calls_eval():
    e = parse_expression("(a + b) * 2 - c / 4")
    got = e.evaluate({"a": Interval(1, 2), "b": Interval.exact(3), "c": Interval.exact(8)}.__getitem__)
    assert (got.lo, got.hi) == (6.0, 8.0)
    assert parse_expression("-a").evaluate({"a": Interval(1, 2)}.__getitem__) == Interval(-2, -1)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite, finite, st.sampled_from(["<=", "<", "==", "!=", ">=", ">"]))
def test_on_known_values_a_comparison_is_the_plain_one(a, b, op):
    plain = {"<=": a <= b, "<": a < b, "==": a == b, "!=": a != b, ">=": a >= b, ">": a > b}[op]
    near = math.isclose(a, b, rel_tol=1e-8, abs_tol=1e-8)
    assert compare(Interval.exact(a), op, Interval.exact(b)) == plain or near


@pytest.mark.parametrize("left, op, right, held", [
    (Interval(5, 5), "<=", Interval(5, math.inf), True),  # the unknown can only raise the right side
    (Interval(6, 6), "<=", Interval(5, math.inf), None),  # it could, or not, reach 6
    (Interval(5, math.inf), "<=", Interval(9, 9), None),
    (Interval(10, math.inf), "<=", Interval(9, 9), False),  # already over, whatever is missing
    (Interval(0.1 + 0.2, 0.1 + 0.2), "==", Interval(0.3, 0.3), True),  # a float sum's noise
    (Interval(1, 2), "==", Interval(1, 2), None),
])  # fmt: skip
def test_missing_values_decide_only_when_they_cannot_change_the_outcome(left, op, right, held):
    assert compare(left, op, right) is held


# --- the rules file ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("row, message", [
    ("x,X,cao,all,,,linkage_area,<=,farm_area_ha,m,,",
     "dòng 2, cột left: không có tên 'linkage_area' \\(gần nhất: linkage_area_ha\\)"),
    ("x,X,cao,all,,,linkage_area_ha,<=,farm_area,m,,",
     "cột right: không có tên 'farm_area' \\(gần nhất: farm_area_ha\\)"),
    ("x,X,cao,all,,,linkage_area_ha,=<,farm_area_ha,m,,", "giá trị cột operator '=<'"),
    ("x,X,rất cao,all,,,linkage_area_ha,<=,farm_area_ha,m,,", "giá trị cột importance 'rất cao'"),
    ("x,X,cao,Q1,,,linkage_area_ha,<=,farm_area_ha,m,,", "loại kỳ \\(cột periods\\) 'Q1'"),
    ("x,X,cao,all,,,linkage_area_ha,<=,farm_area_ha,{lefts},,", "chỗ điền trong cột message '{lefts}'"),
    ("x,X,cao,all,,,linkage_area_ha,<=,farm_area_ha,m,linkage_area,", "cột affects: không có chỉ tiêu 'linkage_area'"),
    ("x,X,cao,all,,crop,linkage_area_ha,<=,planted_area_ha,m,,", None),  # both tables have a crop
    ("x,X,cao,all,,kind,linkage_area_ha,<=,farm_area_ha,m,,", "cột by \\(bảng linkages của 'linkage_area_ha'"),
    ("x,X,cao,all,linkage_members,,start_on,>=,founded_on,m,,", "không có tên 'founded_on' \\(gần nhất: "),
    ("x,X,cao,all,plots,,a,>=,b,m,,", "bảng của quy tắc theo bản ghi \\(cột table\\) 'plots'"),
    ("x,X,cao,all,,,open('f'),<=,farm_area_ha,m,,", "cột left: biểu thức"),
])  # fmt: skip
def test_a_wrong_row_is_refused_naming_the_file_the_line_and_the_closest_name(row, message):
    if message is None:
        assert parse_rules(HEADER + row + "\n", "rules.csv", PLAN)
        return
    with pytest.raises(ReferenceDataError, match=message) as err:
        parse_rules(HEADER + row + "\n", "data/raw/reference/validation_rules.csv", PLAN)
    assert "data/raw/reference/validation_rules.csv" in str(err.value) and "dòng 2" in str(err.value)


def test_the_offices_copy_replaces_the_packages(tmp_path):
    (tmp_path / "validation_rules.csv").write_text(
        HEADER + "mine,Của văn phòng,cao,year,,,linkage_area_ha,<=,100,Quá {right},linkage_area_ha,\n", encoding="utf-8"
    )
    rules = load_rules(tmp_path, PLAN)
    assert [r.id for r in rules] == ["mine"] and rules[0].periods == ("year",)
    assert [r.id for r in load_rules(None, PLAN)] == [r.id for r in RULES] and len(RULES) >= 8
    (tmp_path / "validation_rules.csv").write_text(HEADER + "x,X,cao,all,,,nope,<=,1,m,,\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=str(tmp_path / "validation_rules.csv")):
        load_rules(tmp_path, PLAN)


def test_a_rule_of_one_kind_of_period_is_not_evaluated_for_another(tmp_path):
    only_year = parse_rules(HEADER + "y,Y,cao,year,,,linkage_area_ha,<=,0,m,,\n", "r", PLAN)
    tables = _lands(linked=5.0, farm=1.0)
    assert evaluate_rules(only_year, tables, H1, plan=PLAN).empty
    assert list(evaluate_rules(only_year, tables, YEAR, plan=PLAN)["status"]) == [FAILS]


# --- each shipped rule on hand-made tables -----------------------------------------------------------------


def _lands(linked: float | None, farm: float | None, *, planted: float | None = None, crop: str = "bơ",
           registered: int = -400, start: int = -100) -> dict[str, pd.DataFrame]:  # fmt: skip
    """One household (its farm area, one plot of ``crop``) and one linkage of bơ running on the cut-off."""
    producer = {"producer_id": "P1", "khu_pho": "Khu phố 1", "main_crop": crop, "gap_standard": "không",
                "farm_area_ha": farm, "registered_on": day(CUT, registered), "cooperative_id": "C1"}  # fmt: skip
    plot = {"plot_id": "V1", "producer_id": "P1", "khu_pho": "Khu phố 1", "crop": crop,
            "area_ha": farm if planted is None else planted, "gap_standard": "không"}  # fmt: skip
    coop = {"cooperative_id": "C1", "kind": "HTX", "established_on": day(CUT, -4000), "khu_pho": "Khu phố 1",
            "members": 20, "name": "HTX Một"}  # fmt: skip
    lk = {"linkage_id": "L1", "crop": "bơ", "cooperative_ids": "C1", "households": 1, "area_ha": linked,
          "start_on": day(CUT, start), "status": "đang thực hiện", "name": "Liên kết bơ"}  # fmt: skip
    t = make_tables(producers=[producer], crops=[plot], cooperatives=[coop], linkages=[lk])
    t["producers"]["cooperative_id"] = pd.array(["C1"], dtype="string")  # columns the stock tests need not
    t["cooperatives"]["name"] = pd.array(["HTX Một"], dtype="string")
    t["linkages"]["name"] = pd.array(["Liên kết bơ"], dtype="string")
    return t


@pytest.mark.parametrize("linked, farm, expected", [
    (5.0, 4.9, FAILS), (5.0, 5.0, HOLDS), (5.0, 5.1, HOLDS), (0.1 + 0.2, 0.3, HOLDS),
    (5.0, None, UNDECIDED),  # the household's farm area nobody gave: the rule cannot tell
    (None, 5.0, UNDECIDED),  # the linkage's area nobody gave
])  # fmt: skip
def test_linked_area_against_the_farm_area(linked, farm, expected):
    assert statuses("linked_area_vs_farm_area", _lands(linked, farm)) == [expected]


def test_linked_area_against_the_farm_area_as_of_the_cut_off():
    # a household registered the day after the cut-off is not on the list yet: its area does not count
    assert statuses("linked_area_vs_farm_area", _lands(5.0, 9.0, registered=1)) == [FAILS]
    assert statuses("linked_area_vs_farm_area", _lands(5.0, 9.0, registered=0)) == [HOLDS]
    # a linkage starting the day after the cut-off does not run yet
    assert statuses("linked_area_vs_farm_area", _lands(5.0, 1.0, start=1)) == [HOLDS]


@pytest.mark.parametrize("planted, crop, expected", [
    (4.0, "bơ", [FAILS]), (5.0, "bơ", [HOLDS]), (6.0, "bơ", [HOLDS]),
    (6.0, "mít", [FAILS, HOLDS]),  # no bơ planted at all: the bơ linkage exceeds 0 ha; mít holds
])  # fmt: skip
def test_linked_area_of_a_crop_against_its_planted_area(planted, crop, expected):
    out = outcome("linked_area_by_crop", _lands(5.0, 9.0, planted=planted, crop=crop))
    assert list(out["status"]) == expected
    if expected[0] == FAILS:
        assert "cây bơ (5 ha)" in out["message"].iloc[0] and out["group"].iloc[0] == "bơ"


@pytest.mark.parametrize("households, listed, expected", [(3, 2, FAILS), (2, 2, HOLDS), (1, 2, HOLDS)])
def test_households_of_one_linkage_against_the_households_on_the_list(households, listed, expected):
    t = _lands(5.0, 9.0)
    t["linkages"]["households"] = pd.array([households], dtype="Int64")
    extra = t["producers"].assign(producer_id="P2")
    t["producers"] = pd.concat([t["producers"], extra] if listed == 2 else [t["producers"]], ignore_index=True)
    assert statuses("linkage_households_vs_list", t) == [expected]
    crops = t["crops"].assign(producer_id="P2", plot_id="V2")
    t["crops"] = pd.concat([t["crops"], crops] if listed == 2 else [t["crops"]], ignore_index=True)
    assert statuses("linkage_households_by_crop", t) == [expected]


@pytest.mark.parametrize("start, founded, expected", [(-10, -9, [FAILS]), (-10, -10, [HOLDS]), (-10, -11, [HOLDS]),
                                                      (-10, None, [UNDECIDED]), (-10, 30, [FAILS])])  # fmt: skip
def test_a_cooperative_in_a_linkage_not_before_its_founding_lists_the_linkage(start, founded, expected):
    t = _lands(5.0, 9.0, start=start)
    t["cooperatives"]["established_on"] = pd.Series([day(CUT, founded)], dtype="datetime64[ns]")
    out = outcome("coop_founded_before_linkage", t)
    assert list(out["status"]) == expected
    if expected == [FAILS]:
        assert out["record"].iloc[0] == "Liên kết bơ - HTX Một"  # organisations, by name
        assert out["message"].iloc[0].startswith("Liên kết bơ - HTX Một: HTX/THT được ghi tham gia liên kết từ ngày")


@pytest.mark.parametrize("members, expected", [(0, FAILS), (1, HOLDS), (5, HOLDS), (None, UNDECIDED)])
def test_listed_members_of_a_cooperative_against_its_members(members, expected):
    t = _lands(5.0, 9.0)
    t["cooperatives"]["members"] = pd.array([members], dtype="Int64")
    out = outcome("coop_members_vs_listed", t)
    assert list(out["status"]) == [expected] and out["group"].iloc[0] == "HTX Một"


@pytest.mark.parametrize("rule_id", ["certified_area_vs_planted", "code_area_vs_planted",
                                     "certified_households_vs_list", "linkage_coops_vs_active"])  # fmt: skip
def test_the_invariants_that_hold_by_construction_hold_on_the_sample(rule_id, cleaned_project):
    from lkdata.io.store import load

    tables = load(processed=cleaned_project / "data" / "processed")
    for period in (H1, YEAR):
        assert set(statuses(rule_id, tables, period)) == {HOLDS}


def test_no_data_at_all_is_not_a_pass():
    empty = make_tables()
    empty["producers"]["cooperative_id"] = pd.Series(dtype="string")
    for r in RULES:
        if r.table is None:  # a record rule has no record to check: it holds on nothing, and says so
            assert list(evaluate_rules([r], empty, H1, plan=PLAN)["status"]) == [UNDECIDED], r.id


# --- what the outputs say -----------------------------------------------------------------------------------


def test_a_violated_rule_gives_its_note_to_the_figures_it_affects():
    out = evaluate_rules(RULES, _lands(5.0, 1.0, planted=1.0), H1, plan=PLAN)
    notes = figure_notes(out)
    assert any("gồm cả diện tích ngoài địa bàn phường" in n for n in notes["linkage_area_ha"])
    assert "certified_area_ha" not in notes  # nothing violated there


def test_the_report_prints_the_note_next_to_the_figure():
    from lkdata.report.document import ReportDocument
    from lkdata.report.notes import Notes

    tables = _lands(5.0, 1.0, planted=1.0)
    checks = evaluate_rules(RULES, tables, H1, plan=PLAN)
    notes = Notes.parse("", Path("ghi_chu.md"))
    R = ReportDocument(H1, tables, {}, plan=PLAN, notes=notes, sample=False, report_date=None, targets={},
                       next_targets={}, khu_pho_names=["Khu phố 1"], office_list=None, checks=checks)  # fmt: skip
    html = R.unknown_note("III.2")._repr_html_()
    assert "Lưu ý: Diện tích liên kết (5 ha) gồm cả diện tích ngoài địa bàn phường" in html
    assert "gồm cả diện tích ngoài địa bàn phường" in R.facts.linkage_area_ha.checks_note
    assert R.facts.certified_area_ha.checks_note == ""
    assert "Lưu ý" not in str(R.unknown_note("III.4") or "")


def test_the_quality_report_lists_the_violations_without_personal_data():
    from lkdata.report.quality import rules_block

    tables = _lands(5.0, 1.0, planted=1.0)
    tables["cooperatives"]["established_on"] = pd.Series([day(CUT, 30)], dtype="datetime64[ns]")
    html = rules_block(evaluate_rules(RULES, tables, H1, plan=PLAN), H1).html
    head = ("Bảng 10. Đối chiếu giữa các bộ dữ liệu", "Quy tắc", "Mức độ", "Vế trái", "Vế phải", "Thông báo")
    for text in (*head, "vi phạm", "trung bình", "5 ha", "1 ha", "HTX/THT tham gia liên kết không trước ngày"):
        assert text in html, text
    good = rules_block(evaluate_rules(RULES, _lands(1.0, 5.0), H1, plan=PLAN), H1).html
    assert "Bảng 10" not in good and "quy tắc đạt" in good


# --- `lkdata check` and the rendered documents ---------------------------------------------------------------


@pytest.mark.parametrize("rules, status, said", [
    (None, "cảnh báo", "2 trường hợp vi phạm (0 mức cao)"),  # the sample: violations of importance trung bình
    ("big,Diện tích liên kết rất lớn,cao,all,,,linkage_area_ha,<=,1,Diện tích liên kết {left} > {right},,\n",
     "chưa đạt", "1 trường hợp vi phạm (1 mức cao)"),
    ("big,Diện tích liên kết rất lớn,thấp,all,,,linkage_area_ha,<=,1,Diện tích liên kết {left} > {right},,\n",
     "cảnh báo", "1 trường hợp vi phạm (0 mức cao)"),
    ("ok,Diện tích liên kết dương,cao,all,,,linkage_area_ha,>=,0,m,,\n", "đạt", "1 quy tắc đạt"),
])  # fmt: skip
def test_lkdata_check_fails_only_on_a_rule_of_importance_cao(rules, status, said, fresh_project, monkeypatch,
                                                            capsys):  # fmt: skip
    """The readiness check's rules item: a violated rule of importance cao fails it (and the check), a lower
    one warns."""
    import json

    from lkdata.cli import main

    if rules:
        path = fresh_project / "data" / "raw" / "reference" / "validation_rules.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + rules, encoding="utf-8")
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    code = main(["check", "2026", "--json", "--today", "20/11/2026"])
    out = json.loads(capsys.readouterr().out)
    item = next(i for i in out["muc"] if i["muc"] == "quy_tac")
    assert (item["trang_thai"], item["chi_tiet"].split(";")[0]) == (status, said)
    assert code == out["ma_thoat"] and (status != "chưa đạt" or code == 1)
    if rules and "cao" in rules and status == "chưa đạt":
        assert any("[cao] Diện tích liên kết rất lớn: Diện tích liên kết" in n for n in item["danh_sach"])


def test_lkdata_check_refuses_a_wrong_rules_file_with_exit_2(fresh_project, monkeypatch, capsys):
    from lkdata.cli import main

    path = fresh_project / "data" / "raw" / "reference" / "validation_rules.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "x,X,cao,all,,,linkage_area,<=,1,m,,\n", encoding="utf-8")
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    assert main(["check", "2026-H1", "--today", "6/5/2026"]) == 2
    err = capsys.readouterr().err
    assert f"Tệp {path}, dòng 2, cột left: không có tên 'linkage_area' (gần nhất: linkage_area_ha)" in err


def test_the_sample_breaks_two_rules_on_purpose(cleaned_project):
    """The sample's contracts take a share of their crop's plots, except the two planted on purpose: a
    contract naming a THT months before its founding date, and the contract running through 2026 of the crop
    with the largest planted area, which counts land outside the ward."""
    from lkdata.io.store import load

    tables = load(processed=cleaned_project / "data" / "processed")
    for period in (H1, YEAR):
        out = evaluate_rules(RULES, tables, period, plan=PLAN)
        failed = out[out["status"] == FAILS]
        assert set(failed["rule"]) == {"linked_area_by_crop", "coop_founded_before_linkage"}, failed
        assert list(failed.loc[failed["rule"] == "linked_area_by_crop", "group"]) == ["sầu riêng"]
        assert len(failed[failed["rule"] == "coop_founded_before_linkage"]) == 1
        assert set(out.loc[out["rule"] == "linked_area_vs_farm_area", "status"]) == {HOLDS}


@pytest.mark.e2e
def test_the_rendered_report_and_quality_report_carry_the_rules(copy_project):
    """A real Papermill run: the report's III.2 prints the note of the rule its linked area breaks, the quality
    report lists the violations."""
    import os
    import re
    import subprocess
    import sys

    from lkdata.io.store import load

    project = copy_project("rules")
    out = evaluate_rules(RULES, load(processed=project / "data" / "processed"), H1, plan=PLAN)
    note = out.loc[(out["rule"] == "linked_area_by_crop") & (out["status"] == FAILS), "note"].iloc[0]
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    for args in (["report", "2026-H1", "--formats", "html", "-q"], ["quality", "2026-H1", "-q"]):
        r = subprocess.run([sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True,
                           encoding="utf-8", env=env)  # fmt: skip
        assert r.returncode == 0, r.stdout + r.stderr

    def text(path: Path) -> str:
        html = path.read_text(encoding="utf-8")
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)))

    report = text(next((project / "reports" / "2026-H1").glob("*.html")))
    assert note in report and "cây sầu riêng" in note and "ngoài địa bàn phường" in note
    part = report[report.index("diện tích liên kết") :]  # the task's paragraph
    assert part.index("Lưu ý: ") < part.index(note) < part.index("Bảng 2")  # next to its figures, before its table
    quality = text(project / "reports" / "quality" / "chat_luong_du_lieu_2026-H1.html")
    assert "10. Đối chiếu giữa các bộ dữ liệu" in quality and "Bảng 10. Đối chiếu giữa các bộ dữ liệu" in quality
    assert "HTX/THT tham gia liên kết không trước ngày thành lập" in quality and "vi phạm" in quality


crops_ = st.sampled_from(["bơ", "mít", "sầu riêng"])
areas_ = st.one_of(st.none(), st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 2)))


@given(st.lists(st.tuples(crops_, st.floats(0.01, 20).map(lambda x: round(x, 2))), min_size=1, max_size=8),
       st.lists(st.tuples(crops_, areas_), min_size=1, max_size=6))  # fmt: skip
def test_per_crop_outcomes_are_the_plain_pandas_ones(plots, linkages):
    """Any plots and running linkages: each crop's outcome is what a plain recount says (a linkage area nobody
    gave: violated if the known ones already exceed, else not evaluable)."""
    producers = [{"producer_id": f"P{i}", "khu_pho": "Khu phố 1", "main_crop": c, "gap_standard": "không",
                  "farm_area_ha": a, "registered_on": day(CUT, -400)} for i, (c, a) in enumerate(plots)]  # fmt: skip
    crop_rows = [{"plot_id": f"V{i}", "producer_id": f"P{i}", "khu_pho": "Khu phố 1", "crop": c, "area_ha": a,
                  "gap_standard": "không"} for i, (c, a) in enumerate(plots)]  # fmt: skip
    links = [{"linkage_id": f"L{i}", "crop": c, "households": 1, "area_ha": a, "start_on": day(CUT, -10),
              "status": "đang thực hiện"} for i, (c, a) in enumerate(linkages)]  # fmt: skip
    t = make_tables(producers=producers, crops=crop_rows, linkages=links)
    t["producers"]["cooperative_id"] = pd.Series(pd.NA, index=t["producers"].index, dtype="string")
    got = outcome("linked_area_by_crop", t).set_index("group")["status"].to_dict()
    lk, pl = pd.DataFrame(linkages, columns=["crop", "area"]), pd.DataFrame(plots, columns=["crop", "area"])
    for crop in set(lk["crop"]) | set(pl["crop"]):
        linked = lk.loc[lk["crop"] == crop, "area"]
        planted = pl.loc[pl["crop"] == crop, "area"].sum()
        known = linked.dropna().sum()
        if known > planted + 1e-9:
            expected = FAILS
        elif linked.isna().any():
            expected = UNDECIDED
        else:
            expected = HOLDS
        assert got[crop] == expected, (crop, known, planted)
