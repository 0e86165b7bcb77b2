"""The exchange file ("tệp trao đổi số liệu"): what a ward or commune sends upwards with its report, as data.

Format ``lkdata-trao-doi``, version 1 (its JSON Schema: ``lkdata/formats/trao_doi-1.schema.json``): the
period, the cut-off, who reports (the official code of the ward or commune), which plan (its number, date,
title and a fingerprint of its indicator definitions), and every indicator of the plan with its value, last
year's value and the year's target as the report prints them, its unit, kind, task and the id of the shared
definition it follows (``indicators.csv``, column ``definition``): the Department adds up the indicators of
one definition, never by label. An unknown figure is ``null``, never 0. Aggregates only: no person.

The report's :meth:`~lkdata.report.document.ReportDocument.header` carries the record (:func:`exchange_record`,
from the same indicator table as every figure of the report) in the executed notebook under
:data:`EXCHANGE_MIME`; the report job completes it (:func:`exchange_document`: when, by what, draft or
final), validates it against the schema and writes it beside the report, and as a sheet of the annex
workbook (:func:`exchange_sheet`; :func:`document_from_rows` reads that sheet back).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.periods import Period
from .annex import FIGURE, AnnexTable, _figure
from .html import Block

__all__ = [
    "EXCHANGE_MIME",
    "FORMAT",
    "FORMAT_VERSION",
    "SHEET",
    "ExchangeHeader",
    "catalogue_fingerprint",
    "document_from_rows",
    "exchange_document",
    "exchange_record",
    "exchange_sheet",
]

#: The format's name and version (``format``, ``format_version`` in every file).
FORMAT = "lkdata-trao-doi"
FORMAT_VERSION = "1.0"
#: Under this MIME type the executed report notebook carries its exchange record.
EXCHANGE_MIME = "application/vnd.lkdata.exchange+json"
#: The annex workbook's sheet holding the same content.
SHEET = "Trao đổi số liệu"

#: The fields of an indicator, in the order of the file and of the sheet's columns, with their headings.
INDICATOR_FIELDS: dict[str, str] = {
    "id": "Mã chỉ tiêu",
    "definition": "Mã định nghĩa",
    "task": "Nhiệm vụ",
    "label": "Chỉ tiêu",
    "unit": "Đơn vị",
    "kind": "Loại",
    "value": "Giá trị",
    "previous": "Cùng kỳ năm trước",
    "target": "Chỉ tiêu năm",
}
_NUMBERS = ("value", "previous", "target")

#: The fields above the indicators (``period.key``: the key ``key`` of ``period``), with their labels.
HEAD_FIELDS: dict[str, str] = {
    "format": "Định dạng tệp",
    "format_version": "Phiên bản định dạng",
    "generated_at": "Thời điểm lập báo cáo",
    "generator": "Phần mềm lập",
    "status": "Tình trạng (final: chính thức; draft: dự thảo)",
    "period.key": "Kỳ báo cáo (mã)",
    "period.kind": "Loại kỳ (H1, H2, year, range)",
    "period.start": "Kỳ từ ngày",
    "period.end": "Kỳ đến ngày",
    "period.due": "Hạn nộp báo cáo",
    "period.label": "Kỳ báo cáo",
    "cutoff": "Số liệu tính đến ngày",
    "reporter.code": "Mã đơn vị hành chính",
    "reporter.name": "Tên đơn vị báo cáo",
    "reporter.kind": "Loại đơn vị",
    "reporter.province": "Tỉnh",
    "reporter.parent_code": "Mã đơn vị cấp trên",
    "plan.id": "Số kế hoạch",
    "plan.date": "Ngày ban hành kế hoạch",
    "plan.title": "Tên kế hoạch",
    "plan.catalogue": "Dấu vân tay danh mục chỉ tiêu",
    "notes": "Ghi chú",
}


def catalogue_fingerprint(plan: Plan) -> str:
    """``sha256:<hex>`` of the plan's tasks and indicator definitions (what each counts, how, in which unit):
    it changes when a definition changes, not when a report table is laid out differently, nor with how a
    figure is estimated to the period's end (``estimate``: the exchange file carries no estimate)."""
    indicators = [{k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(ind).items()
                   if k != "estimate"} for ind in plan.indicators]  # fmt: skip
    text = json.dumps({"tasks": plan.tasks, "indicators": indicators}, ensure_ascii=False, sort_keys=True)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _number(value: object) -> int | float | None:
    """A figure as the documents print it (rounded half up, :func:`~lkdata.report.annex.FIGURE`), ``None``
    when unknown; a whole number as an integer."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    figure = _figure(float(value))  # type: ignore[arg-type]
    if figure is None:
        return None
    return int(figure) if float(figure).is_integer() else figure


def _day(value: object) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value else None)


def exchange_record(period: Period, table: pd.DataFrame, plan: Plan, ward: Mapping) -> dict:
    """What the report carries to its exchange file: everything but when it was made, by what and whether it
    is final (:func:`exchange_document` adds those).

    ``table`` is the report's indicator table (:func:`lkdata.plan.indicators.indicators`: ``indicator, task,
    label, unit, kind, value, previous, target, unknown_note``); ``ward`` the ward profile (``code``,
    ``ward``, ``ward_kind``, ``province``, ``plan``). A value, last year's value or target that is unknown
    (``NaN``) is ``None``; what a figure lacks (``unknown_note``: counts, never names) becomes a note.
    """
    p = period
    plan_of = ward.get("plan") or {}
    reporter = {"code": str(ward.get("code") or "").strip(), "name": str(ward.get("ward", "")).strip(),
                "kind": str(ward.get("ward_kind", "")).strip()}  # fmt: skip
    if str(ward.get("province") or "").strip():
        reporter["province"] = str(ward["province"]).strip()
    reporter["parent_code"] = None
    indicators, notes = [], []
    for r in table.itertuples():
        ind = plan.indicator(r.indicator)
        indicators.append({"id": ind.id, "definition": ind.definition_id, "task": ind.task, "label": ind.label,
                           "unit": ind.unit, "kind": ind.kind, "value": _number(r.value),
                           "previous": _number(r.previous), "target": _number(r.target)})  # fmt: skip
        note = getattr(r, "unknown_note", "")
        if isinstance(note, str) and note.strip():
            notes.append(f"{ind.id} ({ind.label}): {note.strip()}")
    period_of = {"key": p.key, "kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat(),
                 "due": _day(p.due), "label": p.label}  # fmt: skip
    plan_id = {"id": str(plan_of.get("number", "")).strip(), "date": _day(plan_of.get("date")),
               "title": str(plan_of.get("title", "")).strip(), "catalogue": catalogue_fingerprint(plan)}  # fmt: skip
    return {
        "period": period_of,
        "cutoff": p.cutoff.isoformat(),
        "reporter": reporter,
        "plan": plan_id,
        "indicators": indicators,
        "notes": notes,
    }


def exchange_document(record: Mapping, *, generated_at: str, generator: str, status: str) -> dict:
    """The whole exchange file: ``record`` (:func:`exchange_record`) with the format, ``generated_at`` (ISO
    8601 with offset: when the report was rendered), ``generator`` (``lkdata 0.1.0``) and ``status``
    (``draft`` while the report holds placeholders, else ``final``), in the schema's order."""
    head = {"format": FORMAT, "format_version": FORMAT_VERSION, "generated_at": generated_at,
            "generator": generator, "status": status}  # fmt: skip
    body = json.loads(json.dumps({k: record[k] for k in _ORDER if k in record}))  # plain JSON values
    for part in ("period", "reporter", "plan"):  # each object's keys in the schema's order (a notebook sorts them)
        body[part] = {k: body[part][k] for k in _ORDER[part] if k in body[part]}
    body["indicators"] = [{k: ind[k] for k in INDICATOR_FIELDS if k in ind} for ind in body["indicators"]]
    return head | body


#: The order of the file's parts and of their keys, as the schema lists them.
_ORDER = {"period": ("key", "kind", "start", "end", "due", "label"), "cutoff": (),
          "reporter": ("code", "name", "kind", "province", "parent_code"),
          "plan": ("id", "date", "title", "catalogue"), "indicators": (), "notes": ()}  # fmt: skip


class ExchangeHeader(Block):
    """The report's header block, carrying the report's exchange record under :data:`EXCHANGE_MIME` (the
    document shows the header only; the report job reads the record from the executed notebook)."""

    def __init__(self, block: Block, record: dict):
        super().__init__(block.html, block.plain, block.model)
        self.record = record

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return super()._repr_mimebundle_(include, exclude) | {EXCHANGE_MIME: self.record}


# --- the annex sheet -----------------------------------------------------------------------------------------


def _head_rows(doc: Mapping) -> Iterable[tuple[str, object]]:
    for key in HEAD_FIELDS:
        if key == "notes":
            yield from (("notes", n) for n in doc.get("notes", []))
            continue
        where, _, name = key.rpartition(".")
        holder = doc.get(where, {}) if where else doc
        if name in holder:
            yield key, holder[name]


def exchange_sheet(doc: Mapping) -> AnnexTable:
    """The exchange file as one annex sheet (:data:`SHEET`): above, one row per field (its key, its label, its
    value; a note per row); below, one row per indicator, each column headed by its label and its key
    (``Giá trị (value)``); numbers as numbers, an unknown one an empty cell, dates as ISO text."""
    period, reporter = doc["period"], doc["reporter"]
    caption = (f"Trao đổi số liệu: {reporter['kind']} {reporter['name']}, {period['label']} "
               f"(định dạng {doc['format']}, phiên bản {doc['format_version']})")  # fmt: skip
    columns = [f"{label} ({key})" for key, label in INDICATOR_FIELDS.items()]
    rows = [[ind.get(key) for key in INDICATOR_FIELDS] for ind in doc["indicators"]]
    decimals = [FIGURE if key in _NUMBERS else None for key in INDICATOR_FIELDS]
    header = [[key, HEAD_FIELDS[key], value] for key, value in _head_rows(doc)]
    return AnnexTable(caption=caption, columns=columns, rows=rows, decimals=decimals, sheet=SHEET, header=header)


_KEYED = re.compile(r"\(([a-z_]+)\)\s*$")


def document_from_rows(rows: Iterable[Iterable[object]]) -> dict:
    """The exchange file read back from the values of its sheet (row by row, as ``openpyxl`` gives them with
    ``values_only=True``): the inverse of :func:`exchange_sheet`. Empty cells read as ``None``."""
    doc: dict = {}
    columns: list[str] | None = None
    indicators: list[dict] = []
    for row in rows:
        cells = list(row)
        first = cells[0] if cells else None
        if columns is None and isinstance(first, str) and first in HEAD_FIELDS:
            value = cells[2] if len(cells) > 2 else None
            if first == "notes":
                doc.setdefault("notes", []).append(value)
                continue
            where, _, name = first.rpartition(".")
            (doc.setdefault(where, {}) if where else doc)[name] = value
        elif columns is None and isinstance(first, str) and _KEYED.search(first):
            columns = [(_KEYED.search(str(c)) or [None, None])[1] for c in cells if c is not None]
        elif columns is not None and first is not None:
            indicators.append(dict(zip(columns, cells[: len(columns)], strict=True)))
        elif columns is not None and indicators:
            break  # the table ended
    doc["indicators"] = indicators
    doc.setdefault("notes", [])
    return doc
