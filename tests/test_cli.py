"""The lkdata command line: run in-process through ``main`` (as the console script calls it), and once as a
user runs it, in a process of its own."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
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


# --- messages in Vietnamese, the scheduled run ----------------------------------------------------------------

#: argparse's own English, which must not reach an analyst.
ENGLISH = ("usage:", "options:", "positional arguments", "optional arguments", "show this help", "show program's",
           "invalid choice", "the following arguments are required", "unrecognized arguments", "error:",
           "expected one argument", "invalid int value")  # fmt: skip
COMMANDS = ("sample", "clean", "status", "check", "indicators", "report", "quality", "template", "inventory",
            "consolidate")  # fmt: skip


@pytest.mark.parametrize("argv", [["--help"], *([c, "--help"] for c in COMMANDS)], ids=lambda a: " ".join(a))
def test_every_help_is_vietnamese(argv: list[str], capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: lkdata") and "tùy chọn:" in out and "hiện hướng dẫn này rồi thoát" in out
    assert not [w for w in ENGLISH if w in out], out


@pytest.mark.parametrize(
    "argv, said",
    [
        (["bogus"], "đối số LỆNH: lựa chọn không hợp lệ: 'bogus' (chọn một trong: 'sample'"),
        (["report"], "thiếu đối số bắt buộc: KỲ"),
        (["check"], "thiếu đối số bắt buộc: KỲ"),
        (["clean", "--bogus"], "đối số không nhận ra: --bogus"),
        (["clean", "--jobs", "x"], "đối số --jobs/-j: giá trị không hợp lệ (số nguyên): 'x'"),
        (["clean", "--jobs"], "đối số --jobs/-j: cần một giá trị"),
        (["sample"], "thiếu đối số bắt buộc: --out"),
        (["report", "2026-H1", "--notes"], "đối số --notes: cần một giá trị"),
    ],
)
def test_usage_errors_are_vietnamese_and_exit_2(argv: list[str], said: str, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err and "Cách dùng: lkdata" in err and ": lỗi: " in err, err
    assert not [w for w in ENGLISH if w in err], err


def test_a_message_argparse_might_add_is_kept_rather_than_lost():
    from lkdata.vn.argparse_vi import translate_error

    assert translate_error("something new") == "something new"
    assert translate_error("argument -x: something new") == "đối số -x: something new"


@pytest.mark.parametrize("tty, quiet, bars", [(True, False, True), (False, False, False), (True, True, False)])
def test_progress_bars_only_on_a_terminal(fresh_project: Path, at, monkeypatch, tty, quiet, bars):
    import lkdata.jobs.reports as reports

    at(fresh_project)
    seen = []

    def run(periods, *, progress, **kwargs):
        seen.append(progress)
        return []

    monkeypatch.setattr(reports, "run_reports", run)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert main(["report", "2026-H1", *(["-q"] if quiet else [])]) == 0
    assert seen == [bars]


@pytest.mark.parametrize(
    "typed",
    ["KP5", "kp 5", "Kp.5", "KP05", "Khu phố 05", "khu pho 5", "Khu phố số 5", "5", "05", " Khu phố 5 ",
     unicodedata.normalize("NFD", "Khu phố 5"), unicodedata.normalize("NFD", "khu phố 05")],
)  # fmt: skip
def test_khu_pho_takes_the_catalogues_aliases(cleaned_project: Path, typed: str):
    from lkdata.config import Paths
    from lkdata.jobs.report_jobs import plan_reports

    jobs = plan_reports(["2026-H1"], paths=Paths(cleaned_project), khu_pho=[typed, "Khu phố 5"])
    assert [j.khu_pho for j in jobs if j.kind == "brief"] == ["Khu phố 5"]  # once, by its catalogue name


@pytest.mark.parametrize(
    "typed, said",
    [("Khu phố 99", "Khu phố 99."), ("Khu pho 1O", "(có phải 'Khu phố 1'?)"), ("Ấp 5", "Ấp 5."), ("abc", "abc.")],
)
def test_an_unknown_khu_pho_is_named_with_the_closest(cleaned_project: Path, typed: str, said: str):
    from lkdata.config import Paths
    from lkdata.errors import UsageError
    from lkdata.jobs.report_jobs import plan_reports

    with pytest.raises(UsageError, match="Khu phố không có trong danh mục") as e:
        plan_reports(["2026-H1"], paths=Paths(cleaned_project), khu_pho=[typed])
    assert said in str(e.value)


@pytest.mark.parametrize("typed, iso", [("08/5/2026", "2026-05-08"), ("8/5/26", "2026-05-08"),
                                        ("2026-05-08", "2026-05-08"), ("31/12/2026", "2026-12-31")])  # fmt: skip
def test_date_is_read_day_first(cleaned_project: Path, typed: str, iso: str):
    from lkdata.config import Paths
    from lkdata.jobs.report_jobs import plan_reports

    job = plan_reports(["2026-H1"], paths=Paths(cleaned_project), report_date=typed)[0]
    assert job.parameters["report_date"] == iso


def test_a_period_not_cut_off_yet_needs_force(cleaned_project: Path, at, capsys):
    import datetime as dt

    from lkdata.config import Paths
    from lkdata.jobs.report_jobs import plan_reports

    at(cleaned_project)
    year = dt.date.today().year + 1
    assert main(["report", f"{year}-H1"]) == 2
    err = capsys.readouterr().err
    assert f"chưa đến ngày chốt số liệu 05/5/{year}" in err and "--force" in err
    assert plan_reports([f"{year}-H1"], paths=Paths(cleaned_project), future_ok=True)  # --force lets it through
    with pytest.raises(LkdataError, match="chưa đến ngày chốt"):
        plan_reports(["2026-H1"], paths=Paths(cleaned_project), today=dt.date(2026, 5, 4))
    assert plan_reports(["2026-H1"], paths=Paths(cleaned_project), today=dt.date(2026, 5, 5))


def test_report_exits_1_while_a_raw_file_cannot_be_read_every_run(fresh_project: Path, at, monkeypatch, capsys):
    import lkdata.jobs.reports as reports

    at(fresh_project)
    broken = fresh_project / "data" / "raw" / "producers" / "gui_loi.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)  # cut short on the way
    monkeypatch.setattr(reports, "run_report", lambda job, progress, **kernels: reports.ReportResult(
        job, ok=True, outputs=[job.out_dir / f"{job.stem}.ipynb"]))  # fmt: skip
    for run in ("the one that cleans", "the next one, which does not"):
        assert main(["report", "2026-H1", "-q"]) == 1, run
        said = capsys.readouterr()
        assert "Tệp dữ liệu thô đọc được: 1 tệp không đọc được: producers/gui_loi.xlsx" in said.out, run
        assert "1 tệp dữ liệu thô không đọc được" in said.err and "báo cáo thiếu số liệu" in said.err
        assert "Dòng bị cách ly:" in said.out and "lkdata quality 2026-H1" in said.out
        assert "EOCD" not in said.out + said.err and "Zip" not in said.out + said.err  # the reader's English
    from lkdata.io.store import read_manifest
    from lkdata.jobs.reports import input_warnings

    warnings = input_warnings(read_manifest(fresh_project / "data" / "processed"))
    assert warnings == ["Tệp dữ liệu thô không đọc được, số liệu của tệp không có trong báo cáo: "
                        "producers/gui_loi.xlsx (Không đọc được tệp Excel (tệp hỏng, có mật khẩu, hoặc không phải "
                        "Excel): tệp bị cắt cụt hoặc hỏng (không phải tệp Excel .xlsx nguyên vẹn); mở tệp bằng Excel "
                        "và lưu lại, hoặc xin lại tệp gốc)"]  # fmt: skip
    log = (fresh_project / "data" / "processed" / "noi_bo" / "nhat_ky.log").read_text(encoding="utf-8")
    assert "gui_loi.xlsx" in log and "Could not find EOCD" in log  # the reader's own words: in the office's log
    broken.unlink()
    assert main(["report", "2026-H1", "-q"]) == 0  # read again without it: done
    capsys.readouterr()


def test_returned_templates_are_said_where_they_go_and_their_sheets_once(tmp_path: Path, at, capsys):
    at(tmp_path)
    (tmp_path / "data" / "raw" / "producers").mkdir(parents=True)
    assert main(["template", "--out", str(tmp_path / "mau")]) == 0
    out = capsys.readouterr().out
    assert "mau_ho_san_xuat.xlsx -> nhận về thì chép vào data/raw/producers/ (Hộ sản xuất)" in out
    for kp in range(1, 21):  # twenty khu phố send their template back (empty here: what matters is the sheets)
        shutil.copy(tmp_path / "mau" / "mau_ho_san_xuat.xlsx", tmp_path / "data" / "raw" / "producers" / f"kp{kp}.xlsx")
    main(["clean"])
    out = capsys.readouterr().out
    assert "Bỏ qua trang" not in out
    assert out.count("20 tệp có trang hướng dẫn hoặc trang ẩn (như mẫu nhập liệu gửi về)") == 1


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


@pytest.mark.e2e
@pytest.mark.parametrize(("argv", "code"), [(["--version"], 0), (["clean", "--raw", "khong-co-thu-muc"], 2)])
def test_the_program_exits_with_the_command_code_its_objects_frozen(argv: list[str], code: int, tmp_path: Path):
    """The program (``run``: the console script's and ``python -m lkdata.cli``'s entry) exits with main's code,
    after freezing what is alive so that the interpreter's last collections skip it; exit handlers still run."""
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "from lkdata.cli import run\n"
        f"run({argv!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, timeout=120)  # fmt: skip
    assert done.returncode == code, done.stderr
    assert done.stderr.strip().endswith("frozen True")
