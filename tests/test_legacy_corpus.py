"""Legacy-font repair on real text: public names, news and administrative sentences, English text
(``tests/corpus/``, sources in ``SOURCES.md``), encoded with TCVN3 and VNI tables written independently of
lkdata (``tests/legacy_codec.py``). The targets of issue 14: names >= 99.5% exact with or without the
cell's font, sentences >= 98% without it, and no change at all to genuine Unicode or English text; then
the same through a real ``lkdata clean`` of a workbook whose cells use ``.VnTime`` and ``VNI-Times``.
"""

from __future__ import annotations

import ast
import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest
from legacy_codec import ENCODINGS, TCVN3_BYTES, encode, representable_form

from lkdata.vn.text import fold, invalid_words, normalize_tone_placement, title_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_legacy  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def test_the_encoders_are_independent_of_lkdata():
    tree = ast.parse((ROOT / "tests" / "legacy_codec.py").read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if m.startswith("lkdata")]


# Entries checked against public converters: Utils/Unicode2TCVN3.cs of github.com/Eruylz/XuatThuy
# (TCVN3) and vni.h of github.com/lamdao/xvnkb (VNI), see SOURCES.md.
CROSS_CHECK = [
    ("à", "tcvn3", "µ"), ("ắ", "tcvn3", "¾"), ("ặ", "tcvn3", "Æ"), ("đ", "tcvn3", "®"), ("ư", "tcvn3", "\xad"),
    ("Ơ", "tcvn3", "¥"), ("Đ", "tcvn3", "§"), ("ỵ", "tcvn3", "þ"), ("ố", "tcvn3", "è"), ("ể", "tcvn3", "Ó"),
    ("ấ", "vni", "aá"), ("ậ", "vni", "aä"), ("ẳ", "vni", "aú"), ("ẵ", "vni", "aü"), ("ư", "vni", "ö"),
    ("ị", "vni", "ò"), ("ỉ", "vni", "æ"), ("ỵ", "vni", "î"), ("Ỳ", "vni", "YØ"), ("Ữ", "vni", "ÖÕ"),
    ("đ", "vni", "ñ"), ("Ố", "vni", "OÁ"),
]  # fmt: skip


@pytest.mark.parametrize(("letter", "encoding", "legacy"), CROSS_CHECK)
def test_the_encoders_agree_with_public_converters(letter, encoding, legacy):
    assert encode(letter, encoding) == legacy


def test_the_tcvn3_table_is_a_byte_table():
    assert len(set(TCVN3_BYTES.values())) == len(TCVN3_BYTES) == 74  # 67 small letters + 7 capitals


def test_the_corpus_is_real_and_sourced():
    names, sentences = bench_legacy.lines("names.txt"), bench_legacy.lines("sentences.txt")
    english, wild = bench_legacy.lines("english.txt"), bench_legacy.wild()
    assert len(names) >= 300 and len(sentences) >= 300 and len(english) >= 200 and len(wild) >= 50
    assert len(set(names)) == len(names)
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for f in ("names.txt", "sentences.txt", "english.txt", "wild_names.tsv"):
        assert f in sources


@pytest.fixture(scope="module")
def measured() -> dict:
    return bench_legacy.report()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("hint", ["font", "no font"])
def test_names_come_back_exact(measured, encoding, hint):
    ok, n = measured[f"names {encoding} {hint}"]
    assert ok / n >= 0.995, (ok, n)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("hint", ["font", "no font"])
def test_sentences_come_back_exact(measured, encoding, hint):
    ok, n = measured[f"sentences {encoding} {hint}"]
    assert ok / n >= 0.98, (ok, n)


@pytest.mark.parametrize("text", ["names", "sentences", "English"])
@pytest.mark.parametrize("hint", [None, "tcvn3", "vni"])
def test_genuine_unicode_is_never_changed(measured, text, hint):
    ok, n = measured[f"unicode {text} {hint}"]
    assert ok == n


def test_legacy_names_found_in_the_wild_read_right(measured):
    ok, n = measured["wild"]
    assert ok == n


# --- through a real clean ---------------------------------------------------------------------------

HEADER = ["STT", "Họ và tên chủ hộ", "Số điện thoại", "Khu phố", "Diện tích (ha)", "Cây trồng chính", "Ngày đăng ký"]
FONTS = {"tcvn3": ".VnTime", "vni": "VNI-Times"}


def _expected(name: str, encoding: str | None) -> str:
    return title_name(normalize_tone_placement(representable_form(name, encoding) if encoding else name))


def _rows(names: list[str], start: int) -> list[list]:
    return [[i + 1, n, f"09{12000000 + start + i:08d}", f"Khu phố {1 + i % 5}", 1 + start / 1000 + i / 100,
             "sầu riêng", dt.datetime(2025, 3, 1)] for i, n in enumerate(names)]  # fmt: skip


def test_a_workbook_in_legacy_fonts_and_its_csv_export_clean_right(tmp_path):
    """150 genuine Unicode names in .VnTime cells and 150 in VNI-Times cells (as offices type into old
    templates), 150 TCVN3 and 150 VNI names in their fonts; the legacy names again in CSV exports (no
    font), one in UTF-8 and one holding the fonts' bytes. Every genuine name comes out as it was; the
    legacy ones as they were meant."""
    import openpyxl
    from openpyxl.styles import Font

    from lkdata.jobs.clean_run import run_clean

    names = bench_legacy.lines("names.txt")
    genuine = {"tcvn3": names[0:150], "vni": names[150:300]}
    legacy = {"tcvn3": names[300:450], "vni": names[450:600]}
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    expected: dict[tuple[str, int], str] = {}
    for start, (sheet, group, encode_it) in enumerate((("Unicode", genuine, False), ("Bang ma cu", legacy, True))):
        ws = wb.create_sheet(sheet)
        ws.append(HEADER)
        cells = [(enc, n) for enc in ENCODINGS for n in group[enc]]
        rows = _rows([encode(n, enc) if encode_it else n for enc, n in cells], 1000 * start)
        for r, row in enumerate(rows, start=2):
            ws.append(row)
            enc, name = cells[r - 2]
            ws.cell(r, 2).font = Font(name=FONTS[enc])
            expected[(sheet, r)] = (name, enc if encode_it else None)
    wb.save(folder / "ho_san_xuat.xlsx")
    from lkdata.io.fonts import font_hints

    hints = font_hints(folder / "ho_san_xuat.xlsx")  # the cells' fonts are seen
    assert sorted(set(hints["Unicode"].values())) == sorted(set(hints["Bang ma cu"].values())) == ["tcvn3", "vni"]
    assert len(hints["Unicode"]) == len(hints["Bang ma cu"]) == 300
    csv_names = [(enc, n) for enc in ENCODINGS for n in legacy[enc]]
    csv_rows = _rows([encode(n, enc) for enc, n in csv_names], 2000)
    lines = [";".join(HEADER)] + [";".join(str(c) for c in row[:6]) + ";01/03/2025" for row in csv_rows]
    (folder / "xuat_csv.csv").write_text("\n".join(lines), encoding="utf-8-sig")  # Excel's "CSV UTF-8"
    ansi = _rows([encode(n, enc) for enc, n in csv_names], 3000)
    lines = [";".join(fold(h) for h in HEADER)]  # the rest of that file in plain letters
    lines += [";".join(fold(str(c)) if j in (3, 5) else str(c) for j, c in enumerate(row[:6])) + ";01/03/2025"
              for row in ansi]  # fmt: skip
    (folder / "xuat_ansi.csv").write_bytes("\n".join(lines).encode("cp1252"))  # the font's bytes, as saved
    for r, (enc, n) in enumerate(csv_names, start=2):
        expected[("xuat_csv.csv", r)] = expected[("xuat_ansi.csv", r)] = (n, enc)

    run = run_clean(tmp_path / "raw", tmp_path / "processed", write=False)
    got = {}
    for t in (run.tables["producers"], run.quarantine["producers"]):
        for row in t.itertuples():
            key = row.source_sheet if row.source_file.endswith(".xlsx") else row.source_file.split("/")[-1]
            got[(key, int(row.source_row))] = getattr(row, "name", None)
    assert len(got) == len(expected) == 1200
    wrong = [(k, got[k], _expected(*v)) for k, v in expected.items() if got[k] != _expected(*v)]
    genuine_wrong = [w for w in wrong if w[0][0] == "Unicode"]
    assert genuine_wrong == []  # not one Unicode name changed by its font
    # a legacy name whose rendering reads as Vietnamese itself (VNI "Hoà" for "Hồ") is never touched
    irreducible = [w for w in wrong if not invalid_words(encode(*reversed(expected[w[0]])))]
    assert [w for w in wrong if w not in irreducible] == []
    assert len(wrong) <= 0.005 * 900
    assert pd.isna(run.tables["producers"]["issues"]).all()
