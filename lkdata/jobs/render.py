"""Executed notebook -> self-contained HTML (nbconvert, lkdata's ``baocao`` template) -> A4 PDF (WeasyPrint).

The document shows Markdown cells and the outputs lkdata displays; code, prompts, the parameters
cells, the analyst-only cells (tag ``analyst-note``), error outputs and stderr streams never reach it.
The PDF is printed from the same HTML in the same process: no browser, no TeX.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

__all__ = ["HIDDEN_TAGS", "render_html", "render_pdf", "warnings_in"]

#: Cells with these tags never reach the document.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "analyst-note"})


def _template_dir() -> Path:
    return Path(str(resources.files("lkdata") / "templates"))


def render_html(nb, title: str) -> str:
    """The document of an executed notebook, as one self-contained HTML page (images inline)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from .. import __version__

    exporter = HTMLExporter(
        template_name="baocao",
        extra_template_basedirs=[str(_template_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), True)
    css = (_template_dir() / "baocao" / "report.css").read_text(encoding="utf-8")
    body, _ = exporter.from_notebook_node(
        nb, resources={"lkdata": {"css": css, "title": title, "version": __version__}}
    )
    return body


def render_pdf(html_text: str, target: Path) -> None:
    """Print the HTML to an A4 PDF with WeasyPrint (fonts through fontconfig)."""
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)  # CSS it does not use is not the reader's concern
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


def warnings_in(nb) -> list[str]:
    """What the executed notebook wrote to stderr (warnings, logs): kept out of the document, reported."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"ô {i + 1}: {out.get('text', '').strip()[:500]}")
    return found
