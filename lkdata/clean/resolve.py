"""Resolve raw catalogue values (khu phố, crops, certifications, kinds, plan tasks) to canonical ones.

Matching ignores case, spacing, punctuation and diacritics, and leading zeros in numbers
(``KP01`` is ``Khu phố 1``). A value that matches nothing is never guessed: its reason names the
closest catalogue entry as a suggestion, for the analyst to decide. Each resolver works on the
unique values of a column, so its cost does not grow with repeated values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from ..vn.columns import factorize, take_strings
from ..vn.places import DEFAULT_SUB_UNIT
from ..vn.text import fold
from .catalogues import PlanTask, Reference
from .parse import Parsed, as_text

__all__ = [
    "find_khu_pho",
    "key",
    "khu_pho_in_address",
    "resolve_activity_kind",
    "resolve_certification",
    "resolve_cooperative_kind",
    "resolve_crop",
    "resolve_khu_pho",
    "resolve_plan_task",
]

_LETTER_DIGIT_RE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_LEADING_ZERO_RE = re.compile(r"\b0+(?=\d)")


@lru_cache(maxsize=100_000)
def key(value: str) -> str:
    """The matching key of a catalogue value: folded, digits apart from letters, no leading zeros."""
    k = _LETTER_DIGIT_RE.sub(" ", fold(value))
    return " ".join(_LEADING_ZERO_RE.sub("", k).split())


def _index(ref_index: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for folded, value in ref_index.items():
        out.setdefault(key(folded), value)
    return out


def _suggest(k: str, index: dict[str, str]) -> str | None:
    from rapidfuzz import fuzz, process

    if not k:
        return None
    match = process.extractOne(k, list(index), scorer=fuzz.ratio, score_cutoff=75)
    return index[match[0]] if match else None


def _resolve(
    raw: pd.Series,
    index: dict[str, str],
    template: str,
    *,
    prefix_words: bool = False,
    fallback: Callable[[str], tuple[str | None, str]] | None = None,
    suggest: Callable[[str, dict[str, str]], str | None] | None = None,
):
    """Map each unique non-blank value; returns (values, rest-of-text, reasons).

    ``fallback`` reads a value the index does not hold (the khu phố in an address): the value it finds,
    or ``None`` and a remark for the reason; ``suggest`` replaces the closest-match suggestion.
    """
    text = as_text(raw)
    present = text.notna()
    values = pd.Series(pd.NA, index=raw.index, dtype="string")
    rest = pd.Series(pd.NA, index=raw.index, dtype="string")
    reasons = pd.Series(None, index=raw.index, dtype=object)
    if not present.any():
        return values, rest, reasons
    codes, uniques = factorize(text)
    table = []
    for u in uniques:
        k = key(u)
        hit, tail = index.get(k), None
        if hit is None and prefix_words:
            words = u.split()
            for n in range(len(words) - 1, 0, -1):
                hit = index.get(key(" ".join(words[:n])))
                if hit is not None:
                    tail = " ".join(words[n:])
                    break
        remark = ""
        if hit is None and fallback is not None:
            hit, remark = fallback(u)
        if hit is None:
            suggestion = None if remark else (suggest or _suggest)(k, index)
            msg = template.format(u) + (
                f" ({remark})" if remark else f" (có phải '{suggestion}'?)" if suggestion else ""
            )
            table.append((None, None, msg))
        else:
            table.append((hit, tail, None))
    values = take_strings([t[0] for t in table], codes, raw.index)
    rest = take_strings([t[1] for t in table], codes, raw.index)
    reasons = pd.Series(np.array([*(t[2] for t in table), None], dtype=object)[codes], index=raw.index)
    return values, rest, reasons


def resolve_khu_pho(raw: pd.Series, ref: Reference) -> Parsed:
    """``KP1``, ``Kp.1``, ``khu pho 01``, ``Khu phố 1`` -> ``Khu phố 1``; and the khu phố written inside
    an address: ``196/3, Kp 2, Phường Long Khánh``, ``Tổ 1, Khu phố 3``, ``kp5 - P. Long Khánh``.

    An address is read only when it names exactly one khu phố of the catalogue and no other ward (nor
    a district or city, which only addresses from before the 2025 reorganisation name); an ``ấp``,
    ``tổ`` or ``thôn`` is never taken for a khu phố, nor suggested as one.
    """
    index = _index(ref.khu_pho_index)
    places = ref.places
    values, _, reasons = _resolve(
        raw,
        index,
        f"{places.sub_title} không có trong danh mục: {{}}",
        fallback=lambda value: khu_pho_in_address(value, index, places.name, places.place, places.sub_unit),
        suggest=_suggest_khu_pho,
    )
    return Parsed(values, reasons)


def find_khu_pho(text: str, ref: Reference) -> tuple[str | None, str | None]:
    """The catalogue's khu phố a name typed on the command line means (``KP5``, ``Khu phố 05``, ``kp 5``,
    ``khu pho 5``, ``5``; NFC or decomposed), else ``None`` and the closest name (or ``None``)."""
    index = _index(ref.khu_pho_index)
    k = key(str(text))
    if k.isdigit():  # a bare number: the khu phố of that number
        k = key(f"{ref.places.sub_unit} {k}")
    if k in index:
        return index[k], None
    return None, _suggest_khu_pho(k, index)  # the same number only: "Khu phố 99" is not "Khu phố 9"


# --- khu phố written inside an address ----------------------------------------------------------------

#: The parts of an address: separated by commas, semicolons, line breaks or a dash between spaces
#: (``196/3`` and ``kp-1`` stay whole).
_PARTS_RE = re.compile(r"\s*[,;|\n]\s*|\s+[-–]\s+")
_KP = r"(?:khu pho|kp|k p)"
_KP_NUMBER_RE = re.compile(rf"\b{_KP} (?:so )?(\d+(?: [a-z]\b)?)")  # "kp 2", "khu pho so 2", "kp 2 a"
_KP_NAME_RE = re.compile(rf"^{_KP} (?!so\b)([a-z][a-z ]*)$")
#: Units that are not khu phố (folded): rural hamlets and residential groups.
_OTHER_UNITS = {"ap": "ấp", "to dan pho": "tổ dân phố", "tdp": "tổ dân phố", "to": "tổ", "thon": "thôn",
                "xom": "xóm", "khom": "khóm", "ban": "bản"}  # fmt: skip
_OTHER_UNIT_RE = re.compile(rf"^({'|'.join(sorted(_OTHER_UNITS, key=len, reverse=True))}) (?:so )?\d+\b")
_WARD_RE = re.compile(r"^(?:phuong|p|xa|thi tran|tt) (.+)$")
_OLD_LEVEL_RE = re.compile(r"^(?:thanh pho|tp|thi xa|tx|huyen|quan) (.+)$")


def khu_pho_in_address(
    value: str, index: dict[str, str], ward: str, where: str, sub_unit: str = DEFAULT_SUB_UNIT
) -> tuple[str | None, str]:
    """The catalogue khu phố an address names, or ``None`` and why not (``""`` when it names none).

    Parameters
    ----------
    value : str
        The cell, as written.
    index : dict
        Catalogue keys (:func:`key`) -> khu phố.
    ward : str
        The ward's name (``Long Khánh``): an address naming another ward is not read.
    where : str
        The ward as a message names it (``phường Long Khánh``).
    sub_unit : str
        The profile's word for its sub-units (``khu phố``, ``ấp``), as messages name them; a unit of that
        word is the place's own, never "another kind of unit".
    """
    found: list[str] = []
    other_ward = old_level = unit = None
    for part in _PARTS_RE.split(value):
        k = key(part)
        if not k:
            continue
        hits = [index.get(k)] if k in index else []
        if not hits:  # "Tổ 1 KP3", "KP2 (cũ KP5)": each khu phố number the part names
            hits = [h for n in _KP_NUMBER_RE.findall(k) if (h := index.get(f"khu pho {n}")) is not None]
        if not hits and (m := _KP_NAME_RE.match(k)):
            hits = [h for h in (index.get(f"khu pho {m.group(1)}") or index.get(m.group(1)),) if h is not None]
        if hits:
            found += hits
        elif (m := _WARD_RE.match(k)) and m.group(1) != key(ward):
            other_ward = part.strip()
        elif _OLD_LEVEL_RE.match(k):
            old_level = part.strip()
        elif (m := _OTHER_UNIT_RE.match(k)) and _OTHER_UNITS[m.group(1)] != sub_unit:
            unit = _OTHER_UNITS[m.group(1)]
    found = list(dict.fromkeys(found))
    if len(found) > 1:
        return None, f"địa chỉ ghi nhiều {sub_unit}: {', '.join(found)}"
    if found and other_ward:
        return None, f"địa chỉ thuộc {other_ward}, không phải {where}"
    if found and old_level:
        return None, f"địa chỉ ghi theo đơn vị hành chính cũ, {old_level}: ghi {sub_unit} hiện nay"
    if found:
        return found[0], ""
    if unit:
        return None, f"{unit} không phải {sub_unit}"
    return None, ""


def _suggest_khu_pho(k: str, index: dict[str, str]) -> str | None:
    """The closest khu phố, only when it carries the same number (``Khu phố 99`` is not ``Khu phố 9``)
    and the value does not name another kind of place (``Ấp 2`` is not ``Khu phố 2``)."""
    if _OTHER_UNIT_RE.match(k):
        return None
    suggestion = _suggest(k, index)
    if suggestion is None or re.findall(r"\d+", k) != re.findall(r"\d+", key(suggestion)):
        return None
    return suggestion


def resolve_crop(raw: pd.Series, ref: Reference) -> tuple[Parsed, pd.Series]:
    """Crop and variety: ``Sầu riêng Ri6`` is crop ``sầu riêng``, variety ``Ri6``.

    Returns the crops (with reasons) and the varieties (``<NA>`` where none was written).
    """
    values, rest, reasons = _resolve(
        raw, _index(ref.crop_index), "Cây trồng không có trong danh mục: {}", prefix_words=True
    )
    return Parsed(values, reasons), rest


def resolve_certification(raw: pd.Series, ref: Reference) -> Parsed:
    """``VietGAP``, ``Viet GAP``, ``GLOBALGAP``, ``hữu cơ``; ``không``, ``chưa có`` are ``không`` (a definite
    no, from the catalogue's aliases); a blank cell, or a column the file lacks, stays empty (unknown)."""
    values, _, reasons = _resolve(raw, _index(ref.certification_index), "Tiêu chuẩn chứng nhận không rõ: {}")
    return Parsed(values, reasons)


_KINDS = {"htx": "HTX", "hop tac xa": "HTX", "tht": "THT", "to hop tac": "THT", "tổ hợp tác": "THT"}


def resolve_cooperative_kind(raw: pd.Series) -> Parsed:
    """``HTX`` / ``hợp tác xã`` -> ``HTX``; ``THT`` / ``tổ hợp tác`` -> ``THT``."""
    index = {key(k): v for k, v in _KINDS.items()}
    values, _, reasons = _resolve(raw, index, "Loại hình không phải HTX hoặc THT: {}")
    return Parsed(values, reasons)


def resolve_activity_kind(raw: pd.Series, ref: Reference) -> Parsed:
    """An activity kind, to its catalogue code (``Tập huấn`` -> ``training``)."""
    by_name = _index(ref.activity_kind_index)
    code_of = dict(zip(ref.activity_kinds["name"], ref.activity_kinds["code"], strict=True))
    values, _, reasons = _resolve(raw, by_name, "Loại hoạt động không có trong danh mục: {}")
    return Parsed(values.map(code_of, na_action="ignore").astype("string"), reasons)


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_NUMBERED_RE = re.compile(r"^([ivxlc]+) (\d+)$")


def _roman(text: str) -> int | None:
    """``iii`` -> 3, ``iv`` -> 4; ``None`` for what is not a Roman numeral."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _task_index(tasks: tuple[PlanTask, ...]) -> dict[str, str]:
    """Every way a task of the plan may be typed, as matching keys (``key``) -> its number.

    ``III.1`` is also ``III-1``, ``III 1``, ``3.1``, ``Nhiệm vụ III.1`` and, where no other section numbers
    a task 1, ``1`` and ``Nhiệm vụ 1``; ``IV`` is also ``4`` (a whole section's number before a task's own
    number: ``4`` is ``IV``, ``Nhiệm vụ 4`` is ``III.4``). Then each task's key, title and aliases. A form
    two tasks could claim goes to the first that claims it, in this order."""
    full: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    for t in tasks:
        k = key(t.number)
        forms = [k, f"nhiem vu {k}"]
        if m := _NUMBERED_RE.match(k):  # III.1: section and number
            section = _roman(m.group(1))
            if section is not None:
                forms += [f"{section} {m.group(2)}", f"nhiem vu {section} {m.group(2)}"]
            bare.setdefault(m.group(2), []).append(t.number)
        elif (section := _roman(k)) is not None:  # IV: a section of its own
            forms.append(str(section))
        for form in forms:
            full.setdefault(form, t.number)
    for number, owners in bare.items():  # a task's own number alone, when one section numbers it
        if len(owners) == 1:
            full.setdefault(number, owners[0])
            full.setdefault(f"nhiem vu {number}", owners[0])
    for t in tasks:
        for name in (t.key, t.title, *t.aliases):
            if key(name):
                full.setdefault(key(name), t.number)
    return full


def resolve_plan_task(raw: pd.Series, ref: Reference) -> Parsed:
    """A task of the plan in use (``ref.tasks``), to its number as the plan writes it: by its number
    (``III.1``, also ``III-1``, ``3.1``, ``Nhiệm vụ 1``; ``IV``, ``4``), its key (``communication``), title or
    aliases. Anything else, another plan's task number included (``III.2`` under a plan numbering ``II.x``),
    is refused, the reason naming the plan's task numbers; never guessed."""
    template = f"Nhiệm vụ kế hoạch không có trong kế hoạch: {{}} (kế hoạch có các nhiệm vụ {ref.tasks_in_short})"
    values, _, reasons = _resolve(raw, _task_index(ref.tasks), template, suggest=lambda k, index: None)
    return Parsed(values, reasons)
