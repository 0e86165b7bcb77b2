"""What a column whose header names no field seems to hold, from its values: a proposal, never applied.

A survey form may head its certification column with a bare ``Tiêu chuẩn``, its khu phố column with
``Nơi ở``: the header maps to nothing, but the values are khu phố, crops, certification kinds, phone
numbers or dates. :func:`propose_field` says which field they look like, so the office can add the
header to ``headers.yaml`` if it agrees; the column itself stays unused until then.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..vn.places import DEFAULT_SUB_UNIT
from .catalogues import Reference
from .fields import InputField, fields
from .parse import as_text, parse_bool, parse_date, parse_phone
from .resolve import (
    resolve_activity_kind,
    resolve_certification,
    resolve_cooperative_kind,
    resolve_crop,
    resolve_khu_pho,
    resolve_plan_task,
)

__all__ = ["SAMPLE", "Proposal", "propose_field"]

#: Values looked at per column.
SAMPLE = 200
#: Share of a column's values that must read as the kind for a proposal.
THRESHOLD = 0.6
#: Kinds tried, in order (a catalogue is more telling than a shape); each with how it is described.
_KINDS = {
    "khu_pho": DEFAULT_SUB_UNIT,  # a proposal says the profile's word (:attr:`Proposal.sub_unit`)
    "cert": "tiêu chuẩn chứng nhận",
    "crop": "cây trồng",
    "coop_kind": "loại hình HTX/THT",
    "activity_kind": "loại hoạt động",
    "task": "nhiệm vụ kế hoạch",
    "id_card": "số CCCD",
    "phone": "số điện thoại",
    "date": "ngày tháng",
    "bool": "có/không",
}
_CATALOGUE_KINDS = ("khu_pho", "cert", "crop", "coop_kind", "activity_kind")
_ID_RE = re.compile(r"^\d{12}$|^\d{9}$")
_NUMBER_RE = re.compile(r"^[\d\s.,]+$")


@dataclass(frozen=True)
class Proposal:
    """A field that a column's values look like."""

    fields: tuple[str, ...]  #: the candidate input fields (one, or several of the same kind: dates)
    kind: str
    share: float  #: share of the column's values that read as that kind
    seen: int  #: values looked at
    examples: tuple[str, ...] = ()  #: catalogue values read from it (never a person's data)
    sub_unit: str = DEFAULT_SUB_UNIT  #: the profile's word for its sub-units (``khu phố``, ``ấp``)

    @property
    def description(self) -> str:
        return self.sub_unit if self.kind == "khu_pho" else _KINDS[self.kind]


def _readable(kind: str, text: pd.Series, cells: pd.Series, ref: Reference) -> tuple[np.ndarray, pd.Series | None]:
    """Per value: whether it reads as ``kind``; and the catalogue values read (for examples)."""
    if kind == "khu_pho":
        p = resolve_khu_pho(text, ref)
    elif kind == "cert":
        p = resolve_certification(text, ref)
        read = p.values.notna().to_numpy(dtype=bool)
        certified = (p.values.fillna("không") != "không").to_numpy(dtype=bool)
        return read & certified.any(), p.values.where(certified)  # "không" alone is no evidence
    elif kind == "crop":
        p = resolve_crop(text, ref)[0]
    elif kind == "coop_kind":
        p = resolve_cooperative_kind(text)
    elif kind == "activity_kind":
        p = resolve_activity_kind(text, ref)
        return p.values.notna().to_numpy(dtype=bool), text.where(p.values.notna())
    elif kind == "task":
        p = resolve_plan_task(text, ref)
        return (p.values.notna() & ~text.str.fullmatch(r"\d+", na=False)).to_numpy(dtype=bool), None
    elif kind == "id_card":
        return text.str.replace(r"[\s.]", "", regex=True).str.match(_ID_RE, na=False).to_numpy(dtype=bool), None
    elif kind == "phone":
        return parse_phone(cells).values.notna().to_numpy(dtype=bool), None
    elif kind == "date":
        typed = np.fromiter((isinstance(v, dt.date) for v in cells), dtype=bool, count=len(cells))
        worded = (~text.str.match(_NUMBER_RE, na=False)).to_numpy(dtype=bool)  # a bare number is no date
        return typed | (worded & parse_date(text).values.notna().to_numpy(dtype=bool)), None
    elif kind == "bool":
        numeric = text.str.match(_NUMBER_RE, na=False).to_numpy(dtype=bool)
        return ~numeric & parse_bool(text, "").values.notna().to_numpy(dtype=bool), None
    else:  # pragma: no cover
        raise ValueError(kind)
    return p.values.notna().to_numpy(dtype=bool), (p.values if kind in _CATALOGUE_KINDS else None)


def propose_field(cells: pd.Series, dataset: str, ref: Reference, taken: set[str]) -> Proposal | None:
    """The field(s) a column's values look like, among the dataset's fields not yet read from the sheet.

    Parameters
    ----------
    cells : pandas.Series
        The column's cells below the header (raw: text, numbers, dates); the first :data:`SAMPLE`
        non-blank ones are looked at.
    dataset : str
        The dataset whose fields are candidates.
    ref : Reference
        The catalogues (khu phố, crops, certifications, activity kinds).
    taken : set of str
        Fields the sheet already has a column for: never proposed again.
    """
    free: dict[str, list[InputField]] = {}
    for f in fields(dataset):
        if f.name not in taken and f.kind in _KINDS:
            free.setdefault(f.kind, []).append(f)
    if not free:
        return None
    text = as_text(cells)
    present = text.notna().to_numpy(dtype=bool)
    if not present.any():
        return None
    at = np.flatnonzero(present)[:SAMPLE]
    text, cells = text.iloc[at].reset_index(drop=True), cells.iloc[at].reset_index(drop=True)
    for kind in _KINDS:
        if kind not in free:
            continue
        ok, read = _readable(kind, text, cells, ref)
        share = float(ok.mean())
        if share >= THRESHOLD:
            examples = ()
            if read is not None:
                values = pd.Series(read)[ok].dropna().astype(str)
                examples = tuple(values.value_counts().index[:3])
            return Proposal(tuple(f.name for f in free[kind]), kind, share, len(at), examples, ref.places.sub_unit)
    return None
