"""What an analyst sees in an executed notebook's outputs, read back as text, and what must never be in it:
raw pandas (``NaN``, ``NaT``, ``<NA>``, ``2.635000e+10``) and English column names. Shared by the
executed-notebook test and the JupyterLab test."""

from __future__ import annotations

import html
import re

#: Raw pandas values that no presentable table or chart title shows.
RAW = re.compile(r"\bNaN\b|\bnan\b|\bNaT\b|<NA>|\bNone\b|\d[eE][+-]\d{1,3}\b")


def _english_names() -> set[str]:
    """Every processed column name and the columns lkdata's own tables add: none may head a shown table."""
    from lkdata.clean.schemas import MODELS
    from lkdata.plan.derived import DERIVED

    names = {c for m in MODELS.values() for c in m.to_schema().columns}
    names |= {c for d in DERIVED.values() for c in d.columns}
    names |= {"indicator", "task", "label", "unit", "kind", "value", "previous", "change", "change_pct", "estimate",
              "target", "attainment_pct", "unknown", "unknown_note", "index", "count"}  # fmt: skip
    return names


def shown(output: dict) -> tuple[str, list[str]]:
    """(the text an output shows, the headers of its tables): HTML without styles and images where it has
    HTML (what JupyterLab and nbconvert show), else its plain text or stream."""
    data = output.get("data", {})
    if "text/html" in data:
        page = "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
        page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
        page = re.sub(r"<img[^>]*>", " ", page)
        heads = [
            html.unescape(re.sub("<[^>]+>", "", h)).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)
        ]
        return html.unescape(re.sub(r"<[^>]+>", " ", page)), heads
    if "image/png" in data:
        return "", []
    text = data.get("text/plain", output.get("text", ""))
    return ("".join(text) if isinstance(text, list) else text), []


def problems(nb) -> list[str]:
    """Each output of the notebook that shows raw pandas, an English column name, an error, a warning or an
    object's bare repr, named by its code cell."""
    english = _english_names()
    found = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for n, cell in enumerate(code, 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"[{n}] lỗi {out.get('ename')}: {out.get('evalue')}")
                continue
            if out.get("name") == "stderr":
                found.append(f"[{n}] stderr: {''.join(out.get('text', ''))[:200]}")
                continue
            text, heads = shown(out)
            if m := RAW.search(text):
                found.append(f"[{n}] {m.group(0)!r} in …{text[max(0, m.start() - 60) : m.end() + 20]!r}")
            if "object at 0x" in text:
                found.append(f"[{n}] repr: {text[:120]!r}")
            found += [f"[{n}] English column {h!r}" for h in heads if h in english]
    return found


def output_count(nb) -> int:
    """How many displayed outputs (results and displays) the notebook holds."""
    return sum(
        o.get("output_type") in ("execute_result", "display_data") for c in nb.cells for o in c.get("outputs", [])
    )
