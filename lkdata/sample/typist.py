"""How people type values into the ward's spreadsheets: areas, money, dates, phones, khu phố, crops."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

from ..vn.places import Places
from ..vn.text import fold

__all__ = ["Typist", "sub_unit_forms", "sub_unit_headers"]

#: How each certification is written in the lists.
GAP_FORMS = {
    "NONE": ["không", "Không", "", "chưa có"],
    "VIETGAP": ["VietGAP", "Viet GAP", "VIETGAP", "VietGAP"],
    "GLOBALGAP": ["GlobalGAP", "Global GAP", "GLOBALGAP"],
    "HUUCO": ["hữu cơ", "Hữu cơ", "Hữu cơ"],
}


def _vn_decimal(x: float, places: int = 2) -> str:
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _vn_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def sub_unit_forms(catalogue: pd.DataFrame, places: Places) -> dict[str, tuple[str, ...]]:
    """How people type each sub-unit of the catalogue: a numbered one (``Khu phố 5``) as ``KP5``, ``Kp.5``,
    ``khu pho 05``, ``KP 05``, in capitals or as listed; a named one (``Ấp Suối Chồn``) by its aliases, in
    capitals or as listed."""
    out: dict[str, tuple[str, ...]] = {}
    s, word = places.short, fold(places.sub_unit)
    for row in catalogue.itertuples(index=False):
        name = str(row.name)
        head, _, last = name.rpartition(" ")
        if last.isdigit() and head == places.sub_title:
            n = int(last)
            typed = (f"{s}{n}", f"{s.capitalize()}.{n}", f"{word} {n:02d}", name, f"{s} {n:02d}")
            out[name] = (*typed, name.upper(), name)
        else:
            aliases = [a.strip() for a in str(getattr(row, "aliases", "")).split("|") if a.strip()]
            out[name] = (*aliases[:4], name, name.upper(), name)
    return out


#: The words of sub-units (folded): a header naming one that is not the profile's is not the sample's.
_SUB_UNIT_WORDS = ("khu pho", "kp", "ap", "thon", "to dan pho")


def sub_unit_headers(headers: dict, places: Places) -> dict:
    """``headers`` (dataset -> field -> aliases) with the ``khu_pho`` field's aliases as the profile's senders
    write them: without those that name another kind of sub-unit (no ``Ấp`` header in a ward of khu phố),
    the profile's word first (``Ấp``)."""
    own = {fold(places.sub_unit), fold(places.short)}
    others = [w for w in _SUB_UNIT_WORDS if w not in own]

    def ours(alias: str) -> bool:
        return not any(f" {w} " in f" {fold(alias)} " for w in others)

    out = {}
    for dataset, section in headers.items():
        out[dataset] = dict(section)
        if "khu_pho" in section:
            kept = [a for a in section["khu_pho"] if ours(a)]
            out[dataset]["khu_pho"] = [places.sub_title, *(a for a in kept if a != places.sub_title)]
    return out


class Typist:
    """Writes true values the many ways people type them; ``excel`` decides cell types.

    Parameters
    ----------
    rng : numpy.random.Generator
        The sample's generator; styles are drawn from it in blocks, the first block at the first value typed.
    excel : bool
        True for workbook cells (numbers and dates may stay typed), False for CSV text.
    forms : dict, optional
        Each sub-unit's name -> the ways people type it (:func:`sub_unit_forms`).
    """

    def __init__(self, rng: np.random.Generator, excel: bool, forms: dict[str, tuple[str, ...]] | None = None):
        self.rng = rng
        self.excel = excel
        self.forms = forms or {}
        self._buf: list[float] = []
        self._k = 0

    def pick(self, n: int) -> int:
        """A uniform choice among ``n`` styles, from a pre-drawn block (fast per cell)."""
        if self._k >= len(self._buf):
            self._buf = self.rng.random(65_536).tolist()
            self._k = 0
        self._k += 1
        return int(self._buf[self._k - 1] * n)

    def number(self, x: float):
        """A measured number (yield, output): typed as a number in a workbook, with a decimal comma in CSV."""
        return x if self.excel else _vn_decimal(x, 1)

    def area(self, ha: float):
        s = self.pick(10)
        if s < 5:
            return ha if self.excel else _vn_decimal(ha)
        if s == 5:
            return f"{_vn_decimal(ha)} ha"
        if s == 6:
            return f"{ha:.2f}".rstrip("0").rstrip(".")
        if s == 7:
            return f"{_vn_thousands(round(ha * 10_000))} m2"
        if s == 8:
            return f"{_vn_decimal(ha * 10, 1)} sào"
        return f"{round(ha * 10_000)} m²"

    def money(self, vnd: int | None):
        if vnd is None:
            return None
        s = self.pick(5)
        if s == 0 and vnd >= 1_000_000_000:
            return f"{_vn_decimal(vnd / 1e9)} tỷ"
        if s == 1:
            return f"{_vn_decimal(vnd / 1e6)} triệu"
        if s == 2:
            return f"{_vn_thousands(vnd)} đ"
        if s == 3:
            return f"{_vn_thousands(vnd)}"
        return vnd if self.excel else _vn_thousands(vnd)

    def date(self, d: dt.date | None):
        if d is None:
            return None
        s = self.pick(8)
        if s < 3:
            return d if self.excel else f"{d.day:02d}/{d.month:02d}/{d.year}"
        if s == 3:
            return f"{d.day}/{d.month}/{d.year}"
        if s == 4:
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        if s == 5:
            return f"{d.day}/{d.month}/{d.year % 100:02d}"
        if s == 6:
            return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
        return d.isoformat()

    def phone(self, p: str):
        s = self.pick(6)
        if s == 0:
            return f"{p[:4]} {p[4:7]} {p[7:]}"
        if s == 1:
            return f"{p[:4]}.{p[4:7]}.{p[7:]}"
        if s == 2:
            return f"+84 {p[1:4]} {p[4:7]} {p[7:]}"
        if s == 3:  # typed into a number cell: the leading zero is lost
            return int(p) if self.excel else f"84{p[1:]}"
        return p

    @staticmethod
    @lru_cache(maxsize=1024)
    def _crop_forms(crop: str) -> tuple[str, ...]:
        return (crop, crop.upper(), fold(crop), crop[:1].upper() + crop[1:])

    def khu_pho(self, name: str) -> str:
        forms = self.forms[name]
        return forms[self.pick(len(forms))]

    def crop(self, crop: str, variety: str | None) -> str:
        if variety:
            return f"{crop[:1].upper()}{crop[1:]} {variety}"
        forms = self._crop_forms(crop)
        return forms[self.pick(len(forms))]

    def gap(self, code: str) -> str:
        return GAP_FORMS[code][self.pick(len(GAP_FORMS[code]))]

    def yes_no(self, b: bool) -> str:
        return ("Có" if b else "Không") if self.pick(3) else ("x" if b else "")
