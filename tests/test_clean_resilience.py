"""A clean always finishes: homonyms, a household split over sheets and files, half-empty rows, and a bug
inside lkdata that shows up in one dataset, never stop the run (issue 14, defect 1).

The homonym and split-household rules themselves are tested on cleaned rows in ``test_reconcile.py`` and as
files in the bad-input corpus (``bad_inputs.py``); here: real workbooks through :func:`run_clean`, with a
failure injected into one dataset, and property tests over sheets built from duplicated, homonym and
half-empty rows.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lkdata.jobs.clean_run as clean_run
from lkdata.clean.fields import id_column
from lkdata.config import DATASETS, Paths
from lkdata.errors import InternalError
from lkdata.io.store import load
from lkdata.jobs.clean_run import run_clean

COUNTS = ("rows_in", "clean", "quarantined", "duplicates", "skipped")


def _holds_the_accounting(manifest: dict) -> None:
    for dataset, d in manifest["datasets"].items():
        assert d["rows_in"] == sum(f["rows_in"] for f in d["files"]), dataset
        if d["status"] == "ok":
            assert d["rows_in"] == d["clean"] + d["quarantined"] + d["duplicates"] + d["skipped"], dataset
            for f in d["files"]:
                assert f["rows_in"] == f["clean"] + f["quarantined"] + f["duplicates"] + f["skipped"], f["path"]


# --- a bug inside lkdata in one dataset -------------------------------------------------------------------


def _fail_for(name: str, target: str, error: Exception):
    """Replace ``clean_run.<name>`` by the real function that raises ``error`` for ``target`` only."""
    real = getattr(clean_run, name)

    def injected(*args, **kwargs):
        first = args[0]
        dataset = (
            first if isinstance(first, str) else (first[0]["path"].split("/")[0] if first else "")
        )  # account(entries, ...)
        if dataset == target:
            raise error
        return real(*args, **kwargs)

    return injected


#: (the step that fails, in which dataset, the error, what it is called in the manifest)
INJECTED = [
    ("clean_dataset", "crops", KeyError("cột giả lập"), "KeyError: 'cột giả lập'"),
    ("merge_duplicates", "producers", RuntimeError("lỗi giả lập"), "RuntimeError: lỗi giả lập"),
    ("check_reconciled", "producers", InternalError("producers: mã bản ghi trùng sau khi gộp: P0"), "mã bản ghi trùng"),
    ("check_references", "linkages", InternalError("linkages: các cột đổi kiểu"), "các cột đổi kiểu"),
    ("account", "cooperatives", InternalError("Sai lệch số dòng (giả lập)"), "Sai lệch số dòng (giả lập)"),
    ("account", "activities", ValueError("lỗi giả lập"), "ValueError: lỗi giả lập"),
]  # fmt: skip

#: The datasets that refer to another, and the column that holds the reference.
REFERS = {"producers": ("cooperatives", "cooperative_id"), "linkages": ("cooperatives", "cooperative_ids"),
          "crops": ("producers", "producer_id")}  # fmt: skip


@pytest.fixture(scope="module")
def earlier(cleaned_project: Path, tmp_path_factory) -> Path:
    """A processed folder from an earlier, good run (every table present)."""
    out = tmp_path_factory.mktemp("earlier") / "processed"
    shutil.copytree(cleaned_project / "data" / "processed", out, ignore=shutil.ignore_patterns(".lkdata.lock"))
    return out


@pytest.mark.parametrize(("step", "dataset", "error", "said"), INJECTED, ids=[f"{s}-{d}" for s, d, *_ in INJECTED])
def test_a_bug_in_one_dataset_leaves_the_others_written(
    step, dataset, error, said, cleaned_project, earlier, tmp_path, monkeypatch
):
    out = tmp_path / "processed"
    shutil.copytree(earlier, out)
    monkeypatch.setattr(clean_run, step, _fail_for(step, dataset, error))
    run = run_clean(cleaned_project / "data" / "raw", out)

    assert run.failed_datasets.keys() == {dataset} and said in run.failed_datasets[dataset]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {d: m["status"] for d, m in manifest["datasets"].items()} == {
        d: "failed" if d == dataset else "ok" for d in DATASETS
    }
    assert said in manifest["datasets"][dataset]["error"] and manifest["datasets"][dataset]["rows_in"] > 0
    _holds_the_accounting(manifest)
    # nothing of the failed dataset, not even the earlier run's tables; every other one written whole
    assert not [p for p in (f"{dataset}.parquet", f"{dataset}.csv", f"quarantine/{dataset}.csv") if (out / p).exists()]
    with pytest.raises(InternalError, match=f"lỗi nội bộ ở bộ dữ liệu {dataset}"):
        load(dataset, processed=out)
    for other in (d for d in DATASETS if d != dataset):
        table = load(other, processed=out)
        assert len(table) == manifest["datasets"][other]["clean"] > 0 and table[id_column(other)].is_unique
        assert (out / "quarantine" / f"{other}.csv").is_file()
        if REFERS.get(other, ("",))[0] == dataset:  # it refers to the failed one: references unknown, not unresolved
            column = REFERS[other][1]
            assert table[column].isna().all() and table[column].dtype == "string"
            assert any(dataset in note for note in manifest["datasets"][other]["notes"])
            assert not (run.unresolved["dataset"] == other).any()
        else:
            assert manifest["datasets"][other]["notes"] == []
    assert {"duplicates.csv", "probable_duplicates.csv", "unresolved_references.csv"} <= {
        p.name for p in (out / "review").iterdir()
    }


def test_the_command_names_the_failed_dataset_and_exits_3(cleaned_project, tmp_path, monkeypatch, capsys):
    from lkdata.cli import main

    error = InternalError("producers: mã bản ghi trùng sau khi gộp: P0")
    monkeypatch.setattr(clean_run, "check_reconciled", _fail_for("check_reconciled", "producers", error))
    out = tmp_path / "processed"
    code = main(["clean", "--raw", str(cleaned_project / "data" / "raw"), "--out", str(out), "--force"])
    said = capsys.readouterr()
    assert code == 3 and "Traceback" not in said.out + said.err
    assert "LỖI NỘI BỘ  Hộ sản xuất: producers: mã bản ghi trùng sau khi gộp: P0" in said.err
    assert "các bộ dữ liệu khác vẫn được ghi đầy đủ" in said.err
    assert "LỖI NỘI BỘ" in said.out  # the summary table's line for the dataset
    assert "Chú ý  Thửa cây trồng: Không đối chiếu được với bộ dữ liệu producers" in said.out
    assert (out / "manifest.json").is_file() and (out / "cooperatives.parquet").is_file()


def test_a_report_is_not_made_from_a_clean_that_failed_a_dataset(copy_project, monkeypatch):
    from lkdata.jobs.reports import ensure_clean

    project = copy_project("failed")
    (project / "data" / "processed" / "manifest.json").unlink()  # stale: the report cleans first
    error = RuntimeError("lỗi giả lập")
    monkeypatch.setattr(clean_run, "merge_duplicates", _fail_for("merge_duplicates", "cooperatives", error))
    with pytest.raises(InternalError, match="không làm sạch được bộ dữ liệu cooperatives: RuntimeError: lỗi giả lập"):
        ensure_clean(Paths(project))


# --- properties: sheets of duplicated, homonym and half-empty rows ------------------------------------------

P_HEADER = ["STT", "Họ và tên chủ hộ", "Số điện thoại", "Số CCCD", "Khu phố", "Diện tích (ha)", "Cây trồng chính",
            "Tiêu chuẩn chứng nhận", "Ngày cấp chứng nhận", "Ngày hết hạn chứng nhận", "Ngày đăng ký"]  # fmt: skip
C_HEADER = ["STT", "Tên chủ hộ", "Số điện thoại", "Khu phố", "Cây trồng", "Diện tích (ha)", "Mã số vùng trồng"]
P_REQUIRED, P_OPTIONAL = (1, 4), (2, 3, 5, 6, 7, 8, 9, 10)  # positions in P_HEADER
C_BLANKABLE = (1, 2, 3, 4, 5, 6)


def _maybe(values: list) -> st.SearchStrategy:
    return st.one_of(st.none(), st.sampled_from(values))


def _some_of(positions: tuple[int, ...]) -> st.SearchStrategy:
    """A random subset, each position in or out as by a coin (``st.sets`` mostly draws small sets)."""
    return st.lists(st.booleans(), min_size=len(positions), max_size=len(positions)).map(
        lambda flags: {p for p, f in zip(positions, flags, strict=True) if f}
    )


#: Few names, khu phố, phones and areas, so that households share them: homonyms, and rows of one household.
household = st.tuples(
    st.sampled_from(["Nguyễn Văn An", "NGUYỄN VĂN AN", "Trần Thị Bình", "Trần Thị Hoà", "Trần Thị Hòa"]),
    _maybe(["0912000001", "0912000002"]),
    _maybe(["079123456789", "079123456780"]),
    st.sampled_from(["Khu phố 1", "KP1", "Khu phố 2"]),
    _maybe(["2,5", "1,2", "3", "25 sào"]),
    _maybe(["sầu riêng Ri6", "bơ", "chôm chôm"]),
    _maybe(["VietGAP", "GlobalGAP"]),
    _maybe(["1/3/2025"]),
    _maybe(["1/3/2024", "1/3/2028"]),  # an expiry before the issue date quarantines the row, not each alone
    _maybe(["2/4/2020"]),
)
#: Where a row goes: (file, sheet); files ``a.xlsx`` and ``b.xlsx`` have two sheets, ``c.csv`` one.
place = st.tuples(st.sampled_from(["a.xlsx", "b.xlsx", "c.csv"]), st.sampled_from(["KP", "Bổ sung"]))
#: A row: which household, which of its values are left blank (now and then a required one), where it goes.
p_row = st.tuples(
    st.integers(0, 3),
    _some_of(P_OPTIONAL),
    st.sampled_from([None] * 8 + list(P_REQUIRED)),
    place,
)
c_row = st.tuples(
    st.integers(0, 3),
    st.sets(st.sampled_from(C_BLANKABLE), max_size=3),
    st.sampled_from(["sầu riêng", "bơ", "mít"]),
    _maybe(["0,5", "1", "5000 m2"]),
    _maybe(["VN-DNOR 0012", "VN-DNOR 0013"]),
    place,
)
project = st.fixed_dictionaries(
    {
        "households": st.lists(household, min_size=1, max_size=4),
        "producers": st.lists(p_row, min_size=1, max_size=12),
        "crops": st.lists(c_row, max_size=8),
        # a row written again elsewhere, with some of its values left out (a household on two sheets, once
        # with its area and once without)
        "copies": st.lists(st.tuples(st.integers(0, 11), place, _some_of(P_OPTIONAL)), max_size=4),
    }
)


def _write(folder: Path, header: list[str], rows: list[tuple[tuple[str, str], list]]) -> dict[tuple, list]:
    """Write the rows into their files and sheets; returns (file, sheet, spreadsheet row) -> the cells."""
    folder.mkdir(parents=True, exist_ok=True)
    placed: dict[str, dict[str, list[list]]] = {}
    for (file, sheet), cells in rows:
        placed.setdefault(file, {}).setdefault("" if file.endswith(".csv") else sheet, []).append(cells)
    written = {}
    for file, sheets in placed.items():
        for sheet, body in sheets.items():
            for i, cells in enumerate(body):
                written[(f"{folder.name}/{file}", sheet, i + 2)] = cells
        if file.endswith(".csv"):
            with open(folder / file, "w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f, delimiter=";").writerows([header, *(["" if c is None else c for c in r] for r in body)])
            continue
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for sheet, body in sheets.items():
            ws = wb.create_sheet(sheet)
            for r in [header, *body]:
                ws.append(r)
        wb.save(folder / file)
    return written


def _producer_cells(households: list[tuple], spec: tuple, n: int) -> list:
    which, blank, required, _ = spec
    values = [n + 1, *households[which % len(households)]]
    return [None if i in blank or i == required else v for i, v in enumerate(values)]


def _crop_cells(households: list[tuple], spec: tuple, n: int) -> list:
    which, blank, crop, area, code, _ = spec
    h = households[which % len(households)]
    values = [n + 1, h[0], h[1], h[3], crop, area, code]
    return [None if i in blank else v for i, v in enumerate(values)]


def _counted(cells: list) -> bool:
    """A row counts when a cell other than its number holds something."""
    return any(c not in (None, "") for c in cells[1:])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(p=project)
def test_any_mix_of_duplicated_homonym_and_half_empty_rows_is_cleaned(p, tmp_path_factory):
    raw = tmp_path_factory.mktemp("mix") / "raw"
    producers = [(spec[3], _producer_cells(p["households"], spec, n)) for n, spec in enumerate(p["producers"])]
    producers += [
        (where, [None if j in blank else c for j, c in enumerate(producers[i % len(producers)][1])])
        for i, where, blank in p["copies"]
    ]
    crops = [(spec[5], _crop_cells(p["households"], spec, n)) for n, spec in enumerate(p["crops"])]
    written = _write(raw / "producers", P_HEADER, producers)
    _write(raw / "crops", C_HEADER, crops)

    run = run_clean(raw, raw.parent / "processed")  # finishes, whatever the rows

    out = raw.parent / "processed"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not run.failed_datasets, run.failed_datasets
    _holds_the_accounting(manifest)
    assert manifest["datasets"]["producers"]["rows_in"] == sum(_counted(cells) for _, cells in producers)
    assert manifest["datasets"]["crops"]["rows_in"] == sum(_counted(cells) for _, cells in crops)
    for dataset in DATASETS:
        table = pd.read_parquet(out / f"{dataset}.parquet")
        assert table[id_column(dataset)].is_unique, dataset
        assert len(table) == manifest["datasets"][dataset]["clean"]
    # the same row written twice (on two sheets, in two files) is always one household
    households = run.tables["producers"]
    record = {
        (f, s or "", int(r)): i
        for f, s, r, i in zip(households["source_file"], households["source_sheet"], households["source_row"],
                              households["producer_id"], strict=True)
    }  # fmt: skip
    dups = run.duplicates["producers"]
    record |= {(f, s or "", int(r)): i for f, s, r, i in dups[["source_file", "source_sheet", "source_row",
                                                               "merged_into"]].itertuples(index=False)}  # fmt: skip
    by_cells: dict[tuple, set] = {}
    for key, cells in written.items():
        if key in record:  # accepted
            by_cells.setdefault(tuple(cells[1:]), set()).add(record[key])
    assert all(len(ids) == 1 for ids in by_cells.values()), by_cells
    # every id a merged row points to is a household of the table
    assert set(dups["merged_into"]) <= set(households["producer_id"])
