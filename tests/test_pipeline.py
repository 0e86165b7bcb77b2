"""`lkdata clean` end to end on the sample, held to the truth the generator planted."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lkdata import load
from lkdata.clean.fields import field
from lkdata.config import DATASETS
from lkdata.io.store import write_parquet
from lkdata.jobs.clean_run import run_clean
from lkdata.sample.builder import TRUTH_FILE

EXPECTED_REASON = {
    "negative_area": lambda t: f"Diện tích âm: {t['value']}",
    "unknown_khu_pho": lambda t: f"Khu phố không có trong danh mục: {t['value']}",
    "invalid_date": lambda t: f"không hợp lệ: {t['value']}",
    "missing_name": lambda t: "Thiếu tên",
    "invalid_kind": lambda t: f"Loại hình không phải HTX hoặc THT: {t['value']}",
    "unknown_crop": lambda t: f"Cây trồng không có trong danh mục: {t['value']} (có phải '{t['suggestion']}'?)",
}


@pytest.fixture(scope="module")
def sample_dir(cleaned_project: Path) -> Path:
    """The committed sample's raw data in the shared cleaned project (read only)."""
    return cleaned_project / "data" / "raw"


@pytest.fixture(scope="module")
def run(cleaned_run, cleaned_project: Path):
    """The shared clean of the sample: its result and its output folder."""
    return cleaned_run, cleaned_project / "data" / "processed"


@pytest.fixture(scope="module")
def truth(sample_dir: Path) -> dict:
    return json.loads((sample_dir / TRUTH_FILE).read_text(encoding="utf-8"))


def _key(row) -> tuple:
    return (row["source_file"], row["source_sheet"] or "", int(row["source_row"]))


def test_manifest_has_the_agreed_shape_and_the_invariant_holds(run, sample_dir):
    _, out = run
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"created", "lkdata_version", "datasets"} <= set(m)
    assert set(m["datasets"]) == set(DATASETS)
    assert m["skipped_files"] == []  # the sample holds nothing a clean leaves aside
    counts = ("rows_in", "clean", "quarantined", "duplicates", "skipped")
    for d in m["datasets"].values():
        assert d["status"] == "ok" and d["error"] is None
        assert all(isinstance(d[k], int) for k in counts)
        assert d["rows_in"] == d["clean"] + d["quarantined"] + d["duplicates"] + d["skipped"]
        assert d["rows_in"] == sum(f["rows_in"] for f in d["files"])
        for f in d["files"]:
            assert {"path", "sha256", "status", "error", *counts} <= set(f)
            assert f["status"] == "ok" and f["error"] is None
            assert f["rows_in"] == f["clean"] + f["quarantined"] + f["duplicates"] + f["skipped"]
            assert f["sha256"] == hashlib.sha256((sample_dir / f["path"]).read_bytes()).hexdigest()


def test_rows_in_and_skipped_match_the_truth(run, truth):
    r, _ = run
    files = {f["path"]: f for d in r.manifest["datasets"].values() for f in d["files"]}
    assert set(files) == set(truth["files"])
    for path, t in truth["files"].items():
        assert files[path]["rows_in"] == t["data_rows"] + t["skipped_rows"], path
        assert files[path]["skipped"] == t["skipped_rows"], path


def _sets_aside(t: dict) -> bool:
    """Whether a planted bad cell quarantines its row: a required field's (or an end's whose blank says it runs
    on); an optional value is left empty and noted, the record kept."""
    return field(t["dataset"], t["field"]).strict


def test_exactly_the_planted_invalid_rows_are_quarantined_with_their_reasons(run, truth):
    r, _ = run
    quarantined = {}
    for d in DATASETS:
        q = r.quarantine[d]
        for _, row in q[q["_kind"] == "quarantined"].iterrows():
            quarantined[_key(row)] = row["reasons"]
    planted = {(t["file"], t["sheet"], t["row"]): t for t in truth["invalid"] if _sets_aside(t)}
    assert set(quarantined) == set(planted)
    for k, t in planted.items():
        assert EXPECTED_REASON[t["reason"]](t) in quarantined[k], (k, quarantined[k])


def test_a_planted_bad_optional_value_is_left_empty_and_its_record_kept(run, truth):
    r, _ = run
    noted = [t for t in truth["invalid"] if not _sets_aside(t)]
    assert {t["field"] for t in noted} == {"farm_area", "registered_on"}  # the sample plants both
    for t in noted:
        table = r.tables[t["dataset"]]
        (rec,) = [x for _, x in table.iterrows() if _key(x) == (t["file"], t["sheet"], t["row"])]
        assert pd.isna(rec[field(t["dataset"], t["field"]).column])
        assert f"{EXPECTED_REASON[t['reason']](t)} (đã để trống)" in rec["issues"], rec["issues"]


def test_every_planted_duplicate_is_merged_into_its_household(run, truth):
    r, _ = run
    records = r.tables["producers"]
    dups = r.duplicates["producers"]
    assert len(dups) == len(truth["duplicates"])
    for t in truth["duplicates"]:
        a = (t["file"], t["sheet"], t["row"])
        b = (t["of"]["file"], t["of"]["sheet"], t["of"]["row"])
        kept = [k for k in (a, b) if k in {_key(x) for _, x in records.iterrows()}]
        merged = [k for k in (a, b) if k in {_key(x) for _, x in dups.iterrows()}]
        assert len(kept) == 1 and len(merged) == 1, t
        rec = records[[_key(x) == kept[0] for _, x in records.iterrows()]].iloc[0]
        assert f"{merged[0][0]} / {merged[0][1]} / dòng {merged[0][2]}" in rec["merged_from"]


def test_every_legacy_name_is_repaired(run, truth):
    r, _ = run
    by_source = {_key(x): x["name"] for _, x in r.tables["producers"].iterrows()}
    for t in truth["legacy"]:
        assert by_source[(t["file"], t["sheet"], t["row"])] == t["expected"], t


def test_clean_counts_follow_from_the_truth(run, truth):
    r, _ = run
    for d in DATASETS:
        data_rows = sum(f["data_rows"] for p, f in truth["files"].items() if p.startswith(f"{d}/"))
        invalid = sum(t["dataset"] == d and _sets_aside(t) for t in truth["invalid"])
        dups = sum(t["dataset"] == d for t in truth["duplicates"])
        assert len(r.tables[d]) == data_rows - invalid - dups, d
        assert r.manifest["datasets"][d]["clean"] == len(r.tables[d])


def test_unresolved_references_are_the_planted_one_and_plots_of_quarantined_households(run, truth, sample_dir):
    r, _ = run
    u = r.unresolved
    planted = truth["unresolved"][0]
    assert ((u["source_file"] == planted["file"]) & (u["value"] == planted["value"])).sum() == 1
    # the other unresolved ones are plots of households whose own row was quarantined
    from lkdata.clean.parse import parse_phone

    plots = r.tables["crops"]
    orphan_phones = set(plots.loc[plots["producer_id"].isna(), "phone"].dropna())
    q = r.quarantine["producers"]
    quarantined_phones = set(parse_phone(q["phone"]).values.dropna())
    assert orphan_phones and orphan_phones <= quarantined_phones
    assert (u["dataset"] == "crops").sum() == plots["producer_id"].isna().sum()
    assert r.manifest["unresolved_references"] == len(u)


def test_outputs_are_typed_and_excel_friendly(run):
    _, out = run
    tables = load(processed=out)
    assert set(tables) == set(DATASETS)
    p = tables["producers"]
    assert str(p["gap_issued_on"].dtype).startswith("datetime64")
    assert p["farm_area_ha"].dtype == float
    assert p["producer_id"].is_unique
    for d in DATASETS:
        raw_csv = (out / f"{d}.csv").read_bytes()
        assert raw_csv.startswith(b"\xef\xbb\xbf")
        q = (out / "quarantine" / f"{d}.csv").read_bytes()
        assert q.startswith(b"\xef\xbb\xbf")
    q = pd.read_csv(out / "quarantine" / "producers.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert list(q.columns[:4]) == ["Tệp", "Trang tính", "Dòng", "Lý do"]
    assert "Họ và tên chủ hộ" in q.columns
    crops = pd.read_csv(out / "quarantine" / "crops.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert (crops["Lý do"] == "Diện tích âm: -3").sum() == 1  # a plot's area is required
    assert (p["issues"] == "Diện tích âm: -3 (đã để trống)").sum() == 1  # a household's is not
    assert (out / "review" / "unresolved_references.csv").exists()
    dups = pd.read_csv(out / "review" / "duplicates.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert list(dups.columns[:4]) == ["Bộ dữ liệu", "Tệp", "Trang tính", "Dòng"]
    assert len(dups) == 6 and dups["Đã gộp vào dòng (tệp / trang / dòng)"].str.contains(" / dòng ").all()


def test_a_corrupt_workbook_beside_good_files(sample_dir, tmp_path, capsys):
    from lkdata.cli import main

    raw = tmp_path / "raw"
    shutil.copytree(sample_dir, raw)
    (raw / "producers" / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    shutil.copy(sample_dir / "cooperatives" / "danh_sach_htx_tht.xlsx", raw / "cooperatives" / "ban_sao.xlsx")
    out = tmp_path / "out"
    assert main(["clean", "--raw", str(raw), "--out", str(out)]) == 1
    said = capsys.readouterr()
    assert "LỖI  producers/hong.xlsx" in said.out and "1 tệp không đọc được" in said.err
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in m["datasets"]["producers"]["files"]}
    assert files["producers/hong.xlsx"]["status"] == "failed"
    assert "Không đọc được tệp Excel" in files["producers/hong.xlsx"]["error"]
    assert files["producers/hong.xlsx"]["rows_in"] == 0
    assert m["datasets"]["producers"]["clean"] > 250  # the other files are processed
    # the same content under two names: every row of the copy is merged, not counted twice
    coops = {f["path"]: f for f in m["datasets"]["cooperatives"]["files"]}
    assert coops["cooperatives/ban_sao.xlsx"]["duplicates"] == coops["cooperatives/danh_sach_htx_tht.xlsx"]["clean"]


def test_an_interrupted_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "t.parquet"
    write_parquet(pd.DataFrame({"a": [1, 2]}), path)

    def boom(self, p, **kw):
        Path(p).write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(KeyboardInterrupt):
        write_parquet(pd.DataFrame({"a": [3]}), path)
    monkeypatch.undo()
    assert list(pd.read_parquet(path)["a"]) == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_a_second_run_gives_the_same_tables(run, sample_dir, tmp_path):
    r1, _ = run
    r2 = run_clean(sample_dir, tmp_path, write=False)
    for d in DATASETS:
        pd.testing.assert_frame_equal(r1.tables[d], r2.tables[d])


def test_worker_processes_and_batches_give_the_same_outputs(run, sample_dir, tmp_path, monkeypatch):
    """Files cleaned in parallel batches (as for a province-sized raw set) give byte-identical outputs;
    the tables are written once a worker has nothing left to read (until then they use every core)."""
    import lkdata.jobs.clean_run as pipeline
    import lkdata.jobs.clean_writer as writer

    _, out1 = run
    seen, received, written = [], [], []
    real, real_write = pipeline._process_files, writer.write_parquet

    def spy(batches, ref, workers):
        seen.append((len(batches), workers))
        for result in real(batches, ref, workers):
            received.append(result[0])
            yield result

    def write(df, path):
        written.append((path.name, len(received)))
        real_write(df, path)

    monkeypatch.setattr(pipeline, "_process_files", spy)
    monkeypatch.setattr(writer, "write_parquet", write)
    r2 = run_clean(sample_dir, tmp_path, jobs=2)
    import gc

    assert gc.isenabled() and gc.get_freeze_count() == 0  # frozen for the workers' fork only
    n_files = sum(len(d["files"]) for d in r2.manifest["datasets"].values())
    assert seen == [(seen[0][0], 2)] and seen[0][0] >= n_files - 3  # small batches, two processes
    assert {f"{d}.parquet" for d in DATASETS} <= {name for name, _ in written}
    # none while both workers were busy: from the moment one has nothing left to read
    assert all(after >= seen[0][0] - 1 for _, after in written), written
    files = sorted(p.relative_to(out1) for p in out1.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert files and files == sorted(
        p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file() and p.name != "manifest.json"
    )
    for f in files:
        if f.suffix == ".parquet":
            pd.testing.assert_frame_equal(pd.read_parquet(out1 / f), pd.read_parquet(tmp_path / f))
        else:
            assert (out1 / f).read_bytes() == (tmp_path / f).read_bytes(), f
    m1 = json.loads((out1 / "manifest.json").read_text(encoding="utf-8"))
    m2 = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in m1.items() if k not in ("created", "raw")} == {
        k: v for k, v in m2.items() if k not in ("created", "raw")
    }


def test_a_killed_worker_stops_the_run_with_a_clear_message_and_no_manifest(sample_dir, tmp_path, monkeypatch):
    import os

    import lkdata.jobs.clean_run as pipeline
    from lkdata.errors import LkdataError

    real = pipeline._process_batch

    def die_on_linkages(dataset, paths, ref):
        if dataset == "linkages":
            os._exit(9)  # as when the kernel kills a worker that ran out of memory
        return real(dataset, paths, ref)

    monkeypatch.setattr(pipeline, "_process_batch", die_on_linkages)
    if pipeline.sys.platform != "linux":
        pytest.skip("spawned workers do not see the patched function")
    with pytest.raises(LkdataError, match=r"bị dừng đột ngột.*không hoàn tất.*--jobs 1"):
        run_clean(sample_dir, tmp_path / "out", jobs=2)
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_batches_keep_file_order_and_never_mix_workbooks_with_text_files(tmp_path):
    from lkdata.io.discover import discover
    from lkdata.jobs.clean_run import _batches

    names = ["a.csv", "b.csv", "c.xlsx", "d.xlsx", "e.csv", "f.csv", "g.csv"]
    (tmp_path / "producers").mkdir()
    for n in names:
        (tmp_path / "producers" / n).write_bytes(b"x" * 100)
    paths = discover(tmp_path).files["producers"]
    one = _batches({"producers": paths}, workers=1)
    assert [[p.path.name for p in b] for _, b in one] == [
        ["a.csv", "b.csv"],
        ["c.xlsx", "d.xlsx"],
        ["e.csv", "f.csv", "g.csv"],
    ]
    two = _batches({"producers": paths}, workers=2)  # at most an eighth of the bytes per batch
    assert [p.path.name for _, b in two for p in b] == names and all(len(b) == 1 for _, b in two)


def test_a_sheet_missing_a_required_column_is_quarantined_whole_and_named(sample_dir, tmp_path):
    import openpyxl

    raw = tmp_path / "raw"
    shutil.copytree(sample_dir, raw)
    wb = openpyxl.Workbook()
    ok = wb.active
    ok.title = "KP2"
    ok.append(["STT", "Họ và tên", "Khu phố", "SĐT"])
    ok.append([1, "Đỗ Văn Tám", "KP2", "0912000111"])
    bad = wb.create_sheet("KP3")
    bad.append(["STT", "Họ và tên", "SĐT"])  # no khu phố column
    bad.append([1, "Ngô Thị Chín", "0912000222"])
    bad.append([2, "Lý Văn Mười", "0912000333"])
    wb.save(raw / "producers" / "thieu_cot.xlsx")
    r = run_clean(raw, tmp_path / "out")
    entry = next(f for f in r.manifest["datasets"]["producers"]["files"] if f["path"] == "producers/thieu_cot.xlsx")
    assert (entry["rows_in"], entry["clean"], entry["quarantined"]) == (3, 1, 2)
    assert entry["status"] == "ok"
    sheet = next(s for s in entry["sheets"] if s["name"] == "KP3")
    assert "Thiếu cột bắt buộc 'Khu phố'" in sheet["error"]
    q = r.quarantine["producers"]
    reasons = q[q["source_file"] == "producers/thieu_cot.xlsx"]["reasons"]
    assert len(reasons) == 2 and all(x.startswith("Trang tính 'KP3': Thiếu cột bắt buộc 'Khu phố'") for x in reasons)


def test_an_unexpected_failure_in_one_file_does_not_stop_the_others(sample_dir, tmp_path, monkeypatch):
    import lkdata.io.ingest as ingest

    real = ingest._split_sheet

    def explode(name, frame, dataset, index, hints):
        if dataset == "linkages":
            raise RuntimeError("simulated bug")
        return real(name, frame, dataset, index, hints)

    monkeypatch.setattr(ingest, "_split_sheet", explode)
    r = run_clean(sample_dir, tmp_path / "out")
    (entry,) = r.manifest["datasets"]["linkages"]["files"]
    assert entry["status"] == "failed" and "RuntimeError: simulated bug" in entry["error"]
    assert r.manifest["datasets"]["producers"]["clean"] > 250
    assert len(r.tables["linkages"]) == 0 and (tmp_path / "out" / "manifest.json").exists()


def test_broken_row_accounting_fails_each_dataset_before_anything_of_it_is_written(sample_dir, tmp_path, monkeypatch):
    import lkdata.jobs.clean_checks as checks

    monkeypatch.setattr(checks, "count_by_file", lambda df: {})  # simulate a counting bug
    run = run_clean(sample_dir, tmp_path / "out")  # lkdata's bug, never the input's: each dataset fails alone
    assert set(run.failed_datasets) == set(DATASETS)
    assert all("Sai lệch số dòng" in error for error in run.failed_datasets.values())
    assert not list((tmp_path / "out").glob("*.parquet")) and not list((tmp_path / "out").glob("quarantine/*"))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert all(d["status"] == "failed" and d["clean"] == 0 for d in manifest["datasets"].values())


def test_the_duplicates_list_follows_the_datasets_order_whichever_finished_first(tmp_path):
    """With worker processes, datasets finish in any order: the review list of merged rows is still
    written in the datasets' order, so two runs of the same files give the same file."""
    from lkdata.io.reference import load_reference
    from lkdata.jobs.clean_run import CleanRun
    from lkdata.jobs.clean_writer import CleanWriter

    def merged_rows(dataset: str) -> pd.DataFrame:
        return pd.DataFrame({"source_file": [f"{dataset}/a.csv"], "source_sheet": [None], "source_row": [3],
                             "kept_row": [f"{dataset}/a.csv / dòng 2"], "merged_into": ["X1"]})  # fmt: skip

    finished = list(reversed(DATASETS))  # the last dataset first, as a worker may finish it
    run = CleanRun({"datasets": {}, "as_of": "2026-05-05"}, duplicates={d: merged_rows(d) for d in finished})
    writer = CleanWriter(tmp_path, load_reference())
    writer.finish(run)
    writer.close()
    dups = pd.read_csv(tmp_path / "review" / "duplicates.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert list(dups["Bộ dữ liệu"]) == list(DATASETS)
