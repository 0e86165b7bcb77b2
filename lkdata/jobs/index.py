"""``reports/index.html``: one self-contained page listing every rendered report and brief.

Rebuilt from the manifests on disk by every ``lkdata report``, so it always lists what is there. Links
are relative, so the page opens from a shared folder or a USB stick with no server.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

from ..vn.fmt import fmt_date

__all__ = ["collect", "write_index"]

_LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word"}

_CSS = """
body { font-family: "Times New Roman", Tinos, "Liberation Serif", serif; font-size: 13pt; margin: 24px auto;
       max-width: 1000px; padding: 0 16px; color: #000; }
h1 { font-size: 17pt; margin-bottom: 2px; } h2 { font-size: 14pt; margin: 22px 0 6px; }
p.sub { margin-top: 0; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: 1px solid #777; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.links a { margin-right: 10px; }
.mau { font-weight: bold; border: 1.5px solid #000; padding: 0 4px; white-space: nowrap; }
details { margin-top: 8px; } summary { cursor: pointer; }
"""


def collect(root: Path) -> list[dict]:
    """Every report and brief manifest under ``root`` (``<period>/manifest.json``, ``<period>/briefs/*``)."""
    found = []
    found_paths = [*root.glob("*/manifest.json"), *root.glob("*/briefs/*.manifest.json"),
                   *root.glob("quality/*.manifest.json")]  # fmt: skip
    for path in sorted(found_paths):
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        m["_folder"] = path.parent.relative_to(root).as_posix()
        found.append(m)
    return found


def _when(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return t.strftime("%d/%m/%Y %H:%M")


def _row(m: dict, name: str) -> str:
    esc = html.escape
    links = " ".join(
        f'<a href="{esc(m["_folder"])}/{esc(o["file"])}">{_LABELS[o["file"].rsplit(".", 1)[1]]}</a>'
        for o in m.get("outputs", [])
        if o["file"].rsplit(".", 1)[-1] in _LABELS
    )
    data = '<span class="mau">DỮ LIỆU MẪU</span>' if m.get("sample") else "số liệu thật"
    p = m.get("period", {})
    cutoff = fmt_date(dt.date.fromisoformat(p["cutoff"])) if p.get("cutoff") else ""
    return (
        f"<tr><td>{esc(name)}</td><td>{esc(p.get('label', ''))}</td><td>{cutoff}</td>"
        f"<td>{_when(m.get('created', ''))}</td><td>{data}</td><td class='links'>{links}</td></tr>"
    )


def write_index(root: Path) -> Path:
    """(Re)write ``root/index.html`` from the manifests under ``root``; returns its path."""
    from ..io.store import atomic_path

    manifests = collect(root)
    columns = ("Tài liệu", "Kỳ báo cáo", "Số liệu đến ngày", "Lập lúc", "Dữ liệu", "Tệp")
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
    periods: dict[str, list[dict]] = {}
    for m in manifests:
        periods.setdefault(m.get("period", {}).get("key", "?"), []).append(m)
    sections = []
    for key in sorted(periods, reverse=True):
        items = periods[key]
        reports = [m for m in items if m.get("kind", "report") in ("report", "quality")]
        briefs = sorted((m for m in items if m.get("kind") == "brief"), key=lambda m: _natural(m.get("khu_pho", "")))
        label = (items[0].get("period") or {}).get("label", key)
        rows = "".join(_row(m, m.get("title", "Báo cáo")) for m in reports)
        part = f"<h2>{html.escape(label[:1].upper() + label[1:])}</h2><table>{head}{rows}</table>" if rows else ""
        if briefs:
            brief_rows = "".join(_row(m, m.get("khu_pho") or m.get("title", "")) for m in briefs)
            summary = f"Tóm tắt theo khu phố, {label} ({len(briefs)})"
            part += (
                f"<details open><summary>{html.escape(summary)}</summary><table>{head}{brief_rows}</table></details>"
            )
        sections.append(part)
    body = "".join(sections) or "<p>Chưa có báo cáo nào. Chạy <code>lkdata report 2026-H1</code>.</p>"
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo kế hoạch liên kết sản xuất - danh mục</title><style>{_CSS}</style></head>
<body><h1>Báo cáo thực hiện kế hoạch phát triển hợp tác, liên kết sản xuất và tiêu thụ sản phẩm nông nghiệp</h1>
<p class="sub">Danh mục các báo cáo đã lập (cập nhật {dt.datetime.now().strftime("%d/%m/%Y %H:%M")}). Mở các tệp
ngay từ thư mục này, không cần mạng.</p>
{body}
</body></html>
"""
    target = root / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target


def _natural(text: str) -> tuple:
    """``Khu phố 2`` before ``Khu phố 10``."""
    import re

    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text))
