"""Vietnamese text: Unicode normalisation, tone placement, matching keys and legacy-font repair.

Old spreadsheets carry names typed with the legacy TCVN3 (ABC, fonts ``.VnTime``...) and VNI
(fonts ``VNI-Times``...) encodings. Read as Unicode, such text shows as ``NguyÔn V¨n Ba`` or
``Nguyeãn Vaên Ba``. :func:`repair_legacy` detects it from the text itself, using the grammar of
Vietnamese syllables (a word that is no valid syllable, which decodes into valid ones, was typed
in a legacy encoding), and converts it to Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import UsageError

__all__ = [
    "fold",
    "fold_series",
    "invalid_words",
    "is_valid_syllable",
    "normalize_series",
    "normalize_text",
    "normalize_tone_placement",
    "repair_legacy",
    "title_name",
    "to_legacy",
]

# --- legacy encodings ------------------------------------------------------------------------

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
    "đ": "ñ",
    "Đ": "Ñ",
    "ơ": "ô",
    "Ơ": "Ô",
    "ư": "ö",
    "Ư": "Ö",
    "ì": "ì",
    "í": "í",
    "ỉ": "æ",
    "ĩ": "ó",
    "ị": "ò",
    "Ì": "Ì",
    "Í": "Í",
    "Ỉ": "Æ",
    "Ĩ": "Ó",
    "Ị": "Ò",
    "ỵ": "î",
    "Ỵ": "Î",
}
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_QUALITY_MARKS = "\u0302\u0306\u031b"


def _build_vni() -> dict[str, str]:
    enc: dict[str, str] = {}
    for base in "aAeEoOuUyYiI":
        for tone in ("", *_TONE_MARKS):
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
                elif quality == "\u0302":
                    t = _VNI_HAT_TONES[tone]
                    enc[ch] = base + (t.upper() if upper else t)
                elif quality == "\u0306":
                    t = _VNI_BREVE_TONES[tone]
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
        out = []
        for ch in text:
            if ch in _TCVN3_ENC:
                out.append(_TCVN3_ENC[ch])
            elif ch.lower() in _TCVN3_ENC and ch.lower() != ch:
                out.append(_TCVN3_ENC[ch.lower()])
            else:
                out.append(ch)
        return "".join(out)
    if encoding == "vni":
        return "".join(_VNI_ENC.get(ch, ch) for ch in text)
    raise UsageError(f"Bảng mã cũ không hỗ trợ: {encoding!r} (chọn 'tcvn3' hoặc 'vni')")


def _decode(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return _restore_caps(text, _TCVN3_DEC_RE.sub(lambda m: _TCVN3_DEC[m.group()], text))
    return _VNI_DEC_RE.sub(lambda m: _VNI_DEC[m.group()], text)


# --- syllable grammar ------------------------------------------------------------------------

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Nuclei that may take a final consonant, and those ending in a semivowel, which never do.
_NUCLEI_CLOSED = "a ă â e ê i o ô ơ u ư y ia iê oa oă oe oo ua uâ uê uô uơ ưa ươ uy yê uyê".split()
_NUCLEI_OPEN = ("ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu oai oay oeo iêu uôi ươi ươu uya uyu yêu uây").split()
_CODA = "ch|ng|nh|c|m|n|p|t"


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE_RE = re.compile(
    rf"^(?P<onset>{_ONSET})?(?:(?:{_alternation(_NUCLEI_CLOSED)})(?:{_CODA})?|(?:{_alternation(_NUCLEI_OPEN)}))$"
)
_WORD_RE = re.compile(r"[^\s\d,.;:/()\-–+&'\"]+")


@lru_cache(maxsize=65536)
def is_valid_syllable(word: str) -> bool:
    """Tell whether ``word`` is a well-formed Vietnamese syllable (case-insensitive).

    At most one tone mark, and letters that form onset + vowel nucleus + coda.
    """
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(nfd.count(t) for t in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    m = _SYLLABLE_RE.match(bare)
    if not m or bare.endswith(("â", "ă")):  # â, ă always take a coda
        return False
    # A tone never sits on a trailing semivowel after another vowel (lẽo, not leõ), but for the
    # nucleus "uy" (thuý); the i of the onset gi is no vowel (gió).
    letters = [c for c in nfd if not unicodedata.combining(c)][len(m.group("onset") or "") :]
    if (nfd and nfd[-1] in _TONE_MARKS) or (len(nfd) > 1 and nfd[-2] in _TONE_MARKS and nfd[-1] in _QUALITY_MARKS):
        if len(letters) >= 2 and letters[-1] in "iouy" and letters[-2] in "aeiouy" and letters[-2:] != ["u", "y"]:
            return False
    return True


def invalid_words(text: str) -> int:
    """How many words of ``text`` are not valid Vietnamese syllables (plain ASCII words are not counted)."""
    bad = 0
    for w in _WORD_RE.findall(text):
        if w.isascii():
            continue
        if not is_valid_syllable(w):
            bad += 1
    return bad


def _restore_caps(original: str, decoded: str) -> str:
    """Upper-case decoded words whose other letters were all capitals (TCVN3 .VnTimeH text)."""
    out = []
    for src, dst in zip(original.split(" "), decoded.split(" "), strict=False):
        ascii_letters = [c for c in src if c.isascii() and c.isalpha()]
        only_initial = len(ascii_letters) == 1 and src[:1] == ascii_letters[0]
        if ascii_letters and not only_initial and all(c.isupper() for c in ascii_letters):
            dst = dst.upper()
        out.append(dst)
    return " ".join(out)


def repair_legacy(text: str, hint: str | None = None) -> tuple[str, str | None]:
    """Repair text typed in a legacy Vietnamese encoding.

    Parameters
    ----------
    text : str
        Text as read from the file.
    hint : {"tcvn3", "vni"}, optional
        The encoding suggested by the cell's font name; it is applied when it makes the text
        no less Vietnamese than it was.

    Returns
    -------
    tuple of (str, str or None)
        The repaired text and the encoding found (``None`` when the text was left as it was).
    """
    if text.isascii():
        return text, None
    before = invalid_words(text)
    if hint in ("tcvn3", "vni"):
        decoded = _decode(text, hint)
        if decoded != text and invalid_words(decoded) <= before:
            return decoded, hint
    if before == 0:
        return text, None
    # a decoding is taken only when it makes every word valid Vietnamese: a text so repaired
    # never qualifies for a second repair (normalisation stays idempotent), and garbage is left alone
    for enc in ("tcvn3", "vni"):
        decoded = _decode(text, enc)
        if decoded != text and invalid_words(decoded) == 0:
            return decoded, enc
    return text, None


# --- normalisation ---------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")
# Syllables ending in the vowel pairs oa, oe, uy (no final consonant): put the tone on the
# first vowel (hòa, khỏe, thủy), the placement used in administrative documents.
_TONE_MOVE_RE = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])")


def normalize_tone_placement(text: str) -> str:
    """Place tone marks the one way (``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``).

    Only open syllables ending in ``oa``, ``oe`` or ``uy`` are concerned; ``quý`` keeps its mark.
    """
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _TONE_MOVE_RE.sub(lambda m: m[1][0] + m[2] + m[1][1], nfd))


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
    text, _ = repair_legacy(text)
    text = normalize_tone_placement(text)
    return _WS_RE.sub(" ", text).strip()


@lru_cache(maxsize=200_000)
def _plain_word(word: str) -> str | None:
    """One white-space-separated word as :func:`normalize_text` leaves it, or ``None`` when it is no
    valid Vietnamese (then the whole text is a candidate for legacy repair). Names and places repeat
    the same few thousand words, so this runs once per word, not once per cell."""
    text = unicodedata.normalize("NFC", word)
    if not text.isascii() and invalid_words(text):
        return None
    return normalize_tone_placement(text)


def title_name(text: str) -> str:
    """Write a person's name in title case (``NGUYỄN văn ba`` -> ``Nguyễn Văn Ba``)."""
    return " ".join(_title_word(w) for w in text.split(" ") if w)


@lru_cache(maxsize=200_000)
def _title_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _map_words(text, fn):
    """Each cell's white-space-separated words mapped by ``fn`` and joined again by one space, as an
    Arrow array; ``fn`` runs once per distinct word of the column. Also, per cell, whether ``fn``
    returned ``None`` for one of its words (such cells come back missing)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from .columns import arrow, factorize, strings, take_strings

    words = pc.utf8_split_whitespace(arrow(text))
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
