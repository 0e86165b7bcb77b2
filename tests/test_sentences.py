"""The sentences an official writes from the figures: zero figures say "chưa có", judgements follow the
data, lists with commas inside their items use semicolons, counts take the ward's leading zero (never an
area, an amount or a percentage), and the notes template lists every section the report asks for."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.api import parse_period
from lkdata.io.reference import load_reference
from lkdata.report.facts import Fact, Parts, quantity
from lkdata.report.notes import NOTE_HINTS, NOTE_SECTIONS, Notes, notes_template, section_key
from lkdata.report.sentences import changes, either, items, listing, met_targets, organised_by, organisers, trend
from lkdata.vn.fmt import fmt_count

WARD = load_reference().ward
H1 = parse_period("2026-H1", WARD)
NAN = float("nan")


def _fact(value, previous=0.0, unit="dự án", label="Dự án liên kết", two=True, target=None, id="x") -> Fact:
    return Fact(id, label, unit, float(value), float(previous), float(value), target, H1, two_digits=two)


# -- numbers ------------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**7), st.booleans())
def test_a_count_takes_a_leading_zero_only_under_ten_and_only_when_asked(n: int, two: bool):
    text = fmt_count(n, two_digits=two)
    assert int(text.replace(".", "")) == n
    assert (len(text) == 2 and text.startswith("0")) == (two and 0 < n < 10)


@pytest.mark.parametrize(
    "value, unit, two, expected",
    [
        (3, "lớp", True, "03 lớp"),
        (3, "lớp", False, "3 lớp"),
        (10, "lớp", True, "10 lớp"),
        (1234, "hộ", True, "1.234 hộ"),
        (5, "ha", True, "5 ha"),  # an area: never padded
        (5.5, "ha", True, "5,5 ha"),
        (3, "tấn", True, "3 tấn"),
        (5_000_000, "đồng", True, "5 triệu đồng"),  # money: never padded
        (800_000, "đồng", True, "800.000 đồng"),
        (7, "tin, bài", True, "07 tin, bài"),
    ],
)
def test_counts_are_padded_areas_and_money_never(value, unit, two, expected):
    assert quantity(value, unit, two) == expected


def test_the_shipped_profile_writes_counts_as_the_plan_does():
    assert WARD["so_dem_hai_chu_so"] is True  # the plan writes "Định kỳ 06 tháng"


@pytest.mark.parametrize("value, expected", [(True, True), ("có", True), ("không", False), (False, False)])
def test_the_leading_zero_option_is_read_from_the_ward_profile(tmp_path, value, expected):
    from lkdata.io.office_files import check_ward

    assert check_ward({"so_dem_hai_chu_so": value}, tmp_path / "ward.yaml")["so_dem_hai_chu_so"] is expected


def test_a_bad_leading_zero_option_names_the_key(tmp_path):
    from lkdata.errors import ReferenceDataError
    from lkdata.io.office_files import check_ward

    with pytest.raises(ReferenceDataError, match="so_dem_hai_chu_so"):
        check_ward({"so_dem_hai_chu_so": "đôi khi"}, tmp_path / "ward.yaml")


# -- zero figures -------------------------------------------------------------------------------------

NONE = "Trong kỳ chưa có dự án liên kết được phê duyệt hỗ trợ."
TEXT = "Trong kỳ có {} dự án."


@pytest.mark.parametrize(
    "now, before, expected",
    [
        (0, 1, "Trong kỳ chưa có dự án liên kết được phê duyệt hỗ trợ (cùng kỳ: 01 dự án)."),  # zero now
        (0, 0, NONE),  # both zero: nothing to compare
        (0, NAN, NONE),  # last year unknown: not said
        (2, 1, "TEXT"),
        (2, 0, "TEXT"),
        (2, NAN, "TEXT"),
    ],
)
def test_a_sentence_of_zero_figures_says_chua_co(now, before, expected):
    f = _fact(now, before)
    assert either(f, "TEXT", NONE) == expected
    assert "0 dự án" not in either(f, "TEXT", NONE)


def test_zero_now_with_money_before_names_both_figures_of_last_year():
    approved, money = _fact(0, 1), _fact(0, 80_000_000, unit="đồng", label="Kinh phí")
    assert either((approved, money), TEXT, NONE) == (
        "Trong kỳ chưa có dự án liên kết được phê duyệt hỗ trợ (cùng kỳ: 01 dự án, 80 triệu đồng)."
    )
    assert either((approved, _fact(1, 0)), TEXT, NONE) == TEXT  # one figure not zero: the sentence
    assert either(approved, TEXT) == ""  # no wording for none: the clause is left out


@pytest.mark.parametrize(
    "now, before, expected",
    [
        (0, 1, "cùng kỳ: 01 dự án"),
        (0, 12, "cùng kỳ: 12 dự án"),
        (0, 0, "chưa phát sinh"),
        (0, NAN, "chưa có số liệu cùng kỳ"),
        (1, 2, "giảm 50,0% so với cùng kỳ"),
        (3, 2, "tăng 50,0% so với cùng kỳ"),
        (2, 2, "bằng cùng kỳ"),
    ],
)
def test_a_change_never_reads_minus_100_percent(now, before, expected):
    assert _fact(now, before).change == expected


@pytest.mark.parametrize(
    "now, target, expected",
    [
        (0, 6, "chỉ tiêu năm 2026 là 06 dự án"),  # nothing yet: never "đạt 0,0%"
        (3, 6, "đạt 50,0% chỉ tiêu năm 2026 là 06 dự án"),
        (0, None, "chưa giao chỉ tiêu"),
        (3, 0, "chưa giao chỉ tiêu"),
    ],
)
def test_a_target_with_nothing_done_yet_is_named_without_a_zero_share(now, target, expected):
    assert _fact(now, 1, target=target).vs_target == expected


@given(st.integers(min_value=0, max_value=10**6))
def test_no_change_says_giam_100_percent(before: int):
    assert "100,0%" not in _fact(0, before).change


# -- lists --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parts, expected",
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a và b"),
        (["a", "b", "c"], "a, b và c"),
        (["hội chợ, triển lãm", "b", "c"], "hội chợ, triển lãm; b và c"),  # an item holds a comma
        (["a", "", "c"], "a và c"),
    ],
)
def test_lists_use_semicolons_when_their_items_hold_commas(parts, expected):
    assert listing(parts) == expected


def test_items_leave_zero_figures_out():
    three, four, five = (_fact(v, unit="sản phẩm") for v in (3, 2, 0))
    assert (
        items((three, "{} 3 sao"), (four, "{} 4 sao"), (five, "{} 5 sao")) == "03 sản phẩm 3 sao và 02 sản phẩm 4 sao"
    )
    assert items((five, "{} 5 sao")) == ""
    assert "0 sản phẩm" not in items(five, three)


def test_parts_leave_zero_parts_out():
    whole, a, zero = _fact(10, unit="lượt người"), _fact(8, unit="lượt hộ"), _fact(0, unit="lượt doanh nghiệp")
    assert str(Parts(whole, (a, zero), ("Hộ", "DN"))) == "08 lượt hộ và 02 lượt người thuộc đối tượng khác"


# -- judgements ---------------------------------------------------------------------------------------


def _label(v, p, label):
    return _fact(v, p, unit="lần", label=label)


@pytest.mark.parametrize(
    "figures, expected",
    [
        ([(0, 4), (0, 1)], "chưa được thực hiện"),
        ([(0, 0), (0, 0)], "chưa được thực hiện"),
        ([(5, 4), (2, 1)], "được đẩy mạnh"),
        ([(5, 4), (1, 1)], "được đẩy mạnh"),
        ([(4, 4), (1, 1)], "được duy trì"),
        ([(1, 4), (1, 2)], "giảm so với cùng kỳ"),
        ([(3, 1), (1, 4)], "tiếp tục được thực hiện, song kết quả chưa đồng đều"),  # the case the issue names
        ([(3, 3), (1, 4)], "tiếp tục được thực hiện, song kết quả chưa đồng đều"),
        ([(3, NAN), (1, NAN)], "được thực hiện"),  # no last year: no judgement
    ],
)
def test_the_judgement_follows_the_figures(figures, expected):
    facts = [_label(v, p, name) for (v, p), name in zip(figures, "ab", strict=True)]
    assert trend(*facts) == expected


def test_broadcasts_falling_from_four_to_one_is_never_called_maintained_without_saying_so():
    broadcasts = _label(1, 4, "Lần phát thanh")
    assert "duy trì" not in trend(broadcasts)
    assert trend(_label(3, 3, "Hội nghị"), broadcasts) == "tiếp tục được thực hiện, song kết quả chưa đồng đều"


# -- achievements -------------------------------------------------------------------------------------

TABLE = pd.DataFrame(
    {
        "label": ["Diện tích liên kết", "Lớp tập huấn", "Hội chợ, triển lãm", "Dự án", "Mã số", "Hộ"],
        "unit": ["ha", "lớp", "lượt", "dự án", "mã", "hộ"],
        "value": [768.6, 3.0, 1.0, 0.0, 133.0, 40.0],
        "previous": [392.1, 3.0, 2.0, 1.0, NAN, 0.0],
        "target": [600.0, 8.0, NAN, 4.0, 150.0, NAN],
    }
)


def test_met_targets_name_the_figure_and_the_share():
    assert met_targets(TABLE, two_digits=True) == ["diện tích liên kết (768,6 ha, đạt 128,1%)"]
    assert met_targets(TABLE.assign(target=NAN)) == []  # no target set: no claim


def test_largest_changes_skip_unknown_and_zero_last_years():
    rises = changes(TABLE, rising=True, two_digits=True)
    falls = changes(TABLE, rising=False, two_digits=True)
    assert rises == ["diện tích liên kết (768,6 ha, tăng 96,0%)"]
    assert falls == ["dự án (trong kỳ chưa có, cùng kỳ 01 dự án)", "hội chợ, triển lãm (01 lượt, giảm 50,0%)"]
    assert not any("mã" in x or "hộ " in x for x in rises + falls)  # unknown (NaN) and zero last years


@pytest.mark.parametrize(
    "label, value, unit, expected",
    [
        ("Mô hình liên kết được nhân rộng", 3, "mô hình", "mô hình liên kết được nhân rộng (03 mô hình, tăng 200,0%)"),
        ("HTX, THT thành lập mới", 2, "HTX/THT", "HTX, THT thành lập mới (02 HTX/THT, tăng 100,0%)"),
        ("Chuỗi liên kết mới trong kỳ", 3, "chuỗi", "chuỗi liên kết mới trong kỳ (03 chuỗi, tăng 200,0%)"),
        ("Lượt hộ tham gia liên kết", 517, "lượt hộ", "lượt hộ tham gia liên kết (517 lượt hộ, tăng 158,5%)"),
        ("Diện tích liên kết", 5, "ha", "diện tích liên kết (5 ha, tăng 150,0%)"),
        ("Kinh phí hỗ trợ", 5e8, "đồng", "kinh phí hỗ trợ (500 triệu đồng, tăng 150,0%)"),
    ],
)
def test_a_change_gives_the_figure_with_its_unit_in_one_bracket(label, value, unit, expected):
    previous = {3: 1.0, 2: 1.0, 517: 200.0, 5: 2.0, 5e8: 2e8}[value] if label != "Chuỗi liên kết mới trong kỳ" else 1.0
    table = pd.DataFrame({"label": [label], "unit": [unit], "value": [float(value)], "previous": [previous],
                          "target": [NAN]})  # fmt: skip
    assert changes(table, rising=True, two_digits=True) == [expected]


def test_organisers_come_from_the_activities_most_first():
    acts = pd.DataFrame({"organiser": ["Hội Nông dân phường", "Sở Nông nghiệp và Môi trường", "Hội Nông dân phường",
                                       None, " "]})  # fmt: skip
    assert organisers(acts, "lớp", two_digits=True) == (
        "Hội Nông dân phường tổ chức 02 lớp, Sở Nông nghiệp và Môi trường 01 lớp, 02 lớp chưa ghi đơn vị tổ chức"
    )
    assert organisers(acts.iloc[0:0], "lớp") == ""
    comma = pd.DataFrame({"organiser": ["Phòng Kinh tế, Hạ tầng và Đô thị", "Hội Nông dân phường"]})
    assert organisers(comma, "lớp") == "Phòng Kinh tế, Hạ tầng và Đô thị tổ chức 1 lớp; Hội Nông dân phường 1 lớp"
    # a name ending in a number never runs into the count: the verb is said again
    numbered = pd.DataFrame({"organiser": ["Hội Nông dân phường", "Hội Nông dân phường",
                                           "Trung tâm Dịch vụ nông nghiệp khu vực 3"]})  # fmt: skip
    assert organisers(numbered, "lớp", two_digits=True) == (
        "Hội Nông dân phường tổ chức 02 lớp, Trung tâm Dịch vụ nông nghiệp khu vực 3 tổ chức 01 lớp"
    )


def test_organised_by_makes_each_organiser_the_subject_of_its_clause():
    acts = pd.DataFrame({"organiser": ["Sở Nông nghiệp và Môi trường", "Phòng Kinh tế, Hạ tầng và Đô thị",
                                       "Sở Nông nghiệp và Môi trường", None]})  # fmt: skip
    assert organised_by(acts, "cuộc", two_digits=True) == (
        "Sở Nông nghiệp và Môi trường chủ trì 02 cuộc; Phòng Kinh tế, Hạ tầng và Đô thị chủ trì 01 cuộc và "
        "01 cuộc chưa ghi đơn vị chủ trì"
    )
    assert organised_by(acts.iloc[:1], "cuộc", two_digits=True) == "Sở Nông nghiệp và Môi trường chủ trì 01 cuộc"
    assert organised_by(acts.iloc[0:0], "cuộc") == ""


# -- the notes template -------------------------------------------------------------------------------


def test_the_notes_template_lists_every_section_the_report_asks_for():
    text = notes_template("6 tháng đầu năm 2026")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    keys = [section_key(h) for h in headings]
    assert keys[: len(NOTE_HINTS)] == list(NOTE_HINTS)  # each heading reads back as its own section
    for wanted in ("Công tác chỉ đạo, triển khai", "Tồn tại, hạn chế", "Khó khăn, vướng mắc", "Nguyên nhân khách quan",
                   "Nguyên nhân chủ quan", "Lồng ghép tuyên truyền tại hội nghị, hội thảo",
                   "Tuân thủ quy trình, tiêu chuẩn của đối tác tiêu thụ", "Vùng nguyên liệu",
                   "Văn bản mới về chính sách liên kết", "Kết quả kiểm tra, giám sát"):  # fmt: skip
        assert wanted in headings, wanted
    assert [k for k in keys if k and k.startswith(("III", "IV"))] == [*(f"III.{i}" for i in range(1, 8)), "IV"]
    notes = Notes.parse(text, "ghi_chu.md")
    assert notes.sections == {} and notes.unknown == []  # hints are comments: an unfilled template fills nothing


@pytest.mark.parametrize(
    "heading, key",
    [
        ("Nguyên nhân khách quan", "nguyen nhan khach quan"),
        ("Nguyên nhân chủ quan:", "nguyen nhan chu quan"),
        ("Nguyên nhân", "nguyen nhan"),  # a file written before the split
        ("Kết quả kiểm tra, giám sát", "ket qua kiem tra"),
        ("Kết quả nổi bật", "ket qua"),
        ("TỒN TẠI, HẠN CHẾ", "ton tai"),
        ("Cong tac chi dao, trien khai", "cong tac chi dao"),
        ("III.6 Vùng nguyên liệu", "III.6"),
    ],
)
def test_a_heading_opens_the_longest_section_it_starts_with(heading, key):
    assert section_key(heading) == key
    assert key in NOTE_SECTIONS or key.startswith("III")


def test_causes_fall_back_to_one_section_in_an_old_notes_file(tmp_path):
    from lkdata.report.document import ReportDocument
    from lkdata.report.html import Placeholders

    old = Notes.parse("## Nguyên nhân\n\nThiếu vốn.\n", tmp_path / "n.md")
    new = Notes.parse("## Nguyên nhân khách quan\n\nThời tiết.\n", tmp_path / "n.md")
    fake = type("R", (), {"notes": None, "note": ReportDocument.note, "causes": ReportDocument.causes})()
    fake.placeholders = Placeholders()  # what the document still lacks (a missing cause is one)
    fake.notes = old
    assert [repr(b).strip() for b in fake.causes()] == ["Thiếu vốn."]
    fake.notes = new
    shown = [repr(b).strip() for b in fake.causes()]
    assert shown[:2] == ["*a) Nguyên nhân khách quan*", "Thời tiết."] and "Nguyên nhân chủ quan" in shown[3]
