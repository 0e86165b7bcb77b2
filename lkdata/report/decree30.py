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
from .html import Block, esc, template_env

__all__ = ["SAMPLE_BANNER", "footer_block", "header_block", "render", "sample_banner"]

#: Printed on every page of a report made from the synthetic sample.
SAMPLE_BANNER = "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức"


def _keep_spaces(text: object) -> Markup:
    """Runs of two spaces kept (``Số:      /BC-UBND``: room for the number written by hand)."""
    return Markup(esc(text).replace("  ", "&nbsp;&nbsp;"))


def _unbroken(text: object, part: str) -> Markup:
    """``part`` of ``text`` kept on one line (the ward's name in the summary)."""
    return Markup(esc(text).replace(esc(part), esc(part).replace(" ", "&nbsp;")))


@cache
def _env():
    env = template_env("blocks")
    env.filters.update(keep_spaces=_keep_spaces, unbroken=_unbroken)
    env.globals["banner"] = SAMPLE_BANNER
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
    html_text = render(
        "header.html.j2",
        sample=sample,
        issuing_body=ward.get("issuing_body", []),
        number=ward.get("report_number", "Số:      /BC-UBND"),
        place=ward.get("place", ""),
        date=fmt_date_long(report_date) if report_date else "",
        year=period.due.year if period.due else period.year,
        summary=summary,
        keep=ward_name.split(" ", 1)[-1],
    )
    return Block(html_text, f"BÁO CÁO - {summary}")


def footer_block(ward: dict, closing: str = "") -> Block:
    """The closing paragraphs (blank-line separated), ``Nơi nhận`` and the signature block, kept on one
    page together."""
    paragraphs = [p for p in re.split(r"\n\s*\n", textwrap.dedent(closing).strip()) if p]
    html_text = render(
        "footer.html.j2",
        paragraphs=[" ".join(p.split()) for p in paragraphs],
        recipients=ward.get("recipients", []),
        signer=ward.get("signer") or {},
    )
    return Block(html_text, "Nơi nhận / chữ ký")
