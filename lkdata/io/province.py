"""The Department's reference data for ``lkdata consolidate``: its profile (``department.yaml``), the province's
wards and communes with their official codes (``communes.csv``) and the shares it recomputes from their parts
(``ratios.csv``). Defaults ship in ``lkdata/reference/``; a file of the same name under ``data/raw/reference/``
replaces the default one as a whole, as for every other reference file.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import ReferenceDataError
from .office_files import check_ward, read_office_text, read_office_yaml

__all__ = ["PROVINCE_FILES", "load_communes", "load_department", "load_ratios"]

PROVINCE_FILES = ("department.yaml", "communes.csv", "ratios.csv")


def _locate(name: str, override_dir: Path | None) -> Path:
    if override_dir is not None and (Path(override_dir) / name).is_file():
        return Path(override_dir) / name
    return Path(str(resources.files("lkdata") / "reference" / name))


def _table(name: str, override_dir: Path | None, columns: tuple[str, ...]) -> tuple[pd.DataFrame, Path]:
    path = _locate(name, override_dir)
    text = read_office_text(path, "danh mục")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, comment="#")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReferenceDataError(f"Không đọc được danh mục {path}: không phải bảng CSV ({exc})") from exc
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReferenceDataError(f"Danh mục {path} thiếu cột {', '.join(missing)} (cần các cột {', '.join(columns)})")
    return df.apply(lambda s: s.str.strip()), path


def load_department(override_dir: Path | None = None) -> dict:
    """The Department's profile: issuing body, place, number, signer, recipients, the communes' due dates
    (the keys of ``ward.yaml``, checked the same way).

    Raises
    ------
    ReferenceDataError
        When the file cannot be read or a value is wrong (the file, the key and the value named).
    """
    path = _locate("department.yaml", override_dir)
    return check_ward(read_office_yaml(path), path)


def load_communes(override_dir: Path | None = None) -> pd.DataFrame:
    """The province's wards and communes: ``code`` (official, 5 digits), ``name`` (without the kind), ``kind``
    (``xã``, ``phường``), ``aliases``; in the file's order.

    Raises
    ------
    ReferenceDataError
        For a missing column, an empty or repeated code (the file, the line and the code named).
    """
    df, path = _table("communes.csv", override_dir, ("code", "name", "kind"))
    if "aliases" not in df.columns:
        df["aliases"] = ""
    empty = df.index[(df["code"] == "") | (df["name"] == "")]
    if len(empty):
        raise ReferenceDataError(f"Danh mục {path}: dòng {_line(path, empty[0])} để trống mã hoặc tên")
    repeated = df["code"][df["code"].duplicated()]
    if len(repeated):
        raise ReferenceDataError(f"Danh mục {path}: mã {repeated.iloc[0]} ghi hai lần (mỗi xã, phường một mã)")
    return df[["code", "name", "kind", "aliases"]].reset_index(drop=True)


def _line(path: Path, index: int) -> int:
    """The line in the file of data row ``index`` (after the comment lines and the header)."""
    lines = read_office_text(path, "danh mục").splitlines()
    data = [i for i, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    return data[index + 1] if index + 1 < len(data) else index + 2


def load_ratios(override_dir: Path | None = None) -> dict[str, tuple[str, str, float, str]]:
    """The shares the province recomputes from their parts: definition -> (numerator definition,
    denominator definition, factor: 100 for a percentage, label: the share's name, empty when not given).

    Raises
    ------
    ReferenceDataError
        For a missing column or a factor that is not a number.
    """
    df, path = _table("ratios.csv", override_dir, ("definition", "numerator", "denominator", "factor"))
    out = {}
    for i, row in df.iterrows():
        try:
            factor = float(row["factor"].replace(",", "."))
        except ValueError:
            raise ReferenceDataError(
                f"Danh mục {path}, dòng {_line(path, i)}: hệ số '{row['factor']}' không phải số (100 cho phần trăm)"
            ) from None
        out[row["definition"]] = (row["numerator"], row["denominator"], factor, row.get("label", ""))
    return out
