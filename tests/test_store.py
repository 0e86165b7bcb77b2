"""Writing outputs: each file whole or not at all, the operating system's refusals (a read-only folder, a full
disk) said in Vietnamese with the file and what to do, lkdata's own temporaries and nobody else's removed,
the lock's wait read from a variable that may hold anything, and a clean's fingerprint (its manifest)
written only with a complete result."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import lkdata.io.store as store
from lkdata import __version__
from lkdata.cli import main
from lkdata.config import DATASETS
from lkdata.errors import OutputError, UsageError
from lkdata.io.freshness import INCOMPLETE, stale_reason
from lkdata.io.store import (
    atomic_path,
    is_temporary,
    lock_timeout,
    project_lock,
    remove_stale_temporaries,
    write_csv,
    write_json,
)


def _dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- temporaries ---------------------------------------------------------------------------------------


def test_a_temporary_carries_lkdata_s_mark_and_its_process(tmp_path: Path):
    with atomic_path(tmp_path / "producers.parquet") as tmp:
        assert tmp.parent == tmp_path and is_temporary(tmp.name) == os.getpid()
        tmp.write_bytes(b"x")
    assert (tmp_path / "producers.parquet").read_bytes() == b"x" and [f.name for f in tmp_path.iterdir()] == [
        "producers.parquet"
    ]


@pytest.mark.parametrize(
    "name",
    [".x.tmp", ".producers.parquet.abc12345.tmp", ".ghi_chu.docx.lkdata-12.tmp", "x.lkdata-12-abcdefgh.tmp",
     ".~lock.producers.csv#", ".producers.csv.lkdata-abc-abcdefgh.tmp"],
)  # fmt: skip
def test_only_lkdata_s_own_temporaries_are_recognised(name: str):
    assert is_temporary(name) is None


def test_clean_up_removes_only_lkdata_s_leftovers_in_the_folders_it_writes(tmp_path: Path):
    out = tmp_path / "processed"
    dead, alive = _dead_pid(), os.getpid()
    ours = [out / f".producers.parquet.lkdata-{dead}-abcd_123.tmp",
            out / "quarantine" / f".crops.csv.lkdata-{dead}-zzzzzzzz.tmp",
            out / "tra_lai" / f".ds.xlsx.lkdata-{dead}-a1b2c3d4.tmp"]  # fmt: skip
    kept = [out / ".x.tmp",  # the office's own hidden file
            out / "ghi_chu" / ".notes.md.tmp",  # anywhere below
            out / "quarantine" / ".ban_nhap.tmp",
            out / f".producers.csv.lkdata-{alive}-abcdefgh.tmp",  # a run still writing it
            out / "cua_toi" / f".bang.csv.lkdata-{dead}-abcdefgh.tmp",  # a folder lkdata never writes
            tmp_path / f".manifest.json.lkdata-{dead}-abcdefgh.tmp"]  # outside the folder  # fmt: skip
    for f in ours + kept:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"dang viet")
    assert remove_stale_temporaries(out) == len(ours)
    assert not any(f.exists() for f in ours) and all(f.exists() for f in kept)


def test_clean_out_dir_leaves_every_file_it_did_not_make(fresh_project: Path, monkeypatch, capsys):
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    out = fresh_project / "ket_qua"
    foreign = [out / ".x.tmp", out / "sub" / ".y.tmp", out / "quarantine" / ".z.tmp", out / ".cache" / "a.tmp"]
    for f in foreign:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"not lkdata's")
    assert main(["clean", "--out", str(out)]) == 0  # a first clean into the folder
    assert main(["clean", "--out", str(out)]) == 0  # up to date: skipped, but leftovers are looked for
    assert "bỏ qua" in capsys.readouterr().out
    assert all(f.read_bytes() == b"not lkdata's" for f in foreign)


def test_report_leftovers_are_removed_but_nobody_else_s(tmp_path: Path):
    from lkdata.jobs.reports import clean_stale_temporaries

    dead = _dead_pid()
    ours = [
        tmp_path / "2026-H1" / f".lkdata-{dead}-ab_cd123",
        tmp_path / "2026-H1" / "briefs" / f".lkdata-{dead}-x1234567",
    ]
    kept = [tmp_path / "2026-H1" / ".lkdata-cache", tmp_path / "2026-H1" / f".lkdata-{os.getpid()}-abcdefgh",
            tmp_path / "2026-H1" / ".git"]  # fmt: skip
    for d in ours + kept:
        (d / "bao_cao.html").parent.mkdir(parents=True)
        (d / "bao_cao.html").write_text("x", encoding="utf-8")
    stale_index = tmp_path / f".index.html.lkdata-{dead}-abcdefgh.tmp"
    stale_index.write_text("x", encoding="utf-8")
    (tmp_path / ".index.html.tmp").write_text("x", encoding="utf-8")
    clean_stale_temporaries(tmp_path)
    assert not any(d.exists() for d in ours) and not stale_index.exists()
    assert all(d.exists() for d in kept) and (tmp_path / ".index.html.tmp").exists()


# --- refusals of the operating system ------------------------------------------------------------------

REFUSALS = [
    (errno.ENOSPC, "đã đầy", "giải phóng chỗ trống"),
    (errno.EROFS, "chỉ cho đọc", "ổ đĩa ghi được"),
    (errno.EACCES, "không có quyền ghi", "cấp quyền ghi"),
]


@pytest.mark.parametrize(("code", "why", "todo"), REFUSALS)
def test_a_refused_write_names_the_file_says_why_and_keeps_the_previous_file(tmp_path: Path, monkeypatch, code,
                                                                              why, todo):  # fmt: skip
    import pyarrow.csv as pacsv

    target = tmp_path / "producers.csv"
    target.write_bytes(b"the previous file")

    def half_then_refused(table, sink, *args, **kwargs):  # the disk fills (or the folder turns read-only) midway
        sink.write(b"half")
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(pacsv, "write_csv", half_then_refused)
    with pytest.raises(OutputError) as info:
        write_csv(pd.DataFrame({"a": [1]}), target)
    message = str(info.value)
    assert f"Không ghi được tệp {target}" in message and why in message and todo in message
    assert target.read_bytes() == b"the previous file" and sorted(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(("code", "why", "todo"), REFUSALS)
def test_a_folder_that_cannot_take_a_new_file_is_said_too(tmp_path: Path, monkeypatch, code, why, todo):
    def refused(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store.tempfile, "mkstemp", refused)
    with pytest.raises(OutputError, match=why):
        write_json({"a": 1}, tmp_path / "manifest.json")


def test_arrow_s_errors_are_read_for_their_cause(tmp_path: Path, monkeypatch):
    def arrow_full(*args, **kwargs):  # Arrow puts the errno in its message, not in the exception
        raise OSError("Error writing bytes to file. Detail: [errno 28] No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", arrow_full)
    with pytest.raises(OutputError, match="đã đầy"):
        store.write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "a.parquet")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_processed_folder_exits_4(fresh_project: Path, monkeypatch, capsys):
    processed = fresh_project / "data" / "processed"
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    for folder in (processed, processed / "quarantine", processed / "review"):
        folder.chmod(0o555)
    try:
        assert main(["clean", "--force"]) == 4
    finally:
        for folder in (processed, processed / "quarantine", processed / "review"):
            folder.chmod(0o755)
    err = capsys.readouterr().err
    assert "không có quyền ghi" in err and str(processed) in err and "Traceback" not in err


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_clean_refused_a_write_exits_4_and_leaves_no_fingerprint(fresh_project: Path, monkeypatch, capsys, code):
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    processed = fresh_project / "data" / "processed"
    before = {f.name: f.read_bytes() for f in processed.glob("*.parquet")}
    import pyarrow.csv as pacsv

    def refused(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(pacsv, "write_csv", refused)
    assert main(["clean", "--force"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: Không ghi được tệp ") and "Traceback" not in err
    assert not (processed / "manifest.json").exists()  # no finished clean is claimed
    assert stale_reason(fresh_project / "data" / "raw", processed) == INCOMPLETE
    for name, data in before.items():  # each table is the previous one, or this run's whole
        assert (processed / name).read_bytes() == data or not pd.read_parquet(processed / name).empty
    assert [f for f in processed.rglob(".*") if f.name != ".lkdata.lock"] == []
    monkeypatch.undo()
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    assert main(["clean"]) == 0  # the next run cleans again by itself
    assert "bỏ qua" not in capsys.readouterr().out and stale_reason(fresh_project / "data" / "raw", processed) is None


# --- the fingerprint is written only with a complete result ----------------------------------------------


def test_a_clean_stopped_between_two_tables_is_never_taken_for_up_to_date(fresh_project: Path, monkeypatch, capsys):
    """A clean of changed raw files is stopped after its first table; the raw files are put back: the tables
    on disk now mix two runs, and neither ``status`` nor ``clean`` may call them up to date."""
    import lkdata.jobs.clean_run as clean_run
    import lkdata.jobs.clean_writer as clean_writer

    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    raw, processed = fresh_project / "data" / "raw", fresh_project / "data" / "processed"
    original = {d: pd.read_parquet(processed / f"{d}.parquet") for d in DATASETS}
    moved = fresh_project / "aside"
    shutil.move(raw / "activities", moved)  # the raw data changes ...
    (raw / "activities").mkdir()
    written: list[Path] = []
    real = clean_writer.write_parquet

    def first_table_then_stop(df, path):
        if written:
            raise KeyboardInterrupt  # ... and the run stops between two tables (Ctrl+C; a kill is in test_faults)
        real(df, path)
        written.append(path)

    monkeypatch.setattr(clean_writer, "write_parquet", first_table_then_stop)
    with pytest.raises(KeyboardInterrupt):
        clean_run.run_clean(raw, processed)
    monkeypatch.setattr(clean_writer, "write_parquet", real)
    shutil.rmtree(raw / "activities")
    shutil.move(moved, raw / "activities")  # ... and the raw files are restored
    assert written and not (processed / "manifest.json").exists()
    assert pd.read_parquet(processed / "activities.parquet").empty  # the stopped run's table, from the emptied folder
    assert stale_reason(raw, processed) == INCOMPLETE
    assert main(["status", "--today", "20/4/2026"]) == 0
    assert "lần làm sạch trước chưa hoàn tất" in capsys.readouterr().out
    assert main(["clean"]) == 0
    assert "bỏ qua" not in capsys.readouterr().out  # cleaned again, not skipped
    for d in DATASETS:
        pd.testing.assert_frame_equal(pd.read_parquet(processed / f"{d}.parquet"), original[d])


# --- the lock ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [("", 1800.0), ("60", 60.0), ("2,5", 2.5), (" 0 ", 0.0)])
def test_the_lock_timeout_is_read_from_the_environment(monkeypatch, text: str, seconds: float):
    monkeypatch.setenv("LKDATA_LOCK_TIMEOUT", text)
    assert lock_timeout() == seconds


@pytest.mark.parametrize("text", ["abc", "-1", "nan", "inf", "1e999", "30 phút", "0x10"])
def test_a_lock_timeout_that_is_no_number_of_seconds_is_refused(monkeypatch, tmp_path: Path, capsys, text: str):
    monkeypatch.setenv("LKDATA_LOCK_TIMEOUT", text)
    with pytest.raises(UsageError, match=f"LKDATA_LOCK_TIMEOUT='{text}' không hợp lệ"), project_lock(tmp_path):
        pass
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    (tmp_path / "data" / "raw").mkdir(parents=True)
    assert main(["clean"]) == 2
    err = capsys.readouterr().err
    assert f"LKDATA_LOCK_TIMEOUT='{text}'" in err and "Traceback" not in err


def test_a_killed_parallel_clean_s_spool_is_removed_by_the_next_and_nobody_else_s(tmp_path: Path, monkeypatch):
    import tempfile

    from lkdata.io.store import spool_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"lkdata-clean-{_dead_pid()}-abc123"
    kept = [tmp_path / f"lkdata-clean-{os.getpid()}-abc123", tmp_path / "lkdata-clean-cache", tmp_path / "khac"]
    for d in [dead, *kept]:
        d.mkdir()
        (d / "0.pickle").write_bytes(b"rows with names")
    with spool_folder() as spool:
        assert spool.is_dir() and spool.name.startswith(f"lkdata-clean-{os.getpid()}-")
    assert not dead.exists() and all(d.exists() for d in kept) and not spool.exists()


@pytest.mark.parametrize(
    ("text", "says"),
    [(json.dumps({"datasets": {"producers": 5}, "lkdata_version": __version__}), "không phải bản kê của lkdata clean"),
     ('["manifest"]', "không phải bản kê của lkdata clean"), ('{"name": "web app"}', "không phải bản kê"),
     ('{"datasets": {', "hỏng, không đọc được"), ("\x00\udcff", "hỏng, không đọc được")],
)  # fmt: skip
def test_a_garbled_processed_manifest_is_said_and_cleaned_again(fresh_project: Path, monkeypatch, capsys, text, says):
    monkeypatch.setenv("LKDATA_ROOT", str(fresh_project))
    raw, processed = fresh_project / "data" / "raw", fresh_project / "data" / "processed"
    (processed / "manifest.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    assert main(["status", "--today", "20/4/2026"]) == 0
    out = capsys.readouterr().out
    assert f"cần làm mới: tệp {processed / 'manifest.json'} {says}" in out, out
    assert main(["clean"]) == 0
    assert "bỏ qua" not in capsys.readouterr().out and stale_reason(raw, processed) is None


def test_csv_numbers_and_dates_read_as_written_whatever_their_type(tmp_path: Path):
    """Each distinct number and date is formatted once and spread over its rows: a float32 0.1 stays 0,1 (never its
    float64 widening 0,10000000149011612), -0.0 stays apart from 0.0, a repeated date and a blank are as written."""
    from lkdata.io.store import write_csv

    df = pd.DataFrame({
        "f32": pd.Series([0.1, 0.1, None, 2.5], dtype="float32"),
        "f64": [-0.0, 0.0, 1e-05, None],
        "nullable": pd.Series([2.25, None, 2.25, 3.0], dtype="Float64"),
        "day": pd.to_datetime(["2026-05-05", None, "2026-05-05", "1999-12-31"]),
    })  # fmt: skip
    write_csv(df, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows == [["f32", "f64", "nullable", "day"], ["0,1", "-0", "2,25", "05/05/2026"], ["0,1", "0", "", ""],
                    ["", "0,00001", "2,25", "05/05/2026"], ["2,5", "", "3", "31/12/1999"]]  # fmt: skip
