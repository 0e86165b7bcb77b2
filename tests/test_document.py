"""lkdata.report: figures as phrases, notes, the document blocks, tables and charts (no kernel)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from lkdata.api import load_notes, open_report, parse_period
from lkdata.io.reference import load_reference
from lkdata.report.document import Fact, ReportDocument, quantity

WARD = load_reference().ward
H1 = parse_period("2026-H1", WARD)


@pytest.fixture(scope="module")
def processed(copy_project) -> Path:
    """The run's cleaned sample, copied: the report writes its office-only lists beside the tables."""
    return copy_project("document") / "data" / "processed"


@pytest.fixture(scope="module")
def report(processed: Path, root: Path) -> ReportDocument:
    return open_report("2026-H1", processed=processed, notes=root / "data" / "raw" / "notes" / "2026-H1.md")


def _fact(value, previous=0.0, unit="lớp", target=None, estimate=None, period=H1) -> Fact:
    est = value if estimate is None else estimate
    return Fact("x", "Lớp tập huấn", unit, float(value), float(previous), float(est), target, period)


def test_figures_read_as_vietnamese_phrases():
    f = _fact(8, previous=6, target=16, estimate=12)
    assert f"tổ chức {f} tập huấn" == "tổ chức 8 lớp tập huấn"
    assert f.change == "tăng 33,3% so với cùng kỳ"
    assert f.vs_target == "đạt 50,0% chỉ tiêu năm 2026 là 16 lớp"
    assert f.estimated == "ước 12 lớp đến ngày 30/6/2026"
    assert f.last_year == "6 lớp" and f.number == "8"
    assert _fact(0).change == "chưa phát sinh" and _fact(3).vs_target == "chưa giao chỉ tiêu"
    assert quantity(768.6, "ha") == "768,6 ha" and quantity(600.0, "ha") == "600 ha"
    assert quantity(26_350_000_000, "đồng") == "26,35 tỷ đồng" and quantity(1234, "hộ") == "1.234 hộ"
    whole = parse_period("2026-H1", WARD, cutoff="2026-06-30")
    assert _fact(8, period=whole).estimated == "8 lớp"  # nothing to estimate when the period is complete


def test_facts_name_the_known_indicators_when_one_is_misspelt(report: ReportDocument):
    assert str(report.facts.training_courses).endswith(" lớp")
    with pytest.raises(AttributeError, match=r"Không có chỉ tiêu 'trainings'.*training_courses"):
        report.facts.trainings  # noqa: B018


def test_notes_are_split_by_section_and_comments_dropped(tmp_path: Path):
    f = tmp_path / "2026-H1.md"
    f.write_text(
        "# Ghi chú\n<!-- hướng dẫn\n## Khó khăn (trong chú thích) -->\n## Khó khăn, vướng mắc\n- thiếu vốn\n\n"
        "## NGUYEN NHAN\nthời tiết\n## III.4 kỹ thuật\nlớp sầu riêng\n## Linh tinh\nx\n## Đề xuất, kiến nghị\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="mục “## Linh tinh” không có chỗ trong báo cáo"):
        notes = load_notes(f)
    assert notes.sections == {"kho khan": "- thiếu vốn", "nguyen nhan": "thời tiết", "III.4": "lớp sầu riêng"}
    assert notes.unknown == ["Linh tinh"]  # an empty section counts as missing
    assert not load_notes(tmp_path / "none.md").exists


def test_a_missing_note_is_a_visible_placeholder_recorded_with_the_file_to_write(processed: Path, tmp_path: Path):
    from lkdata.report.html import PLACEHOLDER_MIME

    r = open_report("2026-H1", processed=processed, notes=tmp_path / "2026-H1.md")
    assert not r.placeholders
    block = r.note("Khó khăn, vướng mắc")
    html = block._repr_html_()
    assert 'class="cho-dien placeholder"' in html and "“Khó khăn, vướng mắc”" in html
    assert "2026-H1.md" not in html and "/" not in block.plain  # the document names no office file
    record = block._repr_mimebundle_()[PLACEHOLDER_MIME]
    assert "“## Khó khăn, vướng mắc”" in record["todo"] and record["todo"].endswith("2026-H1.md")
    r.note("Khó khăn, vướng mắc")  # the cell run again: recorded once
    assert [p.record for p in r.placeholders] == [record]
    assert r.note("Kết quả nổi bật", optional=True) is None and r.task_note("III.1") is None


def test_header_follows_decree_30_and_the_ward_profile(report: ReportDocument, processed: Path):
    html = report.header()._repr_html_()
    for part in ("ỦY BAN NHÂN DÂN", "PHƯỜNG LONG KHÁNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "/BC-UBND", "BÁO CÁO", "6&nbsp;tháng đầu năm 2026",
                 "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức"):  # fmt: skip
        assert part in html, part  # a number is never parted from what it counts ("6 / tháng")
    assert "<i>Long Khánh, ngày" in html and "năm 2026</i>" in html
    dated = open_report("2026", processed=processed, report_date="2026-11-12").header()._repr_html_()
    assert "Long Khánh, ngày 12 tháng 11 năm 2026" in dated
    footer = report.footer("Trên đây là báo cáo./.")._repr_html_()
    assert "Nơi nhận:" in footer and "KT. CHỦ TỊCH" in footer and "Trên đây là báo cáo./." in footer
    assert report.plan.startswith("Kế hoạch số 1327/KH-UBND ngày 02/4/2026")


def test_the_sample_banner_only_on_sample_data(processed: Path, tmp_path: Path):
    import json
    import shutil

    real = tmp_path / "real"
    shutil.copytree(processed, real)
    m = json.loads((real / "manifest.json").read_text(encoding="utf-8"))
    m["sample"] = False
    (real / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    assert "DỮ LIỆU MẪU" not in open_report("2026-H1", processed=real).header()._repr_html_()


def test_task_table_carries_units_estimates_and_targets(report: ReportDocument):
    html = report.task_table("III.1")._repr_html_()
    head = re.findall(r"<th>(.*?)</th>", html)
    assert head == ["TT", "Chỉ tiêu", "Đơn vị", "Đến 05/5/2026", "Ước đến 30/6/2026", "Cùng kỳ 2025",
                    "So cùng kỳ (%)", "Chỉ tiêu năm 2026", "Đạt (%)"]  # fmt: skip
    t = report.table.set_index("indicator")
    row = re.search(r"<tr><td[^>]*>1</td>(.*?)</tr>", html).group(1)
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells[0] == "Lớp tập huấn về liên kết sản xuất, tiêu thụ" and cells[1] == "lớp"
    assert cells[2] == str(int(t.at["training_courses", "value"]))
    assert '<a class="so-lieu" href="#giai-thich-training_courses">' in row  # to its explanation in the appendix
    assert cells[6] == str(int(t.at["training_courses", "target"]))
    money = report.task_table("IV")._repr_html_()
    assert "triệu đồng" in money  # money in millions, the unit said in its column


def test_khu_pho_table_lists_every_khu_pho_and_adds_up(report: ReportDocument):
    html = report.khu_pho_table()._repr_html_()
    for n in range(1, 21):
        row = re.search(rf"<tr><td[^>]*>{n}</td><td[^>]*>Khu phố {n}</td>(.*?)</tr>", html).group(1)
        # 18-20 sent nothing in the sample: "chưa gửi số liệu" across the row, never zeros that say nothing happened
        assert ("chưa gửi số liệu" in row) == (n >= 18), n
        assert (re.search(r">0<", row) is None) or n < 18
    total_row = re.search(r"<b>Cộng</b></td>(.*?)</tr>", html).group(1)
    totals = re.findall(r"<b>([^<]*)</b>", total_row)
    t = report.table.set_index("indicator")
    assert totals[0] == str(int(t.at["producers_registered", "value"]))
    assert totals[1] == str(int(t.at["producers_certified", "value"]))
    assert totals[2] == report.facts.certified_area_ha.number  # one format for one figure, in tables and sentences


def test_participants_add_up_with_the_rest_shown_as_other(report: ReportDocument):
    parts = report.parts("participants_chart")
    f = report.facts
    rest = f.training_participants.value - sum(x.value for x in (f.training_households, f.training_cooperatives,
                                                                   f.training_enterprises))  # fmt: skip
    assert parts.rest == rest > 0  # the sample's activities leave some participants of no kind
    assert str(parts).endswith(f"và {int(rest)} lượt người thuộc đối tượng khác")
    assert str(parts).startswith(f"{f.training_households}, {f.training_cooperatives}, {f.training_enterprises}")


def test_parts_that_add_up_to_more_than_the_whole_say_so():
    from lkdata.report.facts import Parts

    whole, a, b = _fact(10, unit="lượt người"), _fact(8, unit="lượt hộ"), _fact(5, unit="lượt HTX/THT")
    assert str(Parts(whole, (a, b), ("Hộ", "HTX"))) == (
        "8 lượt hộ và 5 lượt HTX/THT (cộng lại nhiều hơn tổng số 3 lượt người: cần kiểm tra lại số liệu)"
    )
    assert str(Parts(_fact(13, unit="lượt người"), (a, b), ("Hộ", "HTX"))) == "8 lượt hộ và 5 lượt HTX/THT"


def test_charts_label_what_they_show(report: ReportDocument, processed: Path, monkeypatch):
    import lkdata.report.charts as charts

    drawn = {}

    def capture(name):
        real = getattr(charts, name)

        def spy(categories, series, **kw):
            drawn[name] = (list(categories), {k: list(v) for k, v in series.items()})
            return real(categories, series, **kw)

        return spy

    monkeypatch.setattr(charts, "bar_chart", capture("bar_chart"))
    monkeypatch.setattr(charts, "monthly_chart", capture("monthly_chart"))
    report.participants_chart()
    labels, series = drawn["bar_chart"]
    assert labels[-1] == "Đối tượng khác"
    now = series["Đến 05/5/2026"]
    assert sum(now) == report.facts.training_participants.value  # the bars add up to the total
    annual = open_report("2026", processed=processed)
    annual.monthly_activities_chart()
    _, series = drawn["monthly_chart"]
    # a series is named by the days it covers: the year so far, never "Năm 2025" for a year cut off in November
    assert list(series) == ["Từ 01/01/2026 đến 10/11/2026", "Từ 01/01/2025 đến 10/11/2025"]


def test_linkage_table_says_what_its_columns_count(report: ReportDocument):
    html = report.linkage_table()._repr_html_()
    head = re.findall(r"<th>(.*?)</th>", html)
    assert "Lượt hộ tham gia" in head and "Sản lượng theo hợp đồng (tấn)" in head
    total = re.search(r"<b>Cộng</b></td>(.*?)</tr>", html).group(1)
    chains, households, area = re.findall(r"<b>([^<]*)</b>", total)[:3]
    f = report.facts
    assert (chains, households, area) == (f.linkages_active.number, f.linkage_households.number,
                                          f.linkage_area_ha.number)  # fmt: skip


def test_charts_are_embedded_vector_graphics_with_their_text_as_text(report: ReportDocument):
    import base64
    import io
    from xml.etree import ElementTree

    from matplotlib.image import imread

    from lkdata.report.charts import PRINT_DPI, TEXT_WIDTH_IN

    for block in (report.participants_chart(), report.certified_area_chart(), report.linked_area_chart()):
        html = block._repr_html_()
        assert "image/png" not in html
        data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
        svg = ElementTree.fromstring(base64.b64decode(data))
        words = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
        assert "Cùng kỳ năm 2025" in words  # the legend is text (drawn in the document's font), not outlines
        assert re.search(r"font-family[^;\"]*(Times New Roman|Liberation Serif|Tinos)", base64.b64decode(data).decode())
        assert re.search(r"<figcaption>Biểu đồ \d+\. ", html)
        img = imread(io.BytesIO(block.chart.png()), format="png")  # a raster at print resolution, on request
        assert img.shape[1] >= 0.8 * TEXT_WIDTH_IN * PRINT_DPI  # print resolution, about the text width
    one, two = report.linked_area_chart().chart.svg, report.linked_area_chart().chart.svg
    assert one == two  # the same chart, the same file (no date, no random ids)


def test_attainment_counts_add_up(report: ReportDocument):
    a = report.attainment
    assert a.with_target == a.met + a.half + a.below_half == int(report.table["target"].notna().sum())
    assert a.up + a.down + a.same == a.compared == int(report.table["previous"].notna().sum())
    assert a.compared + a.no_previous == len(report.table)
    assert a.listing(()) == "không có" and a.listing(("a", "b", "c")) == "a, b và c"


def test_labels_inside_sentences_keep_abbreviations():
    from lkdata.report.html import in_sentence

    assert in_sentence("HTX, THT thành lập mới") == "HTX, THT thành lập mới"
    assert in_sentence("Diện tích liên kết") == "diện tích liên kết"


def test_a_task_is_titled_once_in_its_heading_and_its_table(report: ReportDocument):
    from lkdata.report.tables import task_caption

    plan = report.plan_data
    title = "Thực hiện công tác thông tin, truyền thông về liên kết trong sản xuất, tiêu thụ sản phẩm nông nghiệp"
    assert plan.tasks["III.1"] == title
    assert report.task_heading("III.1").text == f"### 1. {title}\n"
    assert report.task_heading("IV").text == f"### {len(plan.tasks)}. Kinh phí thực hiện\n"
    assert task_caption(plan, "III.1") == "Kết quả thực hiện công tác thông tin, truyền thông về liên kết trong sản " \
        "xuất, tiêu thụ sản phẩm nông nghiệp"  # fmt: skip
    assert task_caption(plan, "III.4") == "Kết quả hỗ trợ chuyển giao tiến bộ khoa học kỹ thuật, liên kết sản xuất"
    assert task_caption(plan, "IV") == "Kinh phí thực hiện"  # money spent: never "Kết quả kinh phí thực hiện"
    assert f". {task_caption(plan, 'III.2')}</p>" in report.task_table("III.2")._repr_html_()


def test_templates_escape_the_ward_profile_like_the_rest_of_the_document(report: ReportDocument):
    from lkdata.report.decree30 import footer_block, header_block
    from lkdata.report.html import esc

    ward = {**report.ward, "place": 'Long "Khánh" <b>', "issuing_body": ["UBND 'P'"], "report_number": "Số:    /BC"}
    html = header_block(ward, report.period, "Tóm tắt", "phường A B", sample=False, report_date=None).html
    assert f"<i>{esc(ward['place'])}, ngày&nbsp;" in html and "<div>UBND &#x27;P&#x27;</div>" in html
    assert "Số:&nbsp;&nbsp;&nbsp;&nbsp;/BC" in html and "sample-banner" not in html
    footer = footer_block({"recipients": ["A & B"], "signer": {}}, "Một\n\n  hai   ba").html
    assert "<li>- A &amp; B</li>" in footer and "<p>Một</p><p>hai ba</p>" in footer
    assert '<div class="signer">&nbsp;</div>' in footer
    # a report's footer: no signer's name in the profile is a placeholder, loud on screen, recorded for the job
    from lkdata.report.html import PLACEHOLDER_MIME

    block = report.footer()
    assert '<span class="cho-dien placeholder">[Họ và tên người ký]</span>' in block.html
    assert block._repr_mimebundle_()[PLACEHOLDER_MIME]["what"] == "họ và tên người ký"
    named = footer_block({"signer": {"name": "Lê <Văn> A"}}, name_todo="ghi tên").html
    assert '<div class="signer">Lê &lt;Văn&gt; A</div>' in named and "Họ và tên người ký" not in named


def test_open_report_rejects_a_bad_date(processed: Path):
    from lkdata.errors import UsageError

    with pytest.raises(UsageError, match="Ngày báo cáo không hợp lệ: '31/11/2026'"):
        open_report("2026-H1", processed=processed, report_date="31/11/2026")
    assert open_report("2026-H1", processed=processed, report_date=dt.date(2026, 5, 8)).report_date.day == 8
    assert open_report("2026-H1", processed=processed, report_date="12/11/2026").report_date == dt.date(2026, 11, 12)


def test_year_table_shows_both_halves(processed: Path):
    r = open_report("2026", processed=processed)
    html = r.year_table()._repr_html_()
    # by November the data to 30/6 exists: the first half is as at 30/6, not at the six-month report's 05/5
    assert "6 tháng đầu năm (đến 30/6/2026)" in html and "Ước cả năm 2026" in html
    at_end = open_report("2026-H1", cutoff="2026-06-30", processed=processed).table.set_index("indicator")
    at_due = open_report("2026-H1", processed=processed).table.set_index("indicator")
    from lkdata.report.html import cell

    shown = [c.indicator for c in r.plan_data.report_table("year")]
    first_half = [re.findall(r">([^<]*)</td>", row)[3] for row in re.findall(r"<tr>(.*?)</tr>", html)[1:]]
    assert first_half == [cell(at_end.at[k, "value"], at_end.at[k, "unit"]) for k in shown]
    assert first_half != [cell(at_due.at[k, "value"], at_due.at[k, "unit"]) for k in shown]  # the test can fail
    assert isinstance(r.table, pd.DataFrame) and r.is_annual and r.next_label == "năm 2027"


def test_a_notebook_on_stale_data_says_so(root: Path, tmp_path: Path, monkeypatch):
    import shutil

    from lkdata.jobs.clean_run import run_clean

    shutil.copytree(root / "data" / "raw", tmp_path / "data" / "raw")
    run_clean(tmp_path / "data" / "raw", tmp_path / "data" / "processed")
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        open_report("2026-H1")  # current data: no warning
    (tmp_path / "data" / "raw" / "activities" / "them.csv").write_text("Ngày;Loại\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="Dữ liệu đã xử lý cần làm mới: 1 tệp mới hoặc đã sửa"):
        open_report("2026-H1")


#: What an analyst's notes (or a copy-paste from the web) may hold: raw HTML that would run, hide the
#: document or pull in other pages, a comment never closed, characters HTML gives a meaning to.
HOSTILE_NOTES = {
    "script": ("<script>alert('x')</script>", "<script>"),
    "onerror": ('<img src=x onerror="alert(1)">', "onerror"),
    "iframe": ('<iframe src="http://evil.example/"></iframe>', "<iframe"),
    "style": ("<style>body{display:none}</style>", "<style>"),
    "link": ("[bấm](javascript:alert(1))", "javascript:"),
    "image": ("![ảnh](http://evil.example/x.png)", "evil.example"),
    "entities": ("Giá 5 < 6 & \"ngon\" 'rẻ'", None),
}


def _active(html: str) -> list[str]:
    """The markup in ``html`` that would run, hide, or fetch: such elements, ``on...`` attributes, links and
    sources that are scripts or other sites (text that only reads like them is fine)."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "iframe", "img", "object", "embed", "link", "meta", "base", "form"):
                found.append(tag)
            for k, v in attrs:
                if k.startswith("on") or (k in ("href", "src") and re.match(r"\s*(javascript:|https?:|//)", v or "")):
                    found.append(f"{tag} {k}={v}")

    Parser().feed(html)
    return found


@pytest.mark.parametrize("name", sorted(HOSTILE_NOTES))
def test_hostile_notes_are_shown_as_text_never_markup(tmp_path: Path, name: str):
    hostile, _ = HOSTILE_NOTES[name]
    f = tmp_path / "2026-H1.md"
    f.write_text(f"## Khó khăn, vướng mắc\n\nThiếu vốn {hostile} và giống.\n", encoding="utf-8")
    html = load_notes(f).block("Khó khăn, vướng mắc")._repr_html_()
    assert _active(html) == [], html
    assert "Thiếu vốn" in html and "và giống." in html
    if name in ("script", "iframe", "style", "entities", "onerror"):  # shown as the text it is
        assert hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in (
            html.replace("&#x27;", "'")
        )


@pytest.mark.parametrize(
    ("text", "shown", "hidden"),
    [
        ("a <!-- ghi chú riêng --> b", "a  b", "ghi chú riêng"),
        ("a\n<!--\n## Khó khăn\nnháp\n-->\nb", "a\n\nb", "nháp"),
        ("a <!-- chưa đóng\n\nbí mật\n## Đề xuất\nx", "a ", "bí mật"),
    ],
    ids=["inline", "block", "unclosed"],
)
def test_comments_are_dropped_an_unclosed_one_to_the_end(text: str, shown: str, hidden: str):
    from lkdata.report.notes import strip_comments

    out, unclosed = strip_comments(text)
    assert out == shown and hidden not in out
    assert (unclosed is not None) == (hidden == "bí mật")


def test_an_unclosed_comment_hides_the_rest_and_is_warned_of(tmp_path: Path):
    f = tmp_path / "2026-H1.md"
    f.write_text("## Khó khăn, vướng mắc\n\nthiếu vốn\n<!-- nháp\n\n## Đề xuất, kiến nghị\nbí mật\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"2026-H1.md: chú thích “<!--” ở dòng 4 không được đóng"):
        notes = load_notes(f)
    assert notes.sections == {"kho khan": "thiếu vốn"}


@pytest.mark.parametrize(
    ("heading", "used"),
    [("Ghi chú thử", False), ("Kết quả khác", True), ("III.9 Nhiệm vụ không có", False), ("Khó khăn", True),
     ("III.4 Chuyển giao kỹ thuật", True), ("Tóm tắt", False)],
)  # fmt: skip
def test_a_section_the_report_has_no_place_for_is_warned_of(tmp_path: Path, heading: str, used: bool):
    """A section whose heading the report does not use is never printed: it is said, with the headings to use."""
    import warnings

    f = tmp_path / "2026-H1.md"
    f.write_text(f"## Đề xuất, kiến nghị\n\nhỗ trợ vốn\n\n## {heading}\n\nđoạn viết\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_notes(f)
    said = " ".join(str(w.message) for w in caught)
    if used:
        assert "không có chỗ trong báo cáo" not in said
    else:
        assert f"mục “## {heading}” không có chỗ trong báo cáo" in said and "“## Đề xuất, kiến nghị”" in said


def test_names_from_the_data_in_narrative_are_text():
    from lkdata.report.html import Markdown

    name = "<script>alert(\"x\")</script> & 'Hợp Tác' <b>"
    html = Markdown(f"Có {name} tham gia *liên kết*.")._repr_html_()
    assert _active(html) == [] and "<b>" not in html and "<em>liên kết</em>" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'Hợp Tác' &lt;b&gt;" in html.replace("&#x27;", "'")


@pytest.mark.e2e
def test_hostile_notes_and_names_are_literal_text_in_the_html_and_the_pdf(tmp_path: Path):
    """Rendered as ``lkdata report`` renders (nbconvert's template, WeasyPrint): every word of the notes
    reaches the PDF (a ``<style>`` no longer blanks it), as text, and nothing is fetched."""
    import nbformat
    from pypdf import PdfReader

    from lkdata.jobs.render import render_html, render_pdf
    from lkdata.report.quality import QualityDocument

    notes_file = tmp_path / "2026-H1.md"
    body = " ".join(h for h, _ in HOSTILE_NOTES.values())
    notes_file.write_text(f"## Khó khăn, vướng mắc\n\nĐẦU {body} CUỐI\n\n<!-- nháp chưa đóng\nBÍ MẬT\n",
                          encoding="utf-8")  # fmt: skip
    with pytest.warns(UserWarning):
        notes = load_notes(notes_file)
    org = "<script>alert(1)</script> HTX \"Hợp Tác\" & 'Xanh'"
    unresolved = pd.DataFrame([{"Bộ dữ liệu": "producers", "Tệp": "producers/<i>a</i>.xlsx", "Trang tính": "KP1",
                                "Dòng": "5", "Trường": "HTX/THT tham gia", "Giá trị không khớp": org}])  # fmt: skip
    q = QualityDocument(H1, {}, {}, {"unresolved_references": unresolved}, {}, ["Khu phố 1"], Path("tra_lai"))
    outputs = [notes.block("Khó khăn, vướng mắc"), q.unresolved_table()]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", {"text/html": o._repr_html_()})])
        for o in outputs
    ])  # fmt: skip
    html = render_html(nb, "Thử")
    assert sorted(_active(html)) == ["meta", "meta", "meta", "style"]  # the page's own head only
    pdf = tmp_path / "x.pdf"
    render_pdf(html, pdf)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = re.sub(r"\s+", "", text)
    for literal in ("ĐẦU", "CUỐI", "<script>alert('x')</script>", "<style>body{display:none}</style>",
                    "onerror=\"alert(1)\"", "<iframe", "5<6&\"ngon\"'rẻ'", "producers/<i>a</i>.xlsx",
                    "<script>alert(1)</script>HTX\"HợpTác\"&'Xanh'"):  # fmt: skip
        assert re.sub(r"\s+", "", literal) in flat, literal
    assert "BÍ MẬT" not in text and "bấm" in text and "ảnh" in text  # a link or image: its words only


@pytest.mark.e2e
def test_the_pdf_keeps_the_charts_and_fetches_nothing_else(tmp_path: Path):
    import base64

    from pypdf import PdfReader

    from lkdata.jobs.render import render_pdf

    one_pixel = (
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    png = base64.b64encode(bytes.fromhex(one_pixel)).decode()
    outside = tmp_path / "outside.png"
    outside.write_bytes(base64.b64decode(png))
    html = (f'<html><body><p>x</p><img src="data:image/png;base64,{png}"><img src="{outside.as_uri()}">'
            '<img src="http://127.0.0.1:9/x.png"></body></html>')  # fmt: skip
    pdf = tmp_path / "x.pdf"
    render_pdf(html, pdf)
    images = [i for page in PdfReader(pdf).pages for i in page.images]
    assert len(images) == 1  # the inline chart; the file and the web address were not fetched


@pytest.mark.parametrize("khu_pho", ["Khu phố 1", "Khu phố 19"])
def test_a_brief_prints_the_ward_figures_as_the_report_does(report: ReportDocument, processed: Path, khu_pho):
    from lkdata.api import open_brief
    from lkdata.report.html import cell

    brief = open_brief("2026-H1", khu_pho, processed=processed)
    html = brief.comparison_table()._repr_html_()
    t = report.table.set_index("indicator")
    rows = re.findall(r"<tr>(.*?)</tr>", html)[1:]
    shown = [c.indicator for c in report.plan_data.report_table("brief")]
    ward = [re.findall(r">([^<]*)</td>", row)[-2] for row in rows]
    assert ward == [cell(t.at[k, "value"], t.at[k, "unit"]) for k in shown]  # 142,1 in both, never 142 in one
    silent = khu_pho == "Khu phố 19"  # sent nothing in the sample: no figure of its own, not zeros
    assert all(("chưa gửi số liệu" in row) == silent for row in rows)
    assert ("chưa gửi số liệu" in brief.crop_table()._repr_html_()) == silent


_A = '<a class="anchor-link" href="#a">¶</a>'
_CAPTION = '<p class="table-caption">'
LONE_WORDS = [  # (HTML, the same with its last two words joined)
    ("<h2>II. ĐÁNH GIÁ CHUNG</h2>", "<h2>II. ĐÁNH GIÁ\xa0CHUNG</h2>"),
    (f'<h3 id="a">1. Kết quả đạt được{_A}</h3>', f'<h3 id="a">1. Kết quả đạt\xa0được{_A}</h3>'),  # not the ¶ link
    ("<figcaption>Biểu đồ 2. Diện tích (ha)</figcaption>", "<figcaption>Biểu đồ 2. Diện tích\xa0(ha)</figcaption>"),
    (f"{_CAPTION}Bảng 3. Chuỗi <b>liên kết</b></p>", f"{_CAPTION}Bảng 3. Chuỗi <b>liên\xa0kết</b></p>"),
    ("<h4>Một</h4>", "<h4>Một</h4>"),  # one word: nothing to join
    ("<p>Đoạn văn thường không đổi</p>", "<p>Đoạn văn thường không đổi</p>"),  # body text wraps freely
]


@pytest.mark.parametrize(("html", "expected"), LONE_WORDS)
def test_no_heading_or_caption_ends_with_a_lone_word(html: str, expected: str):
    from lkdata.report.html import no_lone_last_word

    assert no_lone_last_word(html) == expected


def test_place_names_are_kept_on_one_line_in_text_never_in_markup():
    from lkdata.report.html import keep_names

    names = ["phường Long Khánh", "Long Khánh", "Khu phố 3", "tỉnh Đồng Nai", "Đồng Nai"]
    html = ('<style>p{font:"phường Long Khánh"}</style><p title="Khu phố 3">Ủy ban nhân dân phường  Long\nKhánh, '
            "khu phố 3, KHU PHỐ 30 và tỉnh Đồng Nai</p>")  # fmt: skip
    out = keep_names(html, names)
    assert "phường\xa0Long\xa0Khánh," in out and "khu\xa0phố\xa03," in out and "tỉnh\xa0Đồng\xa0Nai<" in out
    assert "KHU PHỐ 30" in out  # another khu phố's name, not this one's
    assert '<style>p{font:"phường Long Khánh"}</style>' in out and 'title="Khu phố 3"' in out
    assert keep_names(html, []) == html


@pytest.mark.parametrize(
    ("profile", "extra", "expected"),
    [
        (["Sở Nông nghiệp và Môi trường tỉnh;", "Lưu: VT."], ["Trung tâm Dịch vụ nông nghiệp khu vực 3"],
         ["Sở Nông nghiệp và Môi trường tỉnh;", "Trung tâm Dịch vụ nông nghiệp khu vực 3;", "Lưu: VT."]),
        (["Sở Nông nghiệp và Môi trường tỉnh;", "Lưu: VT."], ["so nong nghiep va moi truong tinh."],
         ["Sở Nông nghiệp và Môi trường tỉnh;", "Lưu: VT."]),  # already a recipient, written without diacritics
        (["CT, PCT UBND phường;"], ["Hội Nông dân phường;", "Hội Nông dân phường"],
         ["CT, PCT UBND phường;", "Hội Nông dân phường;"]),  # no archive line: added at the end, once
        ([], [], []),
    ],
)  # fmt: skip
def test_recipients_add_the_units_the_notes_list_before_the_archive(profile, extra, expected):
    from lkdata.report.decree30 import recipients

    assert recipients({"recipients": profile}, extra) == expected


def test_notes_list_recipients_one_per_line(tmp_path: Path):
    text = ("## Nơi nhận\n\n<!-- đơn vị -->\n- Trung tâm Dịch vụ nông nghiệp khu vực 3;\n* Hội Nông dân phường\n\n"
            "1. Công an phường;\n")  # fmt: skip
    assert load_notes_text(text, tmp_path).recipients() == [
        "Trung tâm Dịch vụ nông nghiệp khu vực 3;", "Hội Nông dân phường", "Công an phường;"]  # fmt: skip
    assert load_notes_text("## Nguyên nhân\n\nx\n", tmp_path).recipients() == []


def load_notes_text(text: str, folder: Path):
    from lkdata.report.notes import Notes

    return Notes.parse(text, folder / "2026.md")


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**bold**",
                                     "[link](javascript:alert(1))", "</td></tr>", "{F.x}", "${x}", "# Tiêu đề",
                                     "- gạch đầu dòng", "a_b_c `mã` ~~gạch~~ | ô |", "dòng\nhai"])  # fmt: skip
def test_data_text_in_narrative_prints_as_it_is(hostile: str):
    from lkdata.report.html import Literal, Markdown

    html = Markdown(f"Tên: {Literal(hostile)}.")._repr_html_()
    body = re.sub(r"^<section class=\"md\">\n<p>|</p>\n</section>$", "", html)
    assert body == esc_text(f"Tên: {hostile.replace(chr(10), ' ')}.")  # one paragraph, the characters as typed
    assert str(Literal(hostile)) == hostile


def esc_text(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _printed(text: str) -> float:
    from lkdata.report.annex import figure_value

    return float(figure_value(re.sub(r"<[^>]+>", "", text)) or 0)


def test_rounding_note_when_printed_rows_do_not_add_up_to_the_total():
    from lkdata.report.html import ROUNDING_NOTE, rounding_notes

    # 0,26 + 0,26 print 0,3 + 0,3 = 0,6, but the total of the unrounded figures, 0,52, prints 0,5
    body = [
        ["1", "Khu phố 1", "3", "0,3"],
        ["2", "Khu phố 2", "2", "0,3"],
        ["", "<b>Cộng</b>", "<b>5</b>", "<b>0,5</b>"],
    ]
    assert rounding_notes(body, range(2, 4)) == [ROUNDING_NOTE]
    body[-1][3] = "<b>0,6</b>"
    assert rounding_notes(body, range(2, 4)) == []
    # a row that sent nothing adds nothing; money in millions with thousands separators reads as printed
    body = [["1", "A", "1.250,4"], ["2", "B", "<i>chưa gửi số liệu</i>"], ["3", "C", "-"], ["", "Cộng", "1.250,4"]]
    assert rounding_notes(body, [2]) == []


def test_tables_with_a_total_say_when_rounding_makes_it_differ(report: ReportDocument):
    from lkdata.report.html import ROUNDING_NOTE

    for block in (report.khu_pho_table(), report.linkage_table(), report.support_table()):
        html = block._repr_html_()
        rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", html)]
        *parts, total = [r for r in rows if len(r) == len(rows[-1])]
        differs = any(
            round(sum(_printed(r[j]) for r in parts), 1) != round(_printed(total[j]), 1) for j in range(2, len(total))
        )
        assert (ROUNDING_NOTE in html) == differs, block.model["caption"]
        assert (block.model.get("notes") == [ROUNDING_NOTE]) == differs  # the Word copy and the annex read it
    # the sample's certified area by khu phố: the rows print 79,7 ha in all, the total of the figures 79,4
    html = report.khu_pho_table()._repr_html_()
    assert f'</table><p class="table-note">{ROUNDING_NOTE}</p>' in html
    assert "79,4" in html and report.facts.certified_area_ha.number == "79,4"  # the figure the narrative prints


def test_a_chart_draws_no_bar_for_a_group_with_nothing(report: ReportDocument):
    from lkdata.plan.indicators import breakdown

    # records whose standard is unknown make a group "(không rõ)" of 0 ha this year and last: no bar
    groups = breakdown("certified_area_ha", report.period, report.tables, by="gap_standard", plan=report.plan_data)
    unknown = groups[groups["gap_standard"] == "(không rõ)"]
    assert len(unknown) == 1 and (unknown[["value", "previous"]] == 0).all(axis=None)
    chart = report.certified_area_chart().model["chart"]
    assert "(không rõ)" not in chart["categories"] and len(chart["categories"]) == len(groups) - 1
    # a linkage with no crop written still has its area: its group is drawn
    from lkdata.plan.selections import linkages_running

    tables = dict(report.tables)
    running = linkages_running(tables, report.period) & tables["linkages"]["area_ha"].fillna(0).gt(0).to_numpy()
    tables["linkages"] = tables["linkages"].copy()
    tables["linkages"].loc[tables["linkages"].index[running][0], "crop"] = pd.NA
    from lkdata.report.figures import linked_area_chart
    from lkdata.report.html import Captions

    drawn = linked_area_chart(report.period, tables, report.plan_data, Captions()).model["chart"]
    at = drawn["categories"].index("(không rõ)")
    assert drawn["series"][0][1][at] > 0  # this year's area of the linkage with no crop


def test_the_annual_first_half_says_it_is_recomputed(processed: Path):
    annual = open_report("2026", processed=processed).year_table()
    note = (
        "Ghi chú: Số liệu 6 tháng đầu năm (đến 30/6/2026) được tính lại từ dữ liệu cập nhật đến ngày 10/11/2026, "
        "nên có thể khác số liệu trong báo cáo 6 tháng đầu năm 2026 đã gửi (số liệu đến ngày 05/5/2026)."
    )
    assert annual.model["notes"] == [note] and f'<p class="table-note">{note}</p>' in annual._repr_html_()
