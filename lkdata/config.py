"""Where things are: the one place that knows the project's paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DATASETS", "DATASET_LABELS", "SAMPLE_TRUTH_FILE", "Paths", "find_root", "outside_raw", "use_root"]

#: The raw datasets, one folder each under ``data/raw/``.
DATASETS: tuple[str, ...] = ("producers", "cooperatives", "crops", "linkages", "activities")

#: What analysts call each dataset (in tables and messages meant for them; the folder keeps its name).
DATASET_LABELS: dict[str, str] = {
    "producers": "Hộ sản xuất",
    "cooperatives": "HTX, THT",
    "crops": "Thửa cây trồng",
    "linkages": "Liên kết",
    "activities": "Hoạt động",
}

#: Written by ``lkdata sample`` beside the raw data it generates: its presence marks sample data.
SAMPLE_TRUTH_FILE = "_sample_truth.json"


def find_root(start: Path | None = None) -> Path:
    """Find the project folder: ``$LKDATA_ROOT``, else the nearest parent holding ``data/raw``.

    Falls back to the current folder, so that ``lkdata`` works from a fresh, empty folder too.
    """
    env = os.environ.get("LKDATA_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "raw").is_dir():
            return folder
    return here


def use_root(root: str | Path) -> Path:
    """Work on the project in ``root`` (``--root``) from wherever the command runs: it becomes
    ``LKDATA_ROOT``, so the report notebooks' kernels find the same project.

    Raises
    ------
    UsageError
        When ``root`` is no folder.
    """
    from .errors import UsageError

    folder = Path(root).expanduser()
    if not folder.is_dir():
        raise UsageError(f"--root {root}: không có thư mục này")
    os.environ["LKDATA_ROOT"] = str(folder.resolve())
    return folder.resolve()


def outside_raw(out: Path, raw: Path, option: str = "--out") -> None:
    """Refuse an output folder inside the raw folder (or the raw folder itself).

    The raw folder is never written by lkdata: outputs there would be read back as raw data by the next
    clean. The raw folder inside an output folder is allowed (``--out .`` writes the tables beside
    ``data/``): lkdata writes only its own files and folders there, never into ``data/raw``.

    Raises
    ------
    UsageError
        When ``out`` is ``raw`` or lies inside it (symbolic links followed).
    """
    from .errors import UsageError

    out_real, raw_real = Path(out).resolve(), Path(raw).resolve()
    if out_real == raw_real or raw_real in out_real.parents:
        raise UsageError(
            f"Thư mục kết quả {option} {out} nằm trong thư mục dữ liệu thô {raw}: lkdata không ghi vào dữ liệu "
            "thô (lần làm sạch sau sẽ đọc nhầm kết quả thành dữ liệu thô). Chọn thư mục khác, ví dụ data/processed."
        )


@dataclass(frozen=True)
class Paths:
    """The project's folders, all derived from one root."""

    root: Path

    @classmethod
    def default(cls) -> Paths:
        """Paths of the project found from the current folder (see :func:`find_root`)."""
        return cls(find_root())

    @property
    def raw(self) -> Path:
        """Raw inputs, never written by lkdata."""
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        """Outputs of ``lkdata clean``."""
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        """Rendered reports."""
        return self.root / "reports"

    @property
    def notes(self) -> Path:
        """The analyst's notes per reporting period (``<period>.md``), for what data cannot write."""
        return self.raw / "notes"

    @property
    def notebooks(self) -> Path:
        """Report and analysis notebooks."""
        return self.root / "notebooks"

    @property
    def reference(self) -> Path:
        """The analyst's overrides of the reference catalogues."""
        return self.raw / "reference"
