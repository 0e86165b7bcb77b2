"""The list of cooperatives (HTX) and cooperative groups (THT), with one row that is neither."""

from __future__ import annotations

from .faults import plant_bad_cooperative
from .sheet import Sheet
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_cooperatives"]

FIELDS = [
    "name",
    "kind",
    "established_on",
    "dissolved_on",
    "khu_pho",
    "members",
    "charter_capital",
    "main_products",
    "managers_trained",
    "credit_access",
    "ocop_product",
    "ocop_stars",
    "ocop_year",
]
FILE = "danh_sach_htx_tht.xlsx"


def write_cooperatives(writer: SheetWriter, world: World) -> None:
    """Write the cooperatives' workbook."""
    r = Typist(writer.rng, True)
    sh = Sheet(
        name="HTX-THT",
        title="DANH SÁCH HỢP TÁC XÃ, TỔ HỢP TÁC NÔNG NGHIỆP",
        headers=writer.header_row("cooperatives", FIELDS),
    )
    for i, c in enumerate(world.cooperatives):
        sh.rows.append(
            [
                i + 1,
                c["name"],
                c["kind"],
                r.date(c["established_on"]),
                r.date(c["dissolved_on"]),
                r.khu_pho(c["khu_pho"]),
                c["members"],
                r.money(c["charter_capital_vnd"]),
                c["main_products"],
                c["managers_trained"],
                r.yes_no(c["credit_access"]),
                c["ocop_product"],
                c["ocop_stars"],
                c["ocop_year"],
            ]
        )
    plant_bad_cooperative(writer.truth, sh, FILE)
    writer.emit("cooperatives", FILE, [sh], "xlsx")
