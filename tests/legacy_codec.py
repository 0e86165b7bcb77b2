"""TCVN3 and VNI encoders written for the corpus tests from the published tables, independently of lkdata.

A typist who writes Vietnamese in a ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) font stores the font's bytes;
Excel keeps them as the Windows-1252 characters of those bytes, so ``Nguyễn`` becomes ``NguyÔn`` (TCVN3) or
``Nguyeãn`` (VNI). :func:`encode` renders Unicode text that way, to test that lkdata reads it back.

Sources: TCVN 5712:1993, table VN3 (the 8-bit table of the ``.Vn*`` fonts: lower-case letters, and the
capitals Ă Â Ê Ô Ơ Ư Đ; other capitals exist only in the separate ``.Vn*H`` capital fonts, which use the
lower-case codes); the VNI for Windows table (a base letter followed by a mark byte; đ, ơ, ư and the
toned i, and ỵ, are single bytes). A few entries are cross-checked against public converters in
``tests/test_legacy_corpus.py``. This module must not import lkdata.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ENCODINGS", "Unrepresentable", "encode", "representable_form"]

ENCODINGS = ("tcvn3", "vni")

#: TCVN 5712:1993 VN3, byte -> letter (bytes 0xA1-0xFE; the others are ASCII or unassigned).
TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3 = {letter: bytes([b]).decode("cp1252") for b, letter in TCVN3_BYTES.items()}

# VNI for Windows: the mark bytes, in the order no tone, sắc, huyền, hỏi, ngã, nặng.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_TONES = ("", _ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
_VNI_TONE = dict(zip(_TONES, ["", "ù", "ø", "û", "õ", "ï"], strict=True))  # a e o u y ơ ư
_VNI_HAT = dict(zip(_TONES, ["â", "á", "à", "å", "ã", "ä"], strict=True))  # â ê ô
_VNI_BREVE = dict(zip(_TONES, ["ê", "é", "è", "ú", "ü", "ë"], strict=True))  # ă
_VNI_I = dict(zip(_TONES, ["i", "í", "ì", "æ", "ó", "ò"], strict=True))  # i: one byte per tone
_VNI_HORN = {"o": "ô", "u": "ö"}  # ơ, ư: one byte, then the tone


class Unrepresentable(ValueError):
    """Raised when a text holds a letter the legacy font cannot type (ö, ñ, ç ...)."""


def _parts(ch: str) -> tuple[str, str, str]:
    """A letter split into base, quality mark (circumflex, breve, horn or stroke) and tone."""
    if ch in "đĐ":
        return ("d" if ch == "đ" else "D"), "stroke", ""
    nfd = unicodedata.normalize("NFD", ch)
    base, marks = nfd[0], nfd[1:]
    tone = next((m for m in marks if m in _TONES[1:]), "")
    quality = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    if len(marks) != bool(tone) + bool(quality):
        raise Unrepresentable(ch)
    return base, quality, tone


def _vni_char(ch: str) -> str:
    base, quality, tone = _parts(ch)
    upper = base.isupper()
    b = base.lower()
    if quality == "stroke":
        out = "ñ"
    elif b == "i" and not quality:
        out = _VNI_I[tone]
    elif b == "y" and not quality and tone == _DOT:
        out = "î"
    elif quality == "\u031b":
        out = _VNI_HORN[b] + _VNI_TONE[tone]
    elif quality == "\u0302":
        out = b + _VNI_HAT[tone]
    elif quality == "\u0306":
        out = b + _VNI_BREVE[tone]
    else:
        out = b + _VNI_TONE[tone]
    return out.upper() if upper else out


def _is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ":
        return True
    if not ch.isalpha():
        return False
    try:
        base, quality, _ = _parts(ch)
    except Unrepresentable:
        return False
    allowed = {"\u0302": "aeo", "\u0306": "a", "\u031b": "ou", "": "aeiouy"}
    return base.lower() in allowed[quality]


def _check(ch: str) -> None:
    """Other characters pass as they are, except letters and symbols a legacy font cannot hold."""
    if ch.isascii():
        return
    if ch.isalpha() and not _is_vietnamese_letter(ch):
        raise Unrepresentable(ch)
    if "\u00a0" < ch <= "\u00ff" and not ch.isalpha():  # a Latin-1 symbol: a letter's byte in these fonts
        raise Unrepresentable(ch)
    if ord(ch) > 0xFF and not ch.isalpha() and ch not in "\u2018\u2019\u201c\u201d\u2026\u2013\u2014\u2022":
        raise Unrepresentable(ch)  # outside Windows-1252 (an emoji, a CJK letter)


def encode(text: str, encoding: str) -> str:
    """``text`` as it reads when typed in a ``.VnTime`` (``"tcvn3"``) or ``VNI-Times`` (``"vni"``) cell.

    In TCVN3, a capital that VN3 lacks (toned capitals such as Ấ, Ủ) is typed with its lower-case code,
    as typists did; in a word written entirely in capitals (the ``.VnTimeH`` capital font) the other
    letters stay capitals.

    Raises
    ------
    Unrepresentable
        When the text holds a letter or symbol the font cannot type.
    """
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        _check(ch)
        if ch.isascii() or not ch.isalpha():
            out.append(ch)
        elif encoding == "tcvn3":
            out.append(_TCVN3.get(ch) or _TCVN3[ch.lower()])
        else:
            out.append(_vni_char(ch))
    return "".join(out)


def representable_form(text: str, encoding: str) -> str:
    """What ``text`` becomes once stored in the legacy font and read back perfectly: the same text,
    but for TCVN3 capitals that VN3 lacks, which are lower case unless their word is all capitals."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "vni":
        return text
    words = []
    for word in text.split(" "):
        letters = [c for c in word if c.isalpha()]
        all_caps = len(letters) > 1 and all(c.isupper() for c in letters)
        words.append(
            word
            if all_caps
            else "".join(c.lower() if c.isupper() and not c.isascii() and c not in _TCVN3 else c for c in word)
        )
    return " ".join(words)
