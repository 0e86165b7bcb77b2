"""Exchange files as a commune's report would write them, for tests and benchmarks of ``lkdata consolidate``:
every dict made here is checked against the exchange format's JSON Schema before it is returned (a factory
that made invalid files would test nothing)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from ..errors import InternalError
from ..io.exchange_inbox import FORMAT, schema_problems

__all__ = ["DEFINITIONS", "exchange_file", "indicator", "period_part", "sample_indicators"]

#: A few shared definitions (id, label, unit, kind) of the default plan, and one share: what the sample
#: communes report.
DEFINITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("training_courses", "Lớp tập huấn về liên kết sản xuất, tiêu thụ", "lớp", "flow"),
    ("training_participants", "Lượt người dự tập huấn", "lượt người", "flow"),
    ("linkages_active", "Chuỗi liên kết đang thực hiện", "chuỗi", "stock"),
    ("linkage_area_ha", "Diện tích liên kết", "ha", "stock"),
    ("linkage_volume_t", "Sản lượng tiêu thụ theo hợp đồng liên kết", "tấn", "stock"),
    ("coops_active", "HTX, THT đang hoạt động", "HTX/THT", "stock"),
    ("producers_registered", "Hộ, cơ sở sản xuất nông nghiệp trong danh sách", "hộ", "stock"),
    ("producers_certified", "Hộ có chứng nhận VietGAP, GlobalGAP, hữu cơ còn hiệu lực", "hộ", "stock"),
    ("certified_area_ha", "Diện tích có chứng nhận còn hiệu lực", "ha", "stock"),
    ("support_vnd", "Kinh phí hỗ trợ liên kết", "đồng", "flow"),
    ("producers_certified_share", "Tỷ lệ hộ có chứng nhận còn hiệu lực", "%", "ratio"),
)

_LABELS = {"H1": "6 tháng đầu năm {y}", "H2": "6 tháng cuối năm {y}", "year": "năm {y}"}


def period_part(key: str = "2026-H1", due: str | None = None) -> dict:
    """The ``period`` object of a six-month or annual period key (``2026-H1``, ``2026-H2``, ``2026``)."""
    year, _, half = key.partition("-")
    y = int(year)
    kind = half or "year"
    start, end = {"H1": ("01-01", "06-30"), "H2": ("07-01", "12-31"), "year": ("01-01", "12-31")}[kind]
    return {"key": key, "kind": kind, "start": f"{y}-{start}", "end": f"{y}-{end}", "due": due,
            "label": _LABELS[kind].format(y=y)}  # fmt: skip


def indicator(definition: str, value: float | None, previous: float | None = None, target: float | None = None, *,
              id: str | None = None, label: str | None = None, unit: str | None = None, kind: str | None = None,
              task: str | None = None) -> dict:  # fmt: skip
    """One indicator of an exchange file; label, unit and kind default to :data:`DEFINITIONS`'."""
    known = {d[0]: d for d in DEFINITIONS}.get(definition, (definition, definition, "", None))
    out = {"id": id or definition, "definition": definition, "task": task, "label": label or known[1],
           "unit": unit if unit is not None else known[2], "value": value, "previous": previous,
           "target": target}  # fmt: skip
    if (kind or known[3]) is not None:
        out["kind"] = kind or known[3]
    return out


def sample_indicators(seed: int) -> list[dict]:
    """Plausible values of :data:`DEFINITIONS` for one commune (a figure left unknown now and then)."""
    rng = random.Random(seed)
    out = []
    registered = rng.randint(200, 2000)
    certified = rng.randint(0, registered // 4)
    parts = {"producers_registered": registered, "producers_certified": certified}
    for d, _label, unit, kind in DEFINITIONS:
        if kind == "ratio":
            out.append(indicator(d, round(100 * certified / registered, 1), None))
            continue
        value = parts.get(d) or (round(rng.uniform(1, 500), 1) if unit in ("ha", "tấn") else rng.randint(0, 40))
        if unit == "đồng":
            value = rng.randint(0, 50) * 10_000_000
        previous = None if rng.random() < 0.15 else (round(value * rng.uniform(0.6, 1.2), 1) if unit in ("ha", "tấn")
                                                      else int(value * rng.uniform(0.6, 1.2)))  # fmt: skip
        value = None if d not in parts and rng.random() < 0.05 else value
        out.append(indicator(d, value, previous, None))
    return out


def exchange_file(code: str, name: str, kind: str = "xã", *, period: str | dict = "2026-H1",
                  generated_at: str | dt.datetime = "2026-05-08T09:30:00+07:00",
                  indicators: Sequence[dict] | None = None,
                  plan_id: str = "01/KH-UBND", status: str = "final", **top: object) -> dict:  # fmt: skip
    """A schema-valid exchange file of commune ``code`` for ``period`` (``top`` replaces top-level keys).

    Raises
    ------
    InternalError
        When the dict made is not valid by the schema (the factory's caller asked for an invalid file: make it
        valid here, then break it in the test).
    """
    stamp = generated_at.isoformat() if isinstance(generated_at, dt.datetime) else generated_at
    p = period_part(period) if isinstance(period, str) else period
    data = {
        "format": FORMAT,
        "format_version": "1.0",
        "generated_at": stamp,
        "generator": "lkdata (mẫu)",
        "status": status,
        "period": p,
        "cutoff": p["end"] if p["kind"] != "H1" else p["start"][:4] + "-05-05",
        "reporter": {"code": code, "name": name, "kind": kind, "province": "Đồng Nai", "parent_code": None},
        "plan": {"id": plan_id, "date": None, "title": f"Kế hoạch phát triển hợp tác, liên kết {kind} {name}"},
        "indicators": list(indicators)
        if indicators is not None
        else sample_indicators(int(code) if code.isdigit() else 0),
        "notes": [],
    } | dict(top)
    problems = schema_problems(data)
    if problems:
        raise InternalError("tệp trao đổi mẫu không đúng định dạng: " + "; ".join(problems))
    return data
