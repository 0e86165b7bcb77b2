"""Vietnamese text: Unicode normalisation, tone placement, matching keys; legacy-font repair.

Old spreadsheets carry names typed with the legacy TCVN3 (ABC, fonts ``.VnTime``...) and VNI
(fonts ``VNI-Times``...) encodings. Read as Unicode, such text shows as ``NguyÔn V¨n Ba`` or
``Nguyeãn Vaên Ba``; :mod:`.legacy` tells it from Vietnamese with the grammar of Vietnamese
syllables (:mod:`.syllables`) and converts it. Normalisation runs on every text cell, so it works
once per distinct word and leaves the cell-by-cell work to the few cells that need it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .legacy import repair_legacy, repair_legacy_column, to_legacy
from .syllables import GENUINE_LETTERS, WORD_RE, canonical_tone, invalid_words, is_valid_syllable, is_vietnamese_word
from .syllables import lost_u_fix as _lost_u_fix

__all__ = [
    "fold",
    "fold_series",
    "invalid_words",
    "is_valid_syllable",
    "normalize_column",
    "normalize_series",
    "normalize_text",
    "normalize_tone_placement",
    "repair_legacy",
    "title_name",
    "to_legacy",
]

# --- normalisation ---------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")


def normalize_tone_placement(text: str) -> str:
    """Place tone marks the one way Vietnamese spelling does (``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``,
    ``Qúy`` -> ``Quý``, ``Đòan`` -> ``Đoàn``): open ``oa``/``oe``/``uy`` take the tone on their first
    vowel, as administrative documents write them. Words that are no syllable are left as they are."""
    return WORD_RE.sub(lambda m: canonical_tone(m.group()), unicodedata.normalize("NFC", text))


def normalize_text(value: object) -> str | None:
    """Clean a free-text cell: NFC, legacy repair, one tone placement, collapsed white space.

    Returns ``None`` for empty cells.
    """
    if value is None:
        return None
    text = str(value)
    words = text.split()
    if not words or (len(words) == 1 and words[0].lower() == "nan"):
        return None
    clean = [_plain_word(w) for w in words]
    if None not in clean:  # every word valid as it is: no legacy repair to consider (the common case)
        return " ".join(clean)
    text = unicodedata.normalize("NFC", text)
    for _ in range(3):  # decoded until it stands: a lone letter beside garbled words reads only once they are decoded
        repaired = normalize_tone_placement(repair_legacy(text)[0])
        if repaired == text:
            break
        text = repaired
    return _WS_RE.sub(" ", text).strip()


@lru_cache(maxsize=200_000)
def _plain_word(word: str) -> str | None:
    """One white-space-separated word as :func:`normalize_text` leaves it, or ``None`` when its cell
    needs a look as a whole: a word that is no Vietnamese and was not typed in Unicode (a legacy-font
    candidate), or one that lost the ư of ươ. Names and places repeat the same few thousand words, so
    this runs once per word, not once per cell."""
    text = normalize_tone_placement(word)
    if text.isascii():
        return text
    for w in WORD_RE.findall(text):
        if is_vietnamese_word(w):
            continue
        if GENUINE_LETTERS.search(w) is None or _lost_u_fix(w) is not None:
            return None
    return text


def title_name(text: str) -> str:
    """Write a person's name in title case (``NGUYỄN văn ba`` -> ``Nguyễn Văn Ba``)."""
    return " ".join(_title_word(w) for w in text.split(" ") if w)


@lru_cache(maxsize=200_000)
def _title_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _map_words(text, fn, *, distinct: bool = False):
    """Each cell's white-space-separated words mapped by ``fn`` and joined again by one space, as an
    Arrow array; ``fn`` runs once per distinct word of the distinct cells. Also, per cell, whether ``fn``
    returned ``None`` for one of its words (such cells come back missing)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from .columns import arrow, factorize, strings, take_strings

    cells = arrow(text)
    if not distinct and len(cells) > 1:  # each distinct cell once (names repeat: 14k distinct in 300k)
        enc = cells.dictionary_encode()
        if len(enc.dictionary) < len(cells):
            joined, failed = _map_words(strings(enc.dictionary, pd.RangeIndex(len(enc.dictionary))), fn, distinct=True)
            at = pc.fill_null(enc.indices, len(enc.dictionary)).to_numpy(zero_copy_only=False)
            return joined.take(enc.indices), np.append(failed, False)[at]
    words = pc.utf8_split_whitespace(cells)
    flat = pc.list_flatten(words)
    flat = strings(flat, pd.RangeIndex(len(flat)))
    codes, uniques = factorize(flat)
    mapped = take_strings([fn(u) for u in uniques], codes, flat.index)
    failed = np.zeros(len(words), dtype=bool)
    failed[pc.list_parent_indices(words).to_numpy()[mapped.isna().to_numpy()]] = True
    listed = pa.ListArray.from_arrays(words.offsets, arrow(mapped), mask=pc.is_null(words))
    return pc.binary_join(listed, pa.scalar(" ", pa.large_string())), failed


def normalize_series(text, *, title: bool = False):
    """:func:`normalize_text` (then :func:`title_name` when ``title``) over a ``string`` Series of
    stripped cells, the same result cell for cell.

    Works word by word in Arrow: the distinct words of the column (a few thousand for names) are
    normalised once each and the cells joined again; only cells with a word that is no valid
    Vietnamese go through :func:`normalize_text` one by one (legacy-encoded text).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .columns import strings

    joined, slow = _map_words(text, lambda u: w if (w := _plain_word(u)) is None or not title else _title_word(w))
    result = strings(pc.if_else(pc.equal(joined, ""), pa.scalar(None, joined.type), joined), text.index)
    if slow.any():
        fix = text[slow].map(lambda u: title_name(v) if title and (v := normalize_text(u)) else normalize_text(u))
        result = result.copy()
        result[slow] = fix.astype(result.dtype)
    return result


def normalize_column(text, *, hints=None, groups=None, title: bool = False, lookalikes: bool = False):
    """:func:`normalize_series`, with legacy text repaired by the evidence of the whole column.

    Parameters
    ----------
    text : pandas.Series
        ``string`` cells, stripped.
    hints : pandas.Series, optional
        Per cell, the legacy encoding its font implies (``"tcvn3"``, ``"vni"``); it decides only
        cells whose text is garbled, never one that reads as Vietnamese.
    groups : pandas.Series or pandas.DataFrame, optional
        Per cell, the file and sheet it comes from (a column or several): each sheet's own evidence
        decides its encoding.
    title : bool
        Write the cells in title case (people's names).

    lookalikes : bool
        Also return, per cell, its decoded reading where the column's garbled cells show a legacy
        encoding and the cell, left as it was because it reads as Vietnamese, also reads as Vietnamese
        once decoded (``Khóc Thõa Dô`` beside TCVN3 names is ``Khúc Thừa Dụ``): a doubt to flag, never a
        change, since Unicode typed into a legacy template reads so too.

    Returns
    -------
    tuple of (pandas.Series, pandas.Series[, pandas.Series])
        The normalised cells, and per cell the words that probably lost the ư of ươ in an old
        conversion, as ``((word, probable word), ...)`` (``None`` for most cells); with ``lookalikes``,
        per cell the decoded reading to check (``None`` for most cells).
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from .columns import fmap, strings

    joined, slow = _map_words(text, lambda u: w if (w := _plain_word(u)) is None or not title else _title_word(w))
    result = strings(pc.if_else(pc.equal(joined, ""), pa.scalar(None, joined.type), joined), text.index)
    lost = pd.Series(None, index=text.index, dtype=object)
    if slow.any():
        cells = fmap(text[slow], lambda u: unicodedata.normalize("NFC", u))
        where = None
        if groups is not None:
            where = groups.reindex(text.index)[slow]
            if isinstance(where, pd.DataFrame):  # file and sheet: one key per row
                where = pd.Series(list(zip(*(where[c] for c in where.columns), strict=True)), index=where.index)
        repaired = repair_legacy_column(
            cells, hints=None if hints is None else hints.reindex(text.index)[slow], groups=where
        )

        def finish(u: str) -> str | None:
            v = _WS_RE.sub(" ", normalize_tone_placement(u)).strip() or None
            return title_name(v) if title and v else v

        result = result.copy()
        result[slow] = fmap(repaired.text, finish).astype(result.dtype)  # once per distinct cell
        lost[slow] = repaired.lost_u
        if lookalikes and any(repaired.groups.values()):
            return result, lost, _lookalikes(text, slow, _group_keys(groups, text.index), repaired.groups)
    if lookalikes:
        return result, lost, pd.Series(None, index=text.index, dtype=object)
    return result, lost


def _group_keys(groups, index):
    """Per cell, its group as :func:`repair_legacy_column` keys it (one key per row for several columns)."""
    import pandas as pd

    if groups is None:
        return pd.Series(0, index=index)
    where = groups.reindex(index)
    if isinstance(where, pd.DataFrame):
        return pd.Series(list(zip(*(where[c] for c in where.columns), strict=True)), index=index)
    return where.fillna("")


def _lookalikes(text, slow, where, decided: dict):
    """Per cell not repaired, its reading in the encoding that its group's garbled cells show, when both
    read as Vietnamese (else ``None``)."""
    import pandas as pd

    from .legacy import decode_legacy

    out = pd.Series(None, index=text.index, dtype=object)
    kept = text.notna().to_numpy() & ~slow
    encodings = where[kept].map(lambda g: decided.get(g))
    pairs = pd.DataFrame({"cell": text[kept].astype(object), "encoding": encodings}).dropna()
    # a cell with a letter no legacy byte shows as (ă, ư, ấ...) was typed in Unicode: no doubt
    pairs = pairs[~pairs["cell"].map(lambda c: c.isascii() or GENUINE_LETTERS.search(c) is not None)]
    if pairs.empty:
        return out
    distinct = pairs.drop_duplicates()

    def reading(cell: str, encoding: str) -> str | None:
        decoded = unicodedata.normalize("NFC", decode_legacy(cell, encoding))
        ok = decoded != cell and invalid_words(decoded) == 0 and invalid_words(cell) == 0
        return decoded if ok else None

    distinct = distinct.assign(
        read=[reading(c, e) for c, e in zip(distinct["cell"], distinct["encoding"], strict=True)]
    )
    found = pairs.reset_index().merge(distinct, on=["cell", "encoding"], how="left").set_index("index")["read"]
    out[found.index] = found.to_numpy()
    return out


def fold_series(text):
    """:func:`fold` over a Series, cell for cell (missing cells stay missing): each distinct word is
    folded once, then the cells are joined again by Arrow."""
    import pyarrow.compute as pc

    from .columns import strings

    joined, _ = _map_words(text, _fold_word)
    return strings(pc.utf8_trim(pc.replace_substring_regex(joined, " +", " "), characters=" "), text.index)


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")


def fold(value: object) -> str:
    """Fold text to a matching key: no diacritics, lower case, words joined by one space.

    ``"Chôm  Chôm"``, ``"chom chom"`` and ``"CHÔM-CHÔM"`` all give ``"chom chom"``.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFD", str(value).translate(_FOLD_TABLE))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_ALNUM_RE.sub(" ", text).strip()
