"""Files the office edits by hand: the ward profile (``ward.yaml``), the header aliases
(``headers.yaml``), the year's targets (``targets/<year>.yaml``), and the text of any of its files
(catalogues, notes) whatever encoding the editor saved it in.

Each value is checked against what lkdata expects of it, and a file that cannot be used is refused
with a message naming the file, the key and the value, and what to write instead. YAML is read with
PyYAML's ``BaseLoader`` (every scalar as typed, as text), so that lkdata, not YAML 1.1, decides what a
value means: a date is read day first (``02/4/2026``, as everywhere in lkdata; ISO ``2026-04-02`` too),
a number the Vietnamese or the English way and refused when it reads both (``1.200``), and ``no`` or
``1:30`` stay text.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from ..config import DATASETS
from ..errors import FileReadError, LkdataError, ReferenceDataError
from ..vn.dates import date_parts, valid_date
from ..vn.numbers import readings
from ..vn.text import fold
from .text_files import decode_bytes

__all__ = ["check_headers", "check_targets", "check_ward", "read_office_text", "read_office_yaml"]

log = logging.getLogger("lkdata")

_UTF8_HINT = "lưu lại tệp với bảng mã UTF-8 (Notepad: Lưu thành... > Mã hóa: UTF-8) rồi chạy lại"


def read_office_text(path: Path, what: str, error: type[LkdataError] = ReferenceDataError) -> str:
    """The text of a file the office wrote, in UTF-8 (with or without BOM), UTF-16 or cp1258 (detected).

    An encoding other than UTF-8 is read and said (a warning); one that cannot be detected is refused.

    Raises
    ------
    error
        Naming ``what`` and the file, when it cannot be read or its encoding cannot be detected.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"Không đọc được {what} {path}: {exc.strerror or exc}") from exc
    if not data.strip():
        return ""
    try:
        text, encoding = decode_bytes(data)
    except FileReadError as exc:
        raise error(f"Không đọc được {what} {path}: {exc}; {_UTF8_HINT}") from exc
    if encoding not in ("utf-8", "utf-8-sig"):
        log.warning("%s %s được lưu bằng bảng mã %s: đã đọc được; nên lưu lại bằng UTF-8.", what[:1].upper() + what[1:],
                    path, encoding)  # fmt: skip
    return text


class _Loader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
    """Every scalar as text; a key written twice in one mapping is an error (YAML would keep the last).
    Parsed by libyaml where PyYAML has it (its wheels do): the column headers' file in 3 ms, not 19."""


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, str) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"khóa '{key}' ghi hai lần (lần đầu ở dòng {seen[key]})", key_node.start_mark
            )
        if isinstance(key, str):
            seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_office_yaml(path: Path) -> dict:
    """A YAML file of the office, as a mapping whose scalars are the text typed (``{}`` for an empty file).

    Raises
    ------
    ReferenceDataError
        For a syntax error (with its line and column), a key written twice, or a file that is no mapping.
    """
    text = read_office_text(path, "tệp")
    try:
        data = yaml.load(text, Loader=_Loader)  # BaseLoader: only str, list and dict
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        raise ReferenceDataError(
            f"Tệp {path} sai cú pháp YAML{where} ({exc.problem or exc.context}): kiểm tra dấu hai chấm, dấu ngoặc, "
            "dấu nháy và thụt lề ở dòng đó và dòng trên, rồi chạy lại"
        ) from exc
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"Tệp {path} không phải YAML đọc được ({exc}); sửa tệp rồi chạy lại") from exc
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise ReferenceDataError(
            f"Tệp {path} phải là một bảng khóa - giá trị (YAML mapping): mỗi dòng dạng 'khóa: giá trị'"
        )
    return data


# --- values ------------------------------------------------------------------------------------------


#: A key written with no value (YAML's null as typed).
_EMPTY = ("", "~", "null", "Null", "NULL")


class _Bad(Exception):
    """A value that is not what its key expects: what to write instead."""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("cần một dòng chữ (không phải danh sách hay bảng)")
    return value


def _code(value: object) -> str:
    """An official code (``"26080"``), written as text: a bare YAML number loses its leading zeros."""
    if not isinstance(value, str) or not value.strip() or len(value.split()) > 1:
        raise _Bad('cần mã đơn vị hành chính viết trong dấu ngoặc kép, một từ, ví dụ code: "26080" (giữ số 0 ở đầu)')
    return value.strip()


def _texts(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad("cần một danh sách các dòng chữ, ví dụ [ỦY BAN NHÂN DÂN, XÃ, PHƯỜNG <TÊN>]")
    return value


def _flag(value: object) -> bool:
    """A yes/no setting: ``true``/``false`` (YAML), or ``có``/``không``."""
    if isinstance(value, bool):
        return value
    text = fold(value) if isinstance(value, str) else ""
    if text in ("co", "yes", "true"):
        return True
    if text in ("khong", "no", "false"):
        return False
    raise _Bad("cần true (có) hoặc false (không)")


def _date(value: object) -> dt.date:
    parts = date_parts(value) if isinstance(value, str) else None
    day = valid_date(*parts) if parts else None
    if day is None:
        raise _Bad("không phải ngày hợp lệ: ghi ngày trước tháng, ví dụ 02/4/2026 (hoặc 2026-04-02)")
    return day


_DAY_MONTH_RE = re.compile(r"^(\d{1,2})\s*[/.]\s*(\d{1,2})$")
_DAY_MONTH_WORDS_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})$")


def _month_day(value: object) -> str:
    """A day of the year, day first (``10/5``, ``ngày 10 tháng 5``), as the ``MM-DD`` periods read."""
    text = value.strip() if isinstance(value, str) else ""
    m = _DAY_MONTH_RE.match(text) or _DAY_MONTH_WORDS_RE.match(fold(text))
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        if valid_date(2000, month, day):  # a leap year: 29/2 is a day of some years
            return f"{month:02d}-{day:02d}"
    hint = " (dấu '-' đọc được hai kiểu: ngày-tháng hay tháng-ngày)" if "-" in text else ""
    raise _Bad(f"không phải ngày/tháng hợp lệ{hint}: ghi ngày trước tháng với dấu '/', ví dụ \"10/5\" (10 tháng 5)")


def _number(value: object) -> float:
    """A number typed either way, refused when it reads two ways (``1.200``)."""
    text = "".join(value.split()) if isinstance(value, str) else ""
    vi, en = readings(text) if re.fullmatch(r"[\d.,]+", text) else (None, None)
    if vi is not None and en is not None and vi != en:
        vi_text, en_text = (f"{x:g}".replace(".", ",") for x in (vi, en))
        raise _Bad(
            f"đọc được hai cách ({vi_text} hay {en_text}): ghi không có dấu phân cách hàng nghìn, ví dụ {vi:.0f}"
        )
    number = vi if vi is not None else en
    if number is None or not math.isfinite(number):
        raise _Bad("không phải số không âm (ví dụ 8, 600 hoặc 0,5; không ghi đơn vị)")
    return number


def _days(value: object) -> int:
    try:
        number = _number(value)
    except _Bad:
        number = math.nan
    if not (number == int(number) if math.isfinite(number) else False) or number > 180:
        raise _Bad("cần số ngày, nguyên, từ 0 đến 180 (ví dụ 5)")
    return int(number)


def _factors(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise _Bad("cần một bảng đơn vị: số ha của một đơn vị, ví dụ 'sào: 0,1'")
    out = {}
    for unit, factor in value.items():
        number = _check(factor, _number, f"area_units.{unit}")
        if number <= 0:
            raise _Bad(f"đơn vị {unit}: cần số ha lớn hơn 0, không phải '{factor}'")
        out[_text(unit)] = number
    return out


#: What each key of ``ward.yaml`` holds (a nested dict: a mapping of those keys).
WARD_KEYS: dict = {
    "ward": _text,
    "ward_kind": _text,
    "sub_unit": _text,
    "sub_unit_short": _text,
    "province": _text,
    "code": _code,
    "issuing_body": _texts,
    "place": _text,
    "plan": {"number": _text, "date": _date, "title": _text},
    "office": _text,
    "report_number": _text,
    "signer": {"authority": _text, "title": _text, "name": _text},
    "recipients": _texts,
    "due": {"semiannual": _month_day, "annual": _month_day},
    "cutoff_margin_days": _days,
    "area_units": _factors,
    "so_dem_hai_chu_so": _flag,
}


class _Where(Exception):
    """A :class:`_Bad` value with the key it was found under."""

    def __init__(self, key: str, value: object, why: str) -> None:
        super().__init__(why)
        self.key, self.value, self.why = key, value, why


def _check(value: object, kind: Callable | dict, key: str, path: Path | None = None):
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            raise _Where(key, value, f"cần một bảng khóa - giá trị ({', '.join(kind)})")
        return _section(value, kind, path, key)
    try:
        return kind(value)
    except _Bad as exc:
        raise _Where(key, value, str(exc)) from None


def _section(data: dict, spec: dict, path: Path | None, prefix: str = "") -> dict:
    out: dict = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if key not in spec:
            log.warning("Tệp %s: khóa %s không phải khóa lkdata dùng (%s), bỏ qua; nếu gõ nhầm tên, sửa lại", path,
                        name, ", ".join(spec))  # fmt: skip
            out[key] = value
        elif spec[key] is not _text and value in _EMPTY:
            continue  # written with no value: as if not written (a blank text stays blank)
        else:
            out[key] = _check(value, spec[key], name, path)
    return out


def _shown(value: object) -> str:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):  # not YAML's "1\n..."
        value = "" if value is None else str(value)
    text = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True, default_flow_style=True)
    text = str(text).strip()
    return text if len(text) <= 80 else text[:79] + "…"


def check_ward(data: dict, path: Path) -> dict:
    """The ward profile, each value read as what it is (a date day first, a number, a list of lines).

    Raises
    ------
    ReferenceDataError
        Naming the file, the key (``plan.date``) and the value, with what to write instead.
    """
    try:
        return _section(data, WARD_KEYS, path)
    except _Where as exc:
        raise ReferenceDataError(f"Tệp {path}, khóa {exc.key}: '{_shown(exc.value)}' {exc.why}") from None


def check_headers(data: dict, path: Path, default: dict, fields: dict[str, set[str]]) -> dict[str, dict[str, list]]:
    """The header aliases of each dataset's fields: a non-empty list of header texts per field.

    A dataset or field the office's file leaves out keeps the package's aliases (and a warning says so);
    a dataset or field lkdata does not have is refused (a misspelt key would otherwise be ignored).

    Raises
    ------
    ReferenceDataError
        Naming the file, the dataset and field, and what to write.
    """
    from rapidfuzz import process

    def unknown(name: str, known: list[str], where: str, what: str) -> ReferenceDataError:
        close = process.extractOne(str(name), known, score_cutoff=60)
        hint = f"có phải '{close[0]}'?" if close else f"có: {', '.join(known)}"
        return ReferenceDataError(f"Tệp {path}{where}: không có {what} '{name}' ({hint}); sửa tên rồi chạy lại")

    out: dict[str, dict[str, list]] = {}
    for dataset in data:
        if dataset not in DATASETS:
            raise unknown(dataset, list(DATASETS), "", "bộ dữ liệu")
    for dataset in DATASETS:
        section = data.get(dataset)
        if section is None or section in _EMPTY:
            log.warning("Tệp %s không có bộ dữ liệu %s: dùng tên cột mặc định của lkdata cho bộ này", path, dataset)
            out[dataset] = default[dataset]
            continue
        if not isinstance(section, dict):
            raise ReferenceDataError(
                f"Tệp {path}, bộ dữ liệu {dataset}: cần một bảng 'trường: [tên cột, ...]', "
                f"không phải '{_shown(section)}'"
            )
        known = sorted(fields[dataset])
        for fld, aliases in section.items():
            if fld not in fields[dataset]:
                raise unknown(fld, known, f", bộ dữ liệu {dataset}", "trường")
            if not (isinstance(aliases, list) and aliases and all(isinstance(a, str) and a.strip() for a in aliases)):
                raise ReferenceDataError(
                    f"Tệp {path}, {dataset}.{fld}: '{_shown(aliases)}' không phải danh sách tên cột: ghi trong dấu "
                    "ngoặc vuông, cách nhau bằng dấu phẩy, ví dụ [Họ và tên chủ hộ, Họ tên]"
                )
        missing = [f for f in known if f not in section]
        if missing:
            log.warning("Tệp %s thiếu trường %s của bộ dữ liệu %s: dùng tên cột mặc định của lkdata", path,
                        ", ".join(missing), dataset)  # fmt: skip
        out[dataset] = {f: section[f] if f in section else default[dataset][f] for f in default[dataset]}
        out[dataset] |= {f: section[f] for f in section if f not in out[dataset]}
    return out


def check_targets(data: dict, path: Path, ids: set[str]) -> dict[str, float]:
    """The year's targets: indicator id -> a number, zero or more (a key with no value sets no target).

    Raises
    ------
    ReferenceDataError
        For an indicator the plan does not have, or a target that is no number (``abc``, ``600 ha``,
        ``-5``, ``.inf``) or reads two ways (``1.200``), naming the file, the indicator and the value.
    """
    if unknown := [str(k) for k in data if str(k) not in ids]:
        from rapidfuzz import process

        named = ", ".join(f"'{k}' (gần nhất: {process.extractOne(k, sorted(ids))[0]})" for k in unknown)
        raise ReferenceDataError(
            f"Tệp chỉ tiêu {path} có mã chỉ tiêu không có trong kế hoạch (indicators.csv): {named}"
        )
    out = {}
    for key, value in data.items():
        if value in _EMPTY:
            continue
        try:
            out[key] = _number(value)
        except _Bad as exc:
            raise ReferenceDataError(f"Tệp chỉ tiêu {path}, chỉ tiêu {key}: '{_shown(value)}' {exc}") from None
    return out
