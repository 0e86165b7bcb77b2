"""The words a ward or commune uses for itself and its sub-units, read from its profile (``ward.yaml``).

A ward (``phường``) is made of ``khu phố``; a commune (``xã``) of ``ấp``, ``thôn`` or ``tổ dân phố``. The
profile names them (``ward_kind``, ``sub_unit``, ``sub_unit_short``); every message, table and narrative
that names the place or its sub-units takes the words from a :class:`Places`, never a literal. Internal
identifiers (the ``khu_pho`` column, function names) keep the ward's word.

A profile written before these keys existed is Long Khánh's: a ward of khu phố (:data:`DEFAULT_KIND`,
:data:`DEFAULT_SUB_UNIT`, :data:`DEFAULT_SUB_UNIT_SHORT`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .text import fold

__all__ = ["DEFAULT_KIND", "DEFAULT_SUB_UNIT", "DEFAULT_SUB_UNIT_SHORT", "SUB_UNIT_TITLE", "Places", "capitalised"]

#: What a profile without ``ward_kind`` is: a ward (the profiles written before the key existed).
DEFAULT_KIND = "phường"
#: The place of the package's own profile (``lkdata/reference/ward.yaml``), which the defaults describe.
DEFAULT_NAME = "Long Khánh"
#: What a profile without ``sub_unit`` calls its sub-units: a ward's khu phố.
DEFAULT_SUB_UNIT = "khu phố"
#: Their short form in sheet names and tables (``KP5``), when the profile has no ``sub_unit_short``.
DEFAULT_SUB_UNIT_SHORT = "KP"
#: The title the schemas give the ``khu_pho`` field; :meth:`Places.title` puts the profile's word in its place.
SUB_UNIT_TITLE = "Khu phố"


def capitalised(text: str) -> str:
    """``khu phố 5`` -> ``Khu phố 5``: the first letter a capital, the rest as written."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Places:
    """The ward's or commune's words: its kind and name, its sub-units' word and short form.

    >>> p = Places(kind="xã", name="Suối Mây", sub_unit="ấp", short="Ấp")
    >>> p.place, p.whole, p.sub_title, p.slug
    ('xã Suối Mây', 'Toàn xã', 'Ấp', 'ap')
    """

    kind: str = DEFAULT_KIND
    name: str = DEFAULT_NAME
    sub_unit: str = DEFAULT_SUB_UNIT
    short: str = DEFAULT_SUB_UNIT_SHORT

    @classmethod
    def of(cls, ward: Mapping | None) -> Places:
        """The words of a ward profile (``ward.yaml`` as loaded); a key it lacks keeps Long Khánh's word."""
        w = ward or {}
        kind = str(w.get("ward_kind") or DEFAULT_KIND).strip()
        sub = str(w.get("sub_unit") or "").strip()
        short = str(w.get("sub_unit_short") or "").strip()
        if not sub:
            sub, short = DEFAULT_SUB_UNIT, short or DEFAULT_SUB_UNIT_SHORT
        return cls(kind=kind, name=str(w.get("ward") or "").strip(), sub_unit=sub, short=short or capitalised(sub))

    @property
    def place(self) -> str:
        """``phường Long Khánh``, ``xã Suối Mây``."""
        return f"{self.kind} {self.name}".strip()

    @property
    def kind_title(self) -> str:
        """``Phường``, ``Xã``: the kind at a sentence's start."""
        return capitalised(self.kind)

    @property
    def whole(self) -> str:
        """``Toàn phường``, ``Toàn xã``: the whole place, as a table's total row says it."""
        return f"Toàn {self.kind}"

    @property
    def unassigned(self) -> str:
        """``Toàn phường, không ghi khu phố``: the row of records that name no sub-unit (an activity held for
        the whole place)."""
        return f"{self.whole}, không ghi {self.sub_unit}"

    @property
    def sub_title(self) -> str:
        """``Khu phố``, ``Ấp``: the sub-unit's word at a sentence's start or as a column's head."""
        return capitalised(self.sub_unit)

    @property
    def slug(self) -> str:
        """``khu_pho``, ``ap``, ``to_dan_pho``: the word in a file name (no diacritics, no spaces)."""
        return "_".join(fold(self.sub_unit).split())

    def title(self, label: str) -> str:
        """A field's title with the profile's word: ``Khu phố`` (the schemas' title) -> ``Ấp``."""
        return self.sub_title if label == SUB_UNIT_TITLE else label
