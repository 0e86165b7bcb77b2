"""The analyst's notes of a period: a Markdown file with one ``## <heading>`` per section, shown in the
report where the notebook asks for a section (or a visible placeholder naming where to write it).

The notes are Markdown, not HTML: comments (``<!-- ... -->``) are the analyst's and are dropped; any other
HTML (``<script>``, ``<style>``, ``<iframe>``, an ``onerror`` attribute) is shown as the text it is."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..vn.places import Places
from ..vn.text import fold
from .html import Markdown, Placeholder, relative_text

__all__ = ["DEFAULT_TASKS", "NOTE_HINTS", "NOTE_SECTIONS", "OPTIONAL_SECTIONS", "TASK_SECTIONS", "Notes",
           "closest_section", "notes_template", "section_key", "strip_comments"]  # fmt: skip

#: The notes file's sections (``## <heading>``), matched on the folded start of the heading (the longest
#: key that matches: ``Nguyên nhân khách quan`` before ``Nguyên nhân``), in the order of the report.
NOTE_SECTIONS: dict[str, str] = {
    "cong tac chi dao": "Công tác chỉ đạo, triển khai",
    "long ghep": "Lồng ghép tuyên truyền tại hội nghị, hội thảo",
    "tuan thu": "Tuân thủ quy trình, tiêu chuẩn của đối tác tiêu thụ",
    "vung nguyen lieu": "Vùng nguyên liệu",
    "van ban moi": "Văn bản mới về chính sách liên kết",
    "ket qua kiem tra": "Kết quả kiểm tra, giám sát",
    "ket qua": "Kết quả nổi bật",
    "ton tai": "Tồn tại, hạn chế",
    "kho khan": "Khó khăn, vướng mắc",
    "nguyen nhan khach quan": "Nguyên nhân khách quan",
    "nguyen nhan chu quan": "Nguyên nhân chủ quan",
    "nguyen nhan": "Nguyên nhân",
    "nhiem vu": "Nhiệm vụ, giải pháp kỳ tới",
    "de xuat": "Đề xuất, kiến nghị",
    "noi nhan": "Nơi nhận",  # optional: the units the report asks for something, added to the ward's recipients
}
#: The default plan's tasks (number -> key, ``lkdata/reference/tasks.csv``): the sections a notes file read
#: without its plan opens (``## III.1`` ... ``## IV``).
DEFAULT_TASKS: dict[str, str] = {
    "III.1": "communication", "III.2": "linkage", "III.3": "cooperatives", "III.4": "technology", "III.5": "trade",
    "III.6": "policy", "III.7": "inspection", "IV": "funding",
}  # fmt: skip
#: The sections the report notebook shows without a placeholder when they are missing (``optional=True``).
OPTIONAL_SECTIONS: frozenset[str] = frozenset({"ket qua", "noi nhan"})
#: A line that looks like a heading: ``#`` marks, then text (``##Khó khăn``, ``# Nguyên nhân``).
_HEADING_LIKE = re.compile(r"^\s*(#{1,6})\s*(.*?)\s*#*\s*$")

#: What each section of the notes template asks the office to write (see :func:`notes_template`); a
#: section absent from here (``Nguyên nhân``, kept for files written before the split) is not offered.
NOTE_HINTS: dict[str, str] = {
    "cong tac chi dao": "Các văn bản ban hành để triển khai Kế hoạch (số, ngày, trích yếu); các đơn vị được giao "
    "nhiệm vụ và việc triển khai của từng đơn vị.",
    "long ghep": "Nhiệm vụ III.1: lồng ghép tuyên truyền về liên kết sản xuất gắn với tiêu thụ trong các hội nghị, "
    "hội thảo, lớp tập huấn, chương trình tại địa phương (hội nghị nào, bao nhiêu lượt).",
    "tuan thu": "Nhiệm vụ III.4: việc hướng dẫn các chủ thể trong chuỗi liên kết thực hiện quy trình sản xuất, "
    "sơ chế, chế biến, bảo quản đạt tiêu chuẩn, quy chuẩn của đối tác tiêu thụ; kết quả.",
    "vung nguyen lieu": "Nhiệm vụ III.6: các chương trình, dự án phát triển vùng nguyên liệu được triển khai "
    "trên địa bàn (sản phẩm, diện tích, đơn vị thu mua).",
    "van ban moi": "Nhiệm vụ III.6: việc tuyên truyền, triển khai các văn bản mới khi được ban hành: nghị quyết "
    "thay thế Nghị quyết số 143/2018/NQ-HĐND; quyết định phân cấp thẩm quyền phê duyệt hỗ trợ liên kết; quyết "
    "định kiện toàn Hội đồng thẩm định dự án; kế hoạch thực hiện Chương trình liên kết giai đoạn 2026 - 2030 "
    "(văn bản nào đã ban hành, đã triển khai thế nào; văn bản nào chưa ban hành).",
    "ket qua kiem tra": "Nhiệm vụ III.7: kết quả các cuộc kiểm tra, giám sát (nội dung kiểm tra, những tồn tại "
    "phát hiện, kiến nghị xử lý và việc khắc phục), không chỉ số cuộc.",
    "ket qua": "Không bắt buộc: những kết quả nổi bật mà số liệu chưa nói hết.",
    "ton tai": "Những việc chưa làm được, chưa đạt yêu cầu của Kế hoạch (tồn tại, hạn chế của {kind}).",
    "kho khan": "Những khó khăn, vướng mắc từ bên ngoài (cơ chế, chính sách, thị trường, thời tiết...).",
    "nguyen nhan khach quan": "Nguyên nhân khách quan của tồn tại, hạn chế và khó khăn.",
    "nguyen nhan chu quan": "Nguyên nhân chủ quan (từ phía {kind}, các đơn vị, {sub_unit}).",
    "nhiem vu": "Nhiệm vụ, giải pháp kỳ tới.",
    "de xuat": "Đề xuất, kiến nghị với cấp trên (nêu rõ đơn vị được đề nghị).",
}

_TASK_HEADING = re.compile(r"^(III\.[1-7]|IV)\b", re.IGNORECASE)
#: The first word of a heading, a task's number as the plan writes it (``II.3``, ``IV.``, ``III.1:``).
_FIRST_WORD = re.compile(r"^([^\s:]+?)\.?(?=$|[\s:])")

#: The sections of :data:`NOTE_SECTIONS` that belong to a task of the default plan (by the task's key in
#: ``tasks.csv``): asked for, and offered in the template, only when the plan has that task.
TASK_SECTIONS: dict[str, str] = {
    "long ghep": "communication",
    "tuan thu": "technology",
    "vung nguyen lieu": "policy",
    "van ban moi": "policy",
    "ket qua kiem tra": "inspection",
}


def _segments(text: str) -> tuple[list[tuple[int, str]], int | None]:
    """The parts of ``text`` outside its HTML comments, each with its offset in ``text``, and the line where
    a comment opens that is never closed (``None`` when every comment is closed)."""
    out, line = [], None
    pos = 0
    while (start := text.find("<!--", pos)) != -1:
        out.append((pos, text[pos:start]))
        end = text.find("-->", start + 4)
        if end == -1:
            line = text.count("\n", 0, start) + 1
            pos = len(text)
            break
        pos = end + 3
    out.append((pos, text[pos:]))
    return out, line


def strip_comments(text: str) -> tuple[str, int | None]:
    """``text`` without its HTML comments (``<!-- ... -->``, the analyst's notes to self), and the line where
    a comment opens that is never closed: it hides the rest of the file, as it does in a Markdown preview
    (``None`` when every comment is closed). What is left is Markdown, rendered with raw HTML as text."""
    segments, line = _segments(text)
    return "".join(part for _, part in segments), line


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` without its comments, each with the line of the file where it starts."""
    segments, _ = _segments(text)
    stripped = "".join(part for _, part in segments)
    starts, here = [], 0  # the offset in `text` of each character of `stripped`, by segment
    for offset, part in segments:
        starts.append((here, offset))
        here += len(part)
    out, pos = [], 0
    for line in stripped.split("\n"):
        origin = next(o + (pos - h) for h, o in reversed(starts) if h <= pos)
        out.append((text.count("\n", 0, origin) + 1, line.rstrip("\r")))
        pos += len(line) + 1
    return out


def section_key(heading: str, tasks: Collection[str] | None = None) -> str | None:
    """The section a heading opens: a task (``III.4``: one of the plan's task numbers ``tasks``, by default
    ``III.1`` to ``III.7`` and ``IV``), a key of :data:`NOTE_SECTIONS`, or ``None``."""
    if tasks is None:
        if m := _TASK_HEADING.match(heading):
            return m.group(1).upper()
    elif (m := _FIRST_WORD.match(heading.strip())) and (
        number := {t.upper(): t for t in tasks}.get(m.group(1).upper())
    ):
        return number
    folded = fold(heading)
    return max((k for k in NOTE_SECTIONS if folded.startswith(k)), key=len, default=None)


def notes_template(
    label: str | None = None, places: Places | None = None, tasks: Mapping[str, str] | None = None
) -> str:
    """The notes file the office fills for a period (``label``: ``6 tháng đầu năm 2026``; none: a blank
    template saying where to save it): one ``## `` heading
    per section of :data:`NOTE_HINTS` and per task (``## III.1`` ... ``## IV``, optional), each with what to
    write as a comment (comments are not printed). A section left empty shows as a placeholder.

    ``tasks``: the plan's tasks (number -> key, in the plan's order; default: the default plan's): a section
    of a task the plan lacks (:data:`TASK_SECTIONS`) is left out, the others name the task by its number.
    ``places``: the profile's words the hints use (``phường``, ``khu phố``), Long Khánh's by default."""
    words = places or Places()
    tasks = dict(tasks) if tasks is not None else DEFAULT_TASKS
    numbers = list(tasks)
    first, last = (numbers[0], numbers[-1]) if numbers else ("III.1", "IV")
    number_of = {key: number for number, key in tasks.items()}
    title = label or "(kỳ báo cáo): lưu thành data/raw/notes/<kỳ>.md, ví dụ 2026-H1.md"
    lines = [
        f"# Ghi chú báo cáo {title}",
        "",
        "<!--",
        'Những phần số liệu không viết được. Mỗi mục bắt đầu bằng "## " và tên mục; lkdata đưa nội dung vào đúng',
        f'phần của báo cáo; mục để trống hiện dòng nhắc trong bản dự thảo. Ghi thêm cho từng nhiệm vụ: "## {first}"',
        f'... "## {last}" (không bắt buộc). Không ghi tên, số điện thoại, số CCCD của người dân.',
        "-->",
        "",
    ]
    for key, hint in NOTE_HINTS.items():
        if key in TASK_SECTIONS:
            if TASK_SECTIONS[key] not in number_of:
                continue
            hint = re.sub(r"^Nhiệm vụ [^:]+:", f"Nhiệm vụ {number_of[TASK_SECTIONS[key]]}:", hint)
        hint = hint.format(kind=words.kind, sub_unit=words.sub_unit)
        lines += [f"## {NOTE_SECTIONS[key]}", "", f"<!-- {hint} -->", ""]
    for task in numbers:
        lines += [f"## {task}", "", "<!-- Không bắt buộc: ghi thêm sau số liệu của nhiệm vụ này. -->", ""]
    return "\n".join(lines)


def closest_section(heading: str) -> str | None:
    """The section title a heading that opens none probably meant (``Đề nghị`` -> ``Đề xuất, kiến nghị``),
    or ``None`` when none is close."""
    from rapidfuzz import fuzz, process, utils

    folded = fold(heading)
    if not folded:
        return None
    choices = {k: fold(title) for k, title in NOTE_SECTIONS.items()}
    # the words a heading shares with a title, punctuation aside (``Đề nghị`` shares both of its words with
    # ``Đề xuất, kiến nghị``; a partial ratio would take the ``nghị`` of ``hội nghị``)
    match = process.extractOne(folded, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                               score_cutoff=60)  # fmt: skip
    return NOTE_SECTIONS[match[2]] if match else None


@dataclass
class Notes:
    """The notes file of a period: Markdown, one ``## <heading>`` per section.

    Sections: those of :data:`NOTE_SECTIONS` (``Công tác chỉ đạo, triển khai``, ``Tồn tại, hạn chế``,
    ``Khó khăn, vướng mắc``, ``Nguyên nhân khách quan`` / ``chủ quan``...), and optionally one per task
    (``## III.1 ...``) whose text follows that task's figures.
    """

    path: Path
    sections: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    exists: bool = False
    #: the line of a ``<!--`` never closed: everything after it is hidden, as the analyst meant (``None``: none)
    unclosed_comment: int | None = None
    #: lines of text the report would not show: (line number, text), before the first section or under a
    #: heading that opens none
    dropped: list[tuple[int, str]] = field(default_factory=list)
    #: lines that look like a section's heading but are not written ``## <tên mục>``: (line number, text)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    #: the plan's tasks (number -> key), which ``## <number>`` sections open; ``None``: the default plan's
    tasks: dict[str, str] | None = None

    @classmethod
    def parse(cls, text: str | None, path: Path, tasks: Mapping[str, str] | None = None) -> Notes:
        """The notes in ``text`` (the content of ``path``; ``None`` when the office wrote no file); ``tasks``:
        the plan's tasks (number -> key), whose numbers open the sections of the tasks (default: ``III.1`` to
        ``III.7`` and ``IV``)."""
        notes = cls(Path(path), exists=text is not None, tasks=dict(tasks) if tasks is not None else None)
        if text is None:
            return notes
        notes.unclosed_comment = _segments(text)[1]
        key, lines, under_unknown = None, [], False
        for number, line in [*_numbered_lines(text), (0, "## ")]:
            if line.startswith("## "):
                if key is not None and "\n".join(lines).strip():
                    notes.sections[key] = "\n".join(lines).strip()
                heading = line[3:].strip()
                key = section_key(heading, notes.tasks)
                if key is None and heading:
                    notes.unknown.append(heading)
                under_unknown = key is None  # its text is said with the heading
                lines = []
                continue
            like = _HEADING_LIKE.match(line)
            if like and like.group(1) != "#" * 3 and section_key(like.group(2), notes.tasks) is not None:
                notes.malformed.append((number, line.strip()))  # "##Khó khăn", "# Nguyên nhân": not a section
            if key is not None:
                lines.append(line)
            elif line.strip() and not under_unknown and not (like and like.group(1) == "#"):  # "# title" is fine
                notes.dropped.append((number, line.strip()))
        return notes

    @property
    def causes_in_one(self) -> bool:
        """A file written before the causes were split: one ``Nguyên nhân``, neither ``khách quan`` nor
        ``chủ quan`` (the report then shows that one section, and asks for no other)."""
        return "nguyen nhan" in self.sections and not any(
            k in self.sections for k in ("nguyen nhan khach quan", "nguyen nhan chu quan")
        )

    def missing_sections(self) -> list[str]:
        """The keys of :data:`NOTE_SECTIONS` the report asks for and the file lacks (empty when there is no
        file: the report then shows every placeholder)."""
        split = ("nguyen nhan khach quan", "nguyen nhan chu quan")
        if self.causes_in_one:
            asked = [k for k in NOTE_SECTIONS if k not in split]
        else:
            asked = [k for k in NOTE_SECTIONS if k != "nguyen nhan"]
        keys = set((self.tasks if self.tasks is not None else DEFAULT_TASKS).values())
        asked = [k for k in asked if k not in TASK_SECTIONS or TASK_SECTIONS[k] in keys]  # a task the plan has
        return [k for k in asked if k not in OPTIONAL_SECTIONS and k not in self.sections]

    def problems(self) -> list[str]:
        """What the report would lose or misplace, in Vietnamese: each heading that opens no section (with
        the closest one), each line of text that would be dropped, each heading written the wrong way."""
        out = []
        for heading in self.unknown:
            closest = closest_section(heading)
            hint = f" (có phải “{closest}”?)" if closest else f" (các mục: {', '.join(NOTE_SECTIONS.values())})"
            out.append(f"tiêu đề “## {heading}” không ứng với mục nào, nội dung dưới nó không vào báo cáo{hint}")
        for number, line in self.malformed:
            out.append(f"dòng {number} “{line[:60]}” giống tiêu đề mục nhưng phải viết “## <tên mục>”")
        if self.dropped:
            first = self.dropped[0]
            more = f" và {len(self.dropped) - 1} dòng khác" if len(self.dropped) > 1 else ""
            out.append(f"dòng {first[0]} “{first[1][:60]}”{more} nằm ngoài mọi mục, không vào báo cáo")
        return out

    def block(self, section: str, *, optional: bool = False) -> Markdown | Placeholder | None:
        """A section as Markdown; when it is missing, a visible placeholder (the document names the section;
        its record says which file to write it in, for the command's message); nothing at all for an
        ``optional`` section."""
        key = section_key(section, self.tasks) or section
        if key in self.sections:
            return Markdown(self.sections[key])
        if optional:
            return None
        title = NOTE_SECTIONS.get(key, section)
        return Placeholder(f"nội dung mục “{title}”",
                           f"ghi mục “## {title}” vào tệp ghi chú {relative_text(self.path)}")  # fmt: skip

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
