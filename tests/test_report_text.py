"""The text of the rendered sample reports (six-month and annual), read as the ward leader who signs them:
no "0 dự án" nor "giảm 100,0%", every "Bảng N" a sentence names exists, the sections of a report of
results are there (chỉ đạo, tồn tại, khó khăn, nguyên nhân khách quan / chủ quan, the plan items III.1,
III.4, III.6, III.7), Vietnamese quotation marks, judgements that follow the figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from lkdata.vn.fmt import fmt_number

pytestmark = pytest.mark.e2e
PERIODS = ("2026-H1", "2026")
#: Twenty days in January: most of the period's figures are zero, last year's often not.
QUIET = "2026-01-01:2026-01-20"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _html_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return _flat(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " "))


@pytest.fixture(scope="module")
def texts(copy_project) -> dict[str, dict[str, str]]:
    """The HTML and PDF text of both sample reports (made once for this module)."""
    project = copy_project("report_text")
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "report", *PERIODS, "-q", "--formats", "html,pdf"],
                       capture_output=True, text=True, encoding="utf-8", env=env)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr

    def run(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "lkdata.cli", "report", *args, "-q", "--formats", "html"],
                              capture_output=True, text=True, encoding="utf-8", env=env)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr

    run("2026-H1", "--briefs", "--khu-pho", "Khu phố 1")
    run(QUIET)
    brief = project / "reports" / "2026-H1" / "briefs" / "tom_tat_khu_pho_1_2026-H1.html"
    slug = QUIET.replace(":", "_")
    quiet = (project / "reports" / slug / f"bao_cao_{slug}.html").read_text(encoding="utf-8")
    out = {"brief": {"html": _html_text(brief.read_text(encoding="utf-8"))}, "quiet": {"raw": quiet}}
    for period in PERIODS:
        folder = project / "reports" / period
        html = (folder / f"bao_cao_{period}.html").read_text(encoding="utf-8")
        pages = [p.extract_text() for p in PdfReader(folder / f"bao_cao_{period}.pdf").pages]
        out[period] = {
            "html": _html_text(html),
            "pdf": " ".join(_flat(p) for p in pages),
            "pdf_lines": unicodedata.normalize("NFC", "\n".join(pages)),
            "raw": html,
            "processed": str(project / "data" / "processed"),
        }
    return out


def _narrative(raw_html: str) -> str:
    """The document's sentences: the HTML without its tables and charts."""
    body = re.sub(r"<style.*?</style>|<table.*?</table>|<figure.*?</figure>", " ", raw_html, flags=re.S)
    return _html_text(body)


@pytest.mark.parametrize("period", PERIODS)
def test_no_zero_figure_and_no_fall_of_a_hundred_percent(texts, period: str):
    narrative = _narrative(texts[period]["raw"])
    zero = r"(?<![\d,.])0 (dự án|sản phẩm|lớp|lượt|cuộc|chuỗi|hộ|HTX|đồng|tin|chỉ tiêu)"
    assert not re.search(zero, narrative), period
    assert "giảm 100,0%" not in narrative
    assert not re.search(r"\b0 sản phẩm \d sao", texts[period]["pdf"])


def test_a_quiet_period_reads_chua_co_and_never_zero(texts):
    narrative = _narrative(texts["quiet"]["raw"])
    assert not re.search(r"(?<![\d,.])0 (dự án|sản phẩm|lớp|lượt|cuộc|chuỗi|hộ|HTX|đồng|tin|lần)", narrative)
    for never in ("giảm 100,0%", "đạt 0,0%", "0 sản phẩm 5 sao"):
        assert never not in narrative, never
    assert narrative.count("chưa ") >= 5  # the zero figures said in words
    assert "(cùng kỳ: 01 lượt)" in narrative  # e-commerce help: none now, one a year ago


def test_a_brief_never_says_the_khu_pho_held_zero_classes(texts):
    brief = texts["brief"]["html"]
    assert "Trong kỳ, khu phố chưa tổ chức lớp tập huấn" in brief  # the sample's classes are ward-wide
    assert not re.search(r"tổ chức 0 lớp|với 0 lượt", brief)
    assert re.search(r"Khu phố 1 có \d+ hộ sản xuất nông nghiệp", brief)


def test_a_period_without_approvals_says_so_with_last_years_figures(texts):
    h1 = texts["2026-H1"]
    said = "Trong kỳ chưa có dự án liên kết được cấp có thẩm quyền phê duyệt hỗ trợ (cùng kỳ: 01 dự án, 80 triệu đồng)."
    assert said in h1["html"] and said in h1["pdf"]
    assert "03 sản phẩm 3 sao và 02 sản phẩm 4 sao" in h1["html"]  # the 5-star figure, zero, left out


@pytest.mark.parametrize("period", PERIODS)
def test_every_table_a_sentence_names_exists(texts, period: str):
    text = texts[period]["html"]
    captions = set(re.findall(r"Bảng (\d+)\. ", text))
    named = re.findall(r"(?<![\w.])Bảng (\d+) (?!\.)", text)
    assert named, "no sentence names a table"
    for n in named:
        assert n in captions, f"Bảng {n}"
    assert sorted(map(int, captions)) == list(range(1, len(captions) + 1))  # numbered in order, none skipped
    assert "bảng dưới đây" not in text.lower()


@pytest.mark.parametrize("period", PERIODS)
def test_the_sections_of_a_report_of_results(texts, period: str):
    for kind in ("html", "pdf"):
        text = texts[period][kind]
        order = ["I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "Ngày 02/4/2026, Ủy ban nhân dân phường Long Khánh ban hành Kế "
                 "hoạch số 1327/KH-UBND", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG", "1. Kết quả đạt được",
                 "2. Tồn tại, hạn chế", "3. Khó khăn, vướng mắc", "4. Nguyên nhân", "a) Nguyên nhân khách quan",
                 "b) Nguyên nhân chủ quan", "IV. NHIỆM VỤ, GIẢI PHÁP", "V. ĐỀ XUẤT, KIẾN NGHỊ"]  # fmt: skip
        at = [text.find(h) for h in order]
        assert all(i >= 0 for i in at), [h for h, i in zip(order, at, strict=True) if i < 0]
        assert at == sorted(at), kind
        # the plan items that had no figure: from the notes file, each in its own place
        for words in ("Công văn số 512/UBND-KT", "được lồng ghép tại hội nghị sơ kết quý I",
                      "theo yêu cầu của đối tác", "vùng nguyên liệu riêng", "Hội đồng thẩm định dự án",
                      "các bên cơ bản thực hiện đúng hợp đồng"):  # fmt: skip
            assert words in text, (kind, words)
        assert "[Chưa có nội dung" not in text


@pytest.mark.parametrize("period", PERIODS)
def test_achievements_are_named_and_lists_with_commas_use_semicolons(texts, period: str):
    text = texts[period]["html"]
    import lkdata
    from lkdata.vn.text import fold

    figures = lkdata.indicators(period, processed=texts[period]["processed"])
    reached = figures[figures["attainment_pct"] >= 100]
    if reached.empty:  # none met yet (the six-month report of the sample): said so, never "0 chỉ tiêu"
        assert "chưa có chỉ tiêu nào đạt kế hoạch năm" in text, period
    else:
        met = re.search(r"chỉ tiêu đã đạt hoặc vượt kế hoạch năm: (.*?); \d+ chỉ tiêu đạt từ 50%", text)
        assert met, period
        for label in reached["label"]:  # each target met is named (its label's first words)
            assert fold(" ".join(label.split()[:3])) in fold(met.group(1)), (period, label)
        assert "chỉ tiêu năm" not in met.group(0)  # no "chỉ tiêu ... chỉ tiêu năm"
    assert re.search(r"Tăng nhiều nhất là [^.]*\([^()]*, tăng [\d,]+%\)", text)
    assert "(cần tập trung trong thời gian tới: " in text
    focus = re.search(r"cần tập trung trong thời gian tới: ([^)]*)\)", text).group(1)
    assert "lượt tham gia hội chợ, triển lãm" in focus and "; " in focus  # an item with a comma: semicolons
    assert ", lượt tham gia hội chợ" not in focus


@pytest.mark.parametrize("period", PERIODS)
def test_vietnamese_quotation_marks_and_counts_as_the_office_writes_them(texts, period: str):
    narrative = _narrative(texts[period]["raw"])
    assert "«" not in narrative and "»" not in narrative
    assert "“Ước đến" in narrative or period == "2026"
    assert re.search(r"\b0\d lớp tập huấn", narrative)  # the profile's leading zero on a count under ten
    assert not re.search(r"\b0\d(,\d)? ha\b", narrative) and not re.search(r"\b0\d(,\d+)?%", narrative)
    assert not re.search(r"\b0\d(,\d+)? (triệu|tỷ) đồng", narrative)


def test_judgements_follow_the_figures(texts):
    year = texts["2026"]["html"]
    # broadcasts fell (04 to 01 in the sample's year), news items too, meetings as last year: not "maintained"; the
    # judgement is short, and each figure says its own change
    assert "Công tác tuyên truyền tiếp tục được thực hiện, song kết quả chưa đồng đều: tổ chức 03 cuộc" in year
    assert re.search(r"phát 01 lần trên hệ thống truyền thanh của phường \(giảm 75,0% so với cùng kỳ\)", year)
    assert "Công tác tuyên truyền được duy trì" not in year and "riêng lần phát thanh" not in year
    h1 = texts["2026-H1"]["html"]
    assert "phối hợp với Sở Nông nghiệp và Môi trường và các đơn vị tổ chức" not in h1
    organisers = re.search(r"\), trong đó (.*?)\. Các lớp có", h1).group(1)
    assert "Trung tâm Dịch vụ tổng hợp phường" in organisers  # from the activities' organiser field
    # each organiser's count is that of the figure's own trainings (its rows), and they add up to the figure
    import pandas as pd

    import lkdata

    processed = texts["2026-H1"]["processed"]
    courses = lkdata.explain("training_courses", "2026-H1", processed=processed)
    held = pd.read_parquet(Path(processed) / "activities.parquet").set_index("activity_id")
    by_organiser = held.loc[courses.rows["record_id"], "organiser"].value_counts()
    said = {name.removesuffix(" tổ chức"): int(n)
            for name, n in re.findall(r"(?:^|[,;] )(.+?) (\d+) lớp", organisers)}  # fmt: skip
    assert said == by_organiser.to_dict() and sum(said.values()) == courses.total, (said, by_organiser)


def test_the_notes_template_the_office_receives(copy_project):
    project = copy_project("template_notes")
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    out = project / "reports" / "mau"
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "template", "--out", str(out)], capture_output=True,
                       text=True, encoding="utf-8", env=env)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    text = Path(out / "ghi_chu_mau.md").read_text(encoding="utf-8")
    for heading in ("## Công tác chỉ đạo, triển khai", "## Tồn tại, hạn chế", "## Khó khăn, vướng mắc",
                    "## Nguyên nhân khách quan", "## Nguyên nhân chủ quan", "## Vùng nguyên liệu",
                    "## Kết quả kiểm tra, giám sát"):  # fmt: skip
        assert heading in text
    assert "ghi_chu_mau.md" in r.stdout


# -- the narrative's wording (issue 17, "Text an official would write") ---------------------------------------


def _sentences(raw_html: str) -> str:
    """The narrative before the appendix, without the draft banner (the template's, not a sentence)."""
    text = _narrative(raw_html)
    text = text[: text.index("GIẢI THÍCH SỐ LIỆU")] if "GIẢI THÍCH SỐ LIỆU" in text else text
    return re.sub(r"Tài liệu còn \d+ nội dung chưa có[^.]*\.", " ", text)


#: A lone digit that is not a count: a period's name (``6 tháng``), an OCOP class (``3 sao``), a unit's name
#: (``khu vực 3``), a quarter (``quý 1``).
NOT_A_COUNT = (r"\d tháng", r"\d sao", r"khu vực \d", r"quý \d", r"Bảng \d", r"Biểu đồ \d")


@pytest.mark.parametrize("period", PERIODS)
def test_every_count_under_ten_in_the_narrative_takes_the_profiles_leading_zero(texts, period: str):
    """The sample's ward.yaml writes counts under ten with a leading zero (``so_dem_hai_chu_so: true``): every
    lone digit of the narrative is such a count unless it is a name or a class (``NOT_A_COUNT``)."""
    text = _sentences(texts[period]["raw"])
    lone = r"(?<![\w.,/:%-])[1-9](?![\w.,/%:-])"
    escaped = []
    for m in re.finditer(lone, text):
        around = text[max(0, m.start() - 12) : m.end() + 7]
        if not any(re.search(p, around, re.I) for p in NOT_A_COUNT):
            escaped.append(around)
    assert not escaped, (period, escaped)
    assert re.search(r"Có 0\d hộ có chứng nhận hết hạn", text)  # the office-list sentence, 7 and 6 in the sample


@pytest.mark.parametrize("period", PERIODS)
def test_the_comparison_with_last_year_counts_every_figure_with_a_last_year(texts, period: str):
    """Recomputed from the indicator table: every indicator with both this period's and last year's figure is
    compared (0 -> 1 is a rise), each rises, falls or stays; with those without a last year, that is all of them."""
    import lkdata

    t = lkdata.indicators(period, processed=texts[period]["processed"])
    both = t[t["value"].notna() & t["previous"].notna()]
    up, down = int((both["value"] > both["previous"]).sum()), int((both["value"] < both["previous"]).sum())
    same = len(both) - up - down
    none = int(t["previous"].isna().sum())
    assert len(both) + none == len(t)

    def n(k: int) -> str:
        return f"{k:02d}" if k < 10 else str(k)

    said = (f"trong {n(len(both))} chỉ tiêu có số liệu cùng kỳ có {n(up)} chỉ tiêu tăng, {n(down)} chỉ tiêu giảm và "
            f"{n(same)} chỉ tiêu không đổi ({n(none)} chỉ tiêu chưa có số liệu cùng kỳ nên không so sánh)")  # fmt: skip
    assert said in texts[period]["html"], period
    assert said in texts[period]["pdf"], period
    if period == "2026-H1":  # the reviewer's count: 45 with a last year; HTX, THT giải thể 0 -> 1 is a rise
        assert len(both) == 45 and same == 11 and up == 21


@pytest.mark.parametrize("period", PERIODS)
def test_a_figure_named_after_its_label_has_its_unit_and_one_bracket(texts, period: str):
    text = _sentences(texts[period]["raw"])
    assert ") (" not in text, period  # never two brackets in a row
    ranked = re.findall(r"(?:Tăng|Giảm) nhiều nhất là ([^.]*)\.", text)
    assert len(ranked) == 2, period
    for item in re.split(r"; | và ", "; ".join(ranked)):
        if "(" in item:  # each item: "<label> (<figure> <unit>, tăng x%)" or "(trong kỳ chưa có, cùng kỳ ...)"
            inside = item[item.index("(") + 1 :]
            assert re.match(r"([\d.,]+ \S+.*, (tăng|giảm) [\d,]+%|trong kỳ chưa có, cùng kỳ [\d.,]+ \S+)", inside), item
    assert not re.search(r"[a-zà-ỹ] \d{1,3} \((tăng|giảm)", text)  # a bare number after a label
    assert "theo NĐ 98/2018, NQ 143/2018" in texts[period]["html"]


@pytest.mark.parametrize("period", PERIODS)
def test_units_reported_credit_and_organisers_read_as_an_official_writes(texts, period: str):
    text = _sentences(texts[period]["raw"])
    assert re.search(r"0\d trong số 0\d cơ quan, đơn vị đã báo cáo", text)
    assert not re.search(r"\d+/\d+ cơ quan", text)  # never "04/09", which reads as a date
    assert "tiếp cận được vốn tín dụng" in text and "được hỗ trợ tiếp cận vốn" not in text
    assert "đơn vị chủ trì:" not in text
    import lkdata

    t = lkdata.indicators(period, processed=texts[period]["processed"]).set_index("indicator")
    for what, fact in (("hội thảo, lớp chuyển giao tiến bộ kỹ thuật được tổ chức", "technical_events"),
                       ("kiểm tra, giám sát việc thực hiện các mô hình liên kết", "inspections")):  # fmt: skip
        sentence = re.search(rf"Trong kỳ, trên địa bàn phường có \d+ cuộc {what}[^:]*: ([^.]*)\.", text)
        assert sentence, (period, what)
        clauses = re.findall(r"(?:^|; | và )([^;]+?) chủ trì (\d+) cuộc", sentence.group(1))
        assert clauses and all(not c[0].startswith("Phường") for c in clauses)  # the organiser is the subject
        assert sum(int(c[1]) for c in clauses) == t.loc[fact, "value"], (period, clauses)


def test_the_trend_chart_and_table_say_the_same_years(texts):
    pdf = texts["2026"]["pdf"]
    assert "Bảng 13. Một số chỉ tiêu chủ yếu qua các năm" in pdf
    assert re.search(r"Biểu đồ \d+\. Diện tích liên kết qua các năm \(ha\)", pdf)
    assert "qua các kỳ" not in pdf


def _products(raw_html: str) -> dict[str, str]:
    """The rendered table of linkages by product: product (lower case) -> its area cell."""
    table = re.search(r"Chuỗi liên kết đang thực hiện theo sản phẩm.*?<tbody>(.*?)</tbody>", raw_html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]
    return {c[1].lower(): c[4] for c in cells if "Cộng" not in c[1]}  # cell text (a kept term is in a span)


@pytest.mark.parametrize("period", PERIODS)
def test_the_sample_notes_name_only_chains_and_crops_the_sample_has(texts, root, period: str):
    """Every crop the sample notes name (any crop of the catalogue, by name) is a product of a linkage of the
    report's own table of linkages by product."""
    import pandas as pd

    notes = (root / "data" / "raw" / "notes" / f"{period}.md").read_text(encoding="utf-8").lower()
    assert notes == (root / "lkdata" / "sample_notes" / f"{period}.md").read_text(encoding="utf-8").lower()
    crops = pd.read_csv(root / "lkdata" / "reference" / "crops.csv")["name"].str.lower()
    named = {c for c in crops if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", notes)}
    products = _products(texts[period]["raw"])
    assert named, period
    assert named <= set(products), (period, named - set(products))


def test_the_sample_notes_judgements_agree_with_the_figures(texts, root):
    """What the sample notes judge is what the figures say: the indicators they call low are among those the
    report finds below half the year's target; the chains they call maintained kept their area over the year;
    what they call grown on last year grew."""
    import lkdata

    def figures(period: str):
        return lkdata.indicators(period, processed=texts[period]["processed"]).set_index("indicator")

    def notes(period: str) -> str:
        return _flat((root / "data" / "raw" / "notes" / f"{period}.md").read_text(encoding="utf-8"))

    low = {  # the notes' words -> the indicator they name
        "lớp tập huấn": "training_courses", "hội chợ, triển lãm": "fairs", "kiểm tra, giám sát": "inspections",
        "dự án liên kết được phê duyệt hỗ trợ": "linkages_approved", "diện tích có chứng nhận": "certified_area_ha",
    }  # fmt: skip
    h1 = figures("2026-H1")
    claim = "Số lớp tập huấn, lượt tham gia hội chợ, triển lãm và số cuộc kiểm tra, giám sát còn thấp so với kế hoạch"
    assert claim in notes("2026-H1")
    for words in ("lớp tập huấn", "hội chợ, triển lãm", "kiểm tra, giám sát"):
        assert h1.loc[low[words], "attainment_pct"] < 50, words
    year = figures("2026")
    claim = re.search(r"còn đạt thấp, nhất là (.*?) \(đạt dưới 50% chỉ tiêu năm\); số cuộc kiểm tra, giám sát mới đạt "
                      r"một nửa chỉ tiêu năm", notes("2026"))  # fmt: skip
    assert claim
    below = {i for i in year.index if year.loc[i, "attainment_pct"] < 50}
    named = {ind for words, ind in low.items() if words in claim.group(1)}
    assert named == below, (named, below)  # the weakest, all of them, and nothing stronger
    assert year.loc["inspections", "attainment_pct"] == 50
    assert "nhất là số lớp tập huấn" not in notes("2026")  # training is at 75% of its target
    # "Số chuỗi liên kết đang thực hiện và diện tích liên kết tăng so với cùng kỳ năm 2025"
    assert "Số chuỗi liên kết đang thực hiện và diện tích liên kết tăng so với cùng kỳ năm 2025" in notes("2026")
    for ind in ("linkages_active", "linkage_area_ha"):
        assert year.loc[ind, "value"] > year.loc[ind, "previous"]
        assert year.loc[ind, "value"] < h1.loc[ind, "value"]  # "giảm nhẹ so với 6 tháng đầu năm"
    said = re.search(r"các chuỗi liên kết ([^.;]*?) với doanh nghiệp thu mua được duy trì ổn định", notes("2026"))
    assert said
    before, after = _products(texts["2026-H1"]["raw"]), _products(texts["2026"]["raw"])
    for product in re.split(r", | và ", said.group(1)):
        assert before[product] == after[product], product  # the same area at both cut-offs
    assert "chôm chôm" not in notes("2026") + notes("2026-H1")


# --- the wording an official signs (the appendix "Giải thích số liệu" and the body) ---------------------------


def _appendix(texts, period: str) -> str:
    html = texts[period]["html"]
    return html[html.index("GIẢI THÍCH SỐ LIỆU") :]


def _entry(appendix: str, label: str) -> str:
    """One indicator's explanation in the appendix, from its numbered title to the next one."""
    found = re.search(rf"\d+\. {re.escape(label)} \(.*?(?= \d+\. [A-ZĐ]| Nhiệm vụ |$)", appendix)
    assert found, label
    return found.group(0)


@pytest.mark.parametrize("period", PERIODS)
def test_the_appendix_counts_cooperatives_in_chains_as_what_they_are(texts, period: str):
    """The cooperatives in chains: so many cooperatives' places in so many chains, so many distinct
    cooperatives, from the data; never "12 liên kết" when the report has 10 chains in operation."""
    import lkdata

    processed = texts[period]["processed"]
    members = lkdata.explain("linkage_cooperatives", period, processed=processed)
    rows, chains = len(members.rows), members.rows["record_id"].nunique()
    running = lkdata.explain("linkages_active", period, processed=processed).total
    appendix = _appendix(texts, period)
    entry = _entry(appendix, "HTX/THT tham gia liên kết")
    said = (
        f"Số liệu gồm {rows} lượt HTX/THT tham gia trong {chains} liên kết, là {int(members.total)} HTX/THT khác nhau."
    )
    assert said in entry, entry
    assert chains <= running and rows > chains  # the rows are places of cooperatives, not chains
    assert not re.search(r"Số liệu gồm \d+ liên kết, cộng \d+ HTX/THT", appendix)
    codes = _entry(appendix, "Mã số vùng trồng")
    coded = lkdata.explain("growing_area_codes", period, processed=processed)
    distinct, plots = fmt_number(int(coded.total)), fmt_number(len(coded.rows))
    assert f"Số liệu gồm {distinct} mã khác nhau, ghi ở {plots} thửa." in codes, codes
    assert coded.total == coded.rows["item"].nunique() < len(coded.rows)  # several plots share a code
    assert "cộng" not in re.sub(r"Cách tính: cộng", "", codes)


@pytest.mark.parametrize("period", PERIODS)
def test_the_rule_of_a_chain_in_operation_is_said_once_and_as_counted(texts, period: str):
    """A chain without an end date runs on (the rule counts it); only one whose status says it has ended and
    gives no end date is left out: the appendix never also says an empty end date is not counted."""
    appendix = _appendix(texts, period)
    assert "không ghi ngày kết thúc là còn thực hiện" in appendix
    assert "chưa ghi “ngày kết thúc” được xem là chưa rõ" not in appendix
    assert not re.search(r"(Liên kết|HTX/THT) chưa ghi “ngày kết thúc”", appendix)
    assert "“ngày kết thúc”, " not in appendix
    for label in ("Chuỗi liên kết đang thực hiện", "Lượt hộ tham gia liên kết", "Diện tích liên kết"):
        assert "iên kết ghi tình trạng đã kết thúc mà chưa ghi “ngày kết thúc” thì chưa rõ ngày kết thúc nên không " \
               "được tính" in _entry(appendix, label), label  # fmt: skip
    members = _entry(appendix, "HTX/THT tham gia liên kết")
    assert "HTX/THT của liên kết ghi tình trạng đã kết thúc mà chưa ghi “ngày kết thúc”" in members


@pytest.mark.parametrize("period", PERIODS)
def test_no_spreadsheet_words_nor_raw_labels_in_what_is_signed(texts, period: str):
    html = texts[period]["html"]
    appendix = _appendix(texts, period)
    for words in ("bản ghi", "một giá trị ghi ở nhiều dòng", "một dòng", "không có bản ghi", "thuộc loại bất kỳ",
                  "làm tròn nửa lên", "“mã HTX/THT”", "“mã hộ”", "lưu qua các lần làm sạch", "loại HTX hoặc THT",
                  "“hội chợ triển lãm”", "“kiểm tra giám sát”", "“sơ kết tổng kết”", "“tin bài”",
                  "“nhân rộng mô hình”", "“hỗ trợ liên kết”", "đăng ký, vẫn", "thành lập, vẫn", "cộng 133 mã",
                  "đang hoạt động, còn hiệu lực"):  # fmt: skip
        assert words not in html, words
    for words in ("“hội chợ, triển lãm”", "“kiểm tra, giám sát”", "“sơ kết, tổng kết”", "“tin, bài”",
                  "Được tính: tất cả các hoạt động tổ chức từ ngày", "Được tính: các HTX, THT còn hoạt động đến ngày",
                  "Số liệu được làm tròn đến một chữ số thập phân (156,25 ghi là 156,3)",
                  "số trường hợp được tính", "Riêng hộ chưa có ngày đăng ký vẫn được tính"):  # fmt: skip
        assert words in appendix, words
    assert "Trong kỳ không phát sinh." in appendix or period == "2026"
    if period == "2026":
        assert "đã được lưu trữ." in html


@pytest.mark.parametrize("period", PERIODS)
def test_last_years_undated_values_are_read_on_one_day_said_alike_everywhere(texts, period: str):
    """The opening, the conventions and each entry name one day for last year's undated values: the day last
    year's report was due (the history's reference day), never "bản còn hiệu lực"."""
    from lkdata.io.reference import load_reference
    from lkdata.plan.history import reference_day
    from lkdata.plan.periods import parse_period
    from lkdata.vn.fmt import fmt_date

    prev = parse_period(period, load_reference().ward).previous()
    assert reference_day(prev) > prev.cutoff  # the sample's profile: due days after the cut-off
    day = f"đến hết ngày {fmt_date(reference_day(prev))} (hạn gửi báo cáo cùng kỳ năm {prev.year})"
    html, appendix = texts[period]["html"], _appendix(texts, period)
    opening = html[: html.index("II. KẾT QUẢ THỰC HIỆN")]
    assert f"do chưa lưu trữ số liệu các thông tin này {day}" in opening
    assert f"lấy theo số liệu đã lưu trữ {day}; chưa lưu trữ số liệu đến ngày đó thì ghi “chưa có số liệu”" in appendix
    assert "bản còn hiệu lực ngày" not in html and "tại thời điểm cùng kỳ" not in html
    assert appendix.count(day) == 1 + len(re.findall(r"không ghi ngày nên lấy theo", appendix))


@pytest.mark.parametrize("period", PERIODS)
def test_units_chart_and_table_words(texts, period: str):
    html = texts[period]["html"]
    assert "Cơ quan, đơn vị cấp trên và đơn vị khác" in html and "chưa rõ đơn vị" not in html
    assert "hoạt động của kế hoạch" not in html  # the plan may be issued after January: the year's activities
    if period == "2026":
        assert re.search(r"Biểu đồ \d+\. Số hoạt động thực hiện nhiệm vụ năm 2026 theo tháng", html)
    assert "Kinh phí đã chi cho các hoạt động thực hiện nhiệm vụ" in html


@pytest.mark.parametrize("period", PERIODS)
def test_the_body_reads_as_an_official_writes(texts, period: str):
    html = texts[period]["html"]
    assert "Sau khi ban hành Kế hoạch, Ủy ban nhân dân phường đã có Công văn số" in html
    assert "Kế hoạch được ban hành, Ủy ban nhân dân phường ban hành" not in html
    assert re.search(r"tập huấn [^.]*\), trong đó [^.;]+ tổ chức \d+ lớp(; [^.;]+ \d+ lớp)*\.", html)
    assert "các lớp do" not in html and "(01 lớp)" not in html
    assert "thuộc đối tượng khác" in html and "không ghi đối tượng" not in html
    assert re.search(r"Bảng \d+\. Kinh phí thực hiện", html) and "Kết quả kinh phí thực hiện" not in html
    if period == "2026-H1":
        assert "Đề nghị Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh sớm ban hành nghị quyết thay thế" in html


@pytest.mark.parametrize("period", PERIODS)
def test_no_line_of_the_pdf_ends_inside_a_documents_number(texts, period: str):
    """``Nghị quyết số 143/2018/NQ-HĐND`` whole on its line: a line ending inside a number shows in the PDF's text
    as a line break (a space in the flattened text) after its hyphen or a slash: ``143/2018/NQ- HĐND``."""
    from lkdata.report.keep import DOC_NUMBER

    torn = r"\d+/(?:\d{4}/)?(?:[A-ZĐ]+-)*[A-ZĐ]+-\s+[A-ZĐ]+|\d+/\d{4}/\s+[A-ZĐ]+|\d+/\s+\d{4}/[A-ZĐ]"
    for text in (texts[period]["pdf"], texts[period]["pdf_lines"]):
        assert not re.findall(torn, text), re.findall(torn, text)
    numbers = {m.group(0) for m in DOC_NUMBER.finditer(texts[period]["html"])}
    assert {"143/2018/NQ-HĐND", "1327/KH-UBND", "512/UBND-KT"} <= numbers, numbers
    lines = texts[period]["pdf_lines"].splitlines()
    for number in numbers:  # each number the document holds is whole on a line of the PDF, wherever it is
        said = texts[period]["pdf"].count(number)
        assert said == sum(line.count(number) for line in lines) and said, number
