"""The office's catalogues as loaded: khu phố, crops, certifications, activity kinds, header aliases,
the ward profile, the plausibility rules and the plan's tasks, with the alias indexes that resolve raw
values. Reading them is :mod:`lkdata.io.reference`'s job.

The plan's tasks (``tasks.csv``, the plan in use: Long Khánh's III.1-III.7 and IV, or a commune's own) are
what an activity's ``Nhiệm vụ kế hoạch`` may name, and what an activity kind's default task
(``activity_kinds.csv``, column ``task``: a task's key such as ``communication``, or its number as the
plan writes it) means in that plan. A kind whose task the plan does not have (the shipped catalogue's
``trade`` under a plan without such a task) has no default task there: its activities' task stays empty
unless the row names one, never guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..vn.places import Places
from ..vn.text import fold

__all__ = ["PlanTask", "Reference", "alias_index"]


def alias_index(df: pd.DataFrame, value_col: str = "name") -> dict[str, str]:
    """Map the folded name, code and every alias of each entry to its canonical value."""
    index: dict[str, str] = {}
    for row in df.itertuples(index=False):
        value = getattr(row, value_col)
        keys = [row.name, *(a for a in str(row.aliases).split("|") if a.strip())]
        if "code" in df.columns:
            keys.append(row.code)
        for key in keys:
            folded = fold(key)
            if folded:
                index.setdefault(folded, value)
    return index


@dataclass(frozen=True)
class PlanTask:
    """One task of the plan (a row of ``tasks.csv``): its number as the plan writes it (``III.1``,
    ``IV``, ``II.2``), its key (``communication``; ``""`` for none), title, and other names it may be typed
    by (column ``aliases``, ``|``-separated; optional)."""

    number: str
    key: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass
class Reference:
    """The loaded catalogues, with alias indexes for resolving raw values."""

    khu_pho: pd.DataFrame
    crops: pd.DataFrame
    certifications: pd.DataFrame
    activity_kinds: pd.DataFrame
    headers: dict[str, dict[str, list[str]]]
    ward: dict
    #: the plan's tasks (``tasks.csv``), in the plan's order
    tasks: tuple[PlanTask, ...]
    sources: dict[str, str] = field(default_factory=dict)
    #: the plausible range of fields (:class:`lkdata.clean.plausibility.Rule`, from ``plausibility.csv``)
    plausibility: tuple = ()
    #: the day of the clean (a rule's ``today``), set by the run so that every batch agrees; today if unset
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        self.khu_pho_index = alias_index(self.khu_pho)
        self.crop_index = alias_index(self.crops)
        self.certification_index = alias_index(self.certifications)
        self.activity_kind_index = alias_index(self.activity_kinds)
        numbers = {t.number for t in self.tasks}
        by_key = {t.key: t.number for t in self.tasks if t.key}
        #: each activity kind's default task in this plan (code -> number), ``None`` where the plan has none
        self.kind_tasks: dict[str, str | None] = {
            code: (task if task in numbers else by_key.get(task))
            for code, task in zip(self.activity_kinds["code"], self.activity_kinds["task"].str.strip(), strict=True)
        }

    @property
    def kind_titles(self) -> dict[str, str]:
        """Activity kind code -> the name a report prints (``activity_kinds.csv``, column ``title``: ``hội chợ,
        triển lãm``; the kind's ``name`` where the row gives none, filled when the catalogue is read)."""
        return dict(zip(self.activity_kinds["code"], self.activity_kinds["title"], strict=True))

    @property
    def task_numbers(self) -> list[str]:
        """The plan's task numbers as it writes them, in its order (``III.1`` ... ``IV``)."""
        return [t.number for t in self.tasks]

    @property
    def tasks_in_short(self) -> str:
        """The plan's task numbers in short, in its order (``III.1 đến III.7, IV``; ``II.1 đến II.5``): three or
        more in a row of one section (``III.``) are said by the first and the last."""
        runs: list[list[str]] = []
        for n in self.task_numbers:
            last = runs[-1][0] if runs else ""
            if "." in n and "." in last and last.rsplit(".", 1)[0] == n.rsplit(".", 1)[0]:
                runs[-1].append(n)
            else:
                runs.append([n])
        return ", ".join(f"{r[0]} đến {r[-1]}" if len(r) > 2 else ", ".join(r) for r in runs)

    @property
    def places(self) -> Places:
        """The profile's words for the ward or commune and its sub-units (``phường``, ``khu phố``)."""
        return Places.of(self.ward)

    @property
    def area_units(self) -> dict[str, float]:
        """Area unit factors to hectares, keyed by folded unit name (``sao``, ``cong``, ``m2``)."""
        units = self.ward.get("area_units") or {}
        return {fold(k).replace(" ", ""): float(v) for k, v in units.items()}
