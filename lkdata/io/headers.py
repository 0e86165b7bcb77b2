"""A sheet's header: which row (or rows) it is, and which field each of its cells names.

People number their headers (``8. Tổng DT đất (ha)``, ``(8)``, ``a)``), put units in brackets, merge
cells over two header rows (``Diện tích (ha)`` above ``Tổng`` / ``Trong đó VietGAP``), add a row of
column numbers under the header, and misspell. A header cell is matched against ``headers.yaml``'s
aliases with case, diacritics, spacing, numbering and bracketed units folded away; a near miss is
matched by rapidfuzz (and said so); every row near the top is scored by the fields it names, and the
best-scoring row that names the sheet's required columns is the header.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np
import pandas as pd

from ..clean.resolve import key
from ..vn.legacy import ENCODINGS, decode_legacy
from ..vn.text import fold

__all__ = ["HeaderIndex", "HeaderMatch", "HeaderPick", "cell_text", "column_letter", "header_index", "pick_header"]

#: Rows scanned for the header (title blocks of real forms run to a dozen rows; 40 leaves room).
SCAN_ROWS = 40
#: A near-miss header must be at least this similar (rapidfuzz ratio, 0-100) to an alias ...
FUZZY_CUTOFF = 88
#: ... and this much closer to it than to an alias of another field.
FUZZY_MARGIN = 4
#: Folded headers shorter than this are matched exactly only (``DT`` is not a typo of ``TT``).
FUZZY_MIN_LENGTH = 6
#: A header matched by a near miss counts this much, one matched exactly 1.
FUZZY_WEIGHT = 0.75

# a leading number or letter that numbers the header: "8.", "8)", "(8)", "1.2.", "a)", "II."
_NUMBERING_RE = re.compile(
    r"^\s*(?:\(\s*(?:\d{1,2}[a-z]?|[a-zđ]|[ivx]{1,4})\s*\)|(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})\s*[.)])\s*(?=\S)",
    re.IGNORECASE,
)
_BRACKETS_RE = re.compile(r"[(\[]([^)\]]*)[)\]]")
#: Area units written in a header's brackets, by folded spelling (without spaces): the unit its values
#: are in. Any other bracketed text is kept as written (folded), for a money field to read its unit from
#: (``(triệu đồng)``).
AREA_UNITS = {"ha": "ha", "hecta": "ha", "m2": "m2", "sao": "sao", "cong": "cong"}
#: Columns that only number rows or hold remarks: never a field, never reported as unused.
IGNORED = frozenset({"stt", "tt", "so tt", "so thu tu", "ghi chu", "chu thich"})
_COLUMN_NUMBER_RE = re.compile(r"^\(?\s*(\d{1,3})\s*[a-z]?\s*\)?$")  # "8", "(8)", "(8a)"


def cell_text(cell: object) -> str:
    """A cell as header text: stripped, NFKC (``m²`` is ``m2``); blank and non-text cells give ``""``."""
    if not isinstance(cell, str):
        return ""
    return unicodedata.normalize("NFKC", cell).strip()


def column_letter(col: int) -> str:
    """Excel's name of a 0-based column number (``0`` -> ``A``, ``27`` -> ``AB``)."""
    name, n = "", col + 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


@lru_cache(maxsize=2**16)
def _header_keys(text: str) -> tuple[str, str, str | None]:
    """The key of a header as written, the key without numbering or brackets, and a unit in its brackets
    (each distinct text worked out once: a cell is looked up exactly, then as a near miss)."""
    bare = _NUMBERING_RE.sub("", text)
    unit = None
    for inside in _BRACKETS_RE.findall(bare):
        u = fold(inside)
        if u.replace(" ", "") in AREA_UNITS:
            unit = AREA_UNITS[u.replace(" ", "")]
            break
        if unit is None and u and not u.isdigit():
            unit = u
    return key(text), key(_BRACKETS_RE.sub(" ", bare)), unit


@dataclass(frozen=True)
class HeaderMatch:
    """What a header cell names: a field, matched exactly or as a near miss, and a unit."""

    field: str
    alias: str  #: the alias it matched
    exact: bool
    unit: str | None = None

    @property
    def weight(self) -> float:
        return 1.0 if self.exact else FUZZY_WEIGHT


class HeaderIndex:
    """One dataset's aliases, for matching header cells (each distinct text is matched once)."""

    def __init__(self, aliases: dict[str, list[str]]) -> None:
        self.aliases = aliases
        self.by_key: dict[str, tuple[str, str]] = {}
        for fld, names in aliases.items():
            for alias in names:
                for k in {*_header_keys(alias)[:2]}:
                    self.by_key.setdefault(k, (fld, alias))
        # near misses are looked for among the aliases without brackets, of as many words as the header
        self._bare: dict[int, list[str]] = {}
        for names in aliases.values():
            for alias in names:
                bare = _header_keys(alias)[1]
                if len(bare) >= FUZZY_MIN_LENGTH and bare not in self._bare.get(bare.count(" "), []):
                    self._bare.setdefault(bare.count(" "), []).append(bare)
        self._cache: dict[str, HeaderMatch | None] = {}

    def match(self, cell: object) -> HeaderMatch | None:
        text = cell_text(cell)
        if not text:
            return None
        written = cell.strip() if isinstance(cell, str) else text  # before NFKC, which breaks legacy bytes
        if written not in self._cache:
            self._cache[written] = self._match(text, written)
        return self._cache[written]

    def _match(self, text: str, written: str) -> HeaderMatch | None:
        """The alias the header names; else, for a header typed in a legacy font (``Hä vµ tªn chñ hé``),
        the alias it names once decoded; else a near miss (of the header, then of its decodings)."""
        tried = [text]
        if not written.isascii():
            tried += [cell_text(d) for e in ENCODINGS if (d := decode_legacy(written, e)) != written]
        for t in tried:
            if (found := self._exact(t)) is not None:
                return found
        for t in tried:
            if (found := self._near(t)) is not None:
                return found
        return None

    def _exact(self, text: str) -> HeaderMatch | None:
        full, bare, unit = _header_keys(text)
        for k in (full, bare):
            if k in self.by_key:
                fld, alias = self.by_key[k]
                return HeaderMatch(fld, alias, True, unit)
        return None

    def _near(self, text: str) -> HeaderMatch | None:
        _, bare, unit = _header_keys(text)
        if len(bare) < FUZZY_MIN_LENGTH or len(bare) > 60 or not re.search("[a-z]", bare):
            return None
        from rapidfuzz import fuzz, process

        keys = self._bare.get(bare.count(" "), [])  # a typo changes letters, not the number of words
        best = process.extract(bare, keys, scorer=fuzz.ratio, limit=6, score_cutoff=FUZZY_CUTOFF - FUZZY_MARGIN)
        if not best or best[0][1] < FUZZY_CUTOFF:
            return None
        fld, alias = self.by_key[best[0][0]]
        if any(self.by_key[k][0] != fld and best[0][1] - s < FUZZY_MARGIN for k, s, _ in best[1:]):
            return None  # as close to another field's alias: no guess
        return HeaderMatch(fld, alias, False, unit)


@lru_cache(maxsize=32)
def _cached_index(items: tuple[tuple[str, tuple[str, ...]], ...]) -> HeaderIndex:
    return HeaderIndex({f: list(a) for f, a in items})


def header_index(aliases: dict[str, list[str]]) -> HeaderIndex:
    """The :class:`HeaderIndex` of a dataset's aliases (shared by the sheets of a run)."""
    return _cached_index(tuple((f, tuple(a)) for f, a in aliases.items()))


@dataclass
class HeaderPick:
    """The header a sheet was read with, or the closest row seen when none would do."""

    row: int | None  #: the header row (0-based position in the sheet's frame), if one was taken
    first_data: int = 0  #: the first row below the header block (its rows of sub-headers and column numbers)
    columns: dict = field(default_factory=dict)  # frame column -> HeaderMatch
    labels: dict = field(default_factory=dict)  # frame column -> header text as written (all header rows)
    unmapped: dict = field(default_factory=dict)  # frame column -> header text of a column naming no field
    duplicates: dict = field(default_factory=dict)  # frame column -> header text naming a field already taken
    closest: int | None = None  #: the best row seen (0-based), when no row was taken
    closest_fields: tuple[str, ...] = ()


def _row_matches(values: np.ndarray, columns: list, index: HeaderIndex) -> dict:
    return {c: m for c, v in zip(columns, values, strict=True) if (m := index.match(v)) is not None}


def _score(matches: dict) -> tuple[float, set[str]]:
    best: dict[str, float] = {}
    for m in matches.values():
        best[m.field] = max(best.get(m.field, 0.0), m.weight)
    return sum(best.values()), set(best)


def _is_column_numbers(values: list) -> bool:
    """A row numbering the columns (``1 2 3 ...`` or ``(1) (2) (3) ...``): at least three, increasing."""
    numbers = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and 0 < v <= 200:
            numbers.append(int(v))
        elif isinstance(v, str) and (m := _COLUMN_NUMBER_RE.match(v.strip().lower())):
            numbers.append(int(m.group(1)))
        else:
            return False
    return len(numbers) >= 3 and all(b > a for a, b in pairwise(numbers))


def _continues(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether row ``a`` belongs to the header block of row ``b``: it repeats at least half of its text
    cells from ``b`` in the same columns (cells merged down over two header rows read the same in both),
    yet is not a plain copy of it (a header pasted twice is a repeated header, not a sub-header)."""
    texts = [(x, y) for x, y in zip(a, b, strict=True) if isinstance(x, str) and x.strip()]
    same = sum(x == y for x, y in texts)
    return bool(texts) and 2 * same >= len(texts) and same < len(texts)


def pick_header(frame: pd.DataFrame, index: HeaderIndex, required: tuple[tuple[str, ...], ...]) -> HeaderPick:
    """Find the header: the best-scoring row (fields named, near misses counting less) among those that
    name the required columns (one of each group), else the best-scoring row naming at least two fields.

    Rows just above and below it that repeat its merged cells are header rows too (their texts name the
    columns the header row leaves unnamed), and so is a row of column numbers under them.
    """
    columns = list(frame.columns)
    rows = frame.head(SCAN_ROWS).to_numpy(dtype=object)
    scored = []
    for values in rows:
        score, fields = _score(_row_matches(values, columns, index))
        complete = all(any(f in fields for f in group) for group in required)
        scored.append((complete and len(fields) >= 2, score, len(fields), fields))
    if not scored:
        return HeaderPick(row=None)
    best = max(range(len(scored)), key=lambda i: (scored[i][0], scored[i][1], -i))
    if scored[best][2] < 2:
        texts = [sum(isinstance(v, str) and bool(v.strip()) for v in r) for r in rows]
        closest = max(range(len(scored)), key=lambda i: (scored[i][1], texts[i], -i))
        return HeaderPick(row=None, closest=closest, closest_fields=tuple(sorted(scored[closest][3])))
    return _header_block(frame, best, index)


def _header_block(frame: pd.DataFrame, h: int, index: HeaderIndex) -> HeaderPick:
    """The header rows around row ``h`` and what each column names."""
    columns = list(frame.columns)
    start = max(0, h - 2)
    values = frame.iloc[start : h + 4].to_numpy(dtype=object)  # a few rows around the header

    def row(i: int) -> np.ndarray:
        return values[i - start]

    above = []
    for i in (h - 1, h - 2):
        if i < start or not _continues(row(i), row(h)):
            break
        above.append(i)
    below = []
    for i in (h + 1, h + 2):
        if i - start >= len(values) or not _continues(row(i), row(h)):
            break
        below.append(i)
    last = below[-1] if below else h
    if last + 1 - start < len(values) and _is_column_numbers(list(row(last + 1))):
        last += 1  # a row numbering the columns, as official forms have
    block = sorted([*above, h, *below])
    order = [h, *below, *above]  # per column: the header row's text, then its sub-headers, then its group
    pick = HeaderPick(row=h, first_data=last + 1)
    found = []
    for j, col in enumerate(columns):
        written = " / ".join(dict.fromkeys(t for i in block if (t := cell_text(row(i)[j]))))
        if not written:
            continue
        pick.labels[col] = written
        match = next((m for i in order if (m := index.match(row(i)[j])) is not None), None)
        found.append((j, col, match, written))
    # exact matches take their field before near misses; among equals, a column with values before an empty
    # one (a leftover column of a template, left blank beside the one filled in), then the leftmost
    named = Counter(m.field for _, _, m, _ in found if m is not None)

    def blank(j: int, match) -> bool:
        if match is None or named[match.field] < 2:
            return False
        below = frame.iloc[last + 1 :, j].dropna()
        return not below.astype(str).str.strip().ne("").any()

    taken: set[str] = set()
    ranked = sorted(found, key=lambda c: (c[2] is None or not c[2].exact, blank(c[0], c[2]), c[0]))
    for _, col, match, written in ranked:
        if match is None:
            if not any(key(part) in IGNORED for part in written.split(" / ")):
                pick.unmapped[col] = written
        elif match.field in taken:
            pick.duplicates[col] = written
        else:
            taken.add(match.field)
            pick.columns[col] = match
    position = {col: j for j, col in enumerate(columns)}
    for name in ("columns", "unmapped", "duplicates"):
        setattr(pick, name, dict(sorted(getattr(pick, name).items(), key=lambda kv: position[kv[0]])))
    return pick
