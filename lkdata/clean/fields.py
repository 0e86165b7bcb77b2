"""The field registry: each dataset's input fields, read from their declarations in :mod:`.schemas`.

A field is declared once, on its pandera ``Field`` (``title=`` its label, ``metadata=`` its parser kind,
whether it is required or personal, its template help). The cleaner's parsing specs, the labels its
messages quote, ingest's required columns, the intake templates' columns, the quarantine and review
headers and the personal columns privacy looks for all come from here. The raw header aliases live in
``headers.yaml`` alone (office data), keyed by :attr:`InputField.name`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..config import DATASETS
from .schemas import MODELS

__all__ = [
    "InputField",
    "field",
    "fields",
    "filled_together",
    "free_text",
    "id_column",
    "id_prefix",
    "labels",
    "missing_fields",
    "personal_columns",
    "record_noun",
    "required_columns",
    "row_one_of",
    "titles",
    "tracked_columns",
]


@dataclass(frozen=True)
class InputField:
    """One input field of a dataset, as its processed column declares it."""

    name: str  #: the input field (its key in ``headers.yaml``)
    column: str  #: the processed column it becomes
    label: str  #: short Vietnamese label, as messages quote it
    kind: str  #: parser kind
    required: bool = False
    personal: bool = False
    variety: str | None = None  #: the column receiving a crop's variety
    help: str | None = None  #: template help, where the kind's is not enough
    #: the hard range of its checks (``ge`` or ``gt``, and ``le``); either end may be ``None``
    bounds: tuple[int | float | None, int | float | None] | None = None
    low_open: bool = False  #: the lower end is excluded (``gt``: an area is more than 0)
    choices: tuple | None = None  #: the ``isin`` values of its checks
    unit: str | None = None  #: the unit a ``number`` field or a year is kept in (``tấn``, ``năm``)
    open_end: bool = False  #: an end date: ``31/12/9999`` or ``Không thời hạn`` says there is none
    #: an optional field whose empty value says something (no end: it runs on), so a bad value is not emptied
    keeps_row_out: bool = False
    #: an attribute that carries no date: each clean keeps its changes, its past values come from them
    tracked: bool = False
    dated_by: str | None = None  #: for a tracked field, the date column that dates it where a row gives one

    @property
    def strict(self) -> bool:
        """Whether a reason about this field quarantines the row. Otherwise the value is left empty and
        the reason noted in the row's ``issues``: a bad optional value never sets the record aside."""
        return self.required or self.keeps_row_out


def _checks(column) -> dict[str, dict]:
    return {c.name: c.statistics for c in column.checks}


@cache
def fields(dataset: str) -> tuple[InputField, ...]:
    """The dataset's input fields, in the order of its model (and of its intake template).

    Parameters
    ----------
    dataset : str
        One of :data:`lkdata.config.DATASETS`.
    """
    out = []
    for column, col in MODELS[dataset].to_schema().columns.items():
        meta = col.metadata
        if not meta or "kind" not in meta:
            continue  # not read from the sheet: ids, provenance, varieties
        checks = _checks(col)
        low = checks.get("greater_than_or_equal_to", {}).get("min_value")
        above = checks.get("greater_than", {}).get("min_value")
        high = checks.get("less_than_or_equal_to", {}).get("max_value")
        allowed = checks.get("isin", {}).get("allowed_values")
        out.append(
            InputField(
                name=meta.get("field", column),
                column=column,
                label=col.title,
                kind=meta["kind"],
                required=meta["required"],
                personal=meta["personal"],
                variety=meta.get("variety"),
                help=meta.get("help"),
                bounds=(low if above is None else above, high) if {low, above, high} != {None} else None,
                low_open=above is not None,
                choices=tuple(allowed) if allowed is not None else None,
                unit=meta.get("unit"),
                open_end=meta.get("open_end", False),
                keeps_row_out=meta.get("strict", False),
                tracked=meta.get("tracked", False),
                dated_by=meta.get("dated_by"),
            )
        )
    return tuple(out)


def field(dataset: str, name: str) -> InputField:
    """One input field of a dataset, by its name."""
    return next(f for f in fields(dataset) if f.name == name)


def labels(dataset: str) -> dict[str, str]:
    """Input field -> its Vietnamese label."""
    return {f.name: f.label for f in fields(dataset)}


def missing_fields(dataset: str, mapped: Iterable[str]) -> list[str]:
    """The labels of the dataset's input fields that none of the ``mapped`` columns provides (a file
    without them leaves their values unknown, never a default), in the model's order."""
    have = set(mapped)
    return [f.label for f in fields(dataset) if f.name not in have]


def titles(dataset: str) -> dict[str, str]:
    """Processed column -> its Vietnamese title, for every column that declares one."""
    columns = MODELS[dataset].to_schema().columns
    return {name: col.title for name, col in columns.items() if col.title}


def _metadata(dataset: str) -> dict:
    return getattr(MODELS[dataset].Config, "metadata", None) or {}


def _one_of(dataset: str) -> dict[tuple[str, ...], str]:
    return _metadata(dataset).get("one_of", {})


def filled_together(dataset: str) -> list[tuple[str, ...]]:
    """Groups of processed columns that a merged record takes together from one of its rows."""
    return [tuple(group) for group in _metadata(dataset).get("together", [])]


def record_noun(dataset: str) -> str:
    """What one row of the dataset is, as a count names it: ``hộ`` (``12 hộ``), ``HTX/THT``, ``thửa``."""
    return _metadata(dataset)["record"]


def row_one_of(dataset: str) -> list[tuple[str, ...]]:
    """Groups of fields of which each row needs at least one value."""
    return [group for group, scope in _one_of(dataset).items() if scope == "rows"]


def required_columns(dataset: str) -> tuple[tuple[str, ...], ...]:
    """The columns a sheet must have: one of each tuple (the groups first, then the required fields)."""
    return (*_one_of(dataset), *((f.name,) for f in fields(dataset) if f.required))


def id_column(dataset: str) -> str:
    """The dataset's record id (its one unique column)."""
    (column,) = (c for c, col in MODELS[dataset].to_schema().columns.items() if col.unique)
    return column


def id_prefix(dataset: str) -> str:
    """The letter every record id of the dataset starts with (its id column's ``str_startswith`` check)."""
    return _checks(MODELS[dataset].to_schema().columns[id_column(dataset)])["str_startswith"]["string"]


def free_text(dataset: str) -> tuple[str, ...]:
    """The dataset's free-text fields (names, titles): those a legacy TCVN3/VNI font can garble."""
    return tuple(f.name for f in fields(dataset) if f.kind in ("person", "text"))


def tracked_columns(dataset: str) -> dict[str, str | None]:
    """The dataset's processed columns that carry no date of their own (declared ``tracked``), each with
    the date column that dates it where a row gives one (``None`` when none does), in the model's order."""
    return {f.column: f.dated_by for f in fields(dataset) if f.tracked}


def personal_columns() -> dict[str, dict[str, str]]:
    """Dataset -> its processed columns holding personal data -> their kind (``person``, ``phone``...)."""
    out = {d: {f.column: f.kind for f in fields(d) if f.personal} for d in DATASETS}
    return {d: cols for d, cols in out.items() if cols}
