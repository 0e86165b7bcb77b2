"""The words a ward or commune uses for itself and its sub-units come from its profile (``ward.yaml``):
:class:`lkdata.vn.places.Places`, the resolver's messages, the sample's typing, the shipped commune profile,
and a scan that keeps literal "khu phố", "phường" and "Long Khánh" out of user-facing strings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.clean.resolve import find_khu_pho, khu_pho_in_address, resolve_khu_pho
from lkdata.errors import UsageError
from lkdata.io.reference import find_profile, load_reference
from lkdata.report.notes import notes_template
from lkdata.sample.typist import sub_unit_forms, sub_unit_headers
from lkdata.vn.places import Places

ROOT = Path(__file__).resolve().parent.parent
COMMUNE = "xa_suoi_may"


@pytest.fixture(scope="module")
def commune():
    return load_reference(find_profile(COMMUNE))


@pytest.fixture(scope="module")
def ward():
    return load_reference()


# -- Places -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "place", "whole", "sub", "title", "short", "slug"),
    [
        ({"ward": "Long Khánh", "ward_kind": "phường"}, "phường Long Khánh", "Toàn phường", "khu phố", "Khu phố",
         "KP", "khu_pho"),  # a profile written before sub_unit existed: Long Khánh's words
        ({"ward": "Long Khánh", "ward_kind": "phường", "sub_unit": "khu phố", "sub_unit_short": "KP"},
         "phường Long Khánh", "Toàn phường", "khu phố", "Khu phố", "KP", "khu_pho"),
        ({"ward": "Suối Mây", "ward_kind": "xã", "sub_unit": "ấp", "sub_unit_short": "Ấp"}, "xã Suối Mây", "Toàn xã",
         "ấp", "Ấp", "Ấp", "ap"),
        ({"ward": "Hòa Bình", "ward_kind": "xã", "sub_unit": "thôn"}, "xã Hòa Bình", "Toàn xã", "thôn", "Thôn", "Thôn",
         "thon"),  # no short form: the word itself
        ({"ward": "Tân An", "ward_kind": "phường", "sub_unit": "tổ dân phố", "sub_unit_short": "TDP"},
         "phường Tân An", "Toàn phường", "tổ dân phố", "Tổ dân phố", "TDP", "to_dan_pho"),
    ],
)  # fmt: skip
def test_places_of_a_profile(profile, place, whole, sub, title, short, slug):
    p = Places.of(profile)
    assert (p.place, p.whole, p.sub_unit, p.sub_title, p.short, p.slug) == (place, whole, sub, title, short, slug)
    assert p.unassigned == f"{whole}, không ghi {sub}"
    assert p.title("Khu phố") == title and p.title("Cây trồng") == "Cây trồng"  # only the sub-unit's title changes


def test_the_profiles_say_their_words(ward, commune):
    assert ward.places == Places.of({"ward": "Long Khánh", "ward_kind": "phường"})
    assert (commune.places.place, commune.places.sub_unit) == ("xã Suối Mây", "ấp")


def test_notes_template_hints_name_the_place(commune):
    text = notes_template(places=commune.places)
    assert "tồn tại, hạn chế của xã" in text and "các đơn vị, ấp" in text
    assert not re.search(r"khu phố|phường", text, re.I)
    assert "tồn tại, hạn chế của phường" in notes_template()  # Long Khánh's, as before


# -- resolving a commune's ấp ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Ấp Bàu Sen", "Ấp Bàu Sen"), ("ap bau sen", "Ấp Bàu Sen"), ("Bàu Sen", "Ấp Bàu Sen"), ("AP01", "Ấp Bàu Sen"),
     ("ẤP GÒ MÍT", "Ấp Gò Mít"), ("Ấp 10", "Ấp Mương Khai"), ("10", "Ấp Mương Khai")],
)  # fmt: skip
def test_a_communes_ap_resolve(commune, typed, expected):
    assert find_khu_pho(typed, commune)[0] == expected
    if not typed.isdigit():
        assert resolve_khu_pho(pd.Series([typed]), commune).values.iloc[0] == expected


def test_unknown_ap_is_said_in_the_communes_words(commune):
    parsed = resolve_khu_pho(pd.Series(["Ấp 99", "Khu phố 3"]), commune)
    reasons = list(parsed.reasons)
    assert reasons[0].startswith("Ấp không có trong danh mục: Ấp 99")
    assert reasons[1].startswith("Ấp không có trong danh mục: Khu phố 3")


def test_an_address_of_the_commune_names_its_ap(commune):
    index = {"ap bau sen": "Ấp Bàu Sen", "ap go mit": "Ấp Gò Mít"}
    where = commune.places.place
    assert khu_pho_in_address("Tổ 3, Ấp Bàu Sen, xã Suối Mây", index, "Suối Mây", where, "ấp") == ("Ấp Bàu Sen", "")
    found, why = khu_pho_in_address("Ấp Bàu Sen - Ấp Gò Mít", index, "Suối Mây", where, "ấp")
    assert found is None and why == "địa chỉ ghi nhiều ấp: Ấp Bàu Sen, Ấp Gò Mít"
    found, why = khu_pho_in_address("Thôn 2, xã Suối Mây", index, "Suối Mây", where, "ấp")
    assert found is None and why == "thôn không phải ấp"


# -- the sample types the profile's sub-units ---------------------------------------------------------------


@given(st.integers(1, 99))
def test_a_numbered_khu_pho_is_typed_as_before(n):
    catalogue = pd.DataFrame({"code": [f"KP{n:02d}"], "name": [f"Khu phố {n}"], "aliases": [""]})
    forms = sub_unit_forms(catalogue, Places())[f"Khu phố {n}"]
    # the forms Long Khánh's sample always drew from, in that order (its files stay byte for byte the same)
    assert forms == (f"KP{n}", f"Kp.{n}", f"khu pho {n:02d}", f"Khu phố {n}", f"KP {n:02d}", f"KHU PHỐ {n}",
                     f"Khu phố {n}")  # fmt: skip


def test_a_named_ap_is_typed_by_its_aliases(commune):
    forms = sub_unit_forms(commune.khu_pho, commune.places)
    assert set(forms) == set(commune.khu_pho["name"])
    for name, typed in forms.items():
        assert all(find_khu_pho(t, commune)[0] == name for t in typed), (name, typed)  # each form reads back


def test_sample_headers_are_the_profiles(ward, commune):
    ours = sub_unit_headers(ward.headers, ward.places)
    theirs = sub_unit_headers(commune.headers, commune.places)
    for dataset, section in ward.headers.items():
        if "khu_pho" not in section:
            continue
        kept = ours[dataset]["khu_pho"]
        assert kept[:3] == [a for a in section["khu_pho"] if not re.search(r"ấp|thôn|tổ dân phố", a, re.I)][:3]
        assert not any(re.search(r"\bấp\b|thôn", a, re.I) for a in kept)
        assert theirs[dataset]["khu_pho"][0] == "Ấp"
        assert not any(re.search(r"khu ph|\bkp\b", a, re.I) for a in theirs[dataset]["khu_pho"])


def test_header_aliases_map_a_communes_columns(ward):
    for dataset, section in ward.headers.items():
        if "khu_pho" in section:
            assert {"Ấp", "Tên ấp", "Thôn", "Tổ dân phố"} <= set(section["khu_pho"]), dataset


# -- the shipped profile ----------------------------------------------------------------------------------


def test_find_profile_by_name_path_or_not(tmp_path):
    shipped = find_profile(COMMUNE)
    assert (shipped / "ward.yaml").is_file() and (shipped / "khu_pho.csv").is_file()
    assert find_profile(shipped) == shipped and find_profile(str(tmp_path)) == tmp_path
    with pytest.raises(UsageError, match=COMMUNE):  # the message lists the shipped profiles
        find_profile("xa_khong_co")


def test_the_commune_profile_is_marked_invented(commune):
    folder = find_profile(COMMUNE)
    for name in ("ward.yaml", "README.md"):
        assert re.search(r"BỊA ĐẶT", (folder / name).read_text(encoding="utf-8")), name
    assert 8 <= len(commune.khu_pho) <= 12 and commune.khu_pho["code"].is_unique
    assert commune.ward["issuing_body"] == ["ỦY BAN NHÂN DÂN", "XÃ SUỐI MÂY"]
    for f in folder.rglob("*"):
        if f.is_file():
            assert not re.search(r"khu phố|phường|long khánh", f.read_text(encoding="utf-8"), re.I), f


# -- no literal place words in what users read ------------------------------------------------------------

WORDS = re.compile(r"khu phố|phường|long khánh", re.I)
#: Naming both kinds at once is generic, not one place's word ("các xã, phường", "khu phố, ấp").
GENERIC = re.compile(r"xã, phường|khu phố, ấp|khu phố/ấp", re.I)
#: The literals that must stay, each with why: (file, a piece of the literal) -> reason.
ALLOWED = {
    ("lkdata/vn/places.py", "phường"): "the default kind of a profile without ward_kind (Long Khánh's)",
    ("lkdata/vn/places.py", "khu phố"): "the default sub-unit of a profile without sub_unit (Long Khánh's)",
    ("lkdata/vn/places.py", "Khu phố"): "the schemas' title of the khu_pho field, which Places.title replaces",
    ("lkdata/vn/places.py", "Long Khánh"): "the name of the package's own profile, the defaults' place",
    ("lkdata/io/totals.py", "khu phố"): "a pattern that recognises totals rows of any place, not a message",
    ("lkdata/jobs/render.py", "phường"): "a font probe rendered off-screen to test the Vietnamese glyphs",
    ("notebooks/tom_tat_khu_pho.ipynb", "Khu phố 1"): "a parameter default, replaced by every run's khu_pho",
}


def _strings(source: str) -> list[str]:
    """The string literals of Python ``source`` that are not docstrings (f-strings' literal parts too)."""
    tree = ast.parse(source)
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]  # fmt: skip


def _texts() -> list[tuple[str, str]]:
    out = []
    for f in sorted((ROOT / "lkdata").rglob("*.py")):
        out += [(f.relative_to(ROOT).as_posix(), s) for s in _strings(f.read_text(encoding="utf-8"))]
    for f in sorted((ROOT / "lkdata" / "templates").rglob("*")):
        if f.is_file():
            text = re.sub(r"/\*.*?\*/|\{#.*?#\}", "", f.read_text(encoding="utf-8"), flags=re.S)  # comments
            out.append((f.relative_to(ROOT).as_posix(), text))
    for f in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(f, as_version=4)
        for cell in nb.cells:
            texts = _strings(cell.source) if cell.cell_type == "code" else [cell.source]
            out += [(f.relative_to(ROOT).as_posix(), t) for t in texts]
    return out


def test_no_literal_place_words_in_user_facing_text():
    found = []
    for path, text in _texts():
        if not WORDS.search(GENERIC.sub("", text)):
            continue
        if not any(path == p and piece in text for p, piece in ALLOWED):
            found.append(f"{path}: {text[:90]!r}")
    assert not found, "say the profile's words (lkdata.vn.places.Places), not literal ones:\n" + "\n".join(found)


def test_the_scan_finds_a_literal():
    # the scan reads what it should: a literal planted in a string is found, one in a docstring is not
    planted = _strings('"""Khu phố of the ward."""\nx = f"Toàn phường {y}"\n')
    assert [s for s in planted if WORDS.search(s)] == ["Toàn phường "]
    assert len(_texts()) > 500 and all(any(p == path for path, _ in _texts()) for p, _ in ALLOWED)
