"""The truth ledger: every file written and every irregularity planted, with the row a spreadsheet shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import __version__
from ..config import SAMPLE_TRUTH_FILE
from ..vn.places import Places
from .sheet import TITLE_ROWS, Sheet, csv_row, xlsx_row
from .world import SILENT_KHU_PHO, World

__all__ = ["SAMPLE_NOTICE", "TRUTH_FILE", "Truth"]


def sample_notice(places: Places) -> str:
    """What every sample file and the truth say: sample data, not the place's figures."""
    return f"DỮ LIỆU MẪU - không phải số liệu thật của {places.kind}"


SAMPLE_NOTICE = sample_notice(Places())  #: Long Khánh's (a ward's) notice
TRUTH_FILE = SAMPLE_TRUTH_FILE


@dataclass
class Truth:
    """What the sample planted, as ``_sample_truth.json`` tells it."""

    files: dict[str, dict] = field(default_factory=dict)
    invalid: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    legacy: list[dict] = field(default_factory=list)
    unresolved: list[dict] = field(default_factory=list)

    @staticmethod
    def where(dataset: str, fname: str, sheet: str, kind: str, i: int) -> dict:
        """The place of data row ``i`` of a sheet: dataset, file, sheet and the row number a reader sees."""
        return {
            "dataset": dataset,
            "file": f"{dataset}/{fname}",
            "sheet": sheet if kind == "xlsx" else "",
            "row": xlsx_row(i) if kind == "xlsx" else csv_row(i),
        }

    def invalid_cell(self, at: dict, fld: str, value, reason: str, **more) -> None:
        """Record a cell planted with a value the cleaner must quarantine."""
        self.invalid.append({**at, "field": fld, "value": value, "reason": reason, **more})

    def planted_rows(self, *kinds: list[dict]) -> set[tuple[str, int]]:
        """The (sheet, row) places already used by the given records."""
        return {(t["sheet"], t["row"]) for records in kinds for t in records}

    def record_file(self, dataset: str, fname: str, sheets: list[Sheet], kind: str) -> None:
        """Record a written file: its header row, data rows and skipped rows, per sheet and in all."""
        info: dict = {"sheets": {}, "data_rows": 0, "skipped_rows": 0}
        for sh in sheets:
            n_skip = len(sh.skipped)
            n_data = len(sh.rows) - n_skip
            info["sheets"][sh.name if kind == "xlsx" else ""] = {
                "header_row": TITLE_ROWS + 1 if kind == "xlsx" else 1,
                "data_rows": n_data,
                "skipped_rows": n_skip,
            }
            info["data_rows"] += n_data
            info["skipped_rows"] += n_skip
        self.files[f"{dataset}/{fname}"] = info

    def as_dict(self, seed: int, scale: int, world: World) -> dict:
        """The truth file's content."""
        khu_pho = world.khu_pho
        return {
            "notice": sample_notice(world.places),
            "seed": seed,
            "scale": scale,
            "lkdata_version": __version__,
            "khu_pho_without_data": khu_pho[len(khu_pho) - SILENT_KHU_PHO :],
            "files": self.files,
            "invalid": self.invalid,
            "duplicates": self.duplicates,
            "legacy": self.legacy,
            "unresolved": self.unresolved,
            "records": {
                "producers": len(world.producers),
                "cooperatives": len(world.cooperatives),
                "crops": len(world.plots),
                "linkages": len(world.linkages),
                "activities": len(world.activities),
            },
        }
