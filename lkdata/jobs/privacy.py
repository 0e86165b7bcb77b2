"""Personal data stays in the office: find producers' names, phone and ID-card numbers in shared text.

The values come from the processed tables (the people lkdata knows of, in the columns the field
registry, :func:`lkdata.clean.fields.personal_columns`, marks personal); the text is cut into word
runs and digit runs, each looked up in a set, so the check costs the same for 300 households as for
300,000. ``lkdata report`` runs it on every document before it publishes it, and refuses a document
that names a person. Organisations (cooperatives, enterprises) are not personal data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from ..clean.fields import personal_columns

__all__ = ["PersonalValues", "find_personal", "personal_values"]

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d[\d .\-]{7,16}\d")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


@dataclass
class PersonalValues:
    """Names (two words or more), and phone and ID-card numbers as bare digits (phones also without 0)."""

    names: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.names) + len(self.numbers)


def personal_values(tables: dict[str, pd.DataFrame]) -> PersonalValues:
    """Every person's name, phone and ID-card number in the processed tables (numbers as bare digits)."""
    out = PersonalValues()
    for table, columns in personal_columns().items():  # the fields the registry marks personal
        df = tables.get(table)
        if df is None:
            continue
        for col, kind in columns.items():
            if col not in df.columns:
                continue
            for value in df[col].dropna().astype(str).unique():
                if kind == "person":
                    name = _norm(value)
                    if len(name.split()) >= 2:
                        out.names.add(name)
                else:
                    digits = re.sub(r"\D", "", value)
                    if len(digits) >= 9:
                        out.numbers.add(digits)
                        out.numbers.add(digits.lstrip("0"))
    return out


def find_personal(text: str, values: PersonalValues, max_words: int = 6) -> list[str]:
    """The personal values found in ``text`` (each once, in order of appearance)."""
    found: dict[str, str] = {}  # canonical -> as first found
    if values.names:
        words = [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", text))]
        for n in range(2, max_words + 1):
            for i in range(len(words) - n + 1):
                candidate = " ".join(words[i : i + n])
                if candidate in values.names:
                    found.setdefault(candidate, candidate)
    if values.numbers:
        for run in _DIGITS.findall(text):
            digits = re.sub(r"\D", "", run)
            if digits in values.numbers or digits.lstrip("0") in values.numbers:
                found.setdefault(digits.lstrip("0"), digits)  # 0912... and 912... are one number
    return list(found.values())
