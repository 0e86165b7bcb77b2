"""The households lists: one sheet per khu phố, CSV exports from the last ones, and a 2026 supplement."""

from __future__ import annotations

import datetime as dt

from ..vn.text import fold
from .faults import plant_duplicates, plant_legacy, plant_producer_errors, repeat_header
from .sheet import XLSX_ROW_BUDGET, Sheet, columns, field_names, in_order
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_producers"]

FIELDS = field_names("producers")
#: Khu phố (the last ones with households) that send CSV exports instead of a sheet.
CSV_KHU_PHO = 3
MAIN_FILE = "ho_san_xuat_theo_{slug}.xlsx"  #: the sub-unit's word in the name (``khu_pho``, ``ap``)
SUPPLEMENT_FILE = "ho_san_xuat_bo_sung_2026.xlsx"


def _cells(r: Typist, p: dict) -> list:
    return in_order(
        "producers",
        {
            "name": p["name"],
            "phone": r.phone(p["phone"]),
            "id_card": p["id_card"],
            "khu_pho": r.khu_pho(p["khu_pho"]),
            "producer_type": p["producer_type"],
            "cooperative": p["cooperative"],
            "farm_area": r.area(p["farm_area_ha"]),
            "main_crop": r.crop(p["main_crop"], p["crop_variety"]),
            "gap_standard": r.gap(p["gap_standard"]),
            "gap_issued_on": r.date(p["gap_issued_on"]),
            "gap_expires_on": r.date(p["gap_expires_on"]),
            "trained": r.yes_no(p["trained"]),
            "ecommerce": r.yes_no(p["ecommerce"]),
            "registered_on": r.date(p["registered_on"]),
        },
    )


def _rows(r: Typist, producers: list[dict]) -> list[list]:
    return [[i + 1, *_cells(r, p)] for i, p in enumerate(producers)]


def write_producers(writer: SheetWriter, world: World) -> None:
    """Write the households registered before 2026 by khu phố, then the 2026 supplement with duplicates."""
    col = columns(FIELDS)
    supplement = [p for p in world.producers if p["registered_on"] >= dt.date(2026, 1, 1)]
    main = [p for p in world.producers if p["registered_on"] < dt.date(2026, 1, 1)]
    xr, cr = Typist(writer.rng, True, world.forms), Typist(writer.rng, False, world.forms)
    sheets, csv_sheets = _by_khu_pho(writer, world, main, xr, cr)
    main_file = MAIN_FILE.format(slug=world.places.slug)
    repeat_header(sheets[0])
    plant_producer_errors(writer.truth, sheets, main_file, col, world.places.sub_title)
    plant_legacy(writer.truth, sheets, main_file, col["name"])
    writer.emit("producers", main_file, sheets, "xlsx")
    for cname, sh in csv_sheets:
        writer.emit("producers", cname, [sh], "csv")

    # supplementary list of 2026 registrations, plus households already listed (duplicates)
    sup = Sheet(
        name="Bổ sung 2026",
        title="DANH SÁCH HỘ ĐĂNG KÝ BỔ SUNG NĂM 2026",
        headers=writer.header_row("producers", FIELDS, plain=True),
    )
    sup.rows = _rows(xr, supplement[:XLSX_ROW_BUDGET])
    plant_duplicates(writer.truth, sheets, main_file, sup, SUPPLEMENT_FILE, col)
    writer.emit("producers", SUPPLEMENT_FILE, [sup], "xlsx")
    if len(supplement) > XLSX_ROW_BUDGET:
        csh = Sheet(name="", title="", headers=sup.headers, totals=False)
        csh.rows = _rows(cr, supplement[XLSX_ROW_BUDGET:])
        writer.emit("producers", "ho_san_xuat_bo_sung_2026.csv", [csh], "csv")


def _by_khu_pho(
    writer: SheetWriter, world: World, main: list[dict], xr: Typist, cr: Typist
) -> tuple[list[Sheet], list[tuple[str, Sheet]]]:
    """One sheet per khu phố; the last khu phố send CSV, and one too large for a sheet sends the rest so."""
    by_kp: dict[str, list[dict]] = {}
    for p in main:
        by_kp.setdefault(p["khu_pho"], []).append(p)
    sheets: list[Sheet] = []
    csv_sheets: list[tuple[str, Sheet]] = []
    number = {name: i + 1 for i, name in enumerate(world.khu_pho)}  # the catalogue's order, from 1
    order = sorted(by_kp, key=number.__getitem__)
    short, slug = world.places.short, fold(world.places.short).replace(" ", "")
    cap = XLSX_ROW_BUDGET // max(1, len(order) - CSV_KHU_PHO)
    for n_kp, kp in enumerate(order):
        n = number[kp]
        head, tail = ([], by_kp[kp]) if n_kp >= len(order) - CSV_KHU_PHO else (by_kp[kp][:cap], by_kp[kp][cap:])
        headers = writer.header_row("producers", FIELDS, plain=n % 4 == 0)
        if head:
            sh = Sheet(name=f"{short}{n}", title=f"DANH SÁCH HỘ SẢN XUẤT NÔNG NGHIỆP - {kp.upper()}", headers=headers)
            sh.rows = _rows(xr, head)
            sheets.append(sh)
        if tail:
            csh = Sheet(name="", title="", headers=headers, totals=False)
            csh.rows = _rows(cr, tail)
            csv_sheets.append((f"ho_san_xuat_{slug}{n:02d}.csv", csh))
    return sheets, csv_sheets
