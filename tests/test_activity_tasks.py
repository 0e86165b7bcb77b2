"""An activity's plan task (``Nhiệm vụ kế hoạch``) is a task of the plan in use, through a real ``lkdata clean``
of real files (a workbook and a CSV export holding the same rows), for Long Khánh's plan (III.1-III.7, IV) and for
the invented commune's (``xa_suoi_may``: II.1-II.5): a task typed by its number as the plan writes it (or as
people type it) or by its key is taken; a blank cell takes the activity kind's task where the plan has one and
stays empty where it has none; anything else (another plan's number) is refused and left empty, the row kept,
with a reason that names the column, the value and the plan's tasks, found at its file, sheet and row; and the
intake template's hint and dropdown list the plan's own numbers."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lkdata.io.reference import find_profile
from lkdata.io.send_back import write_send_back
from lkdata.sample.writers import install_profile

pytestmark = pytest.mark.e2e

HEADER = ["Ngày tổ chức", "Loại hoạt động", "Nhiệm vụ kế hoạch", "Nội dung", "Đơn vị tổ chức"]
SHEET = "Hoạt động 2026"
REFUSED = "Nhiệm vụ kế hoạch không có trong kế hoạch: {typed} (kế hoạch có các nhiệm vụ {tasks}) (đã để trống)"
PLANS = {"long_khanh": "III.1 đến III.7, IV", "xa_suoi_may": "II.1 đến II.5"}

#: (plan, what the row's task cell holds, its activity kind, the task it gets, refused): each row's title is
#: unique, so a row is found again in the processed table whichever file it came from.
CASES = [
    ("long_khanh", "III.2", "Tập huấn", "III.2", False),  # typed: it wins over the kind's task
    ("long_khanh", None, "Tập huấn", "III.1", False),  # blank: the kind's task
    ("long_khanh", None, "Hội chợ", "III.5", False),
    ("long_khanh", "Nhiệm vụ 4", "Kiểm tra", "III.4", False),
    ("long_khanh", 3.3, "Tập huấn", "III.3", False),  # a number in the workbook's cell
    ("long_khanh", "trade", "Kiểm tra", "III.5", False),  # by its key
    ("long_khanh", "IV", "Sơ kết", "IV", False),
    ("long_khanh", "II.2", "Hội chợ", None, True),  # the commune's number: refused, not the kind's task
    ("long_khanh", "III.9", "Tập huấn", None, True),
    ("xa_suoi_may", "II.2", "Tập huấn", "II.2", False),
    ("xa_suoi_may", None, "Tập huấn", "II.1", False),  # the kind's key (communication) is its II.1
    ("xa_suoi_may", None, "Bồi dưỡng cán bộ HTX", "II.3", False),
    ("xa_suoi_may", None, "Hội chợ", None, False),  # its plan has no such task (trade): none, and no complaint
    ("xa_suoi_may", "markets", "Hội chợ", "II.4", False),  # by its key
    ("xa_suoi_may", 2.3, "Tập huấn", "II.3", False),
    ("xa_suoi_may", "ii-5", "Sơ kết", "II.5", False),
    ("xa_suoi_may", "III.2", "Tập huấn", None, True),  # Long Khánh's number: refused, not the kind's II.1
    ("xa_suoi_may", "IV", "Sơ kết", None, True),
]


def _title(i: int, source: str) -> str:
    """A row's title, told apart by file (the same activity in two files would be one activity)."""
    return f"Hoạt động thử số {i + 1} ({Path(source).suffix})"


def _rows(plan: str, source: str) -> list[list]:
    return [[dt.datetime(2026, 3, 1 + i), kind, typed, _title(i, source), "Hội Nông dân"]
            for i, (p, typed, kind, _, _) in enumerate(CASES) if p == plan]  # fmt: skip


def _lkdata(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lkdata.cli", "--root", str(project), *args], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "LKDATA_ROOT": ""})  # fmt: skip


@pytest.fixture(scope="module", params=list(PLANS))
def cleaned(request, tmp_path_factory) -> dict:
    """A project of one plan: the same rows as a workbook and as a CSV export, cleaned by ``lkdata clean``, its
    send-back workbooks written (as ``lkdata quality`` writes them) and its intake templates (``lkdata template``)."""
    plan = request.param
    project = tmp_path_factory.mktemp(plan) / "project"
    raw = project / "data" / "raw"
    if plan != "long_khanh":
        install_profile(find_profile(plan), raw / "reference")
    folder = raw / "activities"
    folder.mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADER)
    for row in _rows(plan, "hoat_dong.xlsx"):
        ws.append(row)
    wb.save(folder / "hoat_dong.xlsx")
    with (folder / "hoat_dong.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for day, kind, typed, title, organiser in _rows(plan, "hoat_dong.csv"):
            w.writerow([f"{day:%d/%m/%Y}", kind, "" if typed is None else typed, title, organiser])
    runs = {"clean": _lkdata(project, "clean"), "template": _lkdata(project, "template", "--out", str(project / "mau"))}
    for name, r in runs.items():
        assert r.returncode == 0 and "Traceback" not in r.stderr, (name, r.stdout + r.stderr)
    write_send_back(project / "data" / "processed")  # what ``lkdata quality`` writes beside its report
    table = pd.read_parquet(project / "data" / "processed" / "activities.parquet")
    return {"plan": plan, "project": project, "table": table}


def _cases(plan: str) -> list[tuple[int, tuple]]:
    return [(i, c) for i, c in enumerate(CASES) if c[0] == plan]


def test_every_row_is_kept_and_gets_the_task_its_plan_gives_it(cleaned):
    table = cleaned["table"]
    manifest = (cleaned["project"] / "data" / "processed" / "manifest.json").read_text(encoding="utf-8")
    assert '"quarantined": 0' in manifest  # a refused task leaves the row in: its task is optional
    for source, sheet in (("activities/hoat_dong.xlsx", SHEET), ("activities/hoat_dong.csv", None)):
        rows = table[table["source_file"] == source]
        for i, (_, typed, kind, task, refused) in _cases(cleaned["plan"]):
            row = rows[rows["title"] == _title(i, source)]
            assert len(row) == 1, (source, typed)
            got = row["plan_task"].iloc[0]
            assert (None if pd.isna(got) else got) == task, (source, typed, kind, got)
            issues = row["issues"].iloc[0]
            if refused:
                shown = str(typed)
                assert issues == REFUSED.format(typed=shown, tasks=PLANS[cleaned["plan"]]), (source, issues)
                assert (row["source_sheet"].iloc[0] if sheet else None) == sheet
                assert row["source_row"].iloc[0] == i - _cases(cleaned["plan"])[0][0] + 2  # below the header
            else:
                assert pd.isna(issues), (source, typed, issues)
    numbers = set(table["plan_task"].dropna())
    assert numbers <= {t["task"] for t in _plan_tasks(cleaned["plan"])}


def _plan_tasks(plan: str) -> list[dict]:
    folder = Path(__file__).resolve().parents[1] / "lkdata"
    folder = folder / "reference" if plan == "long_khanh" else folder / "sample_profiles" / plan
    with (folder / "tasks.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_refused_task_is_sent_back_at_its_file_sheet_and_row(cleaned):
    """The send-back workbook of each file lists the row, by sheet and row, with the
    reason: the column, the value as typed and the plan's tasks."""
    folder = cleaned["project"] / "data" / "processed" / "tra_lai"
    for name, sheet in (("activities__hoat_dong.xlsx.xlsx", SHEET), ("activities__hoat_dong.csv.xlsx", "")):
        ws = openpyxl.load_workbook(folder / name)["Dòng cần sửa"]
        listed = [(r[0], r[1], r[2]) for r in ws.iter_rows(min_row=2, values_only=True)]
        first = _cases(cleaned["plan"])[0][0]
        expected = [(sheet, i - first + 2, "Dòng đã nhận, cần sửa: " + REFUSED.format(typed=str(typed),
                     tasks=PLANS[cleaned["plan"]])) for i, (_, typed, _, _, refused) in _cases(cleaned["plan"])
                    if refused]  # fmt: skip
        assert listed == expected, (name, listed)


def test_the_intake_template_offers_the_plans_tasks(cleaned):
    wb = openpyxl.load_workbook(cleaned["project"] / "mau" / "mau_hoat_dong.xlsx")
    numbers = [t["task"] for t in _plan_tasks(cleaned["plan"])]
    lists = wb["Danh mục"]
    column = next(c for c in lists[1] if c.value == "task").column
    assert [r[0] for r in lists.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True) if r[0]] == (
        numbers
    )
    hint = f"Chọn nhiệm vụ của kế hoạch ({PLANS[cleaned['plan']]}); để trống thì lấy theo loại hoạt động."
    guide = [c for row in wb["Hướng dẫn"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert hint in guide
    other = re.compile(r"III\.\d" if cleaned["plan"] != "long_khanh" else r"(?<!I)II\.\d")  # the other plan's
    assert not any(other.search(c) for c in guide)
