"""Reference catalogues: khu phố, crops, certifications, activity kinds, header aliases, ward profile.

Defaults ship inside the package (``lkdata/reference/``). A file of the same name under
``data/raw/reference/`` replaces the default one as a whole, so the office edits plain CSV and
YAML files and never touches code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .errors import ReferenceDataError
from .text import fold

__all__ = ["CATALOGUE_FILES", "Reference", "load_reference"]

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


def _alias_index(df: pd.DataFrame, value_col: str = "name") -> dict[str, str]:
    """Map the folded name, code and every alias of each entry to its canonical value."""
    index: dict[str, str] = {}
    for row in df.itertuples(index=False):
        value = getattr(row, value_col)
        keys = [row.name, *(a for a in str(row.aliases).split("|") if a.strip())]
        if "code" in df.columns:
            keys.append(row.code)
        for key in keys:
            folded = fold(key)
            if folded:
                index.setdefault(folded, value)
    return index


@dataclass
class Reference:
    """The loaded catalogues, with alias indexes for resolving raw values."""

    khu_pho: pd.DataFrame
    crops: pd.DataFrame
    certifications: pd.DataFrame
    activity_kinds: pd.DataFrame
    headers: dict[str, dict[str, list[str]]]
    ward: dict
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.khu_pho_index = _alias_index(self.khu_pho)
        self.crop_index = _alias_index(self.crops)
        self.certification_index = _alias_index(self.certifications)
        self.activity_kind_index = _alias_index(self.activity_kinds)

    @property
    def area_units(self) -> dict[str, float]:
        """Area unit factors to hectares, keyed by folded unit name (``sao``, ``cong``, ``m2``)."""
        units = self.ward.get("area_units") or {}
        return {fold(k).replace(" ", ""): float(v) for k, v in units.items()}


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
