"""Which raw files a clean reads, and every other file under the raw folder with the reason it is not read.

One function decides (:func:`discover`); ``lkdata clean``, the freshness check and ``lkdata inventory``
all use it, so the inventory lists exactly what a clean reads and names everything it leaves aside.

- A dataset's files are the spreadsheets and text exports in ``raw/<dataset>/`` and in its subfolders.
- Symbolic links are followed only inside the raw folder: a link that points out of it (to
  ``/etc/passwd``, to another disk) is never read, and is named with its target; a link inside is read
  as the file it points to (its copy is then noted as such by the clean, like any file sent twice).
- Nothing is passed over without a word: Excel's and LibreOffice's lock files, hidden files and
  folders, archives, files with no or another extension, and files outside any dataset's folder
  are each named with the reason.
- A file name that is not valid UTF-8 (a ``.zip`` made on Windows and unpacked on Linux) is read all
  the same and shown readably: its bytes decoded as Windows' Vietnamese code page (cp1258).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DATASETS, SAMPLE_TRUTH_FILE

__all__ = [
    "EXTENSIONS",
    "TEXT_EXTENSIONS",
    "Discovery",
    "Found",
    "Skipped",
    "discover",
    "shown_name",
    "shown_path",
]

#: Text files (CSV, tab-separated); the others are workbooks, whose cells are typed.
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
#: What a clean reads (python-calamine reads every workbook format here, ``.xlsb`` included).
EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", *TEXT_EXTENSIONS)
#: What else lives in the raw folder beside the datasets' folders, read by other commands.
OTHER_INPUTS = ("reference", "notes", SAMPLE_TRUTH_FILE)

_ARCHIVES = (".zip", ".rar", ".7z", ".gz", ".tar", ".tgz")
_TEMPLATES = (".xltx", ".xltm", ".xlt", ".ots")
_NOT_UTF8 = (
    "Tên tệp không đúng mã UTF-8 (thường do giải nén tệp .zip làm trên Windows); lkdata vẫn đọc tệp và ghi "
    "tên theo bảng mã Windows cp1258 là “{shown}”. Nên đổi tên tệp cho đúng."
)
_CONTROL_NAME = (
    "Tên tệp có ký tự điều khiển (xuống dòng, tab, ký tự đổi chiều chữ ...); lkdata vẫn đọc tệp và ghi tên là "
    "“{shown}”. Nên đổi tên tệp."
)


@dataclass(frozen=True)
class Found:
    """A raw file a clean reads."""

    dataset: str
    path: Path  # as on disk (a name that is not UTF-8 keeps its bytes as surrogate escapes)
    rel: str  # ``producers/kp1/ds.xlsx``: how messages, tables and the manifest name it (always valid text)
    size: int
    notes: tuple[str, ...] = ()

    @property
    def is_text(self) -> bool:
        """A text export (CSV, TSV), whose cells are text; the others are workbooks, whose cells are typed."""
        return self.path.suffix.lower() in TEXT_EXTENSIONS


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) under the raw folder that a clean does not read, and why."""

    rel: str
    reason: str
    dataset: str | None = None  # the dataset folder it lies in, if any

    def as_dict(self) -> dict:
        """As the manifest stores it."""
        return {"path": self.rel, "dataset": self.dataset, "reason": self.reason}


@dataclass
class Discovery:
    """What :func:`discover` found: the files of each dataset, in a stable order, and what it left aside."""

    files: dict[str, list[Found]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def paths(self, dataset: str) -> list[Path]:
        """The paths of a dataset's files."""
        return [f.path for f in self.files.get(dataset, [])]


#: Characters a file name may hold (Linux allows any but ``/``) that would break a line of the summary,
#: drive the terminal that prints it (an escape), or show the name reversed (direction overrides).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def _escape_controls(name: str) -> str:
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def shown_name(name: str) -> str:
    """A file or folder name as text that can be printed and stored: itself when it is valid UTF-8,
    else its bytes read as cp1258 (Windows' Vietnamese code page), a byte that has no character there
    written as ``\\xNN``; a control or direction character written as its escape (``\\n``, ``\\x1b``,
    ``\\u202e``)."""
    try:
        name.encode("utf-8")
        return _escape_controls(name)
    except UnicodeEncodeError:
        pass
    data = os.fsencode(name)
    try:
        return _escape_controls(unicodedata.normalize("NFC", data.decode("cp1258")))
    except UnicodeDecodeError:
        return _escape_controls(data.decode("utf-8", "backslashreplace"))


def shown_path(path: Path | str) -> str:
    """A path as text that can be printed and stored (see :func:`shown_name`)."""
    text = str(path)
    return text if _is_text(text) and not _CONTROLS.search(text) else os.sep.join(map(shown_name, text.split(os.sep)))


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Walk:
    """One walk of the raw folder, keeping the names it has given (two byte names never share one)."""

    def __init__(self, raw: Path) -> None:
        self.raw = raw
        self.root = os.path.realpath(raw)
        self.out = Discovery(files={d: [] for d in DATASETS})
        self.used: set[str] = set()
        self.seen_dirs: set[str] = set()

    def names(self, parent: str, entries: list[os.DirEntry]) -> dict[str, tuple[str, tuple[str, ...]]]:
        """The name each entry of a folder is given (``parent``: the folder as shown), and the note its name
        needs: a valid name is itself; one that is not UTF-8 is read as cp1258, else its bytes escaped, else
        numbered, never taking a name another file has."""
        out = {}
        for entry in sorted(entries, key=lambda e: not _is_text(e.name)):  # valid names first: they keep theirs
            name = entry.name
            escaped = _escape_controls(os.fsencode(name).decode("utf-8", "backslashreplace"))
            for n, shown in enumerate((shown_name(name), escaped), start=1):
                rel = f"{parent}/{shown}" if parent else shown
                if rel not in self.used or n == 2:
                    break
            while rel in self.used:
                n += 1
                shown = f"{escaped} ({n})"
                rel = f"{parent}/{shown}" if parent else shown
            self.used.add(rel)
            note = _NOT_UTF8 if not _is_text(name) else _CONTROL_NAME
            out[name] = (rel, () if shown == name else (note.format(shown=shown),))
        return out

    def skip(self, rel: str, reason: str, dataset: str | None) -> None:
        self.out.skipped.append(Skipped(rel, reason, dataset))

    def follow(self, entry: os.DirEntry, rel: str, dataset: str | None) -> os.stat_result | None:
        """The status of what an entry is (a link: of its target, if that lies inside the raw folder)."""
        try:
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not _inside(target, self.root):
                    self.skip(rel, f"liên kết (symlink) trỏ ra ngoài thư mục dữ liệu thô, tới {shown_path(target)}: "
                                   "không đọc; nếu cần tệp đó, chép nó vào thư mục này", dataset)  # fmt: skip
                    return None
            return os.stat(entry.path)
        except FileNotFoundError:
            self.skip(rel, "liên kết hỏng (tệp nó trỏ tới không còn)", dataset)
        except OSError as exc:
            self.skip(rel, f"không mở được: {exc.strerror or exc}", dataset)
        return None

    def folder(self, path: str, parent: str, dataset: str) -> None:
        """Every file of a dataset's folder and its subfolders."""
        real = os.path.realpath(path)
        if real in self.seen_dirs:  # a link back to a folder already walked
            self.skip(parent, "thư mục đã được đọc ở chỗ khác (liên kết vòng lại): không đọc lại", dataset)
            return
        self.seen_dirs.add(real)
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.skip(parent, f"không mở được thư mục: {exc.strerror or exc}", dataset)
            return
        names = self.names(parent, entries)
        for entry in entries:
            rel, notes = names[entry.name]
            if entry.name.startswith("."):
                self.skip(rel, _hidden_reason(entry), dataset)
                continue
            st = self.follow(entry, rel, dataset)
            if st is None:
                continue
            if stat.S_ISDIR(st.st_mode):
                self.folder(entry.path, rel, dataset)
            elif not stat.S_ISREG(st.st_mode):
                self.skip(rel, "không phải tệp thường (thiết bị, ống dẫn hay socket): không đọc", dataset)
            elif reason := _not_read_reason(entry.name, entry.path):
                self.skip(rel, reason, dataset)
            else:
                self.out.files[dataset].append(Found(dataset, Path(entry.path), rel, st.st_size, notes))

    def top(self) -> None:
        """The raw folder itself: the datasets' folders, and what lies beside them."""
        try:
            with os.scandir(self.raw) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        self.seen_dirs.add(self.root)
        names = self.names("", entries)
        for entry in entries:
            rel, _ = names[entry.name]
            if entry.name in OTHER_INPUTS:
                continue
            if entry.name in DATASETS:
                st = self.follow(entry, rel, entry.name)
                if st is not None and stat.S_ISDIR(st.st_mode):
                    self.folder(entry.path, rel, entry.name)
                elif st is not None:
                    self.skip(rel, f"'{entry.name}' phải là thư mục chứa các tệp của bộ dữ liệu, không phải một tệp",
                              None)  # fmt: skip
                continue
            if entry.name.startswith("."):
                self.skip(rel, _hidden_reason(entry), None)
                continue
            kind = "thư mục" if entry.is_dir() else "tệp"
            self.skip(rel, f"{kind} nằm ngoài thư mục của các bộ dữ liệu ({', '.join(DATASETS)}): không đọc; "
                           "chuyển vào thư mục của bộ dữ liệu đúng", None)  # fmt: skip


def _hidden_reason(entry: os.DirEntry) -> str:
    name = entry.name
    if name.startswith(".~lock."):
        return "tệp khóa tạm của LibreOffice (có người đang mở tệp gốc): không đọc"
    if name.startswith("._"):
        return "tệp phụ do máy Mac tạo khi chép ra USB, không có dữ liệu: không đọc"
    try:
        folder = entry.is_dir(follow_symlinks=False)
    except OSError:
        folder = False
    if folder:
        return "thư mục ẩn (tên bắt đầu bằng dấu chấm): không đọc các tệp trong đó"
    return "tệp ẩn (tên bắt đầu bằng dấu chấm): không đọc; nếu là dữ liệu, đổi tên bỏ dấu chấm ở đầu"


def _not_read_reason(name: str, path: str) -> str | None:
    """Why a regular file of a dataset's folder is not read, or ``None`` when it is."""
    suffix = os.path.splitext(name)[1].lower()
    if name.startswith("~$"):
        return "tệp khóa tạm của Excel (có người đang mở tệp gốc; đóng Excel thì tệp tự mất): không đọc"
    if suffix in EXTENSIONS:
        return None
    if suffix in _ARCHIVES:
        return f"tệp nén ({suffix}): không đọc; giải nén vào thư mục này để lkdata đọc các tệp bên trong"
    if suffix in _TEMPLATES:
        return f"tệp mẫu của Excel ({suffix}): không đọc; mở và lưu thành .xlsx"
    if not suffix:
        looks = _looks_like(path)
        return f"tệp không có phần mở rộng{looks}: không đọc; đổi tên thêm .xlsx, .xls hay .csv cho đúng loại"
    return f"không phải bảng tính hay tệp CSV ({suffix}): không đọc"


def _looks_like(path: str) -> str:
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return ""
    if head.startswith(b"PK\x03\x04"):
        return " (nội dung giống tệp Excel .xlsx)"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return " (nội dung giống tệp Excel cũ .xls)"
    if head and b"\x00" not in head:
        return " (nội dung là văn bản, có thể là CSV)"
    return ""


def discover(raw: Path) -> Discovery:
    """The files a clean reads, per dataset, and every other file under ``raw`` with the reason it is not.

    Never raises on what it finds (an unreadable folder is named among the skipped).
    """
    walk = _Walk(Path(raw))
    if Path(raw).is_dir():
        walk.top()
    for files in walk.out.files.values():
        files.sort(key=lambda f: f.rel)
    return walk.out
