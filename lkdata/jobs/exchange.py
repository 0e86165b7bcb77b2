"""A report's annex workbook and its exchange file, written beside it by the report job.

``phu_luc_so_lieu_<period>.xlsx``: every table of the report, one sheet each, the definitions, and the sheet
``Trao đổi số liệu`` (the exchange file's content, so the workbook alone can travel by email).
``trao_doi_<period>.json``: the exchange file (:mod:`lkdata.report.exchange`), validated against its JSON
Schema (``lkdata/formats/trao_doi-1.schema.json``) before it is written; one that does not validate is not
written, and the job says why.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..report.decree30 import DRAFT_MARK
from ..report.exchange import EXCHANGE_MIME, exchange_document, exchange_sheet

__all__ = ["EXCHANGE_NAME", "SCHEMA", "exchange_errors", "exchange_in", "write_annex_and_exchange"]

log = logging.getLogger("lkdata")

#: The report's exchange file beside it.
EXCHANGE_NAME = "trao_doi_{slug}.json"
#: The JSON Schema of the exchange file, format version 1.
SCHEMA = Path(__file__).resolve().parent.parent / "formats" / "trao_doi-1.schema.json"


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def exchange_errors(doc: dict) -> list[str]:
    """What makes ``doc`` no valid exchange file, one line each (``reporter.code: '' is too short``); empty
    when it validates against :data:`SCHEMA` (formats such as ``date`` checked too)."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'.'.join(map(str, e.absolute_path)) or '(gốc)'}: {e.message}" for e in errors]


def exchange_in(nb) -> dict | None:
    """The exchange record an executed report notebook carries (its header's), or ``None``."""
    from .render import _records

    found = _records(nb, EXCHANGE_MIME)
    return json.loads(json.dumps(found[0])) if found else None


def write_annex_and_exchange(nb, job, folder: Path, *, placeholders: list, created: str
                             ) -> tuple[list[Path], list[str]]:  # fmt: skip
    """Write the report's annex workbook and exchange file into ``folder`` (the job's temporary folder).

    ``placeholders``: what the document still lacks (a draft while any remain); ``created``: when it was
    rendered (ISO 8601, the manifest's ``created``). Every sheet opens with ``DỰ THẢO`` while placeholders
    remain and with the sample-data banner when the document's header carries it, as the PDF's pages do; an
    exchange file made from the sample is a ``draft`` (format 1.1: never ``final``), its first note the
    banner. Returns the files written and what kept the exchange file from being written (in Vietnamese: no
    code in the ward profile, a value the schema refuses).
    """
    from ..report.annex import document_marks, tables_from_blocks
    from .annex import ANNEX_NAME, write_annex
    from .docx import notebook_blocks

    name = EXCHANGE_NAME.format(slug=job.period.slug)
    blocks = notebook_blocks(nb)
    marks = document_marks(blocks, draft=bool(placeholders))  # as the PDF marks its pages
    sample = [m for m in marks if m != DRAFT_MARK]  # the sample-data banner, when the figures are the sample's
    record, doc, said = exchange_in(nb), None, []
    if record is not None and not record["reporter"].get("code"):
        said.append(f"Chưa ghi tệp trao đổi số liệu {name}: hồ sơ xã, phường (ward.yaml) chưa có mã đơn vị hành chính "
                    '(khóa code, ví dụ code: "26080"); ghi mã rồi lập lại báo cáo.')  # fmt: skip
    elif record is not None:
        status = "draft" if placeholders or sample else "final"  # sample data is never an official report
        record = {**record, "notes": [*sample, *record.get("notes", [])]}
        doc = exchange_document(record, generated_at=created, generator=f"lkdata {__version__}", status=status)
        errors = exchange_errors(doc)
        if errors:  # never an exchange file the Department cannot read: the report itself is still made
            said.append(f"Không ghi tệp trao đổi số liệu {name}: không đúng định dạng ({'; '.join(errors[:5])})")
            doc = None
    sheets = tables_from_blocks(blocks) + ([exchange_sheet(doc)] if doc else [])
    files = []
    if sheets:
        annex = folder / ANNEX_NAME.format(slug=job.period.slug)
        write_annex(annex, sheets, title=f"Phụ lục số liệu: {job.title}", marks=marks)
        files.append(annex)
    if doc:
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        files.append(folder / name)
    for line in said:
        log.warning(line)
    return files, said
