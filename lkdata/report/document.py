"""What a report notebook calls: a period's figures as Vietnamese phrases, its tables and charts, the
analyst's notes, and the blocks of an administrative document under Decree 30/2020/NĐ-CP.

A notebook opens the report once::

    R = lkdata.open_report("2026-H1")
    F, md = R.facts, R.md
    R.header()
    md(f"Trong kỳ, phường đã tổ chức {F.training_courses} tập huấn ({F.training_courses.change}).")

Every block is a display object (``_repr_html_`` or ``_repr_markdown_``): the last expression of a
cell shows it in JupyterLab, and nbconvert renders it into the document. Nothing here names a person:
reports carry counts and aggregates (organisations may be named).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import Paths
from ..plan.indicators import TASKS, breakdown, indicators, selected
from ..plan.periods import Period, parse_period
from ..vn.fmt import fmt_change, fmt_date, fmt_date_long, fmt_money, fmt_number, fmt_percent
from ..vn.text import fold

__all__ = [
    "SAMPLE_BANNER",
    "Block",
    "BriefDocument",
    "Fact",
    "Facts",
    "Markdown",
    "Notes",
    "ReportDocument",
]

#: Printed on every page of a report made from the synthetic sample.
SAMPLE_BANNER = "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức"

#: The notes file's sections (``## <heading>``), matched on the folded start of the heading.
NOTE_SECTIONS: dict[str, str] = {
    "ket qua": "Kết quả nổi bật",
    "kho khan": "Khó khăn, vướng mắc",
    "nguyen nhan": "Nguyên nhân",
    "nhiem vu": "Nhiệm vụ, giải pháp kỳ tới",
    "de xuat": "Đề xuất, kiến nghị",
}
_TASK_HEADING = re.compile(r"^(III\.[1-7]|IV)\b", re.IGNORECASE)


# --- display objects ---------------------------------------------------------------------------------


class Markdown:
    """Narrative text: Markdown, shown as such in JupyterLab and rendered by nbconvert."""

    def __init__(self, text: str):
        self.text = textwrap.dedent(text).strip() + "\n"

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class Block:
    """A piece of the document as HTML (header, table, chart, signature block)."""

    def __init__(self, html_text: str, plain: str = ""):
        self.html = html_text
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain or re.sub(r"<[^>]+>", " ", self.html).strip()


# --- figures as phrases ------------------------------------------------------------------------------


def _decimals(unit: str, value: float) -> int:
    """Whole figures without decimals (``600 ha``, ``8 lớp``); others with one (``768,6 ha``)."""
    return 0 if float(round(value, 1)).is_integer() else 1


def quantity(value: float, unit: str) -> str:
    """A figure with its unit, the Vietnamese way: ``8 lớp``, ``101,9 ha``, ``1,5 tỷ đồng``."""
    if unit == "đồng":
        return fmt_money(value)
    return f"{fmt_number(value, _decimals(unit, value))} {unit}"


@dataclass(frozen=True)
class Fact:
    """One indicator of the period, ready for a sentence: ``f"{F.training_courses}"`` -> ``8 lớp``."""

    id: str
    label: str
    unit: str
    value: float
    previous: float
    estimate: float
    target: float | None
    period: Period

    def __str__(self) -> str:
        return quantity(self.value, self.unit)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @property
    def number(self) -> str:
        """The figure without its unit: ``8``, ``101,9``."""
        if self.unit == "đồng":
            return fmt_money(self.value).removesuffix(" đồng")
        return fmt_number(self.value, _decimals(self.unit, self.value))

    @property
    def last_year(self) -> str:
        """Last year's figure for the same period, with its unit."""
        return quantity(self.previous, self.unit)

    @property
    def change(self) -> str:
        """``tăng 33,3% so với cùng kỳ``, ``bằng cùng kỳ``, ``cùng kỳ chưa phát sinh``..."""
        return fmt_change(self.value, self.previous)

    @property
    def vs_target(self) -> str:
        """``đạt 50,0% chỉ tiêu năm 2026 là 16 lớp``, or ``chưa giao chỉ tiêu`` when there is none."""
        if self.target is None or self.target != self.target or self.target == 0:
            return "chưa giao chỉ tiêu"
        pct = self.value / self.target * 100
        return f"đạt {fmt_percent(pct)} chỉ tiêu năm {self.period.year} là {quantity(self.target, self.unit)}"

    @property
    def estimated(self) -> str:
        """``ước 10 lớp đến ngày 30/6/2026`` (the figure itself when the period is complete)."""
        if not self.period.is_partial:
            return str(self)
        return f"ước {quantity(self.estimate, self.unit)} đến ngày {fmt_date(self.period.end)}"


class Facts:
    """The period's indicators as :class:`Fact` attributes (``F.training_courses``)."""

    def __init__(self, table: pd.DataFrame, period: Period):
        self._facts = {
            r.indicator: Fact(
                r.indicator,
                r.label,
                r.unit,
                float(r.value),
                float(r.previous),
                float(r.estimate),
                None if pd.isna(r.target) else float(r.target),
                period,
            )
            for r in table.itertuples()
        }

    def __getattr__(self, name: str) -> Fact:
        try:
            return self.__dict__["_facts"][name]
        except KeyError:
            known = ", ".join(sorted(self.__dict__.get("_facts", {})))
            raise AttributeError(f"Không có chỉ tiêu '{name}'. Các chỉ tiêu: {known}") from None

    def __getitem__(self, name: str) -> Fact:
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        return sorted(self._facts)


# --- the analyst's notes ----------------------------------------------------------------------------


@dataclass
class Notes:
    """The notes file of a period: Markdown, one ``## <heading>`` per section.

    Sections: ``Kết quả nổi bật``, ``Khó khăn, vướng mắc``, ``Nguyên nhân``, ``Nhiệm vụ, giải pháp
    kỳ tới``, ``Đề xuất, kiến nghị``, and optionally one per task (``## III.1 ...``) whose text follows
    that task's figures.
    """

    path: Path
    sections: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    exists: bool = False

    @classmethod
    def parse(cls, text: str | None, path: Path) -> Notes:
        """The notes in ``text`` (the content of ``path``; ``None`` when the office wrote no file)."""
        notes = cls(Path(path), exists=text is not None)
        if text is None:
            return notes
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        key, lines = None, []
        for line in [*text.splitlines(), "## "]:
            if line.startswith("## "):
                if key is not None and "\n".join(lines).strip():
                    notes.sections[key] = "\n".join(lines).strip()
                heading = line[3:].strip()
                key = _section_key(heading)
                if key is None and heading:
                    notes.unknown.append(heading)
                lines = []
            elif key is not None:
                lines.append(line)
        return notes


def _section_key(heading: str) -> str | None:
    if m := _TASK_HEADING.match(heading):
        return m.group(1).upper()
    folded = fold(heading)
    return next((k for k in NOTE_SECTIONS if folded.startswith(k)), None)


# --- the report -------------------------------------------------------------------------------------


def _relative_text(path: Path) -> str:
    try:
        return path.resolve().relative_to(Paths.default().root.resolve()).as_posix()
    except ValueError:
        return str(path)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _in_sentence(label: str) -> str:
    """A label inside a sentence: first letter in lower case unless the word is an abbreviation (HTX)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def _capital(text: object) -> str:
    """``bơ`` -> ``Bơ``: a name starting a table cell or a chart label."""
    text = str(text)
    return text[:1].upper() + text[1:]


def pct(value: float | None) -> str:
    """A percentage in a column headed ``(%)``: ``37,5``; ``-`` when there is none."""
    return "-" if value is None or value != value else fmt_number(value, 1)


def _blank(n: int = 6) -> str:
    return "&nbsp;" * n


class ReportDocument:
    """A report of one period: its data, figures, notes, and the blocks that notebooks display.

    Use :func:`open_report` to make one.
    """

    def __init__(
        self,
        period: Period,
        tables: dict[str, pd.DataFrame],
        ward: dict,
        *,
        notes: Notes,
        sample: bool,
        report_date: dt.date | None,
        targets: dict[str, float],
        next_targets: dict[str, float],
        khu_pho_names: list[str],
        office_list: Callable[[pd.DataFrame, str], Path],
    ):
        self.period = period
        self.previous = period.previous()
        self.tables = tables
        self.ward = ward
        self.notes = notes
        self.sample = sample
        self.report_date = report_date
        self.targets = targets
        self.next_targets = next_targets
        self.khu_pho_names = khu_pho_names
        self.office_list = office_list  # writes an office-only list (names, phones), returns where
        self.table = indicators(period, tables, targets=targets)
        self.facts = Facts(self.table, period)
        self._figures = 0
        self._tables = 0

    # -- small facts about the period ----------------------------------------------------------------

    @property
    def is_annual(self) -> bool:
        return self.period.kind == "year"

    @property
    def label(self) -> str:
        """``6 tháng đầu năm 2026``, ``năm 2026``."""
        return self.period.label

    @property
    def previous_label(self) -> str:
        """``cùng kỳ năm 2025``."""
        return f"cùng kỳ năm {self.previous.year}"

    @property
    def next_label(self) -> str:
        """What the report plans for: ``6 tháng cuối năm 2026`` after H1, ``năm 2027`` after a year."""
        if self.period.kind == "H1":
            return f"6 tháng cuối năm {self.period.year}"
        if self.period.kind in ("H2", "year"):
            return f"năm {self.period.year + 1}"
        return "thời gian tới"

    @property
    def cutoff(self) -> str:
        return fmt_date(self.period.cutoff)

    @property
    def end(self) -> str:
        return fmt_date(self.period.end)

    @property
    def plan(self) -> str:
        """The plan as the report cites it: ``Kế hoạch số 1327/KH-UBND ngày 02/4/2026 của UBND phường``."""
        plan = self.ward.get("plan") or {}
        date = plan.get("date")
        if date and pd.Timestamp(date).year == self.period.year and plan.get("number"):
            day = fmt_date(pd.Timestamp(date).date())
            return f"Kế hoạch số {plan['number']} ngày {day} của Ủy ban nhân dân {self.ward_name}"
        return f"Kế hoạch năm {self.period.year} của Ủy ban nhân dân {self.ward_name}"

    @property
    def ward_name(self) -> str:
        """``phường Long Khánh``."""
        return f"{self.ward.get('ward_kind', 'phường')} {self.ward.get('ward', '')}".strip()

    @property
    def subject(self) -> str:
        """The plan's subject without its year: ``phát triển hợp tác, liên kết ... phường Long Khánh``."""
        title = str((self.ward.get("plan") or {}).get("title", "")).strip()
        title = re.sub(r"\s+năm \d{4}$", "", title)
        return title[:1].lower() + title[1:]

    @property
    def cutoff_statement(self) -> str:
        """Up to which date the figures run, and which are estimates (Markdown)."""
        p = self.period
        text = f"Số liệu trong báo cáo tính đến ngày {self.cutoff}"
        text += f"; so sánh với {self.previous_label} (số liệu đến ngày {fmt_date(self.previous.cutoff)})."
        if p.is_partial:
            text += (
                f" Số liệu ước thực hiện đến ngày {self.end} (cột «Ước đến {self.end}» trong các bảng): các chỉ tiêu"
                " phát sinh trong kỳ được ước theo nhịp độ thực hiện đến ngày chốt số liệu; các chỉ tiêu tính tại"
                " một thời điểm (số HTX, diện tích, chứng nhận...) giữ nguyên số liệu tại ngày chốt."
            )
        return text

    # -- narrative ------------------------------------------------------------------------------------

    @staticmethod
    def md(text: str) -> Markdown:
        """Narrative as Markdown (indentation of a triple-quoted string is removed)."""
        return Markdown(text)

    def heading(self, text: str, level: int = 2) -> Markdown:
        """A heading made from data (``III. NHIỆM VỤ ... 6 THÁNG CUỐI NĂM 2026``)."""
        return Markdown(f"{'#' * level} {text}")

    def note(self, section: str, *, optional: bool = False) -> Markdown | Block | None:
        """A section of the analyst's notes file; when it is missing, a visible placeholder naming
        where to write it (nothing at all for an ``optional`` section)."""
        key = _section_key(section) or section
        if key in self.notes.sections:
            return Markdown(self.notes.sections[key])
        if optional:
            return None
        title = NOTE_SECTIONS.get(key, section)
        where = self._notes_path_text()
        return Block(
            f'<p class="cho-dien">[Chưa có nội dung: ghi mục «## {esc(title)}» vào tệp ghi chú {esc(where)}]</p>',
            f"[Chưa có nội dung: {title} - {where}]",
        )

    def task_note(self, task: str) -> Markdown | None:
        """The analyst's extra text for a task (``## III.1`` in the notes), or nothing."""
        text = self.notes.sections.get(task.upper())
        return Markdown(text) if text else None

    def _notes_path_text(self) -> str:
        path = self.notes.path
        try:
            return path.resolve().relative_to(Paths.default().root.resolve()).as_posix()
        except ValueError:
            return str(path)

    # -- document blocks ------------------------------------------------------------------------------

    def header(self) -> Block:
        """The Decree 30 header: issuing body and national motto, number, place and date, title, summary."""
        w = self.ward
        body = "".join(f"<div>{esc(line)}</div>" for line in w.get("issuing_body", []))
        if self.report_date:
            when = fmt_date_long(self.report_date)
        else:
            when = f"ngày{_blank()}tháng{_blank()}năm {self.period.due.year if self.period.due else self.period.year}"
        banner = f'<div class="sample-banner">{SAMPLE_BANNER}</div>' if self.sample else ""
        number = esc(w.get("report_number", "Số:      /BC-UBND")).replace("  ", "&nbsp;&nbsp;")
        summary = f"Kết quả thực hiện Kế hoạch {self.subject} {self.label}"
        keep = self.ward_name.split(" ", 1)[-1]
        html_text = f"""{banner}
<table class="doc-header">
<tr><td class="issuer">{body}<div class="rule short"></div></td>
<td class="motto"><div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="motto-line">Độc lập - Tự do - Hạnh phúc</div>
<div class="rule long"></div></td></tr>
<tr><td class="number">{number}</td><td class="place-date"><i>{esc(w.get("place", ""))}, {when}</i></td></tr>
</table>
<div class="doc-title">BÁO CÁO</div>
<div class="doc-summary">{esc(summary).replace(esc(keep), esc(keep).replace(" ", "&nbsp;"))}</div>
<div class="rule summary-rule"></div>"""
        return Block(html_text, f"BÁO CÁO - {summary}")

    def footer(self, closing: str = "") -> Block:
        """The closing paragraph, ``Nơi nhận`` and the signature block (from the ward profile), kept on
        one page together."""
        w = self.ward
        recipients = "".join(f"<li>- {esc(r)}</li>" for r in w.get("recipients", []))
        s = w.get("signer") or {}
        name = esc(s.get("name") or "")
        paragraphs = [p for p in re.split(r"\n\s*\n", textwrap.dedent(closing).strip()) if p]
        close = "".join(f"<p>{esc(' '.join(p.split()))}</p>" for p in paragraphs)
        close = f'<section class="md">{close}</section>' if close else ""
        html_text = f"""<div class="doc-end">{close}<table class="doc-footer"><tr>
<td class="recipients"><div class="nn">Nơi nhận:</div><ul>{recipients}</ul></td>
<td class="signature"><div>{esc(s.get("authority", ""))}</div><div>{esc(s.get("title", ""))}</div>
<div class="sign-space"></div><div class="signer">{name or "&nbsp;"}</div></td>
</tr></table></div>"""
        return Block(html_text, "Nơi nhận / chữ ký")

    # -- tables ---------------------------------------------------------------------------------------

    def _caption(self, kind: str, text: str) -> str:
        if kind == "table":
            self._tables += 1
            return f"Bảng {self._tables}. {text}"
        self._figures += 1
        return f"Biểu đồ {self._figures}. {text}"

    @staticmethod
    def _cell(value: float, unit: str) -> str:
        if value != value:
            return "-"
        if unit == "đồng":
            return fmt_number(value / 1e6, 1)
        return fmt_number(value, _decimals(unit, value))

    def task_table(self, task: str) -> Block:
        """The indicators of one task: this period, the estimate, last year, the year's target."""
        rows = self.table[self.table["task"] == task]
        partial = self.period.is_partial
        head = ["TT", "Chỉ tiêu", "Đơn vị", f"Đến {self.cutoff}"]
        if partial:
            head.append(f"Ước đến {self.end}")
        head += [f"Cùng kỳ {self.previous.year}", "So cùng kỳ (%)", f"Chỉ tiêu năm {self.period.year}", "Đạt (%)"]
        body = []
        for i, r in enumerate(rows.itertuples(), 1):
            unit = "triệu đồng" if r.unit == "đồng" else r.unit
            ratio = r.value / r.previous * 100 if r.previous else float("nan")
            cells = [str(i), esc(r.label), esc(unit), self._cell(r.value, r.unit)]
            if partial:
                cells.append(self._cell(r.estimate, r.unit))
            cells += [
                self._cell(r.previous, r.unit),
                pct(ratio),
                self._cell(r.target, r.unit),
                pct(r.attainment_pct),
            ]
            body.append(cells)
        caption = self._caption("table", f"Kết quả {_in_sentence(TASKS[task])}")
        return table_html(caption, head, body, text_columns=3, kind="indicators")

    def khu_pho_table(self) -> Block:
        """Indicators by khu phố, every khu phố of the catalogue (those that sent nothing show 0)."""
        names = list(self.khu_pho_names)
        columns = [
            ("producers_registered", "Hộ sản xuất (hộ)"),
            ("producers_certified", "Hộ có chứng nhận (hộ)"),
            ("certified_area_ha", "Diện tích có chứng nhận (ha)"),
            ("producers_ecommerce", "Hộ bán hàng TMĐT (hộ)"),
            ("coops_active", "HTX, THT (đơn vị)"),
            ("training_participants", "Lượt người dự tập huấn"),
        ]
        values = {}
        for ind, _ in columns:
            b = breakdown(ind, self.period, self.tables, by="khu_pho").set_index("khu_pho")["value"]
            values[ind] = b
        # rows with no khu phố (ward-wide events, records without one) form their own line
        ward_wide = "Toàn phường, không ghi khu phố"
        values = {k: v.rename(index={"(không rõ)": ward_wide}) for k, v in values.items()}
        extra = sorted(set().union(*(v.index for v in values.values())) - set(names) - {ward_wide})
        if any(ward_wide in v.index for v in values.values()):
            extra.append(ward_wide)
        body = []
        totals = dict.fromkeys(values, 0.0)
        for i, name in enumerate([*names, *extra], 1):
            row = [str(i), esc(name)]
            for ind, _ in columns:
                v = float(values[ind].get(name, 0.0))
                totals[ind] += v
                row.append(fmt_number(v, 1 if ind.endswith("_ha") else 0))
            body.append(row)
        body.append(
            ["", "<b>Cộng</b>", *(f"<b>{fmt_number(totals[i], 1 if i.endswith('_ha') else 0)}</b>" for i, _ in columns)]
        )
        caption = self._caption("table", f"Một số chỉ tiêu theo khu phố (đến ngày {self.cutoff})")
        return table_html(caption, ["TT", "Khu phố", *(h for _, h in columns)], body, text_columns=2, kind="khu-pho")

    def linkage_table(self) -> Block:
        """Linkages running in the period, by crop: chains, households, area, output, contract value."""
        df = self.tables["linkages"].loc[selected("linkages_active", self.period, self.tables)]
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
        body = [
            [
                str(i),
                esc(_capital(crop)),
                fmt_number(r.n),
                fmt_number(r.households),
                fmt_number(r.area, 1),
                fmt_number(r.volume, 1),
                fmt_number(r.value / 1e6, 0),
            ]
            for i, (crop, r) in enumerate(agg.iterrows(), 1)
        ]
        t = agg.sum()
        body.append(
            [
                "",
                "<b>Cộng</b>",
                *(
                    f"<b>{x}</b>"
                    for x in (
                        fmt_number(t.n),
                        fmt_number(t.households),
                        fmt_number(t.area, 1),
                        fmt_number(t.volume, 1),
                        fmt_number(t.value / 1e6, 0),
                    )
                ),
            ]
        )
        head = [
            "TT",
            "Sản phẩm",
            "Chuỗi liên kết",
            "Hộ tham gia",
            "Diện tích (ha)",
            "Sản lượng (tấn)",
            "Giá trị hợp đồng (triệu đồng)",
        ]
        caption = self._caption("table", f"Chuỗi liên kết đang thực hiện theo sản phẩm (đến ngày {self.cutoff})")
        return table_html(caption, head, body, text_columns=2)

    def support_table(self) -> Block:
        """Linkage support approved in the period, by support item (NĐ 98/2018, NQ 143/2018)."""
        b = breakdown("support_vnd", self.period, self.tables, by="support_item")
        b = b[(b["value"] > 0) | (b["previous"] > 0)]
        body = [
            [str(i), esc(_capital(r.support_item)), fmt_number(r.value / 1e6, 0), fmt_number(r.previous / 1e6, 0)]
            for i, r in enumerate(b.itertuples(), 1)
        ]
        body.append(
            [
                "",
                "<b>Cộng</b>",
                f"<b>{fmt_number(b['value'].sum() / 1e6, 0)}</b>",
                f"<b>{fmt_number(b['previous'].sum() / 1e6, 0)}</b>",
            ]
        )
        head = [
            "TT",
            "Nội dung hỗ trợ",
            f"Đến {self.cutoff} (triệu đồng)",
            f"Cùng kỳ {self.previous.year} (triệu đồng)",
        ]
        caption = self._caption("table", "Kinh phí hỗ trợ liên kết được phê duyệt theo nội dung hỗ trợ")
        return table_html(caption, head, body, text_columns=2)

    def year_table(self) -> Block:
        """The whole-year view: first half, the year to the cut-off, the estimate, last year, the target."""
        h1 = parse_period(f"{self.period.year}-H1", self.ward)
        first = indicators(h1, self.tables, targets=self.targets).set_index("indicator")
        keys = [
            "training_courses",
            "training_participants",
            "linkages_active",
            "linkage_area_ha",
            "coops_active",
            "coops_new",
            "producers_certified",
            "certified_area_ha",
            "growing_area_codes",
            "ocop_products",
            "fairs",
            "producers_ecommerce",
            "linkages_approved",
            "support_vnd",
            "inspections",
            "budget_spent_vnd",
        ]
        t = self.table.set_index("indicator")
        body = []
        for i, k in enumerate(keys, 1):
            r = t.loc[k]
            unit = "triệu đồng" if r.unit == "đồng" else r.unit
            body.append(
                [
                    str(i),
                    esc(r.label),
                    esc(unit),
                    self._cell(first.at[k, "value"], r.unit),
                    self._cell(r.value, r.unit),
                    self._cell(r.estimate, r.unit),
                    self._cell(r.previous, r.unit),
                    self._cell(r.target, r.unit),
                    pct(r.estimate / r.target * 100 if r.target else None),
                ]
            )
        head = [
            "TT",
            "Chỉ tiêu",
            "Đơn vị",
            f"6 tháng đầu năm (đến {fmt_date(h1.cutoff)})",
            f"Đến {self.cutoff}",
            f"Ước cả năm {self.period.year}",
            f"Cùng kỳ năm {self.previous.year}",
            "Chỉ tiêu năm",
            "Ước đạt (%)",
        ]
        caption = self._caption("table", f"Tổng hợp các chỉ tiêu chủ yếu năm {self.period.year}")
        return table_html(caption, head, body, text_columns=3, kind="indicators")

    def next_targets_table(self) -> Block:
        """Next year's targets, when the office has set them (``targets/<year+1>.yaml``)."""
        year = self.period.year + 1
        if not self.next_targets:
            return Block(
                f'<p class="cho-dien">[Chưa có chỉ tiêu năm {year}: ghi vào tệp '
                f"data/raw/reference/targets/{year}.yaml]</p>",
                f"[Chưa có chỉ tiêu năm {year}]",
            )
        t = self.table.set_index("indicator")
        body = []
        for i, (k, target) in enumerate(self.next_targets.items(), 1):
            r = t.loc[k]
            unit = "triệu đồng" if r.unit == "đồng" else r.unit
            body.append([str(i), esc(r.label), esc(unit), self._cell(r.estimate, r.unit), self._cell(target, r.unit)])
        head = ["TT", "Chỉ tiêu", "Đơn vị", f"Ước thực hiện năm {self.period.year}", f"Chỉ tiêu năm {year}"]
        return table_html(self._caption("table", f"Chỉ tiêu năm {year}"), head, body, text_columns=3)

    # -- office-only lists ---------------------------------------------------------------------------

    def expiring_certificates(self, days: int = 90) -> Markdown:
        """Households whose certificate expires within ``days`` after the cut-off: the list (names, phones)
        goes to an office-only workbook under the processed folder; the report gives the count and where."""
        pr = self.tables["producers"]
        cut = pd.Timestamp(self.period.cutoff)
        certified = pr["gap_standard"].notna() & pr["gap_standard"].ne("không").fillna(False)
        window = pr["gap_expires_on"].between(cut + pd.Timedelta(days=1), cut + pd.Timedelta(days=days))
        soon = pr[certified & window]
        columns = {"name": "Họ và tên chủ hộ", "phone": "Số điện thoại", "khu_pho": "Khu phố",
                   "gap_standard": "Tiêu chuẩn chứng nhận", "gap_expires_on": "Ngày hết hạn",
                   "farm_area_ha": "Diện tích (ha)"}  # fmt: skip
        table = soon.sort_values(["gap_expires_on", "khu_pho"])[list(columns)].rename(columns=columns)
        path = self.office_list(table, f"chung_nhan_sap_het_han_{self.period.key.replace(':', '_')}.xlsx")
        where = _relative_text(path)
        return Markdown(
            f"Có {fmt_number(len(table))} hộ có chứng nhận hết hạn trong {days} ngày sau ngày chốt số liệu, cần được "
            f"hướng dẫn gia hạn; danh sách (có thông tin cá nhân, chỉ dùng nội bộ) tại `{where}`."
        )

    # -- assessment -----------------------------------------------------------------------------------

    @property
    def attainment(self) -> Attainment:
        """How the period stands against the year's targets and last year (counts and labels)."""
        return Attainment.of(self.table, self.period)

    # -- charts ---------------------------------------------------------------------------------------

    def _figure(self, png: bytes, caption: str) -> Block:
        cap = self._caption("figure", caption)
        data = base64.b64encode(png).decode("ascii")
        return Block(
            f'<figure class="chart"><img src="data:image/png;base64,{data}" alt="{esc(cap)}">'
            f"<figcaption>{esc(cap)}</figcaption></figure>",
            cap,
        )

    def _series_names(self) -> tuple[str, str]:
        return (f"Đến {self.cutoff}", f"Cùng kỳ năm {self.previous.year}")

    def participants_chart(self) -> Block:
        """Training participants by kind (households, cooperatives, enterprises), against last year."""
        from .charts import bar_chart

        t = self.table.set_index("indicator")
        keys = ["training_households", "training_cooperatives", "training_enterprises"]
        now, before = self._series_names()
        png = bar_chart(
            ["Hộ sản xuất", "HTX, THT", "Doanh nghiệp"],
            {now: [t.at[k, "value"] for k in keys], before: [t.at[k, "previous"] for k in keys]},
            unit="lượt",
        )
        return self._figure(png, "Lượt tham dự tập huấn theo đối tượng")

    def _breakdown_chart(self, indicator: str, by: str, caption: str, unit: str, decimals: int) -> Block:
        from .charts import bar_chart

        b = breakdown(indicator, self.period, self.tables, by=by)
        if b.empty or not (b["value"].sum() or b["previous"].sum()):
            return Block(f'<p class="chart-empty">{esc(caption)}: chưa phát sinh trong kỳ.</p>')
        top = b.head(10)
        now, before = self._series_names()
        png = bar_chart(
            [_capital(x) for x in top[by]],
            {now: list(top["value"]), before: list(top["previous"])},
            unit=unit,
            decimals=decimals,
        )
        more = f" (10 nhóm lớn nhất trên {len(b)})" if len(b) > 10 else ""
        return self._figure(png, caption + more)

    def certified_area_chart(self) -> Block:
        """Area under a valid certificate, by certification kind."""
        return self._breakdown_chart(
            "certified_area_ha",
            "gap_standard",
            "Diện tích có chứng nhận còn hiệu lực theo loại chứng nhận (ha)",
            "ha",
            1,
        )

    def linked_area_chart(self) -> Block:
        """Area in running linkages, by crop."""
        return self._breakdown_chart("linkage_area_ha", "crop", "Diện tích liên kết theo sản phẩm (ha)", "ha", 1)

    def monthly_activities_chart(self) -> Block:
        """Plan activities held each month of the year, against last year."""
        from .charts import monthly_chart

        acts = self.tables["activities"]
        counts = {}
        for label, p in ((f"Năm {self.period.year}", self.period), (f"Năm {self.previous.year}", self.previous)):
            held = acts["held_on"]
            inside = held.between(pd.Timestamp(p.start), pd.Timestamp(p.cutoff))
            by_month = held[inside].dt.month.value_counts()
            counts[label] = [int(by_month.get(m, 0)) for m in range(1, 13)]
        png = monthly_chart(range(1, 13), counts, unit="hoạt động")
        return self._figure(png, f"Số hoạt động của kế hoạch theo tháng (đến ngày {self.cutoff})")


@dataclass(frozen=True)
class Attainment:
    """Counts for the general assessment: targets met, and figures up or down on last year."""

    with_target: int
    met: int
    half: int
    below_half: int
    up: int
    down: int
    compared: int
    met_labels: tuple[str, ...]
    below_half_labels: tuple[str, ...]

    @classmethod
    def of(cls, table: pd.DataFrame, period: Period) -> Attainment:
        has = table[table["target"].notna() & (table["target"] > 0)]
        pct = has["value"] / has["target"] * 100
        compared = table[table["previous"] > 0]
        return cls(
            with_target=len(has),
            met=int((pct >= 100).sum()),
            half=int(((pct >= 50) & (pct < 100)).sum()),
            below_half=int((pct < 50).sum()),
            up=int((compared["value"] > compared["previous"]).sum()),
            down=int((compared["value"] < compared["previous"]).sum()),
            compared=len(compared),
            met_labels=tuple(_in_sentence(x) for x in has.loc[pct >= 100, "label"]),
            below_half_labels=tuple(_in_sentence(x) for x in has.loc[pct < 50, "label"]),
        )

    @staticmethod
    def listing(labels: tuple[str, ...]) -> str:
        """``a, b và c``; ``không có`` for none."""
        if not labels:
            return "không có"
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} và {labels[-1]}"


# --- khu phố briefs -----------------------------------------------------------------------------------

#: The indicators a khu phố brief shows (those that have a khu phố), in order.
BRIEF_INDICATORS: tuple[str, ...] = (
    "producers_registered", "producers_certified", "certified_area_ha", "growing_area_codes",
    "growing_area_code_area_ha", "producers_ecommerce", "coops_active", "coop_members", "training_courses",
    "training_participants", "budget_spent_vnd",
)  # fmt: skip


def _for_khu_pho(tables: dict[str, pd.DataFrame], khu_pho: str) -> dict[str, pd.DataFrame]:
    """The rows of one khu phố, in every table that has one (linkages span khu phố: left empty)."""
    out = {}
    for name, df in tables.items():
        if "khu_pho" in df.columns:
            out[name] = df[df["khu_pho"] == khu_pho]
        else:
            out[name] = df.iloc[0:0]
    return out


class BriefDocument:
    """A one-page brief of one khu phố for a period: its figures beside the ward's and last year's."""

    def __init__(self, period: Period, khu_pho: str, tables: dict[str, pd.DataFrame], ward: dict, *, sample: bool):
        self.period = period
        self.previous = period.previous()
        self.khu_pho = khu_pho
        self.ward = ward
        self.sample = sample
        self.tables = _for_khu_pho(tables, khu_pho)
        self.table = indicators(period, self.tables, targets={})
        self.ward_table = indicators(period, tables, targets={})
        self.facts = Facts(self.table, period)
        self.ward_facts = Facts(self.ward_table, period)
        self.md = ReportDocument.md

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def cutoff(self) -> str:
        return fmt_date(self.period.cutoff)

    @property
    def has_data(self) -> bool:
        """Whether anything at all was reported for this khu phố."""
        return any(len(df) for df in self.tables.values())

    def header(self) -> Block:
        """Issuing body, the brief's title with the khu phố and period, the cut-off."""
        banner = f'<div class="sample-banner">{SAMPLE_BANNER}</div>' if self.sample else ""
        body = " ".join(self.ward.get("issuing_body", []))
        html_text = f"""{banner}
<div class="brief-issuer">{esc(body)}</div>
<div class="doc-title">TÓM TẮT KẾT QUẢ THỰC HIỆN KẾ HOẠCH</div>
<div class="doc-summary">{esc(self.khu_pho)} - {esc(self.label)}</div>
<div class="brief-cutoff"><i>Số liệu tính đến ngày {self.cutoff}; so sánh với cùng kỳ năm {self.previous.year}
và với toàn phường.</i></div>"""
        return Block(html_text, f"Tóm tắt {self.khu_pho} {self.label}")

    def no_data_note(self) -> Block | None:
        """A visible note when the khu phố sent no data at all (nothing otherwise)."""
        if self.has_data:
            return None
        return Block(
            f'<p class="cho-dien">[{esc(self.khu_pho)} chưa gửi số liệu: các chỉ tiêu dưới đây bằng 0 vì chưa có '
            "dữ liệu, không phải vì không có hoạt động.]</p>",
            f"[{self.khu_pho} chưa gửi số liệu]",
        )

    def comparison_table(self) -> Block:
        """The khu phố's indicators, last year's, and the ward's, with the khu phố's share of the ward."""
        kp, wd = self.table.set_index("indicator"), self.ward_table.set_index("indicator")
        body = []
        for i, k in enumerate(BRIEF_INDICATORS, 1):
            r = kp.loc[k]
            unit = "triệu đồng" if r.unit == "đồng" else r.unit
            ratio = r.value / r.previous * 100 if r.previous else None
            ward_value = wd.at[k, "value"]
            share = r.value / ward_value * 100 if ward_value else None
            body.append([str(i), esc(r.label), esc(unit), ReportDocument._cell(r.value, r.unit),
                         ReportDocument._cell(r.previous, r.unit), pct(ratio),
                         ReportDocument._cell(ward_value, r.unit), pct(share)])  # fmt: skip
        head = ["TT", "Chỉ tiêu", "Đơn vị", f"{self.khu_pho}", f"Cùng kỳ {self.previous.year}", "So cùng kỳ (%)",
                "Toàn phường", "Tỷ trọng (%)"]  # fmt: skip
        return table_html(f"Bảng 1. Một số chỉ tiêu của {self.khu_pho}", head, body, 3, "brief")

    def crop_table(self) -> Block:
        """Area by crop of the khu phố's households registered by the cut-off, against last year."""
        plots = self.tables["crops"]
        prod = self.tables["producers"]
        out = {}
        for name, p in (("now", self.period), ("before", self.previous)):
            registered = prod.loc[prod["registered_on"].isna() | (prod["registered_on"] <= pd.Timestamp(p.cutoff)),
                                  "producer_id"]  # fmt: skip
            rows = plots[plots["producer_id"].isin(registered)]
            out[name] = rows.groupby(rows["crop"].astype("string").fillna("(không rõ)").to_numpy())["area_ha"].sum()
        df = pd.DataFrame(out).fillna(0.0).sort_values("now", ascending=False)
        total = df["now"].sum()
        body = [
            [
                str(i),
                esc(_capital(crop)),
                fmt_number(r.now, 1),
                pct(r.now / total * 100 if total else None),
                fmt_number(r.before, 1),
            ]
            for i, (crop, r) in enumerate(df.head(5).iterrows(), 1)
        ]
        if len(df) > 5:
            rest = df.iloc[5:]
            other = rest["now"].sum()
            share = pct(other / total * 100 if total else None)
            body.append(["", f"Cây trồng khác ({len(rest)})", fmt_number(other, 1), share,
                         fmt_number(rest["before"].sum(), 1)])  # fmt: skip
        body.append(["", "<b>Cộng</b>", f"<b>{fmt_number(total, 1)}</b>", "<b>100,0</b>" if total else "-",
                     f"<b>{fmt_number(df['before'].sum(), 1)}</b>"])  # fmt: skip
        head = ["TT", "Cây trồng", "Diện tích (ha)", "Cơ cấu (%)", f"Cùng kỳ {self.previous.year} (ha)"]
        return table_html(f"Bảng 2. Diện tích cây trồng của các hộ ({self.khu_pho})", head, body, 2, "brief crops")


def table_html(caption: str, head: list[str], body: list[list[str]], text_columns: int = 1, kind: str = "") -> Block:
    """A captioned, bordered table: the first ``text_columns`` cells of a row are text, the rest numbers."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    trs = "".join(
        "<tr>"
        + "".join(f'<td class="{"txt" if j < text_columns else "num"}">{c}</td>' for j, c in enumerate(row))
        + "</tr>"
        for row in body
    )
    return Block(
        f'<div class="table-block"><p class="table-caption">{esc(caption)}</p><table class="bang {kind}">'
        f"<thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table></div>",
        caption,
    )
