"""Vietnamese text: legacy encodings, tone placement, folding."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.vn.text import (
    fold,
    is_valid_syllable,
    normalize_text,
    normalize_tone_placement,
    repair_legacy,
    title_name,
    to_legacy,
)

# (as read from an old spreadsheet, expected Unicode, encoding)
LEGACY_CASES = [
    ("NguyÔn V¨n Ba", "Nguyễn Văn Ba", "tcvn3"),
    ("Nguyeãn Vaên Ba", "Nguyễn Văn Ba", "vni"),
    ("TrÇn ThÞ Thñy", "Trần Thị Thủy", "tcvn3"),
    ("Ph¹m H\xadu Ph\xadíc", "Phạm Hưu Phước", "tcvn3"),
    ("Phaïm Höõu Phöôùc", "Phạm Hữu Phước", "vni"),
    ("§Æng Quèc TuÊn", "Đặng Quốc Tuấn", "tcvn3"),
    ("Ñaëng Quoác Tuaán", "Đặng Quốc Tuấn", "vni"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn", "vni"),
    ("TR¦êNG §¹I HäC", "TRƯỜNG ĐẠI HỌC", "tcvn3"),
    ("Leâ Thò Thuûy", "Lê Thị Thủy", "vni"),
    ("NguyÔn V¨n Tó", "Nguyễn Văn Tú", "tcvn3"),
]


@pytest.mark.parametrize(("raw", "expected", "encoding"), LEGACY_CASES)
def test_repair_legacy(raw, expected, encoding):
    assert repair_legacy(raw) == (expected, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn Ba",
        "Trần Thị Hoà",
        "Sầu riêng Ri6",
        "HTX Nông nghiệp Ánh Dương",
        "Khu phố 1",
        "GlobalGAP",
        "Công ty TNHH",
        "Lò Thị Tó",
        "Hồ Thị Út",
    ],
)
def test_unicode_text_is_left_alone(text):
    assert repair_legacy(text) == (text, None)


def test_font_hint_decides_an_ambiguous_word():
    # "Tó" is a valid syllable, but typed in .VnTime it is "Tú"
    assert repair_legacy("Tó") == ("Tó", None)
    assert repair_legacy("Tó", hint="tcvn3") == ("Tú", "tcvn3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoà", "Hòa"),
        ("hoà", "hòa"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("Quý", "Quý"),
        ("Hoàng", "Hoàng"),
        ("Thủy", "Thủy"),
        ("Tuý", "Túy"),
        ("Hòa Thuận", "Hòa Thuận"),
        # only oa, oe, uy move; "oy", "ua", "ue" stay as written (hypothesis found "oÝ")
        ("oÝ", "oÝ"),
        ("uá", "uá"),
        ("Thuế", "Thuế"),
        ("Hoè", "Hòe"),
    ],
)
def test_tone_placement(text, expected):
    assert normalize_tone_placement(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chôm  Chôm", "chom chom"),
        ("CHÔM-CHÔM", "chom chom"),
        ("Đồng Nai", "dong nai"),
        ("Kp.1", "kp 1"),
        (None, ""),
        ("  ", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Nguyễn   Văn  Ba ", "Nguyễn Văn Ba"),
        ("", None),
        (None, None),
        ("nan", None),
        (unicodedata.normalize("NFD", "Hoà"), "Hòa"),
        ("NguyÔn V¨n Ba", "Nguyễn Văn Ba"),
    ],
)
def test_normalize_text(value, expected):
    assert normalize_text(value) == expected


def test_syllable_grammar():
    for ok in ["nguyễn", "khuya", "người", "chuyện", "quý", "gì", "thủy", "thuý", "oanh", "gió", "Giỏi", "giò"]:
        assert is_valid_syllable(ok), ok
    for bad in ["nguyean", "vaen", "leõ", "thuỷy", "xyz", "vâ", "phaùm"]:
        assert not is_valid_syllable(bad), bad


FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Quách",
    "Châu",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Thanh", "Đức", "Quốc", "Xuân", "Mỹ", "Bích", "Diệu", "Trọng"]
GIVEN = [
    "Ba",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Phước",
    "Thắng",
    "Toàn",
    "Ánh",
    "Bảy",
    "Hằng",
    "Hòa",
    "Thủy",
    "Thúy",
    "Uyên",
    "Yến",
    "Ẩn",
    "Út",
    "Nghĩa",
    "Quyên",
    "Khuê",
    "Lực",
    "Ỷ",
]


NAMES = st.builds(
    lambda f, m, g: " ".join([f, *m, g]),
    st.sampled_from(FAMILY),
    st.lists(st.sampled_from(MIDDLE), max_size=2),
    st.sampled_from(GIVEN),
)


@given(NAMES, st.sampled_from(["tcvn3", "vni"]))
def test_legacy_rendering_of_any_name_round_trips_with_the_font_hint(name, encoding):
    if to_legacy(name, encoding) == name:  # e.g. "Lý Ba": TCVN3 shares the byte of "ý"
        return
    repaired, found = repair_legacy(to_legacy(name, encoding), hint=encoding)
    assert found == encoding
    assert title_name(normalize_tone_placement(repaired)) == normalize_tone_placement(name)


@given(NAMES, st.sampled_from(["tcvn3", "vni"]))
def test_legacy_detection_from_text_alone_never_garbles(name, encoding):
    """Without a font, a name is either repaired correctly or left for the analyst, never mangled."""
    raw = to_legacy(name, encoding)
    repaired, found = repair_legacy(raw)
    if found is None:
        assert repaired == raw
    else:
        assert title_name(normalize_tone_placement(repaired)) == normalize_tone_placement(name)


def test_legacy_detection_from_text_alone_finds_most_names():
    import itertools

    names = [" ".join(p) for p in itertools.product(FAMILY, MIDDLE[:4], GIVEN)]
    found = sum(repair_legacy(to_legacy(n, e))[1] == e for n in names for e in ("tcvn3", "vni"))
    assert found / (2 * len(names)) > 0.97


@given(st.text(max_size=40))
def test_normalisation_is_idempotent_and_never_raises(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert fold(fold(text)) == fold(text)


_CELL_TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(
        st.sampled_from(FAMILY + MIDDLE + GIVEN + ["Hoà", "THUỶ", "a-b", "(HTX)", "Gió", "  ", "\t"]), max_size=5
    ).map(" ".join),
    st.sampled_from(FAMILY + GIVEN).map(lambda n: to_legacy(n, "tcvn3")),
    st.sampled_from(FAMILY + GIVEN).map(lambda n: to_legacy(n, "vni")),
)


@given(st.lists(st.one_of(st.none(), _CELL_TEXT), max_size=25))
def test_column_wise_normalisation_and_folding_equal_the_cell_wise_ones(cells):
    """normalize_series / fold_series (Arrow, word by word) give what normalize_text / fold give per cell."""
    import pandas as pd

    from lkdata.clean.parse import as_text
    from lkdata.vn.text import fold_series, normalize_series, title_name

    text = as_text(pd.Series(cells, dtype=object))
    for title in (False, True):
        got = [None if pd.isna(v) else v for v in normalize_series(text, title=title)]
        want = [
            None if pd.isna(u) else (title_name(v) if title and (v := normalize_text(u)) else normalize_text(u))
            for u in text
        ]
        assert got == want
    folded = [None if pd.isna(v) else v for v in fold_series(pd.Series(cells, dtype="string"))]
    assert folded == [None if c is None else fold(c) for c in cells]


def test_column_wise_functions_take_arrow_columns_in_several_chunks():
    """A column read back from parquet or concatenated from files comes in several Arrow chunks."""
    import pandas as pd
    import pyarrow as pa

    from lkdata.vn.text import fold_series, normalize_series

    chunked = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["NGUYỄN  văn ba", None], ["Hoà Thuỷ"]])))
    assert fold_series(chunked).tolist() == ["nguyen van ba", pd.NA, "hoa thuy"]
    assert normalize_series(chunked, title=True).tolist() == ["Nguyễn Văn Ba", pd.NA, "Hòa Thủy"]
