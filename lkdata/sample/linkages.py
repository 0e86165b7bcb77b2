"""The list of production and consumption linkages, one naming a cooperative that is in no list."""

from __future__ import annotations

from .faults import plant_unknown_cooperative
from .sheet import Sheet, columns, field_names, in_order
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_linkages"]

FIELDS = field_names("linkages")
FILE = "lien_ket_san_xuat_tieu_thu.xlsx"


def write_linkages(writer: SheetWriter, world: World) -> None:
    """Write the linkages' workbook."""
    r = Typist(writer.rng, True, world.forms)
    sh = Sheet(
        name="Liên kết",
        title="DANH SÁCH CHUỖI LIÊN KẾT SẢN XUẤT VÀ TIÊU THỤ SẢN PHẨM",
        headers=writer.header_row("linkages", FIELDS),
    )
    for i, lk in enumerate(world.linkages):
        cells = {
            "name": lk["name"],
            "lead_party": lk["lead_party"],
            "partner_enterprise": lk["partner_enterprise"],
            "crop": r.crop(lk["crop"], None),
            "cooperatives": "; ".join(lk["cooperatives"]),
            "households": lk["households"],
            "area": r.area(lk["area_ha"]),
            "volume_t": lk["volume_t"],
            "contract_value": r.money(lk["contract_value_vnd"]),
            "start_on": r.date(lk["start_on"]),
            "end_on": r.date(lk["end_on"]),
            "approval_no": lk["approval_no"],
            "approved_on": r.date(lk["approved_on"]),
            "support": r.money(lk["support_vnd"]),
            "support_item": lk["support_item"],
            "status": lk["status"],
        }
        sh.rows.append([i + 1, *in_order("linkages", cells)])
    plant_unknown_cooperative(writer.truth, sh, FILE, columns(FIELDS)["cooperatives"])
    writer.emit("linkages", FILE, [sh], "xlsx")
