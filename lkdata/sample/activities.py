"""The activities carried out under the plan: a workbook for 2024-2025, a CSV export for 2026."""

from __future__ import annotations

from .faults import plant_invalid_date
from .sheet import XLSX_ROW_BUDGET, Sheet, columns, field_names, in_order
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_activities"]

FIELDS = field_names("activities")
CSV_FILE = "hoat_dong_2026.csv"


def write_activities(writer: SheetWriter, world: World, kind_names: dict[str, str]) -> None:
    """Write the activities; ``kind_names`` gives the Vietnamese name of each activity kind code."""

    def cells(r: Typist, a: dict) -> list:
        name = kind_names[a["kind"]]
        return in_order(
            "activities",
            {
                "held_on": r.date(a["held_on"]),
                "kind": name[:1].upper() + name[1:] if r.pick(2) else name,
                "plan_task": a["plan_task"],
                "title": a["title"],
                "organiser": a["organiser"],
                "khu_pho": r.khu_pho(a["khu_pho"]) if a["khu_pho"] else None,
                "participants": a["participants"],
                "participants_households": a["participants_households"],
                "participants_cooperatives": a["participants_cooperatives"],
                "participants_enterprises": a["participants_enterprises"],
                "cost": r.money(a["cost_vnd"]) if a["cost_vnd"] else 0,
            },
        )

    xr, cr = Typist(writer.rng, True, world.forms), Typist(writer.rng, False, world.forms)
    sheets = []
    overflow: list[dict] = []
    per_year = XLSX_ROW_BUDGET // 2
    for year in (2024, 2025):
        acts = [a for a in world.activities if a["held_on"].year == year]
        overflow.extend(acts[per_year:])
        sh = Sheet(
            name=f"Năm {year}",
            title=f"KẾT QUẢ CÁC HOẠT ĐỘNG THỰC HIỆN KẾ HOẠCH NĂM {year}",
            headers=writer.header_row("activities", FIELDS),
            totals=False,
        )
        sh.rows = [[i + 1, *cells(xr, a)] for i, a in enumerate(acts[:per_year])]
        sheets.append(sh)
    writer.emit("activities", "hoat_dong_2024_2025.xlsx", sheets, "xlsx")
    if overflow:
        osh = Sheet(name="", title="", headers=sheets[0].headers, totals=False)
        osh.rows = [[i + 1, *cells(cr, a)] for i, a in enumerate(overflow)]
        writer.emit("activities", "hoat_dong_2024_2025_bo_sung.csv", [osh], "csv")
    csh = Sheet(name="", title="", headers=writer.header_row("activities", FIELDS, plain=True), totals=False)
    for a in (a for a in world.activities if a["held_on"].year == 2026):
        csh.rows.append([len(csh.rows) + 1, *cells(cr, a)])
    plant_invalid_date(writer.truth, csh, CSV_FILE, columns(FIELDS))
    writer.emit("activities", CSV_FILE, [csh], "csv")
