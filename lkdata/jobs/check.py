"""``lkdata check PERIOD``: "Sẵn sàng nộp báo cáo chưa?", a checklist a scheduler can act on.

Each item of the checklist is one function of a :class:`Context` (what was read once: the period, the
last clean's manifest, the processed tables, the notes) that returns a :class:`CheckItem`: its status
(``đạt``, ``cảnh báo``, ``chưa đạt`` or ``không đánh giá``) and a short Vietnamese line. The check only
reads: it cleans nothing and renders nothing, so it can run before and after the scheduled batch.

Exit codes (:func:`exit_code`): 0 ready (every item ``đạt``, or only warnings); 1 not ready (an item is
``chưa đạt``; with ``strict``, a warning too); the command's usual 2 (usage, a file the office keeps) and
3 (a bug in lkdata).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..config import DATASET_LABELS, DATASETS, Paths
from ..errors import UsageError
from ..plan.periods import Period
from ..report.decree30 import DRAFT_MARK
from ..vn.fmt import fmt_date, fmt_number
from .reports import failed_raw_files, rendered_state

__all__ = [
    "CHECKS",
    "FAIL",
    "OK",
    "SKIP",
    "WARN",
    "CheckItem",
    "Context",
    "exit_code",
    "format_checklist",
    "rule_violations_item",
    "run_checks",
]

OK, WARN, FAIL, SKIP = "đạt", "cảnh báo", "chưa đạt", "không đánh giá"
#: Exit codes of ``lkdata check``.
READY, NOT_READY = 0, 1


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist: what was checked, its status, what was found, what to do."""

    key: str
    title: str
    status: str
    detail: str = ""
    hint: str = ""
    names: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"muc": self.key, "ten": self.title, "trang_thai": self.status, "chi_tiet": self.detail,
                "cach_xu_ly": self.hint, "danh_sach": list(self.names)}  # fmt: skip


@dataclass
class Context:
    """What the checklist reads, each once: the project's files for one period, seen from ``today``."""

    paths: Paths
    period: Period
    today: dt.date
    out: Path | None = None
    cutoff: str | None = None
    notes_file: Path | None = None

    @cached_property
    def reference(self):
        from ..io.reference import load_reference

        return load_reference(self.paths.reference)

    @cached_property
    def plan(self):
        from ..io.reference import load_plan

        return load_plan(self.paths.reference, self.reference)

    @cached_property
    def manifest(self) -> dict | None:
        from ..io.store import read_manifest

        return read_manifest(self.paths.processed)

    @cached_property
    def stale(self) -> str | None:
        from ..io.freshness import stale_reason

        if not self.paths.raw.is_dir():
            return None if self.manifest else f"không có thư mục dữ liệu thô {self.paths.raw}"
        return stale_reason(self.paths.raw, self.paths.processed)

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame] | None:
        from ..io.store import load

        if not all((self.paths.processed / f"{d}.parquet").is_file() for d in DATASETS):
            return None
        return load(processed=self.paths.processed)

    @cached_property
    def notes(self):
        from ..io.notes import read_notes
        from ..report.notes import Notes

        path = self.notes_file or self.paths.notes / f"{self.period.slug}.md"
        return Notes.parse(read_notes(path), path, self.plan.task_keys)


def _listed(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" ... và {len(names) - limit} mục khác" if len(names) > limit else "")


def _no_data(key: str, title: str) -> CheckItem:
    return CheckItem(key, title, SKIP, "chưa có dữ liệu đã xử lý", "chạy 'lkdata clean'")


# --- the items ---------------------------------------------------------------------------------------


def period_item(c: Context) -> CheckItem:
    """The period has begun and its cut-off has passed: otherwise its figures are not complete yet."""
    title = "Kỳ báo cáo và ngày chốt số liệu"
    p = c.period
    if p.start > c.today:
        return CheckItem("ky_bao_cao", title, FAIL, f"kỳ {p.label} chưa bắt đầu (bắt đầu {fmt_date(p.start)})",
                         "chọn kỳ đã qua, hoặc chờ đến kỳ")  # fmt: skip
    if p.cutoff > c.today:
        left = (p.cutoff - c.today).days
        return CheckItem("ky_bao_cao", title, FAIL,
                         f"chưa đến ngày chốt số liệu {fmt_date(p.cutoff)} (còn {left} ngày)",
                         "chờ đến ngày chốt, hoặc nêu --cutoff")  # fmt: skip
    due = f"; hạn nộp {fmt_date(p.due)}" if p.due else ""
    return CheckItem("ky_bao_cao", title, OK, f"số liệu tính đến ngày {fmt_date(p.cutoff)}{due}")


def processed_item(c: Context) -> CheckItem:
    """The processed data is there and matches the raw files."""
    title = "Dữ liệu đã xử lý khớp với dữ liệu thô"
    if c.stale is None:
        from .summaries import when

        return CheckItem("du_lieu", title, OK, f"làm sạch lúc {when((c.manifest or {}).get('created'))}")
    return CheckItem("du_lieu", title, FAIL, c.stale, "chạy 'lkdata clean' (hoặc 'lkdata report')")


def unread_files_item(c: Context) -> CheckItem:
    """Raw files that could not be read at all."""
    title = "Tệp dữ liệu thô đọc được"
    if c.manifest is None:
        return _no_data("tep_loi", title)
    bad = [f for f in failed_raw_files(c.manifest) if f["status"] == "failed"]
    if not bad:
        return CheckItem("tep_loi", title, OK, "mọi tệp đều đọc được")
    return CheckItem("tep_loi", title, FAIL, f"{len(bad)} tệp không đọc được: {_listed([f['path'] for f in bad])}",
                     "mở lại, lưu lại tệp (hoặc xin gửi lại) rồi chạy 'lkdata clean'",
                     tuple(f"{f['path']}: {f['error']}" for f in bad))  # fmt: skip


def rejected_files_item(c: Context) -> CheckItem:
    """Files of which no row was accepted."""
    title = "Tệp có dòng được nhận"
    if c.manifest is None:
        return _no_data("tep_khong_nhan", title)
    bad = [f for f in failed_raw_files(c.manifest) if f["status"] == "rejected"]
    if not bad:
        return CheckItem("tep_khong_nhan", title, OK, "tệp nào cũng có dòng được nhận")
    return CheckItem("tep_khong_nhan", title, FAIL,
                     f"{len(bad)} tệp không có dòng nào được nhận: {_listed([f['path'] for f in bad])}",
                     "xem lý do bằng 'lkdata quality'", tuple(f["path"] for f in bad))  # fmt: skip


def silent_khu_pho_item(c: Context) -> CheckItem:
    """Khu phố of the catalogue that no record of any table names (the reports' rule)."""
    from ..report.tables import khu_pho_sent

    sub = c.reference.places.sub_unit  # khu phố, ấp
    title = f"{c.reference.places.sub_title} đã gửi số liệu"
    if c.tables is None:
        return _no_data("khu_pho", title)
    catalogue = list(c.reference.khu_pho["name"])
    silent = [k for k in catalogue if k not in khu_pho_sent(c.tables)]
    if not silent:
        return CheckItem("khu_pho", title, OK, f"cả {len(catalogue)} {sub}")
    return CheckItem("khu_pho", title, WARN, f"{len(silent)}/{len(catalogue)} {sub} chưa gửi: {_listed(silent)}",
                     f"đôn đốc {sub} gửi số liệu; báo cáo ghi “chưa gửi số liệu”", tuple(silent))  # fmt: skip


def silent_cooperatives_item(c: Context) -> CheckItem:
    """Cooperatives active at the cut-off that no household names as its cooperative (no members list)."""
    from ..plan.selections import cooperatives_active

    title = "HTX, THT đã gửi danh sách thành viên"
    if c.tables is None:
        return _no_data("htx", title)
    co = c.tables["cooperatives"]
    active = co[cooperatives_active(c.tables, c.period).to_numpy(dtype=bool)]
    named = set(c.tables["producers"]["cooperative_id"].dropna())
    silent = sorted(active.loc[~active["cooperative_id"].isin(named), "name"].astype(str))
    if not silent:
        return CheckItem("htx", title, OK, f"cả {len(active)} HTX, THT đang hoạt động")
    return CheckItem("htx", title, WARN,
                     f"{len(silent)}/{len(active)} HTX, THT chưa có hộ thành viên nào: {_listed(silent)}",
                     "đôn đốc HTX, THT gửi danh sách thành viên", tuple(silent))  # fmt: skip


def silent_units_item(c: Context) -> CheckItem:
    """The ward's units (``units.csv``, plan section V) that have not reported for the period: no accepted
    activity organised by them held in it (:func:`lkdata.plan.units.unit_results`, the report's rule)."""
    from ..io.reference import load_units
    from ..plan.units import UnitMatcher, unit_results

    title = "Cơ quan, đơn vị đã báo cáo"
    if c.tables is None:
        return _no_data("don_vi", title)
    units = load_units(c.paths.reference, c.plan)
    results = unit_results(c.tables, c.period, UnitMatcher(units, str(c.reference.ward.get("ward", ""))))
    silent = list(results.loc[~results["reported"], "name"])
    if not silent:
        return CheckItem("don_vi", title, OK, f"cả {len(results)} cơ quan, đơn vị")
    return CheckItem("don_vi", title, WARN, f"{len(silent)}/{len(results)} cơ quan, đơn vị chưa báo cáo: "
                     f"{_listed(silent, 9)}", "đôn đốc đơn vị gửi kết quả (mẫu hoạt động, cột “Đơn vị tổ chức”); "
                     "báo cáo ghi “chưa báo cáo”", tuple(silent))  # fmt: skip


def quarantine_item(c: Context) -> CheckItem:
    """Rows set aside in the quarantine, per dataset."""
    title = "Dòng bị cách ly"
    if c.manifest is None:
        return _no_data("cach_ly", title)
    counts = {d: int(v.get("quarantined", 0)) for d, v in c.manifest.get("datasets", {}).items()}
    total = sum(counts.values())
    if not total:
        return CheckItem("cach_ly", title, OK, "không có dòng nào")
    per = "; ".join(f"{DATASET_LABELS.get(d, d)} {fmt_number(n)}" for d, n in counts.items() if n)
    return CheckItem("cach_ly", title, WARN, f"{fmt_number(total)} dòng ({per})",
                     "xem và gửi trả bằng 'lkdata quality'")  # fmt: skip


def rule_violations_item(c: Context) -> CheckItem:
    """Cross-dataset rule violations (``validation_rules.csv``, evaluated by ``lkdata.api.check_rules``): a
    violated rule of the first importance fails, one of a lower importance warns."""
    from ..api import check_rules
    from ..plan.rules import FAILS, IMPORTANCE, UNDECIDED

    title = "Quy tắc đối chiếu giữa các bộ dữ liệu"
    if c.tables is None:
        return _no_data("quy_tac", title)
    outcomes = check_rules(c.period, c.tables, plan=c.plan)
    failed = outcomes[outcomes["status"] == FAILS]
    undecided = int((outcomes["status"] == UNDECIDED).sum())
    rest = f"; {undecided} trường hợp không đánh giá được" if undecided else ""
    if failed.empty:
        return CheckItem("quy_tac", title, OK, f"{outcomes['rule'].nunique()} quy tắc đạt{rest}")
    worst = failed["importance"] == IMPORTANCE[0]
    names = [f"[{r.importance}] {r.name}: {r.message}" for r in failed.itertuples()]
    return CheckItem("quy_tac", title, FAIL if worst.any() else WARN,
                     f"{len(failed)} trường hợp vi phạm ({int(worst.sum())} mức {IMPORTANCE[0]}){rest}",
                     "xem bảng đối chiếu trong 'lkdata quality'", tuple(names))  # fmt: skip


def notes_item(c: Context) -> CheckItem:
    """The notes file: every section the report asks for is there, no heading misnamed, no text dropped."""
    from ..report.notes import NOTE_SECTIONS

    title = "Tệp ghi chú của kỳ"
    notes = c.notes
    where = notes.path.relative_to(c.paths.root) if notes.path.is_relative_to(c.paths.root) else notes.path
    if not notes.exists:
        return CheckItem("ghi_chu", title, FAIL, f"chưa có tệp {where.as_posix()}",
                         "viết tệp ghi chú, mỗi mục một dòng “## <tên mục>”")  # fmt: skip
    missing = [NOTE_SECTIONS[k] for k in notes.missing_sections()]
    problems = [*(f"thiếu mục “{m}”" for m in missing), *notes.problems()]
    if not problems:
        return CheckItem("ghi_chu", title, OK, f"đủ các mục ({where.as_posix()})")
    return CheckItem("ghi_chu", title, FAIL, f"{where.as_posix()}: {_listed(problems, 3)}",
                     "sửa tiêu đề mục cho đúng tên, thêm mục còn thiếu", tuple(problems))  # fmt: skip


def targets_item(c: Context) -> CheckItem:
    """The year's targets: a file for the period's year, a target for each indicator the plan has."""
    from ..io.reference import load_targets, targets_path

    title = f"Chỉ tiêu năm {c.period.year}"
    targets = load_targets(c.period.year, c.paths.reference, plan=c.plan)
    path = targets_path(c.period.year, c.paths.reference)
    if not targets:
        return CheckItem("chi_tieu", title, FAIL, f"chưa có chỉ tiêu (tệp {path.relative_to(c.paths.root)})",
                         "ghi chỉ tiêu được giao vào tệp, mỗi dòng “mã_chỉ_tiêu: số”")  # fmt: skip
    lacking = [i.label for i in c.plan.indicators if i.id not in targets]
    if not lacking:
        return CheckItem("chi_tieu", title, OK, f"đủ {len(targets)} chỉ tiêu")
    return CheckItem("chi_tieu", title, WARN,
                     f"{len(lacking)}/{len(c.plan.ids)} chỉ tiêu chưa giao: {_listed(lacking, 2)}",
                     "báo cáo ghi “chưa giao chỉ tiêu” cho các chỉ tiêu này", tuple(lacking))  # fmt: skip


def report_item(c: Context) -> CheckItem:
    """The report of the period: rendered, and made from the current data, notes and notebook."""
    from .report_jobs import plan_reports

    title = "Báo cáo đã lập và còn mới"
    try:
        job = plan_reports([c.period.key], paths=c.paths, out=c.out, cutoff=c.cutoff,
                           notes=c.notes_file, future_ok=True)[0]  # fmt: skip
    except UsageError as exc:  # no report notebook: no report can be made
        return CheckItem("bao_cao", title, FAIL, str(exc))
    state = rendered_state(job)
    if state == "current":
        where = job.out_dir.relative_to(c.paths.root) if job.out_dir.is_relative_to(c.paths.root) else job.out_dir
        if todo := _placeholders(job.manifest):  # printed "DỰ THẢO" on every page: not the copy to sign
            said = f"đã lập nhưng còn {fmt_number(len(todo))} nội dung chưa có, bản in ghi “{DRAFT_MARK}”"
            hint = (
                "; ".join(t.get("todo") or t.get("what", "") for t in todo)
                + f"; rồi chạy lại 'lkdata report {c.period.key}'"
            )
            return CheckItem("bao_cao", title, FAIL, f"{said}: {_listed([t.get('what', '') for t in todo], 3)}", hint)
        return CheckItem("bao_cao", title, OK, f"đã lập từ dữ liệu hiện tại ({where.as_posix()})")
    if state == "missing":
        return CheckItem("bao_cao", title, FAIL, "chưa lập", f"chạy 'lkdata report {c.period.key}'")
    return CheckItem("bao_cao", title, FAIL, "đã lập nhưng dữ liệu, ghi chú hoặc sổ tay đã thay đổi sau đó",
                     f"chạy lại 'lkdata report {c.period.key}'")  # fmt: skip


def _placeholders(manifest: Path) -> list[dict]:
    """What the rendered document still lacks (its manifest's ``placeholders``: a missing target, notes section
    or signer's name), each with what to do."""
    import json

    try:
        return list(json.loads(manifest.read_text(encoding="utf-8")).get("placeholders") or [])
    except (OSError, ValueError):  # rendered_state read it already: a race with a new render at most
        return []


#: The checklist, in the order it is shown.
CHECKS: tuple[Callable[[Context], CheckItem], ...] = (
    period_item,
    processed_item,
    unread_files_item,
    rejected_files_item,
    silent_khu_pho_item,
    silent_cooperatives_item,
    silent_units_item,
    quarantine_item,
    rule_violations_item,
    notes_item,
    targets_item,
    report_item,
)


@dataclass
class CheckResult:
    """The checklist of a period."""

    period: Period
    today: dt.date
    items: list[CheckItem] = field(default_factory=list)

    def as_dict(self, strict: bool = False) -> dict:
        return {"ky": self.period.key, "ten_ky": self.period.label, "ngay_kiem_tra": self.today.isoformat(),
                "san_sang": exit_code(self.items, strict) == READY, "ma_thoat": exit_code(self.items, strict),
                "muc": [i.as_dict() for i in self.items]}  # fmt: skip


def run_checks(context: Context, checks: tuple[Callable[[Context], CheckItem], ...] = CHECKS) -> CheckResult:
    """Every item of ``checks`` for the context's period."""
    return CheckResult(context.period, context.today, [check(context) for check in checks])


def exit_code(items: list[CheckItem], strict: bool = False) -> int:
    """0 ready; 1 not ready (an item ``chưa đạt``; with ``strict`` a ``cảnh báo`` too)."""
    bad = {FAIL, WARN} if strict else {FAIL}
    return NOT_READY if any(i.status in bad for i in items) else READY


def format_checklist(result: CheckResult, strict: bool = False) -> str:
    """The checklist as the command prints it: one line per item, its hint, and the verdict."""
    width = max(len(s) for s in (OK, WARN, FAIL, SKIP)) + 2
    lines = [f"Sẵn sàng nộp báo cáo {result.period.label} chưa? (kiểm tra ngày {fmt_date(result.today)})"]
    for item in result.items:
        tag = f"[{item.status}]"
        lines.append(f"  {tag:<{width}} {item.title}" + (f": {item.detail}" if item.detail else ""))
        if item.hint and item.status != OK:
            lines.append(f"  {'':<{width}}   -> {item.hint}")
    counts = {s: sum(i.status == s for i in result.items) for s in (FAIL, WARN, SKIP)}
    said = ", ".join(f"{n} mục {s}" for s, n in counts.items() if n)
    code = exit_code(result.items, strict)
    verdict = "SẴN SÀNG" if code == READY else "CHƯA SẴN SÀNG"
    lines.append(f"Kết luận: {verdict}" + (f" ({said})" if said else "") + f". Mã thoát {code}.")
    return "\n".join(lines)
