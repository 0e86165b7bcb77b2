"""A period's figures as Vietnamese phrases (``F.training_courses.change``), what they lack (records whose
values are unknown), and the counts of the general assessment (targets met, figures up or down on last
year)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..plan.catalogue import Indicator
from ..plan.indicators import caveat_phrase, unknown_phrase
from ..plan.periods import Period
from ..plan.selections import prepared
from ..vn.fmt import fmt_change, fmt_count, fmt_date, fmt_list, fmt_money, fmt_number, fmt_percent
from .html import NO_PREVIOUS, Markdown, decimals, in_sentence

__all__ = ["MEASURES", "Attainment", "Fact", "Facts", "Parts", "counted_anyway", "is_count", "missing_information",
           "quantity", "unknown_block", "unknown_figure"]  # fmt: skip

#: Units of measure: a figure in one of them is an amount, never a count (no leading zero: ``5 ha``).
MEASURES = frozenset({"ha", "tấn", "đồng", "triệu đồng", "tỷ đồng", "m²", "%"})


def is_count(unit: str) -> bool:
    """Whether a figure in ``unit`` counts things (classes, households, events), not an area, an amount of
    money or a percentage."""
    return unit not in MEASURES


def quantity(value: float, unit: str, two_digits: bool = False) -> str:
    """A figure with its unit, the Vietnamese way: ``8 lớp``, ``101,9 ha``, ``1,5 tỷ đồng``; with
    ``two_digits`` (the ward profile's ``so_dem_hai_chu_so``) a count under ten is ``08 lớp``."""
    if unit == "đồng":
        return fmt_money(value)
    if is_count(unit):
        return f"{fmt_count(value, two_digits=two_digits)} {unit}"
    return f"{fmt_number(value, decimals(unit, value))} {unit}"


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
    unknown: int = 0  #: records of the period whose value the figure depends on is empty (not counted)
    unknown_note: str = ""  #: ``chưa có thông tin tiêu chuẩn chứng nhận của 12 hộ``; ``""`` when nothing is missing
    #: what the violated validation rules that affect the figure say of it (``Diện tích liên kết ... gồm cả diện
    #: tích ngoài địa bàn phường ...``: :func:`lkdata.plan.rules.figure_notes`); ``""`` when none is violated
    checks_note: str = ""
    two_digits: bool = False  #: counts under ten with a leading zero (``03 lớp``): the ward profile's option

    def __str__(self) -> str:
        return quantity(self.value, self.unit, self.two_digits)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @property
    def number(self) -> str:
        """The figure without its unit: ``8``, ``101,9``."""
        return quantity(self.value, self.unit, self.two_digits).removesuffix(f" {self.unit}")

    @property
    def is_zero(self) -> bool:
        """Nothing this period (``0``): a sentence then says ``chưa có ...`` rather than ``0 ...``."""
        return self.value == 0

    @property
    def previous_known(self) -> bool:
        """Whether last year's figure is known (see :attr:`last_year`)."""
        return self.previous == self.previous

    @property
    def last_year(self) -> str:
        """Last year's figure for the same period, with its unit; ``chưa có số liệu`` when it is unknown
        (an undated attribute no snapshot reaches back to: see :mod:`lkdata.plan.history`)."""
        return NO_PREVIOUS if self.previous != self.previous else quantity(self.previous, self.unit, self.two_digits)

    @property
    def change(self) -> str:
        """``tăng 33,3% so với cùng kỳ``, ``bằng cùng kỳ``, ``cùng kỳ chưa phát sinh``...; nothing this period
        after something last year says what last year had (``cùng kỳ: 01 dự án``), never ``giảm 100,0%``."""
        if self.is_zero and self.previous_known and self.previous > 0:
            return f"cùng kỳ: {self.last_year}"
        return fmt_change(self.value, self.previous)

    @property
    def vs_target(self) -> str:
        """``đạt 50,0% chỉ tiêu năm 2026 là 16 lớp``; ``chỉ tiêu năm 2026 là 16 lớp`` when nothing is done yet;
        ``chưa giao chỉ tiêu`` when there is none."""
        if self.target is None or self.target != self.target or self.target == 0:
            return "chưa giao chỉ tiêu"
        pct = self.value / self.target * 100
        target = quantity(self.target, self.unit, self.two_digits)
        if self.is_zero:  # nothing yet: the target alone, never "đạt 0,0%"
            return f"chỉ tiêu năm {self.period.year} là {target}"
        return f"đạt {fmt_percent(pct)} chỉ tiêu năm {self.period.year} là {target}"

    @property
    def estimated(self) -> str:
        """``ước 10 lớp đến ngày 30/6/2026`` (the figure itself when the period is complete)."""
        if not self.period.is_partial:
            return str(self)
        return f"ước {quantity(self.estimate, self.unit, self.two_digits)} đến ngày {fmt_date(self.period.end)}"


class Facts:
    """The period's indicators as :class:`Fact` attributes (``F.training_courses``)."""

    def __init__(self, table: pd.DataFrame, period: Period, checks: dict[str, list[str]] | None = None, *,
                 two_digits: bool = False):  # fmt: skip
        checks = checks or {}
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
                int(r.unknown),
                r.unknown_note,
                "; ".join(checks.get(r.indicator, ())),
                two_digits,
            )
            for r in table.itertuples()
        }

    def __getattr__(self, name: str) -> Fact:
        try:
            return self.__dict__["_facts"][name]
        except KeyError:
            raise AttributeError(unknown_figure(name, self.__dict__.get("_facts", {})), name=name, obj=self) from None

    def __getitem__(self, name: str) -> Fact:
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        return sorted(self._facts)


def unknown_figure(name: str, facts: dict[str, Fact]) -> str:
    """What a mistyped figure (``{F.training_course}``) is told: the closest names with their labels, then
    every name."""
    if name.startswith("_"):  # Python and IPython asking for a protocol method: not a figure
        return name
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    ranked = process.extract(name, list(facts), scorer=Levenshtein.normalized_similarity, limit=3)
    best = ranked[0][1] if ranked else 0
    close = [m for m, score, _ in ranked if score >= max(0.6, best - 0.1)]  # a slip of a letter or two
    close = close or [m for m in sorted(facts) if name.lower() in m][:3]  # a part of the name (``ecommerce``)
    hint = "; ".join(f"'{m}' ({in_sentence(facts[m].label)})" for m in close)
    return (f"Không có chỉ tiêu '{name}'." + (f" Có phải: {hint}?" if hint else "")
            + f" Các chỉ tiêu: {', '.join(sorted(facts))}")  # fmt: skip


@dataclass(frozen=True)
class Parts:
    """Figures that are parts of another (a report table whose rows name it in ``of``: participants by kind
    of the participants), and what they leave unexplained: ``f"{parts}"`` -> ``127 lượt hộ, 13 lượt HTX/THT,
    7 lượt doanh nghiệp và 14 lượt người thuộc đối tượng khác``."""

    whole: Fact
    parts: tuple[Fact, ...]
    labels: tuple[str, ...]  #: the parts' labels in the report table (``Hộ sản xuất``)

    #: The label of the rest, in a chart or table.
    OTHER = "Đối tượng khác"

    @property
    def rest(self) -> float:
        """The whole less its parts, this period (below 0 when the parts add up to more)."""
        return self.whole.value - sum(p.value for p in self.parts)

    @property
    def rest_previous(self) -> float:
        """The same, the same period last year."""
        return self.whole.previous - sum(p.previous for p in self.parts)

    def __str__(self) -> str:
        two = self.whole.two_digits
        items = [str(p) for p in self.parts if not p.is_zero]  # no "0 lượt doanh nghiệp"
        if self.rest > 0:
            items.append(f"{quantity(self.rest, self.whole.unit, two)} thuộc đối tượng khác")
        text = fmt_list(items)
        if self.rest < 0:
            text += (f" (cộng lại nhiều hơn tổng số {quantity(-self.rest, self.whole.unit, two)}: cần kiểm tra lại "
                     "số liệu)")  # fmt: skip
        return text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def missing_information(indicators: Iterable[Indicator], tables: dict[str, pd.DataFrame], period: Period, *,
                        two_digits: bool = False) -> str:  # fmt: skip
    """What the figures of ``indicators`` lack for ``period``, in one phrase: ``chưa có thông tin tiêu chuẩn
    chứng nhận của 12 hộ, mã số vùng trồng của 40 thửa``; ``""`` when nothing is missing.

    Indicators that read the same field (every certification figure reads the standard) name it once,
    with the largest number of records any of them lacks it for.
    """
    indicators = list(indicators)
    tables = prepared(tables, {ind.table for ind in indicators})  # derived tables built once, not per indicator
    merged: dict[tuple[str, str], int] = {}
    for ind in indicators:
        for column, n in ind.unknown(tables, period).items():
            merged[(ind.table, column)] = max(merged.get((ind.table, column), 0), n)
    return unknown_phrase(merged, two_digits=two_digits)


def counted_anyway(indicators: Iterable[Indicator], tables: dict[str, pd.DataFrame], period: Period, *,
                   two_digits: bool = False) -> str:  # fmt: skip
    """What the figures of ``indicators`` count on an assumption for ``period``, in one phrase: ``2 hộ chưa có
    ngày đăng ký vẫn được tính là có trong danh sách`` (see :meth:`Indicator.caveats`); ``""`` for nothing.
    Indicators with the same caveat name it once, with the largest number."""
    indicators = list(indicators)
    tables = prepared(tables, {ind.table for ind in indicators})
    merged: dict[str, int] = {}
    for ind in indicators:
        for phrase, n in ind.caveats(tables, period).items():
            merged[phrase] = max(merged.get(phrase, 0), n)
    return caveat_phrase(merged, two_digits=two_digits)


def unknown_block(missing: str, assumed: str = "", checks: Iterable[str] = ()) -> Markdown | None:
    """A note under figures that lack something (see :func:`missing_information`) or count something on an
    assumption (:func:`counted_anyway`), and what the validation rules they break say of them (``checks``:
    ``Lưu ý: Diện tích liên kết ... gồm cả diện tích ngoài địa bàn phường ...``); ``None`` when none."""
    parts = [f"{missing}; các số liệu trên chỉ tính những trường hợp đã có thông tin"] if missing else []
    if assumed:
        parts.append(assumed)
    lines = [f"*Ghi chú: {'; '.join(parts)}.*"] if parts else []
    if checks := list(dict.fromkeys(checks)):
        lines.append(f"*Lưu ý: {'. '.join(c[:1].upper() + c[1:] for c in checks)}.*")
    return Markdown("\n\n".join(lines)) if lines else None


@dataclass(frozen=True)
class Attainment:
    """Counts for the general assessment: targets met, and figures up or down on last year.

    Only targets the office set count (``with_target`` is 0 when it set none: then the report makes no
    claim about targets). Every figure of the table whose last year is known is compared (``compared``), a
    last year of 0 included (0 -> 1 is a rise): each is ``up``, ``down`` or ``same``, and the three add up to
    ``compared``; ``no_previous`` counts those whose last year is unknown (``chưa có số liệu``), so
    ``compared + no_previous`` is every figure of the table. (The largest changes, :func:`~lkdata.report.
    sentences.changes`, rank by relative change and so leave out a last year of 0.)
    """

    with_target: int
    met: int
    half: int
    below_half: int
    up: int
    down: int
    compared: int
    met_labels: tuple[str, ...]
    below_half_labels: tuple[str, ...]
    no_previous: int = 0
    two_digits: bool = False  #: counts under ten with a leading zero (the ward profile's option)
    same: int = 0  #: figures as last year (``compared`` less ``up`` and ``down``)

    @classmethod
    def of(cls, table: pd.DataFrame, period: Period, *, two_digits: bool = False) -> Attainment:
        has = table[table["target"].notna() & (table["target"] > 0)]
        pct = has["value"] / has["target"] * 100
        compared = table[table["previous"].notna()]
        return cls(
            with_target=len(has),
            met=int((pct >= 100).sum()),
            half=int(((pct >= 50) & (pct < 100)).sum()),
            below_half=int((pct < 50).sum()),
            up=int((compared["value"] > compared["previous"]).sum()),
            down=int((compared["value"] < compared["previous"]).sum()),
            compared=len(compared),
            met_labels=tuple(in_sentence(x) for x in has.loc[pct >= 100, "label"]),
            below_half_labels=tuple(in_sentence(x) for x in has.loc[pct < 50, "label"]),
            no_previous=int(table["previous"].isna().sum()),
            two_digits=two_digits,
            same=int((compared["value"] == compared["previous"]).sum()),
        )

    @property
    def no_previous_note(self) -> str:
        """``; 5 chỉ tiêu chưa có số liệu cùng kỳ nên không so sánh`` (``""`` when every figure has one)."""
        if not self.no_previous:
            return ""
        n = fmt_count(self.no_previous, two_digits=self.two_digits)
        return f"; {n} chỉ tiêu chưa có số liệu cùng kỳ nên không so sánh"

    @staticmethod
    def listing(labels: tuple[str, ...]) -> str:
        """``a, b và c`` (``a; b và c`` when an item holds a comma); ``không có`` for none."""
        return fmt_list(labels) or "không có"
