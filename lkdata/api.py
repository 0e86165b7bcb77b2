"""What notebooks and scripts call: each entry reads the office's files through :mod:`lkdata.io` and hands
them to the pure packages (:mod:`lkdata.plan`, :mod:`lkdata.report`), so those never open a file."""

from __future__ import annotations

import datetime as dt
import warnings
from functools import lru_cache
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
from .plan.periods import Period, parse_day
from .plan.periods import parse_period as _parse_period
from .report.brief import BriefDocument
from .report.document import ReportDocument
from .report.notes import NOTE_SECTIONS, Notes
from .report.privacy import PersonalValues, SharedText, catalogue_words, personal_values
from .report.quality import QualityDocument
from .vn.text import fold

__all__ = [
    "breakdown",
    "indicators",
    "known_people",
    "load_notes",
    "open_brief",
    "open_quality",
    "open_report",
    "parse_period",
]

Tables = dict[str, pd.DataFrame]


def parse_period(text: str, ward: dict | None = None, *, cutoff: dt.date | str | None = None) -> Period:
    """:func:`lkdata.plan.periods.parse_period` with the office's ward profile when ``ward`` is omitted."""
    return _parse_period(text, ward if ward is not None else load_reference(Paths.default().reference).ward,
                         cutoff=cutoff)  # fmt: skip


def load_notes(path: Path | str) -> Notes:
    """The analyst's notes of a period from ``path`` (empty notes when there is no such file); a comment
    ``<!--`` never closed is warned of (it hides the rest of the file)."""
    notes = Notes.parse(read_notes(Path(path)), Path(path))
    if notes.unclosed_comment is not None:
        warnings.warn(f"Tệp ghi chú {path}: chú thích «<!--» ở dòng {notes.unclosed_comment} không được đóng bằng "
                      "«-->», nên phần còn lại của tệp bị ẩn khỏi báo cáo.", stacklevel=2)  # fmt: skip
    if notes.unknown:  # written, and shown nowhere: say so rather than drop it without a word
        known = ", ".join(f"«## {t}»" for t in NOTE_SECTIONS.values())
        shown = ", ".join(f"«## {h}»" for h in notes.unknown)
        warnings.warn(
            f"Tệp ghi chú {path}: mục {shown} không có chỗ trong báo cáo nên không được in. Các mục báo cáo dùng: "
            f"{known}, và «## III.1 ...» đến «## IV ...» cho từng nhiệm vụ.",
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
        report_date = parse_day(str(report_date), "Ngày báo cáo")  # day first (08/5/2026), or ISO
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
        manifest=_with_skipped_now(read_manifest(folder) or {}, paths.raw),
        quarantine={d: load_quarantine(d, folder) for d in DATASETS},
        review=load_review(folder),
        tables=load(processed=folder),
        khu_pho=list(ref.khu_pho["name"]),
        send_back=_relative(folder / SEND_BACK_DIR, paths.root),
        shown=SharedText(known_people(folder), catalogue_words(_catalogue_keys(ref))),
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
