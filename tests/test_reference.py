"""Reference catalogues: defaults, overrides, consistency."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

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
