"""A one-page brief of one khu phố for a period: its figures beside the ward's and last year's."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.history import History
from ..plan.indicators import indicators
from ..plan.periods import Period
from ..plan.selections import registered
from ..vn.fmt import fmt_date
from .decree30 import render
from .facts import Facts, counted_anyway, missing_information
from .html import Block, Markdown, capital, cell, esc, pct, rounding_notes, table_html
from .sentences import Narrative
from .tables import NOTHING_SENT, khu_pho_sent

__all__ = ["BriefDocument", "OnePage"]

#: A year-ago figure no snapshot reaches, in the brief's narrow table: the statistical sign for "not
#: collected" (the note under the table says it); the report's wider tables write "chưa có số liệu".
NO_PREVIOUS_MARK = "..."


def _for_khu_pho(tables: dict[str, pd.DataFrame], khu_pho: str) -> dict[str, pd.DataFrame]:
    """The rows of one khu phố, in every table that has one (linkages span khu phố: left empty)."""
    out = {}
    for name, df in tables.items():
        if "khu_pho" in df.columns:
            out[name] = df[df["khu_pho"] == khu_pho]
        else:
            out[name] = df.iloc[0:0]
    return out


class OnePage(Narrative):
    """What the one-page documents share (a khu phố's brief, a unit's summary): the period's label and
    cut-off, and the header (issuing body, the page's title with whose page it is, the cut-off); needs
    ``period``, ``previous``, ``ward`` and ``sample``."""

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def cutoff(self) -> str:
        return fmt_date(self.period.cutoff)

    def page_header(self, name: str) -> Block:
        """The header of ``name``'s page (a khu phố, a unit)."""
        html_text = render(
            "brief_header.html.j2",
            sample=self.sample,
            issuer=" ".join(self.ward.get("issuing_body", [])),
            khu_pho=name,
            label=self.label,
            cutoff=self.cutoff,
            previous_year=self.previous.year,
            kind=self.places.kind,
        )
        return Block(html_text, f"Tóm tắt {name} {self.label}")


class BriefDocument(OnePage):
    """A one-page brief of one khu phố for a period: its figures beside the ward's and last year's (the
    sentence helpers, ``B.either``..., are :class:`Narrative`'s)."""

    md = staticmethod(Markdown)

    def __init__(self, period: Period, khu_pho: str, tables: dict[str, pd.DataFrame], ward: dict, *, plan: Plan,
                 sample: bool, history: History | None = None):  # fmt: skip
        self.period = period
        self.previous = period.previous()
        self.khu_pho = khu_pho
        self.ward = ward
        self.sample = sample
        self.plan = self.plan_data = plan
        self.tables = _for_khu_pho(tables, khu_pho)
        self.table = indicators(period, self.tables, targets={}, plan=plan, history=history)
        self.ward_table = indicators(period, tables, targets={}, plan=plan, history=history)
        self.facts = Facts(self.table, period, two_digits=self.two_digits)
        self.ward_facts = Facts(self.ward_table, period, two_digits=self.two_digits)

    def plan_has(self, *ids: str) -> bool:
        """Whether the plan counts every one of these indicators: a brief's sentence about a figure another
        commune's plan does not count (``B.plan_has("growing_area_codes")``) is left out, never printed as 0."""
        return all(i in self.plan_data.ids for i in ids)

    @staticmethod
    def joined(parts: Sequence[str], sep: str = "; ") -> str:
        """The non-empty ``parts`` joined by ``sep`` (the clauses of a sentence, some left out)."""
        return sep.join(p for p in parts if p)

    @property
    def has_data(self) -> bool:
        """Whether anything at all was reported for this khu phố (the report's rule: :func:`khu_pho_sent`)."""
        return self.khu_pho in khu_pho_sent(self.tables)

    def header(self) -> Block:
        """Issuing body, the brief's title with the khu phố and period, the cut-off."""
        return self.page_header(self.khu_pho)

    def no_data_note(self) -> Block | None:
        """A visible note when the khu phố sent no data at all (nothing otherwise)."""
        if self.has_data:
            return None
        return Block(
            f'<p class="cho-dien">[{esc(self.khu_pho)} chưa gửi số liệu: các chỉ tiêu của {esc(self.places.sub_unit)} '
            "dưới đây chưa có, không phải bằng 0.]</p>",
            f"[{self.khu_pho} chưa gửi số liệu]",
        )

    def unknown_note(self) -> Block | None:
        """What the khu phố's figures (the plan's ``brief`` report table) lack, as a note under that table:
        ``Ghi chú: chưa có thông tin tiêu chuẩn chứng nhận của 12 hộ; ...`` (nothing when every value they
        depend on is known). Small print, so that the brief stays on one page."""
        shown = [self.plan.indicator(c.indicator) for c in self.plan.report_table("brief")]
        missing = missing_information(shown, self.tables, self.period, two_digits=self.two_digits)
        assumed = counted_anyway(shown, self.tables, self.period, two_digits=self.two_digits)
        no_previous = self._no_previous()
        if not missing and not assumed and not no_previous:
            return None
        parts = [f"{missing}; các số liệu trong bảng chỉ tính những trường hợp đã có thông tin"] if missing else []
        parts += [assumed] if assumed else []
        parts += [f"“{NO_PREVIOUS_MARK}”: chưa có số liệu cùng kỳ"] if no_previous else []
        text = f"Ghi chú: {'; '.join(parts)}."
        return Block(f'<p class="table-note">{esc(text)}</p>', text)

    def _no_previous(self) -> bool:
        """Whether a figure of the brief's table has no year-ago value (no snapshot reaches that far)."""
        kp = self.table.set_index("indicator")
        return any(
            kp.at[c.indicator, "previous"] != kp.at[c.indicator, "previous"] for c in self.plan.report_table("brief")
        )

    def comparison_table(self) -> Block:
        """The khu phố's indicators (the plan's ``brief`` report table), last year's, and the ward's, with the
        khu phố's share of the ward."""
        kp, wd = self.table.set_index("indicator"), self.ward_table.set_index("indicator")
        body = []
        for i, k in enumerate((c.indicator for c in self.plan.report_table("brief")), 1):
            r = kp.loc[k]
            unit = "triệu đồng" if r.unit == "đồng" else r.unit
            ratio = r.value / r.previous * 100 if r.previous else None
            ward_value = wd.at[k, "value"]
            share = r.value / ward_value * 100 if ward_value else None
            own = [
                cell(r.value, r.unit),
                (NO_PREVIOUS_MARK if r.previous != r.previous else cell(r.previous, r.unit)),
                pct(ratio),
            ]
            if not self.has_data:  # nothing sent: no figure, not a zero
                own = [f"<i>{NOTHING_SENT}</i>", "-", "-"]
                share = None
            body.append([str(i), esc(r.label), esc(unit), *own, cell(ward_value, r.unit), pct(share)])
        head = ["TT", "Chỉ tiêu", "Đơn vị", f"{self.khu_pho}", f"Cùng kỳ {self.previous.year}", "So cùng kỳ (%)",
                self.places.whole, "Tỷ trọng (%)"]  # fmt: skip
        return table_html(f"Bảng 1. Một số chỉ tiêu của {self.khu_pho}", head, body, 3, "brief")

    def crop_table(self) -> Block:
        """Area by crop of the khu phố's households registered by the cut-off, against last year."""
        plots = self.tables["crops"]
        prod = self.tables["producers"]
        out = {}
        for name, p in (("now", self.period), ("before", self.previous)):
            on_list = prod.loc[registered(self.tables, p), "producer_id"]  # the indicators' rule, not a copy
            rows = plots[plots["producer_id"].isin(on_list)]
            out[name] = rows.groupby(rows["crop"].astype("string").fillna("(không rõ)").to_numpy())["area_ha"].sum()
        df = pd.DataFrame(out).fillna(0.0).sort_values("now", ascending=False)
        total = df["now"].sum()
        body = [
            [
                str(i),
                esc(capital(crop)),
                cell(r.now, "ha"),
                pct(r.now / total * 100 if total else None),
                cell(r.before, "ha"),
            ]
            for i, (crop, r) in enumerate(df.head(5).iterrows(), 1)
        ]
        if len(df) > 5:
            rest = df.iloc[5:]
            other = rest["now"].sum()
            share = pct(other / total * 100 if total else None)
            body.append(["", f"Cây trồng khác ({len(rest)})", cell(other, "ha"), share,
                         cell(rest["before"].sum(), "ha")])  # fmt: skip
        body.append(["", "<b>Cộng</b>", f"<b>{cell(total, 'ha')}</b>", "<b>100,0</b>" if total else "-",
                     f"<b>{cell(df['before'].sum(), 'ha')}</b>"])  # fmt: skip
        if not self.has_data:
            body = [["", f"<i>{NOTHING_SENT}</i>"]]
        head = ["TT", "Cây trồng", "Diện tích (ha)", "Cơ cấu (%)", f"Cùng kỳ {self.previous.year} (ha)"]
        notes = rounding_notes(body, range(2, len(head))) if self.has_data else []
        return table_html(f"Bảng 2. Diện tích cây trồng của các hộ ({self.khu_pho})", head, body, 2, "brief crops",
                          notes)  # fmt: skip
