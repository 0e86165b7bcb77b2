"""The lkdata command line: run in-process through ``main`` (as the console script calls it), and once as a
user runs it, in a process of its own."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lkdata.cli as cli
from lkdata import __version__
from lkdata.cli import main
from lkdata.errors import InternalError, LkdataError, OutputError, ReferenceDataError, UsageError


@pytest.fixture
def at(monkeypatch):
    """Point ``lkdata`` at a project folder, as ``LKDATA_ROOT`` does."""
    return lambda project: monkeypatch.setenv("LKDATA_ROOT", str(project))


@pytest.mark.e2e
def test_the_module_runs_as_a_command():
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "--version"], capture_output=True, text=True,
                       encoding="utf-8")  # fmt: skip
    assert r.returncode == 0 and __version__ in r.stdout
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "inventory", "--raw", "/nowhere/at/all"],
                       capture_output=True, text=True, encoding="utf-8")  # fmt: skip
    assert r.returncode == 2 and "Không tìm thấy thư mục dữ liệu thô" in r.stderr


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("sample", "clean", "status", "indicators", "report", "quality", "template", "inventory"):
        assert command in out, command


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "LỆNH" in capsys.readouterr().out  # the help is shown
    assert main(["clean", "--bogus"]) == 2


def test_sample_writes_and_refuses_to_overwrite_real_data(tmp_path: Path, capsys):
    assert main(["sample", "--out", str(tmp_path / "s"), "--scale", "120", "--seed", "1"]) == 0
    assert "Đã tạo dữ liệu mẫu" in capsys.readouterr().out
    assert (tmp_path / "s" / "_sample_truth.json").is_file()
    real = tmp_path / "real"
    (real / "producers").mkdir(parents=True)
    (real / "producers" / "danh_sach.xlsx").write_bytes(b"office data")
    assert main(["sample", "--out", str(real)]) == 2
    assert "Không ghi đè" in capsys.readouterr().err
    assert (real / "producers" / "danh_sach.xlsx").read_bytes() == b"office data"


def test_inventory_lists_raw_files(root: Path, tmp_path: Path, capsys):
    assert main(["inventory", "--raw", str(root / "data" / "raw")]) == 0
    out = capsys.readouterr().out
    assert "ho_san_xuat_theo_khu_pho.xlsx" in out and "producers" in out
    assert main(["inventory", "--raw", str(tmp_path)]) == 0
    assert "(chưa có tệp nào)" in capsys.readouterr().out


def test_usage_error_exits_2_with_its_message(tmp_path: Path, capsys):
    assert main(["inventory", "--raw", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: Không tìm thấy thư mục dữ liệu thô") and "Traceback" not in err
    assert main(["clean", "--raw", str(tmp_path / "nope")]) == 2
    assert "Không tìm thấy thư mục dữ liệu thô" in capsys.readouterr().err


@pytest.mark.parametrize(
    "error, code",
    [
        (UsageError("sai tham số"), 2),
        (ReferenceDataError("Tệp ward.yaml, khóa plan.date: 'x' không phải ngày"), 2),
        (OutputError("Không ghi được tệp a.csv: ổ đĩa đã đầy"), 4),
        (LkdataError("không đọc được"), 1),
        (InternalError("lệch số dòng"), 3),
        (RuntimeError("boom"), 3),
        (KeyError("III.9"), 3),
    ],
)
def test_each_kind_of_error_has_its_exit_code(error: Exception, code: int, monkeypatch, capsys):
    def fail(args):
        raise error

    monkeypatch.setattr(cli, "_cmd_inventory", fail)
    monkeypatch.delenv("LKDATA_DEBUG", raising=False)
    assert main(["inventory"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 3:
        assert f"Lỗi nội bộ của lkdata (không phải do dữ liệu hay lệnh của bạn): {type(error).__name__}: " in err
        assert str(error) in err and "người phụ trách lkdata" in err and "LKDATA_DEBUG=1" in err
    else:
        assert err == f"Lỗi: {error}\n"


def test_an_internal_error_shows_its_traceback_only_when_debugging(monkeypatch, capsys):
    def fail(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_cmd_inventory", fail)
    monkeypatch.setenv("LKDATA_DEBUG", "1")
    assert main(["inventory"]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'raise RuntimeError("boom")' in err
    assert "Lỗi nội bộ của lkdata" in err


def test_status_shows_the_calendar_and_whether_processed_data_is_current(fresh_project: Path, at, capsys):
    at(fresh_project)
    assert main(["status", "--today", "2026-04-20"]) == 0
    out = capsys.readouterr().out
    assert "Báo cáo 6 tháng đầu năm 2026" in out and "05/5/2026" in out and "20 ngày" in out
    assert "khớp với dữ liệu thô" in out
    activities = fresh_project / "data" / "raw" / "activities" / "hoat_dong_2026.csv"
    original = activities.read_bytes()
    activities.write_bytes(b"\xef\xbb\xbfSTT;Ngay\r\n")
    main(["status", "--today", "2026-04-20"])
    out = capsys.readouterr().out
    assert "cần làm mới" in out and "activities/hoat_dong_2026.csv" in out
    activities.write_bytes(original)  # compared by content: the same bytes are current again
    main(["status", "--today", "2026-04-20"])
    assert "khớp với dữ liệu thô" in capsys.readouterr().out
    (fresh_project / "data" / "raw" / "reference").mkdir(exist_ok=True)  # the sample carries its targets there
    (fresh_project / "data" / "raw" / "reference" / "ward.yaml").write_text("ward: Long Khánh\n", encoding="utf-8")
    main(["status", "--today", "2026-04-20"])
    assert "danh mục trong data/raw/reference đã thay đổi" in capsys.readouterr().out
    (fresh_project / "data" / "processed" / "manifest.json").unlink()  # tables without the manifest written last
    main(["status", "--today", "2026-04-20"])
    assert "cần làm mới: lần làm sạch trước chưa hoàn tất" in capsys.readouterr().out
    for table in (fresh_project / "data" / "processed").glob("*.parquet"):
        table.unlink()
    main(["status", "--today", "20/4/2026"])  # a day typed day first, as every date the office types
    out = capsys.readouterr().out
    assert "cần làm mới: chưa có dữ liệu đã xử lý" in out and "hôm nay 20/4/2026" in out


def test_indicators_command_and_bad_period(cleaned_project: Path, capsys):
    processed = cleaned_project / "data" / "processed"
    assert main(["indicators", "2026-H1", "--processed", str(processed)]) == 0
    out = capsys.readouterr().out
    assert "số liệu tính đến ngày 05/5/2026" in out
    for task in ("III.1.", "III.7.", "IV."):
        assert task in out
    # the sample's own targets set a few; the history of the undated attributes starts with its one clean
    assert re.search(r"Thành viên HTX, THT: [\d.]+ thành viên \(chưa có số liệu cùng kỳ\); chưa giao chỉ tiêu", out)
    assert re.search(r"Lớp tập huấn về liên kết sản xuất, tiêu thụ: \d+ lớp \(.*\); chỉ tiêu 8 lớp \(", out)
    assert main(["indicators", "2026-Q3", "--processed", str(processed)]) == 2
    assert "Dạng chấp nhận: 2026-H1" in capsys.readouterr().err


def test_clean_skips_when_nothing_changed_unless_forced(fresh_project: Path, at, capsys):
    at(fresh_project)
    table = fresh_project / "data" / "processed" / "producers.parquet"
    before = table.stat().st_ino
    assert main(["clean"]) == 0
    out = capsys.readouterr().out
    assert "bỏ qua" in out and "Bộ dữ liệu" not in out
    assert table.stat().st_ino == before  # not written again
    assert main(["clean", "--force"]) == 0
    assert "Bộ dữ liệu" in capsys.readouterr().out
    assert table.stat().st_ino != before  # a new file moved into place


@pytest.mark.parametrize("today", ["garbage", "2026-02-30", "31/4/2026", "20/4", "", "9999-12-31"])
def test_status_refuses_a_day_that_is_no_date(fresh_project: Path, at, capsys, today: str):
    at(fresh_project)
    assert main(["status", "--today", today]) == 2
    err = capsys.readouterr().err
    assert f"Ngày --today không hợp lệ: '{today}'" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["clean", "--out", "{raw}/processed"],
        ["clean", "--out", "{raw}"],
        ["clean", "--out", "{raw}/producers"],
        ["clean", "--raw", "{root}/khac", "--out", "{root}/khac/ket_qua"],
        ["clean", "--out", "{root}/link_to_raw/ket_qua"],  # a symbolic link into the raw folder
        ["template", "--out", "{raw}/producers"],
        ["quality", "--out", "{raw}/bao_cao"],
        ["report", "2026-H1", "--out", "{raw}/bao_cao"],
    ],
)
def test_an_output_folder_inside_the_raw_data_is_refused(fresh_project: Path, at, capsys, command: list[str]):
    at(fresh_project)
    raw = fresh_project / "data" / "raw"
    shutil.copytree(raw, fresh_project / "khac")
    (fresh_project / "link_to_raw").symlink_to(raw, target_is_directory=True)
    before = sorted(p.relative_to(fresh_project).as_posix() for p in fresh_project.rglob("*"))
    args = [a.format(raw=raw, root=fresh_project) for a in command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "nằm trong thư mục dữ liệu thô" in err and "lkdata không ghi vào dữ liệu thô" in err, err
    assert sorted(p.relative_to(fresh_project).as_posix() for p in fresh_project.rglob("*")) == before  # nothing made


def test_raw_data_inside_the_output_folder_is_allowed(fresh_project: Path, at, capsys):
    """``--out .`` writes the tables beside ``data/``: lkdata writes only its own files there, never into raw."""
    at(fresh_project)
    out = fresh_project / "data"
    assert main(["clean", "--out", str(out)]) == 0
    assert (out / "producers.parquet").is_file() and not any((fresh_project / "data" / "raw").rglob("*.parquet"))


@pytest.mark.parametrize("command", ["status", "clean", "report", "quality", "inventory"])
def test_ctrl_c_stops_with_a_message_never_a_traceback(command, monkeypatch, capsys):
    """Ctrl+C while any command runs: a sentence in Vietnamese and exit 130 (the shell's code for it)."""

    def interrupted(args):
        raise KeyboardInterrupt

    parser = cli.build_parser()
    name = next(a.choices[command].get_default("func").__name__ for a in parser._subparsers._group_actions)
    monkeypatch.setattr(cli, name, interrupted)
    argv = {"report": ["report", "2026-H1"], "quality": ["quality"]}.get(command, [command])
    assert main(argv) == 130
    err = capsys.readouterr().err
    assert "Đã dừng theo yêu cầu (Ctrl+C)" in err and "Traceback" not in err
