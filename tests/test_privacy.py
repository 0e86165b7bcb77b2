"""Personal data never reaches a shared document: everyone in the data (quarantined rows included) is known
to the check, and found however a document writes them; organisations and ordinary text are not personal."""

from __future__ import annotations

import html
import random
import unicodedata
from pathlib import Path

import pandas as pd
import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.io.store import write_csv, write_parquet
from lkdata.jobs.privacy import find_personal, personal_data_in, personal_values, redact
from lkdata.report.html import esc
from lkdata.report.privacy import mask_numbers, mobile_numbers, number_key
from lkdata.vn.names import SURNAMES, looks_like_name, names_a_person
from lkdata.vn.text import fold

CORPUS = Path(__file__).parent / "corpus"
NAMES = [n for n in (CORPUS / "names.txt").read_text(encoding="utf-8").splitlines() if len(n.split()) >= 2]
TABLES = {
    "producers": pd.DataFrame(
        {
            "name": ["Nguyễn Văn Hòa", "Lê Thị Bích Ngọc", "An", "Trần\u200bThị Mỹ Duyên"],
            "phone": ["0912345678", None, "0283 812 345", "0705161453"],
            "id_card": ["075184782155", None, None, None],
        }
    ),
    "crops": pd.DataFrame({"producer_name": ["Trần Văn Ba"], "phone": ["0987654321"]}),
}


def test_values_are_names_of_two_words_or_more_and_number_keys():
    v = personal_values(TABLES)
    assert ("nguyen", "van", "hoa") in v.names and ("tran", "van", "ba") in v.names
    assert not any(len(k) < 2 for k in v.names)  # "An" alone is no one
    assert {"912345678", "75184782155", "705161453"} <= v.numbers


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (unicodedata.normalize("NFD", "hộ NGUYỄN VĂN HÒA ở Khu phố 1"), "nguyen van hoa"),
        ("hộ Nguyen Van Hoa ở Khu phố 1", "nguyen van hoa"),  # without diacritics
        ("hộ Nguyễn Văn Hoà", "nguyen van hoa"),  # the other tone placement
        ("Trần   Văn\nBa", "tran van ba"),
        ("tệp tran_thi_my_duyen.xlsx", "tran thi my duyen"),  # a file name
        ("trang “TrầnThị Mỹ Duyên”", "tranthi my duyen"),  # the zero-width space dropped ...
        ("Trần Thị Mỹ Duyên", "tran thi my duyen"),  # ... or read as a space
        ("<td>Trần\u200bThị Mỹ Duyên</td>", "tranthi my duyen"),
        ("gọi 0912 345 678", "912345678"),
        ("gọi +84 705 161 453", "705161453"),
        ("gọi 84705161453", "705161453"),
        ("gọi (0705) 161 453", "705161453"),
        ("gọi 0705/161/453 hoặc", "705161453"),
        ("gọi 0705.161.453", "705161453"),
        ("gọi 0084 705-161-453", "705161453"),
        ("CCCD: 075 184 782 155", "75184782155"),
    ],
)
def test_found_however_written(text: str, found: str):
    assert found in find_personal(text, personal_values(TABLES))


@pytest.mark.parametrize(
    "text",
    [
        "HTX Dịch vụ nông nghiệp Phúc Lộc; 1.234,5 ha; 26,35 tỷ đồng; ngày 05/5/2026; 300 hộ",
        "lễ văn hòa",  # other diacritics: another phrase, not Mr Nguyễn Văn Hòa's name
        "nguyễn văn hóa",
        "Ngày 12/05/2026, 0912 345",
    ],
)
def test_organisations_figures_and_other_words_are_not_personal(text: str):
    assert find_personal(text, personal_values(TABLES)) == []


def _spellings(name: str) -> st.SearchStrategy[str]:
    plain = " ".join(w.capitalize() for w in fold(name).split())
    zw = name.replace(" ", "\u200b", 1)
    return st.sampled_from([name, name.upper(), name.lower(), plain, plain.upper(), plain.replace(" ", "_"),
                            unicodedata.normalize("NFD", name), zw, f"<b>{esc(name)}</b>"])  # fmt: skip


_WRAP = st.sampled_from(["{}", "<td>{}</td>", "Hộ {} (Khu phố 3) có 2,5 ha.", '{"text": "{}"}', "“{}”"])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_real_name_injected_into_a_document_is_found(data):
    people = data.draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    values = personal_values({"producers": pd.DataFrame({"name": people})})
    who = data.draw(st.sampled_from(people))
    spelling = data.draw(_spellings(who))
    doc = data.draw(_WRAP).replace("{}", spelling)
    doc = "<p>Báo cáo kết quả thực hiện kế hoạch năm 2026.</p>" + doc + "<p>Nơi nhận: UBND phường.</p>"
    found = find_personal(doc, values) or find_personal(html.unescape(doc.replace("<b>", "").replace("</b>", "")),
                                                        values)  # fmt: skip
    assert found, (who, doc)
    assert "[họ tên]" in redact(doc.replace("<b>", "").replace("</b>", ""), values)


def _phone_spellings(number: phonenumbers.PhoneNumber) -> list[str]:
    f = phonenumbers.PhoneNumberFormat
    national = phonenumbers.format_number(number, f.NATIONAL)  # 0705 161 453
    digits = "".join(c for c in national if c.isdigit())
    e164 = phonenumbers.format_number(number, f.E164)  # +84705161453
    return [
        national, e164, e164[1:], phonenumbers.format_number(number, f.INTERNATIONAL),
        phonenumbers.format_number(number, f.RFC3966), f"({digits[:4]}) {digits[4:7]} {digits[7:]}",
        "/".join([digits[:4], digits[4:7], digits[7:]]), ".".join([digits[:4], digits[4:7], digits[7:]]),
        "-".join([digits[:4], digits[4:7], digits[7:]]), "00" + e164[1:], digits,
    ]  # fmt: skip


_MOBILE = st.builds(lambda p, rest: f"0{p}{rest:07d}", st.sampled_from(["32", "70", "77", "86", "90", "91", "98"]),
                    st.integers(0, 9_999_999))  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(_MOBILE, st.data())
def test_any_phone_spelling_injected_into_a_document_is_found(phone: str, data):
    number = phonenumbers.parse(phone, "VN")
    assert phonenumbers.is_valid_number(number)
    values = personal_values({"producers": pd.DataFrame({"name": ["Lê Văn Tám"], "phone": [phone]})})
    spelling = data.draw(st.sampled_from(_phone_spellings(number)))
    doc = data.draw(_WRAP).replace("{}", f"SĐT {spelling}")
    assert find_personal(doc, values) == [number_key(phone)], doc
    assert spelling not in redact(doc, values)


def _typed_spellings(number: phonenumbers.PhoneNumber) -> list[str]:
    """How a mobile number is typed in a note or a title (no ``84`` without its ``+``, no slashes)."""
    f = phonenumbers.PhoneNumberFormat
    digits = "".join(c for c in phonenumbers.format_number(number, f.NATIONAL) if c.isdigit())
    e164 = phonenumbers.format_number(number, f.E164)
    return [phonenumbers.format_number(number, f.NATIONAL), e164, phonenumbers.format_number(number, f.INTERNATIONAL),
            f"({digits[:4]}) {digits[4:7]} {digits[7:]}", f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
            ".".join([digits[:4], digits[4:7], digits[7:]]), "-".join([digits[:4], digits[4:7], digits[7:]]),
            " ".join([digits[:3], digits[3:6], digits[6:]]), digits]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(_MOBILE, st.data())
def test_a_mobile_number_nobody_told_lkdata_about_is_still_found(phone: str, data):
    """A phone typed where lkdata does not look for one (a note, an activity's title, a column it does not
    read) is in no processed table; the check finds it by its shape and phonenumbers' rules alone."""
    spelling = data.draw(st.sampled_from(_typed_spellings(phonenumbers.parse(phone, "VN"))))
    doc = data.draw(_WRAP).replace("{}", f"liên hệ {spelling}")
    assert [number_key(n) for n in mobile_numbers(doc)] == [number_key(phone)], doc


@pytest.mark.parametrize(
    "text",
    ["Tổng kinh phí 1.234.567.890 đồng", "0,912345678 ha", "ngày 09/12/2026", "CCCD 012345678901",
     "Điện thoại cơ quan: 0251 3822 123", "Tổng đài 1800 1091", "mã số vùng trồng VN-DNOR-0912345",
     "84.912.345.678 đồng", "năm 2026 đạt 8.059,2 ha", "số 0912345678901", "iVBORw0912345678KgoAAAA",
     'd="M 0.912345678 L 12.5"', "+0912345678/abc"],
)  # fmt: skip
def test_sums_dates_ids_and_landlines_are_no_mobile_number(text: str):
    assert mobile_numbers(text) == []


def test_real_text_and_real_figures_hold_no_mobile_number():
    """News and plan sentences and real-world number strings (tests/corpus, collected from public sources)."""
    lines = (CORPUS / "sentences.txt").read_text(encoding="utf-8").splitlines()
    numbers = pd.read_csv(CORPUS / "numbers.tsv", sep="\t", dtype=str)["text"].dropna().tolist()
    assert [(t, mobile_numbers(t)) for t in [*lines, *numbers] if mobile_numbers(t)] == []


def test_an_unknown_mobile_number_refuses_a_document(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    processed = tmp_path / "data" / "processed"
    write_parquet(pd.DataFrame({"name": ["Nguyễn Văn Hòa"], "phone": ["0912345678"]}), processed / "producers.parquet")
    doc = "<p>Lớp tập huấn do ông Tư (<b>0987</b> 654 321) tổ chức; đăng ký qua 0912.345.678.</p>"
    assert personal_data_in([doc], processed) == ["912345678", "987654321"]


def test_everyone_in_quarantine_is_known_a_name_in_the_wrong_column_too():
    producers = pd.DataFrame({
        "source_file": "producers/a.xlsx", "reasons": "Khu phố không có trong danh mục: Trần Thị Mỹ Duyên",
        "Họ và tên chủ hộ": ["1", "Phạm Văn Út"], "Số điện thoại": ["+84 705 161 453", None],
        "Khu phố": ["Trần Thị Mỹ Duyên", "Khu phố 99"], "Cây trồng chính": ["Cao Su", "0912 345 678"],
    })  # fmt: skip
    quarantine = {
        "producers": producers,
        "activities": pd.DataFrame({"Nội dung dòng": ["Tập huấn | Lê Hoàng Nam | 0987 654 321"]}),
    }
    headers = {"producers": {"name": ["Họ và tên chủ hộ"], "phone": ["Số điện thoại"]}}
    values = personal_values({}, quarantine, headers, catalogue_keys=["cao su"])
    text = ("Trần Thị Mỹ Duyên, Phạm Văn Út, Lê Hoàng Nam, 0705 161 453, 0912345678, 0987654321; "
            "cao su, Cao Su, Khu phố 99")  # fmt: skip
    assert find_personal(text, values) == [
        "tran thi my duyen", "pham van ut", "le hoang nam", "705161453", "912345678", "987654321",
    ]  # fmt: skip


def test_skipped_rows_and_sums_of_money_are_no_one():
    """A totals row's ``Tổng cộng`` under the name column, a repeated header, a contract value: not people,
    so a report may say ``tổng cộng`` and ``2.000.000.000 đồng``; a household a totals label hid is."""
    producers = pd.DataFrame({
        "Lý do": ["Dòng tổng cộng (bỏ qua)", "Dòng tiêu đề lặp lại (bỏ qua)", "Dòng tổng cộng (bỏ qua)"],
        "Họ và tên chủ hộ": ["Tổng cộng", "Họ và tên chủ hộ", "Tống Công Minh"],
        "Diện tích canh tác": ["1.234.567.890", "Diện tích", None],
    })  # fmt: skip
    linkages = pd.DataFrame({"Lý do": ["Ngày bắt đầu không hợp lệ: 31/02/2026"], "Giá trị hợp đồng": ["2.000.000.000"],
                             "Điện thoại": ["0912 345 678"]})  # fmt: skip
    quarantine = {"producers": producers, "linkages": linkages}
    headers = {"producers": {"name": ["Họ và tên chủ hộ"]}}
    values = personal_values({}, quarantine, headers)
    text = "Tổng cộng 1.234.567.890 ha; tổng giá trị 2.000.000.000 đồng; Họ và tên chủ hộ; Tống Công Minh; 0912345678"
    assert find_personal(text, values) == ["tong cong minh", "912345678"]


def test_the_check_knows_the_quarantined_people_of_a_processed_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    processed = tmp_path / "data" / "processed"
    write_parquet(pd.DataFrame({"name": ["Nguyễn Văn Hòa"], "phone": ["0912345678"], "id_card": [None]}),
                  processed / "producers.parquet")  # fmt: skip
    q = pd.DataFrame({"Tệp": ["producers/a.xlsx"], "Trang tính": ["KP1"], "Dòng": ["7"],
                      "Lý do": ["Khu phố không có trong danh mục: Trần Thị Mỹ Duyên"],
                      "Họ và tên chủ hộ": ["7"], "Khu phố": ["Trần Thị Mỹ Duyên"]})  # fmt: skip
    write_csv(q, processed / "quarantine" / "producers.csv")
    doc = "<td>Khu phố không có trong danh mục: Trần Thị Mỹ Duyên</td><td>nguyen van hoa</td>"
    assert personal_data_in([doc], processed) == ["tran thi my duyen", "nguyen van hoa"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trần Thị Mỹ Duyên", True), ("NGUYỄN VĂN HẢI", True), ("Nguyen Van Hai", True), ("Điểu K'Lang", True),
        ("Khu phố 3", False), ("Hộ gia đình", False), ("Hộ Gia Đình", False), ("Công ty TNHH", False),
        ("sầu riêng", False), ("Nguyễn", False), ("trần thị mỹ duyên", False), ("HTX Trần Gia", False),
    ],
)  # fmt: skip
def test_what_looks_like_a_name(text: str, expected: bool):
    assert looks_like_name(text) is expected


def test_most_real_names_look_like_names():
    assert sum(map(looks_like_name, NAMES)) / len(NAMES) > 0.97


def test_the_plan_text_names_none_of_a_thousand_households():
    """The administrative text of the plan (the corpus's last part) against 1,800 real names: no false hit,
    bar the one person it does name (its signer)."""
    values = personal_values({"producers": pd.DataFrame({"name": NAMES})})
    lines = (CORPUS / "sentences.txt").read_text(encoding="utf-8").splitlines()
    hits = {h for line in lines[-89:] for h in find_personal(line, values)}
    assert hits <= {"huynh thi ngoc diep"}
    random.seed(1)
    numbers = personal_values({"producers": pd.DataFrame({"phone": [f"09{random.randrange(10**8):08d}"
                                                                    for _ in range(2000)]})})  # fmt: skip
    assert not [h for line in lines for h in find_personal(line, numbers)]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("gọi 0912 345 678, (0705) 161-453", "gọi 091…, 070…"),
        ("0705.161.453 / 0705/161/453 / 0912345678999", "070… / 070… / 091…"),
        ("CCCD 075 184 782 155", "CCCD 075…"),
        ("Thứ Hai, 29/10/2020 (29/10/2020 là Thứ Năm)", None),  # dates side by side are no phone
        ("1.500.000.000 đồng; 1,500,000,000; 2.000.000.000.000.000 ha; 1.234.567", None),  # amounts stay
    ],
)
def test_phone_like_numbers_are_masked_dates_and_amounts_kept(text: str, masked: str | None):
    assert mask_numbers(text) == (masked or text)


def _job(project: Path, source: str):
    import nbformat

    from lkdata.jobs.report_jobs import ReportJob
    from lkdata.plan.periods import parse_period

    notebook = project / "notebooks" / "thu.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), notebook)
    ward = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
    return ReportJob(parse_period("2026-H1", ward), notebook, project / "reports" / "thu", "thu_2026-H1", {},
                     ("html",), None, project / "data" / "processed", "Thử", kind="quality")  # fmt: skip


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("source", "error"),
    [
        ('print("Hộ Nguyen Van Hoa, SĐT +84 912 345 678")', "đưa thông tin cá nhân"),  # refused: names a person
        ('print("Hộ Nguyễn Văn Hòa"); raise ValueError("hỏng")', "ValueError: hỏng"),  # a failing cell
    ],
    ids=["refused", "failed"],
)
def test_a_refused_or_failed_notebook_is_kept_in_the_office_only_area(tmp_path: Path, monkeypatch, source, error):
    from lkdata.jobs.reports import run_report

    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    (tmp_path / "data" / "raw").mkdir(parents=True)
    write_parquet(pd.DataFrame({"name": ["Nguyễn Văn Hòa"], "phone": ["0912345678"], "id_card": [None]}),
                  tmp_path / "data" / "processed" / "producers.parquet")  # fmt: skip
    job = _job(tmp_path, source)
    legacy = job.out_dir / "thu_2026-H1.loi.ipynb"  # where older versions kept it, in the shareable folder
    legacy.parent.mkdir(parents=True)
    legacy.write_text("{}", encoding="utf-8")
    result = run_report(job)
    assert not result.ok and error in result.error
    kept = tmp_path / "data" / "processed" / "noi_bo" / "so_tay_loi" / "thu_2026-H1.loi.ipynb"
    assert result.kept_notebook == kept and kept.is_file() and "Nguy" in kept.read_text(encoding="utf-8")
    if error.startswith("đưa"):
        assert str(kept) in result.error  # the message says where
    assert [p.name for p in (tmp_path / "reports").rglob("*") if p.is_file()] == []  # nothing shareable


_HONORIFIC_FORMS = ["ông", "bà", "anh", "chị", "cô", "chú", "cụ", "ong", "ba", "ÔNG", "Bà"]


@settings(max_examples=150, deadline=None)
@given(
    honorific=st.sampled_from(_HONORIFIC_FORMS),
    surname=st.sampled_from(sorted(SURNAMES)),
    rest=st.lists(st.sampled_from(["Văn", "Thị", "Minh", "Tiến", "Ngọc", "Hân"]), min_size=1, max_size=3),
    sep=st.sampled_from([" ", "_", "-", "  "]),
    before=st.sampled_from(["", "DANH SÁCH HỘ", "ds", "Hộ", "KP1"]),
    fold_it=st.booleans(),
    upper=st.booleans(),
)
def test_a_title_or_file_name_that_names_someone_is_recognised(honorific, surname, rest, sep, before, fold_it, upper):
    """``Hộ ông Hà Văn Tiến``, ``ds_ong_ha_van_tien``, ``DANH SÁCH HỘ BÀ LÊ THỊ MAI``: an honorific before a family
    name and another word names a person, whatever the case, diacritics or separators (the quality report then
    shows ``[họ tên]`` for that file or sheet)."""
    text = sep.join(w for w in [*before.split(), honorific, surname, *rest] if w)
    text = fold(text) if fold_it else text
    assert names_a_person(text.upper() if upper else text), text


def test_the_sample_file_and_sheet_names_name_no_one(root):
    """What the office names its files and sheets (the sample's, catalogue words) is never hidden."""
    names = ["ho_san_xuat_kp16", "ho_san_xuat_theo_khu_pho", "ho_san_xuat_bo_sung_2026", "danh_sach_htx_tht",
             "dien_tich_cay_trong", "vung_trong_bo_sung", "lien_ket_san_xuat_tieu_thu", "hoat_dong_2024_2025",
             "Danh sách", "Bổ sung 2026", "HTX-THT", "KP1-5", "Khu phố 3", "ong_nuoc_tuoi", "Hướng dẫn"]  # fmt: skip
    assert [n for n in names if names_a_person(n)] == []
