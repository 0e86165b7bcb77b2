"""Tables as an Excel annex ("Phụ lục số liệu"): what :mod:`lkdata.io.annex` writes, one sheet each.

An :class:`AnnexTable` holds values, not text: numbers stay numbers (the workbook shows them with the
reader's separators, ``1.234,5`` on a Vietnamese Windows), dates stay dates, an empty cell is a value
nobody knows. Nothing here names a person: the tables are the report's, and the indicators'.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from ..plan.catalogue import KIND_EXPLAINED, Plan
from ..plan.periods import Period
from ..vn.fmt import figure_decimals, fmt_date, round_half_up
from .decree30 import DRAFT_MARK
from .html import NO_PREVIOUS, NO_TARGET

__all__ = [
    "FIGURE",
    "AnnexTable",
    "definitions_table",
    "document_marks",
    "figure_value",
    "indicators_table",
    "tables_from_blocks",
]


@dataclass
class AnnexTable:
    """One sheet: a caption, column headers, rows of values, and per column how a number shows: a
    number of decimals, :data:`FIGURE` (as many as the figure has, at most one), ``None`` (a text column)."""

    caption: str
    columns: list[str]
    rows: list[list]
    decimals: list[int | str | None]
    sheet: str = ""  #: the sheet's name (at most 31 characters; made from the caption when empty)
    notes: list[str] = field(default_factory=list)  #: lines printed under the table
    #: rows of cells printed between the caption and the column headers (a block of key, label, value)
    header: list[list] = field(default_factory=list)
    #: the Excel number format of single cells (``(row, column)`` in :attr:`rows`), where it is not the
    #: column's (a document's table: each number with the decimals the document printed)
    cell_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    #: why a cell of :attr:`rows` is empty, shown as the cell's note (``(row, column)`` -> text)
    cell_notes: dict[tuple[int, int], str] = field(default_factory=dict)
    #: how many columns, from the first, are printed (``None``: all; the rest are for a program)
    print_columns: int | None = None
    #: over how many columns the second cell of each :attr:`header` row spans (merged, wrapped)
    header_span: int = 1
    #: whether the first :attr:`header` row holds the block's headings (bold, framed)
    header_headings: bool = False

    def __post_init__(self) -> None:
        if len(self.decimals) != len(self.columns) or any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError(f"{self.caption}: every row needs one value per column")


#: A column of figures shown as every document shows them (:func:`~lkdata.vn.fmt.figure_decimals`).
FIGURE = "figure"


def _figure(value: float | None) -> float | None:
    """A figure rounded as the documents round it (half up, :func:`~lkdata.vn.fmt.figure_decimals`
    places), or ``None`` for an unknown one: never a default."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(round_half_up(value, figure_decimals(value)))


def _percent(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(round_half_up(value, 1))


def indicators_table(df: pd.DataFrame, period: Period, plan: Plan) -> AnnexTable:
    """The indicators of ``period`` (the frame :func:`lkdata.indicators` returns) as one sheet: this
    period, the estimate to the period's end (six-month reports), last year, the change, the target."""
    partial = period.is_partial
    columns = ["TT", "Nhiệm vụ", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", f"Đến {fmt_date(period.cutoff)}"]
    decimals: list[int | str | None] = [0, None, None, None, None, FIGURE]
    if partial:
        columns.append(f"Ước đến {fmt_date(period.end)}")
        decimals.append(FIGURE)
    columns += [
        f"Cùng kỳ {period.previous().year}",
        "So cùng kỳ (%)",
        f"Chỉ tiêu năm {period.year}",
        "Đạt (%)",
        "Ghi chú",
    ]
    decimals += [FIGURE, 1, FIGURE, 1, None]
    rows = []
    for i, r in enumerate(df.itertuples(), 1):
        ratio = r.value / r.previous * 100 if r.previous and r.previous == r.previous else float("nan")
        row = [i, f"{plan.task_number(r.task)}. {plan.tasks[r.task]}", r.indicator, r.label, r.unit]
        row.append(_figure(r.value))
        if partial:
            row.append(_figure(r.estimate))
        notes = [n for n in (r.unknown_note, "" if r.target == r.target else "chưa giao chỉ tiêu") if n]
        if r.previous != r.previous:
            notes.append("chưa có số liệu cùng kỳ")
        row += [_figure(r.previous), _percent(ratio), _figure(r.target), _percent(r.attainment_pct),
                "; ".join(notes) or None]  # fmt: skip
        rows.append(row)
    return AnnexTable(
        caption=f"Chỉ tiêu kỳ {period.label} (số liệu đến ngày {fmt_date(period.cutoff)})",
        columns=columns,
        rows=rows,
        decimals=decimals,
        sheet="Chỉ tiêu",
        notes=["Số tiền tính bằng đồng; diện tích bằng ha; ô trống: chưa có số liệu."],
    )


def definitions_table(plan: Plan, period: Period, describe=None) -> AnnexTable:
    """What each indicator counts: its task, unit, kind (a stock at the cut-off or a flow in the
    period), the table it reads and, when ``describe`` is given (``indicator id -> text``), the
    definition in words."""
    rows = []
    for ind in plan.indicators:
        text = describe(ind.id) if describe else None
        rows.append([ind.id, ind.label, ind.unit, KIND_EXPLAINED[ind.kind], ind.table, text])
    return AnnexTable(
        caption=f"Định nghĩa các chỉ tiêu (kỳ {period.label})",
        columns=["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Cách tính", "Bảng dữ liệu", "Định nghĩa"],
        rows=rows,
        decimals=[None] * 6,
        sheet="Định nghĩa",
    )


_FIGURE_TEXT = re.compile(r"^(?P<sign>[-−]?)(?P<int>\d{1,3}(?:\.\d{3})*|\d+)(?:,(?P<frac>\d+))?(?P<pct>%?)$")


def figure_value(text: str) -> float | int | None:
    """The number a document printed (``1.234,5`` -> ``1234.5``, ``121,5%`` -> ``121.5``, ``-3`` -> ``-3``),
    or ``None`` when the text is not one printed figure (``-`` alone, ``chưa giao``, ``Khu phố 2``)."""
    m = _FIGURE_TEXT.match(text.strip())
    if not m:
        return None
    whole = int(m["int"].replace(".", ""))
    value = float(f"{whole}.{m['frac']}") if m["frac"] else whole
    return -value if m["sign"] else value


#: Under a table whose document printed ``-`` somewhere: what the empty cells mean.
DASH_LEGEND = (
    "Ô trống có ghi chú (góc ô có dấu đỏ): báo cáo in “-” ở ô đó, nghĩa là không có số để ghi, không "
    "phải số 0; ghi chú của ô nói lý do."
)


def document_marks(blocks: list[dict], *, draft: bool) -> list[str]:
    """The lines that open every sheet of a document's workbook, as its PDF marks every page: ``DỰ THẢO`` while
    the document is a draft (``draft``: placeholders remain), and the sample-data banner when its header says
    the figures are the sample's (``DỮ LIỆU MẪU - ...``)."""
    marks = [DRAFT_MARK] if draft else []
    header = next((b for b in blocks if b.get("kind") == "header"), {})
    if header.get("sample") and header.get("banner"):
        marks.append(str(header["banner"]))
    return marks


def _printed_format(text: str) -> str:
    """The Excel number format that shows a number as the document printed it: as many decimals (``100,0``
    keeps one), and a percent sign when it had one (``121,5%``; the value stays 121.5)."""
    t = text.strip()
    frac = t.split(",", 1)[1].rstrip("%") if "," in t else ""
    return "#,##0" + ("." + "0" * len(frac) if frac else "") + ('"%"' if t.endswith("%") else "")


def _dash_note(head: list[str], texts: list[str], j: int) -> str:
    """Why the document printed ``-`` in column ``j`` of a row (``texts``): no target set (no attainment), no
    year-ago figure or a zero one (no comparison), else no figure."""
    column = head[j].strip().casefold()
    row = [t.strip() for t in texts]
    if column.startswith("đạt") and NO_TARGET in row:
        why = "chưa giao chỉ tiêu năm, nên không tính tỷ lệ đạt"
    elif column.startswith("so cùng kỳ"):
        before = next((k for k, h in enumerate(head) if h.strip().casefold().startswith("cùng kỳ")), None)
        if NO_PREVIOUS in row:
            why = "chưa có số liệu cùng kỳ, nên không so sánh được"
        elif before is not None and figure_value(row[before]) == 0:
            why = "cùng kỳ bằng 0, nên không tính được tỷ lệ"
        else:
            why = "không tính được tỷ lệ so với cùng kỳ"
    else:
        why = "không có số liệu"
    return f"Báo cáo in “-”: {why}. Ô để trống, không phải số 0."


def tables_from_blocks(blocks: list[dict]) -> list[AnnexTable]:
    """The tables of a rendered document (the models its blocks show: ``kind == "table"``), in order, as
    annex sheets named by their number (``Bảng 3``): a cell that prints one figure becomes that number (as
    rounded in the document, shown with the decimals it printed: ``100,0``), ``-`` an empty cell with a note
    saying why (:func:`_dash_note`; never a dash that reads as zero), any other cell its text; the first
    ``text_columns`` stay text. The definitions of the appendix (``kind == "appendix"``), when there are any,
    make a last sheet ``Định nghĩa`` (the indicator's name first, its id last). The table's ``notes`` go under
    it."""
    definitions = None
    out = []
    for block in blocks:
        if block.get("kind") == "appendix" and block.get("definitions"):
            rows = [[d["label"], d["task"], d["unit"], d["text"], d["id"]] for d in block["definitions"]]
            definitions = AnnexTable(caption="Định nghĩa các chỉ tiêu (Phụ lục: Giải thích số liệu)",
                                     columns=["Chỉ tiêu", "Nhiệm vụ", "Đơn vị", "Định nghĩa", "Mã chỉ tiêu"],
                                     rows=rows, decimals=[None] * 5, sheet="Định nghĩa")  # fmt: skip
            continue
        if block.get("kind") != "table":
            continue
        caption = str(block["caption"])
        head = [str(h) for h in block["head"]]
        text_columns = int(block.get("text_columns", 1))
        rows, decimals = [], [None if j < text_columns else FIGURE for j in range(len(head))]
        formats: dict[tuple[int, int], str] = {}
        notes: dict[tuple[int, int], str] = {}
        for i, row in enumerate(block["rows"]):
            texts = [str(c["text"]) if isinstance(c, dict) else str(c) for c in row]
            texts += [""] * (len(head) - len(texts))  # a short row's last cell spans the rest in the document
            values: list = []
            for j, t in enumerate(texts[: len(head)]):
                number = figure_value(t) if j >= text_columns else None
                if number is not None:
                    formats[i, j] = _printed_format(t)
                elif j >= text_columns and t.strip() == "-":
                    notes[i, j] = _dash_note(head, texts, j)
                values.append(number if number is not None else (t if t.strip() and t.strip() != "-" else None))
            rows.append(values)
        number = re.match(r"^(Bảng \d+)", caption)
        under = [str(n) for n in block.get("notes", [])] + ([DASH_LEGEND] if notes else [])
        out.append(AnnexTable(caption=caption, columns=head, rows=rows, decimals=decimals,
                              sheet=number.group(1) if number else caption, cell_formats=formats, cell_notes=notes,
                              notes=under))  # fmt: skip
    return out + ([definitions] if definitions else [])
