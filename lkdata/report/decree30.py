"""The blocks of an administrative document under Decree 30/2020/NĐ-CP: the header (issuing body and
national motto, number, place and date, title, summary), the footer (``Nơi nhận`` and the signature
block) and the banner of a document made from the synthetic sample.

Their HTML lives in Jinja templates under ``lkdata/templates/blocks`` (read as package resources).
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from functools import cache

from markupsafe import Markup

from ..plan.periods import Period
from ..vn.fmt import fmt_date_long
from ..vn.text import fold
from .html import PLACEHOLDER_MIME, Block, esc, template_env

__all__ = ["BLANK", "DRAFT_MARK", "MOTTO", "NATIONAL_TITLE", "SAMPLE_BANNER", "SIGNER_NAME", "Footer", "blank_date",
           "footer_block", "header_block", "kept_spaces", "recipients", "render", "report_number", "report_year",
           "sample_banner", "signer_todo", "unbroken"]  # fmt: skip

#: Printed on every page of a report made from the synthetic sample.
SAMPLE_BANNER = "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức"
#: What every page (and every sheet) of a document that still holds a placeholder says: not the copy to sign.
DRAFT_MARK = "DỰ THẢO"
#: The national title and motto of the header block (Decree 30, Appendix I).
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
#: What the signature block prints where the profile gives no signer's name: the document stays a draft.
SIGNER_NAME = "[Họ và tên người ký]"


#: Room left blank for the office to write by hand: six no-break spaces, as ``Số:      /BC-UBND`` (the ward
#: profile's number) and the date of ``header.html.j2`` leave it, in the PDF and the Word copy alike.
BLANK = "\u00a0" * 6


def report_number(ward: dict) -> str:
    """The report's number as the ward profile writes it (``Số:      /BC-UBND``: room for the number written
    by hand), for the header and whatever is attached to the report."""
    return str(ward.get("report_number", "Số:      /BC-UBND"))


def report_year(period: Period) -> int:
    """The year the report is dated: its period's due date's (an annual report of 2026 is dated 2026)."""
    return period.due.year if period.due else period.year


def blank_date(year: int | str) -> str:
    """The date for the office to fill in, as the header prints it: ``ngày      tháng      năm 2026``."""
    return f"ngày{BLANK}tháng{BLANK}năm {year}"


def kept_spaces(text: object) -> str:
    """Runs of two spaces kept as no-break spaces: the room in ``Số:      /BC-UBND`` is not collapsed."""
    return str(text).replace("  ", "\u00a0\u00a0")


def unbroken(text: str, part: str) -> str:
    """``text`` with ``part`` (the ward's name) kept on one line, and a number never parted from the word it
    counts (``6 tháng``): no-break spaces."""
    kept = text.replace(part, part.replace(" ", "\u00a0")) if part else text
    return re.sub(r"(?<![\d.,])(\d+) (?=\w)", "\\1\u00a0", kept)


def _keep_spaces(text: object) -> Markup:
    """Runs of two spaces kept (``Số:      /BC-UBND``: room for the number written by hand)."""
    return Markup(esc(text).replace("  ", "&nbsp;&nbsp;"))


def _unbroken(text: object, part: str) -> Markup:
    """``part`` of ``text`` kept on one line (the ward's name in the summary), and a number never parted from
    the word it counts ("6 tháng" is not split across two lines)."""
    kept = esc(text).replace(esc(part), esc(part).replace(" ", "&nbsp;"))
    return Markup(re.sub(r"(?<![\d.,])(\d+) (?=\w)", r"\1&nbsp;", kept))


@cache
def _env():
    env = template_env("blocks")
    env.filters.update(keep_spaces=_keep_spaces, unbroken=_unbroken)
    env.globals.update(banner=SAMPLE_BANNER, national_title=NATIONAL_TITLE, motto=MOTTO)
    return env


def render(template: str, **context) -> str:
    """The HTML of ``templates/blocks/<template>`` with ``context``."""
    return _env().get_template(template).render(**context)


def sample_banner(sample: bool) -> str:
    """The banner of a document made from the sample (nothing for real data)."""
    return render("banner.html.j2", sample=sample)


def header_block(ward: dict, period: Period, summary: str, ward_name: str, *, sample: bool,
                 report_date: dt.date | None) -> Block:  # fmt: skip
    """The Decree 30 header of a report whose summary line is ``summary``."""
    context = {
        "sample": sample,
        "issuing_body": [str(x) for x in ward.get("issuing_body", [])],
        "number": report_number(ward),
        "place": str(ward.get("place", "")),
        "date": fmt_date_long(report_date) if report_date else "",
        "year": report_year(period),
        "summary": summary,
        "keep": ward_name.split(" ", 1)[-1],
    }
    model = {"kind": "header", "title": "BÁO CÁO", "national_title": NATIONAL_TITLE, "motto": MOTTO,
             "banner": SAMPLE_BANNER if sample else "", **context}  # fmt: skip
    return Block(render("header.html.j2", **context), f"BÁO CÁO - {summary}", model)


def recipients(ward: dict, extra: list[str] = ()) -> list[str]:
    """``Nơi nhận``: the ward profile's recipients with ``extra`` (the units a report asks for something, from
    its notes) before the archive line (``Lưu: VT.``), each once, each ending with ``;`` as the list does."""
    base = [str(r).strip() for r in ward.get("recipients", []) if str(r).strip()]
    seen = {fold(r.rstrip(";.")) for r in base}
    added = []
    for r in extra:
        r = " ".join(str(r).split()).rstrip(";.,")
        if r and fold(r) not in seen:
            seen.add(fold(r))
            added.append(f"{r};")
    archive = next((i for i, r in enumerate(base) if fold(r).startswith("luu")), len(base))
    return base[:archive] + added + base[archive:]


class Footer(Block):
    """``Nơi nhận`` and the signature block; without the signer's name it is also a placeholder (its record
    under :data:`~lkdata.report.html.PLACEHOLDER_MIME`): the document is a draft (``DỰ THẢO``) and
    ``lkdata report --final`` refuses it until the profile names the signer."""

    def __init__(self, html_text: str, plain: str, model: dict, missing: dict | None):
        super().__init__(html_text, plain, model)
        self.missing = missing

    @property
    def record(self) -> dict | None:
        """``{"what": ..., "todo": ...}`` when the signer's name is missing, else ``None``."""
        return self.missing

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = super()._repr_mimebundle_(include, exclude)
        return bundle | ({PLACEHOLDER_MIME: self.missing} if self.missing else {})


def signer_todo(profile: str) -> str:
    """What the office does when its profile (``ward.yaml``, ``department.yaml``) names no signer."""
    return (f"ghi họ và tên người ký (signer: name) vào tệp data/raw/reference/{profile} (chưa có tệp này thì "
            f"chép hồ sơ mẫu lkdata/reference/{profile} của mã nguồn lkdata vào đó rồi sửa)")  # fmt: skip


def footer_block(ward: dict, closing: str = "", extra_recipients: list[str] = (), *,
                 name_todo: str | None = None) -> Block:  # fmt: skip
    """The closing paragraphs (blank-line separated), ``Nơi nhận`` (the ward profile's recipients and
    ``extra_recipients``, see :func:`recipients`) and the signature block (authority, title, room to sign and
    seal, the signer's full name), kept on one page together.

    ``name_todo``: what the office does when the profile names no signer (``ghi họ và tên ... vào tệp ...``);
    given, a missing name is a placeholder (:class:`Footer`, :data:`SIGNER_NAME` where the name goes)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", textwrap.dedent(closing).strip()) if p]
    signer = ward.get("signer") or {}
    context = {
        "paragraphs": [" ".join(p.split()) for p in paragraphs],
        "recipients": [str(r) for r in recipients(ward, extra_recipients)],
        "signer": {k: str(signer.get(k) or "").strip() for k in ("authority", "title", "name")},
    }
    missing = None
    if name_todo and not context["signer"]["name"]:
        missing = {"what": "họ và tên người ký", "todo": name_todo}
        context["name_placeholder"] = SIGNER_NAME
    return Footer(render("footer.html.j2", **context), "Nơi nhận / chữ ký", {"kind": "footer", **context}, missing)
