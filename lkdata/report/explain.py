"""How a figure is explained where it is read: one indicator in JupyterLab or at the command line
(:class:`ExplanationView`), and every indicator of a report in its appendix “Giải thích số liệu”
(:func:`appendix`), which the task tables' figures link to (:func:`anchor`).

The appendix is shared: it gives each indicator's definition, the files its rows came from (by their base
name, as the analyst sent them: no folder of the office's) and how many rows of each it counts, never a
row's content. The full lists of rows go to an office-only workbook (:func:`row_lists`).
"""

from __future__ import annotations

import pandas as pd

from ..plan.explain import Explanation, explain, file_name, per_file
from ..plan.selections import prepared
from ..vn.fmt import fmt_date, fmt_figure, fmt_number
from ..vn.places import DEFAULT_SUB_UNIT
from .html import Block, capital, esc

__all__ = ["APPENDIX_ID", "ROW_HEADINGS", "Explained", "ExplanationView", "anchor", "appendix", "row_lists"]

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


def appendix(explanations: list[Explanation], *, tasks: dict[str, str], workbook: str | None = None,
             sub_unit: str = DEFAULT_SUB_UNIT) -> Block:  # fmt: skip
    """The appendix “Giải thích số liệu” of a report: for each indicator, in the plan's order and under its
    task, the definition, the sources, and per source file (base name) the rows counted and what they add.

    Parameters
    ----------
    explanations : list of Explanation
        One per indicator of the report's tables, for the report's period.
    tasks : dict
        Task id -> title (the plan's).
    workbook : str, optional
        The base name of the office-only workbook that lists every row, named at the appendix's head.
    """
    if not explanations:
        return Block("", "", {"kind": "appendix"})
    period = explanations[0].period
    parts = [
        f'<section class="phu-luc" id="{APPENDIX_ID}">',
        '<p class="phu-luc-title">PHỤ LỤC</p>',
        '<p class="phu-luc-title">GIẢI THÍCH SỐ LIỆU</p>',
        f'<p class="phu-luc-sub">(Kèm theo báo cáo kết quả thực hiện kế hoạch {esc(period.label)}; số liệu tính đến '
        f"ngày {fmt_date(period.cutoff)})</p>",
        '<p class="phu-luc-intro">Mỗi chỉ tiêu trong các bảng của báo cáo được giải thích dưới đây: cách hiểu, ngày'
        " tính số liệu, nguồn số liệu, cách xử lý thông tin còn thiếu, và số dòng được tính của từng tệp số liệu"
        " đã nhận. Bấm vào một số liệu trong bảng để đến phần giải thích của nó."
        + (
            " Danh sách đầy đủ các dòng được tính (mã bản ghi, tệp, trang tính, dòng) có danh sách kèm theo, lưu tại"
            " bộ phận chuyên môn."
            if workbook
            else ""
        )
        + "</p>",
    ]
    parts.append(_conventions(explanations[0], sub_unit))
    task = None
    for n, e in enumerate(explanations, 1):
        ind = e.indicator
        if ind.task != task:
            task = ind.task
            parts.append(f'<p class="phu-luc-task">Nhiệm vụ {esc(task)}. {esc(capital(tasks.get(task, "")))}</p>')
        parts.append(_entry(n, e))
    parts.append("</section>")
    # the Word copy (written from the blocks' models) ends with the signature: it skips a model of this kind
    # (the workbook annex "Phụ lục số liệu" takes its definitions sheet from the same model)
    definitions = [{"id": e.indicator.id, "label": e.indicator.label, "unit": e.indicator.unit,
                    "task": e.indicator.task, "text": " ".join(e.definition)} for e in explanations]  # fmt: skip
    return Block("<!-- phu-luc -->" + "".join(parts) + "<!-- /phu-luc -->", "Phụ lục: Giải thích số liệu",
                 {"kind": "appendix", "title": "Phụ lục: Giải thích số liệu", "definitions": definitions})  # fmt: skip


#: The parts of a definition each entry of the appendix gives (the period's dates, last year's rule and the
#: treatment of an empty value are said once, at its head: :func:`_conventions`).
_SHOWN = ("counts", "how", "unknown", "caveats")


def _conventions(e: Explanation, sub_unit: str) -> str:
    """The rules every entry shares, said once at the head of the appendix (``sub_unit``: the profile's word
    for its sub-units, ``khu phố``, ``ấp``)."""
    p, prev = e.period, e.period.previous()
    rules = [
        f"Chỉ tiêu tại một thời điểm (HTX, THT đang hoạt động, chứng nhận, chuỗi liên kết đang thực hiện...) tính những"
        f" gì còn hiệu lực đến ngày chốt số liệu {fmt_date(p.cutoff)}; chỉ tiêu phát sinh trong kỳ (lớp tập huấn,"
        f" HTX thành lập mới, dự án được phê duyệt...) tính từ ngày {fmt_date(p.start)} đến ngày {fmt_date(p.cutoff)},"
        " tính cả hai ngày.",
        f"Cùng kỳ năm {prev.year}: cùng quy tắc, tính đến ngày {fmt_date(prev.cutoff)}; thông tin không ghi ngày (số"
        " thành viên, bán hàng trên sàn, mã số vùng trồng...) lấy theo dữ liệu lưu qua các lần làm sạch, chưa có thì"
        " ghi “chưa có số liệu”.",
        f"Thông tin để trống là chưa rõ, không bao giờ được coi là “không” hay 0; {sub_unit} chưa gửi số liệu ghi “chưa"
        " gửi số liệu”; chỉ tiêu năm chưa được giao ghi “chưa giao”.",
        "Số liệu làm tròn nửa lên (156,25 ghi 156,3); trong bảng, tiền ghi bằng triệu đồng.",
    ]
    return '<p class="phu-luc-task">Quy ước chung</p>' + "".join(f'<p class="gt-text">- {esc(r)}</p>' for r in rules)


def _entry(n: int, e: Explanation) -> str:
    """One indicator of the appendix: its figure, what counts and how, its sources, and per source file (by its
    base name) the rows counted and what they add."""
    ind = e.indicator
    unit = ind.unit
    files = per_file(e.rows)
    said = [e.parts[k] for k in _SHOWN if k in e.parts] + ([e.parts["year_ago"]] if ind.undated else [])
    each = [f"{esc(r.file)}: {fmt_number(r.rows)} dòng ({esc(_amount(r.value, unit))} {esc(unit)})"
            for r in files.itertuples()]  # fmt: skip
    if len(each) > 1:
        each.append(f"cộng {fmt_number(len(e.rows))} dòng")
    counted = "; ".join(each) if each else "không có dòng nào được tính trong kỳ"
    note = f'<p class="gt-note"><i>Ghi chú kỳ này:</i> {esc(e.note)}.</p>' if e.note else ""
    return (
        f'<div class="gt-entry" id="{anchor(ind.id)}">'
        f'<p class="gt-title">{n}. {esc(ind.label)} ({esc(unit)}): {esc(_amount(e.total, unit))}</p>'
        f'<p class="gt-text">{esc(" ".join(said))}</p>'
        f'<p class="gt-text"><i>Nguồn:</i> {esc("; ".join(e.sources))}. <i>Số dòng được tính theo tệp:</i> '
        f"{counted}.</p>{note}</div>"
    )


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

    def explanations(self) -> Block:
        """The appendix “Giải thích số liệu” that the task tables' figures link to: each indicator's
        definition, sources and rows counted per file (no row's content); the full lists of rows go to an
        office-only workbook beside the processed data, which the appendix names by its file name."""
        tables = prepared(self.tables)
        found = [explain(ind.id, self.period, tables, plan=self.plan_data, names=self.kind_names)
                 for ind in self.plan_data.indicators]  # fmt: skip
        path = self.office_list(row_lists(found), f"giai_thich_so_lieu_{self.period.slug}.xlsx")
        return appendix(found, tasks=self.plan_data.tasks, workbook=path.name, sub_unit=self.places.sub_unit)
