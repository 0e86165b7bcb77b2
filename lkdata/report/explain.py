"""How a figure is explained where it is read: one indicator in JupyterLab or at the command line
(:class:`ExplanationView`), and every indicator of a report in its appendix “Giải thích số liệu”
(:func:`appendix`), which the task tables' figures link to (:func:`anchor`).

The appendix is shared: it gives each indicator's definition, the files its rows came from (by their base
name, as the analyst sent them: no folder of the office's) and how many rows of each it counts, never a
row's content. The full lists of rows go to an office-only workbook (:func:`row_lists`).
"""

from __future__ import annotations

import re

import pandas as pd

from ..clean.fields import record_noun
from ..plan.explain import TABLE_NAMES, Explanation, explain, file_name, kept_then
from ..plan.selections import prepared
from ..vn.fmt import fmt_date, fmt_date_long, fmt_figure, fmt_number
from ..vn.places import DEFAULT_SUB_UNIT
from .decree30 import BLANK, blank_date, report_number, report_year
from .html import Block, capital, esc

__all__ = [
    "APPENDIX_ID",
    "ROW_HEADINGS",
    "Explained",
    "ExplanationView",
    "anchor",
    "appendix",
    "attached_to",
    "row_lists",
]

#: The appendix's own anchor (the heading links to it).
APPENDIX_ID = "giai-thich-so-lieu"

#: The rows' columns as a reader sees them (``item``: the value a figure of distinct values counts).
ROW_HEADINGS: dict[str, str] = {
    "record_id": "Mã bản ghi",
    "source_file": "Tệp",
    "source_sheet": "Trang tính",
    "source_row": "Dòng",
    "item": "Giá trị đếm",
    "value": "Tính vào số liệu",
}

#: How many rows JupyterLab shows of one explanation (the rest: :meth:`ExplanationView.to_frame`).
SHOWN_ROWS = 200


def anchor(indicator: str) -> str:
    """The id of an indicator's explanation in the appendix: ``giai-thich-training_courses``."""
    return f"giai-thich-{indicator}"


def _amount(value: float, unit: str) -> str:
    """A figure with its unit as the explanation writes it: money in whole đồng (a row's contribution)."""
    if value != value:
        return "chưa rõ"
    return fmt_number(value) if unit == "đồng" else fmt_figure(value)


def _exact(value: float) -> str:
    """A row's value as the file gave it (up to 4 decimals, no trailing zeros): ``1,37``, ``45``."""
    text = fmt_number(value, 4)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _row_cells(row, unit: str, columns: list[str]) -> list[str]:
    out = []
    for c in columns:
        v = row[c]
        if c == "value":
            out.append(_exact(float(v)) if pd.notna(v) else "chưa rõ")
        elif c == "source_row":
            out.append(fmt_number(v) if pd.notna(v) else "-")
        else:
            out.append("" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v))
    return out


class ExplanationView:
    """An :class:`~lkdata.plan.explain.Explanation` to read: a Vietnamese table in JupyterLab
    (``_repr_html_``), plain text at the command line (:meth:`text`), a DataFrame (:meth:`to_frame`).

    Attributes ``indicator``, ``period``, ``definition``, ``sources``, ``rows``, ``total`` and ``note``
    are the explanation's.
    """

    def __init__(self, explanation: Explanation):
        self.explanation = explanation

    def __getattr__(self, name: str):
        if name == "explanation":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.explanation, name)

    @property
    def title(self) -> str:
        """``Lớp tập huấn ... (lớp), 6 tháng đầu năm 2026: 8``."""
        e = self.explanation
        unit = e.indicator.unit
        return f"{e.indicator.label} ({unit}), {e.period.label}: {_amount(e.total, unit)}"

    def to_frame(self) -> pd.DataFrame:
        """The rows counted, one per record (see :attr:`Explanation.rows`), a copy the caller may change."""
        return self.explanation.rows.copy()

    def _columns(self) -> list[str]:
        rows = self.explanation.rows
        return [c for c in rows.columns if c != "table"]

    def _heading(self, column: str) -> str:
        unit = self.explanation.indicator.unit
        return f"{ROW_HEADINGS['value']} ({unit})" if column == "value" else ROW_HEADINGS.get(column, column)

    def text(self, limit: int | None = None) -> str:
        """The definition, the rows (the first ``limit`` of them, all when ``None``) and the total, as the
        command line prints them: a compact table, one row a line."""
        e = self.explanation
        unit = e.indicator.unit
        lines = [f"{e.indicator.id}: {self.title}", ""]
        lines += [f"- {s}" for s in e.definition]
        lines += [f"- Nguồn: {s}." for s in e.sources]
        if e.note:
            lines.append(f"- Ghi chú kỳ này: {e.note}.")
        columns = self._columns()
        shown = e.rows if limit is None else e.rows.head(limit)
        body = [_row_cells(r, unit, columns) for _, r in shown.iterrows()]
        head = [self._heading(c) for c in columns]
        widths = [max([len(h), *(len(b[j]) for b in body)]) for j, h in enumerate(head)]
        right = {j for j, c in enumerate(columns) if c in ("source_row", "value")}

        def line(cells: list[str]) -> str:
            return "  ".join(
                c.rjust(w) if j in right else c.ljust(w) for j, (c, w) in enumerate(zip(cells, widths, strict=True))
            )

        lines += ["", f"Các dòng được tính ({fmt_number(len(e.rows))} dòng):", line(head).rstrip()]
        lines += [line(b).rstrip() for b in body]
        if len(shown) < len(e.rows):
            lines.append(f"... và {fmt_number(len(e.rows) - len(shown))} dòng nữa")
        lines.append(f"Cộng: {_amount(e.total, unit)} {unit}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text(limit=20)

    def _repr_html_(self) -> str:
        e = self.explanation
        unit = e.indicator.unit
        columns = self._columns()
        shown = e.rows.head(SHOWN_ROWS)
        head = "".join(f"<th>{esc(self._heading(c))}</th>" for c in columns)
        trs = "".join(
            "<tr>" + "".join(
                f'<td class="{"num" if c in ("source_row", "value") else "txt"}">{esc(v)}</td>'
                for c, v in zip(columns, _row_cells(r, unit, columns), strict=True)
            ) + "</tr>"
            for _, r in shown.iterrows()
        )  # fmt: skip
        total = (
            f'<tr><td colspan="{len(columns) - 1}"><b>Cộng</b></td>'
            f'<td class="num"><b>{esc(_amount(e.total, unit))}</b></td></tr>'
        )
        more = (
            f"<p><i>Hiện {fmt_number(len(shown))} trong {fmt_number(len(e.rows))} dòng; toàn bộ: "
            "<code>.to_frame()</code>.</i></p>"
            if len(shown) < len(e.rows)
            else ""
        )
        note = f"<p><i>Ghi chú kỳ này:</i> {esc(e.note)}.</p>" if e.note else ""
        return (
            f'<div class="giai-thich"><p><b>{esc(self.title)}</b></p>'
            f"<ul>{''.join(f'<li>{esc(s)}</li>' for s in e.definition)}</ul>"
            f"<p><i>Nguồn:</i> {esc('; '.join(e.sources))}.</p>{note}"
            f'<table class="bang"><thead><tr>{head}</tr></thead><tbody>{trs}{total}</tbody></table>{more}</div>'
        )


def attached_to(ward: dict, ward_name: str, year: int, report_date=None) -> str:
    """What an annex is attached to, as an official annex says it, from the profile fields the header prints:
    ``(Kèm theo Báo cáo số      /BC-UBND ngày      tháng      năm 2026 của Ủy ban nhân dân phường Long Khánh)``;
    while the number and the date are unknown, the same room for the office to fill in by hand as the header
    leaves (:data:`~lkdata.report.decree30.BLANK`, no-break spaces)."""
    number = re.sub(r"^\s*Số\s*:?", "", report_number(ward)).strip()
    number = re.sub(r"^(?=/)|\s{2,}", BLANK, number)
    date = fmt_date_long(report_date) if report_date else blank_date(year)
    return f"(Kèm theo Báo cáo số {number} {date} của Ủy ban nhân dân {ward_name})"


#: What only the screen says (the printed and Word copies leave it out).
SCREEN_ONLY = "Bấm vào một số liệu trong bảng để đến phần giải thích của nó."


def appendix(
    explanations: list[Explanation],
    *,
    tasks: dict[str, str],
    workbook: str | None = None,
    sub_unit: str = DEFAULT_SUB_UNIT,
    attached: str = "",
    sections: dict[str, str] | None = None,
) -> Block:
    """The appendix “Giải thích số liệu” of a report: for each indicator, in the plan's order and under its
    task, the definition, the sources, and the records counted by the kind of list they come from.

    Parameters
    ----------
    explanations : list of Explanation
        One per indicator of the report's tables, for the report's period.
    tasks : dict
        Task id -> title (the plan's).
    workbook : str, optional
        The office-only workbook that lists every row (file, sheet, row): the appendix says it is kept by the
        office, never its name.
    attached : str
        What the appendix is attached to (:func:`attached_to`).
    sections : dict, optional
        Task id -> its section in the report (``III.1`` -> ``II.1``), said beside the plan's number.

    The block's model carries the same paragraphs (``parts``: ``{"style", "text"}``) for the Word copy,
    without the screen's instruction.
    """
    if not explanations:
        return Block("", "", {"kind": "appendix"})
    sections = sections or {}
    intro = (
        "Mỗi chỉ tiêu trong các bảng của báo cáo được giải thích dưới đây: cách hiểu, ngày tính số liệu, nguồn"
        " số liệu, cách xử lý thông tin còn thiếu và số trường hợp được tính."
        + (" Danh sách chi tiết các trường hợp được tính lưu tại bộ phận chuyên môn." if workbook else "")
    )
    parts = [{"style": "task", "text": "Quy ước chung"}]
    parts += [{"style": "text", "text": f"- {r}"} for r in _conventions(explanations[0], sub_unit)]
    task = None
    for n, e in enumerate(explanations, 1):
        ind = e.indicator
        if ind.task != task:
            task = ind.task
            where = f" (mục {sections[task]} của báo cáo)" if task in sections else ""
            title = capital(tasks.get(task, ""))
            parts.append({"style": "task", "text": f"Nhiệm vụ {task} của Kế hoạch{where}: {title}"})
        parts += _entry(n, e)
    html_parts = [
        f'<section class="phu-luc" id="{APPENDIX_ID}">',
        '<p class="phu-luc-title">PHỤ LỤC</p>',
        '<p class="phu-luc-title">GIẢI THÍCH SỐ LIỆU</p>',
        f'<p class="phu-luc-sub">{esc(attached)}</p>' if attached else "",
        f'<p class="phu-luc-intro">{esc(intro)}<span class="screen-only"> {esc(SCREEN_ONLY)}</span></p>',
    ]
    html_parts += [_part_html(p) for p in parts]
    html_parts.append("</section>")
    # the workbook annex "Phụ lục số liệu" takes its definitions sheet from the same model
    definitions = [{"id": e.indicator.id, "label": e.indicator.label, "unit": e.indicator.unit,
                    "task": e.indicator.task, "text": " ".join(e.definition)} for e in explanations]  # fmt: skip
    model = {"kind": "appendix", "title": "Phụ lục: Giải thích số liệu", "heading": ["PHỤ LỤC", "GIẢI THÍCH SỐ LIỆU"],
             "attached": attached, "intro": intro, "parts": parts, "definitions": definitions}  # fmt: skip
    return Block("<!-- phu-luc -->" + "".join(html_parts) + "<!-- /phu-luc -->", "Phụ lục: Giải thích số liệu", model)


def _part_html(part: dict) -> str:
    style, text = part["style"], part["text"]
    if style == "task":
        return f'<p class="phu-luc-task">{esc(text)}</p>'
    if style == "title":
        return f'<div class="gt-entry" id="{esc(anchor(part["id"]))}"><p class="gt-title">{esc(text)}</p>'
    if style == "source":
        return f'<p class="gt-text"><i>Nguồn:</i> {esc(text)}</p>' + ("" if part.get("more") else "</div>")
    if style == "note":
        return f'<p class="gt-note"><i>Ghi chú kỳ này:</i> {esc(text)}</p></div>'
    return f'<p class="gt-text">{esc(text)}</p>'


#: The parts of a definition each entry of the appendix gives (the period's dates, last year's rule and the
#: treatment of an empty value are said once, at its head: :func:`_conventions`).
_SHOWN = ("counts", "how", "unknown", "caveats")


def _conventions(e: Explanation, sub_unit: str) -> list[str]:
    """The rules every entry shares, said once at the head of the appendix (``sub_unit``: the profile's word
    for its sub-units, ``khu phố``, ``ấp``)."""
    p, prev = e.period, e.period.previous()
    return [
        f"Chỉ tiêu tại một thời điểm (HTX, THT đang hoạt động, chứng nhận, chuỗi liên kết đang thực hiện...) tính những"
        f" gì còn hiệu lực đến ngày chốt số liệu {fmt_date(p.cutoff)}; chỉ tiêu phát sinh trong kỳ (lớp tập huấn,"
        f" HTX thành lập mới, dự án được phê duyệt...) tính từ ngày {fmt_date(p.start)} đến ngày {fmt_date(p.cutoff)},"
        " tính cả hai ngày.",
        f"Cùng kỳ năm {prev.year}: cùng quy tắc, tính đến ngày {fmt_date(prev.cutoff)}; thông tin không ghi ngày (số"
        f" thành viên, bán hàng trên sàn, mã số vùng trồng...) {kept_then(prev)}.",
        f"Thông tin để trống được xem là chưa rõ, không tính là “không” hoặc bằng 0; {sub_unit} chưa gửi số liệu ghi"
        " “chưa gửi số liệu”; chỉ tiêu năm chưa được giao ghi “chưa giao”.",
        "Số liệu được làm tròn đến một chữ số thập phân (156,25 ghi là 156,3); trong bảng, tiền ghi bằng triệu đồng.",
    ]


def _entry(n: int, e: Explanation) -> list[dict]:
    """One indicator of the appendix: its figure, what counts and how, its sources, and the records counted
    by the kind of list they come from (no file name: the office's workbook keeps which file, sheet and row)."""
    ind = e.indicator
    unit = ind.unit
    said = [e.parts[k] for k in _SHOWN if k in e.parts] + ([e.parts["year_ago"]] if ind.undated else [])
    counted = _counted(e)
    out = [
        {"style": "title", "id": ind.id, "text": f"{n}. {ind.label} ({unit}): {_amount(e.total, unit)}"},
        {"style": "text", "text": " ".join(said)},
        {"style": "source", "text": f"{'; '.join(e.sources)}. {counted}", "more": bool(e.note)},
    ]
    if e.note:
        out.append({"style": "note", "text": f"{e.note}."})
    return out


def _counted(e: Explanation) -> str:
    """How many records the figure counts, as an official says it: ``Số liệu gồm 3 hoạt động, cộng 161 lượt
    người.``; from several lists, each named (``12 hộ trong danh sách hộ ...; 20 thửa trong bảng ...``); a
    figure of distinct values says what its rows are and how many values they hold (``12 lượt HTX/THT tham gia
    trong 10 liên kết, là 7 HTX/THT khác nhau``; ``133 mã khác nhau, ghi ở 147 thửa``)."""
    rows, unit = e.rows, e.indicator.unit
    if not len(rows):
        return (
            "Trong kỳ không phát sinh."
            if e.indicator.kind != "stock"
            else "Đến ngày chốt số liệu không có trường hợp nào."
        )
    summed = e.indicator.aggregation != "count"
    distinct = e.indicator.aggregation.startswith("nunique")
    groups = list(rows.groupby("table", sort=False))
    each = []
    for table, part in groups:
        records = part["record_id"].nunique()
        values = f"{_amount(part['value'].sum(min_count=1), unit)} {unit}"
        if distinct and records < len(part):  # one row per (record, value): the records' values, each a row
            counted = f"{fmt_number(len(part))} lượt {unit} tham gia trong {fmt_number(records)} {record_noun(table)}"
        elif distinct:
            counted = f"{values} khác nhau, ghi ở {fmt_number(len(part))} {record_noun(table)}"
        else:
            counted = f"{fmt_number(len(part))} {record_noun(table)}"
        if len(groups) > 1:
            counted += f" trong {TABLE_NAMES.get(table, table)}"
        if distinct and records < len(part):
            counted += f", là {values} khác nhau"
        elif summed and not distinct:
            counted += f", cộng {values}"
        each.append(counted)
    return f"Số liệu gồm {'; '.join(each)}."


def row_lists(explanations: list[Explanation]) -> pd.DataFrame:
    """Every row every indicator counts, for the office-only workbook: indicator, record id, file (as kept
    under the raw data folder), sheet, row, the value counted (a figure of distinct values) and what it adds."""
    frames = []
    for e in explanations:
        rows = e.rows
        frames.append(
            pd.DataFrame(
                {
                    "Mã chỉ tiêu": e.indicator.id,
                    "Chỉ tiêu": e.indicator.label,
                    "Đơn vị": e.indicator.unit,
                    "Mã bản ghi": rows["record_id"],
                    "Tệp": rows["source_file"],
                    "Tên tệp": rows["source_file"].map(file_name),
                    "Trang tính": rows["source_sheet"],
                    "Dòng": rows["source_row"],
                    "Giá trị đếm": rows["item"] if "item" in rows else pd.NA,
                    "Tính vào số liệu": rows["value"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(ROW_HEADINGS))


class Explained:
    """What a report adds for its appendix (:class:`~lkdata.report.document.ReportDocument` is one): it has
    ``period``, ``tables``, ``plan_data``, ``places`` (the profile's words), ``kind_names`` (catalogue code ->
    name) and ``office_list``
    (writes an office-only workbook, returns where)."""

    def explanations(self, results_section: str = "II") -> Block:
        """The appendix “Giải thích số liệu” that the task tables' figures link to: each indicator's
        definition, sources and rows counted per file (no row's content); the full lists of rows go to an
        office-only workbook beside the processed data (file, sheet and row of each record), which the appendix
        says the office keeps. ``results_section``: the report's section whose subsections are the plan's tasks
        (``II``: task III.1 is section II.1), said beside each task's number."""
        tables = prepared(self.tables)
        found = [explain(ind.id, self.period, tables, plan=self.plan_data, names=self.kind_names)
                 for ind in self.plan_data.indicators]  # fmt: skip
        path = self.office_list(row_lists(found), f"giai_thich_so_lieu_{self.period.slug}.xlsx")
        attached = attached_to(self.ward, self.ward_name, report_year(self.period), self.report_date)
        sections = {t: f"{results_section}.{self.plan_data.task_number(t)}" for t in self.plan_data.tasks}
        return appendix(
            found,
            tasks=self.plan_data.tasks,
            workbook=path.name,
            sub_unit=self.places.sub_unit,
            attached=attached,
            sections=sections,
        )
