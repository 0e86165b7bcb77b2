"""What the commands print, made into text here (the CLI prints it): the clean's table, the report run's
data-quality lines, whether a report is made and current, a manifest's time stamp."""

from __future__ import annotations

import datetime as dt
import logging

from ..config import DATASET_LABELS, Paths
from ..errors import LkdataError
from ..plan.periods import Period
from ..vn.fmt import fmt_stamp
from .check import Context, quarantine_item, rejected_files_item, silent_khu_pho_item, unread_files_item
from .report_jobs import plan_reports
from .reports import rendered_state

__all__ = ["clean_table", "quality_lines", "rendered_text", "when"]

log = logging.getLogger("lkdata")


def when(stamp: str | None) -> str:
    """A manifest's ISO time stamp as the office reads it: ``30/11/2026 14:05`` (:func:`fmt_stamp`)."""
    return fmt_stamp(stamp)


def clean_table(manifest: dict) -> str:
    """The table ``lkdata clean`` prints: per dataset (its Vietnamese label) and file, rows in, accepted,
    quarantined, merged, skipped, and the file's status."""
    head = ("Bộ dữ liệu", "Tệp", "Dòng vào", "Hợp lệ", "Cách ly", "Trùng", "Bỏ qua", "Trạng thái")
    rows = []
    for dataset, d in manifest["datasets"].items():
        for f in d["files"]:
            status = {"failed": "lỗi", "rejected": "không nhận dòng nào"}.get(f["status"], "đã đọc")
            rows.append(
                (
                    DATASET_LABELS.get(dataset, dataset),
                    f["path"].split("/", 1)[1],
                    f["rows_in"],
                    f["clean"],
                    f["quarantined"],
                    f["duplicates"],
                    f["skipped"],
                    status,
                )
            )
        status = "LỖI NỘI BỘ" if d.get("status") == "failed" else ""
        counts = (d["rows_in"], d["clean"], d["quarantined"], d["duplicates"], d["skipped"])
        rows.append((DATASET_LABELS.get(dataset, dataset), "(cộng)", *counts, status))
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" if i < 2 or i == 7 else f"{{:>{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*head), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*(str(c) for c in r)) for r in rows]
    return "\n".join(lines)


#: How ``lkdata status`` says whether a period's report is made (see :func:`lkdata.jobs.reports.rendered_state`).
_RENDERED = {"current": "đã lập, còn mới", "stale": "đã lập, CŨ (lập lại)", "missing": "chưa lập"}


def rendered_text(paths: Paths, key: str) -> str:
    """Whether the report of period ``key`` is made and current, as ``lkdata status`` says it."""

    try:
        job = plan_reports([key], paths=paths, future_ok=True)[0]
    except LkdataError as exc:  # a notes or targets file that cannot be read: said, the calendar still shown
        log.info("%s", exc)
        return "không xác định được"
    return _RENDERED[rendered_state(job)]


def quality_lines(paths: Paths, period: Period) -> tuple[list[str], int]:
    """The data-quality lines that end a report run (raw files not read, rows quarantined, khu phố without
    data, and the commands that show them), said on every run, not only the one that cleaned; and how many
    raw files were not read or had no row accepted."""
    context = Context(paths, period, dt.date.today())
    items = [unread_files_item(context), rejected_files_item(context), quarantine_item(context),
             silent_khu_pho_item(context)]  # fmt: skip
    lines = ["Chất lượng dữ liệu:", *(f"  {item.title}: {item.detail}" for item in items)]
    lines.append(f"  Xem chi tiết: lkdata quality {period.key}; sẵn sàng nộp chưa: lkdata check {period.key}")
    return lines, len(items[0].names) + len(items[1].names)
