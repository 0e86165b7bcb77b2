"""``lkdata check PERIOD``: each condition of the readiness checklist gives its status and the exit code a
scheduler acts on; run on a small project built here (three datasets, a notes file, the year's targets),
cleaned for real, with a report "rendered" by writing the manifest lkdata writes after a rendering."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_history import COOPS, PLOTS, PRODUCERS, _write_csv

from lkdata.cli import main
from lkdata.config import Paths

NOTES = """# Ghi chú báo cáo 6 tháng đầu năm 2026

## Công tác chỉ đạo, triển khai
Ban hành kế hoạch triển khai.

## Lồng ghép tuyên truyền tại hội nghị, hội thảo
Lồng ghép tại 02 hội nghị.

## Tuân thủ quy trình, tiêu chuẩn của đối tác tiêu thụ
Hướng dẫn quy trình VietGAP.

## Vùng nguyên liệu
Chưa có dự án mới.

## Văn bản mới về chính sách liên kết
Chưa có văn bản mới.

## Kết quả kiểm tra, giám sát
Không phát hiện sai phạm.

## Tồn tại, hạn chế
Liên kết còn ít.

## Khó khăn, vướng mắc
Hộ sản xuất quy mô nhỏ.

## Nguyên nhân
Giá vật tư tăng.

## Nhiệm vụ, giải pháp kỳ tới
Tiếp tục tuyên truyền.

## Đề xuất, kiến nghị
Hỗ trợ chứng nhận VietGAP.
"""
TODAY = "01/12/2026"


def _build(root: Path) -> None:
    raw = root / "data" / "raw"
    _write_csv(raw / "cooperatives" / "htx.csv", "cooperatives", COOPS)
    _write_csv(raw / "producers" / "ho.csv", "producers", PRODUCERS)
    _write_csv(raw / "crops" / "vung_trong.csv", "crops", PLOTS)
    (raw / "notes").mkdir(parents=True)
    (raw / "notes" / "2026-H1.md").write_text(NOTES, encoding="utf-8")
    (raw / "reference" / "targets").mkdir(parents=True)
    (raw / "reference" / "targets" / "2026.yaml").write_text("training_courses: 8\n", encoding="utf-8")
    (root / "notebooks").mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "notebooks" / "bao_cao_ke_hoach.ipynb", root / "notebooks")


def _clean(root: Path) -> None:
    from lkdata.jobs.clean_run import run_clean

    run_clean(root / "data" / "raw", root / "data" / "processed")


def _render(root: Path, period: str = "2026-H1") -> None:
    """What a rendering leaves for the checklist: the outputs and the manifest with the job's fingerprint."""
    from lkdata.jobs.report_jobs import plan_reports
    from lkdata.jobs.reports import fingerprint

    job = plan_reports([period], paths=Paths(root), future_ok=True)[0]
    job.out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for fmt in job.formats:
        (job.out_dir / f"{job.stem}.{fmt}").write_text("x", encoding="utf-8")
        outputs.append({"file": f"{job.stem}.{fmt}"})
    p = job.period
    f = fingerprint(job)
    manifest = {
        "period": {"key": p.key, "label": p.label, "cutoff": p.cutoff.isoformat()},
        "lkdata_version": f["lkdata_version"], "lkdata_code": f["lkdata_code"], "parameters": f["parameters"],
        "notebook": {"sha256": f["notebook"]}, "notes": {"sha256": f["notes"]}, "inputs": f["inputs"],
        "data_warnings": f["data_warnings"],
        "outputs": outputs, "title": job.title, "kind": "report",
    }  # fmt: skip
    job.manifest.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture(scope="module")
def ready(tmp_path_factory) -> Path:
    """A project ready to submit 2026-H1: cleaned, its notes whole, targets set, the report rendered."""
    root = tmp_path_factory.mktemp("ready") / "project"
    _build(root)
    _clean(root)
    _render(root)
    return root


@pytest.fixture
def project(ready: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(ready, copy)
    _render(copy)  # the report's parameters name its project's folder
    return copy


def _check(root: Path, *args: str, capsys) -> tuple[int, dict]:
    code = main(["--root", str(root), "check", *args, "--json"])
    return code, {m["muc"]: m for m in json.loads(capsys.readouterr().out)["muc"]}


def test_a_ready_project_exits_0_and_says_every_item(ready: Path, capsys):
    code = main(["--root", str(ready), "check", "2026-H1", "--today", TODAY])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Kết luận: SẴN SÀNG" in out and "Mã thoát 0" in out
    for title in ("Tệp dữ liệu thô đọc được", "Khu phố đã gửi số liệu", "Dòng bị cách ly", "Tệp ghi chú của kỳ",
                  "Chỉ tiêu năm 2026", "Báo cáo đã lập và còn mới", "Quy tắc đối chiếu"):  # fmt: skip
        assert title in out
    # the small project names three khu phố of twenty: a warning, not a failure; --strict makes it one
    assert "[cảnh báo]" in out and "17/20 khu phố chưa gửi" in out
    assert main(["--root", str(ready), "check", "2026-H1", "--today", TODAY, "--strict"]) == 1
    capsys.readouterr()


def _unreadable(root: Path) -> None:
    (root / "data" / "raw" / "producers" / "hong.xlsx").write_bytes(b"PK\x03\x04" + b"x" * 200)
    _clean(root)
    _render(root)


def _nothing_accepted(root: Path) -> None:
    bad = [dict(p, khu_pho="Khu phố 99") for p in PRODUCERS]
    _write_csv(root / "data" / "raw" / "producers" / "sai_khu_pho.csv", "producers", bad)
    _clean(root)
    _render(root)


def _quarantined(root: Path) -> None:
    plots = [*PLOTS, dict(PLOTS[0], area="-3", growing_area_code="")]
    _write_csv(root / "data" / "raw" / "crops" / "vung_trong.csv", "crops", plots)
    _clean(root)
    _render(root)


def _notes(text: str | None) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "data" / "raw" / "notes" / "2026-H1.md"
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
        _render(root)  # the report made from these notes: only the notes item fails

    return change


def _no_targets(root: Path) -> None:
    shutil.rmtree(root / "data" / "raw" / "reference" / "targets")
    _clean(root)  # the catalogues changed: clean again, render again
    _render(root)


def _new_raw_file(root: Path) -> None:
    _write_csv(root / "data" / "raw" / "producers" / "moi.csv", "producers", PRODUCERS[:1])


def _not_rendered(root: Path) -> None:
    shutil.rmtree(root / "reports")


def _stale_report(root: Path) -> None:
    plots = [*PLOTS, dict(PLOTS[2], area="0,5", growing_area_code="VN-DNOR-0004")]
    _write_csv(root / "data" / "raw" / "crops" / "vung_trong.csv", "crops", plots)
    _clean(root)  # new data, cleaned after the report was made


def _draft_report(root: Path) -> None:
    """The report is current but still holds a placeholder (no signer's name): every page says DỰ THẢO."""
    manifest = root / "reports" / "2026-H1" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["placeholders"] = [{"what": "họ và tên người ký", "todo": "ghi họ và tên người ký (signer: name)"}]
    manifest.write_text(json.dumps(data), encoding="utf-8")


# (what is changed, extra arguments, the item, its status, the exit code)
CASES = [
    (_unreadable, (), "tep_loi", "chưa đạt", 1),
    (_nothing_accepted, (), "tep_khong_nhan", "chưa đạt", 1),
    (_quarantined, (), "cach_ly", "cảnh báo", 0),
    (_quarantined, ("--strict",), "cach_ly", "cảnh báo", 1),
    (_notes(NOTES.replace("## Nguyên nhân", "## Lý do")), (), "ghi_chu", "chưa đạt", 1),
    (_notes(NOTES.replace("## Đề xuất, kiến nghị", "## Đề nghị")), (), "ghi_chu", "chưa đạt", 1),
    (_notes(NOTES.replace("## Khó khăn", "Khó khăn")), (), "ghi_chu", "chưa đạt", 1),
    (_notes(NOTES.replace("## Nguyên nhân", "##Nguyên nhân")), (), "ghi_chu", "chưa đạt", 1),
    (_notes(None), (), "ghi_chu", "chưa đạt", 1),
    (_no_targets, (), "chi_tieu", "chưa đạt", 1),
    (_new_raw_file, (), "du_lieu", "chưa đạt", 1),
    (_not_rendered, (), "bao_cao", "chưa đạt", 1),
    (_stale_report, (), "bao_cao", "chưa đạt", 1),
    (_draft_report, (), "bao_cao", "chưa đạt", 1),
    (lambda root: None, ("--today", "01/5/2026"), "ky_bao_cao", "chưa đạt", 1),  # the cut-off is 05/5/2026
    (lambda root: None, ("--today", "10/12/2025"), "ky_bao_cao", "chưa đạt", 1),  # not begun
]


@pytest.mark.parametrize("change, args, item, status, code", CASES,
                         ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)])  # fmt: skip
def test_each_condition_has_its_status_and_exit_code(project: Path, capsys, change, args, item, status, code):
    change(project)
    args = args if "--today" in args else (*args, "--today", TODAY)
    got, items = _check(project, "2026-H1", *args, capsys=capsys)
    assert items[item]["trang_thai"] == status, items[item]
    assert got == code
    if code == 1 and "--strict" not in args:  # the item that failed is the one the case broke
        assert [k for k, v in items.items() if v["trang_thai"] == "chưa đạt"] == [item]


@pytest.mark.parametrize(
    "heading, said",
    [
        ("## Đề nghị", "(có phải “Đề xuất, kiến nghị”?)"),
        ("## Kho khan vuong mac", None),  # read as the section: no complaint about it
        ("## Nhiệm vụ kỳ sau", None),
        ("## Giải pháp", "“## Giải pháp” không ứng với mục nào"),
        ("##Nguyên nhân", "phải viết “## <tên mục>”"),
        ("# Khó khăn, vướng mắc", "phải viết “## <tên mục>”"),
    ],
)
def test_notes_headings_that_open_no_section_are_named_with_the_closest(heading: str, said: str | None):
    from lkdata.report.notes import Notes

    notes = Notes.parse(f"# Tiêu đề\n\n{heading}\nNội dung.\n", Path("2026-H1.md"))
    problems = " ".join(notes.problems())
    if said is None:
        assert not problems
    else:
        assert said in problems, problems


def test_notes_text_outside_any_section_is_named_by_its_line():
    from lkdata.report.notes import Notes

    text = "# Ghi chú\n<!-- một\nchú thích\n-->\nViết lạc chỗ.\n\n## Khó khăn\nCó.\n"
    problems = Notes.parse(text, Path("a.md")).problems()
    assert problems == ["dòng 5 “Viết lạc chỗ.” nằm ngoài mọi mục, không vào báo cáo"]


def test_the_json_says_the_period_and_the_exit_code(ready: Path, capsys):
    assert main(["--root", str(ready), "check", "2026-H1", "--today", TODAY, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ky"] == "2026-H1" and data["san_sang"] is True and data["ma_thoat"] == 0
    assert {m["trang_thai"] for m in data["muc"]} <= {"đạt", "cảnh báo", "chưa đạt", "không đánh giá"}


def test_status_says_whether_each_due_report_is_made_and_current(project: Path, capsys):
    assert main(["--root", str(project), "status", "--today", "01/6/2026"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "2026-H1" in x)
    assert line.endswith("đã lập, còn mới")
    (project / "data" / "raw" / "notes" / "2026-H1.md").write_text(NOTES + "\nThêm.\n", encoding="utf-8")
    main(["--root", str(project), "status", "--today", "01/6/2026"])
    out = capsys.readouterr().out
    assert next(x for x in out.splitlines() if "2026-H1" in x).endswith("đã lập, CŨ (lập lại)")
    assert next(x for x in out.splitlines() if "Báo cáo năm 2026" in x).endswith("chưa lập")


def test_root_works_from_any_folder_and_leaves_no_trace(ready: Path, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.delenv("LKDATA_ROOT", raising=False)
    elsewhere = tmp_path / "noi_khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["--root", str(ready), "check", "2026-H1", "--today", TODAY]) == 0
    assert "SẴN SÀNG" in capsys.readouterr().out
    import os

    assert "LKDATA_ROOT" not in os.environ  # a later call in this process is not pointed at the project
    assert main(["--root", str(tmp_path / "khong_co"), "status"]) == 2
    assert "không có thư mục này" in capsys.readouterr().err


def test_a_raw_file_failing_makes_the_report_stale_though_its_tables_are_the_same(project: Path):
    """The report's manifest says what the current data lacks: a new unreadable file changes no table, yet
    the report is made again so that its ``warnings`` name the file."""
    from lkdata.jobs.report_jobs import plan_reports
    from lkdata.jobs.reports import rendered_state

    job = plan_reports(["2026-H1"], paths=Paths(project), future_ok=True)[0]
    assert rendered_state(job) == "current"
    tables = {f.name: f.read_bytes() for f in (project / "data" / "processed").glob("*.parquet")}
    (project / "data" / "raw" / "producers" / "hong.xlsx").write_bytes(b"PK\x03\x04" + b"x" * 200)
    _clean(project)
    assert {f.name: f.read_bytes() for f in (project / "data" / "processed").glob("*.parquet")} == tables
    assert rendered_state(job) == "stale"


def test_other_lkdata_code_at_the_same_version_makes_data_and_report_stale(project: Path, monkeypatch):
    """An office updating lkdata from its repository keeps the version number: the processed data and the
    report made by the earlier code are not taken for up to date (a hash of lkdata's own files says it)."""
    import lkdata.io.freshness as freshness
    import lkdata.jobs.reports as reports
    from lkdata.jobs.report_jobs import plan_reports
    from lkdata.jobs.reports import rendered_state

    job = plan_reports(["2026-H1"], paths=Paths(project), future_ok=True)[0]
    raw, processed = project / "data" / "raw", project / "data" / "processed"
    assert rendered_state(job) == "current" and freshness.stale_reason(raw, processed) is None
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["lkdata_code"] == freshness.code_sha256()
    for module in (freshness, reports):
        monkeypatch.setattr(module, "code_sha256", lambda: "sha256:khac")
    assert freshness.stale_reason(raw, processed) == freshness.CODE_CHANGED
    assert rendered_state(job) == "stale"


def test_the_code_hash_ignores_what_computers_and_editors_leave_beside_lkdata(tmp_path: Path):
    """Only lkdata's own files count: a hidden file, a checkpoint folder, a lock or backup file beside them never
    makes the data or the reports stale; a changed line of code does."""
    import lkdata
    from lkdata.io.freshness import code_sha256, tree_sha256

    copy = tmp_path / "lkdata"
    shutil.copytree(Path(lkdata.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = tree_sha256(copy)
    assert before == code_sha256()
    reference = copy / "reference"
    (copy / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (reference / ".ipynb_checkpoints").mkdir()
    (reference / ".ipynb_checkpoints" / "ward-checkpoint.yaml").write_text("place: X\n", encoding="utf-8")
    for stray in ("~$units.csv", ".~lock.ward.yaml#", "ward.yaml.orig", "Thumbs.db"):
        (reference / stray).write_text("x", encoding="utf-8")
    (copy / "vn" / "__pycache__").mkdir(exist_ok=True)
    (copy / "vn" / "__pycache__" / "fmt.cpython-311.pyc").write_bytes(b"\0")
    assert tree_sha256(copy) == before
    fmt = copy / "vn" / "fmt.py"
    fmt.write_text(fmt.read_text(encoding="utf-8") + "\n# a changed line\n", encoding="utf-8")
    assert tree_sha256(copy) != before


def test_every_kind_of_file_lkdata_ships_counts_in_the_code_hash():
    """The hash takes lkdata's files by their kind (CODE_SUFFIXES): every file pyproject.toml ships as package
    data must be of a kind it counts, or a changed template would leave old reports up to date."""
    import tomllib

    import lkdata
    from lkdata.io.freshness import CODE_SUFFIXES

    root = Path(lkdata.__file__).parent
    project = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = {f for pattern in project["tool"]["setuptools"]["package-data"]["lkdata"] for f in root.glob(pattern)}
    assert shipped and {f.suffix for f in shipped if f.is_file()} <= set(CODE_SUFFIXES)


def _activities_by(organisers: list[str]) -> Callable[[Path], None]:
    """An activities file: one training in the period organised by each of ``organisers``, then a clean."""

    def change(root: Path) -> None:
        rows = [{"held_on": "15/3/2026", "kind": "tập huấn", "title": f"Tập huấn {i}", "organiser": o,
                 "participants": "30"} for i, o in enumerate(organisers)]  # fmt: skip
        _write_csv(root / "data" / "raw" / "activities" / "hoat_dong.csv", "activities", rows)
        _clean(root)
        _render(root)

    return change


@pytest.mark.parametrize(
    "organisers, status, silent",
    [
        ([], "cảnh báo", 9),  # the small project has no activity: every unit of units.csv is named
        (["Hội Nông dân phường Long Khánh", "Trưởng khu phố 2", "Sở Nông nghiệp và Môi trường"], "cảnh báo", 7),
        (["Phòng Kinh tế, Hạ tầng và Đô thị", "TT DVNN khu vực 3", "Trung tâm Dịch vụ tổng hợp", "UBMTTQ phường",
          "Hội Nông dân", "Hội Phụ nữ phường", "Đoàn Thanh niên", "Hội CCB phường", "Trưởng khu phố 5"], "đạt", 0),
    ],
)  # fmt: skip
def test_check_names_the_units_that_have_not_reported(project: Path, capsys, organisers, status, silent):
    from lkdata.io.reference import load_units

    if organisers:
        _activities_by(organisers)(project)
    code, items = _check(project, "2026-H1", "--today", TODAY, capsys=capsys)
    item = items["don_vi"]
    assert item["trang_thai"] == status, item
    assert len(item["danh_sach"]) == silent
    reported = {"Hội Nông dân phường", "Trưởng các khu phố"} if silent == 7 else set()
    everyone = [u.name for u in load_units()]
    expected = [] if not silent else [n for n in everyone if n not in reported]
    assert item["danh_sach"] == expected
    if silent:
        assert f"{silent}/9 cơ quan, đơn vị chưa báo cáo" in item["chi_tiet"]
    assert code == 0  # a warning: the report says "chưa báo cáo"; --strict makes it block


def test_a_draft_report_says_what_it_lacks_and_what_to_do(project: Path, capsys):
    _draft_report(project)
    code = main(["--root", str(project), "check", "2026-H1", "--today", TODAY])
    out = capsys.readouterr().out
    assert code == 1
    assert "đã lập nhưng còn 1 nội dung chưa có, bản in ghi “DỰ THẢO”: họ và tên người ký" in out
    assert "-> ghi họ và tên người ký (signer: name); rồi chạy lại 'lkdata report 2026-H1'" in out
