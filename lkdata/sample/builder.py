"""A deterministic synthetic sample of the ward's raw spreadsheets, with the truth it planted.

The files look like what khu phố heads, cooperatives and the service centre really send: title rows
above the header, an ``STT`` column, one sheet per khu phố, a totals row, CSV exported by Excel on
a Vietnamese Windows (UTF-8 with BOM, ``;``, decimal commas), header and value variants, legacy
TCVN3/VNI names, and a few invalid and duplicated rows. Every such irregularity is written down in
``_sample_truth.json`` beside the files, so the tests can hold the cleaner to it.

All names are synthetic (random combinations of common name parts; invented organisations), and
every file says it is sample data ("DỮ LIỆU MẪU").

The steps share one random generator and draw from it in a fixed order (the ward, then producers,
cooperatives, crops, linkages, activities), so the same seed and scale give the same files.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..errors import UsageError
from ..io.reference import find_profile, load_reference
from ..vn.fmt import fmt_number
from .activities import write_activities
from .cooperatives import write_cooperatives
from .crops import write_crops
from .linkages import write_linkages
from .producers import write_producers
from .sheet import XLSX_ROW_BUDGET
from .truth import SAMPLE_NOTICE, TRUTH_FILE, Truth
from .typist import sub_unit_forms, sub_unit_headers
from .world import build_world
from .writers import SheetWriter, clear_raw_files, install_profile, write_notes, write_targets, write_truth

__all__ = ["MAX_SCALE", "MIN_SCALE", "SAMPLE_NOTICE", "TRUTH_FILE", "XLSX_ROW_BUDGET", "generate_sample"]

log = logging.getLogger("lkdata")

#: The fewest households that leave the sheets enough rows for the planted faults, whatever the seed
#: (measured on seeds 0-1999: 2 seeds fail at 80 households, none from 90 on; 100 leaves a margin).
MIN_SCALE = 100
#: The most households: each needs its own 6-digit citizen-ID tail.
MAX_SCALE = 1_000_000


def generate_sample(out: Path, seed: int = 2026, scale: int = 300, profile: str | Path | None = None) -> dict:
    """Write a synthetic raw dataset for all five datasets, and the truth it planted.

    Parameters
    ----------
    out : Path
        The raw folder to fill (``data/raw`` layout: one sub-folder per dataset).
    seed : int
        Random seed; the same seed and scale give byte-identical CSVs and identical cell values.
    scale : int
        Number of producers (households); the other datasets grow with it.
    profile : str or Path, optional
        A ward's or commune's profile: a folder, or the name of one the package ships
        (:func:`~lkdata.io.reference.find_profile`). The sample's
        sub-units, words, organisers and header variants come from its reference files, which are copied to
        ``out/reference/`` (where clean and report read them), with its notes and targets where it has
        them. ``None``: Long Khánh, the package's own reference data.

    Returns
    -------
    dict
        The planted truth, also written to ``out/_sample_truth.json``. The analyst's notes of the
        sample's periods go to ``out/notes/`` and its own targets, marked as sample figures, to
        ``out/reference/targets/``.

    Raises
    ------
    UsageError
        When ``scale`` is below ``MIN_SCALE`` or above ``MAX_SCALE``, or the profile does not exist.
    """
    _check_scale(scale)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clear_raw_files(out)
    rng = np.random.default_rng(seed)
    profile = find_profile(profile) if profile is not None else None
    ref = load_reference(profile)
    tasks = ref.kind_tasks  # the plan's number of each kind's task (none where the plan has none)
    kind_names = {r.code: r.name for r in ref.activity_kinds.itertuples()}
    office = str(ref.ward.get("office") or "")
    world = build_world(rng, scale, list(ref.khu_pho["name"]), tasks, places=ref.places, office=office)
    world.forms = sub_unit_forms(ref.khu_pho, ref.places)
    truth = Truth()
    writer = SheetWriter(rng, out, sub_unit_headers(ref.headers, ref.places), truth, ref.places)
    write_producers(writer, world)
    write_cooperatives(writer, world)
    write_crops(writer, world)
    write_linkages(writer, world)
    write_activities(writer, world, kind_names)
    planted = truth.as_dict(seed, scale, world)
    if profile is not None:
        install_profile(Path(profile), out / "reference")
    write_notes(out, profile)
    write_targets(out, profile)
    write_truth(out, planted)
    log.info("Đã tạo dữ liệu mẫu: %s hộ, %s tệp", scale, len(truth.files))
    return planted


def _check_scale(scale: int) -> None:
    if scale < MIN_SCALE:
        raise UsageError(f"Quy mô mẫu phải từ {fmt_number(MIN_SCALE)} hộ trở lên (đã cho {fmt_number(scale)}).")
    if scale > MAX_SCALE:
        raise UsageError(f"Quy mô mẫu tối đa {fmt_number(MAX_SCALE)} hộ (đã cho {fmt_number(scale)}).")
