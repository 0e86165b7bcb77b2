"""The office's catalogues as loaded: khu phố, crops, certifications, activity kinds, header aliases,
the ward profile and the plausibility rules, with the alias indexes that resolve raw values. Reading
them is :mod:`lkdata.io.reference`'s job."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..vn.places import Places
from ..vn.text import fold

__all__ = ["Reference", "alias_index"]


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


@dataclass
class Reference:
    """The loaded catalogues, with alias indexes for resolving raw values."""

    khu_pho: pd.DataFrame
    crops: pd.DataFrame
    certifications: pd.DataFrame
    activity_kinds: pd.DataFrame
    headers: dict[str, dict[str, list[str]]]
    ward: dict
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

    @property
    def places(self) -> Places:
        """The profile's words for the ward or commune and its sub-units (``phường``, ``khu phố``)."""
        return Places.of(self.ward)

    @property
    def area_units(self) -> dict[str, float]:
        """Area unit factors to hectares, keyed by folded unit name (``sao``, ``cong``, ``m2``)."""
        units = self.ward.get("area_units") or {}
        return {fold(k).replace(" ", ""): float(v) for k, v in units.items()}
