"""Any input gets a defined outcome: rows accepted, rows quarantined with a reason, or the file failed with a
clear message; never a traceback, never a silent loss, and the other files still processed."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from bad_inputs import CASES, HEADER, Case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkdata.io.discover import shown_name
from lkdata.jobs.clean_run import run_clean


def _good_file(folder: Path) -> None:
    """A correct file beside the bad one, with households no case uses."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, name in enumerate(["Hồ Thị Giang", "Bùi Văn Hải", "Dương Thị Hoa"]):
        ws.append([i + 1, name, f"097{1234560 + i}", "Khu phố 7", 2.0, "bưởi", dt.datetime(2024, 5, 1 + i)])
    wb.save(folder / "tot.xlsx")


def _made(folder: Path) -> list[str]:
    """What a case put in the dataset's folder, as the manifest names it: every file (subfolders walked),
    a hidden folder once."""
    out = []
    for parent, dirs, names in os.walk(folder):
        here = Path(parent).relative_to(folder)
        for d in [d for d in dirs if d.startswith(".")]:
            dirs.remove(d)
            names.append(d)
        out += ["/".join(shown_name(part) for part in (here / n).parts) for n in names]
    return sorted(out)


def _text_of(entry: dict, quarantine, table) -> str:
    """What lkdata said about a file: its error and notes, its rows' quarantine reasons and accepted rows' issues."""
    rows = quarantine[quarantine["source_file"] == entry["path"]]
    sheets = [" ".join([s["error"] or "", *s["notes"], *s["proposals"]]) for s in entry["sheets"]]
    issues = table.loc[table["source_file"] == entry["path"], "issues"].dropna()
    said = [str(entry["error"] or ""), *entry["notes"], *entry.get("missing_fields", []), *sheets]
    return " ".join([*said, *(str(r) for r in rows["reasons"]), *issues])


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_each_bad_input_has_its_defined_outcome(case: Case, tmp_path: Path):
    folder = tmp_path / "raw" / case.dataset
    folder.mkdir(parents=True)
    case.make(folder)
    made = _made(folder)
    (tmp_path / "raw" / "producers").mkdir(exist_ok=True)
    _good_file(tmp_path / "raw" / "producers")
    run = run_clean(tmp_path / "raw", tmp_path / "processed")
    good = next(f for f in run.manifest["datasets"]["producers"]["files"] if f["path"] == "producers/tot.xlsx")
    assert (good["status"], good["clean"]) == ("ok", 3)  # the other file is processed whatever the bad one does
    files = {f["path"].split("/", 1)[1]: f for f in run.manifest["datasets"][case.dataset]["files"]}
    skipped = {s["path"].split("/", 1)[1]: s for s in run.manifest["skipped_files"] if s["dataset"] == case.dataset}
    files.pop("tot.xlsx", None)
    assert sorted([*files, *skipped]) == made  # every file read, or named with the reason it is not
    assert len(skipped) == case.skipped_files and all(s["reason"] for s in skipped.values())
    if case.status == "skipped":
        assert not files and case.message in " ".join(s["reason"] for s in skipped.values())
        return
    keys = ("rows_in", "clean", "quarantined", "skipped", "duplicates")
    totals = {k: sum(f[k] for f in files.values()) for k in keys}
    for f in files.values():
        assert f["rows_in"] == f["clean"] + f["quarantined"] + f["duplicates"] + f["skipped"]  # nothing lost
    if case.status in ("failed", "rejected"):
        assert all(f["status"] == case.status and f["error"] for f in files.values())
    else:
        assert all(f["status"] == "ok" for f in files.values()), [f["error"] for f in files.values()]
    for key in keys:
        expected = getattr(case, key)
        if expected is not None:
            assert totals[key] == expected, (key, totals)
    accepted = run.tables[case.dataset]
    accepted = accepted[accepted["source_file"].isin([f["path"] for f in files.values()])]
    if case.message:
        said = " ".join(_text_of(f, run.quarantine[case.dataset], run.tables[case.dataset]) for f in files.values())
        said += " ".join(s["reason"] for s in skipped.values())
        assert case.message in said, said
    if case.key == "no_certification":  # the value nobody supplied stays unknown, never "không"
        assert accepted["gap_standard"].isna().all()
    if case.key == "other_plan_task":  # a task of the plan is taken, a blank one is the kind's, the other empty
        assert accepted.sort_values("held_on")["plan_task"].fillna("").tolist() == ["III.2", "", "III.1"]
    if case.names:
        assert sorted(accepted["name"]) == sorted(case.names)
    shown = [*files, *(s["name"] for f in files.values() for s in f["sheets"]), *accepted["source_sheet"].dropna()]
    assert not [n for n in shown if re.search("[\x00-\x1f\x7f\u202a-\u202e]", n)]  # printable, never reversed
    assert not run.failed_datasets and run.tables["producers"]["producer_id"].is_unique
    if case.probable is not None:
        assert len(run.probable_duplicates) == case.probable
    if case.duplicates:  # merged: the blank filled from the other row
        assert run.tables["producers"]["farm_area_ha"].notna().all()


@pytest.mark.e2e
def test_all_bad_inputs_at_once_through_the_command(tmp_path: Path):
    """One run over every failing case: exit 1, each named with its message, no traceback, the rest written."""
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    for case in CASES:
        if case.status == "failed":
            case.make(folder)
    _good_file(folder)
    env = {**os.environ, "LKDATA_ROOT": str(tmp_path)}
    cmd = [sys.executable, "-m", "lkdata.cli", "clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]
    r = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    for name in ("trong.xlsx", "rac.xlsx", "bi_cat.xlsx", "co_mat_khau.xlsx", "bang_ma_la.csv"):
        assert re.search(rf"LỖI  producers/{re.escape(name)}: \S", r.stdout), name
    assert (tmp_path / "out" / "producers.parquet").is_file()


def test_the_readme_table_is_the_corpus(root: Path):
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bad input", 1)[1].split("\n## ", 1)[0]
    rows = [tuple(c.strip() for c in line.strip("|").split(" | ")) for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| input")]  # fmt: skip
    assert rows == [(c.label, c.outcome) for c in CASES]


# --- property: messy sheets from a grammar of real cell values -------------------------------------------

NAMES = ["Nguyễn Văn An", "NGUYỄN VĂN AN", "nguyen van an", "NguyÔn V¨n Ba", "Trần Thị Hoà", "", "  ", "???", "0"]
AREAS = ["2,5", "2.5", "1.234,5", "25 sào", "3000 m2", "-3", "~3", "abc", "", "0", 1.5, 7, "2,5ha"]
DATES = ["15/3/2025", "2/4/26", "31/02/2022", "2025-03-01", "ngày 02 tháng 4 năm 2026", "", "hôm qua", 45000,
         dt.datetime(2025, 1, 1), "15/3/2025."]  # fmt: skip
KHU_PHO = ["Khu phố 1", "KP2", "kp 03", "Khu phố 99", "", "khu pho 5"]
PHONES = ["0912345678", 912345678, "091 234 5678", "12", "", "+84912345678"]
SPECIAL = [
    ["Tổng cộng", "", "", "", "", "", ""],
    HEADER[:],
    ["", "", "", "", "", "", ""],
    ["Cộng", "", "", "", 99, "", ""],
]

row = st.tuples(st.sampled_from(NAMES), st.sampled_from(PHONES), st.sampled_from(KHU_PHO), st.sampled_from(AREAS),
                st.sampled_from(["sầu riêng", "Sau rieng", "chôm chôm", "xoài cát", "", "lúa mì"]),
                st.sampled_from(DATES)).map(lambda t: [1, *t])  # fmt: skip
sheet = st.lists(st.one_of(row, row, row, st.sampled_from(SPECIAL)), min_size=0, max_size=25)


@settings(max_examples=int(os.environ.get("LKDATA_PROPERTY_EXAMPLES", 12)), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(rows=sheet, title_rows=st.integers(0, 4), as_csv=st.booleans())
def test_messy_sheets_never_raise_and_lose_nothing(rows, title_rows, as_csv, tmp_path_factory):
    folder = tmp_path_factory.mktemp("messy") / "raw" / "producers"
    folder.mkdir(parents=True)
    body = [["DANH SÁCH"]] * title_rows + [HEADER] + rows
    if as_csv:
        text = "\n".join(";".join("" if c is None else str(c) for c in r) for r in body)
        (folder / "f.csv").write_text(text, encoding="utf-8-sig")
    else:
        wb = openpyxl.Workbook()
        for r in body:
            wb.active.append(r)
        wb.save(folder / "f.xlsx")
    run = run_clean(folder.parent, folder.parent.parent / "processed", write=False)  # checks the accounting
    assert not run.failed_datasets, run.failed_datasets
    [entry] = run.manifest["datasets"]["producers"]["files"]
    assert entry["rows_in"] == entry["clean"] + entry["quarantined"] + entry["duplicates"] + entry["skipped"]
    # every row with something in it counts, but a row number (STT) alone is a pre-numbered empty row
    data_rows = [r for r in rows if any(str(c).strip() for c in r[1:]) or str(r[0]).strip() in ("Tổng cộng", "Cộng")]
    assert entry["rows_in"] == len(data_rows) or entry["status"] == "failed"
