"""Reference catalogues: khu phố, crops, certifications, activity kinds, header aliases, ward profile.

Defaults ship inside the package (``lkdata/reference/``). A file of the same name under
``data/raw/reference/`` replaces the default one as a whole, so the office edits plain CSV and
YAML files and never touches code.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from ..clean.catalogues import Reference
from ..errors import ReferenceDataError

__all__ = ["CATALOGUE_FILES", "load_reference", "load_targets"]

log = logging.getLogger("lkdata")

CATALOGUE_FILES: tuple[str, ...] = (
    "khu_pho.csv",
    "crops.csv",
    "certifications.csv",
    "activity_kinds.csv",
    "headers.yaml",
    "ward.yaml",
)


def _locate(name: str, override_dir: Path | None) -> tuple[Path, bool]:
    if override_dir is not None and (override_dir / name).is_file():
        return override_dir / name, True
    return Path(str(resources.files("lkdata") / "reference" / name)), False


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ReferenceDataError(f"Không đọc được danh mục {path}: {exc}") from exc
    if "name" not in df.columns:
        raise ReferenceDataError(f"Danh mục {path} thiếu cột 'name'")
    if "aliases" not in df.columns:
        df["aliases"] = ""
    return df


def _read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"Không đọc được tệp {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ReferenceDataError(f"Tệp {path} phải là một bảng khóa - giá trị (YAML mapping)")
    return data


def load_reference(override_dir: Path | None = None) -> Reference:
    """Load every catalogue, taking each file from ``override_dir`` where the office put one.

    Parameters
    ----------
    override_dir : Path, optional
        Usually ``data/raw/reference``; ``None`` loads the package defaults only.

    Raises
    ------
    ReferenceDataError
        When a catalogue cannot be read or lacks a required column.
    """
    loaded: dict[str, object] = {}
    sources: dict[str, str] = {}
    for name in CATALOGUE_FILES:
        path, overridden = _locate(name, override_dir)
        sources[name] = str(path) if overridden else f"lkdata/reference/{name}"
        if overridden:
            log.info("Danh mục %s lấy từ %s", name, path)
        loaded[name] = _read_csv(path) if name.endswith(".csv") else _read_yaml(path)
    return Reference(
        khu_pho=loaded["khu_pho.csv"],
        crops=loaded["crops.csv"],
        certifications=loaded["certifications.csv"],
        activity_kinds=loaded["activity_kinds.csv"],
        headers=loaded["headers.yaml"],
        ward=loaded["ward.yaml"],
        sources=sources,
    )


def load_targets(year: int, override_dir: Path | None = None) -> dict[str, float]:
    """The year's targets (``targets/<year>.yaml``: indicator id -> target), if the office set any.

    The office's file under ``override_dir`` wins over the package default.

    Raises
    ------
    ReferenceDataError
        When the file names an indicator the plan does not have.
    """
    from ..plan.indicators import CATALOGUE

    name = f"{year}.yaml"
    candidates = [override_dir / "targets" / name] if override_dir else []
    candidates.append(Path(str(resources.files("lkdata") / "reference" / "targets" / name)))
    for path in candidates:
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            unknown = set(data) - {i.id for i in CATALOGUE}
            if unknown:
                raise ReferenceDataError(f"Tệp chỉ tiêu {path} có mã chỉ tiêu không có: {', '.join(sorted(unknown))}")
            return {k: float(v) for k, v in data.items()}
    return {}
