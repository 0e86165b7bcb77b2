"""The grammar of Vietnamese syllables: which words are well-formed, where a word's tone mark belongs, and
which words lost the ``ư`` of ``ươ`` in an old conversion.

A syllable is an initial consonant, a rhyme (an optional medial ``o``/``u``, a vowel nucleus and an
optional final consonant or semivowel) and one of six tones. Vietnamese allows only some combinations:
the finals ``p t c ch`` take only the sắc or nặng tone (``cấp``, ``cập``, never ``càp``); ``ch`` and
``nh`` follow only ``a ê i`` (and ``oa uê uy``); ``ơ`` takes no ``ng`` or ``c`` (``ương``, ``ước``
but never ``ơng``, ``ơc``); ``k gh ngh`` come before ``i e ê`` and ``c g ng`` never do; ``q`` is
always ``qu``; the ``i`` of ``gi`` merges with a following ``i``/``iê`` (``gì``, ``giết``). The
rhymes are listed below, from the standard descriptions of Vietnamese orthography; a loan-word rhyme
or two (``xoong``, ``buýt``) is kept.

The grammar is what tells legacy-encoded text (``NguyÔn``, ``Nguyeãn``) from Vietnamese, and which of
two decodings reads as Vietnamese; the stricter it is, the fewer garbled words pass for real ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "GENUINE_LETTERS",
    "TONE_MARKS",
    "WORD_RE",
    "canonical_tone",
    "has_legacy_signature",
    "invalid_words",
    "is_neutral",
    "is_valid_syllable",
    "lost_u_fix",
    "words",
]

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONE_MARKS = _GRAVE + _ACUTE + _TILDE + _HOOK + _DOT
_STOP_TONES = (_ACUTE, _DOT)  # the only tones of a syllable ending in p, t, c, ch

#: Rhymes without a final consonant.
_OPEN = (
    "a ai ao au ay âu ây e eo ê êu i ia iu iêu o oa oai oay oe oeo oi ô ôi ơ ơi u ua uây uê ui uôi uơ uy "
    "uya uyu ư ưa ưi ưu ươi ươu y yêu"
).split()
#: Nucleus -> the finals it takes.
_CLOSED = {
    "a": "m n ng nh p t c ch", "ă": "m n ng p t c", "â": "m n ng p t c", "e": "m n ng p t c",
    "ê": "m n nh p t ch", "i": "m n nh p t ch", "o": "m n ng p t c", "ô": "m n ng p t c", "ơ": "m n p t",
    "u": "m n ng p t c", "ư": "m ng t c", "iê": "m n ng p t c", "yê": "m n ng p t c",
    "ươ": "m n ng p t c", "uô": "m n ng t c", "oa": "m n ng nh p t c ch", "oă": "n ng t c",
    "oe": "n t", "oo": "ng c", "uâ": "n ng t", "uê": "nh ch", "uy": "n nh t ch", "uyê": "n t",
}  # fmt: skip
RHYMES = frozenset(_OPEN) | {n + f for n, finals in _CLOSED.items() for f in finals.split()}
_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_FRONT = tuple("ieêy")  # k, gh, ngh only before these; c, g, ng never
_VOWELS = "aăâeêioôơuưy"
_MARKED = "ăâêôơư"
_FINALS = ("ch", "nh", "ng", "c", "m", "n", "p", "t")


def _split(nfd_lower: str) -> tuple[str, str, int]:
    """Letters without tone marks (NFC), the tone mark ('' for none) and the index of the letter
    carrying it; the tone is ``"!"`` when there are several."""
    letters: list[str] = []
    tone, at = "", -1
    for ch in nfd_lower:
        if ch in TONE_MARKS:
            if tone:
                return "", "!", -1
            tone, at = ch, len(letters) - 1
        elif unicodedata.combining(ch) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    return "".join(letters), tone, at


def _parses(bare: str) -> list[tuple[str, str]]:
    """The (onset, rhyme) readings of a toneless lower-case word that obey the spelling rules."""
    out = []
    for onset in ("", *_ONSETS):
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        if not rhyme:
            continue
        if onset == "gi":
            if rhyme[0] in "iy":
                continue
            if rhyme not in RHYMES and "i" + rhyme in RHYMES and rhyme[0] == "ê":  # giết, giếng: gi + iê
                out.append((onset, rhyme))
                continue
        elif onset == "g" and rhyme[0] == "i" and rhyme[1:2] not in tuple(_VOWELS):
            pass  # gì, gìn: the i of gi is the vowel
        elif onset == "qu":
            if rhyme[0] not in "aăâeêiyơô":
                continue
        elif onset in ("k", "gh", "ngh"):
            if not rhyme.startswith(_FRONT):
                continue
        elif onset in ("c", "g", "ng"):
            if rhyme.startswith(_FRONT):
                continue
        if onset == "":
            if rhyme.startswith("iê"):  # no onset: yên, yêu, never iên
                continue
        elif onset != "qu" and (rhyme.startswith("yê") or (rhyme[0] == "y" and rhyme != "y")):
            continue  # after a consonant: tiên, ty; y + final only after u (quynh, huynh)
        if rhyme in RHYMES or (onset == "qu" and rhyme in _QU_RHYMES):
            out.append((onset, rhyme))
    return out


#: Rhymes of ``y`` with a final, which exist only after the ``u`` of ``qu``: quynh, quýt, quých.
_QU_RHYMES = frozenset({"ynh", "yt", "ych", "yn"})


def _tone_slots(onset: str, rhyme: str) -> tuple[int, ...]:
    """Where a rhyme's tone mark may sit (indexes in the rhyme); the first is the canonical place."""
    vowels = [i for i, c in enumerate(rhyme) if c in _VOWELS]
    marked = [i for i in vowels if rhyme[i] in _MARKED]
    if marked:
        return (marked[-1],) if rhyme.startswith("ươ") else tuple(marked)
    closed = rhyme[-1] not in _VOWELS
    if closed:
        return (vowels[-1],)
    if rhyme in ("oa", "oe", "uy"):
        return (0, 1)  # hòa / hoà, khỏe / khoẻ, thủy / thuỷ
    if rhyme in ("oai", "oay", "oeo", "uya", "uyu"):
        return (1,)
    return (vowels[0],)


@lru_cache(maxsize=131072)
def _analyse(word: str) -> tuple[tuple[str, str, str, int], ...]:
    """The readings of a word as (onset, rhyme, tone, index of the toned letter) that spelling and the
    tone's final allow (empty when it is no syllable)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    bare, tone, at = _split(nfd)
    if tone == "!" or not bare:
        return ()
    out = []
    for onset, rhyme in _parses(bare):
        if rhyme.endswith(("p", "t", "c", "ch")) and tone not in _STOP_TONES:
            continue
        if tone and at < len(onset) and not (onset in ("qu", "gi") and at == len(onset) - 1):
            continue  # a tone on a consonant
        out.append((onset, rhyme, tone, at))
    return tuple(out)


@lru_cache(maxsize=131072)
def is_valid_syllable(word: str) -> bool:
    """Tell whether ``word`` is a well-formed Vietnamese syllable (case-insensitive).

    Its letters form an initial consonant and a rhyme that Vietnamese spells, with at most one tone mark,
    a tone its final allows, sitting on a vowel that can carry it (``hòa`` and ``hoà`` both pass; ``hoàn``
    does, ``hòan`` does not; ``lẽo`` does, ``leõ`` does not).
    """
    return any(not tone or at - len(onset) in _tone_slots(onset, rhyme) for onset, rhyme, tone, at in _analyse(word))


@lru_cache(maxsize=131072)
def canonical_tone(word: str) -> str:
    """``word`` with its tone mark where Vietnamese spelling puts it, case kept (``Đòan`` -> ``Đoàn``,
    ``Qúy`` -> ``Quý``, ``Hùynh`` -> ``Huỳnh``); open ``oa``/``oe``/``uy`` keep the tone on the first
    vowel (``hòa``, ``khỏe``, ``thủy``). A word that is no syllable is returned as it is."""
    found = _analyse(word)
    if not found or not found[0][2] or (is_valid_syllable(word) and found[0][1] not in ("oa", "oe", "uy")):
        return word
    if has_legacy_signature(word) or not _case_ok(word):  # Baù is VNI's Bá, not a misplaced Bàu
        return word
    onset, rhyme, tone, at = found[0]
    slots = _tone_slots(onset, rhyme)
    if at - len(onset) in slots and not (rhyme in ("oa", "oe", "uy") and at - len(onset) != slots[0]):
        return word
    nfd = unicodedata.normalize("NFD", word)
    base = [c for c in nfd if c not in TONE_MARKS]
    # positions of the letters (base characters) in the decomposed word
    starts = [i for i, c in enumerate(base) if not unicodedata.combining(c)]
    target = len(onset) + slots[0]
    end = starts[target + 1] if target + 1 < len(starts) else len(base)
    base.insert(end, tone)
    return unicodedata.normalize("NFC", "".join(base))


# --- words and what they show --------------------------------------------------------------------

#: The characters of the legacy encodings' bytes 0xA1-0xFF as Windows shows them: a word's letters.
_LEGACY_SYMBOLS = "".join(chr(b) for b in range(0xA1, 0x100) if not chr(b).isalpha())
WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f" + re.escape(_LEGACY_SYMBOLS) + "])+")


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters (and of the symbols legacy fonts use as letters), so that
    digits, punctuation, quotes and ``…`` separate words."""
    return WORD_RE.findall(text)


def _case_ok(word: str) -> bool:
    """Vietnamese words are written in small letters, Title or CAPITALS: any other mix (``TrÝ``,
    ``MÉn``: TCVN3's ``Trí``, ``Mẫn``) shows legacy bytes."""
    return word.islower() or word.isupper() or (word[:1].isupper() and (len(word) == 1 or word[1:].islower()))


@lru_cache(maxsize=131072)
def is_vietnamese_word(word: str) -> bool:
    """A word that reads as Vietnamese: neutral (:func:`is_neutral`), or a syllable (its tone mark
    placed either way) written in lower case, Title or capitals."""
    return is_neutral(word) or (_case_ok(word) and is_valid_syllable(canonical_tone(word)))


def invalid_words(text: str) -> int:
    """How many words of ``text`` are no Vietnamese (plain ASCII words and capital abbreviations are
    not counted)."""
    return sum(1 for w in words(text) if not is_vietnamese_word(w))


_CP1252_LETTERS = "ŒœŠšŽžŸƒ"


def _is_genuine_letter(ch: str) -> bool:
    """A letter no legacy byte shows as (beyond Windows-1252), or a combining mark: typed in Unicode."""
    return ord(ch) > 0xFF and (ch.isalpha() or unicodedata.combining(ch) > 0) and ch not in _CP1252_LETTERS


GENUINE_LETTERS = re.compile("[" + "".join(chr(c) for c in range(0x100, 0x2000) if _is_genuine_letter(chr(c))) + "]")

_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# A vowel followed by a VNI mark byte, which Vietnamese spelt in Unicode never writes (toán, hoà, hoãn
# are Vietnamese: o + á, à, ã is not a signature).
_VNI_DIGRAPH = re.compile(r"[aeoAEO][âÂåÅäÄ]|[aA][êÊéÉèÈúÚüÜëË]|[aeAE][áÁàÀãÃ]|[aeiouyAEIOUY][ùÙøØûÛõÕïÏ]")


@lru_cache(maxsize=131072)
def has_legacy_signature(word: str) -> bool:
    """Whether ``word`` holds what only legacy-encoded text holds: a Latin-1 character that is no
    Vietnamese letter (``NguyÔn``, ``D­¬ng``, ``Döông``) or a VNI vowel-and-mark pair (``Nguyeãn``)."""
    for ch in word:
        if "\u00a0" < ch <= "\u00ff" and ch not in _VIETNAMESE_LATIN1:
            return True
    return _VNI_DIGRAPH.search(word) is not None


_ABBREVIATION_RE = re.compile(r"^[A-ZĐ]+$|^[đĐ]$")


def is_neutral(word: str) -> bool:
    """A word that says nothing about the encoding: plain ASCII (English, unaccented Vietnamese, codes)
    or an abbreviation in capitals (``ĐH``, ``HĐND``, ``đ`` for đồng)."""
    return word.isascii() or _ABBREVIATION_RE.match(word) is not None


_HORN_O = {"ơ": "ư", "Ơ": "Ư"}


@lru_cache(maxsize=65536)
def lost_u_fix(word: str) -> str | None:
    """The word with the ``ư`` of ``ươ`` restored, when ``word`` is no syllable but becomes one
    (``Phơng`` -> ``Phương``, ``Nớc`` -> ``Nước``): TCVN3 writes ``ư`` as an invisible soft hyphen,
    which old conversions dropped. ``None`` otherwise."""
    if is_valid_syllable(word):
        return None
    nfd = unicodedata.normalize("NFD", word)
    for i, ch in enumerate(nfd):
        base = ch.lower()
        if base == "o" and i + 1 < len(nfd) and "\u031b" in nfd[i + 1 : i + 3]:
            u = "Ư" if ch.isupper() else "ư"
            fixed = unicodedata.normalize("NFC", nfd[:i] + u + nfd[i:])
            if (i == 0 or nfd[i - 1].lower() not in "uư") and is_valid_syllable(fixed):
                return fixed
            return None
    return None
