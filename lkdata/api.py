"""What notebooks and scripts call: each entry reads the office's files through :mod:`lkdata.io` and hands
them to the pure packages (:mod:`lkdata.plan`, :mod:`lkdata.report`), so those never open a file."""

from __future__ import annotations

import datetime as dt
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .config import DATASETS, Paths
from .errors import UsageError
from .io.freshness import NOTHING_PROCESSED, stale_reason
from .io.history import read_history
from .io.notes import read_notes
from .io.reference import load_plan, load_reference, load_rules, load_targets, load_units
from .io.store import load, load_quarantine, load_review, read_manifest, write_xlsx
from .plan import indicators as _plan
from .plan.catalogue import Plan
from .plan.history import History
from .plan.periods import Period, parse_day
from .plan.periods import parse_period as _parse_period
from .plan.rules import Rule, evaluate_rules
from .report.notes import NOTE_SECTIONS, Notes
from .report.privacy import PersonalValues, SharedText, catalogue_words, personal_values
from .vn.text import fold

if TYPE_CHECKING:  # each document's module is imported by its entry: a brief's kernel loads no report's
    from .report.brief import BriefDocument
    from .report.document import ReportDocument
    from .report.explain import ExplanationView
    from .report.quality import QualityDocument
    from .report.units import UnitSummary

__all__ = [
    "breakdown",
    "breakdown_table",
    "chart",
    "check_rules",
    "crosstab",
    "explain",
    "indicator_table",
    "indicators",
    "known_people",
    "load_notes",
    "open_brief",
    "open_quality",
    "open_report",
    "open_unit_summary",
    "parse_period",
    "record_counts",
    "table",
    "trend",
    "trend_chart",
    "trend_table",
]

Tables = dict[str, pd.DataFrame]


def parse_period(text: str, ward: dict | None = None, *, cutoff: dt.date | str | None = None) -> Period:
    """:func:`lkdata.plan.periods.parse_period` with the office's ward profile when ``ward`` is omitted."""
    return _parse_period(text, ward if ward is not None else load_reference(Paths.default().reference).ward,
                         cutoff=cutoff)  # fmt: skip


def load_notes(path: Path | str, plan: Plan | None = None) -> Notes:
    """The analyst's notes of a period from ``path`` (empty notes when there is no such file), with the
    sections of ``plan``'s tasks (default: the office's plan); a comment ``<!--`` never closed is warned of
    (it hides the rest of the file)."""
    plan = plan if plan is not None else load_plan(Paths.default().reference)
    notes = Notes.parse(read_notes(Path(path)), Path(path), plan.task_keys)
    if notes.unclosed_comment is not None:
        warnings.warn(f"Tệp ghi chú {path}: chú thích “<!--” ở dòng {notes.unclosed_comment} không được đóng bằng "
                      "“-->”, nên phần còn lại của tệp bị ẩn khỏi báo cáo.", stacklevel=2)  # fmt: skip
    if notes.unknown:  # written, and shown nowhere: say so rather than drop it without a word
        known = ", ".join(f"“## {t}”" for t in NOTE_SECTIONS.values())
        shown = ", ".join(f"“## {h}”" for h in notes.unknown)
        warnings.warn(
            f"Tệp ghi chú {path}: mục {shown} không có chỗ trong báo cáo nên không được in. Các mục báo cáo dùng: "
            f"{known}, và “## {next(iter(plan.tasks))} ...” đến “## {list(plan.tasks)[-1]} ...” cho từng nhiệm vụ.",
            stacklevel=2,
        )
    return notes


def _as_period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(str(period))


def indicators(
    period: Period | str,
    tables: Tables | None = None,
    *,
    processed: Path | str | None = None,
    targets: dict[str, float] | None = None,
    plan: Plan | None = None,
    history: History | None = None,
) -> pd.DataFrame:
    """The whole indicator table for a period (see :func:`lkdata.plan.indicators.indicators`).

    ``tables`` are read from ``processed`` (default ``data/processed``), ``targets`` from the
    office's targets file, ``plan`` from the office's plan (``indicators.csv``...) and ``history`` (the
    undated attributes' past values, for last year's figures) from ``processed`` when omitted.
    """
    p = _as_period(period)
    reference = Paths.default().reference
    plan = plan or load_plan(reference)
    if tables is None:
        tables = load(processed=processed)
    if targets is None:
        targets = load_targets(p.year, reference, plan=plan)
    if history is None:
        history = read_history(processed)
    return _plan.indicators(p, tables, targets=targets, plan=plan, history=history)


def breakdown(
    indicator: str,
    period: Period | str,
    tables: Tables,
    by: str = "khu_pho",
    *,
    plan: Plan | None = None,
    processed: Path | str | None = None,
    history: History | None = None,
) -> pd.DataFrame:
    """One indicator of the office's plan (or of ``plan``) split by a column of its table (see
    :func:`lkdata.plan.indicators.breakdown`); ``history`` read from ``processed`` when omitted."""
    plan = plan or load_plan(Paths.default().reference)
    if history is None:
        history = read_history(processed)
    return _plan.breakdown(indicator, _as_period(period), tables, by=by, plan=plan, history=history)


def check_rules(
    period: Period | str,
    tables: Tables | None = None,
    *,
    processed: Path | str | None = None,
    plan: Plan | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> pd.DataFrame:
    """The validation rules across datasets for a period, as of its cut-off (see
    :func:`lkdata.plan.rules.evaluate_rules`): one row per outcome, ``status`` ``đạt``, ``vi phạm`` or
    ``không đánh giá được``. ``tables`` are read from ``processed`` (default ``data/processed``), ``plan``
    and ``rules`` (``validation_rules.csv``) from the office's reference folder when omitted."""
    p = _as_period(period)
    reference = Paths.default().reference
    plan = plan or load_plan(reference)
    rules = load_rules(reference, plan) if rules is None else rules
    return evaluate_rules(rules, load(processed=processed) if tables is None else tables, p, plan=plan)


def explain(
    indicator: str,
    period: Period | str,
    tables: Tables | None = None,
    *,
    processed: Path | str | None = None,
    plan: Plan | None = None,
    personal: bool = False,
) -> ExplanationView:
    """What a figure means and which rows make it: ``lkdata.explain("certified_area_ha", "2026")``.

    Returns the indicator's definition in Vietnamese (what counts, as of which date, from which table and
    fields, how an empty value is treated), the rows it counts for ``period`` (record id, file, sheet and
    row, and what each adds) and the total, which equals the indicator's value in :func:`indicators` for
    that period. It shows as a Vietnamese table in JupyterLab; ``.to_frame()`` gives the rows as a DataFrame.

    Parameters
    ----------
    indicator : str
        An indicator id of the plan (``UsageError`` naming the closest ids for one it lacks).
    period : str or Period
        ``2026-H1``, ``2026``...
    tables : dict of DataFrame, optional
        The processed tables (read from ``processed``, default ``data/processed``, when omitted).
    plan : Plan, optional
        The plan (the office's, when omitted).
    personal : bool
        Add the personal columns (names, phones, ID-card numbers) of the rows: for the office only, never
        for a shared document.
    """
    from .plan.explain import explain as _explain
    from .report.explain import ExplanationView

    paths = Paths.default()
    ref = load_reference(paths.reference)
    plan = plan or load_plan(paths.reference, ref)
    p = period if isinstance(period, Period) else parse_period(str(period), ref.ward)
    if tables is None:
        tables = load(processed=processed)
    return ExplanationView(_explain(indicator, p, tables, plan=plan, names=ref.kind_titles, personal=personal))


def open_report(
    period: str | Period,
    *,
    cutoff: str | dt.date | None = None,
    processed: str | Path | None = None,
    notes: str | Path | None = None,
    report_date: str | dt.date | None = None,
) -> ReportDocument:
    """Open the report of a period for a notebook: loads the processed tables, targets and notes.

    Parameters
    ----------
    period : str or Period
        ``2026-H1``, ``2026``...
    cutoff : str or date, optional
        The data cut-off (default: from the due date in the ward profile).
    processed : path, optional
        The processed folder (default ``data/processed`` of the project).
    notes : path, optional
        The notes file (default ``data/raw/notes/<period>.md``); a missing file gives placeholders.
    report_date : str or date, optional
        The date printed under the motto; left blank for the office to fill in when omitted.
    """
    from .report.document import ReportDocument

    paths = Paths.default()
    ref = load_reference(paths.reference)
    ward = ref.ward
    p = period if isinstance(period, Period) else parse_period(str(period), ward, cutoff=cutoff or None)
    folder = Path(processed) if processed else paths.processed
    if not processed and paths.raw.is_dir():  # an analyst in JupyterLab: say when new raw files are waiting
        reason = stale_reason(paths.raw, folder)
        if reason and reason != NOTHING_PROCESSED:
            warnings.warn(f"Dữ liệu đã xử lý cần làm mới: {reason}. Chạy 'lkdata clean' rồi chạy lại sổ tay.",
                          stacklevel=2)  # fmt: skip
    tables = load(processed=folder)
    plan = load_plan(paths.reference, ref)
    rules = load_rules(paths.reference, plan)
    manifest = read_manifest(folder) or {}
    notes_path = Path(notes) if notes else paths.notes / f"{p.slug}.md"
    if report_date and not isinstance(report_date, dt.date):
        report_date = parse_day(str(report_date), "Ngày báo cáo")  # day first (08/5/2026), or ISO
    doc = ReportDocument(
        p,
        tables,
        ward,
        plan=plan,
        notes=load_notes(notes_path, plan),
        sample=bool(manifest.get("sample", False)),
        report_date=report_date or None,
        targets=load_targets(p.year, paths.reference, plan=plan),
        next_targets=load_targets(p.year + 1, paths.reference, plan=plan),
        history=read_history(folder),
        khu_pho_names=list(ref.khu_pho["name"]),
        office_list=lambda table, name: _office_list(folder, table, name),
        checks=evaluate_rules(rules, tables, p, plan=plan),
        kind_names=ref.kind_titles,
    )
    doc.units = load_units(paths.reference, plan)  # the ward's units (section V), for "Kết quả ... các đơn vị"
    doc.guard_task_cells()  # in a notebook: a cell "#| task: <key>" runs only when the plan has that task
    return doc


def open_unit_summary(
    period: str | Period, unit: str, *, cutoff: str | dt.date | None = None, processed: str | Path | None = None
) -> UnitSummary:
    """Open one unit's summary for a notebook (``unit``: its code, name or an alias, as ``units.csv`` has it)."""
    from .plan.units import UnitMatcher
    from .report.units import UnitSummary

    paths = Paths.default()
    ref = load_reference(paths.reference)
    plan = load_plan(paths.reference, ref)
    units = load_units(paths.reference, plan)
    code = next((u.code for u in units if u.code == unit), None) or UnitMatcher(units, ref.ward["ward"]).match(unit)
    if code is None:
        raise UsageError(f"Đơn vị không có trong danh mục units.csv: '{unit}' (ví dụ: {units[0].name})")
    p = period if isinstance(period, Period) else parse_period(str(period), ref.ward, cutoff=cutoff or None)
    folder = Path(processed) if processed else paths.processed
    manifest = read_manifest(folder) or {}
    return UnitSummary(p, next(u for u in units if u.code == code), units, load(processed=folder), ref.ward, plan=plan,
                       sample=bool(manifest.get("sample", False)), kind_names=ref.kind_titles)  # fmt: skip


def _office_list(processed: Path, table: pd.DataFrame, name: str) -> Path:
    """Write an office-only list (it holds names and phones) beside the processed data; return its path."""
    path = processed / "noi_bo" / name
    write_xlsx(table, path)
    return path


def open_brief(
    period: str | Period,
    khu_pho: str,
    *,
    cutoff: str | dt.date | None = None,
    processed: str | Path | None = None,
) -> BriefDocument:
    """Open the brief of one khu phố for a notebook (``khu_pho`` as in the catalogue: ``Khu phố 5``)."""
    from .report.brief import BriefDocument

    paths = Paths.default()
    ref = load_reference(paths.reference)
    if khu_pho not in set(ref.khu_pho["name"]):
        raise UsageError(f"{ref.places.sub_title} không có trong danh mục: '{khu_pho}' (ví dụ: "
                         f"{ref.khu_pho['name'].iloc[0]})")  # fmt: skip
    p = period if isinstance(period, Period) else parse_period(str(period), ref.ward, cutoff=cutoff or None)
    folder = Path(processed) if processed else paths.processed
    manifest = read_manifest(folder) or {}
    return BriefDocument(p, khu_pho, load(processed=folder), ref.ward, plan=load_plan(paths.reference, ref),
                         sample=bool(manifest.get("sample", False)), history=read_history(folder))  # fmt: skip


def open_quality(period: str | Period | None = None, *, processed: str | Path | None = None) -> QualityDocument:
    """Open the quality view of the processed data (``period`` for completeness: default the current one)."""
    from .io.send_back import SEND_BACK_DIR
    from .report.quality import QualityDocument

    paths = Paths.default()
    ref = load_reference(paths.reference)
    if period is None:
        today = dt.date.today()
        period = f"{today.year}-H1" if today.month <= 6 else str(today.year)
    p = period if isinstance(period, Period) else parse_period(str(period), ref.ward)
    folder = Path(processed) if processed else paths.processed
    tables = load(processed=folder)
    plan = load_plan(paths.reference, ref)
    return QualityDocument(
        period=p,
        manifest=_with_skipped_now(read_manifest(folder) or {}, paths.raw),
        quarantine={d: load_quarantine(d, folder) for d in DATASETS},
        review=load_review(folder),
        tables=tables,
        khu_pho=list(ref.khu_pho["name"]),
        places=ref.places,
        send_back=_relative(folder / SEND_BACK_DIR, paths.root),
        shown=SharedText(known_people(folder), catalogue_words(_catalogue_keys(ref))),
        checks=evaluate_rules(load_rules(paths.reference, plan), tables, p, plan=plan),
    )


def _with_skipped_now(manifest: dict, default_raw: Path) -> dict:
    """The manifest with the files not read as the raw folder holds them now: a file that cannot be read
    changes no table, so it cleans nothing again (the manifest keeps the list of its clean), yet the quality
    report must name it."""
    raw = Path(manifest.get("raw") or default_raw)
    if not raw.is_dir():
        return manifest
    from .io.discover import discover

    return {**manifest, "skipped_files": [s.as_dict() for s in discover(raw).skipped]}


def known_people(processed: str | Path | None = None, reference: str | Path | None = None) -> PersonalValues:
    """Everyone in the data of a processed folder (default ``data/processed``): the names, phones and
    ID-card numbers of the accepted rows and of the rows in quarantine (see
    :func:`lkdata.report.privacy.personal_values`), for the check that keeps them out of shared documents.
    ``reference`` is the office's catalogue folder (default ``data/raw/reference``). Gathered once per
    state of those files in a process (a batch checks one document after another); do not change it."""
    paths = Paths.default()
    folder = Path(processed) if processed else paths.processed
    ref_dir = Path(reference) if reference else paths.reference
    files = [folder / f"{d}.parquet" for d in DATASETS] + [folder / "quarantine" / f"{d}.csv" for d in DATASETS]
    files += sorted(ref_dir.glob("*")) if ref_dir.is_dir() else []
    state = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) if f.is_file() else (str(f),) for f in files)
    return _known_people(state, folder, ref_dir)


@lru_cache(maxsize=4)
def _known_people(state: tuple, folder: Path, ref_dir: Path) -> PersonalValues:
    import pyarrow.parquet as pq

    from .clean.fields import personal_columns

    ref = load_reference(ref_dir)
    tables = {}
    for name, columns in personal_columns().items():  # only the personal columns
        path = folder / f"{name}.parquet"
        if path.is_file():
            have = set(pq.read_schema(path).names)
            tables[name] = pd.read_parquet(path, columns=[c for c in columns if c in have])
    quarantine = {d: load_quarantine(d, folder) for d in DATASETS}
    return personal_values(tables, quarantine, ref.headers, _catalogue_keys(ref))


def _catalogue_keys(ref) -> list[str]:
    """The folded names, codes and aliases of the catalogues' entries (khu phố, crops, certifications,
    activity kinds), and the crop groups."""
    groups = [fold(g) for g in ref.crops["group"].dropna()] if "group" in ref.crops.columns else []
    return [*ref.khu_pho_index, *ref.crop_index, *ref.certification_index, *ref.activity_kind_index, *groups]


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


# --- tables and charts for the analyst (lkdata.report.explore): presentable as they are -----------------


def _explore():
    from .report import explore

    return explore


def _khu_pho_names() -> list[str]:
    return list(load_reference(Paths.default().reference).khu_pho["name"])


def table(df: pd.DataFrame, dataset: str | None = None, *, totals: bool | list[str] = False,
          caption: str | None = None, titles: dict[str, str] | None = None):  # fmt: skip
    """``df`` as a Vietnamese table (a pandas ``Styler``; see :func:`lkdata.report.explore.styled`): headers
    from the field registry of ``dataset`` (``producers``, ``crops`` ...), numbers ``1.234,5``, dates
    ``02/4/2026``, khu phố 1, 2 ... 10, ``-`` for an empty value, a ``Cộng`` row with ``totals``;
    ``titles`` heads the columns the registry does not name."""
    return _explore().styled(df, dataset, khu_pho_names=_khu_pho_names(), totals=totals, caption=caption,
                             titles_=titles)  # fmt: skip


def record_counts(tables: Tables):
    """How many records each processed table holds, as a Vietnamese table (a ``Styler``)."""
    return _explore().record_counts(tables)


def indicator_table(period: Period | str, tables: Tables | None = None, *, processed: Path | str | None = None):
    """The period's indicators (:func:`indicators`) as the report's tables show them (a ``Styler``)."""
    p = _as_period(period)
    return _explore().indicator_table(indicators(p, tables, processed=processed), p)


def breakdown_table(indicator: str, period: Period | str, tables: Tables, by: str = "khu_pho", *,
                    processed: Path | str | None = None):  # fmt: skip
    """:func:`breakdown` as a Vietnamese table (a ``Styler``): khu phố in the catalogue's order, a ``Cộng`` row."""
    p, plan = _as_period(period), load_plan(Paths.default().reference)
    b = breakdown(indicator, p, tables, by=by, plan=plan, processed=processed)
    return _explore().breakdown_table(b, plan.indicator(indicator), p, by, khu_pho_names=_khu_pho_names())


def crosstab(df: pd.DataFrame, index: str, columns: str, values: str | None = None, *, dataset: str | None = None,
             top: int | None = None, caption: str | None = None):  # fmt: skip
    """Records counted (or ``values`` added up) by ``index`` and ``columns``, as a Vietnamese table with
    totals (see :func:`lkdata.report.explore.crosstab`)."""
    return _explore().crosstab(df, index, columns, values, dataset=dataset, khu_pho_names=_khu_pho_names(),
                               top=top, caption=caption)  # fmt: skip


def chart(table, *, title: str, unit: str = "", count: bool = False, legend: str | None = None):
    """A chart of a table made by these functions (see :func:`lkdata.report.explore.chart`)."""
    return _explore().chart(table, title=title, unit=unit, count=count, legend=legend)


def trend(period: Period | str, tables: Tables | None = None, *, indicators: list[str] | None = None,
          processed: Path | str | None = None, since: int | None = None) -> pd.DataFrame:  # fmt: skip
    """Indicators over the periods the data covers up to ``period`` (see :func:`lkdata.plan.trend.trend`):
    half-years up to a half-year, years up to a year; each earlier period read as the data and the history
    of the undated attributes stood then."""
    from .plan.trend import trend as _trend

    p = _as_period(period)
    paths = Paths.default()
    ref = load_reference(paths.reference)
    tables = load(processed=processed) if tables is None else tables
    return _trend(p, tables, plan=load_plan(paths.reference, ref), ward=ref.ward, history=read_history(processed),
                  indicators=indicators, since=since)  # fmt: skip


def trend_table(period: Period | str, tables: Tables | None = None, *, indicators: list[str] | None = None,
                processed: Path | str | None = None):  # fmt: skip
    """:func:`trend` as a Vietnamese table (a ``Styler``): one row per indicator, one column per period."""
    return _explore().trend_table(trend(period, tables, indicators=indicators, processed=processed))


def trend_chart(indicator: str, period: Period | str, tables: Tables | None = None, *,
                processed: Path | str | None = None):  # fmt: skip
    """One indicator over the periods (see :func:`trend`) as a chart, whole numbers on the axis of a count."""
    from .report.html import Block
    from .report.trend import trend_drawing

    t = trend(period, tables, indicators=[indicator], processed=processed)
    title = f"{t['label'].iloc[0]} qua các kỳ"
    return Block(_explore().figure_html(trend_drawing(t, title=title), title), title)
