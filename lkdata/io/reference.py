"""Reference catalogues (khu phố, crops, certifications, activity kinds, header aliases, ward profile,
plausibility rules, the plan's tasks), the plan (its tasks, indicators and report tables) and the year's
targets.

Defaults ship inside the package (``lkdata/reference/``). A file of the same name under
``data/raw/reference/`` replaces the default one as a whole, so the office edits plain CSV and
YAML files and never touches code. Targets are the office's alone: the package ships none
(``data/raw/reference/targets/<year>.yaml``).
"""

from __future__ import annotations

import io
import logging
from importlib import resources
from pathlib import Path

import pandas as pd

from ..clean.catalogues import Reference
from ..clean.fields import fields
from ..clean.plausibility import parse_plausibility
from ..config import DATASETS
from ..errors import ReferenceDataError, UsageError
from ..plan.catalogue import PLAN_FILES, Plan, parse_plan, parse_tasks
from ..plan.rules import RULES_FILE, Rule, parse_rules
from ..plan.units import UNITS_FILE, Unit, parse_units
from .office_files import check_headers, check_targets, check_ward, read_office_text, read_office_yaml

__all__ = [
    "CATALOGUE_FILES",
    "PLAN_FILES",
    "SAMPLE_MARK",
    "find_profile",
    "load_plan",
    "load_reference",
    "load_rules",
    "load_targets",
    "load_units",
    "targets_path",
]

log = logging.getLogger("lkdata")

CATALOGUE_FILES: tuple[str, ...] = (
    "khu_pho.csv",
    "crops.csv",
    "certifications.csv",
    "activity_kinds.csv",
    "headers.yaml",
    "ward.yaml",
    "plausibility.csv",
    "tasks.csv",
)


def _locate(name: str, override_dir: Path | None) -> tuple[Path, bool]:
    if override_dir is not None and (override_dir / name).is_file():
        return override_dir / name, True
    return Path(str(resources.files("lkdata") / "reference" / name)), False


def _locate_all(names: tuple[str, ...], override_dir: Path | None) -> tuple[dict[str, Path], dict[str, str]]:
    """Where each file is read from (the office's copy where there is one) and how to name that source."""
    paths: dict[str, Path] = {}
    sources: dict[str, str] = {}
    for name in names:
        path, overridden = _locate(name, override_dir)
        paths[name] = path
        sources[name] = str(path) if overridden else f"lkdata/reference/{name}"
        if overridden:
            log.info("Danh mục %s lấy từ %s", name, path)
    return paths, sources


def _read_csv(path: Path) -> pd.DataFrame:
    text = read_office_text(path, "danh mục")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReferenceDataError(
            f"Không đọc được danh mục {path}: không phải bảng CSV ({exc}); mở bằng Excel, lưu lại dạng CSV UTF-8"
        ) from exc
    if "name" not in df.columns:
        raise ReferenceDataError(f"Danh mục {path} thiếu cột 'name'")
    if "aliases" not in df.columns:
        df["aliases"] = ""
    return df


def _read_yaml(path: Path) -> dict:
    return read_office_yaml(path)


def _headers(path: Path, overridden: bool) -> dict:
    data = _read_yaml(path)
    default = data if not overridden else _read_yaml(_locate("headers.yaml", None)[0])
    return check_headers(data, path, default, {d: {f.name for f in fields(d)} for d in DATASETS})


def load_reference(override_dir: Path | None = None) -> Reference:
    """Load every catalogue, taking each file from ``override_dir`` where the office put one.

    Parameters
    ----------
    override_dir : Path, optional
        Usually ``data/raw/reference``; ``None`` loads the package defaults only.

    Raises
    ------
    ReferenceDataError
        When a catalogue cannot be read or lacks a required column, or a plausibility rule names
        something that does not exist (the message gives the file, the line and the value).
    """
    paths, sources = _locate_all(CATALOGUE_FILES, override_dir)
    rules = paths.pop("plausibility.csv")
    tasks = parse_tasks(read_office_text(paths.pop("tasks.csv"), "tệp"), sources["tasks.csv"])
    loaded = {name: _read_csv(path) for name, path in paths.items() if name.endswith(".csv")}
    headers = _headers(paths["headers.yaml"], sources["headers.yaml"] == str(paths["headers.yaml"]))
    ward = check_ward(_read_yaml(paths["ward.yaml"]), paths["ward.yaml"])
    text = read_office_text(rules, "tệp")
    kinds = _with_titles(loaded["activity_kinds.csv"])
    _check_kind_tasks(kinds, tasks, sources["activity_kinds.csv"])
    return Reference(
        khu_pho=loaded["khu_pho.csv"],
        crops=loaded["crops.csv"],
        certifications=loaded["certifications.csv"],
        activity_kinds=kinds,
        headers=headers,
        ward=ward,
        tasks=tasks,
        sources=sources,
        plausibility=parse_plausibility(text, sources["plausibility.csv"]),
    )


def _with_titles(kinds: pd.DataFrame) -> pd.DataFrame:
    """Activity kinds with the name a report prints (column ``title``: ``hội chợ, triển lãm``); the kind's
    ``name`` where the row leaves it blank, or the office's copy has no such column."""
    title = kinds["title"].str.strip() if "title" in kinds.columns else kinds["name"]
    return kinds.assign(title=title.where(title.ne(""), kinds["name"]))


def _check_kind_tasks(kinds: pd.DataFrame, tasks: tuple, source: str) -> None:
    """An activity kind's default task (``activity_kinds.csv``, column ``task``) names a task of the plan by
    its key or its number, or is blank (no default: the row must say). The shipped catalogue names Long
    Khánh's task keys: under another plan, a key it lacks is no default there (the kind's task stays empty
    unless the row names one); the office's own copy must name its plan's tasks.

    Raises
    ------
    ReferenceDataError
        No ``task`` column; in the office's copy, a task the plan does not have (the file, the line, the value
        and the plan's tasks).
    """
    if "task" not in kinds.columns:
        raise ReferenceDataError(f"Danh mục {source} thiếu cột 'task' (nhiệm vụ kế hoạch của loại hoạt động: "
                                 "khóa hoặc số nhiệm vụ trong tasks.csv, để trống nếu không có)")  # fmt: skip
    if source.startswith("lkdata/reference/"):
        return
    names = {t.number for t in tasks} | {t.key for t in tasks if t.key}
    for line, (code, task) in enumerate(zip(kinds["code"], kinds["task"].str.strip(), strict=True), 2):
        if task and task not in names:
            allowed = ", ".join(f"{t.number} ({t.key})" if t.key else t.number for t in tasks)
            raise ReferenceDataError(f"Danh mục {source}, dòng {line}: loại hoạt động '{code}' ghi nhiệm vụ '{task}' "
                                     f"không có trong kế hoạch (tasks.csv có: {allowed}; để trống nếu loại này không "
                                     "thuộc nhiệm vụ nào)")  # fmt: skip


def load_plan(override_dir: Path | None = None, reference: Reference | None = None) -> Plan:
    """The plan: tasks, indicators and report tables (``tasks.csv``, ``indicators.csv``,
    ``report_tables.csv``), each taken from ``override_dir`` where the office put one.

    Selection values (activity kinds, certification standards) are checked against the catalogues
    loaded from the same folder.

    Parameters
    ----------
    override_dir : Path, optional
        Usually ``data/raw/reference``; ``None`` loads the package's plan only.
    reference : Reference, optional
        The catalogues of the same folder, when the caller has them already.

    Raises
    ------
    ReferenceDataError
        When a file cannot be read, or names something that does not exist (the message gives the
        file, the line and the value).
    """
    paths, sources = _locate_all(PLAN_FILES, override_dir)
    texts = {name: read_office_text(path, "tệp") for name, path in paths.items()}
    ref = reference or load_reference(override_dir)
    vocabularies = {
        "activity_kinds": set(ref.activity_kinds["code"]),
        "certifications": set(ref.certifications["name"]),
    }
    return parse_plan(texts, sources, vocabularies=vocabularies)


def load_rules(override_dir: Path | None = None, plan: Plan | None = None) -> tuple[Rule, ...]:
    """The validation rules across datasets (``validation_rules.csv``: the office's copy under ``override_dir``
    where it put one, the package's otherwise), checked against ``plan`` (default: :func:`load_plan`).

    Raises
    ------
    ReferenceDataError
        When the file cannot be read or a row is wrong: the message names the file, the line and the value
        (an unknown indicator or aggregate with the closest known name).
    """
    paths, sources = _locate_all((RULES_FILE,), override_dir)
    text = read_office_text(paths[RULES_FILE], "tệp")
    return parse_rules(text, sources[RULES_FILE], plan or load_plan(override_dir))


def load_units(override_dir: Path | None = None, plan: Plan | None = None) -> tuple[Unit, ...]:
    """The ward's units with their section-V duties (``units.csv``: the office's copy under ``override_dir``
    where it put one, the package's otherwise), their tasks (by the plan's number or key) checked against
    ``plan`` (default: :func:`load_plan`) and numbered as it numbers them.

    Raises
    ------
    ReferenceDataError
        When the file cannot be read or a row is wrong (the file, the line and the value).
    """
    paths, sources = _locate_all((UNITS_FILE,), override_dir)
    text = read_office_text(paths[UNITS_FILE], "danh mục")
    plan = plan or load_plan(override_dir)
    names = {**{n: n for n in plan.tasks}, **{k: n for n, k in plan.keys.items() if k}}  # a number or a key
    shipped = sources[UNITS_FILE].startswith("lkdata/reference/")  # Long Khánh's list, maybe with another plan
    return parse_units(text, sources[UNITS_FILE], names, lenient=shipped)


#: The profiles shipped with the package for samples (``lkdata/sample_profiles/<name>/``).
SAMPLE_PROFILES = "sample_profiles"


def find_profile(name_or_path: str | Path) -> Path:
    """The profile folder ``name_or_path`` names: a folder on disk, else a profile shipped with the package
    (``lkdata/sample_profiles/<name>/``). A profile folder holds reference files under the names
    :func:`load_reference` and :func:`load_plan` read (``ward.yaml``, ``khu_pho.csv``, ``headers.yaml``,
    ``tasks.csv`` ...), and may hold ``notes/`` and ``targets/`` for its sample.

    Raises
    ------
    UsageError
        When neither exists (the message lists the shipped profiles).
    """
    path = Path(name_or_path)
    if path.is_dir():
        return path
    shipped = resources.files("lkdata") / SAMPLE_PROFILES
    if Path(str(name_or_path)).name == str(name_or_path):  # a bare name, not a path
        candidate = Path(str(shipped / str(name_or_path)))
        if candidate.is_dir():
            return candidate
    known = sorted(p.name for p in Path(str(shipped)).iterdir() if p.is_dir() and not p.name.startswith("_"))
    raise UsageError(f"Không có hồ sơ '{name_or_path}': không phải thư mục, cũng không phải hồ sơ mẫu của lkdata "
                     f"(có: {', '.join(known)})")  # fmt: skip


#: The key that marks a targets file's figures as sample figures (``lkdata sample`` writes it), not the
#: office's decided targets.
SAMPLE_MARK = "du_lieu_mau"


def targets_path(year: int, override_dir: Path) -> Path:
    """Where the office's targets for ``year`` live: ``<override_dir>/targets/<year>.yaml``."""
    return Path(override_dir) / "targets" / f"{year}.yaml"


def load_targets(year: int, override_dir: Path | None = None, *, plan: Plan | None = None) -> dict[str, float]:
    """The year's targets as the office set them (``targets/<year>.yaml`` under ``override_dir``, usually
    ``data/raw/reference``: indicator id -> target); empty when it set none.

    The package ships no targets: without the office's file every indicator's target is "chưa giao".
    A key left without a value is a target not set. The sample's file carries ``du_lieu_mau: true``
    (:data:`SAMPLE_MARK`), which is not a target.

    Parameters
    ----------
    plan : Plan, optional
        The plan whose indicator ids the file may name (default: :func:`load_plan` of ``override_dir``).

    Raises
    ------
    ReferenceDataError
        When the file cannot be read or is not a list of ``id: number`` lines; when it names ids the
        plan does not have (all of them, with the closest ids); when a target is not a number or reads
        two ways (see :func:`~lkdata.io.office_files.check_targets`: the file, the id and the value).
    """
    if override_dir is None:
        return {}
    path = targets_path(year, override_dir)
    if not path.is_file():
        return {}
    data = dict(_read_yaml(path))  # a mapping of typed text (file, line and column named when it is not)
    mark = data.pop(SAMPLE_MARK, False)
    if str(mark).strip().lower() not in ("true", "false"):
        raise ReferenceDataError(f"Tệp chỉ tiêu {path}: {SAMPLE_MARK} phải là true hoặc false (đang ghi '{mark}')")
    ids = (plan or load_plan(override_dir)).ids
    return check_targets(data, path, set(ids))
