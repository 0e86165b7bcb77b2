"""Data quality and completeness, for the analyst and for the khu phố heads who must fix their files.

What the data-quality notebook displays: the row accounting of every file (from the clean's
manifest), the quarantine reasons grouped by kind, the rows to fix grouped by file and sheet with the
spreadsheet's own row numbers, the unusual figures of accepted rows (outside their plausible range,
or a number whose separators read two ways), the fields a file has no column for (their values are
unknown), the duplicates merged and the probable ones, the unresolved references, and completeness
after DHIS2's reporting rate (which khu phố and cooperatives sent data dated inside the period). It
shows where to look, never a person's name, phone or ID: the rows themselves, with their values, go
back to whoever filled them in as office-only workbooks (:func:`write_send_back`). Everything it quotes from
the raw files (file and sheet names, the values in reasons) goes through :class:`SharedText`: known people
and long numbers hidden, and a value shown only when it is plainly no one's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from ..clean.dataset import DROPPED
from ..clean.plausibility import is_unusual
from ..clean.quarantine import SKIPPED
from ..config import DATASET_LABELS
from ..plan.periods import Period
from ..vn.fmt import fmt_date, fmt_number, fmt_stamp
from ..vn.places import SUB_UNIT_TITLE, Places
from .completeness import CompletenessViews
from .decree30 import sample_banner
from .html import Block, Markdown, esc, pct, table_html
from .privacy import SharedText

__all__ = [
    "QualityDocument",
    "columns_table",
    "files_missing_fields",
    "missing_fields_block",
    "reason_kind",
    "rows_to_fix",
    "skipped_files_block",
    "unusual_rows",
]

#: Without the office's catalogues and people: every raw value that has words is hidden.
_HIDE_WORDS = SharedText()
_PEOPLE_FIELDS = {"Chủ hộ", "Tên chủ hộ", "Họ và tên", "Họ và tên chủ hộ", "Số điện thoại", "Số CCCD"}
_PROV = {"Tệp": "source_file", "Trang tính": "source_sheet", "Dòng": "source_row", "Lý do": "reasons"}


def reason_kind(reasons: str) -> list[str]:
    """The kinds of the reasons of a row: the words before each reason's colon (``Diện tích âm``)."""
    return [_kind(r) for r in str(reasons).split("; ") if r.strip()]


def _kind(reason: str) -> str:
    return reason.split(":", 1)[0].split(" (", 1)[0].strip()


def _listed(note: str) -> bool:
    """Whether a row's note is an unusual figure or an optional value refused and left empty (never a
    person's: those notes do not say ``đã để trống``)."""
    return is_unusual(_kind(note)) or note.endswith(f"({DROPPED})")


def unusual_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Accepted rows with an unusual figure: dataset, file, sheet, row, and the notes about it from the
    row's issues (a value outside its plausible range, a ``1.200`` whose separator reads two ways, an
    optional value that could not be accepted and was left empty)."""
    frames = []
    for dataset, table in tables.items():
        if "issues" not in table.columns or not table["issues"].notna().any():
            continue
        rows = table.loc[table["issues"].notna(), ["source_file", "source_sheet", "source_row", "issues"]]
        notes = rows["issues"].map(lambda s: "; ".join(n for n in str(s).split("; ") if _listed(n)))
        frames.append(rows.assign(dataset=dataset, notes=notes)[notes != ""])
    columns = ["dataset", "source_file", "source_sheet", "source_row", "notes"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    out = out.assign(
        source_file=out["source_file"].astype(str), source_sheet=out["source_sheet"].fillna("").astype(str)
    )
    return out.sort_values(["source_file", "source_sheet", "source_row"], ignore_index=True)


def _unusual_block(found: pd.DataFrame, limit: int, shown: SharedText) -> Block:
    if found.empty:
        return Block("<p>Không có số liệu bất thường.</p>", "Số liệu bất thường")
    counts = found["notes"].map(reason_kind).explode().value_counts()
    body = [[str(i), esc(k), fmt_number(n)] for i, (k, n) in enumerate(counts.items(), 1)]
    parts = [table_html("Số liệu bất thường theo loại", ["TT", "Loại", "Số dòng"], body, 2, "quality").html]
    for (file, sheet), rows in found.groupby(["source_file", "source_sheet"], sort=True):
        body = [[fmt_number(r.source_row), esc(shown.reasons(r.notes))] for r in rows.head(limit).itertuples()]
        where = _where(shown, file, sheet)
        parts.append(table_html(f"{where}: {len(rows)} dòng cần xem", ["Dòng", "Số liệu cần xem"], body, 2, "fix").html)
        if len(rows) > limit:
            parts.append(f'<p class="table-note">... và {len(rows) - limit} dòng khác.</p>')
    return Block("".join(parts), "Số liệu bất thường")


def files_missing_fields(manifest: dict) -> dict[str, list[str]]:
    """Per file (its path under the raw folder), the fields (Vietnamese labels) it has no column for, from
    the clean's manifest; files that lack none are left out."""
    return {
        f["path"]: list(f["missing_fields"])
        for d in manifest.get("datasets", {}).values()
        for f in d["files"]
        if f.get("missing_fields")
    }


def skipped_files_block(manifest: dict, shown: SharedText = _HIDE_WORDS) -> Block:
    """Each file or folder a clean did not read (``skipped_files``): dataset, path, reason."""
    skipped = manifest.get("skipped_files") or []
    if not skipped:
        return Block("<p>Mọi tệp trong thư mục dữ liệu thô đều được đọc.</p>", "Tệp không đọc")
    body = [[str(i), esc(s.get("dataset") or "-"), esc(shown.place(s["path"])), esc(shown(s["reason"]))]
            for i, s in enumerate(skipped, 1)]  # fmt: skip
    head = ["TT", "Bộ dữ liệu", "Tệp, thư mục", "Lý do không đọc"]
    table = table_html("Bảng 13. Tệp không đọc", head, body, 4, "quality")
    note = (
        '<p class="table-note">Các tệp này không được đưa vào số liệu. Tệp có dữ liệu cần dùng thì lưu lại '
        "thành <code>.xlsx</code> hoặc <code>.csv</code> trong thư mục của bộ dữ liệu rồi chạy lại "
        "<code>lkdata clean</code>.</p>"
    )
    return Block(table.html + note, "Tệp không đọc")


def _where(shown: SharedText, file: str, sheet: str | None = None) -> str:
    """``<file> - trang “<sheet>”`` (or the file alone), as a shared document may show them."""
    return f"{shown.place(file)} - trang “{shown.place(sheet)}”" if sheet else shown.place(file)


def _label(dataset: str) -> str:
    """What analysts call a dataset (``producers`` -> ``Hộ sản xuất``)."""
    return DATASET_LABELS.get(str(dataset), str(dataset))


def missing_fields_block(missing: dict[str, list[str]], shown: SharedText = _HIDE_WORDS) -> Block:
    """The files that lack fields, and which: their values are unknown (left empty), never a default such
    as ``không`` or 0, and the figures that depend on them say how many records lack them."""
    body = [
        [str(i), esc(_label(path.split("/", 1)[0])), esc(shown.place(path.split("/", 1)[-1])), esc(", ".join(fields))]
        for i, (path, fields) in enumerate(missing.items(), 1)
    ]
    if not body:
        return Block("<p>Tệp nào cũng có đủ các cột của bộ dữ liệu.</p>", "Trường không có trong tệp")
    head = ["TT", "Bộ dữ liệu", "Tệp", "Trường không có cột trong tệp"]
    table = table_html("Bảng 9. Trường không có trong tệp", head, body, 4, "quality")
    note = (
        '<p class="table-note">Giá trị của các trường này được để trống (chưa có thông tin), không được hiểu '
        "là “không” hay 0; các chỉ tiêu dựa vào các trường đó ghi rõ số bản ghi chưa có thông tin. Nên bổ sung "
        "các cột còn thiếu vào tệp (có thể dùng mẫu nhập liệu tạo bằng lệnh <code>lkdata template</code>).</p>"
    )
    return Block(table.html + note, "Trường không có trong tệp")


def rows_to_fix(quarantine: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The quarantined rows to fix (not the skipped totals and repeated headers), in file, sheet and row
    order: dataset, file, sheet, row, reasons."""
    frames = [q.assign(dataset=d) for d, q in quarantine.items() if len(q)]
    if not frames:
        return pd.DataFrame(columns=["dataset", "source_file", "source_sheet", "source_row", "reasons"])
    q = pd.concat(frames, ignore_index=True)
    q = q[~q["reasons"].fillna("").str.endswith(SKIPPED)]
    q = q.assign(
        source_row=pd.to_numeric(q["source_row"], errors="coerce").astype("Int64"),
        source_sheet=q["source_sheet"].fillna(""),  # a CSV has no sheet
    )
    return q[["dataset", "source_file", "source_sheet", "source_row", "reasons"]].sort_values(
        ["source_file", "source_sheet", "source_row"], ignore_index=True
    )


def _skipped_files_table(self: QualityDocument) -> Block:
    """The files and folders under the raw folder a clean does not read, each with why (the manifest's
    ``skipped_files``): a file sent in a form lkdata cannot read is named, never lost without a word."""
    return skipped_files_block(self.manifest, self.shown)


@dataclass
class RuleChecks:
    """The validation rules across datasets of a quality document's period."""

    #: the outcomes of :func:`lkdata.plan.rules.evaluate_rules` for the period
    checks: pd.DataFrame | None = field(default=None, kw_only=True)

    def rules_table(self, limit: int = 200) -> Block:
        """The validation rules across datasets that the period's data breaks or cannot be checked against:
        rule, importance, the two sides' values and the message (organisations named, never a person)."""
        return rules_block(self.checks, self.period, self.shown, limit)


@dataclass
class QualityDocument(RuleChecks, CompletenessViews):
    """The quality of the processed data, for a period's completeness."""

    period: Period
    manifest: dict
    quarantine: dict[str, pd.DataFrame]
    review: dict[str, pd.DataFrame]
    tables: dict[str, pd.DataFrame]
    khu_pho: list[str]
    send_back: Path
    #: how raw text is shown (known people, catalogue words); by default every raw value with words is hidden
    shown: SharedText = _HIDE_WORDS
    #: the profile's words (``khu phố``, ``ấp``; ``phường``, ``xã``)
    places: Places = field(default_factory=Places)
    md = staticmethod(Markdown)

    @property
    def sample(self) -> bool:
        return bool(self.manifest.get("sample", False))

    @property
    def to_fix(self) -> pd.DataFrame:
        """Rows to fix (not the skipped totals and repeated headers): dataset, file, sheet, row, reasons."""
        return rows_to_fix(self.quarantine)

    def header(self) -> Block:
        banner = sample_banner(self.sample)
        created = fmt_stamp(self.manifest.get("created"))
        return Block(
            f"""{banner}<div class="doc-title">BÁO CÁO CHẤT LƯỢNG DỮ LIỆU</div>
<div class="doc-summary">Dữ liệu làm sạch lúc {esc(created)}; mức độ đầy đủ của {esc(self.period.label)}
(số liệu đến ngày {fmt_date(self.period.cutoff)})</div><div class="rule summary-rule"></div>""",
            "Báo cáo chất lượng dữ liệu",
        )

    def summary(self) -> dict[str, int]:
        """Totals over all datasets: files, failed or rejected files (nothing accepted), rows in, clean,
        quarantined, duplicates, skipped."""
        out = dict.fromkeys(("files", "failed", "rows_in", "clean", "quarantined", "duplicates", "skipped"), 0)
        for d in self.manifest.get("datasets", {}).values():
            out["files"] += len(d["files"])
            out["failed"] += sum(f["status"] in ("failed", "rejected") for f in d["files"])
            for k in ("rows_in", "clean", "quarantined", "duplicates", "skipped"):
                out[k] += d[k]
        return out

    def accounting_table(self) -> Block:
        """Every file: rows in = accepted + quarantined + merged duplicates + skipped, and its status."""
        body = []
        for dataset, d in self.manifest.get("datasets", {}).items():
            for f in d["files"]:
                status = "đã đọc" if f["status"] == "ok" else f"LỖI: {esc(self.shown(f['error'] or ''))}"
                counts = [fmt_number(f[k]) for k in ("rows_in", "clean", "quarantined", "duplicates", "skipped")]
                name = esc(self.shown.place(f["path"].split("/", 1)[-1]))
                body.append([str(len(body) + 1), esc(_label(dataset)), name, *counts, status])
        head = ["TT", "Bộ dữ liệu", "Tệp", "Dòng vào", "Hợp lệ", "Cách ly", "Trùng (đã gộp)", "Bỏ qua", "Trạng thái"]
        return table_html("Bảng 1. Số dòng của từng tệp", head, body, 3, "quality")

    skipped_files_table = _skipped_files_table

    def missing_fields_table(self) -> Block:
        """Per file, the fields it has no column for (see :func:`missing_fields_block`)."""
        return missing_fields_block(files_missing_fields(self.manifest), self.shown)

    def reasons_table(self) -> Block:
        """Quarantine reasons grouped by kind, with the number of rows."""
        kinds = self.to_fix["reasons"].map(reason_kind).explode().dropna()
        counts = kinds.value_counts()
        body = [[str(i), esc(k), fmt_number(n)] for i, (k, n) in enumerate(counts.items(), 1)]
        return table_html("Bảng 2. Lý do cách ly theo loại", ["TT", "Lý do", "Số dòng"], body, 2, "quality")

    def rows_to_fix(self, limit: int = 200) -> Block:
        """For each file and sheet, the spreadsheet rows to fix and why: a list to send back."""
        parts = []
        for (file, sheet), rows in self.to_fix.groupby(["source_file", "source_sheet"], sort=True):
            shown = rows.head(limit)
            body = [[fmt_number(r.source_row) if pd.notna(r.source_row) else "-", esc(self.shown.reasons(r.reasons))]
                    for r in shown.itertuples()]  # fmt: skip
            where = _where(self.shown, file, sheet)
            title = f"{where}: {len(rows)} dòng cần sửa"
            parts.append(table_html(title, ["Dòng", "Lý do"], body, 2, "fix").html)
            if len(rows) > limit:
                parts.append(f'<p class="table-note">... và {len(rows) - limit} dòng khác (xem tệp gửi trả).</p>')
        if not parts:
            return Block("<p>Không có dòng nào bị cách ly.</p>")
        note = (
            f'<p class="table-note">Mỗi tệp có một bản Excel các dòng cần sửa (kèm giá trị gốc) trong '
            f"<code>{esc(self.send_back.as_posix())}</code> để gửi trả người lập; bản đó có thông tin cá nhân, "
            "chỉ dùng nội bộ. Báo cáo này không chép tên người, số điện thoại, số CCCD: giá trị chữ không có "
            "trong danh mục được thay bằng <code>[ẩn]</code>, giá trị gốc có trong bản gửi trả.</p>"
        )
        return Block("".join(parts) + note, "Các dòng cần sửa")

    @property
    def unusual(self) -> pd.DataFrame:
        """Accepted rows with an unusual figure (kept, to check): see :func:`unusual_rows`."""
        return unusual_rows(self.tables)

    def unusual_values(self, limit: int = 200) -> Block:
        """Unusual figures by kind, then for each file and sheet the rows to check: kept, never changed."""
        return _unusual_block(self.unusual, limit, self.shown)

    def duplicates_table(self) -> Block:
        """Rows merged into another record, and households that only look alike (to review)."""
        dups = self.review.get("duplicates", pd.DataFrame())
        body = []
        for i, r in enumerate(dups.to_dict("records"), 1):
            where = f"{self.shown.place(r['Tệp'])} / {self.shown.place(r['Trang tính'])} / dòng {r['Dòng']}"
            kept = self.shown.place(r["Đã gộp vào dòng (tệp / trang / dòng)"])
            body.append([str(i), esc(_label(r["Bộ dữ liệu"])), esc(where), esc(kept)])
        html_text = table_html("Bảng 3. Dòng trùng đã gộp", ["TT", "Bộ dữ liệu", "Dòng trùng", "Đã gộp vào"], body,
                                4, "quality").html  # fmt: skip
        probable = self.review.get("probable_duplicates", pd.DataFrame())
        if len(probable):
            groups = probable.groupby("Nhóm", sort=True)
            rows = [[str(i), esc(", ".join(dict.fromkeys(g[SUB_UNIT_TITLE].astype(str)))),
                     esc(self.shown(g["Lý do cần xem"].iloc[0]) if "Lý do cần xem" in g else ""),
                     esc("; ".join(map(self.shown.place, g["Vị trí (tệp / trang / dòng)"])))]
                    for i, (_, g) in enumerate(groups, 1)]  # fmt: skip
            head = ["Nhóm", self.places.sub_title, "Lý do", "Vị trí"]
            html_text += table_html("Bảng 4. Hộ nghi trùng cần xem (chưa gộp)", head, rows, 4, "quality").html
        else:
            html_text += "<p>Không có hộ nghi trùng cần xem.</p>"
        return Block(html_text, "Dòng trùng")

    def unresolved_table(self) -> Block:
        """References that match no record: a person's name is not shown, an organisation's is."""
        un = self.review.get("unresolved_references", pd.DataFrame())
        body = []
        for i, r in enumerate(un.to_dict("records"), 1):
            value = (
                "(tên hộ: xem tệp rà soát nội bộ)"
                if r["Trường"] in _PEOPLE_FIELDS
                else self.shown(r["Giá trị không khớp"])  # an organisation may be named
            )
            where = f"{self.shown.place(r['Tệp'])} / {self.shown.place(r['Trang tính'])} / dòng {r['Dòng']}"
            body.append([str(i), esc(_label(r["Bộ dữ liệu"])), esc(where),
                         esc(r["Trường"]), esc(value)])  # fmt: skip
        head = ["TT", "Bộ dữ liệu", "Vị trí", "Trường", "Giá trị không khớp"]
        return table_html("Bảng 5. Tham chiếu chưa khớp", head, body, 5, "quality")

    def columns_table(self) -> Block:
        """The columns not used, per file and sheet, and what their values look like (:func:`columns_table`)."""
        return columns_table(self.manifest, self.shown)

    @property
    def totals(self):
        """:meth:`summary` formatted for a sentence (``t.rows_in`` -> ``1.039``)."""
        return SimpleNamespace(**{k: fmt_number(v) for k, v in self.summary().items()})

    def percent(self, part: int, whole: int) -> str:
        return pct(part / whole * 100 if whole else None)


def rules_block(checks: pd.DataFrame | None, period: Period, shown: SharedText = _HIDE_WORDS,
                limit: int = 200) -> Block:  # fmt: skip
    """The outcomes of :func:`lkdata.plan.rules.evaluate_rules` that are not a pass, most important first, and
    how many rules hold."""
    from ..plan.rules import FAILS, HOLDS, IMPORTANCE

    title = "Đối chiếu giữa các bộ dữ liệu"
    if checks is None or checks.empty:
        return Block("<p>Không có quy tắc đối chiếu nào áp dụng cho kỳ này.</p>", title)
    rank = {k: i for i, k in enumerate(IMPORTANCE)}
    bad = checks[checks["status"] != HOLDS]
    bad = bad.assign(_rank=bad["importance"].map(rank), _fail=bad["status"].ne(FAILS)).sort_values(
        ["_rank", "_fail"], kind="stable"
    )
    held = checks.groupby("rule")["status"].agg(lambda s: (s == HOLDS).all())
    intro = (
        f"<p>{fmt_number(int(held.sum()))}/{fmt_number(len(held))} quy tắc đạt tại ngày chốt số liệu "
        f"{fmt_date(period.cutoff)}; {fmt_number(int((checks['status'] == FAILS).sum()))} trường hợp vi phạm.</p>"
    )
    if bad.empty:
        return Block(intro, title)
    body = [[str(i), esc(r.name), esc(r.importance), esc(r.status), esc(shown(r.left_text)), esc(shown(r.right_text)),
             esc(shown(r.message))] for i, r in enumerate(bad.head(limit).itertuples(), 1)]  # fmt: skip
    head = ["TT", "Quy tắc", "Mức độ", "Kết quả", "Vế trái", "Vế phải", "Thông báo"]
    table = table_html("Bảng 10. Đối chiếu giữa các bộ dữ liệu", head, body, 7, "quality")
    more = f'<p class="table-note">... và {len(bad) - limit} trường hợp khác.</p>' if len(bad) > limit else ""
    note = (
        '<p class="table-note">Quy tắc đối chiếu ghi trong <code>validation_rules.csv</code> (bản của văn phòng '
        "trong <code>data/raw/reference/</code> nếu có). Vi phạm không làm thay đổi số liệu: báo cáo ghi chú "
        "bên cạnh số liệu bị ảnh hưởng; cần kiểm tra lại các danh sách tương ứng.</p>"
    )
    return Block(intro + table.html + more + note, title)


def columns_table(manifest: dict, shown: SharedText = _HIDE_WORDS) -> Block:
    """Per file and sheet: the columns not used, the headers read as near misses, and the field an unused
    column's values look like (a proposal for ``headers.yaml``, never applied by itself)."""
    body = []
    for dataset, d in manifest.get("datasets", {}).items():
        for f in d["files"]:
            for sh in f.get("sheets", []):
                where = _where(shown, f["path"].split("/", 1)[-1], sh.get("name"))
                said = [*sh.get("notes", []), *sh.get("proposals", [])]
                unused = sh.get("unmapped_columns", [])
                if not said and not unused:
                    continue
                listed = ", ".join(map(shown.place, unused[:8]))
                listed += f" ... và {len(unused) - 8} cột khác" if len(unused) > 8 else ""
                body.append([str(len(body) + 1), esc(_label(dataset)), esc(where), esc(listed or "-"),
                             "<br>".join(esc(shown(x)) for x in said) or "-"])  # fmt: skip
    if not body:
        return Block("<p>Mọi cột của các tệp đều được nhận ra.</p>", "Cột không nhận ra")
    head = ["TT", "Bộ dữ liệu", "Tệp, trang tính", "Cột không dùng", "Gợi ý (chưa áp dụng)"]
    return table_html("Bảng 8. Cột không nhận ra và gợi ý", head, body, 5, "quality")
