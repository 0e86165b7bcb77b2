"""Reporting rates after DHIS2: per khu phố (rows) and month (columns), how many records a dataset holds
dated in that month, and the months in which a khu phố sent nothing.

Only the datasets whose records carry both a khu phố and a date of their own, and arrive as a stream
over the year, take part: households (the day they were registered) and activities (held). Plots carry
a year, not a date, linkages no khu phố, and a cooperative's founding is a rare event, not a report.
A record with no date is never put in a month: it is counted in its own column, so the row still adds
up to everything the khu phố sent.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..plan.periods import Period
from ..vn.fmt import fmt_date, fmt_number, fmt_percent
from ..vn.places import Places
from .annex import AnnexTable
from .html import Block, esc

__all__ = ["DATED", "NOTHING", "month_columns", "reporting_annex", "reporting_html", "reporting_matrix"]

#: dataset -> (its date column, how the report names the dataset)
DATED: dict[str, tuple[str, str]] = {
    "producers": ("registered_on", "Hộ sản xuất (theo ngày đăng ký)"),
    "activities": ("held_on", "Hoạt động (theo ngày tổ chức)"),
}

#: How a cell whose khu phố sent nothing dated in that month shows.
NOTHING = "–"
NO_KHU_PHO = f"Không ghi {Places().sub_unit}"  #: Long Khánh's words; another profile's: :func:`_no_sub_unit`
UNDATED = "Không ghi ngày"
TOTAL = "Tổng"
MONTHS_SENT = "Số tháng có số liệu"


def months(period: Period) -> list[tuple[dt.date, dt.date]]:
    """The months from the period's start to its cut-off: (first day, last day counted) each."""
    out, day = [], period.start.replace(day=1)
    while day <= period.cutoff:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append((max(day, period.start), min(nxt - dt.timedelta(days=1), period.cutoff)))
        day = nxt
    return out


def month_columns(period: Period) -> list[str]:
    """Column labels: ``Tháng 1/2026`` ..., the last one ``Tháng 5/2026 (đến 05/5)`` when the cut-off
    falls inside it."""
    labels = []
    for first, last in months(period):
        label = f"Tháng {first.month}/{first.year}"
        end_of_month = (last + dt.timedelta(days=1)).month != last.month
        labels.append(label if end_of_month else f"{label} (đến {fmt_date(last)[:-5]})")
    return labels


def _no_sub_unit(places: Places | None) -> str:
    """``Không ghi khu phố``, ``Không ghi ấp``: the row of records that name no sub-unit."""
    return f"Không ghi {(places or Places()).sub_unit}"


def reporting_matrix(tables: dict[str, pd.DataFrame], period: Period, khu_pho: list[str],
                     places: Places | None = None) -> dict[str, pd.DataFrame]:  # fmt: skip
    """Per dataset, a frame indexed by khu phố (catalogue order, then records that name none when there
    are any), one column per month of the period (records dated in it), ``Không ghi ngày`` (records of
    the khu phố with no date), and ``Số tháng có số liệu``. Counts are whole numbers; 0 is a month the
    khu phố sent nothing dated in. ``places``: the profile's words (Long Khánh's by default)."""
    labels = month_columns(period)
    out = {}
    no_sub_unit = _no_sub_unit(places)
    for dataset, (column, _) in DATED.items():
        df = tables[dataset]
        place = df["khu_pho"].astype(object).where(df["khu_pho"].notna(), no_sub_unit)
        dates = pd.to_datetime(df[column])
        rows = list(khu_pho) + ([no_sub_unit] if (place == no_sub_unit).any() else [])
        frame = pd.DataFrame(0, index=pd.Index(rows, name="khu_pho"), columns=[*labels, UNDATED], dtype="int64")
        for label, (first, last) in zip(labels, months(period), strict=True):
            inside = dates.between(pd.Timestamp(first), pd.Timestamp(last))
            frame[label] = place[inside].value_counts().reindex(rows, fill_value=0).astype("int64")
        frame[UNDATED] = place[dates.isna()].value_counts().reindex(rows, fill_value=0).astype("int64")
        frame[MONTHS_SENT] = (frame[labels] > 0).sum(axis=1).astype("int64")
        out[dataset] = frame
    return out


def reporting_html(matrix: dict[str, pd.DataFrame], period: Period, first_table: int,
                   places: Places | None = None) -> Block:  # fmt: skip
    """One table per dataset, numbered from ``first_table``: the months a khu phố sent nothing show
    :data:`NOTHING`, shaded; a totals row under each (``places``: the profile's words)."""
    words = places or Places()
    parts = []
    n_months = len(month_columns(period))
    for k, (dataset, frame) in enumerate(matrix.items()):
        caption = f"Bảng {first_table + k}. Số bản ghi theo tháng: {DATED[dataset][1]}"
        head = "".join(f"<th>{esc(h)}</th>" for h in [words.sub_title, *frame.columns])
        body = []
        for name, row in frame.iterrows():
            cells = [f'<td class="txt">{esc(name)}</td>']
            for j, (col, v) in enumerate(row.items()):
                if j < n_months and v == 0:
                    cells.append(f'<td class="num nothing" title="không có bản ghi">{NOTHING}</td>')
                elif col == MONTHS_SENT:
                    cells.append(f'<td class="num">{v}/{n_months}</td>')
                else:
                    cells.append(f'<td class="num">{fmt_number(v)}</td>')
            body.append(f"<tr>{''.join(cells)}</tr>")
        totals = frame.drop(columns=MONTHS_SENT).sum()
        body.append(
            f'<tr class="total"><td class="txt"><b>{TOTAL}</b></td>'
            + "".join(f'<td class="num"><b>{fmt_number(v)}</b></td>' for v in totals)
            + "<td></td></tr>"
        )
        parts.append(
            f'<div class="table-block"><p class="table-caption">{esc(caption)}</p><table class="bang reporting">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
    rate = _rate(matrix, n_months)
    legend = (
        f'<p class="table-note">“{NOTHING}”: {esc(words.sub_unit)} không có bản ghi nào ghi ngày trong tháng đó. '
        f"Tỷ lệ ô tháng có số liệu: {fmt_percent(rate)}.</p>"
    )
    return Block("".join(parts) + legend, f"Bảng {first_table}")


def _rate(matrix: dict[str, pd.DataFrame], n_months: int) -> float:
    cells = sum(len(f) * n_months for f in matrix.values())
    sent = sum(int(f[MONTHS_SENT].sum()) for f in matrix.values())
    return sent / cells * 100 if cells else float("nan")


def reporting_annex(matrix: dict[str, pd.DataFrame], period: Period, places: Places | None = None) -> list[AnnexTable]:
    """The same matrix as workbook sheets, one per dataset (an empty cell where nothing was sent)."""
    words = places or Places()
    out = []
    for dataset, frame in matrix.items():
        n_months = len(month_columns(period))
        rows = []
        for name, row in frame.iterrows():
            values = [None if (j < n_months and v == 0) else int(v) for j, v in enumerate(row)]
            rows.append([name, *values])
        totals = frame.drop(columns=MONTHS_SENT).sum()
        rows.append([TOTAL, *(int(v) for v in totals), None])
        out.append(
            AnnexTable(
                caption=f"Số bản ghi theo tháng: {DATED[dataset][1]} ({period.label})",
                columns=[words.sub_title, *frame.columns],
                rows=rows,
                decimals=[None, *[0] * len(frame.columns)],
                sheet=DATED[dataset][1].split(" (")[0],
                notes=[f"Ô trống: {words.sub_unit} không có bản ghi nào ghi ngày trong tháng đó; {MONTHS_SENT.lower()}"
                       f" trên {n_months} tháng."],
            )
        )  # fmt: skip
    return out
