"""The synthetic sample: deterministic, realistic, and its planted truth matches its files.

The files are read back here with openpyxl and the csv module directly (not with lkdata's reader),
so the truth is checked against what a spreadsheet program would show.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from lkdata.config import DATASETS
from lkdata.sample.builder import SAMPLE_NOTICE, TRUTH_FILE, generate_sample
from lkdata.vn.text import fold


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel-exported CSV carries a BOM"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


def _sheets(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def _all_files(folder: Path, notes: bool = False) -> list[Path]:
    """The sample's files; with ``notes`` also the analyst's notes and the sample's targets it carries."""
    extra = ("notes", "reference/targets") if notes else ()
    return sorted(f for d in (*DATASETS, *extra) for f in (folder / d).iterdir())


@pytest.fixture(scope="module")
def truth(sample_dir: Path) -> dict:
    return json.loads((sample_dir / TRUTH_FILE).read_text(encoding="utf-8"))


def test_same_seed_gives_identical_files(sample_dir: Path, tmp_path: Path):
    generate_sample(tmp_path, seed=2026, scale=300)
    for f in _all_files(sample_dir, notes=True):
        twin = tmp_path / f.relative_to(sample_dir)
        if f.suffix in (".csv", ".md", ".yaml"):
            assert f.read_bytes() == twin.read_bytes(), f
        else:
            assert _sheets(f) == _sheets(twin), f


def test_another_seed_gives_other_data(sample_dir: Path, tmp_path: Path):
    generate_sample(tmp_path, seed=7, scale=300)
    a = sample_dir / "activities" / "hoat_dong_2026.csv"
    assert a.read_bytes() != (tmp_path / "activities" / "hoat_dong_2026.csv").read_bytes()


def test_committed_sample_is_the_generator_output(root: Path, sample_dir: Path):
    """data/raw holds exactly what `make sample` writes, so the truth file describes it."""
    committed = root / "data" / "raw"
    assert json.loads((committed / TRUTH_FILE).read_text(encoding="utf-8")) == json.loads(
        (sample_dir / TRUTH_FILE).read_text(encoding="utf-8")
    )
    for f in _all_files(sample_dir, notes=True):
        twin = committed / f.relative_to(sample_dir)
        assert twin.exists(), twin
        if f.suffix in (".csv", ".md", ".yaml"):
            assert f.read_bytes() == twin.read_bytes(), f
        else:
            assert _sheets(f) == _sheets(twin), f
    size = sum(f.stat().st_size for f in committed.rglob("*") if f.is_file())
    assert size < 2 * 1024 * 1024


def test_every_dataset_has_xlsx_and_says_it_is_sample_data(sample_dir: Path):
    for d in DATASETS:
        files = list((sample_dir / d).iterdir())
        assert any(f.suffix == ".xlsx" for f in files), d
        for f in files:
            if f.suffix == ".xlsx":
                for title, rows in _sheets(f).items():
                    assert rows[0][0] == "UBND PHƯỜNG LONG KHÁNH", (f, title)
                    assert SAMPLE_NOTICE in str(rows[2][0]), (f, title)


def test_row_counts_in_the_truth_match_the_files(sample_dir: Path, truth: dict):
    assert set(truth["files"]) == {f"{f.parent.name}/{f.name}" for f in _all_files(sample_dir)}
    for rel, info in truth["files"].items():
        path = sample_dir / rel
        for sheet, s in info["sheets"].items():
            if path.suffix == ".csv":
                rows = _csv_rows(path)[1:]
            else:
                rows = _sheets(path)[sheet][s["header_row"] :]
            nonblank = [r for r in rows if any(v not in (None, "") for v in r)]
            assert len(nonblank) == s["data_rows"] + s["skipped_rows"], (rel, sheet)
            totals = [r for r in nonblank if r[1] == "Tổng cộng"]
            repeated = [r for r in nonblank if r[0] == "STT"]
            assert len(totals) + len(repeated) == s["skipped_rows"], (rel, sheet)


def _cell(sample_dir: Path, where: dict, column: int):
    path = sample_dir / where["file"]
    if path.suffix == ".csv":
        return _csv_rows(path)[where["row"] - 1][column]
    return _sheets(path)[where["sheet"]][where["row"] - 1][column]


def _col(sample_dir: Path, where: dict, field_aliases: list[str]) -> int:
    """Find the column of a field in the header of that sheet (any alias, with or without diacritics)."""
    path = sample_dir / where["file"]
    header = _csv_rows(path)[0] if path.suffix == ".csv" else _sheets(path)[where["sheet"]][4]
    keys = {fold(a) for a in field_aliases}
    return next(i for i, h in enumerate(header) if fold(h) in keys)


def test_planted_invalid_rows_hold_the_planted_values(sample_dir: Path, truth: dict):
    from lkdata.io.reference import load_reference

    headers = load_reference().headers
    reasons = {t["reason"] for t in truth["invalid"]}
    assert {
        "negative_area",
        "unknown_khu_pho",
        "invalid_date",
        "missing_name",
        "invalid_kind",
        "unknown_crop",
    } <= reasons
    for t in truth["invalid"]:
        col = _col(sample_dir, t, headers[t["dataset"]][t["field"]])
        assert _cell(sample_dir, t, col) in (t["value"], None, ""), t
        if t["value"] is not None:
            assert _cell(sample_dir, t, col) == t["value"]


def test_planted_legacy_names_are_in_legacy_fonts(sample_dir: Path, truth: dict):
    assert {t["encoding"] for t in truth["legacy"]} == {"tcvn3", "vni"}
    assert len(truth["legacy"]) >= 6
    for t in truth["legacy"]:
        wb = openpyxl.load_workbook(sample_dir / t["file"])
        cell = wb[t["sheet"]].cell(row=t["row"], column=2)
        assert cell.value == t["raw"] != t["expected"]
        assert cell.font.name == (".VnTime" if t["encoding"] == "tcvn3" else "VNI-Times")


def test_planted_duplicates_repeat_a_household(sample_dir: Path, truth: dict):
    kinds = [t["kind"] for t in truth["duplicates"]]
    assert kinds.count("exact") >= 3 and kinds.count("tone_variant") >= 1
    for t in truth["duplicates"]:
        dup = _sheets(sample_dir / t["file"])[t["sheet"]][t["row"] - 1]
        orig = _sheets(sample_dir / t["of"]["file"])[t["of"]["sheet"]][t["of"]["row"] - 1]
        assert dup[1] != orig[1] if t["kind"] == "tone_variant" else dup[1] == orig[1]
        assert fold(dup[1]) == fold(orig[1])
        assert dup[2:] == orig[2:]  # same phone, ID, khu phố, area ...
        assert t["file"] != t["of"]["file"]


def test_some_khu_pho_send_nothing(sample_dir: Path, truth: dict):
    silent = truth["khu_pho_without_data"]
    assert silent == ["Khu phố 18", "Khu phố 19", "Khu phố 20"]
    text = " ".join(
        fold(v)
        for f in _all_files(sample_dir)
        for rows in ([_csv_rows(f)] if f.suffix == ".csv" else _sheets(f).values())
        for r in rows
        for v in r
        if isinstance(v, str)
    )
    for kp in silent:
        n = kp.rsplit(" ", 1)[1]
        for form in (f"khu pho {n}", f"kp {n}", f"kp{n}"):
            assert f" {form} " not in f" {text} ", form


def test_activities_cover_every_task_in_each_comparable_period(sample_dir: Path):
    sheets = _sheets(sample_dir / "activities" / "hoat_dong_2024_2025.xlsx")
    assert set(sheets) == {"Năm 2024", "Năm 2025"}
    for title, rows in sheets.items():
        tasks = {r[3] for r in rows[5:] if r[0] is not None}
        assert tasks == {f"III.{i}" for i in range(1, 8)}, title
    rows_2026 = _csv_rows(sample_dir / "activities" / "hoat_dong_2026.csv")[1:]
    tasks_2026 = {r[3] for r in rows_2026}
    assert tasks_2026 == {f"III.{i}" for i in range(1, 8)}


def test_values_come_in_the_many_ways_people_type_them(sample_dir: Path):
    producers = _sheets(sample_dir / "producers" / "ho_san_xuat_theo_khu_pho.xlsx")
    cells = [str(v) for rows in producers.values() for r in rows[5:] for v in r if v is not None]
    joined = "\n".join(cells)
    for needle in ("m²", "sào", "+84 ", "Kp.", "khu pho", "ngày ", "Viet GAP"):
        assert needle in joined, needle
    assert any(
        isinstance(v, int) and 100_000_000 <= v < 1_000_000_000
        for rows in producers.values()
        for r in rows[5:]
        for v in r[2:3]
    ), "a phone typed as a number"
    coops = "\n".join(
        str(v) for r in _sheets(sample_dir / "cooperatives" / "danh_sach_htx_tht.xlsx")["HTX-THT"] for v in r
    )
    links = "\n".join(
        str(v) for r in _sheets(sample_dir / "linkages" / "lien_ket_san_xuat_tieu_thu.xlsx")["Liên kết"] for v in r
    )
    assert any(m in coops + links for m in ("tỷ", "triệu")) and " đ" in coops + links
    header = _csv_rows(sample_dir / "producers" / "ho_san_xuat_kp16.csv")[0]
    assert header[0] == "STT"


def test_province_scale_generation_is_bounded(tmp_path: Path):
    """A larger set keeps workbooks bounded and sends the rest as CSV exports (checked at 30,000)."""
    from lkdata.sample.builder import XLSX_ROW_BUDGET

    t = generate_sample(tmp_path, seed=3, scale=30_000)
    assert t["records"]["producers"] == 30_000
    for rel, info in t["files"].items():
        if rel.endswith(".xlsx"):
            assert info["data_rows"] <= XLSX_ROW_BUDGET + 50, rel
    total_producer_rows = sum(i["data_rows"] for r, i in t["files"].items() if r.startswith("producers/"))
    assert total_producer_rows == 30_000 + len(t["duplicates"])


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        (50, "phải từ 100 hộ trở lên (đã cho 50)"),
        (0, "phải từ 100 hộ trở lên (đã cho 0)"),
        (-5, "phải từ 100 hộ trở lên (đã cho -5)"),
        (1_000_001, "tối đa 1.000.000 hộ (đã cho 1.000.001)"),
    ],
)
def test_a_scale_the_generator_cannot_make_is_a_usage_error(tmp_path: Path, scale: int, message: str):
    """Too few households (or too many) stop at once with a message, before anything is written."""
    from lkdata.errors import UsageError

    with pytest.raises(UsageError) as raised:
        generate_sample(tmp_path / "out", seed=2026, scale=scale)
    assert str(raised.value) == f"Quy mô mẫu {message}."
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_smallest_scale_plants_every_fault(tmp_path: Path, seed: int):
    """At the minimum scale every fault is still planted, even when a khu phố sends only a few rows."""
    from lkdata.sample.builder import MIN_SCALE

    t = generate_sample(tmp_path, seed=seed, scale=MIN_SCALE)
    assert t["records"]["producers"] == MIN_SCALE
    assert len(t["invalid"]) == 8 and len(t["unresolved"]) == 1 and t["legacy"] and t["duplicates"]


def test_cli_refuses_a_too_small_scale_without_a_traceback(tmp_path: Path, capsys):
    from lkdata.cli import main

    assert main(["sample", "--scale", "50", "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "Quy mô mẫu phải từ 100 hộ trở lên (đã cho 50)" in err and "Traceback" not in err
