"""What each ``lkdata`` command does (:mod:`lkdata.cli` builds the parser and runs them): each takes the parsed
arguments and returns the exit code. Messages are for the ward's analysts, in Vietnamese."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from ..config import DATASET_LABELS, DATASETS, Paths, outside_raw
from ..errors import UsageError


def _cmd_sample(args: argparse.Namespace) -> int:
    from ..sample.builder import TRUTH_FILE, generate_sample

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
    from ..io.discover import discover, shown_path

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
    from ..io.store import project_lock

    collecting = gc.isenabled()
    gc.disable()  # the clean's modules load ~170,000 objects that live as long as the process: no garbage
    try:  # to look for among them (0.1-0.3 s of every clean, before its workers can start)
        from ..jobs.clean_run import run_clean
    finally:
        if collecting:
            gc.enable()

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
            from ..io.freshness import stale_reason
            from ..io.store import read_manifest, remove_stale_temporaries

            if out.is_dir() and stale_reason(raw, out) is None:
                remove_stale_temporaries(out)
                from ..jobs.summaries import when

                created = when((read_manifest(out) or {}).get("created"))
                print(f"Dữ liệu đã xử lý khớp với dữ liệu thô và danh mục (làm sạch lúc {created}): bỏ qua.")
                print("Dùng 'lkdata clean --force' để làm sạch lại.")
                from ..io.discover import discover

                _print_skipped(discover(raw).skipped)
                return 0
        run = run_clean(raw, out, jobs=args.jobs)
    m = run.manifest
    from ..jobs.summaries import clean_table

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

    from ..io.freshness import stale_reason
    from ..io.reference import load_reference
    from ..io.store import read_manifest
    from ..plan.periods import parse_day, parse_period
    from ..vn.fmt import fmt_date

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
            from ..jobs.summaries import rendered_text

            made = rendered_text(paths, key)
            print(f"  {name + ' ' + str(year):<32}{key:<10}{fmt_date(p.cutoff):>14}{fmt_date(p.due):>12}{when:>14}  "
                  f"{made}")  # fmt: skip
            shown += 1
    reason = stale_reason(paths.raw, paths.processed)
    if reason is None:
        from ..jobs.summaries import when

        created = when((read_manifest(paths.processed) or {}).get("created"))
        print(f"Dữ liệu đã xử lý khớp với dữ liệu thô (làm sạch lúc {created}).")
    else:
        print(f"Dữ liệu đã xử lý cần làm mới: {reason}. Chạy 'lkdata clean' (hoặc 'lkdata report', tự làm sạch trước).")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from ..io.reference import load_reference
    from ..jobs.check import Context, exit_code, format_checklist, run_checks
    from ..plan.periods import parse_day, parse_period

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
    from ..jobs.indicator_views import indicators_command

    return indicators_command(args.period, cutoff=args.cutoff, processed=args.processed, explain_id=args.explain,
                              xlsx=args.xlsx)  # fmt: skip


def _cmd_report(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..jobs.kernels import KernelPool, kernel_for_notebook
    from ..jobs.report_jobs import NOTEBOOK, find_notebook

    paths = Paths.default()
    with KernelPool() as kernels:
        if args.force and _one_document(args):  # it will be made: its kernel starts first, while the command prepares
            try:
                kernels.warm(*kernel_for_notebook(find_notebook(paths, NOTEBOOK)))
            except UsageError:  # no notebook: plan_reports says so
                pass
        return _report(args, paths, kernels)


def _one_document(args: argparse.Namespace) -> bool:
    """Whether the command makes one document, in this process (one period, no briefs nor unit summaries, no
    Dask)."""
    many = args.briefs or args.khu_pho or args.units or len(set(args.periods)) != 1
    return not many and args.jobs != "dask" and not args.scheduler


def _report(args: argparse.Namespace, paths: Paths, kernels) -> int:
    import datetime as dt

    from ..io.store import project_lock
    from ..jobs.reports import plan_reports, run_reports
    from ..vn.fmt import fmt_date

    options = {
        "out": Path(args.out) if args.out else None,
        "formats": args.formats.split(","),
        "cutoff": args.cutoff,
        "notes": args.notes,
        "report_date": args.date,
        "briefs": args.briefs,
        "units": args.units,
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
                              force=args.force, scheduler=args.scheduler, kernels=kernels, **options)  # fmt: skip
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
        from ..jobs.summaries import quality_lines

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
    from ..io.store import project_lock
    from ..jobs.reports import run_quality

    paths = Paths.default()
    if args.out:
        outside_raw(Path(args.out), paths.raw, "--out")
    with project_lock(paths.processed, say=print):
        result, workbooks = run_quality(args.period, paths=paths, out=Path(args.out) if args.out else None, say=print,
                                        progress=_progress(args))  # fmt: skip
    print()
    if not result.ok:
        print(f"LỖI  {result.job.title}: {result.error}", file=sys.stderr)
        return 1
    html = next(f for f in result.outputs if f.suffix == ".html")
    print(f"XONG  {result.job.title}: {html}")
    print(f"Tệp gửi trả các dòng cần sửa ({len(workbooks)} tệp, chỉ dùng nội bộ): {paths.processed / 'tra_lai'}")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from ..io.reference import load_plan, load_reference, load_units
    from ..io.templates import TEMPLATE_NAMES, write_templates

    paths = Paths.default()
    out = Path(args.out) if args.out else paths.reports / "mau_nhap_lieu"
    outside_raw(out, paths.raw, "--out")
    from ..io.store import write_text
    from ..report.notes import notes_template

    ref = load_reference(paths.reference)
    files = write_templates(out, ref, units=load_units(paths.reference))
    write_text(
        notes_template(places=ref.places, tasks=load_plan(paths.reference, ref).task_keys), out / "ghi_chu_mau.md"
    )
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


def _cmd_consolidate(args: argparse.Namespace) -> int:
    from ..jobs.consolidate import run_consolidate, summary_lines

    result = run_consolidate(args.period, args.source, out=Path(args.out) if args.out else None,
                             formats=args.formats.split(","), report_date=args.date, final=args.final)  # fmt: skip
    if result.error:  # --final and a draft: nothing written
        print(f"LỖI  báo cáo tổng hợp: {result.error}", file=sys.stderr)
        return 1
    print("\n".join(summary_lines(result)))
    return 1 if len(result.consolidation.refused) else 0  # done, but some files could not be counted
