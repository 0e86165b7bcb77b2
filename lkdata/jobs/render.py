"""Executed notebook -> self-contained HTML (nbconvert, lkdata's ``baocao`` template) -> A4 PDF (WeasyPrint).

The document shows Markdown cells and the outputs lkdata displays; code, prompts, the parameters
cells, the analyst-only cells (tag ``analyst-note``), error outputs and stderr streams never reach it.
The PDF is printed from the same HTML in the same process: no browser, no TeX.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..report.decree30 import DRAFT_MARK

__all__ = ["HIDDEN_TAGS", "office_lists_in", "placeholders_in", "render_html", "render_pdf",
           "warm_up_pdf", "warnings_in"]  # fmt: skip

#: Cells with these tags never reach the document.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "analyst-note"})


def _template_dir() -> Path:
    return Path(str(resources.files("lkdata") / "templates"))


def render_html(nb, title: str, draft: list[dict] | None = None, place_names: Sequence[str] = ()) -> str:
    """The document of an executed notebook, as one self-contained HTML page (images inline).

    ``draft``: the placeholders it still holds (:func:`placeholders_in`); when there is one, a ``DỰ THẢO``
    banner opens the page (naming what is missing) and the print stylesheet puts ``DỰ THẢO`` in the top
    margin of every printed page. ``place_names`` (the ward, its khu phố, the province) never break across
    lines, nor does the last word of a heading or caption stand alone on its line; a table cell breaks only
    between its pieces (:func:`lkdata.report.keep.cell_pieces`: ``chưa giao``, ``HTX/THT`` whole), the text
    outside the tables keeps a word holding a slash whole (:func:`lkdata.report.keep.keep_terms`), and no line
    breaks inside a document's number (:func:`lkdata.report.keep.keep_numbers`)."""
    from .. import __version__
    from ..report.html import draft_notice

    exporter = _exporter()
    css = (_template_dir() / "baocao" / "report.css").read_text(encoding="utf-8")
    body, _ = exporter.from_notebook_node(
        nb,
        resources={
            "lkdata": {
                "css": css,
                "title": title,
                "version": __version__,
                "draft": list(draft or []),
                "draft_mark": DRAFT_MARK,
                "draft_notice": draft_notice(draft) if draft else "",
            }
        },
    )
    from ..report.html import keep_names, no_lone_last_word
    from ..report.keep import keep_cells, keep_numbers, keep_terms

    return keep_terms(keep_numbers(keep_cells(keep_names(no_lone_last_word(body), list(place_names)))))


@lru_cache(maxsize=1)
def _exporter():
    """nbconvert's exporter with the ``baocao`` template, made once per process (as nbconvert's own command
    converts many notebooks with one): its template is compiled once for a batch's documents."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="baocao",
        extra_template_basedirs=[str(_template_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), True)
    return exporter


_warm: list = []


def warm_up_pdf() -> None:
    """Import WeasyPrint and lay out a line in the report's fonts, in a background thread: started when a
    kernel starts, it uses the time this process only waits for the notebook, so that :func:`render_pdf`
    finds everything loaded (the first document a process prints pays for it otherwise). Once a process."""
    import threading

    if _warm:
        return

    def warm() -> None:
        try:
            _quiet()
            from weasyprint import HTML

            css = (_template_dir() / "baocao" / "report.css").read_text(encoding="utf-8")
            HTML(string=f"<style>{css}</style><p>Ủy ban <b>nhân dân</b> <i>phường</i></p>").render()
        except Exception:  # only a head start: render_pdf reports what really fails
            pass

    _warm.append(threading.Thread(target=warm, name="lkdata-warm-pdf", daemon=True))
    _warm[0].start()


def _quiet() -> None:
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)  # CSS it does not use is not the reader's concern


def render_pdf(html_text: str, target: Path) -> None:
    """Print the HTML to an A4 PDF with WeasyPrint (fonts through fontconfig)."""
    _quiet()
    if _warm:
        _warm[0].join()  # never two layouts at once: WeasyPrint's caches are not made for threads
    from weasyprint import HTML

    HTML(string=html_text, base_url=str(target.parent), url_fetcher=_inline_only()).write_pdf(target)


def _inline_only():
    """WeasyPrint's fetcher for the report: only resources inside the HTML (``data:`` URLs: the charts); a
    document never fetches a file or a web address while it is printed."""
    try:  # WeasyPrint 66 and later
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - older WeasyPrint: a function
        from weasyprint.urls import default_url_fetcher

        def fetch(url: str, *args, **kwargs) -> dict:
            if not url.startswith("data:"):
                raise ValueError(f"tài liệu không lấy tài nguyên bên ngoài: {url[:80]}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols=("data",))


def _records(nb, mime: str) -> list[dict]:
    """The records of type ``mime`` the document's outputs carry, once each, in document order (the cells
    that never reach the document left out)."""
    found: list[dict] = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for out in cell.get("outputs", []):
            record = out.get("data", {}).get(mime)
            if isinstance(record, dict) and dict(record) not in found:
                found.append(dict(record))
    return found


def placeholders_in(nb) -> list[dict]:
    """The placeholders an executed notebook's document still holds, in document order:
    ``[{"what": "nội dung mục “Nguyên nhân”", "todo": "ghi mục “## Nguyên nhân” vào tệp ghi chú ..."}]``
    (see :class:`lkdata.report.html.Placeholder`). Empty: the document is complete."""
    from ..report.html import PLACEHOLDER_MIME

    return _records(nb, PLACEHOLDER_MIME)


def office_lists_in(nb) -> list[dict]:
    """The office-only lists written for the document: ``[{"path": ..., "what": ...}]`` (the document calls
    them an annex kept by the office; the command prints where they are)."""
    from ..report.office import OFFICE_LIST_MIME

    return _records(nb, OFFICE_LIST_MIME)


def warnings_in(nb) -> list[str]:
    """What the executed notebook wrote to stderr (warnings, logs): kept out of the document, reported."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"ô {i + 1}: {out.get('text', '').strip()[:500]}")
    return found
