"""The list of cooperatives (HTX) and cooperative groups (THT), with one row that is neither."""

from __future__ import annotations

from .faults import plant_bad_cooperative
from .sheet import Sheet, field_names, in_order
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_cooperatives"]

FIELDS = field_names("cooperatives")
FILE = "danh_sach_htx_tht.xlsx"


def write_cooperatives(writer: SheetWriter, world: World) -> None:
    """Write the cooperatives' workbook."""
    r = Typist(writer.rng, True, world.forms)
    sh = Sheet(
        name="HTX-THT",
        title="DANH SÁCH HỢP TÁC XÃ, TỔ HỢP TÁC NÔNG NGHIỆP",
        headers=writer.header_row("cooperatives", FIELDS),
    )
    for i, c in enumerate(world.cooperatives):
        cells = {
            "name": c["name"],
            "kind": c["kind"],
            "established_on": r.date(c["established_on"]),
            "dissolved_on": r.date(c["dissolved_on"]),
            "khu_pho": r.khu_pho(c["khu_pho"]),
            "members": c["members"],
            "charter_capital": r.money(c["charter_capital_vnd"]),
            "main_products": c["main_products"],
            "managers_trained": c["managers_trained"],
            "credit_access": r.yes_no(c["credit_access"]),
            "ocop_product": c["ocop_product"],
            "ocop_stars": c["ocop_stars"],
            "ocop_year": c["ocop_year"],
        }
        sh.rows.append([i + 1, *in_order("cooperatives", cells)])
    plant_bad_cooperative(writer.truth, sh, FILE, world.forms[world.khu_pho[2]][0])
    writer.emit("cooperatives", FILE, [sh], "xlsx")
