"""The report's tables: one task's indicators, indicators by khu phố, linkages by crop, linkage
support by item, the whole-year view and next year's targets.

Each function takes the period's data and the document's :class:`~lkdata.report.html.Captions` (which
numbers the tables in the order they are made) and returns a :class:`~lkdata.report.html.Block`. What a
table shows comes from the plan (:class:`~lkdata.plan.catalogue.Plan`): the tasks' titles, and which
indicators the khu phố and whole-year tables show (``report_tables.csv``).
"""

from __future__ import annotations

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.indicators import breakdown, indicators
from ..plan.periods import Period, parse_period
from ..plan.selections import linkages_running
from ..vn.fmt import fmt_date
from ..vn.places import Places
from .explain import anchor
from .html import (
    Block,
    Captions,
    Placeholder,
    capital,
    cell,
    esc,
    in_sentence,
    pct,
    previous_cell,
    rounding_notes,
    table_html,
    target_cell,
)

__all__ = [
    "NOTHING_SENT",
    "first_half",
    "khu_pho_sent",
    "khu_pho_table",
    "linkage_table",
    "next_targets_table",
    "support_table",
    "task_caption",
    "task_heading",
    "task_table",
    "year_table",
]

Tables = dict[str, pd.DataFrame]

#: A row labelling the records of no khu phố (ward-wide events, records without one), in Long Khánh's words
#: (another profile's: :attr:`~lkdata.vn.places.Places.unassigned`).
WARD_WIDE = Places().unassigned

#: What a khu phố that sent no record shows in place of its figures (0 would say nothing happened).
NOTHING_SENT = "chưa gửi số liệu"


def khu_pho_sent(tables: Tables) -> set[str]:
    """The khu phố that sent data: named by at least one record of any table (a khu phố that sent no
    record shows :data:`NOTHING_SENT`, never zeros)."""
    return set().union(*(set(df["khu_pho"].dropna()) for df in tables.values() if "khu_pho" in df.columns))


def _unit(unit: str) -> str:
    """The unit a table's column shows: money in millions."""
    return "triệu đồng" if unit == "đồng" else unit


def _bold(text: str) -> str:
    return f"<b>{text}</b>"


def task_heading(plan: Plan, task: str) -> str:
    """A task's section heading, its number and the plan's title: ``1. Thực hiện công tác thông tin ...``
    (``8. Kinh phí thực hiện`` for IV)."""
    return f"{plan.task_number(task)}. {plan.tasks[task]}"


#: Task titles that name what was spent, not what was done: their table is captioned by the title alone
#: (``Kinh phí thực hiện``, never ``Kết quả kinh phí thực hiện``).
_SPENT = ("kinh phí", "nguồn kinh phí")


def task_caption(plan: Plan, task: str) -> str:
    """The caption of a task's table, from the same title: ``Kết quả thực hiện công tác thông tin ...``;
    ``Kinh phí thực hiện`` for a title that names money (:data:`_SPENT`)."""
    title = plan.tasks[task].strip()
    return title if title.lower().startswith(_SPENT) else f"Kết quả {in_sentence(title)}"


def task_table(period: Period, table: pd.DataFrame, plan: Plan, task: str, captions: Captions) -> Block:
    """The indicators of one task: this period, the estimate, last year, the year's target; each figure of the
    period links to its explanation in the appendix “Giải thích số liệu” (:func:`lkdata.report.explain.anchor`)."""
    rows = table[table["task"] == task]
    partial = period.is_partial
    head = ["TT", "Chỉ tiêu", "Đơn vị", f"Đến {fmt_date(period.cutoff)}"]
    if partial:
        head.append(f"Ước đến {fmt_date(period.end)}")
    head += [f"Cùng kỳ {period.previous().year}", "So cùng kỳ (%)", f"Chỉ tiêu năm {period.year}", "Đạt (%)"]
    body = []
    for i, r in enumerate(rows.itertuples(), 1):
        ratio = r.value / r.previous * 100 if r.previous else float("nan")
        figure = f'<a class="so-lieu" href="#{esc(anchor(r.indicator))}">{cell(r.value, r.unit)}</a>'  # its explanation
        cells = [str(i), esc(r.label), esc(_unit(r.unit)), figure]
        if partial:
            cells.append(cell(r.estimate, r.unit))
        cells += [previous_cell(r.previous, r.unit), pct(ratio), target_cell(r.target, r.unit), pct(r.attainment_pct)]
        body.append(cells)
    return table_html(captions.table(task_caption(plan, task)), head, body, text_columns=3, kind="indicators")


def khu_pho_table(period: Period, tables: Tables, plan: Plan, khu_pho_names: list[str], captions: Captions,
                  places: Places | None = None) -> Block:  # fmt: skip
    """Indicators by khu phố (the plan's ``khu_pho`` report table), every khu phố of the catalogue; one that
    sent no record says ``chưa gửi số liệu`` across its row (see :func:`khu_pho_sent`). ``places``: the
    profile's words (``ấp``, ``Toàn xã``), Long Khánh's by default."""
    names = list(khu_pho_names)
    words = places or Places()
    ward_wide = words.unassigned
    columns = plan.report_table("khu_pho")
    units = {c.indicator: plan.indicator(c.indicator).unit for c in columns}
    values = {
        c.indicator: breakdown(c.indicator, period, tables, by="khu_pho", plan=plan)
        .set_index("khu_pho")["value"]
        .rename(index={"(không rõ)": ward_wide})
        for c in columns
    }
    extra = sorted(set().union(*(v.index for v in values.values())) - set(names) - {ward_wide})
    if any(ward_wide in v.index for v in values.values()):
        extra.append(ward_wide)
    sent = khu_pho_sent(tables) | set(extra)
    body = []
    totals = dict.fromkeys(values, 0.0)
    for i, name in enumerate([*names, *extra], 1):
        row = [str(i), esc(name)]
        if name not in sent:
            body.append([*row, f"<i>{NOTHING_SENT}</i>"])
            continue
        for ind in values:
            v = float(values[ind].get(name, 0.0))
            totals[ind] += v
            row.append(cell(v, units[ind]))
        body.append(row)
    body.append(["", _bold("Cộng"), *(_bold(cell(totals[i], units[i])) for i in values)])
    caption = captions.table(f"Một số chỉ tiêu theo {words.sub_unit} (đến ngày {fmt_date(period.cutoff)})")
    head = ["TT", words.sub_title, *(c.label for c in columns)]
    notes = rounding_notes(body, range(2, len(head)))
    return table_html(caption, head, body, text_columns=2, kind="khu-pho", notes=notes)


def linkage_table(period: Period, tables: Tables, captions: Captions) -> Block:
    """Linkages running on the cut-off day (:func:`~lkdata.plan.selections.linkages_running`), by crop:
    chains, household participations (a household in two contracts counts twice: ``lượt hộ``), area,
    contracted volume, contract value."""
    df = tables["linkages"].loc[linkages_running(tables, period)]
    groups = df.groupby(df["crop"].astype("string").fillna("(không rõ)").to_numpy())
    agg = pd.DataFrame(
        {
            "n": groups.size(),
            "households": groups["households"].sum(),
            "area": groups["area_ha"].sum(),
            "volume": groups["volume_t"].sum(),
            "value": groups["contract_value_vnd"].sum(),
        }
    ).sort_values("area", ascending=False)

    def figures(r) -> list[str]:
        return [cell(r.n, "chuỗi"), cell(r.households, "lượt hộ"), cell(r.area, "ha"), cell(r.volume, "tấn"),
                cell(r.value, "đồng")]  # fmt: skip

    body = [[str(i), esc(capital(crop)), *figures(r)] for i, (crop, r) in enumerate(agg.iterrows(), 1)]
    body.append(["", _bold("Cộng"), *(_bold(x) for x in figures(agg.sum()))])
    head = ["TT", "Sản phẩm", "Chuỗi liên kết", "Lượt hộ tham gia", "Diện tích (ha)", "Sản lượng theo hợp đồng (tấn)",
            "Giá trị hợp đồng (triệu đồng)"]  # fmt: skip
    caption = captions.table(f"Chuỗi liên kết đang thực hiện theo sản phẩm (đến ngày {fmt_date(period.cutoff)})")
    return table_html(caption, head, body, text_columns=2, notes=rounding_notes(body, range(2, len(head))))


def support_table(period: Period, tables: Tables, plan: Plan, captions: Captions) -> Block:
    """Linkage support approved in the period (the plan's ``support_vnd``), by support item (NĐ 98/2018,
    NQ 143/2018)."""
    b = breakdown("support_vnd", period, tables, by="support_item", plan=plan)
    b = b[(b["value"] > 0) | (b["previous"] > 0)]
    body = [
        [str(i), esc(capital(r.support_item)), cell(r.value, "đồng"), cell(r.previous, "đồng")]
        for i, r in enumerate(b.itertuples(), 1)
    ]
    body.append(["", _bold("Cộng"), _bold(cell(b["value"].sum(), "đồng")), _bold(cell(b["previous"].sum(), "đồng"))])
    head = ["TT", "Nội dung hỗ trợ", f"Đến {fmt_date(period.cutoff)} (triệu đồng)",
            f"Cùng kỳ {period.previous().year} (triệu đồng)"]  # fmt: skip
    caption = captions.table("Kinh phí hỗ trợ liên kết được phê duyệt theo nội dung hỗ trợ")
    return table_html(caption, head, body, text_columns=2, notes=rounding_notes(body, range(2, len(head))))


def year_table(period: Period, tables: Tables, table: pd.DataFrame, plan: Plan, ward: dict, targets: dict[str, float],
               captions: Captions) -> Block:  # fmt: skip
    """The whole-year view of the plan's ``year`` report table: first half (as at 30/6 when the data reaches
    it: :func:`first_half`), the year to the cut-off, the estimate, last year, the target; a note under it says
    the first half is recomputed from the data to the annual cut-off, so it may differ from the six-month
    report sent (to its own cut-off, 05/5)."""
    h1 = first_half(period, ward)
    first = indicators(h1, tables, targets=targets, plan=plan).set_index("indicator")
    t = table.set_index("indicator")
    body = []
    for i, k in enumerate((c.indicator for c in plan.report_table("year")), 1):
        r = t.loc[k]
        body.append([str(i), esc(r.label), esc(_unit(r.unit)), cell(first.at[k, "value"], r.unit),
                     cell(r.value, r.unit), cell(r.estimate, r.unit), previous_cell(r.previous, r.unit),
                     target_cell(r.target, r.unit),
                     pct(r.estimate / r.target * 100 if r.target else None)])  # fmt: skip
    head = ["TT", "Chỉ tiêu", "Đơn vị", f"6 tháng đầu năm (đến {fmt_date(h1.cutoff)})",
            f"Đến {fmt_date(period.cutoff)}", f"Ước cả năm {period.year}", f"Cùng kỳ năm {period.previous().year}",
            "Chỉ tiêu năm", "Ước đạt (%)"]  # fmt: skip
    caption = captions.table(f"Tổng hợp các chỉ tiêu chủ yếu năm {period.year}")
    sent = parse_period(f"{period.year}-H1", ward)  # the six-month report as it was sent, to its own cut-off
    notes = []
    if period.cutoff > sent.cutoff:  # data added since may change the first half's figures
        notes.append(f"Ghi chú: Số liệu 6 tháng đầu năm (đến {fmt_date(h1.cutoff)}) được tính lại từ dữ liệu cập nhật "
                     f"đến ngày {fmt_date(period.cutoff)}, nên có thể khác số liệu trong báo cáo 6 tháng đầu năm "
                     f"{period.year} đã gửi (số liệu đến ngày {fmt_date(sent.cutoff)}).")  # fmt: skip
    return table_html(caption, head, body, text_columns=3, kind="indicators", notes=notes)


def first_half(period: Period, ward: dict) -> Period:
    """The first half of ``period``'s year as the annual report shows it: to 30/6 (the half's own end) when
    ``period``'s cut-off is on or after it, not to the six-month report's early cut-off (05/5): by
    November the data to 30/6 exists. Cut off at ``period``'s cut-off when that comes first."""
    h1 = parse_period(f"{period.year}-H1", ward)
    return parse_period(h1.key, ward, cutoff=min(h1.end, max(period.cutoff, h1.start)))


def next_targets_table(period: Period, table: pd.DataFrame, next_targets: dict[str, float],
                       captions: Captions) -> Block:  # fmt: skip
    """Next year's targets, when the office has set them (``targets/<year+1>.yaml``)."""
    year = period.year + 1
    if not next_targets:
        return Placeholder(f"chỉ tiêu năm {year}",
                           f"ghi chỉ tiêu năm {year} vào tệp data/raw/reference/targets/{year}.yaml")  # fmt: skip
    t = table.set_index("indicator")
    body = []
    for i, (k, target) in enumerate(next_targets.items(), 1):
        r = t.loc[k]
        body.append([str(i), esc(r.label), esc(_unit(r.unit)), cell(r.estimate, r.unit), cell(target, r.unit)])
    head = ["TT", "Chỉ tiêu", "Đơn vị", f"Ước thực hiện năm {period.year}", f"Chỉ tiêu năm {year}"]
    return table_html(captions.table(f"Chỉ tiêu năm {year}"), head, body, text_columns=3)
