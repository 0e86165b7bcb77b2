"""Whether the processed data still matches the raw files, the catalogues and this lkdata version."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..config import DATASETS, SAMPLE_TRUTH_FILE
from .discover import discover
from .store import manifest_state, sha256_file

__all__ = [
    "CODE_CHANGED",
    "CODE_SUFFIXES",
    "INCOMPLETE",
    "NOTHING_PROCESSED",
    "code_sha256",
    "reference_hashes",
    "stale_reason",
    "tree_sha256",
]

#: The reason when there is no processed data at all (a first run: nothing is stale yet).
NOTHING_PROCESSED = "chưa có dữ liệu đã xử lý"

#: The reason when tables are there but no manifest: the last clean stopped before its end (killed, a
#: full disk), so the tables may hold part of its data.
INCOMPLETE = "lần làm sạch trước chưa hoàn tất (bị dừng giữa chừng), các bảng có thể chỉ được ghi một phần"


#: The reason when lkdata itself changed since the last clean, at the same version number.
CODE_CHANGED = "lkdata đã được cập nhật sau lần làm sạch trước (mã nguồn đã thay đổi, số phiên bản vẫn giữ nguyên)"


#: The kinds of file lkdata is made of (its code, and the package data pyproject.toml ships: templates,
#: catalogues, profiles, notes, formats).
CODE_SUFFIXES = (".py", ".j2", ".css", ".csv", ".yaml", ".json", ".md")


@lru_cache(maxsize=1)
def code_sha256() -> str:
    """sha256 of lkdata's own files (code, templates, the catalogues and profiles it ships), once a process.

    An office that updates lkdata from its repository (``make setup``: an editable install) keeps the version
    number ``0.1.0``: with the version alone, processed data and reports made by the earlier code would still
    be taken for up to date. ~2 MB read, a few milliseconds."""
    return tree_sha256(Path(__file__).resolve().parents[1])


def tree_sha256(root: Path) -> str:
    """sha256 of the files under ``root`` that make lkdata (:data:`CODE_SUFFIXES`), names and contents. What
    a computer or an editor leaves beside them does not count: hidden files and folders (``.DS_Store``,
    ``.ipynb_checkpoints/``), lock and temporary files (``~$ward.yaml``, ``.~lock.ward.yaml#``), ``__pycache__``,
    backups (``ward.yaml.orig``)."""
    digest = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        parts = f.relative_to(root).parts
        if (f.suffix in CODE_SUFFIXES and f.is_file() and "__pycache__" not in parts
                and not any(p.startswith((".", "~")) for p in parts)):  # fmt: skip
            digest.update(f.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(f.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


def reference_hashes(raw: Path) -> dict[str, str]:
    """sha256 of each catalogue the office overrides under ``raw/reference`` (targets included)."""
    folder = raw / "reference"
    if not folder.is_dir():
        return {}
    return {f.relative_to(folder).as_posix(): sha256_file(f) for f in sorted(folder.rglob("*")) if f.is_file()}


def stale_reason(raw: Path, processed: Path) -> str | None:
    """Why the processed data no longer matches the raw data, or ``None`` when it does.

    Compares the last clean's manifest with the raw files and catalogue overrides on disk (by
    sha256) and with this lkdata version. The reason is a Vietnamese phrase for analysts.
    """
    manifest, unreadable = manifest_state(Path(processed))
    if unreadable:
        return unreadable
    tables = [(Path(processed) / f"{d}.parquet").is_file() for d in DATASETS]
    if manifest is None:  # written last, and removed first by a clean: without it, no table is known whole
        return INCOMPLETE if any(tables) else NOTHING_PROCESSED
    if not all(tables):
        return NOTHING_PROCESSED
    if manifest.get("lkdata_version") != __version__:
        return f"dữ liệu được xử lý bằng lkdata {manifest.get('lkdata_version')}, nay là {__version__}"
    try:
        known = {f["path"]: f["sha256"] for d in manifest["datasets"].values() for f in d["files"]}
    except (KeyError, TypeError, AttributeError):
        return f"tệp {Path(processed) / 'manifest.json'} không phải bản kê của lkdata clean"
    if manifest.get("lkdata_code") != code_sha256():
        return CODE_CHANGED
    found = discover(Path(raw)).files  # exactly what a clean reads
    current = {f.rel: sha256_file(f.path) for d in DATASETS for f in found[d]}
    changed = sorted(k for k in current if known.get(k) != current[k])
    removed = sorted(set(known) - set(current))
    if changed or removed:
        shown = ", ".join([*changed, *removed][:5]) + (" ..." if len(changed) + len(removed) > 5 else "")
        return f"{len(changed)} tệp mới hoặc đã sửa, {len(removed)} tệp đã xóa ({shown})"
    if manifest.get("reference_sha256", {}) != reference_hashes(Path(raw)):
        return "danh mục trong data/raw/reference đã thay đổi"
    if manifest.get("sample", False) != (Path(raw) / SAMPLE_TRUTH_FILE).is_file():
        return "dữ liệu thô đã đổi giữa dữ liệu mẫu và dữ liệu thật"
    return None
