"""The ward's units (plan section V): who they are, which organiser text names which unit, and what each did
in a period; the rule of "a unit has reported".

The units live in ``units.csv`` (``lkdata/reference/``, a same-named file under ``data/raw/reference/``
replacing it): one row a unit, with its code, name, aliases (``|``-separated), kind, the section of the plan
that assigns its duties (``V.3``), those duties in short, and the plan tasks they serve (``III.1|III.3``).

Plan section VI has the units report first to the ward (through the Economic, Infrastructure and Urban
Office). A unit reports its results as rows of the activities dataset whose ``organiser`` (``Đơn vị tổ
chức``) names it. **A unit has reported for a period when at least one accepted activity row (in the
processed data; a quarantined row does not count) organised by it was held in the period**
(:func:`~lkdata.plan.selections.activities_held`, the rule every figure of activities uses).

Which unit an organiser's text names (:class:`UnitMatcher`): the text and the unit's name and aliases are
folded (no diacritics, no punctuation, one space), the ward's own name is dropped (``Hội Nông dân phường
Long Khánh`` is ``Hội Nông dân phường``); then the same text, or the same text followed by a number (a
numbered group: ``Trưởng khu phố 3``), names the unit; else the closest name or alias by rapidfuzz's
``ratio`` when it scores at least :data:`MATCH_CUTOFF`, no other unit scores as high, and both write the same
numbers (``khu vực 2`` is not ``khu vực 3``). Anything else is
no unit of the ward (``Sở Nông nghiệp và Môi trường``, ``Hội Nông dân tỉnh``): never guessed.
"""

from __future__ import annotations

import csv
import io as _text
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..errors import ReferenceDataError
from ..vn.text import fold
from .periods import Period
from .selections import activities_held

__all__ = ["MATCH_CUTOFF", "UNITS_FILE", "UNIT_COLUMNS", "Unit", "UnitMatcher", "parse_units", "unit_activities",
           "unit_results"]  # fmt: skip

Tables = dict[str, pd.DataFrame]

#: The units' file under ``lkdata/reference/`` (or the office's copy under ``data/raw/reference/``).
UNITS_FILE = "units.csv"
#: The columns ``units.csv`` must have.
UNIT_COLUMNS = ("code", "name", "aliases", "kind", "section", "duties", "tasks")
#: The least rapidfuzz ``ratio`` (0-100) at which an organiser's text, not written as a name or alias, is
#: taken for a unit: ``Trung tam dich vu nong nghiep khu vuc 3`` typed ``Trung tâm dịch vụ nông nghiệp kv 3``
#: scores above it; another body's name (``Hội Nông dân tỉnh`` against ``Hội Nông dân``) well below.
MATCH_CUTOFF = 90
_NUMBERED = re.compile(r"^(.*\D)\s+\d+$")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Unit:
    """One unit of the ward that the plan's section V assigns duties to."""

    code: str
    name: str
    kind: str
    section: str
    duties: str
    tasks: tuple[str, ...]
    aliases: tuple[str, ...] = ()


def parse_units(
    text: str, source: str, tasks: Mapping[str, str] | Collection[str] | None = None, *, lenient: bool = False
) -> tuple[Unit, ...]:
    """The units of ``units.csv``'s ``text`` (``source`` names the file in messages); ``tasks``, when given,
    are what a unit's ``tasks`` may name: the plan's task numbers, or a mapping from each name a task may be
    given by (its number, its key such as ``communication``) to its number. A unit's tasks are kept as the
    plan numbers them. With ``lenient`` (the shipped list, written for Long Khánh's plan, read with another
    plan), a task that plan does not have is no duty under it and is left out; otherwise it is an error.

    Raises
    ------
    ReferenceDataError
        A missing column, an empty or repeated code or name, a task the plan does not have (the file, the
        line as Excel numbers it, the value).
    """
    rows = list(csv.DictReader(_text.StringIO(text)))
    header = next(csv.reader(_text.StringIO(text)), [])
    missing = [c for c in UNIT_COLUMNS if c not in header]
    if missing:
        raise ReferenceDataError(f"Danh mục đơn vị {source} thiếu cột: {', '.join(missing)} "
                                 f"(cần đủ các cột {', '.join(UNIT_COLUMNS)})")  # fmt: skip
    units, seen = [], set()
    for line, row in enumerate(rows, 2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if not code or not name:
            raise ReferenceDataError(f"Danh mục đơn vị {source}, dòng {line}: thiếu mã hoặc tên đơn vị")
        if fold(code) in seen or fold(name) in seen:
            raise ReferenceDataError(f"Danh mục đơn vị {source}, dòng {line}: đơn vị '{name}' ({code}) ghi hai lần")
        seen |= {fold(code), fold(name)}
        named = tuple(t.strip() for t in (row.get("tasks") or "").split("|") if t.strip())
        resolve = tasks if isinstance(tasks, Mapping) else {t: t for t in tasks or ()}
        own = tuple(resolve.get(t, t) for t in named if tasks is None or t in resolve)
        unknown = [t for t in named if tasks is not None and t not in resolve]
        if unknown and not lenient:
            raise ReferenceDataError(f"Danh mục đơn vị {source}, dòng {line}: nhiệm vụ không có trong kế hoạch: "
                                     f"{', '.join(unknown)} (có: {', '.join(tasks or ())})")  # fmt: skip
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        units.append(Unit(code, name, (row.get("kind") or "").strip(), (row.get("section") or "").strip(),
                          (row.get("duties") or "").strip(), own, aliases))  # fmt: skip
    return tuple(units)


class UnitMatcher:
    """Which unit an organiser's text names (see the module's note): a unit's code, or ``None``."""

    def __init__(self, units: Iterable[Unit], ward_name: str = "", *, cutoff: int = MATCH_CUTOFF):
        self.units = tuple(units)
        self.cutoff = cutoff
        self._ward = fold(ward_name)
        self.index: dict[str, str] = {}
        for u in self.units:
            for text in (u.name, *u.aliases):
                self.index.setdefault(self.key(text), u.code)

    def key(self, text: object) -> str:
        """``text`` as names are compared: folded, the ward's own name dropped."""
        key = fold(text)
        if self._ward and f" {self._ward}" in f" {key} ":
            key = " ".join(f" {key} ".replace(f" {self._ward} ", " ").split())
        return key

    def match(self, text: object) -> str | None:
        """The code of the unit ``text`` names, or ``None`` (empty, another body, too far from any)."""
        from rapidfuzz import fuzz, process

        if text is None or text != text:
            return None
        key = self.key(text)
        if not key:
            return None
        if key in self.index:
            return self.index[key]
        numbered = _NUMBERED.match(key)
        if numbered and numbered.group(1).strip() in self.index:
            return self.index[numbered.group(1).strip()]
        digits = _DIGITS.findall(key)  # a number tells bodies apart (khu vực 2 is not khu vực 3): never fuzzed
        choices = [k for k in self.index if _DIGITS.findall(k) == digits]
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=None)
        codes = {self.index[k] for k, score, _ in found if score == found[0][1]} if found else set()
        return codes.pop() if len(codes) == 1 else None

    def codes(self, organisers: pd.Series) -> pd.Series:
        """The unit code of each organiser (``<NA>`` where none), computed once per distinct text."""
        known = {t: self.match(t) for t in organisers.dropna().unique()}
        return organisers.map(known).astype("string")


def unit_activities(tables: Tables, period: Period, matcher: UnitMatcher) -> pd.DataFrame:
    """The activities held in ``period`` with the ``unit`` (code) their organiser names, ``<NA>`` for none."""
    df = tables["activities"].loc[activities_held(tables, period)]
    return df.assign(unit=matcher.codes(df["organiser"].astype("string")))


def unit_results(tables: Tables, period: Period, matcher: UnitMatcher) -> pd.DataFrame:
    """What each unit did in ``period`` and a year earlier, one row a unit in the file's order: ``code``,
    ``name``, ``duties``, ``activities`` and ``participants`` (the period's), ``previous_activities`` and
    ``previous_participants`` (the same period a year earlier), ``reported`` (an activity of its own held in
    the period: the module's rule). Participants add the known counts (an activity that gave none adds
    nothing)."""
    now = unit_activities(tables, period, matcher)
    before = unit_activities(tables, period.previous(), matcher)
    rows = []
    for u in matcher.units:
        mine, theirs = now[now["unit"] == u.code], before[before["unit"] == u.code]
        rows.append({
            "code": u.code, "name": u.name, "duties": u.duties, "section": u.section,
            "activities": len(mine), "participants": int(mine["participants"].sum(skipna=True)),
            "previous_activities": len(theirs), "previous_participants": int(theirs["participants"].sum(skipna=True)),
            "reported": len(mine) > 0,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["code", "name", "duties", "section", "activities", "participants",
                                       "previous_activities", "previous_participants", "reported"])  # fmt: skip
