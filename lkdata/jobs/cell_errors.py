"""A notebook cell that failed under Papermill, said the way an analyst finds it in JupyterLab.

Papermill counts the cells of the notebook it ran, which holds the parameters cell it injected: its
``cell_index`` and execution count are one more than what JupyterLab shows for every cell after it. The
message names the cell as JupyterLab numbers it (``[12]``, the count it shows left of a code cell once the
notebook is run top to bottom; code cells only) with its place among all the cells, quotes the line that
failed (from the traceback, not the cell's first line, the same ``md(f`` opening in most narrative cells), and
for the two slips of narrative editing says what to do: a brace typed in prose, a mistyped figure.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["BRACES_HINT", "brace_line", "cell_failure", "failed_line"]

#: What a SyntaxError in a narrative f-string usually is, and the fix.
BRACES_HINT = (
    'trong lời văn md(f"""..."""), dấu ngoặc nhọn { } dùng để chèn số liệu ({F.training_courses}); '
    "muốn viết dấu ngoặc nhọn trong câu chữ, gõ hai lần: {{ và }}"
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def _code_cells(notebook: Path) -> tuple[list[str], int | None]:
    """(the type of each cell of the notebook as committed, the position of its ``parameters`` cell)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    kinds = [c.cell_type for c in nb.cells]
    params = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), None)
    return kinds, params


def brace_line(source: str) -> tuple[int, str] | None:
    """The first line of a cell that is no f-string on its own, ``(number in the cell, its text)``: a ``{``
    or ``}`` typed in prose (``Theo mẫu {số 01/BC}``, a lone ``{``); ``None`` when every line reads."""
    for i, line in enumerate(source.splitlines(), 1):
        if ("{" in line or "}" in line) and '"""' not in line and "'''" not in line:
            try:
                compile(f'f"""{line}"""', "<lời văn>", "eval")
            except SyntaxError:
                return i, line.strip()
    return None


def failed_line(source: str, traceback: list[str], ename: str) -> tuple[int, str] | None:
    """The line of a cell that failed, ``(number in the cell, its text)``: for a SyntaxError, the line with
    a brace typed in prose (:func:`brace_line`) if there is one; else the cell's last frame in the
    traceback. ``None`` when nothing points into the cell."""
    if ename == "SyntaxError" and (brace := brace_line(source)):
        return brace
    lines = source.splitlines()
    found = _CELL_LINE.findall(_ANSI.sub("", "\n".join(traceback)))
    if found and 1 <= int(found[-1]) <= len(lines):
        n = int(found[-1])
        return n, lines[n - 1].strip()
    return None


def cell_failure(notebook: Path, exc, *, injected: bool) -> str:
    """The Vietnamese message for a cell that failed (a ``PapermillExecutionError``) in ``notebook`` (the
    notebook as committed); ``injected``: Papermill added a parameters cell after the ``parameters`` one."""
    kinds, params = _code_cells(notebook)
    position = exc.cell_index
    if injected and params is not None and position > params:
        position -= 1  # the cell Papermill injected is not in the analyst's notebook
    where = f"ô thứ {position + 1}"
    if 0 <= position < len(kinds) and kinds[position] == "code":
        number = kinds[: position + 1].count("code")
        where = (f"ô lệnh [{number}] (số JupyterLab hiện bên trái ô khi chạy cả sổ tay từ đầu; "
                 f"ô thứ {position + 1} kể cả các ô văn bản)")  # fmt: skip
    line = failed_line(str(exc.source), list(exc.traceback or []), exc.ename)
    quote = f", dòng {line[0]} của ô: “{line[1][:100]}”" if line else ""
    text = f"Sổ tay {notebook.name} lỗi ở {where}{quote}: "
    if exc.ename == "SyntaxError" and ("f-string" in str(exc.evalue) or brace_line(str(exc.source))):
        return text + f"câu chữ không đọc được vì dấu ngoặc nhọn; {BRACES_HINT}"
    return text + f"{exc.ename}: {exc.evalue}"
