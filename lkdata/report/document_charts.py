"""The charts of a report (:mod:`lkdata.report.figures` draws them), as :class:`ReportCharts`, a part of
:class:`~lkdata.report.document.ReportDocument` (it reads the document's period, tables, plan, captions and
parts)."""

from __future__ import annotations

from . import figures
from .html import Block

__all__ = ["ReportCharts"]


class ReportCharts:
    """The report's charts: participants, certified area, linked area, activities by month."""

    def participants_chart(self) -> Block:
        """Training participants by kind (households, cooperatives, enterprises), against last year."""
        return figures.participants_chart(self.period, self.parts("participants_chart"), self.captions)

    def certified_area_chart(self) -> Block:
        """Area under a valid certificate, by certification kind."""
        return figures.certified_area_chart(self.period, self.tables, self.plan_data, self.captions)

    def linked_area_chart(self) -> Block:
        """Area in running linkages, by crop."""
        return figures.linked_area_chart(self.period, self.tables, self.plan_data, self.captions)

    def monthly_activities_chart(self) -> Block:
        """Plan activities held each month of the year, against last year."""
        return figures.monthly_activities_chart(self.period, self.tables, self.captions)
