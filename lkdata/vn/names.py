"""Vietnamese personal names: what a cell that holds one looks like.

A name is written family name first (``Nguyễn Thị Mỹ Duyên``); some hundred family names cover almost
every Vietnamese, Hoa and Khmer household of the South-East. A cell is taken for a person's name when it
has two to six words of letters, each starting with a capital (or the whole cell in capitals), and its
first word is such a family name, spelt with its diacritics, or without any (``Nguyen Van Hai``). This
is how lkdata recognises a name typed in the wrong column (a header row shifted by one column puts the
household's name under ``Khu phố``), never how it reads the name column.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .syllables import canonical_tone
from .text import fold

__all__ = ["SURNAMES", "looks_like_name", "name_words", "names_a_person"]

#: Family names (lower case, NFC, tone marks placed as lkdata places them): the common Kinh names, the Hoa
#: names frequent in Đồng Nai (Lý, Quách, Diệp, Hứa, Mã, Tăng ...) and the first words of Khmer and
#: S'tiêng names (Thạch, Danh, Sơn, Điểu, Ka). Words that are more often something else (``Văn``, a
#: middle name; ``Hồng``, ``Quang``) are left out: a name is recognised by its first word alone.
SURNAMES: frozenset[str] = frozenset(
    """
    nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đoàn đinh trịnh trương mai
    cao đào lương lâm lưu hà phùng thái tô châu vương quách tạ dư đồng đậu đàm từ tống tôn lã kiều âu
    trình triệu thiều lại la giang diệp chung chu bành điểu vi viên uông ung tưởng tăng tào thân nông
    nhan mạc lữ lục liêu khổng khương hàn doãn cù cung kha kim ông phó quan sầm thạch hứa mã danh sơn
    ka lò hầu vàng giàng thào mùa lầu sùng tiêu lạc lã nghiêm ninh tiết bạch bế cổ đàm đường
    khúc mẫn nhâm quản trà trang vy xa yên ân
    """.split()
)
_SURNAMES_FOLDED = frozenset(fold(s) for s in SURNAMES)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TOKEN = re.compile(r"[^\W_]+")


def name_words(text: str) -> list[str]:
    """The words of ``text`` as names are compared: runs of letters and digits (``K'Lang`` is two), NFC,
    tone marks placed one way, lower case."""
    return [_word(w) for w in _TOKEN.findall(unicodedata.normalize("NFC", text))]


@lru_cache(maxsize=100_000)
def _word(word: str) -> str:
    return canonical_tone(word).lower()


def looks_like_name(text: object) -> bool:
    """Whether a cell's text looks like a Vietnamese person's name (see the module's note)."""
    if not isinstance(text, str):
        return False
    text = unicodedata.normalize("NFC", text).strip()
    words = text.split()
    if not 2 <= len(words) <= 6 or any(_WORD.fullmatch(w) is None for w in words):
        return False
    if not (text.isupper() or all(w[0].isupper() for w in words)):
        return False
    first = canonical_tone(words[0]).lower()
    return first in SURNAMES or (first.isascii() and first in _SURNAMES_FOLDED)


#: How a person is named in a title or a file name (``Hộ ông Hà Văn Tiến``, ``ds_ba_le_thi_mai.xlsx``), folded.
_HONORIFICS = frozenset({"ong", "ba", "anh", "chi", "co", "chu", "cu"})
_SPLIT = re.compile(r"[\W_]+")


def names_a_person(text: object) -> bool:
    """Whether a title, sheet or file name names someone: it looks like a name as a whole
    (:func:`looks_like_name`, ``_`` read as a space), or an honorific (``ông``, ``bà``, ``anh``, ``chị``,
    ``cô``, ``chú``, ``cụ``, with or without diacritics, any case) comes before a family name and at least
    one more word (``DANH SÁCH HỘ ÔNG HÀ VĂN TIẾN``, ``ds_ong_ha_van_tien``). Errs towards hiding: ``ba hồ``
    (three lakes) before another word is taken for a name too."""
    if not isinstance(text, str):
        return False
    if looks_like_name(text.replace("_", " ")):
        return True
    words = [w for w in _SPLIT.split(fold(text)) if w]
    return any(
        w in _HONORIFICS and words[i + 1] in _SURNAMES_FOLDED and words[i + 2].isalpha()
        for i, w in enumerate(words[:-2])
    )
