"""Personal data stays in the office: the people lkdata knows of, found in shared text however written.

:func:`personal_values` gathers every person's name, phone and ID-card number: from the processed
tables (the columns the field registry, :func:`lkdata.clean.fields.personal_columns`, marks personal),
and from the quarantine, the rows not accepted (their personal columns, and any of their cells that
reads as a phone number or looks like a name: a header row shifted by one column puts the household's
name under ``Khu phố``). :func:`find_personal` finds them in a text and :func:`redact` hides them:

- names (two words or more) are matched word by word: NFC, one tone placement, any case, a zero-width
  character pasted inside counted as nothing or as a space; a word typed without its diacritics
  (``Tran Thi My Duyen``, ``tran_thi_my_duyen.xlsx``) matches too, but a word with other diacritics does
  not (``lễ`` is not ``Lê``), so a name never refuses a document for an ordinary phrase;
- numbers on their digits, whatever separates them (``+84 705 161 453``, ``84705161453``, ``(0705) 161
  453``, ``0705/161/453``, ``0705.161.453``), the national prefix ``0`` or country code ``84`` aside.

Text is cut into word runs and digit runs, each looked up in a set, so the check costs the same for
300 households as for 300,000. Organisations (cooperatives, enterprises) are not personal data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ..clean.fields import fields, personal_columns
from ..clean.parse import parse_phone
from ..clean.quarantine import SKIPPED
from ..vn.names import looks_like_name, name_words, names_a_person
from ..vn.text import fold

__all__ = [
    "PLAIN_WORDS",
    "PersonalValues",
    "SharedText",
    "catalogue_words",
    "find_personal",
    "mask_numbers",
    "mobile_numbers",
    "number_key",
    "personal_values",
    "redact",
]

#: Characters that show as nothing; ``lkdata clean`` drops them from names (see clean.dataset).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_INVISIBLE_ONLY = re.compile(_INVISIBLE.pattern + "+")
_TOKEN = re.compile(r"[^\W_]+")
#: Digits with at most two separators between them: spaces, dots, dashes, slashes, brackets.
_RUN = re.compile(r"\d(?:[\s.\-/()\u00a0]{0,2}\d)*")
_SIGNED_RUN = re.compile(r"[+(]?" + _RUN.pattern)  # with the + of +84 or the ( of (0705)
_MIN_DIGITS, _MAX_DIGITS = 8, 15
_CCCD = re.compile(r"0\d{11}")
_PROVENANCE = {"source_file", "source_sheet", "source_row", "reasons", "Tệp", "Trang tính", "Dòng", "Lý do"}


def number_key(digits: str) -> str:
    """The key of a phone or ID-card number: its digits without a country code ``84`` (or ``0084``)
    before a national number, and without leading zeros (``+84 705 161 453`` and ``0705161453``
    have one key)."""
    d = re.sub(r"\D", "", digits)
    if d.startswith("0084"):
        d = d[4:]
    elif d.startswith("84") and len(d) in (11, 12):
        d = d[2:]
    return d.lstrip("0")


def _number_keys(digits: str) -> set[str]:
    d = re.sub(r"\D", "", digits)
    keys = {number_key(d), d.lstrip("0")}
    return {k for k in keys if _MIN_DIGITS <= len(k) <= _MAX_DIGITS}


@dataclass
class PersonalValues:
    """The people lkdata knows of: names by their folded words (each with the words as written, to tell
    a name typed without diacritics from another word), numbers by :func:`number_key`."""

    names: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    _first: set[str] = field(default_factory=set, repr=False)
    _longest: int = field(default=0, repr=False)

    def __len__(self) -> int:
        return len(self.names) + len(self.numbers)

    def add_name(self, value: object) -> None:
        """Add a person's name (one word alone is no one: left out)."""
        text = unicodedata.normalize("NFC", str(value))
        for variant in {_INVISIBLE.sub("", text), _INVISIBLE.sub(" ", text)}:
            words = tuple(name_words(variant))
            if 2 <= len(words) <= 8:
                key = tuple(_fold(w) for w in words)
                self.names.setdefault(key, set()).add(words)
                self._first.add(key[0])
                self._longest = max(self._longest, len(words))

    def add_number(self, value: object) -> None:
        """Add a phone or ID-card number as written (left out when it has too few digits to be one)."""
        self.numbers |= _number_keys(str(value))

    def add_numbers(self, values: pd.Series) -> None:
        """:meth:`add_number` over a column, in pandas' string kernels (300,000 phones in a blink)."""
        digits = values.dropna().astype(str).drop_duplicates().str.replace(r"\D", "", regex=True)
        d = digits.where(~digits.str.startswith("0084"), digits.str[4:])
        d = d.where(~(d.str.startswith("84") & d.str.len().isin([11, 12])), d.str[2:])
        for keys in (d.str.lstrip("0"), digits.str.lstrip("0")):
            ok = keys.str.len().between(_MIN_DIGITS, _MAX_DIGITS)
            self.numbers.update(keys[ok])

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where personal values are in ``text``: ``(start, end, kind)``, kind ``name`` or ``number``,
        in order, not overlapping."""
        found = []
        if self.names:
            tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
            found += self._name_spans(tokens)
            if _INVISIBLE.search(text):  # words split only by invisible characters: also read as one word
                joined: list[tuple[int, int, str]] = []
                for t in tokens:
                    if joined and _INVISIBLE_ONLY.fullmatch(text[joined[-1][1] : t[0]]):
                        joined[-1] = (joined[-1][0], t[1], joined[-1][2] + t[2])
                    else:
                        joined.append(t)
                found += self._name_spans(joined)
        if self.numbers:
            for m in _RUN.finditer(text):
                for a, b in self._number_spans(m.group()):
                    start = m.start() + a
                    start -= start > 0 and text[start - 1] in "+("  # the + of +84, the ( of (0705)
                    found.append((start, m.start() + b, "number"))
        found.sort(key=lambda s: (s[0], -s[1]))
        out: list[tuple[int, int, str]] = []
        for span in found:
            if not out or span[0] >= out[-1][1]:
                out.append(span)
        return out

    def _name_spans(self, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        folded = [_fold(t) for _, _, t in tokens]
        found, i = [], 0
        while i < len(tokens):
            hit = 0
            if folded[i] in self._first:
                for n in range(min(self._longest, len(tokens) - i), 1, -1):
                    written = self.names.get(tuple(folded[i : i + n]))
                    if written and _same_name([t for _, _, t in tokens[i : i + n]], written):
                        hit = n
                        break
            if hit:
                found.append((tokens[i][0], tokens[i + hit - 1][1], "name"))
                i += hit
            else:
                i += 1
        return found

    def _number_spans(self, run: str) -> list[tuple[int, int]]:
        groups = [(g.start(), g.end(), g.group()) for g in re.finditer(r"\d+", run)]
        spans, i = [], 0
        while i < len(groups):
            digits, end = "", None
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > _MAX_DIGITS + 4:
                    break
                if len(digits) >= _MIN_DIGITS and _number_keys(digits) & self.numbers:
                    end = j
            if end is None:
                i += 1
            else:
                spans.append((groups[i][0], groups[end][1]))
                i = end + 1
        return spans


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    return fold(word)


def _same_name(tokens: list[str], written: set[tuple[str, ...]]) -> bool:
    """Whether text words are a known name's: each word as written (any case, tone placement), or
    typed without diacritics."""
    words = name_words(" ".join(tokens))
    if len(words) != len(tokens):
        return False
    return any(all(w == n or w.isascii() for w, n in zip(words, name, strict=True)) for name in written)


def personal_values(
    tables: Mapping[str, pd.DataFrame],
    quarantine: Mapping[str, pd.DataFrame] | None = None,
    headers: Mapping[str, Mapping[str, list[str]]] | None = None,
    catalogue_keys: Iterable[str] = (),
) -> PersonalValues:
    """Every person's name, phone and ID-card number lkdata knows of.

    Parameters
    ----------
    tables
        The processed tables: their personal columns.
    quarantine
        The rows not accepted, per dataset, under their quarantine headers (:func:`load_quarantine`):
        the personal fields' columns (``headers`` names them: each field's first alias), and in every
        other cell a number that reads as a Vietnamese phone or a CCCD (never a sum of money), or a name
        (:func:`lkdata.vn.names.looks_like_name`) that is not a catalogue value (``catalogue_keys``:
        folded names and aliases, so ``Cao Su`` is a crop, not Mr Cao). Rows skipped on purpose (a
        totals row, a repeated header) are read the same way, their name column included: ``Tổng
        cộng`` there is no one.
    """
    out = PersonalValues()
    for table, columns in personal_columns().items():
        df = tables.get(table)
        if df is None:
            continue
        for col, kind in columns.items():
            if col not in df.columns:
                continue
            if kind == "person":
                for value in df[col].dropna().astype(str).unique():
                    out.add_name(value)
            else:
                out.add_numbers(df[col])
    skip = set(catalogue_keys)
    numbers: list[str] = []  # cells of other columns with a number long enough to be a phone or a CCCD
    for dataset, q in (quarantine or {}).items():
        personal = {}
        for f in fields(dataset):
            aliases = (headers or {}).get(dataset, {}).get(f.name)
            if f.personal and aliases:
                personal[aliases[0]] = f.kind
        reasons = q["reasons"] if "reasons" in q.columns else q.get("Lý do")
        skipped = reasons.fillna("").str.endswith(SKIPPED) if reasons is not None else pd.Series(False, q.index)
        for col in q.columns:
            if col in _PROVENANCE:
                continue
            kind = personal.get(col)
            for rows, as_kind in ((q.loc[~skipped, col], kind), (q.loc[skipped, col], None)):
                cells = rows.dropna().astype(str).unique()  # a skipped totals row's "Tổng cộng" is no one
                if col == "Nội dung dòng":  # a sheet whose header was not found: its cells joined by " | "
                    cells = [c for line in cells for c in line.split(" | ")]
                for cell in cells:
                    if as_kind == "person":
                        out.add_name(cell)
                    elif as_kind is not None:
                        out.add_number(cell)
                    elif looks_like_name(cell) and fold(cell) not in skip:
                        out.add_name(cell)
                    elif len(re.sub(r"\D", "", cell)) >= 9:
                        numbers.append(cell)
    if numbers:  # only what reads as a Vietnamese phone or a CCCD: never a sum of money
        phones = parse_phone(pd.Series(numbers, dtype="string")).values.dropna()
        for value in [*phones, *(n for n in numbers if _CCCD.fullmatch(re.sub(r"[\s.\-]", "", n)))]:
            out.add_number(value)
    return out


def find_personal(text: str, values: PersonalValues) -> list[str]:
    """The personal values found in ``text``, each once in order of appearance (names folded, numbers
    by their key): what a refusal counts, never shown in a shared document."""
    text = unicodedata.normalize("NFC", text)
    found: dict[str, None] = {}
    for start, end, kind in values.spans(text):
        piece = _INVISIBLE.sub("", text[start:end])
        found.setdefault(fold(piece) if kind == "name" else number_key(piece), None)
    return list(found)


def redact(text: str, values: PersonalValues, name: str = "[họ tên]", number: str = "[số]") -> str:
    """``text`` (NFC) with every known name and number replaced by ``name`` or ``number``."""
    text = unicodedata.normalize("NFC", str(text))
    for start, end, kind in reversed(values.spans(text)):
        text = text[:start] + (name if kind == "name" else number) + text[end:]
    return text


#: A mobile number as people write one: ``0`` and two digits, or ``+84``, then the rest with single spaces,
#: dots, dashes or brackets between the digits (``0912 345 678``, ``+84.912.345.678``, ``(091) 234-5678``);
#: never inside a longer run of letters and digits (base64 image data in a notebook, a code such as
#: ``VN-DNOR-0912345``) nor a decimal (``0.912345678`` in a chart's coordinates).
_SEP = r"\)?[ .\-\u00a0]?"
_MOBILE_SHAPE = re.compile(
    rf"(?<![\w.,/+\-])(?:\+84[ .\-\u00a0]?\d(?:{_SEP}\d){{8}}|\(?0\d\d(?:{_SEP}\d){{7}})(?![\w])"
)


def mobile_numbers(text: str) -> list[str]:
    """Every Vietnamese mobile number written in ``text``, whoever it belongs to: phonenumbers' rules for
    Vietnam decide (a valid number of a mobile network), so a sum of money (``1.234.567.890``), a date, a
    12-digit CCCD or a landline (``0251 3822 123``) is none. A household's phone typed where lkdata does
    not expect one (an activity's title, a notes file, a column that is not read) is still a phone: a
    shared document never prints one."""
    import phonenumbers

    found = []
    for m in _MOBILE_SHAPE.finditer(unicodedata.normalize("NFC", str(text))):
        try:
            number = phonenumbers.parse(m.group(), "VN")
        except phonenumbers.NumberParseException:
            continue
        kind = phonenumbers.number_type(number)
        if phonenumbers.is_valid_number(number) and kind in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            found.append(m.group())
    return found


def mask_numbers(text: str, keep: int = 3) -> str:
    """``text`` with every phone- or ID-like number (nine digits or more, whatever separates them) cut to
    its first ``keep`` digits and ``…``; dates (``29/10/2020``) and amounts grouped by thousands
    (``1.500.000.000``) are left as they are."""

    def cut(m: re.Match) -> str:
        if m.group("date") or _THOUSANDS.fullmatch(m.group()):
            return m.group()
        digits = re.sub(r"\D", "", m.group())
        return m.group() if len(digits) < 9 else digits[:keep] + "…"

    return _MASKED.sub(cut, str(text))


_DATE = r"(?P<date>(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d))"
_MASKED = re.compile(_DATE + "|" + _SIGNED_RUN.pattern)
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d+)?")


#: Words a raw value may hold and still be shown in a shared document, besides the catalogues' words and
#: numbers: units, amounts, dates and yes/no as offices type them (folded).
PLAIN_WORDS = frozenset(
    """
    ha hecta hec m m2 km2 sao cong tan ta yen kg g gram lit dong d vnd nghin ngan trieu tr ty ti k
    ngay thang nam thg thu hai ba tu sau bay chu nhat am pm gmt sang chieu co khong x chua rui ruoi
    khu pho kp so to ap htx tht hop tac xa ho lop nguoi luot
    """.split()
)
_MASK = "[ẩn]"


def catalogue_words(keys: Iterable[str]) -> frozenset[str]:
    """The words of catalogue entries (folded names, codes and aliases) with :data:`PLAIN_WORDS`: what a
    raw value may be made of to be shown in a shared document."""
    return frozenset(w for key in keys for w in fold(key).split()) | PLAIN_WORDS


@dataclass(frozen=True)
class SharedText:
    """How a shared document (the quality report) shows text that comes from raw files.

    Known people (:class:`PersonalValues`) are replaced (``[họ tên]``, ``[số]``), any other long number
    is cut (:func:`mask_numbers`); a file or sheet name that looks like a person's name is hidden; and a
    reason shows the raw value it quotes only when every word of it is a catalogue word, a unit, a date
    word or a number (``Khu phố 99``, ``-3``, ``31/02/2022``): any other value (``Trần Thị Mỹ Duyên``
    under ``Khu phố``, a typo such as ``Sầu riêg``) shows as ``[ẩn]``. The office-only quarantine and
    send-back workbooks keep every value.
    """

    people: PersonalValues | None = None
    vocabulary: frozenset[str] = PLAIN_WORDS

    def __call__(self, text: object) -> str:
        text = "" if text is None else str(text)
        return mask_numbers(redact(text, self.people) if self.people else text)

    def place(self, text: object) -> str:
        """A file path or a sheet name: each part (folder, file name without its extension) that looks
        like a person's name hidden too."""
        parts = str(text).split("/")
        out = []
        for part in parts:
            stem, dot, ext = part.rpartition(".") if "." in part else (part, "", "")
            out.append((_MASK_NAME if names_a_person(stem) else stem) + dot + ext)
        return self("/".join(out))

    def reasons(self, text: object) -> str:
        """Reasons joined by ``; `` (``<what>: <the value as typed> (<lkdata's hint>)``), each value shown
        only when it is plainly no one's personal data."""
        return "; ".join(self._reason(r) for r in str(text).split("; "))

    def _reason(self, reason: str) -> str:
        head, sep, tail = reason.partition(": ")
        if not sep:
            return self(reason)
        if tail.startswith('"') and '"' in tail[1:]:  # "1.200", đã đọc là ...: the quoted cell, then lkdata's words
            end = tail.index('"', 1) + 1
            value, paren, hint = tail[:end], "", tail[end:]
        else:
            value, paren, hint = tail.partition(" (")
        words = fold(value).split()
        if any(not w.isdigit() and w not in self.vocabulary for w in words):
            value = _MASK
        return self(head + sep + value + paren + hint)


_MASK_NAME = "[họ tên]"
