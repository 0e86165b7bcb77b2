"""What notebooks and scripts call: each entry reads the office's files through :mod:`lkdata.io` and hands
them to the pure packages (:mod:`lkdata.plan`, :mod:`lkdata.report`), so those never open a file."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd

from .config import DATASETS, Paths
from .errors import UsageError
from .io.freshness import NOTHING_PROCESSED, stale_reason
from .io.history import read_history
from .io.notes import read_notes
from .io.reference import load_plan, load_reference, load_targets
from .io.send_back import SEND_BACK_DIR
from .io.store import load, load_quarantine, load_review, read_manifest, write_xlsx
from .plan import indicators as _plan
from .plan.catalogue import Plan
from .plan.history import History
from .plan.periods import Period
from .plan.periods import parse_period as _parse_period
from .report.brief import BriefDocument
from .report.document import ReportDocument
from .report.notes import Notes
from .report.quality import QualityDocument

__all__ = ["breakdown", "indicators", "load_notes", "open_brief", "open_quality", "open_report", "parse_period"]

Tables = dict[str, pd.DataFrame]


def parse_period(text: str, ward: dict | None = None, *, cutoff: dt.date | str | None = None) -> Period:
    """:func:`lkdata.plan.periods.parse_period` with the office's ward profile when ``ward`` is omitted."""
    return _parse_period(text, ward if ward is not None else load_reference(Paths.default().reference).ward,
                         cutoff=cutoff)  # fmt: skip


def load_notes(path: Path | str) -> Notes:
    """The analyst's notes of a period from ``path`` (empty notes when there is no such file)."""
    return Notes.parse(read_notes(Path(path)), Path(path))


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
    manifest = read_manifest(folder) or {}
    notes_path = Path(notes) if notes else paths.notes / f"{p.slug}.md"
    if report_date and not isinstance(report_date, dt.date):
        try:
            report_date = dt.date.fromisoformat(str(report_date))
        except ValueError as exc:
            raise UsageError(f"Ngày báo cáo không hợp lệ: '{report_date}' (dạng 2026-05-08)") from exc
    return ReportDocument(
        p,
        tables,
        ward,
        plan=plan,
        notes=load_notes(notes_path),
        sample=bool(manifest.get("sample", False)),
        report_date=report_date or None,
        targets=load_targets(p.year, paths.reference, plan=plan),
        next_targets=load_targets(p.year + 1, paths.reference, plan=plan),
        history=read_history(folder),
        khu_pho_names=list(ref.khu_pho["name"]),
        office_list=lambda table, name: _office_list(folder, table, name),
    )


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
    paths = Paths.default()
    ref = load_reference(paths.reference)
    if khu_pho not in set(ref.khu_pho["name"]):
        raise UsageError(f"Khu phố không có trong danh mục: '{khu_pho}' (ví dụ: {ref.khu_pho['name'].iloc[0]})")
    p = period if isinstance(period, Period) else parse_period(str(period), ref.ward, cutoff=cutoff or None)
    folder = Path(processed) if processed else paths.processed
    manifest = read_manifest(folder) or {}
    return BriefDocument(p, khu_pho, load(processed=folder), ref.ward, plan=load_plan(paths.reference, ref),
                         sample=bool(manifest.get("sample", False)), history=read_history(folder))  # fmt: skip


def open_quality(period: str | Period | None = None, *, processed: str | Path | None = None) -> QualityDocument:
    """Open the quality view of the processed data (``period`` for completeness: default the current one)."""
    paths = Paths.default()
    ref = load_reference(paths.reference)
    if period is None:
        today = dt.date.today()
        period = f"{today.year}-H1" if today.month <= 6 else str(today.year)
    p = period if isinstance(period, Period) else parse_period(str(period), ref.ward)
    folder = Path(processed) if processed else paths.processed
    return QualityDocument(
        period=p,
        manifest=read_manifest(folder) or {},
        quarantine={d: load_quarantine(d, folder) for d in DATASETS},
        review=load_review(folder),
        tables=load(processed=folder),
        khu_pho=list(ref.khu_pho["name"]),
        send_back=_relative(folder / SEND_BACK_DIR, paths.root),
    )


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path
