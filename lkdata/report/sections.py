"""Parts of a report of results that come from the ward profile and the notes file together: the plan as
issued (section "Công tác chỉ đạo, triển khai") and the causes, objective and subjective."""

from __future__ import annotations

from .html import Block, Markdown

__all__ = ["ReportSections"]


class ReportSections:
    """Mixed into :class:`~lkdata.report.document.ReportDocument` (reads its ``ward``, ``period``,
    ``ward_name``, ``notes`` and ``note``)."""

    @property
    def plan_issued(self) -> str:
        """``Ngày 02/4/2026, Ủy ban nhân dân phường Long Khánh ban hành Kế hoạch số 1327/KH-UBND`` (from the
        ward profile; without the number and date when the profile has none for the period's year)."""
        issued = self.plan_of_year
        if issued:
            return f"Ngày {issued[1]}, Ủy ban nhân dân {self.ward_name} ban hành Kế hoạch số {issued[0]}"
        return f"Ủy ban nhân dân {self.ward_name} ban hành Kế hoạch năm {self.period.year}"

    def causes(self) -> tuple[Markdown | Block, ...]:
        """The causes, objective then subjective (``Nguyên nhân khách quan`` / ``chủ quan`` in the notes),
        each under its label; a notes file written before the split, with one ``Nguyên nhân``, shows it."""
        if self.notes.causes_in_one:
            return (self.note("Nguyên nhân"),)
        return (Markdown("*a) Nguyên nhân khách quan*"), self.note("Nguyên nhân khách quan"),
                Markdown("*b) Nguyên nhân chủ quan*"), self.note("Nguyên nhân chủ quan"))  # fmt: skip
