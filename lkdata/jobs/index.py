"""``reports/index.html``: one self-contained page listing every rendered report and brief
(``lkdata/templates/site/index.html.j2``).

Rebuilt from the manifests on disk by every ``lkdata report``, so it always lists what is there. Links
are relative, so the page opens from a shared folder or a USB stick with no server.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

from ..vn.fmt import fmt_date

log = logging.getLogger("lkdata")

__all__ = ["collect", "usable", "write_index"]

_LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word", "xlsx": "Excel (phụ lục số liệu)",
           "json": "JSON (trao đổi số liệu)"}  # fmt: skip
_COLUMNS = ("Tài liệu", "Kỳ báo cáo", "Số liệu đến ngày", "Lập lúc", "Dữ liệu", "Tệp")


def collect(root: Path) -> list[dict]:
    """Every report and brief manifest under ``root`` (``<period>/manifest.json``, ``<period>/briefs/*``)."""
    found = []
    found_paths = [*root.glob("*/manifest.json"), *root.glob("*/briefs/*.manifest.json"),
                   *root.glob("*/don_vi/*.manifest.json"), *root.glob("quality/*.manifest.json")]  # fmt: skip
    for path in sorted(found_paths):
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            m = None
        if not usable(m):  # cut short, another program's: listed by nothing, and said
            log.warning("Bỏ qua %s khi lập danh mục báo cáo: không phải bản kê tài liệu của lkdata, hoặc đã hỏng", path)
            continue
        m["_folder"] = path.parent.relative_to(root).as_posix()
        found.append(m)
    return found


#: An output a manifest may link to: a file name of the folder, in a format the index shows.
_OUTPUT_NAME = re.compile(r"^[^/\\:]+\.(?:html|pdf|docx|xlsx|json|ipynb)$")


def usable(m: object) -> bool:
    """Whether ``m`` reads as the manifest of a document lkdata made (what the index shows of it is there,
    of its types: a period with its key, label and cut-off date, outputs that are file names beside it)."""
    if not isinstance(m, dict):
        return False
    p, outputs = m.get("period"), m.get("outputs", [])
    if not isinstance(p, dict) or not all(isinstance(p.get(k), str) for k in ("key", "label")):
        return False
    try:
        if p.get("cutoff") is not None:
            dt.date.fromisoformat(p["cutoff"])
    except (TypeError, ValueError):
        return False
    texts = ("title", "khu_pho", "created", "kind")
    if any(m.get(k) is not None and not isinstance(m.get(k), str) for k in texts):
        return False
    return isinstance(outputs, list) and all(
        isinstance(o, dict) and isinstance(o.get("file"), str) and _OUTPUT_NAME.match(o["file"]) for o in outputs
    )


def _when(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return t.strftime("%d/%m/%Y %H:%M")


def _row(m: dict, name: str) -> dict:
    """What the page shows of one manifest: name, period, cut-off, when made, sample or not, links."""
    p = m.get("period", {})
    return {
        "name": name,
        "period": p.get("label", ""),
        "cutoff": fmt_date(dt.date.fromisoformat(p["cutoff"])) if p.get("cutoff") else "",
        "created": _when(m.get("created", "")),
        "sample": bool(m.get("sample")),
        "links": [
            (m["_folder"], o["file"], _LABELS[o["file"].rsplit(".", 1)[1]])
            for o in m.get("outputs", [])
            if o["file"].rsplit(".", 1)[-1] in _LABELS
        ],
    }


def _sections(manifests: list[dict]) -> list[dict]:
    """The manifests by period, latest first: the reports, then the khu phố briefs in natural order."""
    periods: dict[str, list[dict]] = {}
    for m in manifests:
        periods.setdefault(m.get("period", {}).get("key", "?"), []).append(m)
    sections = []
    for key in sorted(periods, reverse=True):
        items = periods[key]
        reports = [m for m in items if m.get("kind", "report") in ("report", "quality")]
        briefs = sorted((m for m in items if m.get("kind") == "brief"), key=lambda m: _natural(m.get("khu_pho", "")))
        units = [m for m in items if m.get("kind") == "unit"]  # the units' summaries (``--units``), in file order
        label = (items[0].get("period") or {}).get("label", key)
        if reports or briefs or units:
            sections.append(
                {
                    "title": label[:1].upper() + label[1:],
                    "reports": [_row(m, m.get("title", "Báo cáo")) for m in reports],
                    "summary": f"Tóm tắt theo {_sub_unit(briefs)}, {label} ({len(briefs)})",
                    "briefs": [_row(m, m.get("khu_pho") or m.get("title", "")) for m in briefs],
                    "units_summary": f"Tóm tắt theo cơ quan, đơn vị, {label} ({len(units)})",
                    "units": [_row(m, m.get("title", "")) for m in units],
                }
            )
    return sections


def write_index(root: Path) -> Path:
    """(Re)write ``root/index.html`` from the manifests under ``root``; returns its path."""
    from ..io.store import atomic_path
    from ..report.html import template_env

    template = template_env("site", keep_trailing_newline=True).get_template("index.html.j2")
    updated = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    page = template.render(columns=_COLUMNS, sections=_sections(collect(root)), updated=updated)
    target = root / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target


def _sub_unit(briefs: list[dict]) -> str:
    """The word the briefs' profile calls its sub-units (their manifests' ``sub_unit``; a manifest written
    before the key existed is Long Khánh's)."""
    from ..vn.places import DEFAULT_SUB_UNIT

    return next((str(m["sub_unit"]) for m in briefs if m.get("sub_unit")), DEFAULT_SUB_UNIT)


def _natural(text: str) -> tuple:
    """``Khu phố 2`` before ``Khu phố 10``."""
    import re

    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text))
