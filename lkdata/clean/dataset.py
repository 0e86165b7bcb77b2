"""Clean one dataset: parse raw cells into typed columns, validate, split off the quarantine.

Pure functions: they take DataFrames and return DataFrames, never touch files, never change their
input. A row with an invalid or missing required value (or an end whose blank would say "runs on":
the field's ``strict``) goes to the quarantine with all its reasons at once; an optional value that
cannot be accepted (unreadable, beyond the schema's checks: ``-3`` ha, 25 OCOP stars, a date in the
year 9999) is left empty and its reason kept in the row's ``issues`` column, marked :data:`DROPPED`,
the record kept; and so are the notes on values that were kept but need a look: a number whose
separators read two ways, a value outside its plausible range, an end written as no end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..vn.columns import arrow, cell_bytes, fmap, strings
from ..vn.fmt import in_sentence
from ..vn.legacy import ENCODINGS, decode_legacy
from ..vn.text import fold, normalize_column, normalize_text, title_name
from .catalogues import Reference
from .fields import InputField, field, fields, id_column, id_prefix, row_one_of
from .numbers import parse_area, parse_int, parse_money, parse_number, units_of
from .parse import Parsed, as_text, parse_bool, parse_date, parse_year
from .parse import parse_phone as _parse_phone
from .plausibility import field_bounds, plausibility_notes
from .resolve import (
    resolve_activity_kind,
    resolve_certification,
    resolve_cooperative_kind,
    resolve_crop,
    resolve_khu_pho,
    resolve_plan_task,
)
from .schemas import schema_for
from .validate import ROWS, schema_reasons

__all__ = ["DROPPED", "CleanResult", "clean_dataset", "distinct_ids", "name_key"]

PROVENANCE = ["source_file", "source_sheet", "source_row"]
#: How a row's issues say that an optional value was refused and left empty (the quality report finds it by this).
DROPPED = "đã để trống"


@dataclass
class CleanResult:
    """A dataset after cleaning: accepted rows (typed) and the quarantine (raw values and reasons)."""

    clean: pd.DataFrame
    quarantine: pd.DataFrame


def name_key(names: pd.Series) -> pd.Series:
    """A cleaned person's name for exact matching (cleaning already fixed tone placement and spaces)."""
    return names.astype("string").str.lower()


#: Characters that show as nothing (zero-width space and joiners, word joiner, byte-order mark) and the
#: direction marks and overrides (``U+202E`` shows ``Ất`` as ``tẤ`` and reverses what follows it): pasted
#: from the web or a chat app, they would make ``Bình`` and ``Bình\u200b`` two people. The soft hyphen is
#: not among them: it is the ``ư`` of TCVN3 text. The same set as :mod:`lkdata.report.privacy`'s.
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
#: Control characters (NUL, escape, bell ...; not tab or line breaks, which are white space): no one types
#: them, and in a name they would drive a terminal or break a workbook. Each reads as a space, and so does a
#: whole terminal colour or cursor sequence (``\\x1b[31m``) pasted from a console.
_CONTROL = "\\x1b\\[[0-9;?]*[A-Za-z]|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"
#: The bytes that begin those characters in UTF-8: the control characters themselves, and the first byte of
#: U+061C (D8), of U+200B-U+2069 (E2) and of U+FEFF (EF). A column whose cells hold none of them (nearly
#: every column) has nothing to remove, which one pass over its bytes tells.
_FIRST_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xD8, 0xE2, 0xEF])


def _visible(text: pd.Series) -> pd.Series:
    """Text cells without invisible or control characters (a cell of nothing else is blank)."""
    import pyarrow.compute as pc

    cells = arrow(text)
    written = cell_bytes(cells)
    if len(written.translate(None, _FIRST_BYTES)) == len(written):
        return text
    found = pc.or_(pc.match_substring_regex(cells, _INVISIBLE), pc.match_substring_regex(cells, _CONTROL))
    if not pc.any(found).as_py():
        return text
    at = pc.fill_null(found, False).to_numpy(zero_copy_only=False) & text.notna().to_numpy()
    text = text.copy()
    fixed = text[at].str.replace(_INVISIBLE, "", regex=True).str.replace(_CONTROL, " ", regex=True)
    text[at] = fixed.str.strip().replace("", pd.NA)
    return text


def _text(raw: pd.Series, frame: pd.DataFrame, spec: InputField) -> tuple[pd.Series, pd.Series]:
    """A free-text or name column, normalised, legacy-font text repaired (the cell's font decides only
    garbled text; the encoding of the rest follows the evidence of its sheet's column); and per row a
    note for words that probably lost the ư of ươ in an old conversion (kept as written)."""
    text = _visible(as_text(raw))
    notes = pd.Series(None, index=raw.index, dtype=object)
    if not text.notna().any():
        return pd.Series(pd.NA, index=raw.index, dtype="string"), notes
    person = spec.kind == "person"
    sheets = [c for c in ("source_file", "source_sheet") if c in frame.columns]
    out, lost, doubt = normalize_column(
        text, hints=frame.get(f"_hint_{spec.name}"), groups=frame[sheets] if sheets else None, title=person,
        lookalikes=True,
    )  # fmt: skip
    has = lost.notna().to_numpy()  # a tuple of words, or None (most cells)
    if has.any():
        show = title_name if person else str
        notes[has] = [
            f'{spec.label} có thể mất chữ "ư" khi chuyển mã ('
            + ", ".join(f"{show(w)} → {show(f)}?" for w, f in pairs)
            + ")"
            for pairs in lost[has]
        ]
    doubtful = doubt.notna().to_numpy() & ~has
    if doubtful.any():
        show = title_name if person else str
        notes[doubtful] = [
            f"{spec.label} có thể gõ bằng phông cũ mà chưa chuyển mã: {a} → {show(d)}?"
            for a, d in zip(out[doubtful], doubt[doubtful], strict=True)
        ]
    return out, notes


def _id_card(raw: pd.Series) -> Parsed:
    text = as_text(raw)
    digits = text.str.replace(r"\D", "", regex=True)
    digits = digits.mask(digits.str.len() == 11, "0" + digits)  # a number cell drops the leading zero
    ok = digits.str.match(r"^(\d{9}|\d{12})$", na=False)
    bad = text.notna() & ~ok
    reasons = pd.Series(None, index=raw.index, dtype=object)
    reasons[bad] = [f"Số CCCD không hợp lệ: {v}" for v in text[bad]]
    return Parsed(digits.where(ok).astype("string"), reasons)


def _org_list(raw: pd.Series) -> pd.Series:
    text = as_text(raw)
    parts = text.str.split(r"\s*[;\n]\s*|\s*,\s*(?=(?:HTX|THT|Hợp tác xã|Tổ hợp tác)\b)", regex=True)
    return parts.map(
        lambda ps: "; ".join(n for p in ps if (n := normalize_text(p))) if isinstance(ps, list) else pd.NA
    ).astype("string")


def _non_negative_number(raw: pd.Series, label: str, **kw) -> Parsed:
    p = parse_number(raw, label, **kw)
    neg = (p.values < 0).to_numpy()
    reasons = p.reasons.copy()
    reasons[neg] = [f"{label} âm: {v}" for v in raw[neg]]
    return Parsed(p.values.where(~neg), reasons, p.notes)


#: Field kinds whose parser gives one column: kind -> parser(raw, label, catalogues).
_PARSERS: dict[str, Callable[[pd.Series, str, Reference], Parsed]] = {
    "phone": lambda raw, label, ref: _parse_phone(raw, label),
    "id_card": lambda raw, label, ref: _id_card(raw),
    "khu_pho": lambda raw, label, ref: resolve_khu_pho(raw, ref),
    "cert": lambda raw, label, ref: resolve_certification(raw, ref),
    "coop_kind": lambda raw, label, ref: resolve_cooperative_kind(raw),
    "activity_kind": lambda raw, label, ref: resolve_activity_kind(raw, ref),
    "task": lambda raw, label, ref: resolve_plan_task(raw, ref),
    "bool": lambda raw, label, ref: parse_bool(raw, label),
}


#: Kinds whose cells are looked up in a catalogue (khu phố, certifications, kinds): an office that keeps a
#: legacy-font template types them in that font too (``Khu phè 3``, ``SÇu riªng``).
_CATALOGUE_KINDS = ("khu_pho", "cert", "coop_kind", "activity_kind")


def _legacy_repaired(raw: pd.Series, frame: pd.DataFrame, spec: InputField, parse: Callable) -> pd.Series:
    """The cells of a catalogue column typed in a legacy font (``Khu phè 3`` is TCVN3, ``Khu phoá 3`` VNI,
    for ``Khu phố 3``), decoded before they are looked up. Such text often reads as Vietnamese words, so
    the catalogue decides: a distinct cell that the catalogue does not know, and that it knows once
    decoded (in the encoding of the column's font first), is taken decoded. ``parse`` resolves cells and
    returns a :class:`Parsed`."""
    text = as_text(raw)
    distinct = [v for v in text.dropna().unique() if not v.isascii()]
    if not distinct:
        return raw
    unknown = [v for v, r in zip(distinct, parse(pd.Series(distinct, dtype=object)).values.isna(), strict=True) if r]
    if not unknown:
        return raw
    hints = frame.get(f"_hint_{spec.name}")
    first = hints.dropna().mode() if hints is not None else pd.Series(dtype=object)
    order = [first.iloc[0]] if len(first) else []
    order += [e for e in ENCODINGS if e not in order]
    found: dict[str, str] = {}
    for enc in order:
        todo = [v for v in unknown if v not in found]
        decoded = [decode_legacy(v, enc) for v in todo]
        known = parse(pd.Series(decoded, dtype=object)).values.notna()
        found.update({v: d for v, d, k in zip(todo, decoded, known, strict=True) if k and d != v})
    if not found:
        return raw
    return raw.where(~text.isin(list(found)), text.map(found))


def _parse_field(
    spec: InputField, raw: pd.Series, ref: Reference, frame: pd.DataFrame, bounds: tuple | None = None
) -> tuple[dict[str, pd.Series], pd.Series, pd.Series | None]:
    """Parse one raw field; returns the output column(s), the per-row reasons and the per-row notes.

    ``bounds`` is the field's plausible range, for a number that reads two ways (``1.200``).
    """
    fld, kind, label, out = spec.name, spec.kind, ref.places.title(spec.label), spec.column
    none = pd.Series(None, index=raw.index, dtype=object)
    if kind in ("person", "text"):
        values, notes = _text(raw, frame, spec)
        return {out: values}, none, notes
    if kind == "code":  # ``không`` / ``chưa có`` is a definite "none"; a blank cell stays unknown
        from .parse import WRITTEN_NO, says_no

        code = _visible(as_text(raw)).str.upper().str.replace(r"\s+", "", regex=True)
        return {out: code.mask(says_no(raw), WRITTEN_NO)}, none, None
    if kind == "org_list":
        return {out: _org_list(raw)}, none, None
    if kind == "crop":
        p, variety = resolve_crop(_legacy_repaired(raw, frame, spec, lambda cells: resolve_crop(cells, ref)[0]), ref)
        return {out: p.values, spec.variety: variety}, p.reasons, None
    if kind in _CATALOGUE_KINDS:
        raw = _legacy_repaired(raw, frame, spec, lambda cells: _PARSERS[kind](cells, label, ref))
    if kind == "date":  # an end date may say there is none (31/12/9999)
        p = parse_date(raw, label, open_end=spec.open_end)
        return {out: p.values}, p.reasons, p.notes
    if kind in _PARSERS:
        p = _PARSERS[kind](raw, label, ref)
        return {out: p.values}, p.reasons, p.notes
    # numbers: each spreadsheet column (file and sheet) shows its own style of separators
    sheets = frame[[c for c in ("source_file", "source_sheet") if c in frame.columns]]
    kw = {"sheets": sheets, "bounds": bounds}
    if kind == "int" and spec.unit == "năm":  # a year: 2019, năm 2019, or a date's year (noted)
        p = parse_year(raw, label)
    elif kind == "int":
        p = parse_int(raw, label, **kw)
    elif kind == "number":
        p = _non_negative_number(raw, label, units=units_of(spec.unit), unit=spec.unit or "", **kw)
    elif kind in ("area", "money"):  # the unit of bare numbers may come from the header: "Diện tích (m2)"
        unit_col = frame.get(f"_unit_{fld}")
        default = "ha" if kind == "area" else ""
        units = unit_col.fillna(default) if unit_col is not None else pd.Series(default, index=raw.index)

        def parse(cells: pd.Series, unit: str) -> Parsed:
            if kind == "area":
                return parse_area(cells, ref.area_units, default_unit=unit, label=label, **kw)
            return parse_money(cells, label, default_unit=unit, **kw)

        if units.nunique() <= 1:
            p = parse(raw, units.iloc[0] if len(units) else default)
        else:
            parts = [parse(raw.loc[idx], unit) for unit, idx in units.groupby(units).groups.items()]
            p = Parsed(
                *(pd.concat([getattr(q, a) for q in parts]).reindex(raw.index) for a in ("values", "reasons", "notes"))
            )
    else:
        raise ValueError(f"unknown field kind {kind!r}")  # pragma: no cover
    return {out: p.values}, p.reasons, p.notes


def _stable_id(prefix: str, parts: pd.DataFrame) -> pd.Series:
    """``prefix`` and 12 hex digits hashed from the typed values of ``parts`` (row by row, in C).

    The same values in the same columns give the same id in every file and every run.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(parts)
    hashed = pd.util.hash_pandas_object(parts, index=False, categorize=True).to_numpy()
    digits = (hashed >> np.uint64(16)).astype(">u8").view(np.uint8).reshape(n, 8)[:, 2:]  # 48 bits
    data = pa.py_buffer(digits.tobytes().hex().encode("ascii"))
    offsets = pa.py_buffer(np.arange(0, 12 * (n + 1), 12, dtype=np.int32).tobytes())
    hexes = pa.Array.from_buffers(pa.string(), n, [None, offsets, data])
    ids = pc.binary_join_element_wise(pa.scalar(prefix), hexes, pa.scalar(""))
    return strings(ids.cast(pa.large_string()), parts.index)


def join_reasons(reasons: pd.DataFrame) -> pd.Series:
    """Per row, the non-empty reasons of all columns joined by ``; `` (``""`` when none)."""
    out = np.full(len(reasons), "", dtype=object)
    for c in reasons.columns:
        col = reasons[c].to_numpy(dtype=object)
        has = pd.notna(col)
        if has.any():
            cur = out[has]
            out[has] = np.where(cur == "", col[has], cur + "; " + col[has])
    return pd.Series(out, index=reasons.index, dtype=object)


#: What makes a record itself, per dataset: the cleaned values its stable id is hashed from.
_IDENTITY: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "producers": lambda df: pd.DataFrame({"n": name_key(df["name"]), "k": df["khu_pho"], "p": df["phone"]}),
    "cooperatives": lambda df: pd.DataFrame({"n": fmap(df["name"], fold)}),
    "crops": lambda df: pd.DataFrame({
        "n": name_key(df["producer_name"]), "k": df["khu_pho"], "p": df["phone"], "c": df["crop"],
        "v": df["variety"], "a": df["area_ha"].round(4), "g": df["growing_area_code"],
    }),
    "linkages": lambda df: pd.DataFrame({
        "n": fmap(df["name"], fold), "l": fmap(df["lead_party"], fold),
        "e": fmap(df["partner_enterprise"], fold), "c": df["crop"], "s": df["start_on"],
    }),
    "activities": lambda df: pd.DataFrame({
        "d": df["held_on"], "k": df["kind"], "t": fmap(df["title"], fold),
        "kp": df["khu_pho"], "o": fmap(df["organiser"], fold),
    }),
}  # fmt: skip


#: What tells apart records that share an identity: two households of one name in one khu phố,
#: neither with a phone, that reconciling keeps apart (homonyms). Hashed with the identity for them only.
_DISTINGUISHING: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "producers": lambda df: pd.DataFrame({"a": df["farm_area_ha"].round(4), "i": df["id_card"]}),
}


def add_ids(dataset: str, df: pd.DataFrame, rows: np.ndarray | None = None) -> None:
    """Stable ids from the cleaned values, so a record keeps its id across files and periods, set in the
    id column of ``df`` (the schema's: :func:`~lkdata.clean.fields.id_column`), of the ``rows`` given
    (a boolean mask) or of all. A row's id depends on its own values only.

    Rows of one record share an id; records that share one (homonyms) are told apart by
    :func:`distinct_ids` once duplicates are merged.
    """
    column, prefix = id_column(dataset), id_prefix(dataset)
    if rows is None:
        df[column] = _stable_id(prefix, _IDENTITY[dataset](df))
    else:
        df.loc[rows, column] = _stable_id(prefix, _IDENTITY[dataset](df[rows]))


def distinct_ids(dataset: str, records: pd.DataFrame) -> pd.Series:
    """The records' ids, each unique, whatever the input.

    A record keeps the id :func:`add_ids` gave its first row (its identity: for a household its name,
    khu phố and phone) unless another record has the same one. Records that share an identity are
    different records that reconciling kept apart: two households of one name in one khu phố, neither
    with a phone (homonyms, common in Vietnam). Each of them gets an id hashed from its identity and
    the values that tell them apart (a household's farm area and ID-card number), so the ids do not
    depend on the order of the rows or on any other record, and two homonyms listed in a different
    order never swap ids; a homonym's id changes only when its own distinguishing values do (a
    phone, written once, makes it stable for good). Should two records still share an id (the same
    values throughout, or a collision of the hash), the later ones in row order get their id hashed
    with their occurrence number.

    Parameters
    ----------
    dataset : str
        One of :data:`lkdata.config.DATASETS`.
    records : DataFrame
        The dataset's records after merging duplicates, with their id column.

    Returns
    -------
    Series
        The ids (``string``), on the records' index.
    """
    ids = records[id_column(dataset)]
    clash = ids.duplicated(keep=False).to_numpy()
    if not clash.any():
        return ids
    prefix = id_prefix(dataset)
    ids = ids.copy()
    shared = records[clash]
    parts = _IDENTITY[dataset](shared)
    if dataset in _DISTINGUISHING:
        parts = pd.concat([parts, _DISTINGUISHING[dataset](shared)], axis=1)
    ids[clash] = _stable_id(prefix, parts)
    while (later := ids.duplicated(keep="first").to_numpy()).any():
        nth = ids.groupby(ids.to_numpy()).cumcount()
        again = pd.DataFrame({"id": ids[later], "nth": nth[later]})
        ids[later] = _stable_id(prefix, again)
    return ids


#: A cell longer than this is not a value anyone typed into one field (a pasted document, a broken export).
MAX_CELL_CHARS = 2000


def _long_cells(col: pd.Series) -> pd.Series | None:
    """The length of each text cell (0 for numbers, dates and blanks) when one is longer than
    :data:`MAX_CELL_CHARS`; else ``None``."""
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow":  # Arrow counts in C++
        import pyarrow.compute as pc

        cells = arrow(col)
        if (pc.max(pc.binary_length(cells)).as_py() or 0) <= MAX_CELL_CHARS:  # never fewer bytes than characters
            return None
        lengths = pd.Series(pc.fill_null(pc.utf8_length(cells), 0).to_numpy(zero_copy_only=False), col.index, int)
    else:  # workbook cells: text among numbers and dates
        obj = col.to_numpy(dtype=object)
        counts = np.fromiter((len(v) if isinstance(v, str) else 0 for v in obj), dtype=np.int64, count=len(obj))
        if not len(counts) or counts.max() <= MAX_CELL_CHARS:
            return None
        lengths = pd.Series(counts, col.index)
    return lengths if (lengths > MAX_CELL_CHARS).any() else None


def _parse_column(
    spec: InputField, raw: pd.DataFrame, ref: Reference, bounds: tuple | None
) -> tuple[dict[str, pd.Series], pd.Series, pd.Series | None]:
    """:func:`_parse_field` of the field's column in ``raw``, a cell too long to be a value read as none
    (with its reason). A field that no file gives is unknown on every row: parsed once, for all."""
    if spec.name not in raw.columns:
        one = raw.iloc[:1]
        columns, reasons, remarks = _parse_field(spec, pd.Series(None, one.index, object), ref, one, bounds)
        every = np.zeros(len(raw), dtype=np.intp)

        def spread(values: pd.Series | None) -> pd.Series | None:
            return None if values is None else values.iloc[every].set_axis(raw.index)

        return {name: spread(values) for name, values in columns.items()}, spread(reasons), spread(remarks)
    col = raw[spec.name]
    lengths = _long_cells(col)
    if lengths is None:
        return _parse_field(spec, col, ref, raw, bounds)
    too_long = lengths > MAX_CELL_CHARS  # no spreadsheet cell holds a name or a date this long: no value
    columns, reasons, remarks = _parse_field(spec, col.where(~too_long, None), ref, raw, bounds)
    label = ref.places.title(spec.label)  # the profile's words: "Ấp quá dài"
    said = lengths[too_long].map(lambda n: f"{label} quá dài ({n:,} ký tự)".replace(",", "."))
    return columns, reasons.astype(object).where(~too_long, said), remarks


def clean_dataset(dataset: str, raw: pd.DataFrame, ref: Reference, *, as_of: dt.date | None = None) -> CleanResult:
    """Clean the raw rows of one dataset (all files together).

    Parameters
    ----------
    dataset : str
        One of :data:`lkdata.config.DATASETS`.
    raw : DataFrame
        Canonical raw field columns (cells as read), ``source_file``, ``source_sheet``,
        ``source_row``, and optionally ``_hint_<field>`` (legacy font) and ``_unit_<field>`` columns.
    ref : Reference
        The catalogues (and the plausibility rules).
    as_of : date, optional
        The date of the clean, after which a date is in the future: ``ref.as_of``, else today.

    Returns
    -------
    CleanResult
        ``clean``: typed rows that passed (before duplicates are merged), with stable ids;
        ``quarantine``: the other rows, with provenance, raw values and ``reasons``.
    """
    raw = raw.reset_index(drop=True)
    as_of = as_of or ref.as_of or dt.date.today()
    out = pd.DataFrame(index=raw.index)
    reasons_of: dict[str, pd.Series] = {}  # per field, why its value was not accepted
    remarks_of: dict[str, pd.Series] = {}  # per field, notes on values that were accepted
    for spec in fields(dataset):
        fld = spec.name
        bounds = field_bounds(ref.plausibility, dataset, fld, as_of)
        columns, reasons, remarks = _parse_column(spec, raw, ref, bounds)
        if remarks is not None:
            remarks_of[fld] = remarks
        for name, values in columns.items():
            out[name] = values
        value = columns[spec.column]
        if spec.required:
            missing = value.isna() & reasons.isna()
            reasons = reasons.where(~missing, f"Thiếu {in_sentence(ref.places.title(spec.label))}")
        reasons_of[fld] = reasons
    for group in row_one_of(dataset):  # e.g. a plot names its owner or gives a phone
        members = [field(dataset, name) for name in group]
        missing = np.logical_and.reduce([out[spec.column].isna().to_numpy() for spec in members])
        message = "Thiếu " + " và ".join(in_sentence(ref.places.title(spec.label)) for spec in members)
        reasons_of[ROWS] = _joined(reasons_of.get(ROWS), pd.Series(message, index=out.index).where(missing))
    if dataset == "activities":  # the plan task follows from the kind where the sheet leaves it out
        blank = out["plan_task"].isna() & reasons_of["plan_task"].isna()  # a task refused stays empty: never guessed
        of_kind = out["kind"].map(ref.kind_tasks).astype("string")  # none where this plan has no task for the kind
        out["plan_task"] = out["plan_task"].where(~blank, of_kind)
    for c in PROVENANCE:
        out[c] = raw[c].to_numpy()
    out["source_sheet"] = out["source_sheet"].astype("string")
    out["merged_from"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out["issues"] = pd.Series(pd.NA, index=out.index, dtype="string")
    add_ids(dataset, out)

    schema = schema_for(dataset, ref, ids_may_repeat=id_column(dataset))  # duplicates are merged later
    explained = pd.DataFrame({f: r.notna() for f, r in reasons_of.items()}, index=out.index)
    parts_of = {f: [r] for f, r in reasons_of.items()}  # each a message per row (a cell may hold "; ")
    for fld, found in schema_reasons(dataset, schema, out, raw, explained).items():
        reasons_of[fld] = _joined(reasons_of.get(fld), found)
        parts_of.setdefault(fld, []).append(found)
    strict = {ROWS} | {f.name for f in fields(dataset) if f.strict}
    dropped = _drop_refused(dataset, out, {f: r for f, r in reasons_of.items() if f not in strict})
    if dropped.any():
        add_ids(dataset, out, dropped)  # an id hashed from a value now left empty
    issues = []
    for spec in fields(dataset):
        remarks = remarks_of.get(spec.name)
        if remarks is not None and spec.name in reasons_of:  # a value refused: its reason says all
            remarks = remarks.where(reasons_of[spec.name].isna())
        issues.append(remarks)
        if spec.name not in strict and spec.name in reasons_of:
            for said in parts_of[spec.name]:
                issues.append(said if spec.personal else said.where(said.isna(), said + f" ({DROPPED})"))
    issues.append(plausibility_notes(dataset, out, ref.plausibility, as_of))
    joined = join_reasons(pd.concat([i for i in issues if i is not None], axis=1))
    out["issues"] = pd.Series(joined, dtype="string").replace("", pd.NA)

    bad = np.logical_or.reduce(
        [reasons_of[f].notna().to_numpy() for f in strict if f in reasons_of] + [np.zeros(len(out), dtype=bool)]
    )
    order = [f.name for f in fields(dataset)] + [ROWS]
    all_reasons = join_reasons(pd.DataFrame({f: reasons_of[f] for f in order if f in reasons_of}, index=out.index))
    quarantine = raw.loc[bad, [c for c in raw.columns if not c.startswith("_")]].copy()
    quarantine["reasons"] = all_reasons[bad]
    clean = out.loc[~bad].reset_index(drop=True)
    return CleanResult(clean=clean, quarantine=quarantine.reset_index(drop=True))


def _joined(first: pd.Series | None, second: pd.Series) -> pd.Series:
    """Two series of reasons joined per row by ``; `` (``None`` where neither has one)."""
    if first is None:
        return second.astype(object)
    both = join_reasons(pd.concat([first, second], axis=1))
    return both.where(both != "", None)


def _drop_refused(dataset: str, out: pd.DataFrame, reasons: dict[str, pd.Series]) -> np.ndarray:
    """Empty the optional values that were refused (a crop's variety with its crop); the rows where
    any was (a boolean mask)."""
    dropped = np.zeros(len(out), dtype=bool)
    for fld, said in reasons.items():
        at = said.notna().to_numpy()
        if not at.any():
            continue
        spec = field(dataset, fld)
        for column in (spec.column, spec.variety):
            if column and column in out.columns and out.loc[at, column].notna().any():
                dropped |= at & out[column].notna().to_numpy()
                out.loc[at, column] = None
    return dropped
