"""What a clean reads is decided once: every other file under the raw folder is named with its reason, in the
clean's summary, the manifest and ``lkdata inventory``; names that are not UTF-8 and symbolic links are handled."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from bad_inputs import HEADER, _cp1258, _csv, _rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkdata.cli import main
from lkdata.io.discover import discover, shown_name
from lkdata.io.freshness import stale_reason
from lkdata.jobs.clean_run import run_clean


def _skipped(found) -> dict[str, str]:
    return {s.rel: s.reason for s in found.skipped}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("~$ds.xlsx", "tệp khóa tạm của Excel"),
        (".~lock.ds.ods#", "tệp khóa tạm của LibreOffice"),
        ("._ds.xlsx", "tệp phụ do máy Mac tạo"),
        (".ds.csv", "tệp ẩn"),
        ("ds.zip", "tệp nén (.zip)"),
        ("ds.rar", "tệp nén (.rar)"),
        ("mau.xltx", "tệp mẫu của Excel"),
        ("bao_cao.pdf", "không phải bảng tính hay tệp CSV (.pdf)"),
        ("ghi_chu.docx", "không phải bảng tính hay tệp CSV (.docx)"),
        ("ds", "tệp không có phần mở rộng (nội dung là văn bản, có thể là CSV)"),
    ],
)
def test_each_file_not_read_is_named_with_its_reason(tmp_path, name, reason):
    folder = tmp_path / "producers"
    folder.mkdir()
    (folder / name).write_text("STT;Họ và tên\n1;An\n", encoding="utf-8")
    (folder / "ok.csv").write_text("STT;Họ và tên\n1;An\n", encoding="utf-8")
    found = discover(tmp_path)
    assert [f.rel for f in found.files["producers"]] == ["producers/ok.csv"]
    assert reason in _skipped(found)[f"producers/{name}"]
    assert [s.dataset for s in found.skipped] == ["producers"]


def test_formats_subfolders_and_content_sniffing(tmp_path):
    folder = tmp_path / "producers"
    (folder / "kp2" / "dot1").mkdir(parents=True)
    for name in ("a.xlsx", "b.XLSB", "c.tsv", "d.ods", "e.xls", "f.txt", "g.csv", "kp2/h.csv", "kp2/dot1/i.xlsm"):
        (folder / name).write_bytes(b"x")
    (folder / "khong_duoi").write_bytes(b"PK\x03\x04rest")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "g-checkpoint.csv").write_bytes(b"x")
    (tmp_path / "ho_san_xuat.xlsx").write_bytes(b"x")  # beside the datasets' folders
    (tmp_path / "htx").mkdir()  # a folder that is no dataset's
    (tmp_path / "reference").mkdir()  # the office's catalogues: no dataset, but no stray either
    (tmp_path / "notes").mkdir()
    found = discover(tmp_path)
    assert [f.rel for f in found.files["producers"]] == [
        "producers/a.xlsx", "producers/b.XLSB", "producers/c.tsv", "producers/d.ods", "producers/e.xls",
        "producers/f.txt", "producers/g.csv", "producers/kp2/dot1/i.xlsm", "producers/kp2/h.csv",
    ]  # fmt: skip
    skipped = _skipped(found)
    assert "nội dung giống tệp Excel .xlsx" in skipped["producers/khong_duoi"]
    assert "thư mục ẩn" in skipped["producers/.ipynb_checkpoints"]  # named once, its files not read
    assert "nằm ngoài thư mục của các bộ dữ liệu" in skipped["ho_san_xuat.xlsx"]
    assert skipped["htx"].startswith("thư mục nằm ngoài")
    assert len(skipped) == 4


def test_links_are_followed_inside_the_raw_folder_only(tmp_path):
    raw = tmp_path / "raw"
    folder = raw / "producers"
    folder.mkdir(parents=True)
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "ds.csv").write_text("x")
    (raw / "ban_goc").mkdir()
    (raw / "ban_goc" / "ds.csv").write_text("x")
    (folder / "passwd.csv").symlink_to(tmp_path / "passwd")  # a file outside
    (folder / "o_ngoai").symlink_to(tmp_path / "elsewhere")  # a folder outside
    (folder / "trong.csv").symlink_to(raw / "ban_goc" / "ds.csv")  # a file inside: read
    (folder / "ban_goc").symlink_to(raw / "ban_goc")  # a folder inside: read
    (folder / "vong").symlink_to(folder)  # a loop back to the folder itself
    (folder / "hong.csv").symlink_to(raw / "missing.csv")  # broken
    os.mkfifo(folder / "ong.csv")  # reading it would wait for ever
    found = discover(raw)
    assert [f.rel for f in found.files["producers"]] == ["producers/ban_goc/ds.csv", "producers/trong.csv"]
    skipped = _skipped(found)
    assert f"trỏ ra ngoài thư mục dữ liệu thô, tới {tmp_path / 'passwd'}" in skipped["producers/passwd.csv"]
    assert "trỏ ra ngoài thư mục dữ liệu thô" in skipped["producers/o_ngoai"]
    assert "đã được đọc ở chỗ khác" in skipped["producers/vong"]
    assert "liên kết hỏng" in skipped["producers/hong.csv"]
    assert "không phải tệp thường" in skipped["producers/ong.csv"]


def test_a_dataset_folder_linked_from_outside_is_not_read(tmp_path):
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "ds.csv").write_text("x")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "producers").symlink_to(tmp_path / "usb")
    found = discover(tmp_path / "raw")
    assert found.files["producers"] == []
    assert "trỏ ra ngoài thư mục dữ liệu thô" in _skipped(found)["producers"]


names = st.binary(min_size=1, max_size=24).filter(lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw_names=st.lists(names, min_size=1, max_size=8, unique=True),
       suffix=st.sampled_from([b".csv", b".xlsx", b"", b".pdf", b".tsv"]))  # fmt: skip
def test_any_file_name_is_read_or_named_and_can_be_printed_and_stored(tmp_path_factory, raw_names, suffix):
    """Names as bytes (a zip from Windows unpacked on Linux): discovering never raises, every file is read or
    named once, under a name that is text (UTF-8, JSON) and unique."""
    raw = tmp_path_factory.mktemp("raw")
    folder = raw / "producers"
    folder.mkdir()
    made = set()
    for n in raw_names:
        name = os.fsdecode(n + suffix)
        if name.lower() in {m.lower() for m in made}:  # a case-insensitive file system would merge them
            continue
        (folder / name).write_bytes(b"STT;Ten\n1;An\n")
        made.add(name)
    found = discover(raw)
    rels = [f.rel for f in found.files["producers"]] + [s.rel for s in found.skipped]
    assert len(rels) == len(made) == len(set(rels))
    assert all(r.startswith("producers/") for r in rels)
    json.dumps(rels, ensure_ascii=False).encode("utf-8")  # never a lone surrogate
    for f in found.files["producers"]:
        assert (f.path.is_file() and f.rel == f"producers/{shown_name(f.path.name)}") or "\\x" in f.rel


def test_names_not_utf8_reach_every_output_readably(tmp_path, capsys):
    """A Windows name (cp1258), an old DOS one (cp437) and a byte no code page has: read, stored, printed."""
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    names = {
        os.fsdecode(_cp1258("hộ_sản_xuất.csv")): "hộ_sản_xuất.csv",
        os.fsdecode("danh_sách.csv".encode("cp437", "replace")): None,
        os.fsdecode(b"ds_\x81.csv"): "ds_\\x81.csv",
    }
    for i, name in enumerate(names):
        rows = _rows(2, start=2 * i)
        rows[1][3] = "Khu phố 99"  # one row of each file quarantined: its file named in the quarantine
        _csv(folder / name, rows)
    run = run_clean(tmp_path / "raw", tmp_path / "out")
    files = {f["path"] for f in run.manifest["datasets"]["producers"]["files"]}
    for shown in [v for v in names.values() if v]:
        assert f"producers/{shown}" in files
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in manifest["datasets"]["producers"]["files"]} == files
    notes = [n for f in manifest["datasets"]["producers"]["files"] for n in f["notes"]]
    assert sum("Tên tệp không đúng mã UTF-8" in n for n in notes) == 3
    table = pd.read_parquet(tmp_path / "out" / "producers.parquet")
    assert set(table["source_file"]) == files
    quarantine = pd.read_csv(tmp_path / "out" / "quarantine" / "producers.csv", encoding="utf-8-sig", sep=";")
    assert set(quarantine.iloc[:, 0]) == files
    code = main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out2")])
    out = capsys.readouterr().out
    assert code == 0 and "producers/hộ_sản_xuất.csv" in out and "Lỗi nội bộ" not in out
    assert main(["inventory", "--raw", str(tmp_path / "raw")]) == 0
    assert "hộ_sản_xuất.csv" in capsys.readouterr().out


def test_inventory_lists_exactly_what_clean_reads_and_names_the_rest(tmp_path, capsys):
    folder = tmp_path / "raw" / "producers"
    (folder / "kp2").mkdir(parents=True)
    _csv(folder / "ds.csv", _rows(2))
    (folder / "ds.tsv").write_text("\n".join("\t".join(map(str, r)) for r in [HEADER, *_rows(2, start=2)]))
    _csv(folder / "kp2" / "ds.csv", _rows(2, start=4))
    _csv(folder / "~$ds.xlsx", _rows(1))
    (folder / "ds.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (tmp_path / "raw" / "lac.csv").write_text("x")
    assert main(["inventory", "--raw", str(tmp_path / "raw")]) == 0
    listed = capsys.readouterr().out
    assert main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    summary = capsys.readouterr().out
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    read = [f["path"] for d in manifest["datasets"].values() for f in d["files"]]
    assert read == ["producers/ds.csv", "producers/ds.tsv", "producers/kp2/ds.csv"]
    assert manifest["datasets"]["producers"]["clean"] == 6
    in_inventory = [line.strip().split("  (")[0] for line in listed.splitlines() if line.startswith("      ")]
    assert ["producers/" + n for n in in_inventory] == read
    skipped = [s["path"] for s in manifest["skipped_files"]]
    assert skipped == ["lac.csv", "producers/ds.zip", "producers/~$ds.xlsx"]
    for path in skipped:
        assert f"BỎ QUA  {path}: " in listed and f"BỎ QUA  {path}: " in summary
    # nothing changed: no clean, but the files left aside are still named
    assert main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    assert "BỎ QUA  producers/ds.zip: " in capsys.readouterr().out


def test_a_file_in_a_subfolder_or_a_new_format_makes_the_data_stale(tmp_path):
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    _csv(folder / "ds.csv", _rows(2))
    run_clean(tmp_path / "raw", tmp_path / "out")
    (folder / "ghi_chu.pdf").write_bytes(b"%PDF")  # not read: nothing to clean again
    assert stale_reason(tmp_path / "raw", tmp_path / "out") is None
    (folder / "kp2").mkdir()
    _csv(folder / "kp2" / "ds.tsv", _rows(2, start=2))
    assert "producers/kp2/ds.tsv" in stale_reason(tmp_path / "raw", tmp_path / "out")
