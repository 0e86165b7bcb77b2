"""Catalogue resolution: khu phố, crops with varieties, certifications, kinds, plan tasks."""

from __future__ import annotations

import pandas as pd
import pytest

from lkdata.clean.resolve import (
    resolve_activity_kind,
    resolve_certification,
    resolve_cooperative_kind,
    resolve_crop,
    resolve_khu_pho,
    resolve_plan_task,
)
from lkdata.io.reference import load_reference

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
    assert list(resolve_plan_task(s("III.1", "III-2", "3.3", "Nhiệm vụ 4", "IV")).values) == [
        "III.1",
        "III.2",
        "III.3",
        "III.4",
        "IV",
    ]
    assert resolve_plan_task(s("III.9")).reasons.iloc[0] == "Nhiệm vụ kế hoạch không rõ: III.9"
