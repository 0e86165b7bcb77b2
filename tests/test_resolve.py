"""Catalogue resolution: khu phố, crops with varieties, certifications, kinds, plan tasks."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.clean.resolve import (
    resolve_activity_kind,
    resolve_certification,
    resolve_cooperative_kind,
    resolve_crop,
    resolve_khu_pho,
    resolve_plan_task,
)
from lkdata.io.reference import find_profile, load_reference

REF = load_reference()


def s(*values):
    return pd.Series(list(values), dtype=object)


@pytest.mark.parametrize(
    "raw", ["KP1", "Kp.1", "khu pho 01", "Khu phố 1", "KP 01", "KHU PHỐ 1", "KP01", "kp-1", "Khu phố số 1"]
)
def test_khu_pho_forms(raw):
    p = resolve_khu_pho(s(raw), REF)
    assert p.values.iloc[0] == "Khu phố 1"
    assert not isinstance(p.reasons.iloc[0], str)


def test_unknown_khu_pho_is_quarantined_with_the_value():
    p = resolve_khu_pho(s("Khu phố 99"), REF)
    assert pd.isna(p.values.iloc[0])
    assert p.reasons.iloc[0].startswith("Khu phố không có trong danh mục: Khu phố 99")


@pytest.mark.parametrize(
    ("raw", "crop", "variety"),
    [
        ("Sầu riêng Ri6", "sầu riêng", "Ri6"),
        ("SẦU RIÊNG", "sầu riêng", None),
        ("sau rieng", "sầu riêng", None),
        ("chom chom", "chôm chôm", None),
        ("Chôm chôm Thái", "chôm chôm", "Thái"),
        ("Bơ 034", "bơ", "034"),
        ("bắp", "ngô", None),
        ("Xoài cát Hòa Lộc", "xoài", "cát Hòa Lộc"),
        ("cafe", "cà phê", None),
    ],
)
def test_crops_and_varieties(raw, crop, variety):
    p, v = resolve_crop(s(raw), REF)
    assert p.values.iloc[0] == crop
    assert (None if pd.isna(v.iloc[0]) else v.iloc[0]) == variety


def test_near_miss_crop_gets_a_suggestion_never_a_guess():
    p, _ = resolve_crop(s("Sầu riêg"), REF)
    assert pd.isna(p.values.iloc[0])
    assert p.reasons.iloc[0] == "Cây trồng không có trong danh mục: Sầu riêg (có phải 'sầu riêng'?)"
    p, _ = resolve_crop(s("thanh long ruột đỏ xyz"), REF)
    assert pd.isna(p.values.iloc[0]) and "không có trong danh mục" in p.reasons.iloc[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("VietGAP", "VietGAP"),
        ("Viet GAP", "VietGAP"),
        ("VIETGAP", "VietGAP"),
        ("GlobalGAP", "GlobalGAP"),
        ("Global GAP", "GlobalGAP"),
        ("hữu cơ", "hữu cơ"),
        ("Hữu cơ", "hữu cơ"),
        ("không", "không"),
        ("Chưa có", "không"),
        ("chua", "không"),
        ("", None),  # a blank cell says nothing: unknown, never "không"
        ("   ", None),
        (None, None),
    ],
)
def test_certifications(raw, expected):
    p = resolve_certification(s(raw), REF)
    value = p.values.iloc[0]
    assert (None if pd.isna(value) else value) == expected
    assert p.reasons.isna().all()


def test_kinds_and_tasks():
    assert list(resolve_cooperative_kind(s("HTX", "THT", "hợp tác xã", "Tổ hợp tác")).values) == [
        "HTX",
        "THT",
        "HTX",
        "THT",
    ]
    assert resolve_cooperative_kind(s("Công ty")).reasons.iloc[0] == "Loại hình không phải HTX hoặc THT: Công ty"
    assert list(resolve_activity_kind(s("Tập huấn", "tap huan", "Hội chợ"), REF).values) == [
        "training",
        "training",
        "fair",
    ]


#: The commune's own plan (``lkdata/sample_profiles/xa_suoi_may``: tasks II.1-II.5).
COMMUNE = load_reference(find_profile("xa_suoi_may"))
_LK_TASKS = "kế hoạch có các nhiệm vụ III.1 đến III.7, IV"
_COMMUNE_TASKS = "kế hoạch có các nhiệm vụ II.1 đến II.5"


@pytest.mark.parametrize(
    ("plan", "typed", "task"),
    [
        # Long Khánh's plan (Kế hoạch 1327: III.1-III.7, IV): its numbers as written, and as typed otherwise
        ("lk", "III.1", "III.1"), ("lk", "III-2", "III.2"), ("lk", "3.3", "III.3"), ("lk", "iii 5", "III.5"),
        ("lk", "Nhiệm vụ 4", "III.4"), ("lk", "Nhiệm vụ III.6", "III.6"), ("lk", "1", "III.1"), ("lk", "IV", "IV"),
        ("lk", "4", "IV"), ("lk", "kinh phí", "IV"), ("lk", "Kinh phí thực hiện", "IV"),
        ("lk", "communication", "III.1"), ("lk", "trade", "III.5"),  # by key
        # the commune's plan (II.1-II.5): the same forms on its own numbers
        ("commune", "II.2", "II.2"), ("commune", "II-4", "II.4"), ("commune", "2.3", "II.3"),
        ("commune", "ii5", "II.5"),
        ("commune", "Nhiệm vụ 1", "II.1"), ("commune", "value_chains", "II.2"), ("commune", "markets", "II.4"),
        ("commune", "Kinh phí thực hiện", "II.5"),
    ],
)  # fmt: skip
def test_a_task_of_the_plan_in_use_by_its_number_or_key(plan, typed, task):
    p = resolve_plan_task(s(typed), REF if plan == "lk" else COMMUNE)
    assert (p.values.iloc[0], p.reasons.iloc[0]) == (task, None)


@pytest.mark.parametrize(
    ("plan", "typed", "tasks"),
    [
        ("lk", "III.9", _LK_TASKS), ("lk", "II.2", _LK_TASKS), ("lk", "value_chains", _LK_TASKS),
        ("commune", "III.2", _COMMUNE_TASKS), ("commune", "IV", _COMMUNE_TASKS), ("commune", "3.1", _COMMUNE_TASKS),
        ("commune", "II.6", _COMMUNE_TASKS), ("commune", "trade", _COMMUNE_TASKS),  # a key its plan lacks
    ],
)  # fmt: skip
def test_a_task_the_plan_lacks_is_refused_naming_its_tasks(plan, typed, tasks):
    """Another plan's number is no task of this one: refused, never the closest, with the plan's numbers."""
    p = resolve_plan_task(s(typed), REF if plan == "lk" else COMMUNE)
    assert pd.isna(p.values.iloc[0])
    assert p.reasons.iloc[0] == f"Nhiệm vụ kế hoạch không có trong kế hoạch: {typed} ({tasks})"


def test_an_activity_kinds_default_task_follows_the_plan():
    """The shipped kinds name their task by key: Long Khánh's number, or the commune's where its plan has that
    task; none where it has not (``trade``: no such task in the commune's plan), never a guessed one."""
    assert REF.kind_tasks["training"] == "III.1" and REF.kind_tasks["matching"] == "III.5"
    assert COMMUNE.kind_tasks["training"] == "II.1" and COMMUNE.kind_tasks["coop_training"] == "II.3"
    assert COMMUNE.kind_tasks["matching"] is None and COMMUNE.kind_tasks["inspection"] is None


# --- khu phố written as addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("196/3, Kp 2, Phường Long Khánh, Đồng Nai", "Khu phố 2"),
        ("Khu phố 2, phường Long Khánh", "Khu phố 2"),
        ("Tổ 1, Khu phố 3", "Khu phố 3"),
        ("KP.5", "Khu phố 5"),
        ("kp5 - P. Long Khánh", "Khu phố 5"),
        ("Tổ 3 KP4", "Khu phố 4"),
        ("Số 12, đường Hùng Vương, KP 07, P. Long Khánh, tỉnh Đồng Nai", "Khu phố 7"),
        ("khu pho so 7; phuong Long Khanh", "Khu phố 7"),
        ("KHU PHỐ SỐ 10 - PHƯỜNG LONG KHÁNH", "Khu phố 10"),
        ("Tổ dân phố 4, Khu phố 12", "Khu phố 12"),
        ("Kp 2, Long Khánh, Đồng Nai", "Khu phố 2"),
        ("  Khu phố 2 ,  Đồng Nai  ", "Khu phố 2"),
        ("K.P 3, P.Long Khánh", "Khu phố 3"),
        ("Khu phố 20\nphường Long Khánh", "Khu phố 20"),
    ],
)
def test_khu_pho_inside_an_address(raw, expected):
    p = resolve_khu_pho(s(raw), REF)
    assert p.values.iloc[0] == expected
    assert not isinstance(p.reasons.iloc[0], str)


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("Ấp 2", "(ấp không phải khu phố)"),
        ("ấp 3, xã Bình Lộc", "(ấp không phải khu phố)"),
        ("Tổ 1", "(tổ không phải khu phố)"),
        ("Tổ dân phố 4", "(tổ dân phố không phải khu phố)"),
        ("Thôn 5", "(thôn không phải khu phố)"),
        ("Khu phố 99", ""),
        ("Khu phố 25, P. Long Khánh", ""),
        ("12 Hùng Vương", ""),
        ("Kp 2, P. Xuân An", "(địa chỉ thuộc P. Xuân An, không phải phường Long Khánh)"),
        ("Khu phố 3, phường Bảo Vinh", "(địa chỉ thuộc phường Bảo Vinh, không phải phường Long Khánh)"),
        ("KP 2, TP Long Khánh", "(địa chỉ ghi theo đơn vị hành chính cũ, TP Long Khánh: ghi khu phố hiện nay)"),
        ("Kp 2, Kp 3", "(địa chỉ ghi nhiều khu phố: Khu phố 2, Khu phố 3)"),
        ("KP2 (cũ KP5)", "(địa chỉ ghi nhiều khu phố: Khu phố 2, Khu phố 5)"),
    ],
)
def test_what_is_not_a_khu_pho_of_the_ward_is_never_resolved_nor_suggested_as_one(raw, why):
    p = resolve_khu_pho(s(raw), REF)
    assert pd.isna(p.values.iloc[0])
    assert p.reasons.iloc[0] == f"Khu phố không có trong danh mục: {raw}" + (f" {why}" if why else "")
    assert "có phải" not in p.reasons.iloc[0]


def test_a_suggestion_keeps_the_number_written():
    assert resolve_khu_pho(s("Khu phố 99"), REF).reasons.iloc[0] == "Khu phố không có trong danh mục: Khu phố 99"
    assert resolve_khu_pho(s("Khu phô 9x"), REF).reasons.iloc[0].endswith("(có phải 'Khu phố 9'?)")


KP_FORMS = ["KP{n}", "Kp.{n}", "kp {n:02d}", "Khu phố {n}", "khu pho {n}", "KHU PHỐ SỐ {n}", "K.P {n}", "kp{n}"]
OTHER_PARTS = ["196/3", "Số 12", "đường Hùng Vương", "Tổ 1", "tổ 7", "Phường Long Khánh", "P. Long Khánh",
               "phường Long Khánh", "Đồng Nai", "tỉnh Đồng Nai", "hẻm 4"]  # fmt: skip
SEPARATORS = [", ", " - ", "; ", ",", "\n"]


@given(
    n=st.integers(1, 20),
    form=st.sampled_from(KP_FORMS),
    before=st.lists(st.sampled_from(OTHER_PARTS), max_size=3),
    after=st.lists(st.sampled_from(OTHER_PARTS), max_size=3),
    sep=st.sampled_from(SEPARATORS),
)
@settings(max_examples=200, deadline=None)
def test_any_address_of_the_ward_naming_one_khu_pho_resolves_to_it(n, form, before, after, sep):
    address = sep.join([*before, form.format(n=n), *after])
    p = resolve_khu_pho(s(address), REF)
    assert p.values.iloc[0] == f"Khu phố {n}", address


HAMLETS = ["Ấp {n}", "ấp {n}", "Ap {n}", "Tổ {n}", "to {n}", "Tổ dân phố {n}", "TDP {n}", "Thôn {n}", "Xóm {n}"]


@given(
    n=st.integers(1, 20),
    form=st.sampled_from(HAMLETS),
    rest=st.lists(st.sampled_from(["196/3", "đường Hùng Vương", "xã Bình Lộc", "Đồng Nai", "P. Long Khánh"]),
                  max_size=2),
    sep=st.sampled_from(SEPARATORS),
)  # fmt: skip
@settings(max_examples=150, deadline=None)
def test_a_hamlet_or_group_is_never_taken_nor_suggested_for_a_khu_pho(n, form, rest, sep):
    address = sep.join([form.format(n=n), *rest])
    p = resolve_khu_pho(s(address), REF)
    assert pd.isna(p.values.iloc[0]) and "có phải" not in p.reasons.iloc[0], address
