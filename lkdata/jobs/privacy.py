"""Personal data stays in the office: the check ``lkdata report`` and ``lkdata quality`` run on every
document before publishing it. The rules live in :mod:`lkdata.report.privacy` (pure); everyone the check
knows comes from :func:`lkdata.api.known_people` (the accepted rows and the quarantine)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..report.privacy import PersonalValues, find_personal, mobile_numbers, number_key, personal_values, redact

_TAG = re.compile(r"<[^>]*>")

__all__ = ["PersonalValues", "find_personal", "personal_data_in", "personal_values", "redact"]


def personal_data_in(texts: list[str], processed: Path) -> list[str]:
    """The personal values (folded names, number keys) of anyone in ``processed``'s data that appear in
    any of ``texts``, each once; and any mobile number written in them, known to lkdata or not (a phone
    typed in a note or a column lkdata does not read is still a person's)."""
    from ..api import known_people

    values = known_people(processed)
    found: dict[str, None] = {}
    for text in texts:
        found.update(dict.fromkeys(find_personal(text, values)))
        found.update(dict.fromkeys(number_key(n) for n in mobile_numbers(text)))
        if "<" in text:  # HTML: a name split by markup (``<b>Trần</b> Thị``) or written as entities
            plain = html.unescape(_TAG.sub("", text))  # tags dropped: ``<b>0987</b> 654 321`` is one number
            found.update(dict.fromkeys(find_personal(html.unescape(_TAG.sub(" ", text)), values)))
            found.update(dict.fromkeys(number_key(n) for n in mobile_numbers(plain)))
    return list(found)
