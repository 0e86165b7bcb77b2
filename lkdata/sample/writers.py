"""Writing the sample: workbooks with title rows, Excel-style CSV exports, header variants, notes, truth file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from importlib import resources
from pathlib import Path

import numpy as np

from ..config import DATASETS
from ..io.reference import PLAN_FILES
from ..vn.places import Places
from ..vn.text import fold
from .faults import add_totals
from .sheet import TITLE_ROWS, Sheet
from .truth import TRUTH_FILE, Truth, sample_notice

__all__ = ["LATER_FIELDS", "SheetWriter", "clear_raw_files", "write_notes", "write_targets", "write_truth"]

log = logging.getLogger("lkdata")

#: ``(dataset, field)`` of the fields added after the sample's files were first fixed: their headers and
#: values are drawn from :attr:`SheetWriter.aside` (and the world's own side generator).
LATER_FIELDS = frozenset({("crops", "growing_area_code_issued_on")})

#: The creation time written into every workbook, so the same seed gives the same files.
_FIXED_TIME = dt.datetime(2026, 1, 1)


class SheetWriter:
    """Types headers the way each sender does, writes sheets as files, and records them in the truth.

    Parameters
    ----------
    rng : numpy.random.Generator
        The sample's generator (header variants and typing styles are drawn from it).
    out : Path
        The raw folder (one sub-folder per dataset).
    headers : dict
        The header aliases of each dataset's fields (``Reference.headers``).
    truth : Truth
        The ledger that records each file written.
    places : Places, optional
        The profile's words: every sheet opens with its committee (``UBND PHƯỜNG ...``) and says it is sample
        data; Long Khánh's by default.
    """

    def __init__(self, rng: np.random.Generator, out: Path, headers: dict, truth: Truth,
                 places: Places | None = None):  # fmt: skip
        self.rng = rng
        words = places or Places()
        self.issuer, self.notice = f"UBND {words.place.upper()}", sample_notice(words)
        self.out = out
        self.headers = headers
        self.truth = truth
        #: draws for the fields added after the sample's files were first fixed (:data:`LATER_FIELDS`), so
        #: that adding one left every other cell of every file as it was
        self.aside = rng.spawn(1)[0]

    def header_row(self, dataset: str, fields: list[str], plain: bool = False) -> list[str]:
        """``STT`` and a header for each field, each one as a sender might write it."""
        return ["STT", *(_header_variant(self.aside if (dataset, f) in LATER_FIELDS else self.rng,
                                         self.headers[dataset][f], plain) for f in fields)]  # fmt: skip

    def emit(self, dataset: str, fname: str, sheets: list[Sheet], kind: str) -> None:
        """Add totals rows where the sheets have them, write the file (``kind`` xlsx or csv) and record it."""
        path = self.out / dataset / fname
        path.parent.mkdir(parents=True, exist_ok=True)
        for sh in sheets:
            if sh.totals and sh.rows:
                add_totals(sh)
        self.truth.record_file(dataset, fname, sheets, kind)
        if kind == "xlsx":
            _write_xlsx(path, sheets, self.issuer, self.notice)
        else:
            _write_csv(path, sheets[0])


def _header_variant(rng: np.random.Generator, aliases: list[str], plain: bool) -> str:
    """Pick how a header is written: the canonical one, an alias, or without diacritics."""
    choice = aliases[int(rng.integers(0, min(3, len(aliases))))]
    if plain and rng.random() < 0.5:
        return fold(choice).upper() if rng.random() < 0.3 else fold(choice)
    return choice


def _write_xlsx(path: Path, sheets: list[Sheet], issuer: str, notice: str) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    wb.set_properties({"title": notice, "author": "lkdata sample", "created": _FIXED_TIME})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    legacy_fmt = {f: wb.add_format({"font_name": f}) for f in (".VnTime", "VNI-Times")}
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        ws.write(0, 0, issuer, bold)
        ws.write(1, 0, sh.title, bold)
        ws.write(2, 0, f"({notice})")
        r0 = TITLE_ROWS
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


def _write_csv(path: Path, sheet: Sheet) -> None:
    """Write as Excel on a Vietnamese-locale Windows exports: UTF-8 with BOM, ``;`` separators."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def clear_raw_files(out: Path) -> None:
    """Remove the spreadsheets of an earlier sample from the dataset folders (other files stay)."""
    for d in DATASETS:
        folder = out / d
        if folder.is_dir():
            for f in folder.iterdir():
                if f.suffix.lower() in (".xlsx", ".csv") and f.is_file():
                    f.unlink()


def install_profile(profile: Path, reference: Path) -> list[Path]:
    """Copy a profile's reference files (its ``*.csv`` and ``*.yaml``) into ``reference`` (the raw
    folder's ``reference/``, where clean and report read them); returns the files written."""
    reference.mkdir(parents=True, exist_ok=True)
    written = []
    for f in sorted(profile.iterdir()):
        if f.is_file() and f.suffix.lower() in (".csv", ".yaml", ".yml"):
            (reference / f.name).write_bytes(f.read_bytes())
            written.append(reference / f.name)
    log.info("Hồ sơ %s: đã chép %s tệp danh mục vào %s", profile.name, len(written), reference)
    return written


def _sample_folder(profile: Path | None, sub: str, package: str):
    """Where a sample's ``notes`` or ``targets`` come from: the profile's folder of that name, else the
    package's (``None`` for the targets of a profile with a plan of its own: the package's targets name
    the package plan's indicators)."""
    if profile is not None:
        if (Path(profile) / sub).is_dir():
            return Path(profile) / sub
        if sub == "targets" and any((Path(profile) / name).is_file() for name in PLAN_FILES):
            return None
    return resources.files("lkdata").joinpath(package)


def write_notes(out: Path, profile: Path | None = None) -> None:
    """The analyst's notes that go with the sample (``notes/<period>.md``), so its reports read whole: the
    profile's ``notes/`` where it has one, else Long Khánh's."""
    folder = out / "notes"
    folder.mkdir(exist_ok=True)
    source = _sample_folder(profile, "notes", "sample_notes")
    for f in sorted(source.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".md"):
            (folder / f.name).write_bytes(f.read_bytes())


def write_targets(out: Path, profile: Path | None = None) -> list[Path]:
    """The sample's own targets (``reference/targets/<year>.yaml``, marked ``du_lieu_mau: true``: sample
    figures, not a ward's decided targets), so its reports show a target column; a targets file there
    without that mark is the office's and is left as it is. The profile's ``targets/`` where it has one;
    none for a profile with its own plan and no targets. Returns the files written."""
    import yaml

    from ..io.reference import SAMPLE_MARK, targets_path

    written: list[Path] = []
    source = _sample_folder(profile, "targets", "sample_targets")
    if source is None:
        return written
    for f in sorted(source.iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".yaml"):
            continue
        path = targets_path(int(f.name.removesuffix(".yaml")), out / "reference")
        if path.is_file():
            try:
                ours = (yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}).get(SAMPLE_MARK) is True
            except (yaml.YAMLError, AttributeError):
                ours = False
            if not ours:
                log.warning("Giữ nguyên tệp chỉ tiêu của văn phòng %s (không ghi chỉ tiêu mẫu đè lên)", path)
                continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.read_bytes())
        written.append(path)
    return written


def write_truth(out: Path, truth: dict) -> None:
    """Write the planted truth beside the files (``_sample_truth.json``)."""
    (out / TRUTH_FILE).write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
