"""lkdata.io.send_back: one workbook per source file, each name unique and short enough for any file
system, and the previous set kept until the whole new one is written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkdata.io.send_back as send_back
from lkdata.io.send_back import MAX_NAME_BYTES, SEND_BACK_DIR, send_back_names, write_send_back
from lkdata.io.store import write_csv


def _quarantine(processed: Path, dataset: str, files: list[str]) -> None:
    rows = pd.DataFrame({
        "Tệp": files, "Trang tính": "KP1", "Dòng": [str(i) for i in range(5, 5 + len(files))],
        "Lý do": [f"Diện tích âm: -{i}" for i in range(len(files))], "Diện tích canh tác": "-1",
    })  # fmt: skip
    write_csv(rows, processed / "quarantine" / f"{dataset}.csv")


def _reasons(book: Path) -> list[str]:
    return [r[2] for r in openpyxl.load_workbook(book).active.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["producers/foo.csv", "producers/foo.xlsx"], ["producers__foo.csv.xlsx", "producers__foo.xlsx.xlsx"]),
        (["producers/Foo.xlsx", "producers/foo.xlsx"], None),  # one name on Windows and macOS: told apart
        (["producers/kp1/ds.xlsx", "producers/kp2/ds.xlsx"], ["producers__kp1__ds.xlsx", "producers__kp2__ds.xlsx"]),
        (["producers/a.xlsx", "producers/b.xlsx"], ["producers__a.xlsx", "producers__b.xlsx"]),
    ],
    ids=["same-stem", "same-name-but-case", "subfolders", "distinct"],
)
def test_each_source_file_gets_its_own_workbook(tmp_path: Path, files: list[str], expected: list[str] | None):
    _quarantine(tmp_path, "producers", files)
    written = write_send_back(tmp_path)
    names = sorted(p.name for p in written)
    assert len({n.casefold() for n in names}) == len(files)
    if expected is not None:
        assert names == sorted(expected)
    assert sorted(p.name for p in (tmp_path / SEND_BACK_DIR).iterdir()) == names
    for book in written:  # each list holds its own file's row, none is lost
        assert len(_reasons(book)) == 1


def test_a_very_long_file_name_gives_a_short_unique_workbook_name(tmp_path: Path):
    long = ["producers/" + "Danh sách hộ sản xuất khu phố " * 8 + f"{i}.xlsx" for i in range(2)]
    assert all(len(Path(f).name) > 240 for f in long)
    _quarantine(tmp_path, "producers", long)
    written = write_send_back(tmp_path)
    assert len({p.name for p in written}) == 2
    assert all(len(p.name.encode()) <= MAX_NAME_BYTES for p in written)
    assert all(p.name.startswith("producers__Danh sách hộ") and p.suffix == ".xlsx" for p in written)


_PART = st.text(st.characters(codec="utf-8", exclude_characters="/\\") | st.sampled_from("<>:\"|?*\u200b\x00 ."),
                min_size=1, max_size=90)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["producers", "crops"]), st.lists(_PART, min_size=1, max_size=3)),
                min_size=1, max_size=8))  # fmt: skip
def test_names_are_unique_bounded_and_valid_anywhere(sources):
    keys = [(d, "/".join([d, *parts])) for d, parts in sources]
    names = send_back_names(keys)
    assert set(names) == set(keys)
    assert len({n.casefold() for n in names.values()}) == len(names)
    for name in names.values():
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES and name.endswith(".xlsx")
        assert not set(name) & set('<>:"/\\|?*\x00\u200b')
        assert name.split("__", 1)[0] in ("producers", "crops")


def test_a_failure_keeps_the_previous_lists_and_leaves_no_temporary(tmp_path: Path, monkeypatch):
    _quarantine(tmp_path, "producers", ["producers/a.xlsx", "producers/b.xlsx"])
    before = {p.name: p.read_bytes() for p in write_send_back(tmp_path)}
    _quarantine(tmp_path, "producers", ["producers/a.xlsx", "producers/c.xlsx"])
    real = send_back._write_workbook

    def fail_on_second(target: Path, rows):
        if target.name.startswith("producers__c"):
            raise OSError(36, "File name too long")
        real(target, rows)

    monkeypatch.setattr(send_back, "_write_workbook", fail_on_second)
    with pytest.raises(OSError):
        write_send_back(tmp_path)
    assert {p.name: p.read_bytes() for p in (tmp_path / SEND_BACK_DIR).iterdir()} == before
    assert not list(tmp_path.glob(".lkdata-*"))


def test_a_fixed_file_loses_its_list_and_the_office_files_stay(tmp_path: Path):
    _quarantine(tmp_path, "producers", ["producers/a.xlsx", "producers/b.xlsx"])
    write_send_back(tmp_path)
    mine = tmp_path / SEND_BACK_DIR / "ghi_chu_cua_van_phong.xlsx"
    mine.write_bytes(b"office")
    _quarantine(tmp_path, "producers", ["producers/a.xlsx"])
    write_send_back(tmp_path)
    assert sorted(p.name for p in (tmp_path / SEND_BACK_DIR).iterdir()) == [
        "ghi_chu_cua_van_phong.xlsx",
        "producers__a.xlsx",
    ]


@pytest.mark.parametrize(
    ("issues", "listed"),
    [
        ("Diện tích âm: -3 (đã để trống)", "Diện tích âm: -3 (đã để trống)"),
        ("Số điện thoại không hợp lệ: 12; Ngày đăng ký không hợp lệ: 31/02/2022 (đã để trống)",
         "Ngày đăng ký không hợp lệ: 31/02/2022 (đã để trống)"),
        ("Diện tích vượt mức hợp lý: 3.000 ha (tối đa 50 ha)", None),  # kept as read: nothing to send back
        (None, None),
    ],
    ids=["emptied", "emptied-among-others", "unusual-kept", "clean"],
)  # fmt: skip
def test_accepted_rows_whose_bad_value_was_emptied_go_back_too(tmp_path: Path, issues, listed):
    """A bad optional value is left empty and the row accepted: the khu phố must still correct it, so the row
    is in its file's send-back list, beside the file's quarantined rows, in row order."""
    _quarantine(tmp_path, "producers", ["producers/ds.xlsx", "producers/ds.xlsx"])  # rows 5 and 6
    table = pd.DataFrame({
        "name": ["Nguyễn Văn Ất"], "issues": pd.array([issues], dtype="string"),
        "source_file": ["producers/ds.xlsx"], "source_sheet": ["KP1"], "source_row": [5],
    })  # fmt: skip
    table.to_parquet(tmp_path / "producers.parquet")
    (book,) = write_send_back(tmp_path)
    rows = list(openpyxl.load_workbook(book).active.iter_rows(min_row=2, values_only=True))
    expected = ["Diện tích âm: -0", *([f"Dòng đã nhận, cần sửa: {listed}"] if listed else []), "Diện tích âm: -1"]
    assert [r[2] for r in rows] == expected
    assert [r[1] for r in rows] == ([5, 5, 6] if listed else [5, 6])
