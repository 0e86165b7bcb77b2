"""The year's targets are the office's (issue 16, defect 6): the package ships none, the sample carries its
own marked as sample figures, a wrong file is refused naming the file, the ids and the values, and a
report without targets says "chưa giao" and claims no attainment; a year-ago figure no snapshot reaches
is "chưa có số liệu" and left out of the rise and fall counts."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from lkdata.errors import ReferenceDataError
from lkdata.io.reference import SAMPLE_MARK, load_plan, load_targets

PLAN = load_plan()


def _targets(tmp_path: Path, text: str, year: int = 2026) -> Path:
    path = tmp_path / "targets" / f"{year}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_package_ships_no_targets(tmp_path: Path):
    assert not resources.files("lkdata").joinpath("reference", "targets").is_dir()
    assert load_targets(2026) == {} and load_targets(2026, plan=PLAN) == {}
    assert load_targets(2026, tmp_path, plan=PLAN) == {}  # the office has set none


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("training_courses: 8\nlinkage_area_ha: 600.5\n", {"training_courses": 8.0, "linkage_area_ha": 600.5}),
        ("training_courses: 8\ncoops_new:\n", {"training_courses": 8.0}),  # a key left blank: not set
        (f"{SAMPLE_MARK}: true\ntraining_courses: 8\n", {"training_courses": 8.0}),  # the mark is no target
        (f"{SAMPLE_MARK}: false\nfairs: 0\n", {"fairs": 0.0}),
        ("", {}),  # an empty file: no targets
        ("# chưa giao\n", {}),
        ("support_vnd: 1500000000\n", {"support_vnd": 1.5e9}),
    ],
)
def test_a_targets_file_read(tmp_path: Path, text: str, expected: dict):
    _targets(tmp_path, text)
    assert load_targets(2026, tmp_path, plan=PLAN) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # ids the plan does not have: every one named, with the closest id
        ("training_courses: 8\ntraining_course: 3\nno_such_indicator: 2\n",
         r"targets/2026\.yaml có mã chỉ tiêu không có trong kế hoạch \(indicators\.csv\): 'training_course' "
         r"\(gần nhất: training_courses\), 'no_such_indicator' \(gần nhất: \w+\)"),
        ("training_courses: tám\n", r"targets/2026\.yaml, chỉ tiêu training_courses: 'tám' không phải số"),
        (f"{SAMPLE_MARK}: có\n", rf"targets/2026\.yaml: {SAMPLE_MARK} phải là true hoặc false \(đang ghi 'có'\)"),
    ],
)  # fmt: skip
def test_a_wrong_targets_file_is_refused_naming_what_is_wrong(tmp_path: Path, text: str, message: str):
    _targets(tmp_path, text)
    with pytest.raises(ReferenceDataError, match=message):
        load_targets(2026, tmp_path, plan=PLAN)


def test_the_sample_carries_its_own_targets_marked_as_sample(sample_dir: Path, tmp_path: Path):
    import yaml

    from lkdata.sample.writers import write_targets

    path = sample_dir / "reference" / "targets" / "2026.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.pop(SAMPLE_MARK) is True and "DỮ LIỆU MẪU" in path.read_text(encoding="utf-8")
    assert load_targets(2026, sample_dir / "reference", plan=PLAN) == {k: float(v) for k, v in data.items()}
    office = _targets(tmp_path / "reference", "training_courses: 11\n")  # the office's own: never overwritten
    assert write_targets(tmp_path) == [] and office.read_text(encoding="utf-8") == "training_courses: 11\n"
    office.write_text(f"{SAMPLE_MARK}: true\ntraining_courses: 1\n", encoding="utf-8")  # an older sample's
    assert write_targets(tmp_path) == [office] and office.read_bytes() == path.read_bytes()


# --- what a report says --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bare(copy_project) -> Path:
    """The cleaned sample without its targets file: a ward that has set no targets."""
    project = copy_project("no_targets")
    (project / "data" / "raw" / "reference" / "targets" / "2026.yaml").unlink()
    return project


def _cells(html: str, label: str) -> list[str]:
    row = re.search(rf"<tr><td[^>]*>\d+</td><td[^>]*>{re.escape(label)}</td>(.*?)</tr>", html).group(1)
    return re.findall(r">([^<]*)</td>", row)


@pytest.mark.filterwarnings("ignore:Dữ liệu đã xử lý cần làm mới")  # the targets file went: a catalogue changed
def test_a_report_without_targets_says_chua_giao_and_claims_nothing(bare: Path, monkeypatch):
    from lkdata.api import open_report

    monkeypatch.setenv("LKDATA_ROOT", str(bare))
    r = open_report("2026-H1")
    assert r.targets == {} and r.table["target"].isna().all()
    html = r.task_table("III.1")._repr_html_()
    # value, estimate, last year, vs last year, target, attainment
    assert _cells(html, "Lớp tập huấn về liên kết sản xuất, tiêu thụ")[-2:] == ["chưa giao", "-"]
    assert r.facts.training_courses.vs_target == "chưa giao chỉ tiêu"
    a = r.attainment
    assert (a.with_target, a.met, a.half, a.below_half, a.met_labels) == (0, 0, 0, 0, ())


@pytest.mark.filterwarnings("ignore:Dữ liệu đã xử lý cần làm mới")
def test_a_year_ago_no_snapshot_reaches_is_chua_co_so_lieu_and_not_compared(bare: Path, monkeypatch):
    """The shared clean kept the first snapshot today: nothing reaches back to 2025."""
    from lkdata.api import open_report

    monkeypatch.setenv("LKDATA_ROOT", str(bare))
    r = open_report("2026")
    undated = [i.id for i in r.plan_data.indicators if i.undated]
    t = r.table.set_index("indicator")
    assert t.loc[undated, "previous"].isna().all() and t.drop(index=undated)["previous"].notna().all()
    html = r.task_table("III.3")._repr_html_()
    members = _cells(html, "Thành viên HTX, THT")
    assert members[3:5] == ["chưa có số liệu", "-"]  # unit, value, estimate, then last year and the ratio
    assert r.facts.coop_members.change == "chưa có số liệu cùng kỳ"
    assert r.facts.coop_members.last_year == "chưa có số liệu"
    assert "Cùng kỳ" in r.year_table()._repr_html_() and "chưa có số liệu" in r.year_table()._repr_html_()
    a = r.attainment
    assert a.no_previous == len(undated) and a.compared == int(t["previous"].notna().sum())
    assert (
        a.up + a.down + a.same == a.compared
        and a.no_previous_note == f"; {len(undated):02d} chỉ tiêu chưa có số liệu cùng kỳ nên không so sánh"
    )
    said = f"Chưa có số liệu cùng kỳ của {len(undated):02d} chỉ tiêu tính từ thông tin không ghi ngày"
    assert said in r.cutoff_statement
    assert np.isnan(t.at["coop_members", "change_pct"])
