"""Files the office edits by hand (``ward.yaml``, ``headers.yaml``, ``targets/<year>.yaml``, catalogues and
notes in whatever encoding the editor saved them): a value that cannot be used is refused with the file,
the key and the value named, never a traceback and never a silent misreading; every date is read day first."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.cli import main
from lkdata.errors import ReferenceDataError, UsageError
from lkdata.io.notes import read_notes
from lkdata.io.reference import load_plan, load_reference, load_targets

D = dt.date


def _ward(tmp_path: Path, text: str) -> dict:
    (tmp_path / "ward.yaml").write_text(text, encoding="utf-8")
    return load_reference(tmp_path).ward


# --- ward.yaml ---------------------------------------------------------------------------------------

BAD_WARD = [
    ("ward: [a\nplan: 1\n", "sai cú pháp YAML ở dòng 2, cột 5"),  # a bracket never closed
    ("plan:\n  number: 1327\n   date: 02/4/2026\n", "sai cú pháp YAML ở dòng 3"),  # indentation
    ("ward: A\nward: B\n", "khóa 'ward' ghi hai lần (lần đầu ở dòng 1)"),
    ("- a\n- b\n", "phải là một bảng khóa - giá trị"),
    ("plan: 5\n", "khóa plan: '5' cần một bảng khóa - giá trị"),
    ("plan:\n  date: 32/4/2026\n", "khóa plan.date: '32/4/2026' không phải ngày hợp lệ"),
    ("plan:\n  date: 2026-13-01\n", "khóa plan.date: '2026-13-01' không phải ngày hợp lệ"),
    ("plan:\n  date: sắp ban hành\n", "khóa plan.date: 'sắp ban hành' không phải ngày hợp lệ"),
    ("plan:\n  date: [2, 4, 2026]\n", "khóa plan.date"),
    ("issuing_body: ỦY BAN NHÂN DÂN\n", "khóa issuing_body: 'ỦY BAN NHÂN DÂN' cần một danh sách"),
    ("recipients:\n  a: b\n", "khóa recipients"),
    ("ward: [Long, Khánh]\n", "khóa ward: '[Long, Khánh]' cần một dòng chữ"),
    ("signer: KT. CHỦ TỊCH\n", "khóa signer"),
    ("due:\n  semiannual: 05-10\n", "khóa due.semiannual: '05-10' không phải ngày/tháng hợp lệ"),
    ("due:\n  annual: 31/11\n", "khóa due.annual: '31/11'"),
    ("due:\n  annual: tháng 11\n", "khóa due.annual"),
    ("cutoff_margin_days: abc\n", "khóa cutoff_margin_days: 'abc' cần số ngày"),
    ("cutoff_margin_days: -1\n", "khóa cutoff_margin_days: '-1'"),
    ("cutoff_margin_days: 2,5\n", "khóa cutoff_margin_days: '2,5'"),
    ("cutoff_margin_days: 400\n", "khóa cutoff_margin_days: '400'"),
    ("area_units: 5\n", "khóa area_units: '5' cần một bảng đơn vị"),
    ("area_units:\n  ha: abc\n", "khóa area_units.ha: 'abc' không phải số"),
    ("area_units:\n  ha: 1.000\n", "khóa area_units.ha: '1.000' đọc được hai cách (1000 hay 1)"),
    ("area_units:\n  sào: 0\n", "đơn vị sào: cần số ha lớn hơn 0"),
    ("area_units:\n  ha: .inf\n", "khóa area_units.ha: '.inf' không phải số"),
]


@pytest.mark.parametrize(("text", "says"), BAD_WARD)
def test_a_ward_profile_that_cannot_be_used_is_refused_naming_file_and_key(tmp_path: Path, text: str, says: str):
    with pytest.raises(ReferenceDataError) as info:
        _ward(tmp_path, text)
    message = str(info.value)
    assert str(tmp_path / "ward.yaml") in message and says in message, message


@pytest.mark.parametrize(("text", "says"), BAD_WARD[:3] + BAD_WARD[5:6] + BAD_WARD[16:17])
def test_every_command_that_reads_the_profile_exits_2_with_the_message(fresh_project: Path, monkeypatch, capsys,
                                                                       text: str, says: str):  # fmt: skip
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    reference = fresh_project / "data" / "raw" / "reference"
    reference.mkdir(exist_ok=True)  # the sample ships its targets there
    (reference / "ward.yaml").write_text(text, encoding="utf-8")
    processed = fresh_project / "data" / "processed"
    before = {f.name: f.read_bytes() for f in processed.glob("*.parquet")}
    for command in (["status"], ["clean"], ["indicators", "2026-H1"], ["report", "2026-H1", "-q"], ["template"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert err.startswith("Lỗi: Tệp ") and says in err and "Traceback" not in err, (command, err)
    assert {f.name: f.read_bytes() for f in processed.glob("*.parquet")} == before  # nothing was cleaned


@pytest.mark.parametrize(
    ("typed", "day"),
    [("02/4/2026", D(2026, 4, 2)), ("2/4/26", D(2026, 4, 2)), ("02-04-2026", D(2026, 4, 2)),
     ("2026-04-02", D(2026, 4, 2)), ("ngày 02 tháng 4 năm 2026", D(2026, 4, 2)), ("12/11/2026", D(2026, 11, 12)),
     ("'02/4/2026'", D(2026, 4, 2))],
)  # fmt: skip
def test_the_plan_date_is_read_day_first(tmp_path: Path, typed: str, day: dt.date):
    assert _ward(tmp_path, f"plan:\n  number: 1327/KH-UBND\n  date: {typed}\n")["plan"]["date"] == day


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)), st.sampled_from(["/", "-", "."]),
       st.booleans(), st.booleans())  # fmt: skip
def test_any_date_typed_day_first_is_that_date(tmp_path_factory, day: dt.date, sep: str, pad_day: bool,
                                               pad_month: bool):  # fmt: skip
    folder = tmp_path_factory.mktemp("ward")
    typed = sep.join([f"{day.day:02d}" if pad_day else str(day.day), f"{day.month:02d}" if pad_month else
                      str(day.month), str(day.year)])  # fmt: skip
    assert _ward(folder, f"plan:\n  date: {typed}\n")["plan"]["date"] == day


def test_the_report_cites_a_day_first_plan_date_as_written(processed_copy: Path, monkeypatch):
    from lkdata.api import open_report

    root = processed_copy
    (root / "data" / "raw" / "reference").mkdir(parents=True, exist_ok=True)
    (root / "data" / "raw" / "reference" / "ward.yaml").write_text(
        "ward: Long Khánh\nplan:\n  number: 1327/KH-UBND\n  date: 02/4/2026\n", encoding="utf-8"
    )
    monkeypatch.setenv("LKDATA_ROOT", str(root))
    report = open_report("2026-H1", processed=root / "data" / "processed")
    assert "Kế hoạch số 1327/KH-UBND ngày 02/4/2026" in report.plan and "04/02/2026" not in report.plan


@pytest.mark.parametrize(
    ("typed", "month_day"),
    [("10/5", "05-10"), ("10/05", "05-10"), ("15/11", "11-15"), ("ngày 15 tháng 11", "11-15"), ("29/2", "02-29")],
)
def test_due_dates_are_day_and_month_day_first(tmp_path: Path, typed: str, month_day: str):
    assert _ward(tmp_path, f"due:\n  annual: {typed}\n")["due"]["annual"] == month_day


def test_the_default_profile_reads_as_before():
    ward = load_reference().ward
    assert ward["plan"]["date"] == D(2026, 4, 2) and ward["due"] == {"semiannual": "05-10", "annual": "11-15"}
    assert ward["cutoff_margin_days"] == 5 and ward["area_units"]["sào"] == 0.1 and ward["signer"]["name"] == ""


def test_yaml_words_stay_text_and_an_unknown_key_is_said(tmp_path: Path, caplog):
    with caplog.at_level(logging.WARNING, logger="lkdata"):
        ward = _ward(tmp_path, "ward: no\nplace: 1:30\nwardd: Long Khánh\n")
    assert ward["ward"] == "no" and ward["place"] == "1:30"  # YAML 1.1 would say False and 90
    assert "khóa wardd không phải khóa lkdata dùng" in caplog.text and str(tmp_path / "ward.yaml") in caplog.text


@given(st.text(max_size=200))
def test_no_ward_profile_raises_anything_but_a_clear_error(tmp_path_factory, text: str):
    folder = tmp_path_factory.mktemp("ward")
    try:
        ward = _ward(folder, text)
    except ReferenceDataError as exc:
        assert "ward.yaml" in str(exc)
    else:
        assert isinstance(ward, dict)


# --- headers.yaml ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("producers:\n  name: [Họ tên\n", "sai cú pháp YAML ở dòng"),
        ("producers: 5\n", "bộ dữ liệu producers: cần một bảng 'trường: [tên cột, ...]', không phải '5'"),
        ("producers:\n  name: Họ tên\n", "producers.name: 'Họ tên' không phải danh sách tên cột"),
        ("producers:\n  name: []\n", "producers.name: '[]' không phải danh sách tên cột"),
        ("producers:\n  name: [Họ tên, '']\n", "producers.name"),
        ("producers:\n  name: [Họ tên, [a]]\n", "producers.name"),
        ("producers:\n  nam: [Họ tên]\n", "bộ dữ liệu producers: không có trường 'nam' (có phải 'name'?)"),
        ("producerz:\n  name: [Họ tên]\n", "không có bộ dữ liệu 'producerz' (có phải 'producers'?)"),
        ("[producers]\n", "phải là một bảng khóa - giá trị"),
    ],
)
def test_header_aliases_that_cannot_be_used_are_refused(tmp_path: Path, text: str, says: str):
    (tmp_path / "headers.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as info:
        load_reference(tmp_path)
    assert str(tmp_path / "headers.yaml") in str(info.value) and says in str(info.value), str(info.value)


def test_a_partial_header_file_keeps_the_defaults_of_what_it_leaves_out(tmp_path: Path, caplog):
    (tmp_path / "headers.yaml").write_text("producers:\n  name: [Họ và tên chủ hộ, Tên chủ hộ, no]\n",
                                           encoding="utf-8")  # fmt: skip
    default = load_reference().headers
    with caplog.at_level(logging.WARNING, logger="lkdata"):
        headers = load_reference(tmp_path).headers
    assert headers["producers"]["name"] == ["Họ và tên chủ hộ", "Tên chủ hộ", "no"]  # "no" stays a header text
    assert headers["producers"]["phone"] == default["producers"]["phone"] and headers["crops"] == default["crops"]
    assert "không có bộ dữ liệu crops" in caplog.text and "thiếu trường" in caplog.text


# --- targets/<year>.yaml -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("training_courses: abc\n", "chỉ tiêu training_courses: 'abc' không phải số"),
        ("training_courses: 8 lớp\n", "chỉ tiêu training_courses: '8 lớp' không phải số"),
        ("training_courses: -5\n", "chỉ tiêu training_courses: '-5' không phải số không âm"),
        ("training_courses: .inf\n", "'.inf' không phải số"),
        ("training_courses: .nan\n", "'.nan' không phải số"),
        ("linkage_area_ha: 1.200\n", "'1.200' đọc được hai cách (1200 hay 1,2)"),
        ("training_courses: [8, 9]\n", "chỉ tiêu training_courses"),
        ("training_courses: 8\ntraining_courses: 9\n", "khóa 'training_courses' ghi hai lần"),
        ("training_courses: [8\n", "sai cú pháp YAML ở dòng 2"),
        ("- 8\n", "phải là một bảng khóa - giá trị"),
        ("khoa_hoc: 8\n", "có mã chỉ tiêu không có trong kế hoạch (indicators.csv): 'khoa_hoc'"),
    ],
)
def test_a_target_that_is_no_number_is_refused(tmp_path: Path, text: str, says: str):
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "2026.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as info:
        load_targets(2026, tmp_path, plan=load_plan())
    assert "2026.yaml" in str(info.value) and says in str(info.value), str(info.value)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("8", 8.0), ("600.5", 600.5), ("0,5", 0.5), ("1.500.000.000", 1.5e9), ("1,500,000", 1.5e6), ("'12'", 12.0)],
)
def test_targets_are_read_either_way_when_they_read_one_way(tmp_path: Path, typed: str, value: float):
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "2026.yaml").write_text(f"support_vnd: {typed}\ncoops_new:\n", encoding="utf-8")
    assert load_targets(2026, tmp_path, plan=load_plan()) == {"support_vnd": value}  # no value: no target


@given(st.text(max_size=30))
def test_any_typed_target_is_a_number_or_a_clear_error(tmp_path_factory, typed: str):
    folder = tmp_path_factory.mktemp("targets")
    (folder / "targets").mkdir()
    (folder / "targets" / "2026.yaml").write_text(f"coops_new: {typed}\n", encoding="utf-8")
    try:
        targets = load_targets(2026, folder, plan=PLAN)
    except ReferenceDataError as exc:
        assert "2026.yaml" in str(exc)
    else:
        assert all(v >= 0 and v == v and v != float("inf") for v in targets.values())


PLAN = load_plan()


def test_a_bad_targets_file_stops_indicators_and_report_before_any_kernel(fresh_project: Path, monkeypatch, capsys):
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    folder = fresh_project / "data" / "raw" / "reference" / "targets"
    folder.mkdir(parents=True, exist_ok=True)  # the sample ships its own
    (folder / "2027.yaml").write_text("coops_new: hai\n", encoding="utf-8")  # next year's: the annual report shows it
    assert main(["indicators", "2027"]) == 2
    assert "chỉ tiêu coops_new: 'hai' không phải số" in capsys.readouterr().err
    assert main(["report", "2026", "-q"]) == 2
    assert "2027.yaml" in capsys.readouterr().err
    assert not (fresh_project / "reports").exists()


# --- text in any encoding: notes and catalogues ------------------------------------------------------

NOTES = (
    "## Khó khăn, vướng mắc\n\nGiá sầu riêng giảm; thiếu vốn cho HTX Phước Bình.\n\n## Đề xuất, kiến nghị\n\nHỗ trợ.\n"
)


#: The five tone marks, which cp1258 writes as combining characters after the letter.
TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode(text: str, encoding: str) -> bytes:
    """``text`` as an editor saves it: cp1258 keeps ă â ê ô ơ ư đ whole and writes tones as combining marks."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = []
    for c in text:
        decomposed = unicodedata.normalize("NFD", c)
        tones = "".join(m for m in decomposed if m in TONES)
        out.append(unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONES)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_notes_are_read_in_the_encodings_windows_editors_save(tmp_path: Path, encoding: str):
    path = tmp_path / "2026-H1.md"
    path.write_bytes(encode(NOTES.replace("\n", "\r\n"), encoding))
    assert unicodedata.normalize("NFC", read_notes(path)).replace("\r\n", "\n") == NOTES


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"\x00\x01\x02\xff" * 500])
def test_notes_whose_encoding_cannot_be_told_are_refused(tmp_path: Path, data: bytes):
    path = tmp_path / "2026-H1.md"
    path.write_bytes(data)
    with pytest.raises(UsageError) as info:
        read_notes(path)
    assert str(path) in str(info.value) and "UTF-8" in str(info.value)


def test_an_empty_notes_file_is_empty_notes(tmp_path: Path):
    (tmp_path / "n.md").write_bytes(b"")
    assert read_notes(tmp_path / "n.md") == "" and read_notes(tmp_path / "none.md") is None


def test_a_report_with_unreadable_notes_stops_before_any_kernel(fresh_project: Path, monkeypatch, capsys):
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    notes = fresh_project / "data" / "raw" / "notes" / "2026-H1.md"
    notes.write_bytes(bytes(range(256)) * 8)
    assert main(["report", "2026-H1", "-q"]) == 2
    err = capsys.readouterr().err
    assert str(notes) in err and "lưu lại tệp với bảng mã UTF-8" in err and "Traceback" not in err
    assert not (fresh_project / "reports").exists()


def test_a_catalogue_saved_in_cp1258_or_utf16_is_read(tmp_path: Path, caplog):
    text = "code,name,aliases\nBV,Khu phố Bảo Vinh,bao vinh\nSX,Khu phố Suối Tre,suoi tre\n"
    for encoding in ("cp1258", "utf-16"):
        (tmp_path / "khu_pho.csv").write_bytes(encode(text, encoding))
        with caplog.at_level(logging.WARNING, logger="lkdata"):
            ref = load_reference(tmp_path)
        assert list(ref.khu_pho["name"]) == ["Khu phố Bảo Vinh", "Khu phố Suối Tre"]
        assert f"bảng mã {encoding.replace('-', '')[:5]}" in caplog.text.replace("-", "")


@pytest.fixture
def processed_copy(copy_project, tmp_path: Path) -> Path:
    """A project folder whose processed data is the shared clean's (copied: the test adds a ward profile)."""
    root = copy_project("plan_date")
    shutil.rmtree(root / "data" / "raw" / "reference", ignore_errors=True)
    return root
