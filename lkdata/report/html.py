"""The display objects of a document and the small helpers that write its HTML: escaping, table cells,
captioned tables, numbered captions, and the Jinja environment of the package's HTML templates.

Every block is a display object (``_repr_html_``): the last expression of a notebook cell shows it in
JupyterLab, and nbconvert renders it into the document. Narrative (:class:`Markdown`) is rendered here,
with raw HTML disabled, since it carries the analyst's notes file and names from the data.
"""

from __future__ import annotations

import html
import re
import textwrap
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..config import Paths
from ..vn.fmt import figure_decimals, fmt_figure, fmt_number, in_sentence

__all__ = [
    "MODEL_MIME",
    "PLACEHOLDER_MIME",
    "Block",
    "Captions",
    "Literal",
    "Markdown",
    "Placeholder",
    "Placeholders",
    "blank",
    "capital",
    "cell",
    "cell_model",
    "decimals",
    "draft_notice",
    "esc",
    "in_sentence",
    "keep_names",
    "markdown_html",
    "names_pattern",
    "no_lone_last_word",
    "pct",
    "previous_cell",
    "relative_text",
    "table_html",
    "target_cell",
    "template_env",
]

#: What a table says for last year's figure when no snapshot reaches back that far (see
#: :mod:`lkdata.plan.history`), and for a target the office has not set.
NO_PREVIOUS = "chưa có số liệu"
NO_TARGET = "chưa giao"

#: The MIME type under which each block also shows its structure (a JSON object with a ``kind``) in the
#: executed notebook, beside its HTML: the Word copy is written from it (:mod:`lkdata.jobs.docx`), so HTML and
#: Word come from one model. nbconvert's HTML and JupyterLab show the HTML and ignore it.
MODEL_MIME = "application/vnd.lkdata.block+json"


class Markdown:
    """Narrative text: Markdown, displayed as the HTML :func:`markdown_html` makes of it (raw HTML shown as
    text), in JupyterLab and in the rendered document alike."""

    def __init__(self, text: str):
        self.text = textwrap.dedent(text).strip() + "\n"

    def _repr_html_(self) -> str:
        return f'<section class="md">\n{markdown_html(self.text)}</section>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self._repr_html_(), MODEL_MIME: {"kind": "markdown", "text": self.text}}

    def __repr__(self) -> str:
        return self.text


_MD_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


class Literal(str):
    """Text from the data (a cooperative's name, an activity's title, an organiser) that a narrative puts
    into Markdown: formatted into an f-string (``md(f"... {R.literal(name)} ...")``), every Markdown and
    HTML character is escaped, so ``**bold**``, ``[link](javascript:...)``, ``<script>`` or ``</td>`` print
    as the characters they are; ``str()`` gives the text itself (for HTML, escape it with :func:`esc`)."""

    def __format__(self, spec: str) -> str:
        return _MD_PUNCTUATION.sub(r"\\\1", format(str(self), spec)).replace("\n", " ")


def markdown_html(text: str) -> str:
    """Markdown (CommonMark, with tables and strikethrough) as HTML, with raw HTML disabled: ``<script>``,
    ``<style>``, ``<iframe>``, an ``onerror`` attribute or a comment in the text are shown as the text they
    are, never markup; links to ``javascript:`` and the like are dropped; an image shows its description
    only (a document never fetches anything)."""
    return _markdown()(text)


@lru_cache(maxsize=1)
def _markdown():
    import mistune

    class _Renderer(mistune.HTMLRenderer):
        def image(self, text: str, url: str, title: str | None = None) -> str:
            return text  # the alt text, already escaped by the inline parser

        def link(self, text: str, url: str, title: str | None = None) -> str:
            if self.safe_url(url) == "#harmful-link":  # javascript:, vbscript:, file:, data: ...: the words alone
                return text
            return super().link(text, url, title)

    return mistune.create_markdown(escape=True, renderer=_Renderer(escape=True), plugins=["table", "strikethrough"])


class Block:
    """A piece of the document as HTML (header, table, chart, signature block), and the same piece as a
    model (``model``: a JSON object whose ``kind`` says what it is, shown under :data:`MODEL_MIME`)."""

    def __init__(self, html_text: str, plain: str = "", model: dict | None = None):
        self.html = html_text
        self.plain = plain
        self.model = model

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.html} | ({MODEL_MIME: self.model} if self.model is not None else {})

    def __repr__(self) -> str:
        return self.plain or re.sub(r"<[^>]+>", " ", self.html).strip()


#: The MIME type of the record a placeholder displays beside its HTML: the executed notebook carries it, so
#: the report job knows which placeholders a document still holds (:func:`lkdata.jobs.render.placeholders_in`).
PLACEHOLDER_MIME = "application/vnd.lkdata.placeholder+json"


class Placeholder(Block):
    """What the document still lacks, shown where it belongs: highlighted in the draft, and recorded so that
    the document is marked ``DỰ THẢO`` on every page and ``lkdata report --final`` refuses it.

    Parameters
    ----------
    what : str
        What is missing, as the document says it: ``nội dung mục “Khó khăn, vướng mắc”``.
    todo : str
        What the office writes, and where (office-side: the CLI prints it, never the document):
        ``ghi mục “## Khó khăn, vướng mắc” vào tệp ghi chú data/raw/notes/2026.md``.
    """

    def __init__(self, what: str, todo: str):
        self.what, self.todo = what, todo
        text = f"[Chưa có {what}]"
        # its model (the Word copy highlights it and marks every page DỰ THẢO) says what the document says
        html_text = f'<p class="cho-dien placeholder">{esc(text)}</p>'
        super().__init__(html_text, text, {"kind": "placeholder", "text": text})

    @property
    def record(self) -> dict:
        """``{"what": ..., "todo": ...}``: what the executed notebook carries of it."""
        return {"what": self.what, "todo": self.todo}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.html, "text/plain": self.plain, PLACEHOLDER_MIME: self.record,
                MODEL_MIME: self.model}  # fmt: skip


class Placeholders(list):
    """The placeholders a document has shown, each once however often its cell runs: while one remains, the
    document is a draft (``DỰ THẢO``) and ``lkdata report --final`` refuses it."""

    def shown(self, block):
        """``block``, recorded when it is a :class:`Placeholder`."""
        if isinstance(block, Placeholder) and block.record not in [p.record for p in self]:
            self.append(block)
        return block


def draft_notice(placeholders: list[dict]) -> str:
    """What a draft's first page says it still lacks (after ``DỰ THẢO``), in the PDF's box and the Word copy's:
    ``Tài liệu còn 2 nội dung chưa có: nội dung mục “Nguyên nhân”; họ và tên người ký.`` (``placeholders``:
    the records of :class:`Placeholder`, ``{"what": ...}``, in document order)."""
    items = "; ".join(str(p["what"]) for p in placeholders)
    return f"Tài liệu còn {len(placeholders)} nội dung chưa có: {items}."


# --- text and numbers in HTML ------------------------------------------------------------------------


def esc(text: object) -> str:
    """``text`` escaped for HTML, quotes included."""
    return html.escape(str(text), quote=True)


def blank(n: int = 6) -> str:
    """``n`` non-breaking spaces: room left to fill in by hand (a date, a number)."""
    return "&nbsp;" * n


def capital(text: object) -> str:
    """``bơ`` -> ``Bơ``: a name starting a table cell or a chart label."""
    text = str(text)
    return text[:1].upper() + text[1:]


def decimals(unit: str, value: float) -> int:
    """Whole figures without decimals (``600 ha``, ``8 lớp``); others with one (``768,6 ha``): the one rule of
    every document (:func:`lkdata.vn.fmt.figure_decimals`), whatever the unit."""
    return figure_decimals(value)


def pct(value: float | None) -> str:
    """A percentage in a column headed ``(%)``: ``37,5``; ``-`` when there is none."""
    return "-" if value is None or value != value else fmt_number(value, 1)


def cell(value: float, unit: str) -> str:
    """A figure in a table cell whose column names the unit: money in millions, ``-`` for none; written as
    the narrative writes the same figure (:func:`lkdata.vn.fmt.fmt_figure`)."""
    if value is None or value != value:
        return "-"
    return fmt_figure(value / 1e6 if unit == "đồng" else value)


def previous_cell(value: float, unit: str) -> str:
    """Last year's figure in a table cell (as :func:`cell`); ``chưa có số liệu`` when it is unknown."""
    return NO_PREVIOUS if value != value else cell(value, unit)


def target_cell(value: float | None, unit: str) -> str:
    """The year's target in a table cell (as :func:`cell`); ``chưa giao`` when the office has set none."""
    return NO_TARGET if value is None or value != value else cell(value, unit)


def relative_text(path: Path) -> str:
    """A path as the report names it: relative to the project root when it lies under it."""
    try:
        return path.resolve().relative_to(Paths.default().root.resolve()).as_posix()
    except ValueError:
        return str(path)


NBSP = "\u00a0"
_TITLED = re.compile(r'(<(h[1-6]|figcaption)\b[^>]*>|<p class="table-caption">)(.*?)(</(?:h[1-6]|figcaption|p)>)', re.S)
_LAST_SPACE = re.compile(r"(\S) +(\S+\s*)$")


def no_lone_last_word(html_text: str) -> str:
    """The document's HTML with the last two words of every heading and caption (``<h1>``-``<h6>``,
    ``<figcaption>``, a table's caption) joined by a no-break space, so that no word stands alone on
    their last line."""

    def join(m: re.Match) -> str:
        parts = re.split(r"(<[^>]+>)", m.group(3))  # text and tags (a heading's ¶ link): only text changes
        for i in range(len(parts) - 1, -1, -1):
            if parts[i].startswith("<") or not parts[i].strip() or 'class="anchor-link"' in parts[i - 1 if i else 0]:
                continue  # a tag, blank, or the heading's hidden ¶ link
            if _LAST_SPACE.search(parts[i]):
                parts[i] = _LAST_SPACE.sub(lambda w: f"{w.group(1)}{NBSP}{w.group(2)}", parts[i])
            break
        return m.group(1) + "".join(parts) + m.group(4)

    return _TITLED.sub(join, html_text)


def keep_names(html_text: str, names: list[str]) -> str:
    """The document's HTML with each of ``names`` (place names: ``phường Long Khánh``, ``Khu phố 3``) written
    with no-break spaces wherever its text holds it (any case; never inside a tag, a style or a script), so
    that no line breaks inside a name."""
    pattern = names_pattern(names)
    if pattern is None:
        return html_text
    parts = re.split(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]+>)", html_text, flags=re.S | re.I)
    for i in range(0, len(parts), 2):  # the text between tags
        parts[i] = pattern.sub(lambda m: NBSP.join(m.group(0).split()), parts[i])
    return "".join(parts)


def names_pattern(names: list[str]) -> re.Pattern | None:
    """A pattern finding any of ``names`` (of two words or more) in text, any case, the longest first; ``None``
    when there is none (the one rule of :func:`keep_names` and of the Word copy's text)."""
    names = sorted({" ".join(n.split()) for n in names if n and len(n.split()) > 1}, key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(r"(?<!\w)" + r"\s+".join(map(re.escape, n.split())) + r"(?!\w)" for n in names),
                      re.IGNORECASE)  # fmt: skip


# --- tables and captions -----------------------------------------------------------------------------


class Captions:
    """Numbers the tables and the charts of one document in the order they are made."""

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0

    def table(self, text: str) -> str:
        """``Bảng 3. <text>``."""
        self.tables += 1
        return f"Bảng {self.tables}. {text}"

    def figure(self, text: str) -> str:
        """``Biểu đồ 2. <text>``."""
        self.figures += 1
        return f"Biểu đồ {self.figures}. {text}"


_CELL = re.compile(r"^<(b|i)>(.*)</\1>$", re.S)


def cell_model(cell_html: str) -> dict:
    """A table cell's text and emphasis, from the HTML lkdata writes in a cell (text escaped by :func:`esc`,
    wholly in ``<b>`` or ``<i>`` or not, ``<br>`` between lines): ``{"text": ..., "bold": ..., "italic": ...}``,
    and ``"link"``: the id in the document it links to (a figure's explanation in the appendix,
    ``giai-thich-training_courses``), when it does. Text the HTML escaped is text here too (``&lt;script&gt;``
    -> ``<script>``)."""
    m = _CELL.match(cell_html)
    inner = m.group(2) if m else cell_html
    lines = re.split(r"<br\s*/?>", inner)
    text = "\n".join(html.unescape(re.sub(r"<[^>]*>", "", line)) for line in lines)
    out = {"text": text, "bold": bool(m and m.group(1) == "b"), "italic": bool(m and m.group(1) == "i")}
    link = re.search(r'<a\b[^>]*\bhref="#([^"]+)"', inner)
    return out | ({"link": html.unescape(link.group(1))} if link else {})


def _row(row: list[str], width: int, text_columns: int) -> str:
    """One table row; a row of fewer cells than the head ends with a text cell spanning the rest
    (``chưa gửi số liệu`` across a khu phố's figures)."""
    cells = [f'<td class="{"txt" if j < text_columns else "num"}">{c}</td>' for j, c in enumerate(row)]
    if 0 < len(row) < width:
        cells[-1] = f'<td class="txt" colspan="{width - len(row) + 1}">{row[-1]}</td>'
    return "<tr>" + "".join(cells) + "</tr>"


#: The note under a table whose ``Cộng`` row (the total of the unrounded figures, the figure the other tables and
#: the narrative print) differs from the sum of the rounded figures printed above it, as statistical tables say it.
ROUNDING_NOTE = "Ghi chú: Số liệu đã làm tròn; tổng có thể chênh lệch do làm tròn."


def rounding_notes(body: list[list[str]], columns: range | list[int]) -> list[str]:
    """``[ROUNDING_NOTE]`` when, in one of ``columns`` (those whose last row of ``body``, the ``Cộng`` row, adds
    up the rows above it), the printed total differs from the sum of the printed figures above; ``[]``
    otherwise. A cell that prints no figure (``-``, ``chưa gửi số liệu``) adds nothing."""
    from .annex import figure_value

    def printed(row: list[str], j: int) -> float:
        value = figure_value(cell_model(str(row[j]))["text"]) if j < len(row) else None
        return float(value or 0)

    *rows, total = body
    for j in columns:  # printed figures have one decimal at most
        if round(sum(printed(r, j) for r in rows), 1) != round(printed(total, j), 1):
            return [ROUNDING_NOTE]
    return []


def table_html(caption: str, head: list[str], body: list[list[str]], text_columns: int = 1, kind: str = "",
               notes: list[str] | None = None) -> Block:  # fmt: skip
    """A captioned, bordered table: the first ``text_columns`` cells of a row are text, the rest numbers (a
    short row's last cell spans the columns it lacks); ``notes``, lines printed under it (the model's
    ``notes``, which the annex workbook prints under its sheet too)."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    trs = "".join(_row(row, len(head), text_columns) for row in body)
    notes = [str(n) for n in notes or []]
    model = {"kind": "table", "caption": caption, "head": [str(h) for h in head], "text_columns": text_columns,
             "rows": [[cell_model(str(c)) for c in row] for row in body]}  # fmt: skip
    if notes:
        model["notes"] = notes
    under = "".join(f'<p class="table-note">{esc(n)}</p>' for n in notes)
    return Block(
        f'<div class="table-block"><p class="table-caption">{esc(caption)}</p><table class="bang {kind}">'
        f"<thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>{under}</div>",
        caption,
        model,
    )


# --- templates ---------------------------------------------------------------------------------------


def _escape(value: object) -> object:
    """What ``{{ value }}`` writes: markup as it is, anything else escaped as :func:`esc` does."""
    return value if isinstance(value, Markup) else Markup(esc(value))


def template_env(folder: str, *, keep_trailing_newline: bool = False):
    """The Jinja environment of ``lkdata/templates/<folder>``, read as package resources.

    Values are escaped (autoescape) with the same entities as :func:`esc`, so a template writes what
    the equivalent f-string with ``esc`` wrote; values marked ``Markup`` go in as they are.
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lkdata", f"templates/{folder}"),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=keep_trailing_newline,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["markup"] = Markup
    return env
