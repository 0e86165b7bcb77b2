"""``lkdata consolidate PERIOD --from FOLDER``: the Department's roll-up of the exchange files its wards and
communes sent, rendered as its consolidated report (HTML, PDF, Word) with the figures as a workbook.

The report is built from lkdata's document blocks (:mod:`lkdata.report.consolidated`) laid out as a notebook
in memory, one output per block, and rendered by the same code as the wards' reports (:mod:`lkdata.jobs.render`
for HTML and PDF, :mod:`lkdata.jobs.docx` for Word): the same Decree 30 layout, without a kernel, since the
Department's report has no narrative to edit and no data to explore (a kernel would cost seconds per run and
nothing else). The notebook is written beside the documents, as every report's audit trail.

Everything is written in a temporary folder beside the final one and moved into place when whole.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import Paths, outside_raw
from ..errors import UsageError
from ..io.exchange_inbox import read_inbox
from ..io.province import load_communes, load_department, load_ratios
from ..io.reference import load_plan
from ..io.store import write_json
from ..plan.consolidate import Consolidation, Definition, consolidate
from ..plan.periods import parse_day, parse_period
from ..report.consolidated import ConsolidatedDocument, values_sheet
from ..report.decree30 import DRAFT_MARK
from ..report.exchange import SHEET, document_from_rows
from .report_jobs import FORMATS

__all__ = ["ConsolidateResult", "build_notebook", "catalogue", "consolidate_folder", "run_consolidate", "summary_lines"]

log = logging.getLogger("lkdata")


@dataclass
class ConsolidateResult:
    """What ``lkdata consolidate`` made: the figures, the files written and the time each step took."""

    consolidation: Consolidation
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: what the document still lacks (the signer's name): it is a draft (``DỰ THẢO``) while any remain
    placeholders: list[dict] = field(default_factory=list)
    #: why nothing was written (``--final`` refusing a draft), else empty
    error: str = ""


def catalogue(reference: Path | None) -> dict[str, Definition]:
    """The shared definitions the province knows: the default plan's indicators (their definition id, label,
    unit and kind) and the shares of ``ratios.csv``."""
    plan = load_plan(reference)
    out = {}
    for ind in plan.indicators:
        d = str(getattr(ind, "definition", None) or ind.id)
        out[d] = Definition(d, ind.label, ind.unit, ind.kind)
    return out


def consolidate_folder(period: str, folder: Path, *, reference: Path | None = None) -> Consolidation:
    """The figures only: read and check every exchange file under ``folder`` and consolidate them for ``period``
    (the Department's profile, the communes and the shares from ``reference``, the package's otherwise).

    Raises
    ------
    UsageError
        For a period of no accepted form or a folder that does not exist.
    ReferenceDataError
        For a reference file that cannot be used.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"Không tìm thấy thư mục tệp trao đổi: {folder}")
    profile = load_department(reference)
    p = parse_period(period, profile)
    ratios = load_ratios(reference)
    known = catalogue(reference)
    for d, (*_parts, label) in ratios.items():
        known.setdefault(d, Definition(d, label or d, "%", "ratio"))
    inbox = read_inbox(folder, sheet=(SHEET, document_from_rows))  # an annex workbook sent alone is read too
    return consolidate(inbox.received, p, load_communes(reference), catalogue=known, ratios=ratios,
                       other_files=inbox.other_files)  # fmt: skip


def build_notebook(blocks: Sequence, title: str):
    """The document's blocks as a notebook (no code): a heading as a Markdown cell, every other block as the
    display output of an empty code cell, with the HTML and the model the Word copy is written from."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from ..report.html import Markdown

    nb = new_notebook(metadata={"title": title, "lkdata": {"version": __version__, "kind": "consolidated"}})
    for block in blocks:
        if isinstance(block, Markdown) and block.text.startswith("#"):
            nb.cells.append(new_markdown_cell(block.text))
            continue
        bundle = block._repr_mimebundle_()
        nb.cells.append(new_code_cell("", outputs=[new_output("display_data", data=bundle)]))
    nbformat.validate(nb)
    return nb


def run_consolidate(period: str, folder: str | Path, *, paths: Paths | None = None, out: Path | None = None,
                    formats: Sequence[str] = FORMATS, report_date: str | None = None,
                    today: dt.date | None = None, final: bool = False) -> ConsolidateResult:  # fmt: skip
    """``lkdata consolidate``: consolidate and write the report to ``<out>/tong_hop/<period>/`` (default
    ``reports/``): ``tong_hop_<period>.html|pdf|docx``, the workbook of its tables, the notebook and a manifest.
    A report that still holds a placeholder (the Department's profile names no signer) is a draft: ``DỰ THẢO``
    on every page and sheet, its placeholders in the result and the manifest; ``final``: refuse it instead
    (``error`` says why, each placeholder named; nothing is written).

    Raises
    ------
    UsageError
        For a bad period, date, format, folder, or an output folder inside the raw data.
    """
    import nbformat

    from .annex import write_annex
    from .docx import notebook_blocks, write_docx
    from .render import placeholders_in, render_html, render_pdf
    from .report_jobs import final_refusal

    paths = paths or Paths.default()
    fmts = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    if not fmts or any(f not in FORMATS for f in fmts):
        raise UsageError(f"Định dạng không hỗ trợ: {', '.join(fmts) or '(trống)'} (chọn trong: {', '.join(FORMATS)})")
    signed = parse_day(report_date, "Ngày báo cáo --date") if report_date else None
    started = time.perf_counter()
    result = ConsolidateResult(consolidate_folder(period, Path(folder), reference=paths.reference))
    result.timings["figures"] = time.perf_counter() - started
    c = result.consolidation
    profile = load_department(paths.reference)
    doc = ConsolidatedDocument(c, profile, made_on=today or dt.date.today(), report_date=signed)
    target = Path(out) if out else paths.reports
    outside_raw(target, paths.raw, "--out")
    target = target / "tong_hop" / c.period.slug
    stem = f"tong_hop_{c.period.slug}"
    t = time.perf_counter()
    nb = build_notebook(doc.blocks(), doc.title)
    result.placeholders = placeholders_in(nb)
    if final and result.placeholders:  # an official copy is never a draft: nothing is written
        result.error = final_refusal(result.placeholders)
        return result
    target.mkdir(parents=True, exist_ok=True)
    names = [f"tỉnh {profile.get('province', '')}", *(f"{k} {n}" for k, n in zip(c.communes["kind"], c.communes["name"],
                                                                                 strict=True))]  # fmt: skip
    html_text = render_html(nb, doc.title, draft=result.placeholders, place_names=names)
    result.timings["html"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory(prefix=f".lkdata-{os.getpid()}-", dir=target) as tmp_name:
        tmp = Path(tmp_name)
        files = [tmp / f"{stem}.ipynb"]
        nbformat.write(nb, files[0])
        if "html" in fmts:
            files.append(tmp / f"{stem}.html")
            files[-1].write_text(html_text, encoding="utf-8")
        if "pdf" in fmts:
            t = time.perf_counter()
            files.append(tmp / f"{stem}.pdf")
            render_pdf(html_text, files[-1])
            result.timings["pdf"] = time.perf_counter() - t
        if "docx" in fmts:
            t = time.perf_counter()
            files.append(tmp / f"{stem}.docx")
            write_docx(nb, files[-1], title=doc.title, place_names=names, draft=result.placeholders)
            result.timings["docx"] = time.perf_counter() - t
        from ..report.annex import document_marks, tables_from_blocks

        files.append(tmp / f"{stem}.xlsx")
        blocks = notebook_blocks(nb)
        sheets = [*tables_from_blocks(blocks), values_sheet(c)]
        write_annex(files[-1], sheets, title=f"Phụ lục số liệu: {doc.title}",
                    marks=document_marks(blocks, draft=bool(result.placeholders)))  # fmt: skip
        for f in files:
            os.replace(f, target / f.name)
            result.outputs.append(target / f.name)
    result.timings["total"] = time.perf_counter() - started
    write_json(_manifest(c, Path(folder), result, final), target / "manifest.json")
    return result


def _manifest(c: Consolidation, folder: Path, result: ConsolidateResult, final: bool) -> dict:
    return {
        "created": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "lkdata_version": __version__,
        "kind": "consolidated",
        "period": {
            "key": c.period.key,
            "label": c.period.label,
            "due": c.period.due.isoformat() if c.period.due else None,
        },
        "folder": str(folder),
        "expected": c.expected,
        "reported": c.reported,
        "on_time": c.on_time,
        "files": [
            {"file": r.file, "code": r.code, "made": r.made.isoformat(), "late": bool(r.late)}
            for r in c.reports.itertuples(index=False)
        ],
        "replaced": [{"file": r.file, "by": r.by} for r in c.replaced.itertuples(index=False)],
        "refused": [{"file": r.file, "reason": r.reason} for r in c.refused.itertuples(index=False)],
        "timings_s": {k: round(v, 3) for k, v in result.timings.items()},
        "outputs": [f.name for f in result.outputs],
        "final": final,
        "placeholders": result.placeholders,  # while one remains the document is marked DỰ THẢO
    }


def summary_lines(result: ConsolidateResult) -> list[str]:
    """What ``lkdata consolidate`` prints: who reported, what was replaced or refused (each file with its
    reason), where the report is."""
    from ..vn.fmt import fmt_number

    c = result.consolidation
    lines = [f"Tổng hợp {c.period.label}: {c.reported}/{c.expected} xã, phường đã gửi báo cáo được tổng hợp "
             f"(tỷ lệ {fmt_number(c.reporting_rate or 0, 1)}%), {c.on_time} gửi đúng hạn "
             f"(tỷ lệ đúng hạn {fmt_number(c.timeliness or 0, 1)}%), {len(c.missing)} chưa gửi."]  # fmt: skip
    lines += [f"  THAY THẾ  {r.file}: {r.name} đã gửi tệp mới hơn ({r.by}), chỉ tính tệp mới"
              for r in c.replaced.itertuples(index=False)]  # fmt: skip
    lines += [f"  TỪ CHỐI  {r.file}: {r.reason}" for r in c.refused.itertuples(index=False)]
    lines += [f"XONG  {f}" for f in result.outputs if f.suffix in (".html", ".pdf", ".docx")]
    if result.placeholders:
        lines.append(f"{DRAFT_MARK}  báo cáo tổng hợp còn {len(result.placeholders)} nội dung chưa có (mọi trang in "
                     f"“{DRAFT_MARK}”; bổ sung rồi lập lại, bản chính thức: --final):")  # fmt: skip
        lines += [f"      - {p['what']}: {p['todo']}" for p in result.placeholders]
    return lines
