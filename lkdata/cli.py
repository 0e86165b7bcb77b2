"""The ``lkdata`` command. Messages are for the ward's analysts, in Vietnamese.

Exit codes: 0 done; 1 done, but some input could not be read; 2 usage error or missing folder.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .config import DATASETS, Paths
from .errors import LkdataError, UsageError

log = logging.getLogger("lkdata")


def _cmd_sample(args: argparse.Namespace) -> int:
    from .sample import TRUTH_FILE, generate_sample

    out = Path(args.out)
    existing = [f for d in DATASETS if (out / d).is_dir() for f in (out / d).iterdir() if f.is_file()]
    if existing and not (out / TRUTH_FILE).exists() and not args.force:
        raise UsageError(
            f"Thư mục {out} đã có dữ liệu không phải dữ liệu mẫu ({len(existing)} tệp). "
            "Không ghi đè; chọn thư mục khác hoặc thêm --force."
        )
    truth = generate_sample(out, seed=args.seed, scale=args.scale)
    n_files = len(truth["files"])
    households = f"{args.scale:,}".replace(",", ".")
    print(
        f"Đã tạo dữ liệu mẫu trong {out}: {households} hộ sản xuất, {n_files} tệp (sự thật đã cài: {out / TRUTH_FILE})."
    )
    return 0


def _cmd_inventory(args: argparse.Namespace) -> int:
    raw = Path(args.raw) if args.raw else Paths.default().raw
    if not raw.is_dir():
        raise UsageError(f"Không tìm thấy thư mục dữ liệu thô: {raw}")
    print(f"Dữ liệu thô trong {raw}:")
    total = 0
    for d in DATASETS:
        files = sorted(f for f in (raw / d).glob("*") if f.suffix.lower() in (".xlsx", ".xls", ".csv"))
        total += len(files)
        print(f"  {d:<13} {len(files):>3} tệp")
        for f in files:
            print(f"      {f.name}  ({f.stat().st_size / 1024:.0f} KB)")
    if total == 0:
        print("  (chưa có tệp nào)")
    return 0


def _summary_table(manifest: dict) -> str:
    head = ("Bộ dữ liệu", "Tệp", "Dòng vào", "Hợp lệ", "Cách ly", "Trùng", "Bỏ qua", "Trạng thái")
    rows = []
    for dataset, d in manifest["datasets"].items():
        for f in d["files"]:
            status = "lỗi" if f["status"] == "failed" else "đã đọc"
            rows.append(
                (
                    dataset,
                    f["path"].split("/", 1)[1],
                    f["rows_in"],
                    f["clean"],
                    f["quarantined"],
                    f["duplicates"],
                    f["skipped"],
                    status,
                )
            )
        rows.append((dataset, "(cộng)", d["rows_in"], d["clean"], d["quarantined"], d["duplicates"], d["skipped"], ""))
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" if i < 2 or i == 7 else f"{{:>{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*head), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*(str(c) for c in r)) for r in rows]
    return "\n".join(lines)


def _cmd_clean(args: argparse.Namespace) -> int:
    from .pipeline import run_clean

    paths = Paths.default()
    raw = Path(args.raw) if args.raw else paths.raw
    out = Path(args.out) if args.out else paths.processed
    run = run_clean(raw, out)
    m = run.manifest
    print(_summary_table(m))
    print()
    for d in m["datasets"].values():
        for f in d["files"]:
            if f["error"]:
                print(f"LỖI  {f['path']}: {f['error']}")
            for s in f["sheets"]:
                where = f"{f['path']}" + (f" / trang '{s['name']}'" if s["name"] else "")
                if s["error"]:
                    print(f"LỖI  {where}: {s['error']}")
                if s["unmapped_columns"]:
                    print(f"Chú ý  {where}: cột không nhận ra (không dùng): {', '.join(s['unmapped_columns'])}")
            for note in f["notes"]:
                print(f"Chú ý  {f['path']}: {note}")
    print(f"Tham chiếu chưa khớp: {m['unresolved_references']}; nghi trùng cần xem: {m['probable_duplicates']}")
    print(f"Kết quả ghi vào {out} (cách ly: {out / 'quarantine'}, cần xem: {out / 'review'})")
    failed = run.failed_files
    if failed:
        print(f"{len(failed)} tệp không đọc được; các tệp khác vẫn được xử lý.", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lkdata`` command."""
    p = argparse.ArgumentParser(
        prog="lkdata",
        description="Công cụ dữ liệu và báo cáo Kế hoạch phát triển hợp tác, liên kết sản xuất "
        "và tiêu thụ sản phẩm nông nghiệp - phường Long Khánh.",
    )
    p.add_argument("--version", action="version", version=f"lkdata {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin chi tiết")
    sub = p.add_subparsers(dest="command", metavar="LỆNH")

    s = sub.add_parser("sample", help="tạo bộ dữ liệu mẫu (tổng hợp, không phải số liệu thật)")
    s.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên (mặc định 2026)")
    s.add_argument("--scale", type=int, default=300, help="số hộ sản xuất (mặc định 300)")
    s.add_argument("--out", required=True, help="thư mục ghi dữ liệu mẫu, ví dụ data/raw")
    s.add_argument("--force", action="store_true", help="ghi cả vào thư mục đang có dữ liệu khác")
    s.set_defaults(func=_cmd_sample)

    c = sub.add_parser("clean", help="đọc, làm sạch, kiểm tra dữ liệu thô; ghi bảng đã xử lý và danh sách cách ly")
    c.add_argument("--raw", help="thư mục dữ liệu thô (mặc định data/raw)")
    c.add_argument("--out", help="thư mục kết quả (mặc định data/processed)")
    c.set_defaults(func=_cmd_clean)

    i = sub.add_parser("inventory", help="liệt kê các tệp dữ liệu thô theo bộ dữ liệu")
    i.add_argument("--raw", help="thư mục dữ liệu thô (mặc định data/raw)")
    i.set_defaults(func=_cmd_inventory)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Vietnamese on a Windows console
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a usage error (2)
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except LkdataError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
