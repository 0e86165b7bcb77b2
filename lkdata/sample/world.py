"""The invented ward: its households, cooperatives, crop plots, linkages and activities, as true records.

The records are drawn from one random generator in a fixed order (cooperatives, households, plots,
linkages, activities), so the same seed and scale always give the same ward.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from ..vn.places import Places
from .vocabulary import (
    ACTIVITY_TITLES,
    ACTIVITY_WEIGHTS,
    COOP_KINDS_HTX,
    COOP_KINDS_THT,
    COOP_WORDS,
    CROP_WEIGHTS,
    ENTERPRISES,
    FAMILY,
    GAP_CODES,
    GAP_WEIGHTS,
    GAP_YEARS,
    GIVEN_F,
    GIVEN_M,
    MIDDLE_F,
    MIDDLE_M,
    ORGANISERS,
    PRODUCER_TYPES,
    SUPPORT_ITEMS,
    VARIETIES,
)

__all__ = ["SILENT_KHU_PHO", "World", "build_world"]

#: Khu phố (from the end of the catalogue) that send nothing, for completeness checks.
SILENT_KHU_PHO = 3


@dataclass
class World:
    """The true records behind the sample, before they are rendered into spreadsheets."""

    khu_pho: list[str]
    #: each sub-unit's name -> the ways people type it (:func:`~lkdata.sample.typist.sub_unit_forms`)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the profile's words for the place and its sub-units
    places: Places = field(default_factory=Places)
    producers: list[dict] = field(default_factory=list)
    cooperatives: list[dict] = field(default_factory=list)
    plots: list[dict] = field(default_factory=list)
    linkages: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)


def build_world(
    rng: np.random.Generator,
    scale: int,
    khu_pho: list[str],
    tasks: dict[str, str | None],
    *,
    places: Places | None = None,
    office: str = "",
) -> World:
    """Draw the ward's true records.

    Parameters
    ----------
    rng : numpy.random.Generator
        The sample's one random generator; the records are drawn from it in a fixed order.
    scale : int
        Number of households; the other records grow with it.
    khu_pho : list of str
        The khu phố names of the catalogue; the last ``SILENT_KHU_PHO`` of them get no records.
    tasks : dict
        The plan task of each activity kind code (``None`` where the plan has none: the cell is left blank).
    places : Places, optional
        The profile's words (its kind names the organisers: ``Hội Nông dân xã``); Long Khánh's by default.
    office : str
        The profile's office, which organises some activities.

    Returns
    -------
    World
        The households, cooperatives, plots, linkages and activities.
    """
    w = World(khu_pho=khu_pho, places=places or Places())
    active_kp = khu_pho[: len(khu_pho) - SILENT_KHU_PHO]
    crops = list(CROP_WEIGHTS)
    crop_p = np.array(list(CROP_WEIGHTS.values()), float)
    crop_p /= crop_p.sum()
    w.cooperatives = _cooperatives(rng, scale, active_kp, crops, crop_p)
    w.producers = _producers(rng, scale, active_kp, crops, crop_p, [c["name"] for c in w.cooperatives])
    w.plots = _plots(rng, w.producers, crops, crop_p)
    w.linkages = _linkages(rng, scale, w.cooperatives, w.plots)
    w.activities = _activities(rng, scale, active_kp, tasks, w.places, office)
    return w


def _dates(rng: np.random.Generator, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    days = rng.integers(0, (end - start).days + 1, size=n)
    base = start.toordinal()
    return [dt.date.fromordinal(base + d) for d in days.tolist()]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    female = rng.random(n) < 0.45
    fam = rng.choice(FAMILY, n)
    mid = np.where(female, rng.choice(MIDDLE_F, n), rng.choice(MIDDLE_M, n))
    giv = np.where(female, rng.choice(GIVEN_F, n), rng.choice(GIVEN_M, n))
    return [f"{a} {b} {c}" for a, b, c in zip(fam, mid, giv, strict=True)]


def _phones(rng: np.random.Generator, n: int) -> list[str]:
    prefixes = np.array(["090", "091", "093", "097", "098", "086", "032", "035", "038", "070", "079", "081"])
    pre = rng.choice(prefixes, n)
    # unique 7-digit tails, so that no two households share a phone by chance
    tails = rng.choice(10_000_000, size=n, replace=False)
    return [f"{p}{t:07d}" for p, t in zip(pre.tolist(), tails.tolist(), strict=True)]


def _cooperatives(
    rng: np.random.Generator, scale: int, active_kp: list[str], crops: list[str], crop_p: np.ndarray
) -> list[dict]:
    coops = []
    n_coop = max(15, scale // 150)  # a province: some 2,000 HTX/THT for 300,000 households
    for i in range(n_coop):
        is_htx = rng.random() < 0.6
        prefix = rng.choice(COOP_KINDS_HTX if is_htx else COOP_KINDS_THT)
        word = COOP_WORDS[i % len(COOP_WORDS)] + ("" if i < len(COOP_WORDS) else f" {i // len(COOP_WORDS) + 1}")
        est = _dates(rng, dt.date(2012, 1, 1), dt.date(2026, 9, 30), 1)[0]
        coops.append(
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
    coops[0]["established_on"] = dt.date(2026, 3, 12)
    coops[1]["established_on"] = dt.date(2025, 4, 20)
    coops[2].update(established_on=dt.date(2015, 6, 1), dissolved_on=dt.date(2026, 2, 27))
    coops[3].update(established_on=dt.date(2016, 8, 9), dissolved_on=dt.date(2025, 5, 15))
    for j, c in enumerate(coops[4:9]):
        c["ocop_product"] = f"{c['main_products'].capitalize()} {COOP_WORDS[(j + 4) % len(COOP_WORDS)]}"
        c["ocop_stars"] = int(rng.choice([3, 3, 4]))
        c["ocop_year"] = int(rng.choice([2024, 2025, 2026]))
    return coops


def _producers(
    rng: np.random.Generator,
    scale: int,
    active_kp: list[str],
    crops: list[str],
    crop_p: np.ndarray,
    coop_names: list[str],
) -> list[dict]:
    names = _names(rng, scale)
    phones = _phones(rng, scale)
    gap = rng.choice(GAP_CODES, scale, p=GAP_WEIGHTS)
    issued = _dates(rng, dt.date(2022, 6, 1), dt.date(2026, 10, 31), scale)
    registered = _dates(rng, dt.date(2016, 1, 1), dt.date(2026, 10, 31), scale)
    kp = rng.choice(active_kp, scale)
    areas = np.round(np.clip(rng.lognormal(0.4, 0.7, scale), 0.2, 25), 2)
    main = rng.choice(crops, scale, p=crop_p)
    coop_member = rng.random(scale) < 0.35
    coop_idx = rng.integers(0, len(coop_names), scale)
    trained = rng.random(scale) < 0.45
    ecommerce = rng.random(scale) < 0.15
    years_born = rng.integers(1955, 2000, scale)
    cccd_tail = rng.choice(1_000_000, size=scale, replace=False)
    sex = rng.integers(0, 2, scale).tolist()
    ptype = rng.choice(PRODUCER_TYPES, scale).tolist()
    has_variety = (rng.random(scale) < 0.4).tolist()
    variety_pick = rng.random(scale).tolist()
    gap, kp, areas, main = gap.tolist(), kp.tolist(), areas.tolist(), main.tolist()
    coop_member, coop_idx = coop_member.tolist(), coop_idx.tolist()
    trained, ecommerce = trained.tolist(), ecommerce.tolist()
    years_born, cccd_tail = years_born.tolist(), cccd_tail.tolist()
    producers = []
    for i in range(scale):
        g = gap[i]
        crop = main[i]
        variety = None
        if crop in VARIETIES and has_variety[i]:
            options = VARIETIES[crop]
            variety = options[int(variety_pick[i] * len(options))]
        expires = None
        if g != "NONE":
            d = issued[i]
            expires = d.replace(year=d.year + GAP_YEARS[g], day=min(d.day, 28) if d.month == 2 else d.day)
        producers.append(
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
    return producers


def _plots(rng: np.random.Generator, producers: list[dict], crops: list[str], crop_p: np.ndarray) -> list[dict]:
    """Crop plots: one to three per producer, the first being the main crop."""
    scale = len(producers)
    main = [p["main_crop"] for p in producers]
    areas = [p["farm_area_ha"] for p in producers]
    n_plots = rng.choice([1, 1, 2, 3], scale)
    owner = np.repeat(np.arange(scale), n_plots)
    first = np.r_[True, owner[1:] != owner[:-1]]
    n = len(owner)
    weights = rng.random(n) + 0.2
    shares = weights / np.bincount(owner, weights)[owner]
    crop_of = np.where(first, np.asarray(main, dtype=object)[owner], rng.choice(crops, n, p=crop_p))
    fruit = np.isin(crop_of, [*VARIETIES, "măng cụt", "chuối"])
    coded = (rng.random(n) < 0.45) & fruit
    code_no = rng.integers(1, 999, n)
    yld_u = rng.random(n)
    yld = np.round(np.where(fruit, 5 + 20 * yld_u, 1 + 7 * yld_u), 1)
    area = np.maximum(0.05, np.round(np.asarray(areas)[owner] * shares, 2))
    output = np.round(area * yld, 1)
    planted = rng.integers(2005, 2025, n)
    # when each code was granted, for about two plots in three (the others' lists do not say): drawn from a
    # generator of its own, so the rest of the ward is what it was before this column existed
    side = rng.spawn(1)[0]
    granted = _dates(side, dt.date(2018, 1, 1), dt.date(2026, 9, 30), n)
    dated = side.random(n) < 0.65
    plots = []
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
        p = producers[o]
        plots.append(
            {
                "producer_name": p["name"],
                "phone": p["phone"],
                "khu_pho": p["khu_pho"],
                "crop": c,
                "variety": p["crop_variety"] if f else None,
                "area_ha": a,
                "growing_area_code": f"VN-DNOR-{code_no[j]:04d}" if cd else None,
                "growing_area_code_issued_on": granted[j] if cd and dated[j] else None,
                "gap_standard": p["gap_standard"] if f else "NONE",
                "year": yr,
                "yield_t_per_ha": y,
                "output_t": out_t,
            }
        )
    return plots


def _linkages(rng: np.random.Generator, scale: int, coops: list[dict], plots: list[dict]) -> list[dict]:
    """Linkage contracts, each of its lead cooperative's main crop.

    A contract's area and households are a share of what the ward's plots of its crop hold (the contracts
    of one crop together take at most 65% of its planted area and each fewer households than grow it), and
    its cooperatives were founded before it started, with two irregularities planted on purpose, which the
    validation rules across datasets (``validation_rules.csv``) find and the report notes: the first
    contract names a cooperative as drawn, whatever its founding date; and the contract running through
    2026 of the crop with the largest planted area counts 115% of that area (members' land in the
    neighbouring ward included).
    """
    n_coop = len(coops)
    n_link = max(12, scale // 1000)
    link_starts = _dates(rng, dt.date(2023, 1, 1), dt.date(2026, 9, 30), n_link)
    link_starts[0], link_starts[1] = dt.date(2026, 2, 15), dt.date(2025, 3, 10)
    planted: dict[str, float] = {}
    growers: dict[str, set] = {}
    for p in plots:
        planted[p["crop"]] = planted.get(p["crop"], 0.0) + p["area_ha"]
        growers.setdefault(p["crop"], set()).add((p["producer_name"], p["phone"]))

    def founded_before(j: int, start: dt.date, i: int) -> dict:
        """Cooperative ``j`` when it was founded 30 days before ``start`` (and not dissolved), else the
        ``j``-th of those that were (the first contract keeps the one drawn)."""
        able = [c for c in coops[4:] if c["established_on"] <= start - dt.timedelta(days=30) and not c["dissolved_on"]]
        return coops[j] if i == 0 or coops[j] in able or not able else able[(j + i) % len(able)]

    linkages, shares = [], []
    for i in range(n_link):
        start = link_starts[i]
        lead = founded_before(int(rng.integers(4, n_coop)), start, i)
        crop = lead["main_products"]
        end = start + dt.timedelta(days=int(rng.integers(365, 1100))) if rng.random() < 0.85 else None
        approved = rng.random() < 0.6
        area_share = (float(rng.uniform(10, 120)) - 10) / 110
        partners = [lead["name"]]
        if rng.random() < 0.4:
            partners.append(founded_before(int(rng.integers(4, n_coop)), start, i)["name"])
        enterprise = str(rng.choice(ENTERPRISES))
        household_share = (int(rng.integers(10, 90)) - 10) / 80
        shares.append((area_share, household_share, float(rng.uniform(4, 15))))
        linkages.append(
            {
                "name": f"Liên kết sản xuất và tiêu thụ {crop} {i + 1:02d}",
                "lead_party": lead["name"],
                "partner_enterprise": enterprise,
                "crop": crop,
                "cooperatives": list(dict.fromkeys(partners)),
                "contract_value_vnd": int(rng.integers(10, 400)) * 10_000_000,
                "start_on": start,
                "end_on": end,
                "approval_no": f"{int(rng.integers(100, 3999))}/QĐ-UBND" if approved else None,
                "approved_on": start - dt.timedelta(days=int(rng.integers(15, 90))) if approved else None,
                "support_vnd": int(rng.integers(5, 60)) * 10_000_000 if approved else None,
                "support_item": str(rng.choice(SUPPORT_ITEMS)) if approved else None,
                "status": "đang thực hiện" if end is None or end >= dt.date(2026, 11, 1) else "đã kết thúc",
            }
        )
    of_crop = {c: sum(lk["crop"] == c for lk in linkages) for c in planted}
    for lk, (a, h, _) in zip(linkages, shares, strict=True):
        k = of_crop.get(lk["crop"], 1)
        lk["area_ha"] = round(planted.get(lk["crop"], 10.0) * (0.15 + 0.5 * a) / k, 1)
        lk["households"] = max(3, round(len(growers.get(lk["crop"], ())) * (0.2 + 0.6 * h) / k))
    through_2026 = [lk for lk in linkages if lk["start_on"] <= dt.date(2026, 5, 5)
                    and (lk["end_on"] is None or lk["end_on"] >= dt.date(2026, 11, 10))]  # fmt: skip
    if through_2026:
        wide = max(through_2026, key=lambda lk: planted.get(lk["crop"], 0.0))
        wide["area_ha"] = round(1.15 * planted.get(wide["crop"], 0.0), 1)
    for lk, (_, _, yld) in zip(linkages, shares, strict=True):
        lk["volume_t"] = round(lk["area_ha"] * yld, 1)
    return linkages


def _activities(
    rng: np.random.Generator,
    scale: int,
    active_kp: list[str],
    tasks: dict[str, str | None],
    places: Places,
    office: str,
) -> list[dict]:
    """Activities over 2024-01 .. 2026-11, so every period has some of each task."""
    kinds = list(ACTIVITY_WEIGHTS)
    kind_p = np.array(list(ACTIVITY_WEIGHTS.values()), float)
    kind_p /= kind_p.sum()
    n_act = max(90, scale // 30)
    act_dates = sorted(_dates(rng, dt.date(2024, 1, 5), dt.date(2026, 11, 10), n_act))
    act_kinds = list(rng.choice(kinds, n_act, p=kind_p))
    # every kind at least once in each first half-year and each year, for year-on-year comparisons
    for year in (2024, 2025, 2026):
        for j, k in enumerate(kinds):
            act_dates.append(dt.date(year, 1 + j % 4, 3 + j))
            act_kinds.append(k)
    activities = []
    for d, k in zip(act_dates, act_kinds, strict=True):
        hh = int(rng.integers(10, 80)) if k not in ("broadcast", "news") else 0
        coop = int(rng.integers(0, 8)) if hh else 0
        ent = int(rng.integers(0, 5)) if k in ("matching", "fair", "training", "communication") else 0
        activities.append(
            {
                "held_on": d,
                "kind": k,
                "plan_task": tasks[k],
                "title": ACTIVITY_TITLES[k].format(
                    crop=rng.choice(["chôm chôm", "sầu riêng", "bơ", "hồ tiêu"]), kind=places.kind
                ),
                "organiser": str(rng.choice(ORGANISERS)).format(office=office, kind=places.kind),
                "khu_pho": str(rng.choice(active_kp)) if hh and rng.random() < 0.6 else None,
                "participants": hh + coop + ent + (int(rng.integers(0, 10)) if hh else 0),
                "participants_households": hh,
                "participants_cooperatives": coop,
                "participants_enterprises": ent,
                "cost_vnd": int(rng.integers(1, 40)) * 1_000_000 if k not in ("broadcast", "news") else 0,
            }
        )
    activities.sort(key=lambda a: a["held_on"])
    return activities
