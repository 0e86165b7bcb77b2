"""What a batch of reports is made of: the jobs (one document each: a period's report or a khu phố's
brief), planned from the command's arguments and checked before any notebook runs."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Paths, outside_raw
from ..errors import UsageError
from ..plan.periods import FORMS, Period, parse_day, parse_period
from ..vn.fmt import fmt_date

__all__ = [
    "BRIEF_NOTEBOOK",
    "FORMATS",
    "NOTEBOOK",
    "QUALITY_NOTEBOOK",
    "UNIT_NOTEBOOK",
    "ReportJob",
    "ReportResult",
    "final_refusal",
    "find_notebook",
    "plan_reports",
]

log = logging.getLogger("lkdata")

#: The report notebook under ``notebooks/``: one narrative for six-month and annual reports.
NOTEBOOK = "bao_cao_ke_hoach.ipynb"
#: The khu phố brief notebook under ``notebooks/``.
BRIEF_NOTEBOOK = "tom_tat_khu_pho.ipynb"
#: A unit's summary notebook under ``notebooks/`` (plan section V's units: ``units.csv``).
UNIT_NOTEBOOK = "tom_tat_don_vi.ipynb"
#: The data-quality notebook under ``notebooks/``.
QUALITY_NOTEBOOK = "chat_luong_du_lieu.ipynb"
#: Output formats ``--formats`` accepts (briefs are made as HTML and PDF only).
FORMATS = ("html", "pdf", "docx")
#: A cell running longer than this is stopped (seconds).
CELL_TIMEOUT = 600


@dataclass(frozen=True)
class ReportJob:
    """One document to make: which notebook, for which period, with which parameters, where."""

    period: Period
    notebook: Path
    out_dir: Path
    stem: str
    parameters: dict
    formats: tuple[str, ...]
    notes: Path | None
    processed: Path
    title: str
    kind: str = "report"  # "report", "brief", "unit" or "quality"
    khu_pho: str | None = None
    sub_unit: str | None = None  #: a brief's: the profile's word for its sub-units (``khu phố``, ``ấp``)
    final: bool = False  # ``--final``: refuse to write a document that still holds a placeholder
    #: names kept whole on a line in the document (the ward, its khu phố, the province: the ward profile)
    place_names: tuple[str, ...] = ()
    #: the plan's tasks (number, key), in order: the ``## <number>`` sections the notes file may have
    tasks: tuple[tuple[str, str], ...] | None = None

    @property
    def failed_notebook(self) -> Path:
        """Where the executed notebook of a failed or refused job is kept: in the office-only area beside the
        processed data (``noi_bo/so_tay_loi/``), never in the shareable reports folder, since it may hold
        personal data (a refused document always does)."""
        return self.processed / "noi_bo" / "so_tay_loi" / f"{self.stem}.loi.ipynb"

    @property
    def manifest(self) -> Path:
        """Where the job's manifest goes: ``manifest.json`` for a report, ``<name>.manifest.json`` for a brief."""
        return self.out_dir / ("manifest.json" if self.kind == "report" else f"{self.stem}.manifest.json")


@dataclass
class ReportResult:
    """What became of a job."""

    job: ReportJob
    ok: bool
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None
    kept_notebook: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # the notebook's own warnings
    notices: list[str] = field(default_factory=list)  # what the document lacks: raw files not read, notes dropped
    skipped: bool = False  # up to date: nothing was made
    refused: bool = False  # its folder could not be written (read-only, a full disk): not the document's fault
    #: what the document still lacks (:func:`lkdata.jobs.render.placeholders_in`): it is a draft while any remain
    placeholders: list[dict] = field(default_factory=list)
    #: the office-only lists written for it (``{"path", "what"}``): the document calls them an annex
    office_lists: list[dict] = field(default_factory=list)


def final_refusal(placeholders: list[dict]) -> str:
    """The message of ``--final`` refusing a document that still holds placeholders, naming each and what to
    write where."""
    items = "; ".join(f"{p['what']} ({p['todo']})" for p in placeholders)
    return (f"chưa lập bản chính thức (--final): tài liệu còn {len(placeholders)} nội dung chưa có: {items}. "
            "Không ghi tài liệu nào; bổ sung rồi chạy lại.")  # fmt: skip


def find_notebook(paths: Paths, name: str = NOTEBOOK) -> Path:
    """The report notebook: the project's ``notebooks/``, else the one beside this lkdata's source."""
    for folder in (paths.notebooks, Path(__file__).resolve().parent.parent / "notebooks"):
        if (folder / name).is_file():
            return folder / name
    raise UsageError(f"Không tìm thấy sổ tay báo cáo {name} trong {paths.notebooks}")


def place_names(ward: dict, khu_pho: Sequence[str]) -> tuple[str, ...]:
    """The names a document never breaks across lines: the ward with its kind (``phường Long Khánh``), its
    name, the province and the khu phố of the catalogue."""
    from ..vn.places import Places

    words = Places.of(ward)
    name = words.name
    names = [words.place, name, f"tỉnh {ward.get('province', '')}", str(ward.get("province", "")),
             *map(str, khu_pho)]  # fmt: skip
    return tuple(n.strip() for n in names if n and n.strip())


def _slug(text: str) -> str:
    """``Khu phố 5`` -> ``khu_pho_5``: a file name without diacritics or spaces."""
    from ..vn.text import fold

    return "_".join(fold(text).split()).replace("/", "_") or "x"


def _catalogue_khu_pho(typed: Sequence[str], ref) -> list[str]:
    """The catalogue's names of the khu phố typed (``KP5``, ``khu phố 5``, ``5``, decomposed Unicode), in
    order, once each; a name the catalogue lacks stops with the closest one."""
    from ..clean.resolve import find_khu_pho

    names, unknown = [], []
    for text in typed:
        name, closest = find_khu_pho(text, ref)
        if name is None:
            unknown.append(text + (f" (có phải '{closest}'?)" if closest else ""))
        elif name not in names:
            names.append(name)
    if unknown:
        example, words = ref.khu_pho["name"].iloc[0], ref.places
        code = ref.khu_pho["code"].iloc[0] if "code" in ref.khu_pho.columns else example
        raise UsageError(f"{words.sub_title} không có trong danh mục: {', '.join(unknown)}. Ghi tên như trong danh "
                         f"mục ({example}), mã ({code}) hoặc số (1).")  # fmt: skip
    return names


def plan_reports(
    periods: Sequence[str],
    *,
    paths: Paths | None = None,
    out: Path | None = None,
    formats: Sequence[str] = FORMATS,
    cutoff: str | None = None,
    notes: str | Path | None = None,
    report_date: str | None = None,
    briefs: bool = False,
    khu_pho: Sequence[str] | None = None,
    units: bool = False,
    future_ok: bool = False,
    today: dt.date | None = None,
    final: bool = False,
) -> list[ReportJob]:
    """Check every parameter and describe the jobs, before any notebook runs (a kernel started ahead, with
    ``--force``, is shut down when they stop the command).

    ``units`` adds a one-page summary per unit of ``units.csv`` (``reports/<period>/don_vi/``).

    A period whose cut-off is after ``today`` (default: the computer's date) is refused unless
    ``future_ok`` (``--force``): its figures are not complete yet.

    Raises
    ------
    UsageError
        For a bad period, cut-off, format, date, output folder (inside the raw data) or notes file (not
        found, or in an encoding that cannot be detected), a khu phố not in the catalogue (with the closest
        name), a period not cut off yet, naming what was wrong.
    ReferenceDataError
        For a catalogue, ward profile or targets file that cannot be used.
    """
    from ..io.notes import read_notes
    from ..io.reference import load_plan, load_reference, load_targets, load_units

    paths = paths or Paths.default()
    if not periods:
        raise UsageError(f"Chưa nêu kỳ báo cáo. Dạng chấp nhận: {FORMS}")
    fmts = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise UsageError(f"Định dạng không hỗ trợ: {', '.join(bad) or '(trống)'} (chọn trong: {', '.join(FORMATS)})")
    if notes is not None and len(set(periods)) > 1:
        raise UsageError("--notes chỉ dùng khi báo cáo một kỳ (mỗi kỳ có tệp ghi chú riêng trong data/raw/notes)")
    if notes is not None and not Path(notes).is_file():
        raise UsageError(f"Không tìm thấy tệp ghi chú: {notes}")
    if notes is not None and not Path(notes).resolve().is_relative_to(paths.root.resolve()):
        raise UsageError(f"Tệp ghi chú phải nằm trong thư mục dự án ({paths.root}): {notes}")
    if report_date:  # typed day first (08/5/2026) or ISO; the notebook gets it in ISO
        report_date = parse_day(report_date, "Ngày báo cáo --date").isoformat()
    out = Path(out) if out else paths.reports
    outside_raw(out, paths.raw, "--out")
    ref = load_reference(paths.reference)
    ward = ref.ward
    notebook = find_notebook(paths)
    catalogue = list(ref.khu_pho["name"])
    if khu_pho:
        khu_pho = _catalogue_khu_pho(khu_pho, ref)
        briefs = True
    brief_notebook = find_notebook(paths, BRIEF_NOTEBOOK) if briefs else None
    plan = load_plan(paths.reference, ref)
    places = place_names(ward, catalogue)
    unit_list = load_units(paths.reference, plan) if units else ()
    unit_notebook = find_notebook(paths, UNIT_NOTEBOOK) if units else None
    jobs, seen = [], set()
    for text in periods:
        period = parse_period(text, ward, cutoff=cutoff)
        today = today or dt.date.today()
        if period.cutoff > today and not future_ok:
            raise UsageError(
                f"Kỳ {period.label} chưa đến ngày chốt số liệu {fmt_date(period.cutoff)} (hôm nay {fmt_date(today)}): "
                "số liệu chưa đủ. Thêm --force để vẫn lập (báo cáo ghi ngày chốt ấy), hoặc nêu --cutoff là ngày đã qua."
            )
        if period.key in seen:
            continue
        seen.add(period.key)
        note_file = Path(notes) if notes else paths.notes / f"{period.slug}.md"
        read_notes(note_file)  # its encoding, before any notebook: a file that cannot be read stops here
        for year in (period.year, period.year + 1):  # the year's targets and the next year's the report shows
            load_targets(year, paths.reference, plan=plan)
        params = {
            "period": period.key,
            "cutoff": period.cutoff.isoformat(),
            "processed": str(paths.processed.resolve()),
            "notes": str(note_file.resolve()),
            "report_date": report_date,
        }
        jobs.append(
            ReportJob(
                period,
                notebook,
                out / period.slug,
                f"bao_cao_{period.slug}",
                params,
                fmts,
                note_file,
                paths.processed,
                f"Báo cáo kết quả thực hiện kế hoạch {period.label}",
                final=final,
                place_names=places,
                tasks=tuple(plan.task_keys.items()),
            )
        )
        for name in (khu_pho or catalogue) if briefs else ():
            brief_params = {k: params[k] for k in ("period", "cutoff", "processed")} | {"khu_pho": name}
            jobs.append(
                ReportJob(
                    period,
                    brief_notebook,
                    out / period.slug / "briefs",
                    f"tom_tat_{_slug(name)}_{period.slug}",
                    brief_params,
                    tuple(f for f in fmts if f != "docx") or ("html",),
                    None,
                    paths.processed,
                    f"Tóm tắt {name} {period.label}",
                    kind="brief",
                    khu_pho=name,
                    sub_unit=ref.places.sub_unit,
                    final=final,
                    place_names=places,
                )
            )
        for u in unit_list:
            jobs.append(
                ReportJob(
                    period,
                    unit_notebook,
                    out / period.slug / "don_vi",
                    f"tom_tat_{_slug(u.name)}_{period.slug}",
                    {k: params[k] for k in ("period", "cutoff", "processed")} | {"unit": u.code},
                    tuple(f for f in fmts if f != "docx") or ("html",),
                    None,
                    paths.processed,
                    f"Tóm tắt {u.name} {period.label}",
                    kind="unit",
                    final=final,
                    place_names=places,
                )
            )
    return jobs
