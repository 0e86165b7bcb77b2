"""Numbers as Vietnamese offices type them: the dot groups thousands and the comma marks decimals
(``1.234,5``), as Babel's ``vi`` locale writes them; some sheets use the English style (``1,234.5``),
and amounts come with words (``1,5 tỷ``, ``200 nghìn đồng``, ``2 tỷ 500 triệu``, ``1tr2``).

A cell is read both ways: :func:`readings` gives its value in the Vietnamese style and in the English
one (``None`` where the digits cannot be written that way). Most shapes read one way only (``2,5``,
``1.234.567``, ``0.75``); a single separator followed by exactly three digits (``1.200``, ``3,500``)
reads both ways, and the caller decides from the unit and from the other cells of the column.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .text import fold

__all__ = [
    "EN",
    "VI",
    "exponent",
    "is_range",
    "money_amount",
    "money_factor",
    "number_parts",
    "readings",
    "scale_of",
    "style",
    "unit_key",
    "written",
]

VI, EN = "vi", "en"

_NUMBER_RE = re.compile(
    r"(?i)^\s*(?:khoảng|khoang|~|≈|gần|gan)?\s*(?P<sign>[-−–])?\s*(?P<num>\d[\d.,\s]*\d|\d)\s*"
    r"(?P<unit>[^\d\s.,;].*?)?\s*[.;,]?\s*$",
)
#: Dot groups thousands, comma marks decimals (``1.234,5``); a leading group never starts with 0.
_VI_RE = re.compile(r"^(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$")
_EN_RE = re.compile(r"^(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@lru_cache(maxsize=200_000)
def number_parts(text: str) -> tuple[bool, str | None, str | None]:
    """Sign, digits and trailing unit of a cell: ``-2,5 ha`` -> ``(True, "2,5", "ha")``.

    An estimate (``~3``, ``khoảng 3``) counts as its number; a trailing dot or comma is dropped.
    """
    m = _NUMBER_RE.match(text)
    if not m:
        return False, None, None
    return m.group("sign") is not None, m.group("num"), m.group("unit")


@lru_cache(maxsize=200_000)
def readings(num: str) -> tuple[float | None, float | None]:
    """The value of typed digits in the Vietnamese style and in the English style.

    ``1.200`` -> ``(1200.0, 1.2)``; ``2,5`` -> ``(2.5, None)``; ``2.5`` -> ``(None, 2.5)``;
    ``1200`` -> ``(1200.0, 1200.0)``; ``1.2.3`` -> ``(None, None)``. Spaces group thousands in both.
    """
    s = "".join(num.split())
    vi = float(s.replace(".", "").replace(",", ".")) if _VI_RE.match(s) else None
    en = float(s.replace(",", "")) if _EN_RE.match(s) else None
    return vi, en


_EXPONENT_RE = re.compile(r"(?i)^e\s*(?P<sign>[-+−]?)\s*(?P<exp>\d{1,5})(?:\s+(?P<unit>\S.*))?$")


@lru_cache(maxsize=10_000)
def exponent(num: str, unit: str | None) -> tuple[float, int, str | None] | None:
    """A number in exponent form, as Excel shows and exports a large one (``1,5E+11``, ``1.5E+11``, ``1e308``):
    its mantissa, its power of ten and the unit after it (``("2,5", "e3 ha")`` -> ``(2.5, 3, "ha")``);
    ``None`` when the words after the digits are not an exponent.

    The mantissa's one dot or comma is its decimal mark (Excel writes one digit before it).
    """
    m = _EXPONENT_RE.match(unit or "")
    digits = "".join(num.split())
    if not m or digits.count(".") + digits.count(",") > 1:
        return None
    power = int(m.group("exp")) * (-1 if m.group("sign") in ("-", "−") else 1)
    return float(digits.replace(",", ".")), power, m.group("unit")


def style(num: str) -> str | None:
    """The style a cell's digits show: :data:`VI`, :data:`EN`, or ``None`` (no separator, or either way)."""
    vi, en = readings(num)
    if vi is not None and en is None:
        return VI
    if en is not None and vi is None:
        return EN
    return None


_RANGE_RE = re.compile(r"(?i)^\s*(?:[-–—~]|đến|tới|den|toi)\s*\d")


def is_range(unit: str | None) -> bool:
    """Whether the words after a number start a second one: ``10-30 lao động``, ``300 - 400 triệu``,
    ``2 đến 5 ha`` (a range is no single value)."""
    return bool(unit) and _RANGE_RE.match(unit) is not None


#: Words that multiply the number before a unit (``2,9 nghìn ha``, ``7,7 triệu xã viên``, ``600 nghìn tấn``),
#: as written, and without their marks; not ``ti`` (``5 ti vi`` are television sets).
_SCALES = dict.fromkeys(("nghìn", "ngàn", "nghin", "ngan"), 1e3) | dict.fromkeys(("triệu", "trieu"), 1e6)
_SCALES |= dict.fromkeys(("tỷ", "tỉ", "ty"), 1e9)


@lru_cache(maxsize=50_000)
def scale_of(unit: str | None) -> tuple[float, str | None]:
    """The multiplier words that open a unit, and the rest: ``triệu tấn`` -> ``(1e6, "tấn")``,
    ``nghìn`` -> ``(1e3, None)``, ``ha`` -> ``(1.0, "ha")``. At most two words (``nghìn tỷ``)."""
    if not unit:
        return 1.0, unit
    words = unit.split()
    factor, used = 1.0, 0
    while used < min(2, len(words)) and (word := unicodedata.normalize("NFC", words[used].lower())) in _SCALES:
        factor *= _SCALES[word]
        used += 1
    if not used:
        return 1.0, unit
    return factor, " ".join(words[used:]) or None


@lru_cache(maxsize=4096)  # a column's cells name a handful of units, thousands of times
def unit_key(unit: str | None) -> str:
    """A typed unit as a lookup key: folded, without spaces or dots (``Tr.đ`` -> ``trd``, ``m²`` -> ``m2``)."""
    if not unit:
        return ""
    return fold(unit.replace("²", "2")).replace(" ", "")


#: Multipliers of amounts of money, each also written with ``đồng``/``đ``/``VNĐ`` after it.
_MULTIPLIERS = {"": 1.0, "k": 1e3, "nghin": 1e3, "ngan": 1e3, "tr": 1e6, "trieu": 1e6, "ty": 1e9, "ti": 1e9}
_MULTIPLIERS |= {a + b: 1e12 for a in ("nghin", "ngan") for b in ("ty", "ti")}  # "133,3 nghìn tỷ đồng"
_MONEY = {m + c: f for m, f in _MULTIPLIERS.items() for c in ("", "d", "dong", "vnd")} | {"dong": 1.0}


def money_factor(unit: str | None) -> float | None:
    """VND per unit of an amount's word (``tỷ`` -> 1e9, ``triệu đồng`` -> 1e6, ``đ`` or none -> 1)."""
    return _MONEY.get(unit_key(unit))


_TOKEN_RE = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?!\d)|\d+|[^\d\s]+")  # "4.507 tỷ 139 triệu": thousands first
_STEPS = {"ty": 1e9, "ti": 1e9, "trieu": 1e6, "tr": 1e6, "nghin": 1e3, "ngan": 1e3, "k": 1e3}
_CURRENCY = {"", "d", "dong", "vnd"}


@lru_cache(maxsize=50_000)
def money_amount(text: str) -> float | None:
    """An amount written in parts, from the largest word down: ``2 tỷ 500 triệu``, ``1 triệu 200 nghìn
    đồng``, ``-3 tỷ 50 triệu``, ``4.507 tỷ 139 triệu đồng``; ``1 triệu rưỡi``; slang ``1tr2`` (1,2 triệu)
    and ``2 tỷ 500`` (the next three digits).

    The first part may group thousands with dots; each part after it is under a thousand of its word;
    ``None`` for any other text.
    """
    t = text.strip().rstrip(".").strip()
    negative = t[:1] in "-−–"
    tokens = _TOKEN_RE.findall(t.lstrip("-−–"))
    if len(tokens) < 3 or not tokens[0][:1].isdigit():
        return None
    tokens[0] = tokens[0].replace(".", "")
    if not tokens[-1].isdigit() and unit_key(tokens[-1]) in _CURRENCY - {""}:
        tokens = tokens[:-1]
    total, last = 0.0, None
    i = 0
    while i + 1 < len(tokens):
        digits, word = tokens[i], unit_key(tokens[i + 1])
        step = _STEPS.get(word)
        if not digits.isdigit() or step is None or (last is not None and (step >= last or int(digits) >= 1000)):
            return None
        total += int(digits) * step
        last = step
        i += 2
    if i < len(tokens):  # a tail: 1tr2 = 1,2 triệu; 2 tỷ 500 = 2,5 tỷ; 1 triệu rưỡi = 1,5 triệu
        tail = tokens[i]
        if last is None or last < 1e6:
            return None
        if unit_key(tail) == "ruoi":
            total += last / 2
        elif tail.isdigit() and len(tail) in (1, 3):
            total += int(tail) / 10 ** len(tail) * last
        else:
            return None
    return -total if negative else total


def written(value: float) -> str:
    """A number as Vietnamese text writes it, up to four decimals: ``1200.5`` -> ``1.200,5``."""
    from babel.numbers import format_decimal

    return format_decimal(round(float(value), 4), format="#,##0.####", locale="vi")
