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
