"""The exchange files the wards and communes sent (``lkdata consolidate --from FOLDER``), read and checked
against the exchange format's JSON Schema (``lkdata/formats/trao_doi-1.schema.json``).

Every ``.json`` file under the folder is read, whatever its name; each becomes a :class:`Received`: its content
when it is an exchange file of a format version this lkdata reads, else the reason it is refused, in
Vietnamese (the file, what is wrong, where in the file). What the content means (its period, its commune,
which file of a commune is newer) is decided by :mod:`lkdata.plan.consolidate`. An Excel workbook is read too
when it holds the exchange sheet (the annex ``phu_luc_so_lieu_<period>.xlsx`` a commune may send alone, by
email): the sheet's rows become the same content (the caller says how, :func:`read_inbox`'s ``sheet``), checked
the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["FORMAT", "MAJOR", "Inbox", "Received", "read_inbox", "schema", "schema_problems"]

#: The ``format`` of an exchange file and the major version of the format this lkdata reads.
FORMAT = "lkdata-trao-doi"
MAJOR = 1
_VERSION = re.compile(r"^(\d+)\.(\d+)$")


@dataclass(frozen=True)
class Received:
    """One file of the folder: its name (relative to the folder), its content when accepted by the format,
    else why it is refused."""

    name: str
    data: dict | None = None
    reason: str | None = None


@dataclass
class Inbox:
    """What a folder holds: the JSON files read (:class:`Received`) and the other files, which are not read."""

    received: list[Received] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)


@cache
def schema() -> dict:
    """The exchange format's JSON Schema (version 1)."""
    path = Path(str(resources.files("lkdata") / "formats" / f"trao_doi-{MAJOR}.schema.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the type keyword says it
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the type keyword says it
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return stamp.tzinfo is not None and "T" in value.upper()


@cache
def _validator():
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_datetime)
    return Draft202012Validator(schema(), format_checker=checker)


_TYPES = {"string": "chữ", "number": "số", "integer": "số nguyên", "object": "bảng khóa - giá trị",
          "array": "danh sách", "null": "null (không có số liệu)", "boolean": "true/false"}  # fmt: skip


def _where(path) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(cả tệp)"


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def _problem(error) -> str:
    """One schema error in Vietnamese: the key (``indicators[3].value``) and what is wrong with it."""
    where, kind, arg, value = _where(error.absolute_path), error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [k for k in arg if isinstance(value, dict) and k not in value]
        return f"{where}: thiếu khóa {', '.join(missing)}"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {}))) if isinstance(value, dict) else []
        return f"{where}: có khóa không thuộc định dạng: {', '.join(extra)}"
    if kind == "type":
        wanted = " hoặc ".join(_TYPES.get(t, t) for t in ([arg] if isinstance(arg, str) else arg))
        return f"{where}: phải là {wanted}, đang ghi {_shown(value)}"
    if kind in ("enum", "const"):
        allowed = ", ".join(_shown(a) for a in ([arg] if kind == "const" else arg))
        return f"{where}: '{value}' không phải giá trị hợp lệ (chỉ nhận {allowed})"
    if kind == "format":
        wanted = (
            "ngày dạng năm-tháng-ngày (2026-05-05)"
            if arg == "date"
            else "thời điểm có múi giờ (2026-05-08T09:30:00+07:00)"
        )
        return f"{where}: '{value}' không phải {wanted}"
    if kind == "minLength":
        return f"{where}: để trống"
    if kind == "pattern":
        return f"{where}: '{value}' không đúng dạng"
    return f"{where}: không đúng định dạng ({kind})"


def schema_problems(data: object, limit: int = 3) -> list[str]:
    """What makes ``data`` no valid exchange file of this version, in Vietnamese (at most ``limit`` problems,
    the first ones in the file's order, then how many more); empty when it is valid."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    out = [_problem(e) for e in errors[:limit]]
    if len(errors) > limit:
        out.append(f"và {len(errors) - limit} lỗi khác")
    return out


def _check(name: str, text: str) -> Received:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Received(name, reason=f"không đọc được JSON (dòng {exc.lineno}, cột {exc.colno}: tệp hỏng hoặc "
                                     "bị cắt; xin xã, phường gửi lại tệp)")  # fmt: skip
    return _check_data(name, data)


def _check_data(name: str, data: object) -> Received:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Received(name, reason=f'không phải tệp trao đổi số liệu của lkdata (thiếu khóa format: "{FORMAT}")')
    version = str(data.get("format_version", ""))
    m = _VERSION.match(version)
    if not m:
        return Received(name, reason=f"phiên bản định dạng '{version}' không đọc được (dạng 1.0)")
    if int(m.group(1)) != MAJOR:
        why = (f"phiên bản định dạng {version}: lkdata này chỉ đọc phiên bản {MAJOR}.x; cập nhật lkdata của Sở, hoặc "
               "xin xã, phường lập lại tệp bằng phiên bản cùng loại")  # fmt: skip
        return Received(name, reason=why)
    problems = schema_problems(data)
    if problems:
        return Received(name, reason="không đúng định dạng tệp trao đổi (vị trí đếm từ 1): " + "; ".join(problems))
    return Received(name, data=data)


def _cell(value: object) -> object:
    """A cell as the exchange file writes it: empty is ``None``, a date (or date and time) ISO text."""
    if value == "" or value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else value  # a datetime is a date too


def _from_workbook(path: Path, name: str, sheet: tuple[str, Callable]) -> Received | None:
    """The exchange sheet of a workbook as a :class:`Received`; ``None`` for a workbook without one."""
    from python_calamine import CalamineWorkbook

    title, to_document = sheet
    try:
        book = CalamineWorkbook.from_path(str(path))
        if title not in book.sheet_names:
            return None
        rows = [[_cell(v) for v in row] for row in book.get_sheet_by_name(title).to_python(skip_empty_area=False)]
    except Exception as exc:  # a damaged or encrypted workbook: calamine's errors have no common base
        return Received(name, reason=f"không đọc được sổ Excel ({type(exc).__name__}: tệp hỏng hoặc có mật khẩu)")
    try:
        data = to_document(rows)
    except (ValueError, TypeError, KeyError) as exc:
        return Received(name, reason=f"trang tính “{title}” không đúng mẫu trao đổi số liệu ({exc})")
    return _check_data(f"{name} (trang “{title}”)", data)


def read_inbox(folder: Path, sheet: tuple[str, Callable] | None = None) -> Inbox:
    """Read every ``.json`` file under ``folder`` (subfolders too, any name), in name order; with ``sheet``
    (the exchange sheet's title and a function from its rows to the file's content), every Excel workbook
    (``.xlsx``) that holds that sheet too.

    A file that cannot be read, is not JSON, not an exchange file, of an unknown major version or not valid
    by the schema is a :class:`Received` with its reason; other files (the reports' PDF and Word copies, a
    workbook without the exchange sheet) are listed in :attr:`Inbox.other_files`, not read.
    """
    folder = Path(folder)
    inbox = Inbox()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.name.startswith((".", "~$")):  # hidden files, Office's lock files
            continue
        if sheet is not None and path.suffix.lower() == ".xlsx":
            got = _from_workbook(path, name, sheet)
            if got is None:
                inbox.other_files.append(name)
            else:
                inbox.received.append(got)
            continue
        if path.suffix.lower() != ".json":
            inbox.other_files.append(name)
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            inbox.received.append(Received(name, reason=f"không mở được tệp ({exc.strerror or exc})"))
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            inbox.received.append(Received(name, reason="không phải văn bản UTF-8: tệp hỏng hoặc không phải tệp JSON"))
            continue
        inbox.received.append(_check(name, text))
    return inbox
