"""Reference catalogues: defaults, overrides, consistency."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from lkdata.errors import ReferenceDataError
from lkdata.io.reference import CATALOGUE_FILES, load_reference
from lkdata.vn.text import fold

REQUIRED_CROPS = [
    "chôm chôm",
    "sầu riêng",
    "bơ",
    "măng cụt",
    "mít",
    "xoài",
    "bưởi",
    "chuối",
    "hồ tiêu",
    "cà phê",
    "điều",
    "cao su",
    "lúa",
    "rau màu",
    "ngô",
    "khoai mì",
]


def test_defaults_load():
    ref = load_reference()
    assert list(ref.khu_pho["name"]) == [f"Khu phố {i}" for i in range(1, 21)]
    assert set(REQUIRED_CROPS) <= set(ref.crops["name"])
    assert set(ref.certifications["name"]) == {"VietGAP", "GlobalGAP", "hữu cơ", "không"}
    assert ref.ward["plan"]["number"] == "1327/KH-UBND"
    assert ref.area_units["sao"] == pytest.approx(0.1)
    assert ref.area_units["cong"] == pytest.approx(0.1)
    assert all(v.startswith("lkdata/reference/") for v in ref.sources.values())


def test_an_activity_kind_is_printed_by_its_title_else_its_name(tmp_path: Path):
    """``activity_kinds.csv``'s ``title`` is how a report names a kind; a blank title, or an office's copy
    without the column, prints the kind's ``name``."""
    titles = load_reference().kind_titles
    assert titles["fair"] == "hội chợ, triển lãm" and titles["training"] == "tập huấn"  # a blank title
    shipped = pd.read_csv(resources.files("lkdata") / "reference" / "activity_kinds.csv", dtype=str)
    shipped.drop(columns="title").to_csv(tmp_path / "activity_kinds.csv", index=False)  # an office's older copy
    without = load_reference(tmp_path).kind_titles
    assert without["fair"] == "hội chợ triển lãm" and without["training"] == "tập huấn"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KP1", "Khu phố 1"),
        ("Kp.1", "Khu phố 1"),
        ("khu pho 01", "Khu phố 1"),
        ("KP 07", "Khu phố 7"),
        ("Khu phố 20", "Khu phố 20"),
    ],
)
def test_khu_pho_aliases(raw, expected):
    assert load_reference().khu_pho_index[fold(raw)] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("chom chom", "chôm chôm"),
        ("SẦU RIÊNG", "sầu riêng"),
        ("bắp", "ngô"),
        ("sắn", "khoai mì"),
        ("cafe", "cà phê"),
    ],
)
def test_crop_aliases(raw, expected):
    assert load_reference().crop_index[fold(raw)] == expected


def test_every_alias_points_to_one_entry_only():
    ref = load_reference()
    for df in (ref.khu_pho, ref.crops, ref.certifications, ref.activity_kinds):
        seen: dict[str, str] = {}
        for row in df.itertuples():
            for alias in [row.name, *str(row.aliases).split("|")]:
                key = fold(alias)
                if key:
                    assert seen.setdefault(key, row.name) == row.name, f"{alias!r}: {seen[key]} / {row.name}"


def test_header_aliases_are_unambiguous_within_a_dataset():
    """ "DT" (diện tích) and "ĐT" (điện thoại) fold alike: a dataset may hold only one of them."""
    for dataset, fields in load_reference().headers.items():
        seen: dict[str, str] = {}
        for fld, aliases in fields.items():
            for alias in aliases:
                assert seen.setdefault(fold(alias), fld) == fld, (
                    f"{dataset}: {alias!r} is {seen[fold(alias)]} and {fld}"
                )


def test_a_copy_under_data_raw_reference_overrides_the_default(tmp_path: Path):
    override = tmp_path / "reference"
    override.mkdir()
    (override / "khu_pho.csv").write_text(
        "code,name,aliases\nBV,Khu phố Bảo Vinh,bao vinh|KP Bảo Vinh\nSX,Khu phố Suối Xanh,\n",
        encoding="utf-8",
    )
    ref = load_reference(override)
    assert list(ref.khu_pho["name"]) == ["Khu phố Bảo Vinh", "Khu phố Suối Xanh"]
    assert ref.khu_pho_index["bao vinh"] == "Khu phố Bảo Vinh"
    assert ref.sources["khu_pho.csv"] == str(override / "khu_pho.csv")
    # the other catalogues keep their defaults
    assert ref.sources["crops.csv"] == "lkdata/reference/crops.csv"


def test_override_of_every_catalogue_is_read(tmp_path: Path):
    for name in CATALOGUE_FILES:
        shutil.copy(Path(str(resources.files("lkdata") / "reference" / name)), tmp_path / name)
    ref = load_reference(tmp_path)
    assert all(v.startswith(str(tmp_path)) for v in ref.sources.values())


def test_a_broken_override_is_a_clear_error(tmp_path: Path):
    (tmp_path / "crops.csv").write_text("ten,ma\nxoài,X\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"crops\.csv"):
        load_reference(tmp_path)
    (tmp_path / "crops.csv").unlink()
    (tmp_path / "ward.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"ward\.yaml"):
        load_reference(tmp_path)


# --- the plan: tasks, indicators, report tables --------------------------------------------------------

#: The package's indicators by task, in catalogue order (the order of the report's task tables).
PLAN_IDS = {
    "III.1": ["training_courses", "training_participants", "training_households", "training_cooperatives",
              "training_enterprises", "communication_events", "broadcasts", "news_items"],
    "III.2": ["linkages_active", "linkages_new", "linkage_households", "linkage_cooperatives", "linkage_area_ha",
              "linkage_volume_t", "linkage_contract_value_vnd", "linkage_support_events"],
    "III.3": ["coops_active", "htx_active", "tht_active", "coops_new", "coops_dissolved", "coop_members",
              "coop_managers_trained", "coops_credit_access", "producers_registered", "coop_training_events"],
    "III.4": ["producers_certified", "producers_vietgap", "producers_globalgap", "producers_organic",
              "certified_area_ha", "growing_area_codes", "growing_area_code_area_ha", "ocop_products", "ocop_3_star",
              "ocop_4_star", "ocop_5_star", "technical_events"],
    "III.5": ["fairs", "matching_events", "trade_participants", "trade_cooperatives", "ecommerce_onboarding",
              "producers_ecommerce"],
    "III.6": ["linkages_approved", "support_vnd", "policy_events"],
    "III.7": ["inspections", "reviews", "replications"],
    "IV": ["budget_spent_vnd"],
}  # fmt: skip


def test_the_package_plan_has_the_expected_tasks_and_indicators():
    from lkdata.io.reference import load_plan

    plan = load_plan()
    assert list(plan.tasks) == list(PLAN_IDS)
    assert plan.tasks["III.1"] == (
        "Thực hiện công tác thông tin, truyền thông về liên kết trong sản xuất, tiêu thụ sản phẩm nông nghiệp"
    )
    by_task: dict[str, list[str]] = {}
    for ind in plan.indicators:
        by_task.setdefault(ind.task, []).append(ind.id)
    assert by_task == PLAN_IDS
    kinds = {i.id: i.kind for i in plan.indicators}
    assert {k for k, v in kinds.items() if v == "flow"} >= {"training_courses", "coops_new", "budget_spent_vnd"}
    assert kinds["linkages_active"] == kinds["certified_area_ha"] == "stock"
    credit = plan.indicator("coops_credit_access")
    assert (credit.selection, credit.where, credit.agg) == ("cooperatives_active", "credit_access", "count")
    assert plan.indicator("trade_participants").args == ("fair", "matching")
    assert plan.indicator("ocop_4_star").args == (4,)
    assert [c.indicator for c in plan.report_table("participants_chart")] == [
        "training_households", "training_cooperatives", "training_enterprises"]  # fmt: skip
    assert {"khu_pho", "year", "brief"} <= set(plan.report_tables)


def test_every_named_selection_is_used_by_the_package_plan():
    from lkdata.io.reference import load_plan
    from lkdata.plan.selections import SELECTIONS

    assert {i.selection for i in load_plan().indicators} == set(SELECTIONS)


def _plan_override(tmp_path: Path, name: str, edit) -> Path:
    text = (Path(str(resources.files("lkdata") / "reference")) / name).read_text(encoding="utf-8")
    (tmp_path / name).write_text(edit(text), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",activities_held,training,,count,,flow", ",activities_helt,training,,count,,flow", "activities_helt"),
        (",sum,participants,flow", ",sum,participant,flow", "participant"),
        (",sum,participants,flow", ",total,participants,flow", "total"),
        (",activities_held,training,,count,,flow", ",activities_held,training,,count,,flows", "flows"),
        (",activities_held,training,,count,,flow", ",activities_held,trainig,,count,,flow", "trainig"),
        ("lớp,activities,activities_held", "lớp,activity,activities_held", "activity"),
        ("training_courses,III.1,", "training_courses,III.9,", "III.9"),
    ],
)
def test_an_override_plan_with_an_unknown_value_names_file_line_and_value(tmp_path: Path, old, new, message):
    from lkdata.io.reference import load_plan

    override = _plan_override(tmp_path, "indicators.csv", lambda t: t.replace(old, new, 1))
    edited = (override / "indicators.csv").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(edited, 1) if new in row)  # as Excel numbers it: the header is row 1
    with pytest.raises(ReferenceDataError) as err:
        load_plan(override)
    text = str(err.value)
    assert str(tmp_path / "indicators.csv") in text and f"dòng {line}:" in text and f"'{message}'" in text, text


def test_an_error_further_down_gives_the_line_the_office_sees(tmp_path: Path):
    from lkdata.io.reference import load_plan

    def edit(text: str) -> str:
        return text.replace("ocop_4_star,III.4,Sản phẩm OCOP 4 sao,sản phẩm,cooperatives,ocop,4,",
                            "ocop_4_star,III.4,Sản phẩm OCOP 4 sao,sản phẩm,cooperatives,ocop,bốn,")  # fmt: skip

    text = (Path(str(resources.files("lkdata") / "reference")) / "indicators.csv").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("ocop_4_star,"))
    with pytest.raises(ReferenceDataError, match=rf"indicators.csv, dòng {line}: .*'bốn'"):
        load_plan(_plan_override(tmp_path, "indicators.csv", edit))


def test_an_override_plan_is_used_and_its_ids_are_the_targets_ids(tmp_path: Path):
    from lkdata.io.reference import load_plan, load_targets

    def edit(text: str) -> str:  # a new indicator, written as Excel saves UTF-8 CSV (with a BOM, CRLF)
        added = "fairs_khu_pho,III.5,Hội chợ có khu phố tham gia,lượt,activities,activities_held,fair,,nunique,khu_pho,"
        added += "flow"
        return "\ufeff" + (text.rstrip("\n") + "\n" + added + "\n").replace("\n", "\r\n")

    override = _plan_override(tmp_path, "indicators.csv", edit)
    plan = load_plan(override)
    assert plan.ids[-1] == "fairs_khu_pho" and plan.indicator("fairs_khu_pho").agg == "nunique:khu_pho"
    assert "lkdata/reference/tasks.csv" in plan.sources["tasks.csv"]
    assert plan.sources["indicators.csv"] == str(tmp_path / "indicators.csv")
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "2026.yaml").write_text("fairs_khu_pho: 3\n", encoding="utf-8")
    assert load_targets(2026, override) == {"fairs_khu_pho": 3.0}
    with pytest.raises(ReferenceDataError, match="fairs_khu_pho"):
        load_targets(2026, override, plan=load_plan())


def test_an_override_task_title_and_report_table(tmp_path: Path):
    from lkdata.io.reference import load_plan

    longer = "IV,funding,Kinh phí thực hiện kế hoạch"
    _plan_override(tmp_path, "tasks.csv", lambda t: t.replace("IV,funding,Kinh phí thực hiện", longer))
    _plan_override(tmp_path, "report_tables.csv", lambda t: t.replace("brief,training_courses,", "brief,fairs,", 1))
    plan = load_plan(tmp_path)
    assert plan.tasks["IV"] == "Kinh phí thực hiện kế hoạch"
    assert "fairs" in [c.indicator for c in plan.report_table("brief")]
    _plan_override(tmp_path, "report_tables.csv", lambda t: t.replace("brief,training_courses,", "brief,fair,", 1))
    with pytest.raises(ReferenceDataError, match=r"report_tables.csv, dòng \d+: .*'fair' .*gần nhất: fairs"):
        load_plan(tmp_path)


def test_a_plan_file_without_a_required_column_is_a_clear_error(tmp_path: Path):
    from lkdata.io.reference import load_plan

    _plan_override(tmp_path, "indicators.csv", lambda t: t.replace(",aggregation,", ",cach_tinh,", 1))
    with pytest.raises(ReferenceDataError, match=r"indicators\.csv thiếu cột: aggregation"):
        load_plan(tmp_path)


def test_an_activity_kinds_task_is_a_task_of_the_plan_in_use(tmp_path: Path):
    """``activity_kinds.csv``'s ``task`` names a task by key or number: the office's copy is held to its plan's
    tasks (line, value and the plan's tasks in the message); blank is no task; the shipped list, under a plan
    without one of its keys, gives those kinds no task (never another)."""
    profile = Path(str(resources.files("lkdata") / "sample_profiles" / "xa_suoi_may"))
    shutil.copy(profile / "tasks.csv", tmp_path / "tasks.csv")
    shipped = load_reference(tmp_path)
    assert shipped.sources["activity_kinds.csv"] == "lkdata/reference/activity_kinds.csv"
    assert (shipped.kind_tasks["training"], shipped.kind_tasks["fair"]) == ("II.1", None)
    kinds = "code,name,task,aliases\ntraining,tập huấn,II.1,\nfair,hội chợ,markets,\nreview,sơ kết,,\n"
    (tmp_path / "activity_kinds.csv").write_text(kinds, encoding="utf-8")
    own = load_reference(tmp_path)
    assert own.kind_tasks == {"training": "II.1", "fair": "II.4", "review": None}
    (tmp_path / "activity_kinds.csv").write_text(kinds.replace("markets", "III.5"), encoding="utf-8")
    said = r"activity_kinds\.csv, dòng 3: loại hoạt động 'fair' ghi nhiệm vụ 'III\.5' không có trong kế hoạch"
    with pytest.raises(ReferenceDataError, match=said + r" \(tasks\.csv có: II\.1 "):
        load_reference(tmp_path)
    (tmp_path / "activity_kinds.csv").write_text("code,name,aliases\ntraining,tập huấn,\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="thiếu cột 'task'"):
        load_reference(tmp_path)
