"""The analyst's notes of a period: a Markdown file with one ``## <heading>`` per section, shown in the
report where the notebook asks for a section (or a visible placeholder naming where to write it).

The notes are Markdown, not HTML: comments (``<!-- ... -->``) are the analyst's and are dropped; any other
HTML (``<script>``, ``<style>``, ``<iframe>``, an ``onerror`` attribute) is shown as the text it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..vn.text import fold
from .html import Markdown, Placeholder, relative_text

__all__ = ["NOTE_SECTIONS", "Notes", "section_key", "strip_comments"]

#: The notes file's sections (``## <heading>``), matched on the folded start of the heading.
NOTE_SECTIONS: dict[str, str] = {
    "ket qua": "Kết quả nổi bật",
    "kho khan": "Khó khăn, vướng mắc",
    "nguyen nhan": "Nguyên nhân",
    "nhiem vu": "Nhiệm vụ, giải pháp kỳ tới",
    "de xuat": "Đề xuất, kiến nghị",
    "noi nhan": "Nơi nhận",  # optional: the units the report asks for something, added to the ward's recipients
}
_TASK_HEADING = re.compile(r"^(III\.[1-7]|IV)\b", re.IGNORECASE)


def strip_comments(text: str) -> tuple[str, int | None]:
    """``text`` without its HTML comments (``<!-- ... -->``, the analyst's notes to self), and the line where
    a comment opens that is never closed: it hides the rest of the file, as it does in a Markdown preview
    (``None`` when every comment is closed). What is left is Markdown, rendered with raw HTML as text."""
    out, line = [], None
    pos = 0
    while (start := text.find("<!--", pos)) != -1:
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end == -1:
            line = text.count("\n", 0, start) + 1
            pos = len(text)
            break
        pos = end + 3
    out.append(text[pos:])
    return "".join(out), line


def section_key(heading: str) -> str | None:
    """The section a heading opens: a task (``III.4``), a key of :data:`NOTE_SECTIONS`, or ``None``."""
    if m := _TASK_HEADING.match(heading):
        return m.group(1).upper()
    folded = fold(heading)
    return next((k for k in NOTE_SECTIONS if folded.startswith(k)), None)


@dataclass
class Notes:
    """The notes file of a period: Markdown, one ``## <heading>`` per section.

    Sections: ``Kết quả nổi bật``, ``Khó khăn, vướng mắc``, ``Nguyên nhân``, ``Nhiệm vụ, giải pháp
    kỳ tới``, ``Đề xuất, kiến nghị``, and optionally one per task (``## III.1 ...``) whose text follows
    that task's figures.
    """

    path: Path
    sections: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    exists: bool = False
    #: the line of a ``<!--`` never closed: everything after it is hidden, as the analyst meant (``None``: none)
    unclosed_comment: int | None = None

    @classmethod
    def parse(cls, text: str | None, path: Path) -> Notes:
        """The notes in ``text`` (the content of ``path``; ``None`` when the office wrote no file)."""
        notes = cls(Path(path), exists=text is not None)
        if text is None:
            return notes
        text, notes.unclosed_comment = strip_comments(text)
        key, lines = None, []
        for line in [*text.splitlines(), "## "]:
            if line.startswith("## "):
                if key is not None and "\n".join(lines).strip():
                    notes.sections[key] = "\n".join(lines).strip()
                heading = line[3:].strip()
                key = section_key(heading)
                if key is None and heading:
                    notes.unknown.append(heading)
                lines = []
            elif key is not None:
                lines.append(line)
        return notes

    def block(self, section: str, *, optional: bool = False) -> Markdown | Placeholder | None:
        """A section as Markdown; when it is missing, a visible placeholder (the document names the section;
        its record says which file to write it in, for the command's message); nothing at all for an
        ``optional`` section."""
        key = section_key(section) or section
        if key in self.sections:
            return Markdown(self.sections[key])
        if optional:
            return None
        title = NOTE_SECTIONS.get(key, section)
        return Placeholder(f"nội dung mục «{title}»",
                           f"ghi mục «## {title}» vào tệp ghi chú {relative_text(self.path)}")  # fmt: skip

    def recipients(self) -> list[str]:
        """The units the ``## Nơi nhận`` section lists, one per line (``- Trung tâm Dịch vụ nông nghiệp khu
        vực 3;``): those the report addresses a request to, sent the report beside the ward profile's
        recipients. Empty when the section is missing."""
        lines = (
            re.sub(r"^\s*(?:[-*+]|\d+[.)])\s*", "", line).strip()
            for line in self.sections.get("noi nhan", "").splitlines()
        )
        return [line for line in lines if line]

    def task(self, task: str) -> Markdown | None:
        """The extra text for a task (``## III.1`` in the notes), or nothing."""
        text = self.sections.get(task.upper())
        return Markdown(text) if text else None
