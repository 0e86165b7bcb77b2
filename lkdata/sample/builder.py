"""A deterministic synthetic sample of the ward's raw spreadsheets, with the truth it planted.

The files look like what khu phố heads, cooperatives and the service centre really send: title rows
above the header, an ``STT`` column, one sheet per khu phố, a totals row, CSV exported by Excel on
a Vietnamese Windows (UTF-8 with BOM, ``;``, decimal commas), header and value variants, legacy
TCVN3/VNI names, and a few invalid and duplicated rows. Every such irregularity is written down in
``_sample_truth.json`` beside the files, so the tests can hold the cleaner to it.

All names are synthetic (random combinations of common name parts; invented organisations), and
every file says it is sample data ("DỮ LIỆU MẪU").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from .. import __version__
from ..config import DATASETS, SAMPLE_TRUTH_FILE
from ..io.reference import load_reference
from ..vn.text import fold, to_legacy

__all__ = ["SAMPLE_NOTICE", "TRUTH_FILE", "generate_sample"]

log = logging.getLogger("lkdata")

SAMPLE_NOTICE = "DỮ LIỆU MẪU - không phải số liệu thật của phường"
TRUTH_FILE = SAMPLE_TRUTH_FILE
_EPOCH = dt.date(1899, 12, 30)
_FIXED_TIME = dt.datetime(2026, 1, 1)
#: A workbook holds at most this many data rows; larger sets arrive as CSV exports.
XLSX_ROW_BUDGET = 5_000
#: Khu phố (from the end of the catalogue) that send nothing, for completeness checks.
SILENT_KHU_PHO = 3

_FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 4
    + ["Lê"] * 3
    + ["Phạm"] * 3
    + [
        "Hoàng",
        "Huỳnh",
        "Võ",
        "Phan",
        "Vũ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trương",
        "Đinh",
        "Lâm",
        "Mai",
        "Tô",
        "Châu",
        "Thái",
        "Quách",
    ]
)
_MIDDLE_M = ["Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Công", "Ngọc", "Xuân", "Tấn", "Trọng"]
_MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Hồng", "Bích", "Diệu"]
_GIVEN_M = [
    "Ba",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khoa",
    "Lâm",
    "Long",
    "Nam",
    "Phúc",
    "Phước",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Vinh",
    "Hòa",
    "Khuê",
    "Lộc",
    "Nghĩa",
    "Ẩn",
    "Út",
    "Đạt",
    "Hiếu",
    "Lực",
]
_GIVEN_F = [
    "Anh",
    "Ánh",
    "Bảy",
    "Cúc",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hòa",
    "Hương",
    "Lan",
    "Liên",
    "Loan",
    "Mai",
    "Nga",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Thủy",
    "Thúy",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Hằng",
    "Ngọc",
    "Quyên",
]
_COOP_WORDS = [
    "Ánh Dương",
    "Hương Quê",
    "Vườn Xanh",
    "Đất Lành",
    "Mùa Vàng",
    "Trái Ngọt",
    "Nắng Sớm",
    "Sương Mai",
    "Đồng Thuận",
    "Hợp Lực",
    "Tân Tiến",
    "Phúc Lộc",
    "Thịnh Vượng",
    "Bình Minh",
    "Kết Đoàn",
    "Hòa Thuận",
    "Gió Nam",
    "Sao Mai",
    "An Khang",
    "Lộc Xanh",
]
_COOP_KINDS_HTX = ["HTX Nông nghiệp", "HTX Dịch vụ nông nghiệp", "HTX Cây ăn trái", "HTX Nông nghiệp sạch"]
_COOP_KINDS_THT = ["THT Sản xuất", "THT Trồng cây ăn trái", "THT Rau an toàn"]
_ENTERPRISES = [
    "Công ty TNHH Nông sản Sao Việt (mẫu)",
    "Công ty CP Trái cây Phương Nam Xanh (mẫu)",
    "Công ty TNHH Xuất nhập khẩu Vườn Việt (mẫu)",
    "Công ty CP Thực phẩm Mùa Ngọt (mẫu)",
    "Công ty TNHH Chế biến Nông sản Đồng Xanh (mẫu)",
    "Hợp tác xã Thương mại Nông Gia (mẫu)",
]
_PRODUCER_TYPES = ["Hộ gia đình", "Hộ gia đình", "Hộ gia đình", "Cơ sở sản xuất", "Trang trại"]
_VARIETIES = {
    "sầu riêng": ["Ri6", "Monthong", "Musang King"],
    "chôm chôm": ["Thái", "nhãn", "Java"],
    "bơ": ["034", "Booth", "sáp"],
    "mít": ["Thái", "ruột đỏ"],
    "xoài": ["cát Hòa Lộc", "Đài Loan"],
    "bưởi": ["da xanh"],
}
_CROP_WEIGHTS = {
    "chôm chôm": 14,
    "sầu riêng": 16,
    "bơ": 8,
    "măng cụt": 6,
    "mít": 6,
    "xoài": 6,
    "bưởi": 4,
    "chuối": 3,
    "hồ tiêu": 8,
    "cà phê": 4,
    "điều": 4,
    "cao su": 5,
    "lúa": 2,
    "rau màu": 6,
    "ngô": 2,
    "khoai mì": 3,
}
_GAP_CODES = ["NONE", "VIETGAP", "GLOBALGAP", "HUUCO"]
_GAP_WEIGHTS = [0.58, 0.27, 0.08, 0.07]
_GAP_YEARS = {"VIETGAP": 3, "GLOBALGAP": 1, "HUUCO": 2}
_GAP_RENDER = {
    "NONE": ["không", "Không", "", "chưa có"],
    "VIETGAP": ["VietGAP", "Viet GAP", "VIETGAP", "VietGAP"],
    "GLOBALGAP": ["GlobalGAP", "Global GAP", "GLOBALGAP"],
    "HUUCO": ["hữu cơ", "Hữu cơ", "Hữu cơ"],
}
_SUPPORT_ITEMS = [
    "tư vấn xây dựng liên kết",
    "hạ tầng phục vụ liên kết",
    "giống, vật tư, bao bì",
    "đào tạo, tập huấn",
    "máy móc, thiết bị sơ chế",
]
_ACTIVITY_TITLES = {
    "training": "Lớp tập huấn về liên kết sản xuất và tiêu thụ {crop}",
    "communication": "Hội nghị tuyên truyền chính sách hỗ trợ liên kết (NQ 143/2018/NQ-HĐND)",
    "broadcast": "Phát thanh về mô hình liên kết trên hệ thống truyền thanh phường",
    "news": "Tin bài giới thiệu mô hình liên kết {crop} trên trang thông tin điện tử phường",
    "linkage_support": "Hướng dẫn xây dựng hồ sơ dự án liên kết {crop}",
    "coop_training": "Bồi dưỡng kỹ năng quản lý cho cán bộ HTX, THT",
    "technical_transfer": "Hội thảo chuyển giao kỹ thuật canh tác {crop} theo VietGAP",
    "matching": "Hội nghị kết nối cung cầu nông sản",
    "fair": "Tham gia hội chợ triển lãm nông sản của tỉnh",
    "ecommerce_onboarding": "Hỗ trợ đưa sản phẩm {crop} lên sàn thương mại điện tử",
    "policy_dissemination": "Phổ biến các văn bản về chính sách hỗ trợ liên kết",
    "inspection": "Kiểm tra, giám sát thực hiện liên kết {crop}",
    "review": "Sơ kết mô hình liên kết sản xuất và tiêu thụ {crop}",
    "replication": "Nhân rộng mô hình liên kết {crop}",
}
_ACTIVITY_WEIGHTS = {
    "training": 12,
    "communication": 10,
    "broadcast": 12,
    "news": 10,
    "linkage_support": 6,
    "coop_training": 5,
    "technical_transfer": 8,
    "matching": 6,
    "fair": 5,
    "ecommerce_onboarding": 6,
    "policy_dissemination": 5,
    "inspection": 6,
    "review": 4,
    "replication": 3,
}
_ORGANISERS = [
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Trung tâm Dịch vụ nông nghiệp khu vực 3",
    "Trung tâm Dịch vụ tổng hợp phường",
    "Hội Nông dân phường",
    "Sở Nông nghiệp và Môi trường",
]


# --- records -----------------------------------------------------------------------------------


def _dates(rng: np.random.Generator, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    days = rng.integers(0, (end - start).days + 1, size=n)
    base = start.toordinal()
    return [dt.date.fromordinal(base + d) for d in days.tolist()]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    female = rng.random(n) < 0.45
    fam = rng.choice(_FAMILY, n)
    mid = np.where(female, rng.choice(_MIDDLE_F, n), rng.choice(_MIDDLE_M, n))
    giv = np.where(female, rng.choice(_GIVEN_F, n), rng.choice(_GIVEN_M, n))
    return [f"{a} {b} {c}" for a, b, c in zip(fam, mid, giv, strict=True)]


def _phones(rng: np.random.Generator, n: int) -> list[str]:
    prefixes = np.array(["090", "091", "093", "097", "098", "086", "032", "035", "038", "070", "079", "081"])
    pre = rng.choice(prefixes, n)
    # unique 7-digit tails, so that no two households share a phone by chance
    tails = rng.choice(10_000_000, size=n, replace=False)
    return [f"{p}{t:07d}" for p, t in zip(pre.tolist(), tails.tolist(), strict=True)]


@dataclass
class _World:
    """The true records behind the sample, before they are rendered into spreadsheets."""

    khu_pho: list[str]
    producers: list[dict] = field(default_factory=list)
    cooperatives: list[dict] = field(default_factory=list)
    plots: list[dict] = field(default_factory=list)
    linkages: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)


def _build_world(rng: np.random.Generator, scale: int, khu_pho: list[str]) -> _World:
    w = _World(khu_pho=khu_pho)
    active_kp = khu_pho[: len(khu_pho) - SILENT_KHU_PHO]
    crops = list(_CROP_WEIGHTS)
    crop_p = np.array(list(_CROP_WEIGHTS.values()), float)
    crop_p /= crop_p.sum()

    # cooperatives
    n_coop = max(15, scale // 150)  # a province: some 2,000 HTX/THT for 300,000 households
    for i in range(n_coop):
        is_htx = rng.random() < 0.6
        prefix = rng.choice(_COOP_KINDS_HTX if is_htx else _COOP_KINDS_THT)
        word = _COOP_WORDS[i % len(_COOP_WORDS)] + ("" if i < len(_COOP_WORDS) else f" {i // len(_COOP_WORDS) + 1}")
        est = _dates(rng, dt.date(2012, 1, 1), dt.date(2026, 9, 30), 1)[0]
        w.cooperatives.append(
            {
                "name": f"{prefix} {word}",
                "kind": "HTX" if is_htx else "THT",
                "established_on": est,
                "dissolved_on": None,
                "khu_pho": str(rng.choice(active_kp)),
                "members": int(rng.integers(7, 120) if is_htx else rng.integers(3, 25)),
                "charter_capital_vnd": int(rng.integers(5, 300)) * 10_000_000 if is_htx else None,
                "main_products": str(rng.choice(crops, p=crop_p)),
                "managers_trained": int(rng.integers(0, 5)),
                "credit_access": bool(rng.random() < 0.4),
                "ocop_product": None,
                "ocop_stars": None,
                "ocop_year": None,
            }
        )
    # fixed events so that every period has some: new in 2025-H1 and 2026-H1, dissolved in both
    w.cooperatives[0]["established_on"] = dt.date(2026, 3, 12)
    w.cooperatives[1]["established_on"] = dt.date(2025, 4, 20)
    w.cooperatives[2].update(established_on=dt.date(2015, 6, 1), dissolved_on=dt.date(2026, 2, 27))
    w.cooperatives[3].update(established_on=dt.date(2016, 8, 9), dissolved_on=dt.date(2025, 5, 15))
    for j, c in enumerate(w.cooperatives[4:9]):
        c["ocop_product"] = f"{c['main_products'].capitalize()} {_COOP_WORDS[(j + 4) % len(_COOP_WORDS)]}"
        c["ocop_stars"] = int(rng.choice([3, 3, 4]))
        c["ocop_year"] = int(rng.choice([2024, 2025, 2026]))

    # producers
    names = _names(rng, scale)
    phones = _phones(rng, scale)
    gap = rng.choice(_GAP_CODES, scale, p=_GAP_WEIGHTS)
    issued = _dates(rng, dt.date(2022, 6, 1), dt.date(2026, 10, 31), scale)
    registered = _dates(rng, dt.date(2016, 1, 1), dt.date(2026, 10, 31), scale)
    kp = rng.choice(active_kp, scale)
    areas = np.round(np.clip(rng.lognormal(0.4, 0.7, scale), 0.2, 25), 2)
    main = rng.choice(crops, scale, p=crop_p)
    coop_member = rng.random(scale) < 0.35
    coop_idx = rng.integers(0, n_coop, scale)
    trained = rng.random(scale) < 0.45
    ecommerce = rng.random(scale) < 0.15
    years_born = rng.integers(1955, 2000, scale)
    cccd_tail = rng.choice(1_000_000, size=scale, replace=False)
    sex = rng.integers(0, 2, scale).tolist()
    ptype = rng.choice(_PRODUCER_TYPES, scale).tolist()
    has_variety = (rng.random(scale) < 0.4).tolist()
    variety_pick = rng.random(scale).tolist()
    gap, kp, areas, main = gap.tolist(), kp.tolist(), areas.tolist(), main.tolist()
    coop_member, coop_idx = coop_member.tolist(), coop_idx.tolist()
    trained, ecommerce = trained.tolist(), ecommerce.tolist()
    years_born, cccd_tail = years_born.tolist(), cccd_tail.tolist()
    coop_names = [c["name"] for c in w.cooperatives]
    for i in range(scale):
        g = gap[i]
        crop = main[i]
        variety = None
        if crop in _VARIETIES and has_variety[i]:
            options = _VARIETIES[crop]
            variety = options[int(variety_pick[i] * len(options))]
        expires = None
        if g != "NONE":
            d = issued[i]
            expires = d.replace(year=d.year + _GAP_YEARS[g], day=min(d.day, 28) if d.month == 2 else d.day)
        w.producers.append(
            {
                "name": names[i],
                "phone": phones[i],
                "id_card": f"075{sex[i]}{years_born[i] % 100:02d}{cccd_tail[i]:06d}",
                "khu_pho": kp[i],
                "producer_type": ptype[i],
                "cooperative": coop_names[coop_idx[i]] if coop_member[i] else None,
                "farm_area_ha": areas[i],
                "main_crop": crop,
                "crop_variety": variety,
                "gap_standard": g,
                "gap_issued_on": issued[i] if g != "NONE" else None,
                "gap_expires_on": expires,
                "trained": trained[i],
                "ecommerce": ecommerce[i],
                "registered_on": registered[i],
            }
        )

    # crop plots: one to three per producer, the first being the main crop
    n_plots = rng.choice([1, 1, 2, 3], scale)
    owner = np.repeat(np.arange(scale), n_plots)
    first = np.r_[True, owner[1:] != owner[:-1]]
    n = len(owner)
    weights = rng.random(n) + 0.2
    shares = weights / np.bincount(owner, weights)[owner]
    crop_of = np.where(first, np.asarray(main, dtype=object)[owner], rng.choice(crops, n, p=crop_p))
    fruit = np.isin(crop_of, [*_VARIETIES, "măng cụt", "chuối"])
    coded = (rng.random(n) < 0.45) & fruit
    code_no = rng.integers(1, 999, n)
    yld_u = rng.random(n)
    yld = np.round(np.where(fruit, 5 + 20 * yld_u, 1 + 7 * yld_u), 1)
    area = np.maximum(0.05, np.round(np.asarray(areas)[owner] * shares, 2))
    output = np.round(area * yld, 1)
    planted = rng.integers(2005, 2025, n)
    for j, (o, f, c, cd, a, y, out_t, yr) in enumerate(
        zip(
            owner.tolist(),
            first.tolist(),
            crop_of.tolist(),
            coded.tolist(),
            area.tolist(),
            yld.tolist(),
            output.tolist(),
            planted.tolist(),
            strict=True,
        )
    ):
        p = w.producers[o]
        w.plots.append(
            {
                "producer_name": p["name"],
                "phone": p["phone"],
                "khu_pho": p["khu_pho"],
                "crop": c,
                "variety": p["crop_variety"] if f else None,
                "area_ha": a,
                "growing_area_code": f"VN-DNOR-{code_no[j]:04d}" if cd else None,
                "gap_standard": p["gap_standard"] if f else "NONE",
                "year": yr,
                "yield_t_per_ha": y,
                "output_t": out_t,
            }
        )

    # linkages
    n_link = max(12, scale // 1000)
    link_starts = _dates(rng, dt.date(2023, 1, 1), dt.date(2026, 9, 30), n_link)
    link_starts[0], link_starts[1] = dt.date(2026, 2, 15), dt.date(2025, 3, 10)
    for i in range(n_link):
        lead = w.cooperatives[int(rng.integers(4, n_coop))]
        crop = lead["main_products"]
        start = link_starts[i]
        end = start + dt.timedelta(days=int(rng.integers(365, 1100))) if rng.random() < 0.85 else None
        approved = rng.random() < 0.6
        area = round(float(rng.uniform(10, 120)), 1)
        partners = [lead["name"]]
        if rng.random() < 0.4:
            partners.append(w.cooperatives[int(rng.integers(4, n_coop))]["name"])
        w.linkages.append(
            {
                "name": f"Liên kết sản xuất và tiêu thụ {crop} {i + 1:02d}",
                "lead_party": lead["name"],
                "partner_enterprise": str(rng.choice(_ENTERPRISES)),
                "crop": crop,
                "cooperatives": list(dict.fromkeys(partners)),
                "households": int(rng.integers(10, 90)),
                "area_ha": area,
                "volume_t": round(area * float(rng.uniform(4, 15)), 1),
                "contract_value_vnd": int(rng.integers(10, 400)) * 10_000_000,
                "start_on": start,
                "end_on": end,
                "approval_no": f"{int(rng.integers(100, 3999))}/QĐ-UBND" if approved else None,
                "approved_on": start - dt.timedelta(days=int(rng.integers(15, 90))) if approved else None,
                "support_vnd": int(rng.integers(5, 60)) * 10_000_000 if approved else None,
                "support_item": str(rng.choice(_SUPPORT_ITEMS)) if approved else None,
                "status": "đang thực hiện" if end is None or end >= dt.date(2026, 11, 1) else "đã kết thúc",
            }
        )

    # activities, spread over 2024-01 .. 2026-11 so every period has some of each task
    kinds = list(_ACTIVITY_WEIGHTS)
    kind_p = np.array(list(_ACTIVITY_WEIGHTS.values()), float)
    kind_p /= kind_p.sum()
    n_act = max(90, scale // 30)
    act_dates = sorted(_dates(rng, dt.date(2024, 1, 5), dt.date(2026, 11, 10), n_act))
    act_kinds = list(rng.choice(kinds, n_act, p=kind_p))
    # every kind at least once in each first half-year and each year, for year-on-year comparisons
    for year in (2024, 2025, 2026):
        for j, k in enumerate(kinds):
            act_dates.append(dt.date(year, 1 + j % 4, 3 + j))
            act_kinds.append(k)
    tasks = {r.code: r.task for r in load_reference().activity_kinds.itertuples()}
    for d, k in zip(act_dates, act_kinds, strict=True):
        hh = int(rng.integers(10, 80)) if k not in ("broadcast", "news") else 0
        coop = int(rng.integers(0, 8)) if hh else 0
        ent = int(rng.integers(0, 5)) if k in ("matching", "fair", "training", "communication") else 0
        w.activities.append(
            {
                "held_on": d,
                "kind": k,
                "plan_task": tasks[k],
                "title": _ACTIVITY_TITLES[k].format(crop=rng.choice(["chôm chôm", "sầu riêng", "bơ", "hồ tiêu"])),
                "organiser": str(rng.choice(_ORGANISERS)),
                "khu_pho": str(rng.choice(active_kp)) if hh and rng.random() < 0.6 else None,
                "participants": hh + coop + ent + (int(rng.integers(0, 10)) if hh else 0),
                "participants_households": hh,
                "participants_cooperatives": coop,
                "participants_enterprises": ent,
                "cost_vnd": int(rng.integers(1, 40)) * 1_000_000 if k not in ("broadcast", "news") else 0,
            }
        )
    w.activities.sort(key=lambda a: a["held_on"])
    return w


# --- rendering -----------------------------------------------------------------------------------


def _vn_decimal(x: float, places: int = 2) -> str:
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _vn_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class _Renderer:
    """Writes true values the many ways people type them; ``excel`` decides cell types."""

    def __init__(self, rng: np.random.Generator, excel: bool):
        self.rng = rng
        self.excel = excel
        self._buf: list[float] = []
        self._k = 0

    def pick(self, n: int) -> int:
        """A uniform choice among ``n`` styles, from a pre-drawn block (fast per cell)."""
        if self._k >= len(self._buf):
            self._buf = self.rng.random(65_536).tolist()
            self._k = 0
        self._k += 1
        return int(self._buf[self._k - 1] * n)

    def area(self, ha: float):
        s = self.pick(10)
        if s < 5:
            return ha if self.excel else _vn_decimal(ha)
        if s == 5:
            return f"{_vn_decimal(ha)} ha"
        if s == 6:
            return f"{ha:.2f}".rstrip("0").rstrip(".")
        if s == 7:
            return f"{_vn_thousands(round(ha * 10_000))} m2"
        if s == 8:
            return f"{_vn_decimal(ha * 10, 1)} sào"
        return f"{round(ha * 10_000)} m²"

    def money(self, vnd: int | None):
        if vnd is None:
            return None
        s = self.pick(5)
        if s == 0 and vnd >= 1_000_000_000:
            return f"{_vn_decimal(vnd / 1e9)} tỷ"
        if s == 1:
            return f"{_vn_decimal(vnd / 1e6)} triệu"
        if s == 2:
            return f"{_vn_thousands(vnd)} đ"
        if s == 3:
            return f"{_vn_thousands(vnd)}"
        return vnd if self.excel else _vn_thousands(vnd)

    def date(self, d: dt.date | None):
        if d is None:
            return None
        s = self.pick(8)
        if s < 3:
            return d if self.excel else f"{d.day:02d}/{d.month:02d}/{d.year}"
        if s == 3:
            return f"{d.day}/{d.month}/{d.year}"
        if s == 4:
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        if s == 5:
            return f"{d.day}/{d.month}/{d.year % 100:02d}"
        if s == 6:
            return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
        return d.isoformat()

    def phone(self, p: str):
        s = self.pick(6)
        if s == 0:
            return f"{p[:4]} {p[4:7]} {p[7:]}"
        if s == 1:
            return f"{p[:4]}.{p[4:7]}.{p[7:]}"
        if s == 2:
            return f"+84 {p[1:4]} {p[4:7]} {p[7:]}"
        if s == 3:  # typed into a number cell: the leading zero is lost
            return int(p) if self.excel else f"84{p[1:]}"
        return p

    @staticmethod
    @lru_cache(maxsize=1024)
    def _khu_pho_forms(name: str) -> tuple[str, ...]:
        n = int(name.rsplit(" ", 1)[1])
        return (f"KP{n}", f"Kp.{n}", f"khu pho {n:02d}", name, f"KP {n:02d}", name.upper(), name)

    @staticmethod
    @lru_cache(maxsize=1024)
    def _crop_forms(crop: str) -> tuple[str, ...]:
        return (crop, crop.upper(), fold(crop), crop[:1].upper() + crop[1:])

    def khu_pho(self, name: str) -> str:
        forms = self._khu_pho_forms(name)
        return forms[self.pick(len(forms))]

    def crop(self, crop: str, variety: str | None) -> str:
        if variety:
            return f"{crop[:1].upper()}{crop[1:]} {variety}"
        forms = self._crop_forms(crop)
        return forms[self.pick(len(forms))]

    def gap(self, code: str) -> str:
        return _GAP_RENDER[code][self.pick(len(_GAP_RENDER[code]))]

    def yes_no(self, b: bool) -> str:
        return ("Có" if b else "Không") if self.pick(3) else ("x" if b else "")


@dataclass
class _Sheet:
    """One sheet (or CSV file) to write: title rows, header, rows of cells, and their notes."""

    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row index, col) -> font
    skipped: list[int] = field(default_factory=list)  # row indexes of totals/repeated headers
    totals: bool = True


class _Truth:
    def __init__(self) -> None:
        self.files: dict[str, dict] = {}
        self.invalid: list[dict] = []
        self.duplicates: list[dict] = []
        self.legacy: list[dict] = []
        self.unresolved: list[dict] = []
        self.probable_duplicates: list[dict] = []


_TITLE_ROWS = 4  # "UBND PHƯỜNG LONG KHÁNH", the list title, the sample notice, a blank row


def _header_variant(rng: np.random.Generator, aliases: list[str], plain: bool) -> str:
    """Pick how a header is written: the canonical one, an alias, or without diacritics."""
    choice = aliases[int(rng.integers(0, min(3, len(aliases))))]
    if plain and rng.random() < 0.5:
        return fold(choice).upper() if rng.random() < 0.3 else fold(choice)
    return choice


def _write_xlsx(path: Path, sheets: list[_Sheet]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    wb.set_properties({"title": SAMPLE_NOTICE, "author": "lkdata sample", "created": _FIXED_TIME})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    legacy_fmt = {f: wb.add_format({"font_name": f}) for f in (".VnTime", "VNI-Times")}
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        ws.write(0, 0, "UBND PHƯỜNG LONG KHÁNH", bold)
        ws.write(1, 0, sh.title, bold)
        ws.write(2, 0, f"({SAMPLE_NOTICE})")
        r0 = _TITLE_ROWS
        for c, h in enumerate(sh.headers):
            ws.write(r0, c, h, head)
        for i, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                font = sh.fonts.get((i, c))
                if font:
                    ws.write_string(r0 + 1 + i, c, str(v), legacy_fmt[font])
                elif isinstance(v, dt.date):
                    ws.write_datetime(r0 + 1 + i, c, dt.datetime(v.year, v.month, v.day), datefmt)
                elif isinstance(v, bool):
                    ws.write_string(r0 + 1 + i, c, "Có" if v else "Không")
                elif isinstance(v, (int, float)):
                    ws.write_number(r0 + 1 + i, c, v)
                else:
                    ws.write_string(r0 + 1 + i, c, str(v))
        ws.set_column(0, 0, 5)
        ws.set_column(1, len(sh.headers), 16)
    wb.close()


def _write_csv(path: Path, sheet: _Sheet) -> None:
    """Write as Excel on a Vietnamese-locale Windows exports: UTF-8 with BOM, ``;`` separators."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def _xlsx_row(i: int) -> int:
    """The row number Excel shows for data row ``i`` (0-based) of a sheet."""
    return _TITLE_ROWS + 2 + i


def _csv_row(i: int) -> int:
    return i + 2


class _Builder:
    """Turns the world into files; records what it planted."""

    def __init__(self, rng: np.random.Generator, out: Path, world: _World, headers: dict):
        self.rng = rng
        self.out = out
        self.w = world
        self.headers = headers
        self.truth = _Truth()

    # -- helpers
    def header_row(self, dataset: str, fields: list[str], plain: bool = False) -> list[str]:
        return ["STT", *(_header_variant(self.rng, self.headers[dataset][f], plain) for f in fields)]

    def emit(self, dataset: str, fname: str, sheets: list[_Sheet], kind: str) -> None:
        path = self.out / dataset / fname
        path.parent.mkdir(parents=True, exist_ok=True)
        rel = f"{dataset}/{fname}"
        info: dict = {"sheets": {}, "data_rows": 0, "skipped_rows": 0}
        for sh in sheets:
            if sh.totals and sh.rows:
                self._add_totals(sh)
            n_skip = len(sh.skipped)
            n_data = len(sh.rows) - n_skip
            info["sheets"][sh.name if kind == "xlsx" else ""] = {
                "header_row": _TITLE_ROWS + 1 if kind == "xlsx" else 1,
                "data_rows": n_data,
                "skipped_rows": n_skip,
            }
            info["data_rows"] += n_data
            info["skipped_rows"] += n_skip
        if kind == "xlsx":
            _write_xlsx(path, sheets)
        else:
            _write_csv(path, sheets[0])
        self.truth.files[rel] = info

    @staticmethod
    def _add_totals(sh: _Sheet) -> None:
        total = [None] * len(sh.headers)
        total[1] = "Tổng cộng"
        sh.skipped.append(len(sh.rows))
        sh.rows.append(total)

    def where(self, dataset: str, fname: str, sheet: str, kind: str, i: int) -> dict:
        return {
            "dataset": dataset,
            "file": f"{dataset}/{fname}",
            "sheet": sheet if kind == "xlsx" else "",
            "row": _xlsx_row(i) if kind == "xlsx" else _csv_row(i),
        }

    # -- producers
    PRODUCER_FIELDS: ClassVar[list[str]] = [
        "name",
        "phone",
        "id_card",
        "khu_pho",
        "producer_type",
        "cooperative",
        "farm_area",
        "main_crop",
        "gap_standard",
        "gap_issued_on",
        "gap_expires_on",
        "trained",
        "ecommerce",
        "registered_on",
    ]

    def producer_cells(self, r: _Renderer, p: dict) -> list:
        return [
            p["name"],
            r.phone(p["phone"]),
            p["id_card"],
            r.khu_pho(p["khu_pho"]),
            p["producer_type"],
            p["cooperative"],
            r.area(p["farm_area_ha"]),
            r.crop(p["main_crop"], p["crop_variety"]),
            r.gap(p["gap_standard"]),
            r.date(p["gap_issued_on"]),
            r.date(p["gap_expires_on"]),
            r.yes_no(p["trained"]),
            r.yes_no(p["ecommerce"]),
            r.date(p["registered_on"]),
        ]

    def producers(self) -> None:
        w, rng = self.w, self.rng
        col = {f: i + 1 for i, f in enumerate(self.PRODUCER_FIELDS)}
        supplement = [p for p in w.producers if p["registered_on"] >= dt.date(2026, 1, 1)]
        main = [p for p in w.producers if p["registered_on"] < dt.date(2026, 1, 1)]
        by_kp: dict[str, list[dict]] = {}
        for p in main:
            by_kp.setdefault(p["khu_pho"], []).append(p)
        xr, cr = _Renderer(rng, True), _Renderer(rng, False)
        sheets: list[_Sheet] = []
        csv_sheets: list[tuple[str, _Sheet]] = []
        order = sorted(by_kp, key=lambda k: int(k.rsplit(" ", 1)[1]))
        cap = XLSX_ROW_BUDGET // max(1, len(order) - 3)
        for n_kp, kp in enumerate(order):
            n = int(kp.rsplit(" ", 1)[1])
            # the last three khu phố send CSV exports; a khu phố too large for a sheet sends the rest so
            head, tail = ([], by_kp[kp]) if n_kp >= len(order) - 3 else (by_kp[kp][:cap], by_kp[kp][cap:])
            headers = self.header_row("producers", self.PRODUCER_FIELDS, plain=n % 4 == 0)
            if head:
                sh = _Sheet(name=f"KP{n}", title=f"DANH SÁCH HỘ SẢN XUẤT NÔNG NGHIỆP - {kp.upper()}", headers=headers)
                sh.rows = [[i + 1, *self.producer_cells(xr, p)] for i, p in enumerate(head)]
                sheets.append(sh)
            if tail:
                csh = _Sheet(name="", title="", headers=headers, totals=False)
                csh.rows = [[i + 1, *self.producer_cells(cr, p)] for i, p in enumerate(tail)]
                csv_sheets.append((f"ho_san_xuat_kp{n:02d}.csv", csh))
        fname = "ho_san_xuat_theo_khu_pho.xlsx"
        # a repeated header row in the middle of the first sheet (pasted from another list)
        first = sheets[0]
        mid = len(first.rows) // 2
        first.rows.insert(mid, list(first.headers))
        first.skipped.append(mid)
        self._plant_producer_errors(sheets, fname, col)
        self._plant_legacy(sheets, fname, col["name"])
        self.emit("producers", fname, sheets, "xlsx")
        for cname, sh in csv_sheets:
            self.emit("producers", cname, [sh], "csv")

        # supplementary list of 2026 registrations, plus households already listed (duplicates)
        sup = _Sheet(
            name="Bổ sung 2026",
            title="DANH SÁCH HỘ ĐĂNG KÝ BỔ SUNG NĂM 2026",
            headers=self.header_row("producers", self.PRODUCER_FIELDS, plain=True),
        )
        sup.rows = [[i + 1, *self.producer_cells(xr, p)] for i, p in enumerate(supplement[:XLSX_ROW_BUDGET])]
        sfname = "ho_san_xuat_bo_sung_2026.xlsx"
        self._plant_duplicates(sheets, fname, sup, sfname, col)
        self.emit("producers", sfname, [sup], "xlsx")
        if len(supplement) > XLSX_ROW_BUDGET:
            csh = _Sheet(name="", title="", headers=sup.headers, totals=False)
            csh.rows = [[i + 1, *self.producer_cells(cr, p)] for i, p in enumerate(supplement[XLSX_ROW_BUDGET:])]
            self.emit("producers", "ho_san_xuat_bo_sung_2026.csv", [csh], "csv")

    def _plant_producer_errors(self, sheets: list[_Sheet], fname: str, col: dict) -> None:
        plants = [
            ("farm_area", "-3", "negative_area"),
            ("khu_pho", "Khu phố 99", "unknown_khu_pho"),
            ("registered_on", "31/02/2022", "invalid_date"),
            ("name", None, "missing_name"),
        ]
        for k, (fld, value, reason) in enumerate(plants):
            sh = sheets[(k + 1) % len(sheets)]
            i = self._data_index(sh, 2 + k)
            sh.rows[i][col[fld]] = value
            self.truth.invalid.append(
                {
                    **self.where("producers", fname, sh.name, "xlsx", i),
                    "field": fld,
                    "value": value,
                    "reason": reason,
                }
            )

    def _plant_legacy(self, sheets: list[_Sheet], fname: str, name_col: int) -> None:
        # names whose legacy rendering differs from Unicode (they hold a non-ASCII letter)
        planted = {(t["sheet"], t["row"]) for t in self.truth.invalid}
        count = 0
        for sh in sheets[2:] or sheets:
            for i in range(len(sh.rows)):
                if count >= 8:
                    return
                if i in sh.skipped or (sh.name, _xlsx_row(i)) in planted:
                    continue
                name = sh.rows[i][name_col]
                if not isinstance(name, str) or name.isascii() or i % 7:
                    continue
                enc = "tcvn3" if count % 2 == 0 else "vni"
                raw = to_legacy(name, enc)
                sh.rows[i][name_col] = raw
                sh.fonts[(i, name_col)] = ".VnTime" if enc == "tcvn3" else "VNI-Times"
                self.truth.legacy.append(
                    {
                        **self.where("producers", fname, sh.name, "xlsx", i),
                        "field": "name",
                        "encoding": enc,
                        "raw": raw,
                        "expected": name,
                    }
                )
                count += 1

    def _plant_duplicates(self, sheets, fname, sup: _Sheet, sfname: str, col: dict) -> None:
        """Copy households already listed into the supplement: exactly, or with hoà/hòa spelling."""
        planted = {(t["sheet"], t["row"]) for t in self.truth.invalid + self.truth.legacy}
        picks = []
        for sh in sheets:
            for i, row in enumerate(sh.rows):
                if i in sh.skipped or (sh.name, _xlsx_row(i)) in planted or not isinstance(row[col["name"]], str):
                    continue
                variant = any(s in row[col["name"]] for s in ("Hòa", "Thủy"))
                picks.append((sh, i, variant))
        variants = [p for p in picks if p[2]][:2]
        plain = [p for p in picks if not p[2]][3 :: max(1, len(picks) // 6)][:4]
        for sh, i, variant in plain + variants:
            row = list(sh.rows[i])
            if variant:
                row[col["name"]] = row[col["name"]].replace("Hòa", "Hoà").replace("Thủy", "Thuỷ")
            row[0] = len(sup.rows) + 1
            sup.rows.append(row)
            j = len(sup.rows) - 1
            self.truth.duplicates.append(
                {
                    **self.where("producers", sfname, sup.name, "xlsx", j),
                    "kind": "tone_variant" if variant else "exact",
                    "of": self.where("producers", fname, sh.name, "xlsx", i),
                }
            )

    @staticmethod
    def _data_index(sh: _Sheet, i: int) -> int:
        while i in sh.skipped:
            i += 1
        return i

    # -- cooperatives
    COOP_FIELDS: ClassVar[list[str]] = [
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

    def cooperatives(self) -> None:
        r = _Renderer(self.rng, True)
        sh = _Sheet(
            name="HTX-THT",
            title="DANH SÁCH HỢP TÁC XÃ, TỔ HỢP TÁC NÔNG NGHIỆP",
            headers=self.header_row("cooperatives", self.COOP_FIELDS),
        )
        for i, c in enumerate(self.w.cooperatives):
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
        # an invalid row: a kind that is neither HTX nor THT, and an impossible date
        bad = [
            len(sh.rows) + 1,
            "Công ty TNHH Dịch vụ Nông Phát (mẫu)",
            "Công ty",
            "30/02/2025",
            None,
            "KP3",
            5,
            "500 triệu",
            "sầu riêng",
            0,
            "Không",
            None,
            None,
            None,
        ]
        sh.rows.append(bad)
        fname = "danh_sach_htx_tht.xlsx"
        self.truth.invalid.append(
            {
                **self.where("cooperatives", fname, sh.name, "xlsx", len(sh.rows) - 1),
                "field": "kind",
                "value": "Công ty",
                "reason": "invalid_kind",
            }
        )
        self.emit("cooperatives", fname, [sh], "xlsx")

    # -- crops
    CROP_FIELDS: ClassVar[list[str]] = [
        "producer_name",
        "phone",
        "khu_pho",
        "crop",
        "area",
        "growing_area_code",
        "gap_standard",
        "year",
        "yield_t_per_ha",
        "output_t",
    ]

    def crops(self) -> None:
        plots = self.w.plots
        half = len(plots) // 2
        xr, cr = _Renderer(self.rng, True), _Renderer(self.rng, False)
        sheets: list[_Sheet] = []
        groups: dict[int, list[dict]] = {}
        for p in plots[:half]:
            groups.setdefault((int(p["khu_pho"].rsplit(" ", 1)[1]) - 1) // 5, []).append(p)
        cap = XLSX_ROW_BUDGET // max(1, len(groups))
        overflow: list[dict] = []
        for g in sorted(groups):
            overflow.extend(groups[g][cap:])
            sh = _Sheet(
                name=f"KP{g * 5 + 1}-{g * 5 + 5}",
                title="THỐNG KÊ DIỆN TÍCH CÂY TRỒNG THEO HỘ",
                headers=self.header_row("crops", self.CROP_FIELDS),
            )
            sh.rows = [[i + 1, *self.plot_cells(xr, p)] for i, p in enumerate(groups[g][:cap])]
            sheets.append(sh)
        fname = "dien_tich_cay_trong.xlsx"
        sh = sheets[0]
        i = self._data_index(sh, 3)
        sh.rows[i][5] = "-3"
        self.truth.invalid.append(
            {
                **self.where("crops", fname, sh.name, "xlsx", i),
                "field": "area",
                "value": "-3",
                "reason": "negative_area",
            }
        )
        i = self._data_index(sh, 6)
        sh.rows[i][4] = "Sầu riêg"
        self.truth.invalid.append(
            {
                **self.where("crops", fname, sh.name, "xlsx", i),
                "field": "crop",
                "value": "Sầu riêg",
                "reason": "unknown_crop",
                "suggestion": "sầu riêng",
            }
        )
        self.emit("crops", fname, sheets, "xlsx")
        rest = overflow + plots[half:]
        chunk = 100_000
        for k in range(0, max(1, len(rest)), chunk):
            part = rest[k : k + chunk]
            csh = _Sheet(
                name="",
                title="",
                headers=self.header_row("crops", self.CROP_FIELDS, plain=True),
                totals=False,
            )
            for i, p in enumerate(part):
                csh.rows.append([i + 1, *self.plot_cells(cr, p)])
            suffix = "" if len(rest) <= chunk else f"_phan{k // chunk + 1}"
            self.emit("crops", f"vung_trong_bo_sung{suffix}.csv", [csh], "csv")

    def plot_cells(self, r: _Renderer, p: dict) -> list:
        def num(x):
            return x if r.excel else _vn_decimal(x, 1)

        return [
            p["producer_name"],
            r.phone(p["phone"]),
            r.khu_pho(p["khu_pho"]),
            r.crop(p["crop"], p["variety"]),
            r.area(p["area_ha"]),
            p["growing_area_code"],
            r.gap(p["gap_standard"]),
            p["year"],
            num(p["yield_t_per_ha"]),
            num(p["output_t"]),
        ]

    # -- linkages
    LINK_FIELDS: ClassVar[list[str]] = [
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

    def linkages(self) -> None:
        r = _Renderer(self.rng, True)
        sh = _Sheet(
            name="Liên kết",
            title="DANH SÁCH CHUỖI LIÊN KẾT SẢN XUẤT VÀ TIÊU THỤ SẢN PHẨM",
            headers=self.header_row("linkages", self.LINK_FIELDS),
        )
        for i, lk in enumerate(self.w.linkages):
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
        # a linkage naming a cooperative that is in no list: kept, its reference reported
        lk_row = sh.rows[-1]
        lk_row[5] = f"{lk_row[5]}; HTX Nông nghiệp Chưa Đăng Ký (mẫu)"
        fname = "lien_ket_san_xuat_tieu_thu.xlsx"
        self.truth.unresolved.append(
            {
                **self.where("linkages", fname, sh.name, "xlsx", len(sh.rows) - 1),
                "field": "cooperatives",
                "value": "HTX Nông nghiệp Chưa Đăng Ký (mẫu)",
            }
        )
        self.emit("linkages", fname, [sh], "xlsx")

    # -- activities
    ACT_FIELDS: ClassVar[list[str]] = [
        "held_on",
        "kind",
        "plan_task",
        "title",
        "organiser",
        "khu_pho",
        "participants",
        "participants_households",
        "participants_cooperatives",
        "participants_enterprises",
        "cost",
    ]

    def activities(self) -> None:
        kinds = {r.code: r.name for r in load_reference().activity_kinds.itertuples()}
        xr, cr = _Renderer(self.rng, True), _Renderer(self.rng, False)

        def cells(r: _Renderer, a: dict) -> list:
            name = kinds[a["kind"]]
            return [
                r.date(a["held_on"]),
                name[:1].upper() + name[1:] if r.pick(2) else name,
                a["plan_task"],
                a["title"],
                a["organiser"],
                r.khu_pho(a["khu_pho"]) if a["khu_pho"] else None,
                a["participants"],
                a["participants_households"],
                a["participants_cooperatives"],
                a["participants_enterprises"],
                r.money(a["cost_vnd"]) if a["cost_vnd"] else 0,
            ]

        sheets = []
        overflow: list[dict] = []
        for year in (2024, 2025):
            acts = [a for a in self.w.activities if a["held_on"].year == year]
            overflow.extend(acts[XLSX_ROW_BUDGET // 2 :])
            sh = _Sheet(
                name=f"Năm {year}",
                title=f"KẾT QUẢ CÁC HOẠT ĐỘNG THỰC HIỆN KẾ HOẠCH NĂM {year}",
                headers=self.header_row("activities", self.ACT_FIELDS),
                totals=False,
            )
            sh.rows = [[i + 1, *cells(xr, a)] for i, a in enumerate(acts[: XLSX_ROW_BUDGET // 2])]
            sheets.append(sh)
        self.emit("activities", "hoat_dong_2024_2025.xlsx", sheets, "xlsx")
        if overflow:
            osh = _Sheet(name="", title="", headers=sheets[0].headers, totals=False)
            osh.rows = [[i + 1, *cells(cr, a)] for i, a in enumerate(overflow)]
            self.emit("activities", "hoat_dong_2024_2025_bo_sung.csv", [osh], "csv")
        csh = _Sheet(
            name="",
            title="",
            headers=self.header_row("activities", self.ACT_FIELDS, plain=True),
            totals=False,
        )
        for a in (a for a in self.w.activities if a["held_on"].year == 2026):
            csh.rows.append([len(csh.rows) + 1, *cells(cr, a)])
        i = 4
        csh.rows[i][1] = "31/04/2026"
        fname = "hoat_dong_2026.csv"
        self.truth.invalid.append(
            {
                **self.where("activities", fname, "", "csv", i),
                "field": "held_on",
                "value": "31/04/2026",
                "reason": "invalid_date",
            }
        )
        self.emit("activities", fname, [csh], "csv")


def _write_notes(out: Path) -> None:
    """The analyst's notes that go with the sample (``notes/<period>.md``), so its reports read whole."""
    from importlib import resources

    folder = out / "notes"
    folder.mkdir(exist_ok=True)
    for f in sorted(resources.files("lkdata").joinpath("sample_notes").iterdir(), key=lambda f: f.name):
        if f.name.endswith(".md"):
            (folder / f.name).write_bytes(f.read_bytes())


def generate_sample(out: Path, seed: int = 2026, scale: int = 300) -> dict:
    """Write a synthetic raw dataset for all five datasets, and the truth it planted.

    Parameters
    ----------
    out : Path
        The raw folder to fill (``data/raw`` layout: one sub-folder per dataset).
    seed : int
        Random seed; the same seed and scale give byte-identical CSVs and identical cell values.
    scale : int
        Number of producers (households); the other datasets grow with it.

    Returns
    -------
    dict
        The planted truth, also written to ``out/_sample_truth.json``.
    """
    if scale < 100:
        raise ValueError("scale must be at least 100 producers")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for d in DATASETS:
        folder = out / d
        if folder.is_dir():
            for f in folder.iterdir():
                if f.suffix.lower() in (".xlsx", ".csv") and f.is_file():
                    f.unlink()
    rng = np.random.default_rng(seed)
    ref = load_reference()
    khu_pho = list(ref.khu_pho["name"])
    world = _build_world(rng, scale, khu_pho)
    b = _Builder(rng, out, world, ref.headers)
    b.producers()
    b.cooperatives()
    b.crops()
    b.linkages()
    b.activities()
    t = b.truth
    truth = {
        "notice": SAMPLE_NOTICE,
        "seed": seed,
        "scale": scale,
        "lkdata_version": __version__,
        "khu_pho_without_data": khu_pho[len(khu_pho) - SILENT_KHU_PHO :],
        "files": t.files,
        "invalid": t.invalid,
        "duplicates": t.duplicates,
        "legacy": t.legacy,
        "unresolved": t.unresolved,
        "records": {
            "producers": len(world.producers),
            "cooperatives": len(world.cooperatives),
            "crops": len(world.plots),
            "linkages": len(world.linkages),
            "activities": len(world.activities),
        },
    }
    _write_notes(out)
    (out / TRUTH_FILE).write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    log.info("Đã tạo dữ liệu mẫu: %s hộ, %s tệp", scale, len(t.files))
    return truth
