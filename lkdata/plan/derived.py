"""Tables the indicators count that no file holds as such, joined from the processed tables.

- ``plot_areas``: the ward's growing area, one row per plot of the crops table with its household's
  certificate dates and registration date; a household with no plot row is one row of its farm area
  (``from_farm_area``), so that an area figure (certified area) reads plots where the crops table has
  them and falls back to the farm area only where it has none, and says so.
- ``linkage_members``: one row per cooperative a linkage names, with the linkage's dates and status and
  the cooperative's founding and dissolution dates, so that "HTX/THT tham gia liên kết" counts distinct
  cooperatives that existed on the cut-off in linkages running on it.

Like the processed tables they come from, these are plain DataFrames; :func:`derived_table` builds one
when the ``tables`` at hand do not hold it already (:func:`lkdata.plan.selections.prepared` builds each
once for a whole indicator table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["DERIVED", "OWNER_POSITIONS", "SOURCE_POSITION", "Derived", "derived_table", "linkage_members",
           "owner_positions", "plot_areas"]  # fmt: skip

Tables = dict[str, pd.DataFrame]


#: The column of a derived table that holds, for each row, its row's position in the processed table it
#: comes from (:attr:`Derived.origin` names that table), so that an explanation can name its file and row.
SOURCE_POSITION = "source_position"

#: Where :func:`~lkdata.plan.selections.prepared` keeps each plot's household position (see :func:`owner_positions`).
OWNER_POSITIONS = "_plot_owner_positions"


def owner_positions(tables: Tables) -> np.ndarray:
    """For each plot of the crops table, the position of its household in the producers table (-1 where no
    household of the list has its id), looked up once by hash (Arrow), or taken from prepared tables."""
    if OWNER_POSITIONS in tables:
        return tables[OWNER_POSITIONS]
    import pyarrow.compute as pc

    from ..vn.columns import arrow

    ids, known = tables["crops"]["producer_id"], tables["producers"]["producer_id"]
    found = pc.index_in(arrow(ids), value_set=arrow(known))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _take(column: pd.Series, pos: np.ndarray, index: pd.Index, missing) -> pd.Series:
    """``column``'s value at each position (``missing`` at -1), on ``index``."""
    if not len(column):
        return pd.Series(missing, index=index, dtype=column.dtype)
    taken = column.iloc[np.maximum(pos, 0)].set_axis(index)
    return taken.where(pos >= 0, missing)


def plot_areas(tables: Tables) -> pd.DataFrame:
    """The crops table's plots with their household's certificate and registration dates, and one row of
    farm area per household that has no plot row (see the module's docstring).

    A plot's standard is the crops table's; where that is empty and its household's standard is
    ``không`` (the household holds no certificate), the plot has none either. A plot that names no
    household of the list gets no dates and a registration date of ``Timestamp.max``: it is on no list,
    and no stock counts it.
    """
    pr, plots = tables["producers"], tables["crops"]
    pos = owner_positions(tables)
    owner = {c: _take(pr[c], pos, plots.index, pd.NaT) for c in ("gap_issued_on", "gap_expires_on", "registered_on")}
    owner["registered_on"] = owner["registered_on"].where(pos >= 0, pd.Timestamp.max)
    household_has_none = _take(pr["gap_standard"], pos, plots.index, pd.NA).eq("không").fillna(False)
    standard = plots["gap_standard"].mask(plots["gap_standard"].isna() & household_has_none, "không")
    from_plots = pd.DataFrame(
        {
            "plot_id": plots["plot_id"] if "plot_id" in plots else pd.Series(pd.NA, index=plots.index, dtype="string"),
            "producer_id": plots["producer_id"],
            "khu_pho": plots["khu_pho"],
            "crop": plots["crop"],
            "area_ha": plots["area_ha"].astype(float),
            "gap_standard": standard,
            **owner,
            "from_farm_area": False,
            SOURCE_POSITION: np.arange(len(plots), dtype=np.int64),
        }
    )
    has_plots = np.zeros(len(pr), dtype=bool)
    has_plots[pos[pos >= 0]] = True  # by the positions found above: no second lookup of 500,000 ids
    bare = pr[~has_plots]
    from_farms = pd.DataFrame(
        {
            "plot_id": pd.Series(pd.NA, index=bare.index, dtype="string"),
            "producer_id": bare["producer_id"],
            "khu_pho": bare["khu_pho"],
            "crop": bare["main_crop"] if "main_crop" in bare else pd.Series(pd.NA, index=bare.index, dtype="string"),
            "area_ha": bare["farm_area_ha"].astype(float),
            "gap_standard": bare["gap_standard"],
            "gap_issued_on": bare["gap_issued_on"],
            "gap_expires_on": bare["gap_expires_on"],
            "registered_on": bare["registered_on"],
            "from_farm_area": True,
            SOURCE_POSITION: np.flatnonzero(~has_plots).astype(np.int64),
        }
    )
    parts = [p for p in (from_plots, from_farms) if len(p)] or [from_plots]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    return out.astype({"from_farm_area": bool})


def linkage_members(tables: Tables) -> pd.DataFrame:
    """One row per (linkage, cooperative it names), with the linkage's start, end and status and the
    cooperative's founding and dissolution dates and khu phố (empty for an id not on the list)."""
    lk, coops = tables["linkages"], tables["cooperatives"]
    ids = lk["cooperative_ids"].astype("string").set_axis(pd.RangeIndex(len(lk))).str.split("; ").explode()
    ids = ids.str.strip()
    ids = ids[ids.notna() & ids.ne("")]  # indexed by the position of its linkage
    rows = lk.iloc[ids.index.to_numpy(dtype=np.int64)]
    pos = pd.Index(coops["cooperative_id"].astype(object)).get_indexer(ids.astype(object))
    index = pd.RangeIndex(len(ids))

    def coop(col: str, missing) -> pd.Series:
        return _take(coops[col], pos, index, missing)

    status = rows["status"] if "status" in rows else pd.Series(pd.NA, index=rows.index, dtype="string")
    return pd.DataFrame(
        {
            "linkage_id": (
                rows["linkage_id"] if "linkage_id" in rows else pd.Series(pd.NA, index=rows.index)
            ).to_numpy(),
            "cooperative_id": ids.to_numpy(),
            "crop": rows["crop"].to_numpy(),
            "khu_pho": coop("khu_pho", pd.NA) if "khu_pho" in coops else pd.Series(pd.NA, index=index),
            "start_on": rows["start_on"].to_numpy(),
            "end_on": rows["end_on"].to_numpy(),
            "status": status.to_numpy(),
            "established_on": coop("established_on", pd.NaT),
            "dissolved_on": coop("dissolved_on", pd.NaT),
            SOURCE_POSITION: ids.index.to_numpy(dtype=np.int64),
        },
        index=index,
    ).astype({"start_on": "datetime64[ns]", "end_on": "datetime64[ns]", "status": "string", "crop": "string"})


@dataclass(frozen=True)
class Derived:
    """How a derived table is built and how its columns are named in a note.

    Attributes
    ----------
    build : callable
        ``build(tables) -> DataFrame``.
    columns : tuple of str
        Its columns (what the indicator catalogue may name).
    noun : str
        What one row is, as a count names it (``thửa``).
    sources : dict
        Processed table -> the columns taken from it, whose titles (declared once, on the schema) name
        them in notes.
    reads : tuple of str
        The columns an aggregation may read whose empty value is unknown (an area nobody gave).
    origin : callable or None
        ``origin(df)`` -> for each row of the built table, the processed table its row comes from (its
        position there is the :data:`SOURCE_POSITION` column); ``None``: the first of ``sources``.
    nouns : dict
        Column -> the noun of the only rows that can lack it, where not ``noun`` (the farm area of a
        household is missing only on a household's row: ``hộ``).
    """

    build: Callable[[Tables], pd.DataFrame]
    columns: tuple[str, ...]
    noun: str
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    nouns: dict[str, str] = field(default_factory=dict)
    origin: Callable[[pd.DataFrame], np.ndarray] | None = None

    def origins(self, df: pd.DataFrame) -> np.ndarray:
        """The processed table each row of ``df`` (this table, as built) comes from."""
        if self.origin is not None:
            return self.origin(df)
        return np.full(len(df), next(iter(self.sources)), dtype=object)

    def title(self, column: str) -> str:
        """The Vietnamese title of a column (its source table's), or the column's name."""
        from ..clean.fields import titles

        for table, columns in self.sources.items():
            if column in columns:
                return titles(table).get(column, column)
        return column


#: The derived tables, by name.
DERIVED: dict[str, Derived] = {
    "plot_areas": Derived(
        plot_areas,
        ("plot_id", "producer_id", "khu_pho", "crop", "area_ha", "gap_standard", "gap_issued_on", "gap_expires_on",
         "registered_on", "from_farm_area"),
        "thửa",
        {"crops": ("khu_pho", "crop", "area_ha", "gap_standard"),
         "producers": ("gap_issued_on", "gap_expires_on", "registered_on")},
        reads=("area_ha",),
        nouns={"area_ha": "hộ"},  # a plot always has an area; only a household's farm area can be missing
        origin=lambda df: np.where(df["from_farm_area"].to_numpy(dtype=bool), "producers", "crops"),
    ),
    "linkage_members": Derived(
        linkage_members,
        ("linkage_id", "cooperative_id", "crop", "khu_pho", "start_on", "end_on", "status", "established_on",
         "dissolved_on"),
        "HTX/THT",
        {"linkages": ("crop", "start_on", "end_on", "status"),
         "cooperatives": ("khu_pho", "established_on", "dissolved_on")},
    ),
}  # fmt: skip


def derived_table(tables: Tables, name: str) -> pd.DataFrame:
    """Table ``name`` of ``tables``: a processed table, or a derived one (taken from ``tables`` when
    :func:`~lkdata.plan.selections.prepared` put it there, otherwise built now)."""
    if name in tables or name not in DERIVED:
        return tables[name]
    return DERIVED[name].build(tables)
