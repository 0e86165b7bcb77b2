"""The ``lkdata`` command. Messages are for the ward's analysts, in Vietnamese.

Exit codes: 0 done (``check``: ready to submit); 1 done, but some input could not be read (``report``: a raw
file was not read, so the report lacks its data; ``check``: not ready); 2 usage error, missing folder, or a file
or setting the office keeps (catalogues, ward profile, targets, notes, an environment variable) that
cannot be used; 3 internal error (a bug in lkdata itself, never the user's input); 4 an output could not be
written (read-only folder, full disk, no permission).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .config import DATASET_LABELS, DATASETS, Paths, outside_raw, use_root
from .errors import InternalError, LkdataError, OutputError, ReferenceDataError, UsageError
from .vn.argparse_vi import ArgumentParser

log = logging.getLogger("lkdata")


def _cmd_sample(args: argparse.Namespace) -> int:
    from .sample.builder import TRUTH_FILE, generate_sample

    out = Path(args.out)
    existing = [f for d in DATASETS if (out / d).is_dir() for f in (out / d).iterdir() if f.is_file()]
    if existing and not (out / TRUTH_FILE).exists() and not args.force:
        raise UsageError(
            f"Thư mục {out} đã có dữ liệu không phải dữ liệu mẫu ({len(existing)} tệp). "
            "Không ghi đè; chọn thư mục khác hoặc thêm --force."
        )
    truth = generate_sample(out, seed=args.seed, scale=args.scale, profile=args.profile)
    households, n_files = f"{args.scale:,}".replace(",", "."), len(truth["files"])
    print(f"Đã tạo dữ liệu mẫu trong {out}: {households} hộ sản xuất, {n_files} tệp (sự thật đã cài: "
          f"{out / TRUTH_FILE}).")  # fmt: skip
    return 0


def _cmd_inventory(args: argparse.Namespace) -> int:
    from .io.discover import discover, shown_path

    raw = Path(args.raw) if args.raw else Paths.default().raw
    if not raw.is_dir():
        raise UsageError(f"Không tìm thấy thư mục dữ liệu thô: {shown_path(raw)}")
    found = discover(raw)  # the same decision as `lkdata clean`
    print(f"Dữ liệu thô trong {shown_path(raw)} (các tệp 'lkdata clean' đọc):")
    total = 0
    for d in DATASETS:
        files = found.files[d]
        total += len(files)
        print(f"  {DATASET_LABELS[d]:<15} {len(files):>3} tệp  (thư mục {d}/)")
        for f in files:
            print(f"      {f.rel.split('/', 1)[1]}  ({f.size / 1024:.0f} KB)")
    if total == 0:
        print("  (chưa có tệp nào)")
    _print_skipped(found.skipped)
    return 0


def _label(dataset: str) -> str:
    return DATASET_LABELS.get(dataset, dataset)


def _progress(args: argparse.Namespace) -> bool:
    """Progress bars only on a terminal, and not with ``--quiet``: a scheduler's log gets no bars."""
    return not getattr(args, "quiet", False) and sys.stderr.isatty()


def _print_skipped(skipped) -> None:
    """Every file a clean does not read, and why (a list of :class:`~lkdata.io.discover.Skipped` or
    of the manifest's ``skipped_files``)."""
    rows = [(s["path"], s["reason"]) if isinstance(s, dict) else (s.rel, s.reason) for s in skipped]
    if rows:
        print(f"Không đọc {len(rows)} tệp, thư mục:")
        for path, reason in rows:
            print(f"BỎ QUA  {path}: {reason}")


#: The notes a clean makes on every returned template (its instructions sheet, its hidden lists), said once a run.
_SHEETS_SKIPPED = ("Bỏ qua trang hướng dẫn", "Bỏ qua trang tính ẩn")


def _cmd_clean(args: argparse.Namespace) -> int:
    from .io.store import project_lock
    from .jobs.clean_run import run_clean

    paths = Paths.default()
    raw = Path(args.raw) if args.raw else paths.raw
    out = Path(args.out) if args.out else paths.processed
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs phải là số nguyên dương, không phải {args.jobs}")
    if not raw.is_dir():
        raise UsageError(f"Không tìm thấy thư mục dữ liệu thô: {raw}")
    outside_raw(out, raw, "--out")  # before the lock makes the folder
    with project_lock(out, say=print):
        if not args.force:
            from .io.freshness import stale_reason
            from .io.store import read_manifest, remove_stale_temporaries

            if out.is_dir() and stale_reason(raw, out) is None:
                remove_stale_temporaries(out)
                from .jobs.summaries import when

                created = when((read_manifest(out) or {}).get("created"))
                print(f"Dữ liệu đã xử lý khớp với dữ liệu thô và danh mục (làm sạch lúc {created}): bỏ qua.")
                print("Dùng 'lkdata clean --force' để làm sạch lại.")
                from .io.discover import discover

                _print_skipped(discover(raw).skipped)
                return 0
        run = run_clean(raw, out, jobs=args.jobs)
    m = run.manifest
    from .jobs.summaries import clean_table

    print(clean_table(m))
    print()
    skipped_sheets: set[str] = set()
    for dataset, d in m["datasets"].items():
        for note in d.get("notes", []):
            print(f"Chú ý  {DATASET_LABELS.get(dataset, dataset)}: {note}")
        for f in d["files"]:
            if f["error"]:
                print(f"LỖI  {f['path']}: {f['error']}")
            for s in f["sheets"]:
                where = f"{f['path']}" + (f" / trang '{s['name']}'" if s["name"] else "")
                if s["error"]:
                    print(f"LỖI  {where}: {s['error']}")
                if s["unmapped_columns"]:
                    cols = s["unmapped_columns"]
                    more = f" ... và {len(cols) - 10} cột khác" if len(cols) > 10 else ""
                    print(f"Chú ý  {where}: {len(cols)} cột không nhận ra (không dùng): {', '.join(cols[:10])}{more}")
                for note in s.get("notes", []):
                    print(f"Chú ý  {where}: {note}")
                for proposal in s.get("proposals", []):
                    print(f"Gợi ý  {where}: {proposal}")
            for note in f["notes"]:
                if note.startswith(_SHEETS_SKIPPED):  # a returned template's instructions and lists: said once
                    skipped_sheets.add(f["path"])
                else:
                    print(f"Chú ý  {f['path']}: {note}")
    if skipped_sheets:
        print(f"Chú ý  {len(skipped_sheets)} tệp có trang hướng dẫn hoặc trang ẩn (như mẫu nhập liệu gửi về): "
              "các trang ấy không phải dữ liệu, không đọc.")  # fmt: skip
    _print_skipped(m.get("skipped_files", []))
    print(f"Tham chiếu chưa khớp: {m['unresolved_references']}; nghi trùng cần xem: {m['probable_duplicates']}")
    print(f"Kết quả ghi vào {out} (cách ly: {out / 'quarantine'}, cần xem: {out / 'review'})")
    failed = run.failed_files
    if failed:
        unread = [f["path"] for f in failed if f["status"] == "failed"]
        rejected = [f["path"] for f in failed if f["status"] == "rejected"]
        said = [f"{len(unread)} tệp không đọc được ({', '.join(unread)})"] if unread else []
        said += [f"{len(rejected)} tệp không có dòng nào được nhận ({', '.join(rejected)})"] if rejected else []
        print(f"{'; '.join(said)}; các tệp khác vẫn được xử lý.", file=sys.stderr)
    if run.failed_datasets:
        for dataset, error in run.failed_datasets.items():
            print(f"LỖI NỘI BỘ  {DATASET_LABELS.get(dataset, dataset)}: {error}", file=sys.stderr)
        print(
            f"Lỗi nội bộ của lkdata (không phải do dữ liệu của bạn) ở {len(run.failed_datasets)} bộ dữ liệu "
            f"({', '.join(map(_label, run.failed_datasets))}): bảng của các bộ này không được ghi, các bộ dữ liệu "
            "khác vẫn được ghi đầy đủ. Xin báo cho người phụ trách lkdata của văn phòng, kèm lệnh đã chạy "
            "và thông báo này (chạy lại với biến môi trường LKDATA_DEBUG=1 để in chi tiết lỗi).",
            file=sys.stderr,
        )
        return 3
    return 1 if failed else 0


def _cmd_status(args: argparse.Namespace) -> int:
    import datetime as dt

    from .io.freshness import stale_reason
    from .io.reference import load_reference
    from .io.store import read_manifest
    from .plan.periods import parse_day, parse_period
    from .vn.fmt import fmt_date

    paths = Paths.default()
    today = parse_day(args.today, "Ngày --today") if args.today is not None else dt.date.today()
    ward = load_reference(paths.reference).ward
    print(f"Lịch báo cáo (hôm nay {fmt_date(today)}):")
    print(f"  {'Báo cáo':<32}{'Kỳ':<10}{'Chốt số liệu':>14}{'Hạn nộp':>12}{'Còn':>14}  Đã lập")
    shown = 0
    for year in (today.year - 1, today.year, today.year + 1):
        for key, name in ((f"{year}-H1", "Báo cáo 6 tháng đầu năm"), (str(year), "Báo cáo năm")):
            p = parse_period(key, ward)
            if p.due < today - dt.timedelta(days=30) or shown >= 3:
                continue
            left = (p.due - today).days
            when = f"{left} ngày" if left >= 0 else f"quá {-left} ngày"
            from .jobs.summaries import rendered_text

            made = rendered_text(paths, key)
            print(f"  {name + ' ' + str(year):<32}{key:<10}{fmt_date(p.cutoff):>14}{fmt_date(p.due):>12}{when:>14}  "
                  f"{made}")  # fmt: skip
            shown += 1
    reason = stale_reason(paths.raw, paths.processed)
    if reason is None:
        from .jobs.summaries import when

        created = when((read_manifest(paths.processed) or {}).get("created"))
        print(f"Dữ liệu đã xử lý khớp với dữ liệu thô (làm sạch lúc {created}).")
    else:
        print(f"Dữ liệu đã xử lý cần làm mới: {reason}. Chạy 'lkdata clean' (hoặc 'lkdata report', tự làm sạch trước).")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from .io.reference import load_reference
    from .jobs.check import Context, exit_code, format_checklist, run_checks
    from .plan.periods import parse_day, parse_period

    paths = Paths.default()
    today = parse_day(args.today, "Ngày --today") if args.today is not None else dt.date.today()
    period = parse_period(args.period, load_reference(paths.reference).ward, cutoff=args.cutoff)
    notes = Path(args.notes) if args.notes else None
    if notes is not None and not notes.is_file():
        raise UsageError(f"Không tìm thấy tệp ghi chú: {notes}")
    context = Context(paths, period, today, out=Path(args.out) if args.out else None, cutoff=args.cutoff,
                      notes_file=notes)  # fmt: skip
    result = run_checks(context)
    if args.json:
        print(json.dumps(result.as_dict(args.strict), ensure_ascii=False, indent=1))
    else:
        print(format_checklist(result, args.strict))
    return exit_code(result.items, args.strict)


def _cmd_indicators(args: argparse.Namespace) -> int:
    from .jobs.indicator_views import indicators_command

    return indicators_command(args.period, cutoff=args.cutoff, processed=args.processed, explain_id=args.explain,
                              xlsx=args.xlsx)  # fmt: skip


def _cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from .io.store import project_lock
    from .jobs.reports import plan_reports, run_reports
    from .vn.fmt import fmt_date

    paths = Paths.default()
    options = {
        "out": Path(args.out) if args.out else None,
        "formats": args.formats.split(","),
        "cutoff": args.cutoff,
        "notes": args.notes,
        "report_date": args.date,
        "briefs": args.briefs,
        "khu_pho": args.khu_pho,
        "future_ok": args.force,
        "final": args.final,
    }
    planned = plan_reports(args.periods, paths=paths, **options)  # bad parameters stop here, before any lock
    for period in {job.period for job in planned if job.period.cutoff > dt.date.today()}:
        print(f"Chú ý  kỳ {period.label} chưa đến ngày chốt số liệu {fmt_date(period.cutoff)}: số liệu chưa đủ "
              "(lập vì có --force).")  # fmt: skip
    with project_lock(paths.processed, say=print):
        results = run_reports(args.periods, paths=paths, say=print, progress=_progress(args), jobs=args.jobs,
                              force=args.force, **options)  # fmt: skip
    return _report_summary(args, paths, results)


def _report_summary(args: argparse.Namespace, paths: Paths, results: list) -> int:
    print()
    for r in results:
        if r.skipped:
            continue  # said when it was skipped
        if r.ok:
            print(f"XONG  {r.job.title}: " + ", ".join(str(f) for f in r.outputs if f.suffix != ".ipynb"))
            print(f"      thời gian {r.timings.get('total', 0):.1f} giây; sổ tay đã chạy: {r.outputs[0]}")
            for w in r.warnings:
                print(f"Chú ý  cảnh báo trong sổ tay (không in vào báo cáo) {w}")
            for o in r.office_lists:
                print(f"      {o['what']} (danh sách kèm theo, nội bộ, có thông tin cá nhân): {o['path']}")
            if r.placeholders:
                print(f"DỰ THẢO  {r.job.title} còn {len(r.placeholders)} nội dung chưa có (mọi trang in “DỰ THẢO”; "
                      "bổ sung rồi lập lại, bản chính thức: --final):")  # fmt: skip
                for p in r.placeholders:
                    print(f"      - {p['what']}: {p['todo']}")
        else:
            print(f"LỖI  {r.job.title}: {r.error}", file=sys.stderr)
            if r.kept_notebook:
                print(f"      sổ tay đã chạy được giữ (nội bộ, không chia sẻ): {r.kept_notebook}", file=sys.stderr)
            print("      báo cáo đã lập trước đó (nếu có) vẫn giữ nguyên.", file=sys.stderr)
            for w in r.notices:
                print(f"Chú ý  {w}")
    print(f"Danh mục báo cáo: {(Path(args.out) if args.out else paths.reports) / 'index.html'}")
    unread = 0
    if results:
        from .jobs.summaries import quality_lines

        lines, unread = quality_lines(paths, results[0].job.period)
        print("\n".join(lines))
    failed = sum(not r.ok for r in results)
    if failed:
        print(f"{failed}/{len(results)} báo cáo không lập được.", file=sys.stderr)
        return 4 if any(r.refused for r in results) else 1
    if unread:
        print(f"{unread} tệp dữ liệu thô không đọc được hoặc không có dòng nào được nhận: báo cáo thiếu số liệu "
              "của các tệp này.", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _cmd_quality(args: argparse.Namespace) -> int:
    from .io.store import project_lock
    from .jobs.reports import run_quality

    paths = Paths.default()
    if args.out:
        outside_raw(Path(args.out), paths.raw, "--out")
    with project_lock(paths.processed, say=print):
        result, workbooks = run_quality(
            args.period, paths=paths, out=Path(args.out) if args.out else None, say=print, progress=_progress(args)
        )
    print()
    if not result.ok:
        print(f"LỖI  {result.job.title}: {result.error}", file=sys.stderr)
        return 1
    html = next(f for f in result.outputs if f.suffix == ".html")
    print(f"XONG  {result.job.title}: {html}")
    print(f"Tệp gửi trả các dòng cần sửa ({len(workbooks)} tệp, chỉ dùng nội bộ): {paths.processed / 'tra_lai'}")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .io.reference import load_reference
    from .io.templates import TEMPLATE_NAMES, write_templates

    paths = Paths.default()
    out = Path(args.out) if args.out else paths.reports / "mau_nhap_lieu"
    outside_raw(out, paths.raw, "--out")
    from .io.store import write_text
    from .report.notes import notes_template

    files = write_templates(out, ref := load_reference(paths.reference))
    write_text(notes_template(places=ref.places), out / "ghi_chu_mau.md")  # the notes file's sections, to fill
    files.append(out / "ghi_chu_mau.md")
    print(f"Đã tạo {len(files)} mẫu nhập liệu trong {out}:")
    raw = _shown(paths.raw, paths.root)
    for f in files:
        dataset = next((d for d in DATASETS if f.name == TEMPLATE_NAMES.get(d)), None)
        goes = f" -> nhận về thì chép vào {raw}/{dataset}/ ({DATASET_LABELS[dataset]})" if dataset else ""
        print(f"  {f.name}{goes}")
    print(f"Gửi các mẫu này cho {ref.places.sub_unit}, HTX, trung tâm dịch vụ; mẫu điền xong gửi về để nguyên tên "
          "tệp hoặc đổi tên tùy ý, miễn là chép vào đúng thư mục trên.")  # fmt: skip
    print("ghi_chu_mau.md: các mục ghi chú của báo cáo; điền rồi lưu thành data/raw/notes/<kỳ>.md.")
    return 0


def _shown(path: Path, root: Path) -> str:
    """A path as short as it can be said: relative to the project folder when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


_PERIOD_HELP = "kỳ báo cáo: 2026-H1, 2026-H2, 2026 hoặc 2026-01-01:2026-03-31"
_FORMATS_HELP = "định dạng, cách nhau bằng dấu phẩy (mặc định html,pdf,docx)"
_DATE_HELP = "ngày ký in trên báo cáo, ngày trước tháng: 08/5/2026 (mặc định để trống)"


def _cmd_consolidate(args: argparse.Namespace) -> int:
    from .jobs.consolidate import run_consolidate, summary_lines

    result = run_consolidate(args.period, args.source, out=Path(args.out) if args.out else None,
                             formats=args.formats.split(","), report_date=args.date)  # fmt: skip
    print("\n".join(summary_lines(result)))
    return 1 if len(result.consolidation.refused) else 0  # done, but some files could not be counted


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lkdata`` command."""
    p = ArgumentParser(
        prog="lkdata",
        description="Công cụ dữ liệu và báo cáo Kế hoạch phát triển hợp tác, liên kết sản xuất "
        "và tiêu thụ sản phẩm nông nghiệp của một xã, phường (hồ sơ: data/raw/reference/ward.yaml).",
    )
    p.add_argument("--version", action="version", version=f"lkdata {__version__}", help="in số phiên bản rồi thoát")
    p.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin chi tiết")
    p.add_argument("--root", metavar="THƯ_MỤC",
                   help="thư mục dự án (chứa data/raw), để chạy từ bất kỳ đâu (mặc định: biến môi trường "
                   "LKDATA_ROOT, hoặc thư mục đang đứng và các thư mục cha)")  # fmt: skip
    sub = p.add_subparsers(dest="command", metavar="LỆNH")

    s = sub.add_parser("sample", help="tạo bộ dữ liệu mẫu (tổng hợp, không phải số liệu thật)")
    s.add_argument("--seed", metavar="SỐ", type=int, default=2026, help="hạt giống ngẫu nhiên (mặc định 2026)")
    s.add_argument("--scale", metavar="SỐ", type=int, default=300, help="số hộ sản xuất (mặc định 300)")
    s.add_argument("--out", metavar="THƯ_MỤC", required=True, help="thư mục ghi dữ liệu mẫu, ví dụ data/raw")
    s.add_argument("--force", action="store_true", help="ghi cả vào thư mục đang có dữ liệu khác")
    s.add_argument("--profile", metavar="HỒ_SƠ", help="hồ sơ xã, phường: thư mục, hoặc tên hồ sơ mẫu (README)")
    s.set_defaults(func=_cmd_sample)

    c = sub.add_parser("clean", help="đọc, làm sạch, kiểm tra dữ liệu thô; ghi bảng đã xử lý và danh sách cách ly")
    c.add_argument("--raw", metavar="THƯ_MỤC", help="thư mục dữ liệu thô (mặc định data/raw)")
    c.add_argument("--out", metavar="THƯ_MỤC", help="thư mục kết quả (mặc định data/processed)")
    c.add_argument("--force", action="store_true", help="làm sạch lại dù dữ liệu thô không thay đổi")
    c.add_argument(
        "--jobs", "-j", type=int, metavar="SỐ",
        help="số tiến trình đọc tệp song song (mặc định: một, hoặc số nhân CPU khi dữ liệu thô lớn)",
    )  # fmt: skip
    c.set_defaults(func=_cmd_clean)

    st = sub.add_parser("status", help="lịch báo cáo: hạn nộp, ngày chốt số liệu, dữ liệu đã cập nhật chưa")
    st.add_argument("--today", help=argparse.SUPPRESS)  # a day to see the calendar from, day first: 20/4/2026
    st.set_defaults(func=_cmd_status)

    ck = sub.add_parser("check", help="sẵn sàng nộp báo cáo chưa? danh sách kiểm tra, mã thoát cho lịch chạy tự động")
    ck.add_argument("period", metavar="KỲ", help=_PERIOD_HELP)
    ck.add_argument("--cutoff", metavar="NGÀY", help="ngày chốt số liệu, ngày trước tháng (mặc định: theo hạn nộp)")
    ck.add_argument("--notes", metavar="TỆP", help="tệp ghi chú của kỳ (mặc định data/raw/notes/<kỳ>.md)")
    ck.add_argument("--out", metavar="THƯ_MỤC", help="thư mục báo cáo (mặc định reports/)")
    ck.add_argument("--strict", action="store_true", help="mục cảnh báo cũng tính là chưa sẵn sàng (mã thoát 1)")
    ck.add_argument("--json", action="store_true", help="in kết quả dạng JSON (cho chương trình khác đọc)")
    ck.add_argument("--today", help=argparse.SUPPRESS)  # a day to check from, day first
    ck.set_defaults(func=_cmd_check)

    ind = sub.add_parser("indicators", help="in các chỉ tiêu của một kỳ báo cáo (ví dụ 2026-H1, 2026)")
    ind.add_argument("period", help=_PERIOD_HELP)
    ind.add_argument("--explain", metavar="MÃ", help="giải thích một chỉ tiêu (ví dụ certified_area_ha): cách tính, "
                     "các dòng được tính (mã, tệp, trang tính, dòng, giá trị) và tổng")  # fmt: skip
    ind.add_argument("--cutoff", metavar="NGÀY", help="ngày chốt số liệu, ngày trước tháng: 05/5/2026")
    ind.add_argument("--processed", metavar="THƯ_MỤC", help="thư mục dữ liệu đã xử lý (mặc định data/processed)")
    ind.add_argument("--xlsx", metavar="TỆP", help="ghi thêm bảng chỉ tiêu và định nghĩa vào tệp Excel (.xlsx)")
    ind.set_defaults(func=_cmd_indicators)

    r = sub.add_parser("report", help="lập báo cáo (HTML, PDF, Word) của một hay nhiều kỳ: chạy sổ tay báo cáo")
    r.add_argument("periods", nargs="+", metavar="KỲ", help=_PERIOD_HELP)
    r.add_argument("--out", metavar="THƯ_MỤC", help="thư mục báo cáo (mặc định reports/)")
    r.add_argument("--formats", metavar="ĐỊNH_DẠNG", default="html,pdf,docx", help=_FORMATS_HELP)
    r.add_argument("--cutoff", metavar="NGÀY", help="ngày chốt số liệu (mặc định: theo hạn nộp báo cáo)")
    r.add_argument("--notes", metavar="TỆP", help="tệp ghi chú của kỳ (mặc định data/raw/notes/<kỳ>.md)")
    r.add_argument("--date", metavar="NGÀY", help=_DATE_HELP)
    r.add_argument("--briefs", action="store_true", help="thêm tóm tắt một trang cho mọi khu phố, ấp trong danh mục")
    r.add_argument("--khu-pho", action="append", metavar="TÊN", help="chỉ tóm tắt khu phố, ấp này (lặp lại được)")
    r.add_argument("--jobs", "-j", type=int, metavar="SỐ", help="số tiến trình song song (mặc định: số nhân CPU)")
    r.add_argument("--force", action="store_true",
                   help="lập lại cả tài liệu không có gì thay đổi; lập cả kỳ chưa đến ngày chốt số liệu")  # fmt: skip
    r.add_argument("--final", action="store_true", help="bản chính thức: không ghi tài liệu còn nội dung chưa có "
                   "(mục ghi chú, chỉ tiêu), nêu từng nội dung")  # fmt: skip
    r.add_argument("-q", "--quiet", action="store_true", help="không hiện thanh tiến độ")
    r.set_defaults(func=_cmd_report)

    q = sub.add_parser("quality", help="báo cáo chất lượng dữ liệu (HTML) và tệp Excel gửi trả các dòng cần sửa")
    q.add_argument("period", nargs="?", metavar="KỲ", help="kỳ để xét mức độ đầy đủ (mặc định: kỳ hiện tại)")
    q.add_argument("--out", metavar="THƯ_MỤC", help="thư mục báo cáo (mặc định reports/; báo cáo trong quality/)")
    q.add_argument("-q", "--quiet", action="store_true", help="không hiện thanh tiến độ")
    q.set_defaults(func=_cmd_quality)

    g = sub.add_parser("consolidate", help="Sở: tổng hợp tệp trao đổi số liệu của các xã, phường thành báo cáo")
    g.add_argument("period", metavar="KỲ", help=_PERIOD_HELP)
    g.add_argument("--from", dest="source", metavar="THƯ_MỤC", required=True,
                   help="thư mục các tệp trao đổi (.json) xã, phường gửi về (mọi tên tệp, cả thư mục con)")  # fmt: skip
    g.add_argument("--out", metavar="THƯ_MỤC", help="thư mục báo cáo (mặc định reports/; báo cáo trong tong_hop/)")
    g.add_argument("--formats", metavar="ĐỊNH_DẠNG", default="html,pdf,docx", help=_FORMATS_HELP)
    g.add_argument("--date", metavar="NGÀY", help=_DATE_HELP)
    g.set_defaults(func=_cmd_consolidate)

    t = sub.add_parser("template", help="tạo mẫu nhập liệu Excel cho từng bộ dữ liệu (có danh sách chọn)")
    t.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi mẫu (mặc định reports/mau_nhap_lieu/)")
    t.set_defaults(func=_cmd_template)

    i = sub.add_parser("inventory", help="liệt kê các tệp dữ liệu thô theo bộ dữ liệu")
    i.add_argument("--raw", metavar="THƯ_MỤC", help="thư mục dữ liệu thô (mặc định data/raw)")
    i.set_defaults(func=_cmd_inventory)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # Vietnamese on a Windows console; a path that is not UTF-8 printed escaped, never a traceback
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a usage error (2)
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    before, handler = os.environ.get("LKDATA_ROOT"), None
    try:
        if args.root is not None:
            use_root(args.root)
        if args.command in ("clean", "report", "quality"):  # they read raw files: the readers' detail is logged
            from .io.journal import attach_journal

            handler = attach_journal(Path(args.out) if args.command == "clean" and args.out else
                                     Paths.default().processed)  # fmt: skip
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except KeyboardInterrupt:  # Ctrl+C: each output is the previous one or this run's, whole (written then moved)
        print(
            "\nĐã dừng theo yêu cầu (Ctrl+C). Các tệp kết quả đã có trước vẫn nguyên vẹn; chạy lại lệnh khi cần.",
            file=sys.stderr,
        )
        return 130
    except (UsageError, ReferenceDataError) as exc:  # the command, or a file the office keeps: fix it, run again
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:  # the computer refused a write: a read-only folder, a full disk
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 4
    except InternalError as exc:
        return _internal_error(exc)
    except LkdataError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # anything else is a bug in lkdata, not the user's input
        return _internal_error(exc)
    finally:  # main() may be called again in the same process (tests, a notebook): the root was this run's
        from .io.journal import detach_journal

        detach_journal(handler)
        if before is None:
            os.environ.pop("LKDATA_ROOT", None)
        else:
            os.environ["LKDATA_ROOT"] = before


def _internal_error(exc: BaseException) -> int:
    """Report a bug in lkdata itself (exit code 3); the traceback only with ``LKDATA_DEBUG=1``."""
    if os.environ.get("LKDATA_DEBUG") == "1":
        traceback.print_exception(exc, file=sys.stderr)
    print(
        f"Lỗi nội bộ của lkdata (không phải do dữ liệu hay lệnh của bạn): {type(exc).__name__}: {exc}\n"
        "Xin báo cho người phụ trách lkdata của văn phòng, kèm lệnh đã chạy và thông báo này "
        "(chạy lại với biến môi trường LKDATA_DEBUG=1 để in chi tiết lỗi).",
        file=sys.stderr,
    )
    return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
