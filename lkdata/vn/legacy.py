"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC, fonts ``.VnTime``...) and VNI (``VNI-Times``...).

Read as Unicode, such text shows as ``NguyÔn V¨n Ba`` or ``Nguyeãn Vaên Ba``. What decides that a cell is
legacy text, and in which encoding:

- **A cell that reads as Vietnamese is never touched**, whatever its font: text typed with a Unicode
  keyboard into a ``.VnTime`` template holds letters no legacy byte shows as (``ă ơ ư đ ạ ế``...), or
  words that are all valid syllables (:mod:`.syllables`). The font only decides text that is garbled.
- **A garbled cell** (no such letters, and a word that is no syllable) is decoded when a decoding makes its
  words Vietnamese; a word that stays foreign (``Café``) keeps its decoded form, a word that was valid
  and would not be keeps its own. In a cell that mixes Unicode words with legacy ones (``Trần Văn
  Döông``), only the words that carry a legacy signature are decoded.
- **The encoding** comes from the cell's font when it has one, else from the evidence of the whole
  column (per sheet): each distinct garbled cell that one encoding reads better than the other votes
  for it, so ``Löu`` (VNI ``Lưu``, TCVN3 ``Lửu``) follows the column's other names; a cell's own vote
  does not vouch for itself. A cell with no font and no evidence beside it is decoded only when it
  carries a legacy signature (a byte no Vietnamese letter shows as, a VNI vowel-and-mark pair).
- **TCVN3 text that lost its ư** (the soft hyphen 0xAD, dropped by old conversions: ``Phơng``,
  ``Trờng``) is reported with the word it probably was, never changed silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import UsageError
from .syllables import (
    GENUINE_LETTERS,
    TONE_MARKS,
    WORD_RE,
    has_legacy_signature,
    is_valid_syllable,
    is_vietnamese_word,
    lost_u_fix,
)

__all__ = ["ENCODINGS", "LegacyRepair", "decode_legacy", "repair_legacy", "repair_legacy_column", "to_legacy"]

ENCODINGS = ("tcvn3", "vni")

# --- the encodings -----------------------------------------------------------------------------------

# TCVN3 (ABC): one byte per lower-case letter; upper-case toned vowels do not exist in the
# base font (typists switch to the capitals font .VnTimeH, which uses the same codes).
_TCVN3_PAIRS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® èÌ éÐ ẻÎ ẽÏ ẹÑ "
    "êª ềÒ ếÕ ểÓ ễÔ ệÖ ì× íÝ ỉØ ĩÜ ịÞ òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé "
    "ơ¬ ờê ớí ởë ỡì ợî ùï úó ủñ ũò ụô ừõ ứø ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ "
    "Ă¡ Â¢ Đ§ Ê£ Ô¤ Ơ¥ Ư¦"
)
_TCVN3_ENC: dict[str, str] = {p[0]: p[1] for p in _TCVN3_PAIRS.split()}
_TCVN3_ENC["ư"] = "\xad"  # soft hyphen: invisible in most viewers
_TCVN3_DEC: dict[str, str] = {v: k for k, v in _TCVN3_ENC.items()}

# VNI Windows: a base letter followed by one or two mark characters, a few single characters.
_VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_TONES = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_TONES = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_SINGLE = {
    "đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö",
    "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "Ì": "Ì", "Í": "Í", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò",
    "ỵ": "î", "Ỵ": "Î",
}  # fmt: skip


def _build_vni() -> dict[str, str]:
    enc: dict[str, str] = {}
    for base in "aAeEoOuUyYiI":
        for tone in ("", *TONE_MARKS):
            for quality in ("", "\u0302", "\u0306", "\u031b"):
                ch = unicodedata.normalize("NFC", base + quality + tone)
                if len(ch) != 1 or ch == base:
                    continue
                upper = base.isupper()
                if ch in _VNI_SINGLE:
                    enc[ch] = _VNI_SINGLE[ch]
                elif quality == "\u031b":  # horn: ơ ư are single characters, then the tone
                    head = _VNI_SINGLE[unicodedata.normalize("NFC", base + quality)]
                    t = _VNI_TONES[tone] if tone else ""
                    enc[ch] = head + (t.upper() if upper else t)
                elif quality in ("\u0302", "\u0306"):
                    t = (_VNI_HAT_TONES if quality == "\u0302" else _VNI_BREVE_TONES)[tone]
                    enc[ch] = base + (t.upper() if upper else t)
                else:
                    t = _VNI_TONES[tone]
                    enc[ch] = base + (t.upper() if upper else t)
    enc.update({k: v for k, v in _VNI_SINGLE.items() if k in "đĐ"})
    return enc


_VNI_ENC = _build_vni()
_VNI_DEC = {v: k for k, v in _VNI_ENC.items() if len(v) > 1 or v not in "aeiouyAEIOUY"}
_VNI_DEC_RE = re.compile("|".join(sorted((re.escape(k) for k in _VNI_DEC), key=len, reverse=True)))
_TCVN3_DEC_RE = re.compile("[" + re.escape("".join(_TCVN3_DEC)) + "]")


def to_legacy(text: str, encoding: str) -> str:
    """Render Unicode text as it shows when typed in a legacy font and read back as Unicode.

    Parameters
    ----------
    text : str
        Vietnamese text (any normal form).
    encoding : {"tcvn3", "vni"}
        The legacy encoding.

    Returns
    -------
    str
        The text as an old spreadsheet holds it. Upper-case toned vowels become lower case in
        TCVN3, as in the ``.VnTime`` font.

    Raises
    ------
    UsageError
        For an encoding other than ``"tcvn3"`` or ``"vni"``.
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        return "".join(_TCVN3_ENC.get(ch) or _TCVN3_ENC.get(ch.lower(), ch) for ch in text)
    if encoding == "vni":
        return "".join(_VNI_ENC.get(ch, ch) for ch in text)
    raise UsageError(f"Bảng mã cũ không hỗ trợ: {encoding!r} (chọn 'tcvn3' hoặc 'vni')")


def _restore_caps(original: str, decoded: str) -> str:
    """Upper-case a decoded TCVN3 word whose other letters were all capitals (``.VnTimeH`` text)."""
    ascii_letters = [c for c in original if c.isascii() and c.isalpha()]
    only_initial = len(ascii_letters) == 1 and original[:1] == ascii_letters[0]
    if ascii_letters and not only_initial and all(c.isupper() for c in ascii_letters):
        return decoded.upper()
    return decoded


@lru_cache(maxsize=65536)
def _decode_word(word: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return _restore_caps(word, _TCVN3_DEC_RE.sub(lambda m: _TCVN3_DEC[m.group()], word))
    return _VNI_DEC_RE.sub(lambda m: _VNI_DEC[m.group()], word)


def decode_legacy(text: str, encoding: str) -> str:
    """Decode every word of ``text`` as ``encoding`` ("tcvn3" or "vni"), blindly (no check)."""
    return WORD_RE.sub(lambda m: _decode_word(m.group(), encoding), text)


# --- one cell ----------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


@lru_cache(maxsize=65536)
def _marks(word: str) -> int:
    nfd = unicodedata.normalize("NFD", word)
    return sum(nfd.count(m) for m in TONE_MARKS)


_SMALL_ASCII = re.compile("[a-z]")


@dataclass(frozen=True)
class _Reading:
    """A cell read in one encoding."""

    text: str
    bad: int  #: words that stay no Vietnamese (one that probably lost its ư is read)
    fixed: int  #: words that were no Vietnamese and now are (a lone character only beside Vietnamese words)
    marks: int  #: diacritics in the decoded words (fewer: the likelier reading, all else equal)
    vn: int  #: words of two letters or more that read as Vietnamese
    foreign: int  #: words of two letters or more that do not (English words among them)

    def vietnamese(self, vouched: bool) -> bool:
        """Whether the cell reads as Vietnamese text: as many Vietnamese words as others, or, when the
        font or the column vouches for the encoding, a third of them (brand names in a news line)."""
        return self.vn * (3 if vouched else 1) >= self.foreign


@dataclass(frozen=True)
class _Cell:
    """What a cell's own text says: ``garbled`` (legacy text), ``mixed`` (Unicode with legacy words) or
    ``ok``; its words that are no Vietnamese; whether it carries a legacy signature; its readings."""

    status: str
    bad: int = 0
    signature: bool = False
    readings: dict[str, _Reading] = field(default_factory=dict)


def _all_capitals(spans: list) -> bool:
    """A TCVN3 cell written in capitals (the ``.VnTimeH`` font, whose toned capitals are the small
    letters' codes): no small ASCII letter, and a word with Vietnamese codes and two capitals or more."""
    caps = False
    for _, word, _, _ in spans:
        ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
        if any(c.islower() for c in ascii_letters):
            return False
        caps |= len(ascii_letters) > 1 and not word.isascii()
    return caps


def _read(text: str, spans: list, encoding: str, mixed: bool) -> _Reading:
    out, last, bad, fixed, lone, marks, vn, foreign = [], 0, 0, 0, 0, 0, 0, 0
    capitals = encoding == "tcvn3" and not _SMALL_ASCII.search(text) and _all_capitals(spans)
    for (start, end), word, ok, decodable in spans:
        new = word
        if word.isascii():  # an English word weighs against reading the cell as Vietnamese
            if _letters(word) > 1 and not word.isupper():
                vn += is_valid_syllable(word)
                foreign += not is_valid_syllable(word)
            continue
        if decodable:
            decoded = _decode_word(word, encoding)
            decoded = decoded.upper() if capitals else decoded
            if decoded != word:
                good = is_vietnamese_word(decoded)
                if good or not (ok or mixed) or (not ok and lost_u_fix(decoded) is not None):
                    new = decoded
                    marks += _marks(decoded)
        now = ok if new is word else is_vietnamese_word(new)
        read = now or lost_u_fix(new) is not None
        bad += not read
        if len(word) > 1:  # a lone character read as a letter (ç as ỗ) is weak evidence
            fixed += read and not ok
        else:
            lone += read and not ok
        if _letters(new) > 1:
            vn += now
            foreign += not read
        out.append(text[last:start] + new)
        last = end
    out.append(text[last:])
    if vn and not foreign:  # ... unless the cell's other words are Vietnamese: "Lý û" is TCVN3's "Lý Ỷ"
        fixed += lone
    return _Reading("".join(out), bad, fixed, marks, vn, foreign)


@lru_cache(maxsize=8192)
def _analyse(text: str) -> _Cell:
    spans, bad, signature = [], 0, False
    genuine = GENUINE_LETTERS.search(text) is not None
    for m in WORD_RE.finditer(text):
        word = m.group()
        if word.isascii():
            spans.append((m.span(), word, True, False))
            continue
        ok = is_vietnamese_word(word)
        legacy = not ok and GENUINE_LETTERS.search(word) is None
        sig = has_legacy_signature(word)
        signature |= sig and GENUINE_LETTERS.search(word) is None
        bad += not ok
        # a Unicode cell: only its words with a legacy signature; a legacy cell: every word
        spans.append((m.span(), word, ok, (legacy and sig) if genuine else True))
    if not bad or (genuine and not any(d and not ok for _, _, ok, d in spans)):
        return _Cell("ok", bad)
    readings = {e: _read(text, spans, e, genuine) for e in ENCODINGS}
    return _Cell("mixed" if genuine else "garbled", bad, signature, readings)


def _lost_u(text: str) -> tuple[tuple[str, str], ...]:
    """The words of ``text`` that probably lost the ư of ươ, each with its probable form."""
    found = []
    for word in WORD_RE.findall(text):
        if not word.isascii() and (fix := lost_u_fix(word)) is not None:
            found.append((word, fix))
    return tuple(found)


def _order(cell: _Cell, hint: str | None, decided: str | None) -> tuple[tuple[str, ...], frozenset]:
    """The encodings to try for a cell, best first, and those that outside evidence supports."""
    trusted = frozenset(e for e in (hint, decided) if e in ENCODINGS)
    rest = sorted(
        (e for e in ENCODINGS if e not in (hint, decided)),
        key=lambda e: (cell.readings[e].bad, -cell.readings[e].fixed, cell.readings[e].marks, e != "tcvn3"),
    )
    head = tuple(dict.fromkeys(e for e in (hint, decided) if e in ENCODINGS))
    return head + tuple(rest), trusted


def _choose(cell: _Cell, hint: str | None = None, decided: str | None = None) -> str | None:
    """The encoding a garbled or mixed cell is read in, or None to leave it as it is."""
    if cell.status == "ok":
        return None
    order, trusted = _order(cell, hint, decided)
    for e in order:  # a reading that leaves no word foreign
        r = cell.readings[e]
        if r.bad == 0 and r.fixed and r.vietnamese(e in trusted) and (e in trusted or cell.signature):
            return e
    own = _vote(cell) if cell.signature else None
    for e in order:  # else one that the font, the column or the cell's own signature vouches for, if it helps
        r = cell.readings[e]
        if (e in trusted or e == own) and r.fixed and r.bad < cell.bad and r.vietnamese(e in trusted):
            return e
    return None


def _vote(cell: _Cell) -> str | None:
    """The encoding a garbled cell's own words read better in, if one does."""
    if cell.status == "ok":
        return None
    t, v = cell.readings["tcvn3"], cell.readings["vni"]
    kt, kv = (t.bad, -t.fixed), (v.bad, -v.fixed)
    if kt == kv:
        return None
    best, r = ("tcvn3", t) if kt < kv else ("vni", v)
    return best if r.fixed and r.bad < cell.bad and r.vietnamese(False) else None


def repair_legacy(text: str, hint: str | None = None) -> tuple[str, str | None]:
    """Repair one cell typed in a legacy Vietnamese encoding, from its own text (and font).

    Parameters
    ----------
    text : str
        Text as read from the file (NFC).
    hint : {"tcvn3", "vni"}, optional
        The encoding the cell's font implies; it decides only text that is garbled.

    Returns
    -------
    tuple of (str, str or None)
        The repaired text and the encoding read (``None`` when the text was left as it was).
    """
    if text.isascii():
        return text, None
    cell = _analyse(text)
    enc = _choose(cell, hint if hint in ENCODINGS else None)
    return (cell.readings[enc].text, enc) if enc else (text, None)


# --- a column ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyRepair:
    """A column after legacy repair (see :func:`repair_legacy_column`)."""

    text: object  #: pandas Series: the cells, repaired where they were legacy text
    encoding: str | None  #: the encoding the column's evidence points to (None: no evidence)
    groups: dict  #: group -> the encoding its cells' evidence points to
    applied: object  #: pandas Series: per cell, the encoding it was read in (None: left as it was)
    lost_u: object  #: pandas Series: per cell, ((word, probable word), ...) for words that lost their ư


def _decide(votes: dict[str, int]) -> str | None:
    t, v = votes.get("tcvn3", 0), votes.get("vni", 0)
    return None if t == v else ("tcvn3" if t > v else "vni")


def repair_legacy_column(text, hints=None, groups=None) -> LegacyRepair:
    """Repair the legacy-encoded cells of a text column, deciding the encoding from the whole column.

    Parameters
    ----------
    text : pandas.Series
        Cells as read (strings, NFC; missing cells allowed).
    hints : pandas.Series, optional
        Per cell, the encoding its font implies (``"tcvn3"``, ``"vni"`` or missing).
    groups : pandas.Series, optional
        Per cell, its group (file and sheet): each group's evidence decides its cells, the column's
        decides groups that have none.

    Returns
    -------
    LegacyRepair
        The repaired cells, the encodings decided, and per cell the encoding applied and the words that
        probably lost their ư.
    """
    import numpy as np
    import pandas as pd

    from .columns import factorize

    index = text.index
    codes, uniques = factorize(text)
    cells = [_analyse(u) if not u.isascii() else _Cell("ok") for u in uniques]
    votes_of = [_vote(c) for c in cells]
    group = pd.Series(0, index=index) if groups is None else groups.reindex(index).fillna("")
    where = group.to_numpy(dtype=object)
    # each distinct cell of a group votes once: the encoding its own words read better in
    voters = {(where[i], codes[i]) for i in range(len(index)) if codes[i] >= 0 and votes_of[codes[i]]}
    tally: dict = {}
    for g, c in voters:
        d = tally.setdefault(g, {})
        d[votes_of[c]] = d.get(votes_of[c], 0) + 1
    total = {e: sum(d.get(e, 0) for d in tally.values()) for e in ENCODINGS}

    def decided_for(g, c) -> str | None:
        """The evidence of the cell's group, else of the column, without the cell's own vote."""
        own = votes_of[c] if c >= 0 else None
        mine = {e: n - (e == own) for e, n in tally.get(g, {}).items()}
        return _decide(mine) or _decide({e: n - (e == own) for e, n in total.items()})

    hint = hints.reindex(index).to_numpy(dtype=object) if hints is not None else np.full(len(index), None)
    out = text.astype(object).to_numpy(copy=True)
    applied = np.full(len(index), None, dtype=object)
    lost = np.full(len(index), None, dtype=object)
    work = np.flatnonzero(np.array([c.status != "ok" for c in cells] + [False])[codes] | _has_horn(uniques, codes))
    memo: dict = {}
    for i in work:
        u = uniques[codes[i]]
        h = hint[i] if isinstance(hint[i], str) else None
        key = (codes[i], h, where[i])
        if key not in memo:
            cell = cells[codes[i]]
            enc = _choose(cell, h, decided_for(where[i], codes[i]))
            new = cell.readings[enc].text if enc else u
            memo[key] = (new, enc, _lost_u(new) or None)
        out[i], applied[i], lost[i] = memo[key]
    return LegacyRepair(
        text=pd.Series(out, index=index).astype(text.dtype if text.dtype != object else "string"),
        encoding=_decide(total),
        groups={g: _decide(d) for g, d in tally.items()},
        applied=pd.Series(applied, index=index, dtype=object),
        lost_u=pd.Series(lost, index=index, dtype=object),
    )


_HORN_O = re.compile("[ơờớởỡợƠỜỚỞỠỢ]")


def _has_horn(uniques: list, codes):
    """Per row, whether its cell holds an ơ (the only cells where an ư can have been lost)."""
    import numpy as np

    has = np.array([_HORN_O.search(u) is not None for u in uniques] + [False])
    return has[codes]
