"""lkdata.jobs.privacy: personal values found in text however they are written; organisations are not."""

from __future__ import annotations

import unicodedata

import pandas as pd

from lkdata.jobs.privacy import find_personal, personal_values

TABLES = {
    "producers": pd.DataFrame(
        {
            "name": ["Nguyễn Văn Hòa", "Lê Thị Bích Ngọc", "An"],
            "phone": ["0912345678", None, "0283 812 345"],
            "id_card": ["075184782155", None, None],
        }
    ),
    "crops": pd.DataFrame({"producer_name": ["Trần Văn Ba"], "phone": ["0987654321"]}),
}


def test_values_are_names_of_two_words_or_more_and_bare_digits():
    v = personal_values(TABLES)
    assert v.names == {"nguyễn văn hòa", "lê thị bích ngọc", "trần văn ba"}  # "An" alone is no one
    assert {"0912345678", "912345678", "075184782155", "02838123450"[:-1]} <= v.numbers


def test_found_however_written():
    v = personal_values(TABLES)
    nfd = unicodedata.normalize("NFD", "hộ NGUYỄN VĂN HÒA ở Khu phố 1")
    assert find_personal(nfd, v) == ["nguyễn văn hòa"]
    assert find_personal("gọi 0912 345 678 hoặc 912.345.678", v) == ["0912345678"]
    assert find_personal("CCCD: 075184782155", v) == ["075184782155"]
    assert find_personal("Trần   Văn\nBa", v) == ["trần văn ba"]


def test_organisations_and_figures_are_not_personal():
    v = personal_values(TABLES)
    text = "HTX Dịch vụ nông nghiệp Phúc Lộc; 1.234,5 ha; 26,35 tỷ đồng; ngày 05/5/2026; 300 hộ"
    assert find_personal(text, v) == []
