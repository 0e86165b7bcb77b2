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
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..plan.catalogue import KIND_WORDS, Plan
from ..plan.periods import Period
from ..vn.fmt import fmt_date
from .annex import FIGURE, AnnexTable, _figure
from .html import Block

__all__ = [
    "EXCHANGE_MIME",
    "FORMAT",
    "FORMAT_VERSION",
    "SHEET",
    "SHEET_COLUMNS",
    "ExchangeHeader",
    "catalogue_fingerprint",
    "document_from_rows",
    "exchange_document",
    "exchange_record",
    "exchange_sheet",
]

#: The format's name and version (``format``, ``format_version`` in every file).
FORMAT = "lkdata-trao-doi"
FORMAT_VERSION = "1.1"
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
    "status": "Tình trạng",
    "period.key": "Mã kỳ báo cáo",
    "period.kind": "Loại kỳ",
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
    "plan.catalogue": "Mã kiểm tra danh mục chỉ tiêu",
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

#: The machine's column of an indicator's kind: its code as the file holds it (``flow``), beside the words
#: a person reads (:data:`~lkdata.plan.catalogue.KIND_WORDS`), so that rewording never changes what is read.
_KIND_CODE = "kind_code"
#: The sheet's indicator table, as a person reads it first (``Chỉ tiêu`` ...), the ids last; heading -> key.
SHEET_COLUMNS: dict[str, str] = {
    "Chỉ tiêu": "label",
    "Nhiệm vụ": "task",
    "Đơn vị": "unit",
    "Loại số liệu": "kind",
    "Giá trị": "value",
    "Cùng kỳ năm trước": "previous",
    "Chỉ tiêu năm": "target",
    "Mã chỉ tiêu": "id",
    "Mã định nghĩa": "definition",
    "Mã loại số liệu": _KIND_CODE,
}
_PRINTED = 7  #: the columns printed (the ids and the machine's columns are not)
#: The head block's headings: what a person reads, then the key and the value exactly as the file holds them.
HEAD_HEADINGS = ("Nội dung", "Giá trị", "Mã trường (máy đọc)", "Giá trị (máy đọc)")
#: A few of the file's codes in words (an indicator's kind: :data:`~lkdata.plan.catalogue.KIND_WORDS`).
_STATUS_WORDS = {"final": "chính thức", "draft": "dự thảo"}
_PERIOD_WORDS = {"H1": "6 tháng đầu năm", "H2": "6 tháng cuối năm", "year": "cả năm", "range": "khoảng thời gian"}
_DAYS = {"period.start", "period.end", "period.due", "cutoff", "plan.date"}
_UNKNOWN = {"value": "Chưa có số liệu (không phải số 0).", "previous": "Chưa có số liệu cùng kỳ (không phải số 0).",
            "target": "Chưa giao chỉ tiêu năm."}  # fmt: skip
_NOTE_ID = re.compile(r"^[a-z0-9_.-]+ \((.+?)\): ")


def _head_rows(doc: Mapping) -> Iterable[tuple[str, object]]:
    for key in HEAD_FIELDS:
        if key == "notes":
            yield from (("notes", n) for n in doc.get("notes", []))
            continue
        where, _, name = key.rpartition(".")
        holder = doc.get(where, {}) if where else doc
        if name in holder:
            yield key, holder[name]


def _shown(key: str, value: object) -> object:
    """A field's value as a person reads it: words for the file's codes, a date as a date (``dd/mm/yyyy``), the
    time the report was made on its own clock; what only a program reads is said in words."""
    if value is None or value == "":
        return None
    text = str(value)
    if key == "format":
        return "Tệp trao đổi số liệu của lkdata"
    if key == "generator":
        return text.replace("lkdata ", "Phần mềm lkdata, phiên bản ", 1)
    if key == "status":
        return _STATUS_WORDS.get(text, text)
    if key == "period.kind":
        return _PERIOD_WORDS.get(text, text)
    if key == "plan.catalogue":
        return "Mã kiểm tra các định nghĩa chỉ tiêu (để Sở đối chiếu, máy đọc)"
    if key == "notes":
        return _NOTE_ID.sub(r"\1: ", text)
    try:
        if key == "generated_at":
            t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return f"{t:%H:%M} ngày {fmt_date(t.date())}"
        if key in _DAYS:
            return dt.date.fromisoformat(text)
    except ValueError:
        return text
    return value


def exchange_sheet(doc: Mapping) -> AnnexTable:
    """The exchange file as one annex sheet (:data:`SHEET`), read by a person first: above, one row per field
    with its label and its value in words and dates (``chính thức``, ``05/5/2026``), then, in two columns
    that are not printed, its key and its value exactly as the file holds them (``status``, ``final``); below,
    one row per indicator under Vietnamese headings (:data:`SHEET_COLUMNS`: the name first, the ids last),
    numbers as numbers, an unknown one an empty cell with a note saying so (never 0).
    :func:`document_from_rows` reads it back."""
    period, reporter = doc["period"], doc["reporter"]
    caption = (f"Trao đổi số liệu: {reporter['kind']} {reporter['name']}, {period['label']} "
               f"(mẫu trao đổi số liệu của lkdata, phiên bản {doc['format_version']})")  # fmt: skip
    keys = list(SHEET_COLUMNS.values())
    rows, notes = [], {}
    for i, ind in enumerate(doc["indicators"]):
        said = {"kind": KIND_WORDS.get(ind.get("kind"), ind.get("kind")), _KIND_CODE: ind.get("kind")}
        rows.append([said[k] if k in said else ind.get(k) for k in keys])
        notes |= {(i, keys.index(k)): why for k, why in _UNKNOWN.items() if ind.get(k) is None}
    decimals = [FIGURE if key in _NUMBERS else None for key in keys]
    gap = [None] * (_PRINTED - 2)
    header = [[*HEAD_HEADINGS[:2], *gap, *HEAD_HEADINGS[2:]]]
    header += [[HEAD_FIELDS[key], _shown(key, value), *gap, key, value] for key, value in _head_rows(doc)]
    legend = ["Ô trống: chưa có số liệu, hoặc chưa giao chỉ tiêu (ghi chú của ô nói rõ); không phải số 0. Các cột "
              "“máy đọc”, mã chỉ tiêu và mã loại số liệu để phần mềm của Sở đọc lại, không in; "
              "xin đừng sửa."]  # fmt: skip
    return AnnexTable(caption=caption, columns=list(SHEET_COLUMNS), rows=rows, decimals=decimals, sheet=SHEET,
                      header=header, cell_notes=notes, notes=legend, print_columns=_PRINTED,
                      header_span=_PRINTED - 1, header_headings=True)  # fmt: skip


_KEYED = re.compile(r"\(([a-z_]+)\)\s*$")
#: The kinds' words back to their codes, for the sheets written before the machine's column (format 1.1, until
#: 2026-12-01): the words those sheets printed, kept as they were whatever KIND_WORDS says later.
_WORDS_1_1 = {"phát sinh trong kỳ": "flow", "có đến ngày chốt": "stock", "tỷ lệ": "ratio"}


def _put(doc: dict, key: str, value: object) -> None:
    if key == "notes":
        doc.setdefault("notes", []).append(value)
        return
    where, _, name = key.rpartition(".")
    (doc.setdefault(where, {}) if where else doc)[name] = value


def document_from_rows(rows: Iterable[Iterable[object]]) -> dict:
    """The exchange file read back from the values of its sheet (row by row, as ``openpyxl`` gives them with
    ``values_only=True``): the inverse of :func:`exchange_sheet`. Empty cells read as ``None``.

    Reads both layouts: this one (the key and the value in the columns headed ``... (máy đọc)``; the indicators
    under :data:`SHEET_COLUMNS`) and that of the workbooks written before it (format 1.0: the key in the first
    column, the value in the third; headings ``Giá trị (value)``)."""
    doc: dict = {}
    columns: list[str | None] | None = None
    by_key: tuple[int, int] | None = None  # this layout's head block: the key's and the value's columns
    indicators: list[dict] = []
    for row in rows:
        cells = list(row)
        first = cells[0] if cells else None
        if columns is None and HEAD_HEADINGS[2] in cells and HEAD_HEADINGS[3] in cells:
            by_key = (cells.index(HEAD_HEADINGS[2]), cells.index(HEAD_HEADINGS[3]))
        elif columns is None and by_key and len(cells) > by_key[0] and cells[by_key[0]] in HEAD_FIELDS:
            _put(doc, str(cells[by_key[0]]), cells[by_key[1]] if len(cells) > by_key[1] else None)
        elif columns is None and "Mã chỉ tiêu" in cells and "Mã định nghĩa" in cells:
            columns = [SHEET_COLUMNS.get(c) if isinstance(c, str) else None for c in cells]
        elif columns is None and isinstance(first, str) and first in HEAD_FIELDS:  # a workbook of format 1.0
            _put(doc, first, cells[2] if len(cells) > 2 else None)
        elif columns is None and isinstance(first, str) and _KEYED.search(first):
            columns = [(_KEYED.search(str(c)) or [None, None])[1] for c in cells if c is not None]
        elif columns is not None:
            got = {k: v for k, v in zip(columns, cells, strict=False) if k}
            if got.get("id") is None:
                if indicators:
                    break  # the table ended
                continue
            if got.get(_KIND_CODE):  # the code, as written: never read back from the words
                got["kind"] = got[_KIND_CODE]
            elif got.get("kind") in _WORDS_1_1:
                got["kind"] = _WORDS_1_1[got["kind"]]
            indicators.append({k: got.get(k) for k in INDICATOR_FIELDS if k in got or k in columns})
    doc["indicators"] = indicators
    doc.setdefault("notes", [])
    return doc
