"""Parts of a report of results that come from the ward profile and the notes file together: the plan as
issued (section "Công tác chỉ đạo, triển khai") and the causes, objective and subjective."""

from __future__ import annotations

import pandas as pd

from ..vn.fmt import fmt_date
from .html import Block, Markdown

__all__ = ["ReportSections"]


class ReportSections:
    """Mixed into :class:`~lkdata.report.document.ReportDocument` (reads its ``ward``, ``period``,
    ``ward_name``, ``notes`` and ``note``)."""

    @property
    def plan_issued(self) -> str:
        """``Ngày 02/4/2026, Ủy ban nhân dân phường Long Khánh ban hành Kế hoạch số 1327/KH-UBND`` (from the
        ward profile; without the number and date when the profile has none for the period's year)."""
        plan = self.ward.get("plan") or {}
        date = plan.get("date")
        if date and pd.Timestamp(date).year == self.period.year and plan.get("number"):
            day = fmt_date(pd.Timestamp(date).date())
            return f"Ngày {day}, Ủy ban nhân dân {self.ward_name} ban hành Kế hoạch số {plan['number']}"
        return f"Ủy ban nhân dân {self.ward_name} ban hành Kế hoạch năm {self.period.year}"

    def causes(self) -> tuple[Markdown | Block, ...]:
        """The causes, objective then subjective (``Nguyên nhân khách quan`` / ``chủ quan`` in the notes),
        each under its label; a notes file written before the split, with one ``Nguyên nhân``, shows it."""
        if "nguyen nhan" in self.notes.sections and not any(
            k in self.notes.sections for k in ("nguyen nhan khach quan", "nguyen nhan chu quan")
        ):
            return (self.note("Nguyên nhân"),)
        return (Markdown("*a) Nguyên nhân khách quan*"), self.note("Nguyên nhân khách quan"),
                Markdown("*b) Nguyên nhân chủ quan*"), self.note("Nguyên nhân chủ quan"))  # fmt: skip
