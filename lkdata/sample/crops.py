"""The crop-area statistics: a workbook of plots by group of khu phố, the rest as CSV exports."""

from __future__ import annotations

from .faults import plant_crop_errors
from .sheet import XLSX_ROW_BUDGET, Sheet, columns, field_names, in_order
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_crops"]

FIELDS = field_names("crops")
FILE = "dien_tich_cay_trong.xlsx"
#: Khu phố per sheet of the workbook.
KHU_PHO_PER_SHEET = 5
#: Rows per CSV export.
CSV_CHUNK = 100_000


def _cells(r: Typist, d: Typist, p: dict) -> list:
    return in_order(
        "crops",
        {
            "producer_name": p["producer_name"],
            "phone": r.phone(p["phone"]),
            "khu_pho": r.khu_pho(p["khu_pho"]),
            "crop": r.crop(p["crop"], p["variety"]),
            "area": r.area(p["area_ha"]),
            "growing_area_code": p["growing_area_code"],
            "growing_area_code_issued_on": d.date(p["growing_area_code_issued_on"]),
            "gap_standard": r.gap(p["gap_standard"]),
            "year": p["year"],
            "yield_t_per_ha": r.number(p["yield_t_per_ha"]),
            "output_t": r.number(p["output_t"]),
        },
    )


def write_crops(writer: SheetWriter, world: World) -> None:
    """Write half the plots in a workbook (one sheet per group of khu phố) and the rest as CSV exports."""
    plots = world.plots
    half = len(plots) // 2
    xr, cr = Typist(writer.rng, True, world.forms), Typist(writer.rng, False, world.forms)
    # the codes' grant dates are typed from the writer's side generator, so the other cells stay as they were
    xd, cd = Typist(writer.aside, True, world.forms), Typist(writer.aside, False, world.forms)
    sheets: list[Sheet] = []
    groups: dict[int, list[dict]] = {}
    position = {name: i for i, name in enumerate(world.khu_pho)}  # the catalogue's order, from 0
    for p in plots[:half]:
        groups.setdefault(position[p["khu_pho"]] // KHU_PHO_PER_SHEET, []).append(p)
    cap = XLSX_ROW_BUDGET // max(1, len(groups))
    overflow: list[dict] = []
    for g in sorted(groups):
        overflow.extend(groups[g][cap:])
        first, last = g * KHU_PHO_PER_SHEET + 1, g * KHU_PHO_PER_SHEET + KHU_PHO_PER_SHEET
        sh = Sheet(
            name=f"{world.places.short}{first}-{last}",
            title="THỐNG KÊ DIỆN TÍCH CÂY TRỒNG THEO HỘ",
            headers=writer.header_row("crops", FIELDS),
        )
        sh.rows = [[i + 1, *_cells(xr, xd, p)] for i, p in enumerate(groups[g][:cap])]
        sheets.append(sh)
    plant_crop_errors(writer.truth, sheets, FILE, columns(FIELDS))
    writer.emit("crops", FILE, sheets, "xlsx")
    rest = overflow + plots[half:]
    for k in range(0, max(1, len(rest)), CSV_CHUNK):
        part = rest[k : k + CSV_CHUNK]
        csh = Sheet(name="", title="", headers=writer.header_row("crops", FIELDS, plain=True), totals=False)
        for i, p in enumerate(part):
            csh.rows.append([i + 1, *_cells(cr, cd, p)])
        suffix = "" if len(rest) <= CSV_CHUNK else f"_phan{k // CSV_CHUNK + 1}"
        writer.emit("crops", f"vung_trong_bo_sung{suffix}.csv", [csh], "csv")
