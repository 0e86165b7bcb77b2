"""The units of the ward in a report (plan sections V and VI): the report's section "Kết quả thực hiện của các
cơ quan, đơn vị" (:class:`UnitSections`, mixed into the report) and a unit's own one-page summary
(:class:`UnitSummary`). Who a unit is, which activities are its own and whether it has reported are
:mod:`lkdata.plan.units`."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.periods import Period
from ..plan.units import Unit, UnitMatcher, unit_activities, unit_results
from ..vn.fmt import fmt_date
from .brief import OnePage
from .html import Block, Captions, Literal, Markdown, cell, esc, pct, table_html
from .sentences import listing

__all__ = ["NOT_REPORTED", "OTHER_ORGANISERS", "UnitSections", "UnitSummary"]

#: What a unit that sent nothing for the period shows in place of its figures (0 would say it did nothing).
NOT_REPORTED = "chưa báo cáo"
#: The row of activities organised by no unit of the ward (the Department, an unknown organiser).
OTHER_ORGANISERS = "Cơ quan, đơn vị cấp trên và đơn vị khác"


def _matcher(units: tuple[Unit, ...], ward: dict) -> UnitMatcher:
    return UnitMatcher(units, str(ward.get("ward", "")))


class UnitSections:
    """Mixed into :class:`~lkdata.report.document.ReportDocument` (reads its ``tables``, ``period``, ``ward``,
    ``captions``); ``units`` are the ward's units (``units.csv``), set by :func:`lkdata.open_report`."""

    units: tuple[Unit, ...] = ()

    @cached_property
    def unit_results(self) -> pd.DataFrame:
        """What each unit did in the period and a year earlier (:func:`lkdata.plan.units.unit_results`)."""
        return unit_results(self.tables, self.period, _matcher(self.units, self.ward))

    @property
    def units_not_reported(self) -> str:
        """The units that have not reported for the period, as a list (``Hội Cựu chiến binh phường và Trưởng
        các khu phố``); ``""`` when every unit has."""
        names = self.unit_results.loc[~self.unit_results["reported"], "name"]
        return format(Literal(listing(names)))

    @property
    def units_reported(self) -> str:
        """``05 trong số 09 cơ quan, đơn vị`` that reported for the period (counts as the ward writes them; never
        ``05/09``, which reads as a date)."""
        r = self.unit_results
        return f"{self.count(int(r['reported'].sum()))} trong số {self.count(len(r))} cơ quan, đơn vị"

    def units_table(self) -> Block:
        """By unit (in the order of ``units.csv``): its duties under section V, the activities it organised in
        the period, their participants, last year's activities; ``chưa báo cáo`` across the row of a unit that
        sent nothing; then the activities no unit of the ward organised, and the total (every activity held)."""
        r = self.unit_results
        body = []
        for i, u in enumerate(r.itertuples(), 1):
            row = [str(i), esc(u.name), esc(f"{u.duties} (mục {u.section})" if u.section else u.duties)]
            if not u.reported:
                body.append([*row, f"<i>{NOT_REPORTED}</i>"])
                continue
            body.append([*row, cell(u.activities, ""), cell(u.participants, ""), cell(u.previous_activities, "")])
        held = unit_activities(self.tables, self.period, _matcher(self.units, self.ward))
        before = unit_activities(self.tables, self.period.previous(), _matcher(self.units, self.ward))
        other, other_before = held[held["unit"].isna()], before[before["unit"].isna()]
        if len(other) or len(other_before):
            body.append(["", esc(OTHER_ORGANISERS), "", cell(len(other), ""),
                         cell(other["participants"].sum(skipna=True), ""), cell(len(other_before), "")])  # fmt: skip
        total = [len(held), held["participants"].sum(skipna=True), len(before)]
        body.append(["", "<b>Cộng</b>", "", *(f"<b>{cell(v, '')}</b>" for v in total)])
        cutoff = fmt_date(self.period.cutoff)
        caption = self.captions.table(f"Kết quả thực hiện của các cơ quan, đơn vị (đến ngày {cutoff})")
        head = ["TT", "Cơ quan, đơn vị", "Nhiệm vụ được giao (Kế hoạch, mục V)", "Số hoạt động",
                "Lượt người tham dự", f"Cùng kỳ {self.previous.year} (hoạt động)"]  # fmt: skip
        return table_html(caption, head, body, text_columns=3, kind="don-vi")


class UnitSummary(OnePage):
    """A unit's one page for a period: its section-V duties, the activities it organised by kind (with the plan
    task each serves), their participants, against the same period last year and the whole ward."""

    md = staticmethod(Markdown)
    literal = staticmethod(Literal)  # data text in narrative: ``{U.literal(U.unit.name)}``

    def __init__(self, period: Period, unit: Unit, units: tuple[Unit, ...], tables: dict[str, pd.DataFrame],
                 ward: dict, *, plan: Plan, sample: bool, kind_names: dict[str, str] | None = None):  # fmt: skip
        self.period, self.previous = period, period.previous()
        self.unit, self.ward, self.plan_data, self.sample = unit, ward, plan, sample
        self.kind_names = kind_names or {}
        self.captions = Captions()
        matcher = _matcher(units, ward)
        self.held = unit_activities(tables, period, matcher)
        self.before = unit_activities(tables, self.previous, matcher)
        self.mine = self.held[self.held["unit"] == unit.code]
        self.mine_before = self.before[self.before["unit"] == unit.code]

    @property
    def has_reported(self) -> bool:
        """Whether the unit has reported for the period (:mod:`lkdata.plan.units`' rule)."""
        return len(self.mine) > 0

    @property
    def activities(self) -> str:
        """``07 hoạt động`` the unit organised in the period."""
        return f"{self.count(len(self.mine))} hoạt động"

    @property
    def participants(self) -> str:
        """``412 lượt người`` took part in them (the known counts)."""
        return f"{cell(self.mine['participants'].sum(skipna=True), '')} lượt người"

    @property
    def previous_activities(self) -> str:
        """``05 hoạt động`` in the same period a year earlier."""
        return f"{self.count(len(self.mine_before))} hoạt động"

    @property
    def tasks_served(self) -> str:
        """``; các hoạt động phục vụ nhiệm vụ III.1 (Thực hiện công tác ...) và III.5 (...) của Kế hoạch``: the
        tasks of the plan its activities of the period serve, in the plan's order; ``""`` when they serve none
        of this plan's tasks (an activity typed with another plan's task number names no task of this one)."""
        order = list(self.plan_data.tasks)
        tasks = sorted(set(self.mine["plan_task"].dropna()) & set(order), key=order.index)
        if not tasks:
            return ""
        named = listing(f"{t} ({self.plan_data.tasks[t]})" for t in tasks)
        return f"; các hoạt động phục vụ nhiệm vụ {format(Literal(named))} của Kế hoạch"

    def header(self) -> Block:
        """Issuing body, the title with the unit and period, the cut-off (the khu phố brief's header)."""
        return self.page_header(self.unit.name)

    def duties(self) -> Markdown:
        """The unit's duties as the plan's section V assigns them, and the tasks they serve."""
        tasks = listing(f"{t}" for t in self.unit.tasks)
        text = self.unit.duties + (f" (nhiệm vụ {tasks} của Kế hoạch)." if tasks else ".")
        where = format(Literal(f"Kế hoạch {self.plan_number}, mục {self.unit.section}"))
        return Markdown(f"**Nhiệm vụ được giao ({where}):** {format(Literal(text))}")

    @property
    def plan_number(self) -> str:
        return str((self.ward.get("plan") or {}).get("number", "")).strip() or f"của {self.places.kind}"

    def not_reported_note(self) -> Block | None:
        """A visible note when the unit sent nothing for the period (nothing otherwise)."""
        if self.has_reported:
            return None
        text = (f"[{self.unit.name} chưa báo cáo kết quả {self.label}: chưa có hoạt động nào do đơn vị tổ chức "
                f"trong kỳ trong số liệu đã tiếp nhận đến ngày {self.cutoff}.]")  # fmt: skip
        return Block(f'<p class="cho-dien">{esc(text)}</p>', text)

    def activity_table(self) -> Block:
        """The unit's activities by kind: the plan task, count and participants in the period, the same period
        last year, and the whole ward's count of that kind with the unit's share."""
        kinds = list(dict.fromkeys([*self.mine["kind"].dropna(), *self.mine_before["kind"].dropna()]))
        body = []
        for i, k in enumerate(kinds, 1):
            now, then = self.mine[self.mine["kind"] == k], self.mine_before[self.mine_before["kind"] == k]
            ward = int((self.held["kind"] == k).sum())
            tasks = pd.concat([now["plan_task"], then["plan_task"]]).dropna()
            tasks = tasks[tasks.isin(list(self.plan_data.tasks))]  # only this plan's tasks are named
            task = tasks.iloc[0] if len(tasks) else ""
            name = self.kind_names.get(k, k)
            body.append([str(i), esc(name[:1].upper() + name[1:]), esc(task), cell(len(now), ""),
                         cell(now["participants"].sum(skipna=True), ""), cell(len(then), ""),
                         cell(then["participants"].sum(skipna=True), ""), cell(ward, ""),
                         pct(len(now) / ward * 100 if ward else None)])  # fmt: skip
        body.append(["", "<b>Cộng</b>", "", *(f"<b>{cell(v, '')}</b>" for v in (
            len(self.mine), self.mine["participants"].sum(skipna=True), len(self.mine_before),
            self.mine_before["participants"].sum(skipna=True), len(self.held))),
            f"<b>{pct(len(self.mine) / len(self.held) * 100 if len(self.held) else None)}</b>"])  # fmt: skip
        if not kinds:
            body = [["", f"<i>{NOT_REPORTED}</i>"]]
        head = ["TT", "Loại hoạt động", "Nhiệm vụ", "Số hoạt động", "Lượt người tham dự",
                f"Cùng kỳ {self.previous.year}: hoạt động", f"Cùng kỳ {self.previous.year}: lượt người",
                f"{self.places.whole}: hoạt động", "Tỷ trọng (%)"]  # fmt: skip
        return table_html(f"Bảng 1. Các hoạt động do {self.unit.name} tổ chức", head, body, 3, "brief don-vi")
