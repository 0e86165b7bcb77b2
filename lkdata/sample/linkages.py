"""The list of production and consumption linkages, one naming a cooperative that is in no list."""

from __future__ import annotations

from .faults import plant_unknown_cooperative
from .sheet import Sheet, columns
from .typist import Typist
from .world import World
from .writers import SheetWriter

__all__ = ["write_linkages"]

FIELDS = [
    "name",
    "lead_party",
    "partner_enterprise",
    "crop",
    "cooperatives",
    "households",
    "area",
    "volume_t",
    "contract_value",
    "start_on",
    "end_on",
    "approval_no",
    "approved_on",
    "support",
    "support_item",
    "status",
]
FILE = "lien_ket_san_xuat_tieu_thu.xlsx"


def write_linkages(writer: SheetWriter, world: World) -> None:
    """Write the linkages' workbook."""
    r = Typist(writer.rng, True)
    sh = Sheet(
        name="Liên kết",
        title="DANH SÁCH CHUỖI LIÊN KẾT SẢN XUẤT VÀ TIÊU THỤ SẢN PHẨM",
        headers=writer.header_row("linkages", FIELDS),
    )
    for i, lk in enumerate(world.linkages):
        sh.rows.append(
            [
                i + 1,
                lk["name"],
                lk["lead_party"],
                lk["partner_enterprise"],
                r.crop(lk["crop"], None),
                "; ".join(lk["cooperatives"]),
                lk["households"],
                r.area(lk["area_ha"]),
                lk["volume_t"],
                r.money(lk["contract_value_vnd"]),
                r.date(lk["start_on"]),
                r.date(lk["end_on"]),
                lk["approval_no"],
                r.date(lk["approved_on"]),
                r.money(lk["support_vnd"]),
                lk["support_item"],
                lk["status"],
            ]
        )
    plant_unknown_cooperative(writer.truth, sh, FILE, columns(FIELDS)["cooperatives"])
    writer.emit("linkages", FILE, [sh], "xlsx")
