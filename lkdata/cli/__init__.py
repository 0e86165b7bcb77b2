"""The ``lkdata`` command. Messages are for the ward's analysts, in Vietnamese.

Exit codes: 0 done (``check``: ready to submit); 1 done, but some input could not be read (``report``: a raw
file was not read, so the report lacks its data; ``check``: not ready); 2 usage error, missing folder, or a file
or setting the office keeps (catalogues, ward profile, targets, notes, an environment variable) that
cannot be used; 3 internal error (a bug in lkdata itself, never the user's input); 4 an output could not be
written (read-only folder, full disk, no permission).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..config import Paths, use_root
from ..errors import InternalError, LkdataError, OutputError, ReferenceDataError, UsageError
from ..vn.argparse_vi import ArgumentParser
from .commands import (
    _cmd_check,
    _cmd_clean,
    _cmd_consolidate,
    _cmd_indicators,
    _cmd_inventory,
    _cmd_quality,
    _cmd_report,
    _cmd_sample,
    _cmd_status,
    _cmd_template,
)

log = logging.getLogger("lkdata")

_PERIOD_HELP = "kỳ báo cáo: 2026-H1, 2026-H2, 2026 hoặc 2026-01-01:2026-03-31"
_FORMATS_HELP = "định dạng, cách nhau bằng dấu phẩy (mặc định html,pdf,docx)"
_DATE_HELP = "ngày ký in trên báo cáo, ngày trước tháng: 08/5/2026 (mặc định để trống)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lkdata`` command."""
    from ..jobs.cluster import jobs_option  # a number of processes, or dask

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
    r.add_argument("--units", action="store_true", help="lập thêm tóm tắt một trang cho mọi cơ quan, đơn vị")
    r.add_argument("--khu-pho", action="append", metavar="TÊN", help="chỉ tóm tắt khu phố, ấp này (lặp lại được)")
    r.add_argument("--jobs", "-j", type=jobs_option, metavar="SỐ|dask",
                   help="số tiến trình song song (mặc định: số nhân CPU); dask: chạy trên cụm Dask "
                   "(LocalCluster trên máy này)")  # fmt: skip
    r.add_argument("--scheduler", metavar="ĐỊA_CHỈ",
                   help="chạy trên cụm Dask đang có, theo địa chỉ bộ lập lịch, ví dụ tcp://may-chu:8786")  # fmt: skip
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
    g.add_argument("--final", action="store_true", help="bản chính thức: không ghi báo cáo còn nội dung chưa có "
                   "(họ và tên người ký), nêu từng nội dung")  # fmt: skip
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
            from ..io.journal import attach_journal

            handler = attach_journal(Path(args.out) if args.command == "clean" and args.out else
                                     Paths.default().processed)  # fmt: skip
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except KeyboardInterrupt:  # Ctrl+C: each output is the previous one or this run's, whole (written then moved)
        print("\nĐã dừng theo yêu cầu (Ctrl+C). Các tệp kết quả đã có trước vẫn nguyên vẹn; chạy lại lệnh khi cần.",
              file=sys.stderr)  # fmt: skip
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
        from ..io.journal import detach_journal

        detach_journal(handler)
        if before is None:
            os.environ.pop("LKDATA_ROOT", None)
        else:
            os.environ["LKDATA_ROOT"] = before


def run(argv: list[str] | None = None) -> NoReturn:
    """The ``lkdata`` program (its console script, and ``python -m lkdata.cli``): :func:`main`, then exit
    with its code.

    What is still alive is frozen first (:func:`gc.freeze`): the interpreter's last collections would go
    through all of it (pandas, pyarrow, pandera and pydantic leave ~100,000 objects), a quarter of a second
    at every exit, measured, for memory the process gives back as it ends. Outputs are whole by then
    (written in ``with`` blocks and moved into place), and the log is flushed by :func:`logging.shutdown`
    at exit, which freezing does not change."""
    code = main(argv)
    gc.freeze()
    sys.exit(code)


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
