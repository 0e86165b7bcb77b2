"""Sentences an official writes from a period's figures: lists as Vietnamese documents write them, a
sentence that says ``chưa có ...`` when its figures are all zero, the judgement word (``được duy trì``,
``được đẩy mạnh``, ``giảm``, ``chưa thực hiện``) computed from the figures, and the largest changes on
last year.

A notebook reaches these through the report (``R.either``, ``R.items``, ``R.trend``, ``R.listing``); the
figures are :class:`~lkdata.report.facts.Fact` objects, which know whether they are zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..vn.fmt import fmt_count, fmt_percent, in_sentence
from ..vn.fmt import fmt_list as listing
from ..vn.places import Places
from .facts import Fact, quantity
from .html import Literal

__all__ = ["Narrative", "changes", "count", "either", "items", "last_year", "listing", "met_targets", "organised_by",
           "organisers", "trend"]  # fmt: skip

#: An item of :func:`items`: a figure alone (``3 lớp``), or a figure and the words around it, ``{}`` standing
#: for the figure (``(F.broadcasts, "phát {} trên hệ thống truyền thanh")``).
Item = Fact | tuple[Fact, str]


def _facts(facts: Fact | Sequence[Fact]) -> list[Fact]:
    return [facts] if isinstance(facts, Fact) else list(facts)


def _phrase(item: Item) -> tuple[Fact, str]:
    if isinstance(item, Fact):
        return item, str(item)
    fact, words = item
    return fact, words.replace("{}", str(fact), 1) if "{}" in words else f"{fact} {words}"


def items(*entries: Item, last: str = "và") -> str:
    """The figures that are not zero, as a list (see :func:`listing`): ``3 sản phẩm 3 sao và 2 sản phẩm 4 sao``
    (the 5-star figure, 0, left out); ``""`` when every figure is zero."""
    return listing((text for fact, text in map(_phrase, entries) if not fact.is_zero), last=last)


def last_year(facts: Fact | Sequence[Fact]) -> str:
    """Last year's figures that were not zero, for a sentence that says this period had none:
    ``01 dự án, 80 triệu đồng``; ``""`` when last year had none either (or is unknown)."""
    known = [f.last_year for f in _facts(facts) if f.previous_known and f.previous > 0]
    return listing(known, last=",")


def either(facts: Fact | Sequence[Fact], text: str, none: str = "") -> str:
    """``text`` when any of ``facts`` is not zero; else ``none``, with last year's figures in brackets before
    its closing stop when last year had any: ``Trong kỳ chưa có dự án liên kết được phê duyệt hỗ trợ (cùng
    kỳ: 01 dự án, 80 triệu đồng).`` A sentence never says ``0 dự án`` nor ``giảm 100,0%``. An empty ``none``
    leaves the clause out."""
    facts = _facts(facts)
    if any(not f.is_zero for f in facts):
        return text
    if not none:
        return ""
    before = last_year(facts)
    if not before:
        return none
    body = none.rstrip()
    stop = body[-1] if body and body[-1] in ".;:" else ""
    return f"{body[: len(body) - len(stop)]} (cùng kỳ: {before}){stop}"


def trend(*facts: Fact) -> str:
    """The judgement a report writes on a line of work from its figures against last year:

    ``chưa được thực hiện`` (all zero); ``được đẩy mạnh`` (some up, none down); ``được duy trì`` (all as
    last year); ``giảm so với cùng kỳ`` (all down); ``tiếp tục được thực hiện, song kết quả chưa đồng đều``
    (some down, others up or as last year: the sentence then gives each figure's change, so the reader sees
    which fell); ``được thực hiện`` when no figure has a known last year (no judgement).
    """
    if all(f.is_zero for f in facts):
        return "chưa được thực hiện"
    known = [f for f in facts if f.previous_known]
    if not known:
        return "được thực hiện"
    up = [f for f in known if f.value > f.previous]
    down = [f for f in known if f.value < f.previous]
    if up and not down:
        return "được đẩy mạnh"
    if len(down) == len(known):
        return "giảm so với cùng kỳ"
    if not down:
        return "được duy trì"
    return "tiếp tục được thực hiện, song kết quả chưa đồng đều"


def _organiser_counts(activities: pd.DataFrame) -> tuple[list[tuple[str, int]], int]:
    """The organisers of ``activities``, most first (ties in the order of the rows), with how many each, and how
    many activities name none."""
    names = activities["organiser"].astype("string").str.strip().replace("", pd.NA)
    counts = names.value_counts(sort=False)  # in the order of the rows; a stable sort keeps it for ties
    return sorted(((name, int(n)) for name, n in counts.items()), key=lambda c: -c[1]), int(names.isna().sum())


def organisers(activities: pd.DataFrame, unit: str, *, two_digits: bool = False) -> str:
    """Who organised ``activities`` (their ``organiser`` field), most first, with how many each, the verb said
    once: ``Trung tâm Dịch vụ tổng hợp phường tổ chức 02 lớp, Sở Nông nghiệp và Môi trường 01 lớp`` (what a
    sentence puts after ``trong đó``; the verb again after a name that ends in a number), semicolons between them
    when a name holds a comma; those that name none are counted apart (``01 lớp chưa ghi đơn vị tổ chức``);
    ``""`` for no activity."""
    if activities.empty:
        return ""
    named, unnamed = _organiser_counts(activities)
    # the verb again after a name ending in a number (``khu vực 3 tổ chức 01 lớp``, never ``khu vực 3 01 lớp``)
    parts = [f"{name}{' tổ chức' if not i or name[-1].isdigit() else ''} {fmt_count(n, two_digits=two_digits)} {unit}"
             for i, (name, n) in enumerate(named)]  # fmt: skip
    if unnamed:
        parts.append(f"{fmt_count(unnamed, two_digits=two_digits)} {unit} chưa ghi đơn vị tổ chức")
    return ("; " if any("," in name for name, _ in named) else ", ").join(parts)


def organised_by(activities: pd.DataFrame, unit: str, verb: str = "chủ trì", *, two_digits: bool = False) -> str:
    """Each organiser of ``activities`` as the subject of its own clause, most first: ``Sở Nông nghiệp và Môi
    trường chủ trì 01 cuộc; Phòng Kinh tế, Hạ tầng và Đô thị chủ trì 01 cuộc`` (the ward did not organise what
    a provincial department chaired); those that name none: ``01 cuộc chưa ghi đơn vị chủ trì``; ``""`` for no
    activity. Clauses are joined by semicolons (organisers' names hold commas)."""
    if activities.empty:
        return ""
    named, unnamed = _organiser_counts(activities)
    parts = [f"{name} {verb} {fmt_count(n, two_digits=two_digits)} {unit}" for name, n in named]
    if unnamed:
        parts.append(f"{fmt_count(unnamed, two_digits=two_digits)} {unit} chưa ghi đơn vị {verb}")
    return listing(parts, sep="; ")


def _in_brackets(label: str, inside: str) -> str:
    """A label and what is said of it in brackets: ``chuỗi liên kết mới trong kỳ (03 chuỗi, tăng 200,0%)``: the
    figure always with its unit, never a bare number after a label."""
    return f"{in_sentence(label)} ({inside})"


def met_targets(table: pd.DataFrame, *, two_digits: bool = False) -> list[str]:
    """The indicators at or above the year's target, with the figure and the share of the target:
    ``diện tích liên kết (768,6 ha, đạt 128,1%)``; only targets the office set count."""
    has = table[table["target"].notna() & (table["target"] > 0)]
    met = has[has["value"] >= has["target"]]
    return [
        _in_brackets(r.label, f"{quantity(r.value, r.unit, two_digits)}, đạt {fmt_percent(r.value / r.target * 100)}")
        for r in met.itertuples()
    ]


def changes(table: pd.DataFrame, *, rising: bool, n: int = 3, two_digits: bool = False) -> list[str]:
    """The ``n`` largest rises (or falls) on last year by relative change, with the figures: ``chuỗi liên
    kết đang thực hiện (10 chuỗi, tăng 150,0%)``; nothing this period: ``dự án liên kết được phê duyệt hỗ trợ
    (trong kỳ chưa có, cùng kỳ 01 dự án)``. Figures whose last year is unknown or zero are left out (no
    relative change)."""
    t = table[table["previous"].notna() & (table["previous"] > 0)].copy()
    t["rel"] = (t["value"] - t["previous"]) / t["previous"]
    t = t[t["rel"] > 0] if rising else t[t["rel"] < 0]
    t = t.reindex(t["rel"].abs().sort_values(ascending=False, kind="stable").index)
    word = "tăng" if rising else "giảm"
    out = []
    for r in t.head(n).itertuples():
        if r.value == 0:
            before = quantity(r.previous, r.unit, two_digits)
            out.append(_in_brackets(r.label, f"trong kỳ chưa có, cùng kỳ {before}"))
        else:
            now = quantity(r.value, r.unit, two_digits)
            out.append(_in_brackets(r.label, f"{now}, {word} {fmt_percent(abs(r.rel) * 100)}"))
    return out


def count(n: int, *, two_digits: bool = False) -> str:
    """A count in a sentence (``07``, with the ward profile's option)."""
    return fmt_count(n, two_digits=two_digits)


class Narrative:
    """The sentence helpers of a document (mixed into the report and the brief), reading the document's
    figures and the ward profile's way of writing counts (``so_dem_hai_chu_so``)."""

    either = staticmethod(either)
    items = staticmethod(items)
    trend = staticmethod(trend)
    listing = staticmethod(listing)

    @property
    def places(self) -> Places:
        """The ward profile's words (``R.places.kind``: ``phường``, ``xã``; ``R.places.sub_unit``: ``khu phố``,
        ``ấp``; ``R.places.whole``: ``Toàn phường``), for the narrative to name the place as its profile does."""
        return Places.of(self.ward)

    @property
    def two_digits(self) -> bool:
        """Whether counts under ten take a leading zero (``03 lớp``): the ward profile's ``so_dem_hai_chu_so``."""
        return bool(self.ward.get("so_dem_hai_chu_so", False))

    def count(self, n: int) -> str:
        """A count in a sentence, as the ward writes counts (``07`` or ``7``)."""
        return count(n, two_digits=self.two_digits)

    def organisers(self, fact: Fact) -> str:
        """Who organised the activities ``fact`` counts in the period (``R.organisers(F.training_courses)``):
        ``Hội Nông dân phường tổ chức 02 lớp, Sở Nông nghiệp và Môi trường 01 lớp``, from the activities'
        ``organiser`` field; ``""`` when it counts no activity."""
        counted = self._activities_of(fact)
        if counted is None:
            return ""
        said = organisers(counted, fact.unit, two_digits=self.two_digits)
        return format(Literal(said))  # names from the data, escaped for the Markdown of the narrative

    def organised_by(self, fact: Fact, verb: str = "chủ trì") -> str:
        """Each organiser of the activities ``fact`` counts as the subject of its clause
        (``R.organised_by(F.inspections)``): ``Phòng Kinh tế, Hạ tầng và Đô thị chủ trì 01 cuộc và Sở Nông nghiệp
        và Môi trường chủ trì 01 cuộc``; ``""`` when it counts no activity."""
        counted = self._activities_of(fact)
        if counted is None:
            return ""
        said = organised_by(counted, fact.unit, verb, two_digits=self.two_digits)
        return format(Literal(said))

    def _activities_of(self, fact: Fact) -> pd.DataFrame | None:
        """The activities ``fact`` counts in the period, by the figure's own rule (``None``: it counts no
        activities)."""
        ind = self.plan_data.indicator(fact.id)
        if ind.table != "activities" or ind.aggregation != "count":
            return None
        return self.tables["activities"].loc[ind.mask(self.tables, self.period)]

    @property
    def met_targets(self) -> str:
        """The figures at or above the year's target, with figure and share (``diện tích liên kết 768,6 ha
        (128,1%)``), semicolon-separated when an item holds a comma; ``""`` for none."""
        return listing(met_targets(self.table, two_digits=self.two_digits))

    @property
    def rises(self) -> str:
        """The three largest rises on last year, with figures; ``""`` for none."""
        return listing(changes(self.table, rising=True, two_digits=self.two_digits))

    @property
    def falls(self) -> str:
        """The three largest falls on last year, with figures; ``""`` for none."""
        return listing(changes(self.table, rising=False, two_digits=self.two_digits))

    @property
    def next_table(self) -> str:
        """The number the next table will have, for a sentence above it: ``Bảng 11``."""
        return f"Bảng {self.captions.tables + 1}"
