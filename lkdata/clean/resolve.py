"""Resolve raw catalogue values (khu phố, crops, certifications, kinds, plan tasks) to canonical ones.

Matching ignores case, spacing, punctuation and diacritics, and leading zeros in numbers
(``KP01`` is ``Khu phố 1``). A value that matches nothing is never guessed: its reason names the
closest catalogue entry as a suggestion, for the analyst to decide. Each resolver works on the
unique values of a column, so its cost does not grow with repeated values.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..vn.columns import factorize, fmap, take_strings
from ..vn.text import fold
from .catalogues import Reference
from .parse import Parsed, as_text

__all__ = [
    "key",
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


def _resolve(raw: pd.Series, index: dict[str, str], template: str, *, prefix_words: bool = False):
    """Map each unique non-blank value; returns (values, rest-of-text, reasons)."""
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
        if hit is None:
            suggestion = _suggest(k, index)
            msg = template.format(u) + (f" (có phải '{suggestion}'?)" if suggestion else "")
            table.append((None, None, msg))
        else:
            table.append((hit, tail, None))
    values = take_strings([t[0] for t in table], codes, raw.index)
    rest = take_strings([t[1] for t in table], codes, raw.index)
    reasons = pd.Series(np.array([*(t[2] for t in table), None], dtype=object)[codes], index=raw.index)
    return values, rest, reasons


def resolve_khu_pho(raw: pd.Series, ref: Reference) -> Parsed:
    """``KP1``, ``Kp.1``, ``khu pho 01``, ``Khu phố 1`` -> ``Khu phố 1``."""
    values, _, reasons = _resolve(raw, _index(ref.khu_pho_index), "Khu phố không có trong danh mục: {}")
    return Parsed(values, reasons)


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


_TASK_RE = re.compile(r"^(?:nhiem vu\s*)?(?:iii|3)?\s*[.\-/ ]?\s*([1-7])$")
_TASK_IV_RE = re.compile(r"^(?:iv|4|kinh phi)$")


def resolve_plan_task(raw: pd.Series) -> Parsed:
    """``III.1`` .. ``III.7`` (also ``III-1``, ``3.1``, ``Nhiệm vụ 1``) and ``IV``."""
    text = as_text(raw)
    folded = fmap(text, fold)
    num = folded.str.extract(_TASK_RE)[0]
    values = ("III." + num).astype("string")
    values = values.mask(folded.str.match(_TASK_IV_RE, na=False), "IV")
    bad = text.notna() & values.isna()
    reasons = pd.Series(None, index=raw.index, dtype=object)
    reasons[bad] = [f"Nhiệm vụ kế hoạch không rõ: {v}" for v in text[bad]]
    return Parsed(values, reasons)
