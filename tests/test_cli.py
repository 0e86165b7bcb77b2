"""The lkdata command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lkdata import __version__
from lkdata.cli import main


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd
    )


def test_version_and_help():
    r = _run("--version")
    assert r.returncode == 0 and __version__ in r.stdout
    r = _run("--help")
    assert r.returncode == 0 and "sample" in r.stdout


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2


def test_sample_writes_and_refuses_to_overwrite_real_data(tmp_path: Path):
    r = _run("sample", "--out", str(tmp_path / "s"), "--scale", "120", "--seed", "1")
    assert r.returncode == 0, r.stderr
    assert "Đã tạo dữ liệu mẫu" in r.stdout
    real = tmp_path / "real"
    (real / "producers").mkdir(parents=True)
    (real / "producers" / "danh_sach.xlsx").write_bytes(b"office data")
    r = _run("sample", "--out", str(real))
    assert r.returncode == 2
    assert "Không ghi đè" in r.stderr
    assert (real / "producers" / "danh_sach.xlsx").read_bytes() == b"office data"


def test_inventory_lists_raw_files(root: Path):
    r = _run("inventory", "--raw", str(root / "data" / "raw"))
    assert r.returncode == 0
    assert "ho_san_xuat_theo_khu_pho.xlsx" in r.stdout
    r = _run("inventory", "--raw", str(root / "nowhere"))
    assert r.returncode == 2 and "Không tìm thấy" in r.stderr


def test_status_shows_the_calendar_and_whether_processed_data_is_current(root, tmp_path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(root / "data" / "raw", project / "data" / "raw")
    env = {**__import__("os").environ, "LKDATA_ROOT": str(project)}
    cmd = [sys.executable, "-m", "lkdata.cli"]
    r = subprocess.run(
        [*cmd, "status", "--today", "2026-04-20"], capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert r.returncode == 0
    assert "Báo cáo 6 tháng đầu năm 2026" in r.stdout and "05/5/2026" in r.stdout and "20 ngày" in r.stdout
    assert "chưa có" in r.stdout
    subprocess.run([*cmd, "clean"], capture_output=True, env=env, check=True)
    r = subprocess.run(
        [*cmd, "status", "--today", "2026-04-20"], capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert "khớp với dữ liệu thô" in r.stdout
    (project / "data" / "raw" / "activities" / "hoat_dong_2026.csv").write_bytes(b"\xef\xbb\xbfSTT;Ngay\r\n")
    r = subprocess.run(
        [*cmd, "status", "--today", "2026-04-20"], capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert "cần làm mới" in r.stdout and "activities/hoat_dong_2026.csv" in r.stdout
    subprocess.run([*cmd, "clean"], capture_output=True, env=env)
    (project / "data" / "raw" / "reference").mkdir()
    (project / "data" / "raw" / "reference" / "ward.yaml").write_text("ward: Long Khánh\n", encoding="utf-8")
    r = subprocess.run(
        [*cmd, "status", "--today", "2026-04-20"], capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert "danh mục trong data/raw/reference đã thay đổi" in r.stdout


def test_indicators_command_and_bad_period(root, tmp_path):
    out = tmp_path / "processed"
    cmd = [sys.executable, "-m", "lkdata.cli"]
    subprocess.run(
        [*cmd, "clean", "--raw", str(root / "data" / "raw"), "--out", str(out)], capture_output=True, check=True
    )
    r = subprocess.run([*cmd, "indicators", "2026-H1", "--processed", str(out)], capture_output=True, text=True,
                       encoding="utf-8")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "số liệu tính đến ngày 05/5/2026" in r.stdout
    for task in ("III.1.", "III.7.", "IV."):
        assert task in r.stdout
    r = subprocess.run([*cmd, "indicators", "2026-Q3"], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 2 and "Dạng chấp nhận: 2026-H1" in r.stderr


def test_clean_skips_when_nothing_changed_unless_forced(root, tmp_path):
    import os
    import shutil

    project = tmp_path / "p"
    shutil.copytree(root / "data" / "raw", project / "data" / "raw")
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    cmd = [sys.executable, "-m", "lkdata.cli", "clean"]
    first = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert first.returncode == 0 and "Bộ dữ liệu" in first.stdout
    again = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert again.returncode == 0 and "bỏ qua" in again.stdout and "Bộ dữ liệu" not in again.stdout
    forced = subprocess.run([*cmd, "--force"], capture_output=True, text=True, encoding="utf-8", env=env)
    assert forced.returncode == 0 and "Bộ dữ liệu" in forced.stdout
