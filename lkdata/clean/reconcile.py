"""Reconcile across rows and datasets: merge duplicates, list probable ones, resolve references.

Pure functions over the cleaned tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..vn.columns import arrow, strings
from ..vn.places import DEFAULT_SUB_UNIT
from ..vn.text import fold_series
from .dataset import distinct_ids, name_key
from .fields import filled_together, id_column

__all__ = [
    "link_linkages",
    "link_plots",
    "link_producers",
    "merge_duplicates",
    "probable_duplicates",
    "producer_keys",
    "resolve_references",
    "unresolved_table",
]


def _where(df: pd.DataFrame) -> pd.Series:
    sheet = df["source_sheet"].fillna("").astype(str)
    return (
        df["source_file"].astype(str) + np.where(sheet.eq(""), "", " / " + sheet) + " / dòng "
        + df["source_row"].astype(str)
    )  # fmt: skip


def _components(n: int, keys: list[np.ndarray]) -> np.ndarray:
    """Connected components of rows sharing any key; each labelled by its first row."""
    g = np.arange(n)
    for _ in range(50):
        before = g.copy()
        for k in keys:
            valid = k >= 0
            if not valid.any():
                continue
            s = pd.Series(g[valid])
            g[valid] = np.minimum(g[valid], s.groupby(k[valid]).transform("min").to_numpy())
            g = g[g]  # follow labels to their roots
        if np.array_equal(g, before):
            break
    return g


#: Values that tell apart two households of one name, khu phố and farm area (rule (b) then does not hold).
_APART_IN_ONE_AREA = ("phone", "id_card", "main_crop")

#: A household's values that tell two households of one name in one khu phố apart.
_TELLING = ("phone", "farm_area_ha", "id_card", "main_crop")


def _join_unambiguous(df: pd.DataFrame, nk: pd.Series, g: np.ndarray) -> np.ndarray:
    """Join the households of one name in one khu phố that nothing tells apart, where that is
    unambiguous (rule (d) of :func:`duplicate_groups`); ``g`` labels each row with its household.

    Vectorised over pairs of households in one khu phố, and only where a pair could be alike: one
    of the two lacks a phone and one lacks an area (households that shared a phone or an area are
    one already).
    """
    if df["phone"].notna().all() or df["farm_area_ha"].notna().all():
        return g  # every household knows its phone, or every one its area: none is alike another
    b = pd.DataFrame({"n": nk, "k": df["khu_pho"]}).groupby(["n", "k"], sort=False).ngroup()
    values = pd.DataFrame({"phone": df["phone"], "farm_area_ha": df["farm_area_ha"].round(4), "id_card": df["id_card"],
                           "main_crop": df["main_crop"]})  # fmt: skip
    known = (
        values.notna()
        .assign(b=b.fillna(-1).to_numpy(dtype=np.int64), g=g)
        .groupby("g")
        .agg({"b": "first", **dict.fromkeys(_TELLING, "any")})
    )  # per household: its khu phố and name, and which values it knows
    known = known[known["b"] >= 0]
    by_bucket = known.groupby("b")
    maybe = (
        (by_bucket["b"].transform("size") > 1)
        & (~known["phone"]).groupby(known["b"]).transform("any")
        & (~known["farm_area_ha"]).groupby(known["b"]).transform("any")
    )
    cand = known[maybe].reset_index()
    if cand.empty:
        return g
    pairs = cand.merge(cand, on="b", suffixes=("_x", "_y"))
    pairs = pairs[pairs["g_x"] != pairs["g_y"]].reset_index(drop=True)
    # the values each candidate knows, and the pairs that share one
    rows = np.isin(g, cand["g"].to_numpy())
    long = (
        values[rows].astype("string").assign(b=b.to_numpy()[rows], g=g[rows])
        .melt(id_vars=["b", "g"], var_name="f", value_name="v").dropna().drop_duplicates()
    )  # fmt: skip
    shared = long.merge(long, on=["b", "f", "v"], suffixes=("_x", "_y"))[["g_x", "g_y", "f"]].drop_duplicates()
    apart = np.zeros(len(pairs), dtype=bool)
    for f in _TELLING:  # both know a value, and have none in common
        common = pairs.merge(shared[shared["f"] == f], on=["g_x", "g_y"], how="left", indicator=True)["_merge"]
        apart |= (pairs[f"{f}_x"] & pairs[f"{f}_y"] & (common != "both")).to_numpy()
    alike = pairs.loc[~apart, ["g_x", "g_y"]]
    matches = alike["g_x"].value_counts()
    only = (alike["g_x"].map(matches) == 1) & (alike["g_y"].map(matches) == 1) & (alike["g_x"] < alike["g_y"])
    relabel = np.arange(len(g))
    relabel[alike.loc[only, "g_y"].to_numpy()] = alike.loc[only, "g_x"].to_numpy()  # each the other's only match
    return relabel[g]


def _joint(codes: list[np.ndarray], dropna: bool) -> np.ndarray:
    """One code per distinct combination of the columns' codes (``-1``: a blank, which with ``dropna``
    makes the row's code ``-1``, as pandas' group-by drops it); combined two at a time, each step
    factorised again so that the numbers stay small."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for c in codes:
        key = pd.factorize(key * (int(c.max(initial=-1)) + 2) + (c.astype(np.int64) + 1))[0]
    if dropna:
        key[np.logical_or.reduce([c < 0 for c in codes])] = -1
    return key


def _distinct_per_group(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row, how many distinct non-blank ``values`` its group (``groups >= 0``) has (as pandas'
    ``transform("nunique")``); 0 for a row outside any group."""
    inside = (groups >= 0) & (values >= 0)
    out = np.zeros(len(groups), dtype=np.int64)
    if not inside.any():
        return out
    width = int(values.max()) + 1
    pairs = pd.unique(groups[inside].astype(np.int64) * width + values[inside])  # each (group, value) once
    counts = np.bincount(pairs // width, minlength=int(groups.max()) + 1)
    member = groups >= 0
    out[member] = counts[groups[member]]
    return out


def duplicate_groups(dataset: str, df: pd.DataFrame) -> np.ndarray:
    """For each row, the position of the first row of its record.

    Producers: two rows are one household when they have the same name (as cleaned) and

    (a) the same phone; or
    (b) the same khu phố and farm area, unless two of those rows give different phones, ID-card
        numbers or main crops (homonyms farming the same area); or
    (c) the same khu phố and the same phone, farm area, ID-card number and main crop, blanks
        included (one row written twice, say on two sheets); or
    (d) the same khu phố, and nothing tells them apart: no phone, farm area, ID-card number or main crop that
        both give and that differs (a value on one side and a blank on the other is no
        difference), and each is the other's only such match in the khu phố. So a household
        listed once with its area and once without is merged, the blank filled from the other row.

    Households of one name in one khu phố that two different known values tell apart (two areas,
    two ID-card numbers, two phones, two main crops), or a row that could be either of two such households, stay
    apart: homonyms, common in Vietnam. They get distinct ids (:func:`~lkdata.clean.dataset.distinct_ids`)
    and :func:`probable_duplicates` lists them for the office to check.

    Other datasets: the same stable id.
    """
    if dataset == "producers":
        nk = name_key(df["name"])
        # each column's values as integer codes (-1 for a blank), once: the groupings below combine them
        code = {c: pd.factorize(df[c])[0] for c in ("phone", "khu_pho", "farm_area_ha", "id_card", "main_crop")}
        code["name"] = pd.factorize(nk)[0]
        code["area4"] = pd.factorize(df["farm_area_ha"].round(4))[0]
        k1 = _joint([code["name"], code["phone"]], dropna=True)
        k2 = _joint([code["name"], code["khu_pho"], code["farm_area_ha"]], dropna=True)
        # ... unless two of them give different phones, ID-card numbers or main crops: homonyms of one area
        told = np.zeros(len(df), dtype=bool)
        for col in _APART_IN_ONE_AREA:
            told |= (k2 >= 0) & (_distinct_per_group(k2, code[col]) > 1)
        k2 = np.where(told, -1, k2)
        # (c) among rows without a phone (rows with one that are alike share name and phone: (a))
        rows = (code["phone"] < 0) & (code["name"] >= 0) & (code["khu_pho"] >= 0)
        k3 = np.full(len(df), -1, dtype=np.int64)
        alike = [code[c][rows] for c in ("name", "khu_pho", "area4", "id_card", "main_crop")]
        k3[rows] = _joint(alike, dropna=False)  # blanks included: a blank is a value here
        return _join_unambiguous(df, nk, _components(len(df), [k1, k2, k3]))
    codes, _ = pd.factorize(df[id_column(dataset)])  # ids are never missing
    _, first = np.unique(codes, return_index=True)  # the first row of each id, in code order
    return first[codes]


def _first_per(keys: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per key, the position of its first row where ``mask`` holds."""
    at = np.flatnonzero(mask)
    return at[~pd.Series(keys[at]).duplicated().to_numpy()]


def _fill(df: pd.DataFrame, leader: np.ndarray, in_group: np.ndarray, together: list[tuple[str, ...]]) -> pd.DataFrame:
    """Per record with duplicates (indexed by its first row): its first row with the blanks filled
    from its other rows, in row order.

    The columns of each ``together`` group come whole from one row, so a record never pairs values
    that no row wrote side by side (an issue date from one row and an expiry from another, a crop
    and another crop's variety): from the first row that has any of them, or from the first later
    row that gives each of those values too, and more (``cà phê`` then ``cà phê TR4``).
    """
    rows = df[in_group]
    keys = leader[in_group]
    filled = rows.groupby(keys, sort=True).first()
    for group in together:
        part = rows[[c for c in group if c in df.columns]].reset_index(drop=True)
        given = part.notna()
        count = given.sum(axis=1).to_numpy()
        first = _first_per(keys, count > 0)
        at = pd.Series(first, index=keys[first]).reindex(keys)
        ref = at.fillna(0).to_numpy(dtype=int)  # per row, its record's first row with any of them
        fuller = at.notna().to_numpy() & (count > count[ref])
        for c in part.columns:  # ... that gives each of that row's values too
            theirs = part[c].take(ref).reset_index(drop=True)
            fuller &= ~given[c].to_numpy()[ref] | (part[c] == theirs).fillna(False).to_numpy(dtype=bool)
        source = pd.Series(first, index=keys[first])
        later = _first_per(keys, fuller)
        source.loc[keys[later]] = later
        filled[list(part.columns)] = part.iloc[source.to_numpy()].set_axis(source.index).reindex(filled.index)
    return filled.astype(df.dtypes.to_dict())


def merge_duplicates(dataset: str, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge rows that are one record (:func:`duplicate_groups`): the first row leads, blanks are
    filled from the others (the columns the schema declares ``together``, such as a certificate's
    dates, from one row), and the records' ids are made unique
    (:func:`~lkdata.clean.dataset.distinct_ids`).

    Returns
    -------
    tuple of DataFrame
        The merged records (``merged_from`` names the merged rows) and the merged rows themselves
        (provenance and ``merged_into``, the id of the record they joined).
    """
    df = df.reset_index(drop=True)
    if df.empty:
        return df, pd.DataFrame(columns=["source_file", "source_sheet", "source_row", "merged_into"])
    leader = duplicate_groups(dataset, df)
    is_dup = leader != np.arange(len(df))
    id_col = id_column(dataset)
    dups = df[is_dup]
    merged = df  # each record at its first row
    if is_dup.any():
        # only records with duplicates change: their blanks are filled from the merged rows
        has_dups = np.zeros(len(df), dtype=bool)
        has_dups[leader[is_dup]] = True
        in_group = has_dups[leader]
        filled = _fill(df, leader, in_group, filled_together(dataset))
        filled["merged_from"] = _where(dups).groupby(leader[is_dup]).agg("; ".join).astype("string")
        # one take over the rows and the filled records, in the rows' order
        slot = np.full(len(df), -1)
        slot[filled.index.to_numpy()] = np.arange(len(filled))
        first = np.flatnonzero(~is_dup)
        pick = np.where(slot[first] >= 0, len(df) + slot[first], first)
        merged = pd.concat([df, filled.reset_index(drop=True)], ignore_index=True).take(pick)
    merged = merged.reset_index(drop=True)
    ids = merged[id_col]  # records merged by id are one per id
    if dataset == "producers":  # households, merged by their values, may share one (homonyms)
        ids = distinct_ids(dataset, merged)
        merged[id_col] = ids
    record = np.searchsorted(np.flatnonzero(~is_dup), leader[is_dup])  # each merged row's record, in ``merged``
    dups = dups.assign(merged_into=ids.iloc[record].to_numpy(), kept_row=_where(df.iloc[leader[is_dup]]).to_numpy())
    keep = ["source_file", "source_sheet", "source_row", id_col, "merged_into", "kept_row"]
    return merged, dups[[c for c in keep if c in dups.columns]].reset_index(drop=True)


#: Why households are listed as probable duplicates.
ALIKE_NAMES = f"Tên giống nhau khi bỏ dấu, cùng {DEFAULT_SUB_UNIT}"
SAME_ID_CARD = "Cùng số CCCD"


def probable_duplicates(producers: pd.DataFrame, sub_unit: str = DEFAULT_SUB_UNIT) -> pd.DataFrame:
    """Households kept apart but to be checked by the office: in one khu phố, names that read alike
    without diacritics (``Nguyễn Văn Bình`` and ``Nguyễn Văn Bính``, homonyms, or one name with two
    phones); and, in any khu phố, one ID-card number given for two households (one household counted
    twice, or a number typed wrong). Columns: group, producer_id, khu_pho, source, reason (naming the
    profile's ``sub_unit``: ``cùng khu phố``, ``cùng ấp``)."""
    columns = ["group", "producer_id", "khu_pho", "source", "reason"]
    if producers.empty:
        return pd.DataFrame(columns=columns)
    # only the rows that share a key go on (a hash of one column each, then a small group-by)
    listed = producers[["producer_id", "khu_pho", "id_card", "source_file", "source_sheet", "source_row"]]
    alike = producers["khu_pho"] + "\x1f" + fold_series(producers["name"])  # <NA> where either is unknown
    parts = []
    alike_names = ALIKE_NAMES.removesuffix(DEFAULT_SUB_UNIT) + sub_unit
    for reason, key, by in ((alike_names, alike, ["khu_pho", "_k"]), (SAME_ID_CARD, producers["id_card"], ["id_card"])):
        shared = (key.notna() & key.duplicated(keep=False)).to_numpy()
        if shared.any():
            cand = listed[shared].assign(_k=key[shared])
            cand = cand.sort_values([*by, "source_file", "source_row"])
            parts.append(cand.assign(_g=cand.groupby(by, sort=False).ngroup().to_numpy(), reason=reason))
    if not parts:
        return pd.DataFrame(columns=columns)
    offset = 0
    for part in parts:  # groups numbered on from one list to the next
        part["_g"] += offset + 1
        offset = int(part["_g"].max())
    cand = pd.concat(parts, ignore_index=True)
    text = {
        "producer_id": cand["producer_id"],
        "khu_pho": cand["khu_pho"],
        "source": _where(cand),
        "reason": cand["reason"],
    }
    # as text columns of pandas' default ``str`` type, cast by Arrow (not made of Python strings and read back)
    return pd.DataFrame({"group": cand["_g"].to_numpy(), **{c: v.astype("str").array for c, v in text.items()}})


def _unresolved(df: pd.DataFrame, mask: pd.Series, dataset: str, fld: str, values: pd.Series) -> pd.DataFrame:
    rows = df[mask]
    return pd.DataFrame({
        "dataset": dataset, "source_file": rows["source_file"], "source_sheet": rows["source_sheet"],
        "source_row": rows["source_row"], "field": fld, "value": values[mask],
    })  # fmt: skip


def _lookup(values: pd.Series, keys: pd.Series, found: pd.Series) -> pd.Series:
    """Per value, ``found`` at the position of the equal key (keys unique), else ``<NA>``: a hash join
    run by Arrow."""
    import pyarrow.compute as pc

    hit = arrow(found).take(pc.index_in(arrow(values), value_set=arrow(keys)))
    return strings(hit, values.index)


_UNRESOLVED_COLUMNS = ["dataset", "source_file", "source_sheet", "source_row", "field", "value"]


def _coop_keys(cooperatives: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Folded cooperative names, each once (of equal names the last wins), and their ids."""
    folded = fold_series(cooperatives["name"])
    last = (~folded.duplicated(keep="last")).to_numpy()
    return folded[last], cooperatives["cooperative_id"][last]


def link_producers(producers: pd.DataFrame, cooperatives: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Producers with ``cooperative_id`` (their cooperative by normalised name), and the unresolved ones."""
    prod = producers.copy(deep=False)  # copy on write: the input stays as it is
    ids = _lookup(fold_series(prod["cooperative_name"]), *_coop_keys(cooperatives))
    prod["cooperative_id"] = ids
    miss = prod["cooperative_name"].notna() & ids.isna()
    return prod, _unresolved(prod, miss, "producers", "HTX/THT", prod["cooperative_name"])


def producer_keys(producers: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """The producers' side of :func:`link_plots`: the first household of each phone and the households
    whose name is unique in their khu phố (keys, then ids), computed once the producers are final."""
    phone = producers["phone"]
    first_phone = (phone.notna() & ~phone.duplicated()).to_numpy()
    nk = name_key(producers["name"]) + "|" + producers["khu_pho"].astype("string")
    unique_name = (nk.notna() & ~nk.duplicated(keep=False)).to_numpy()
    ids = producers["producer_id"]
    return phone[first_phone], ids[first_phone], nk[unique_name], ids[unique_name]


def link_plots(
    plots: pd.DataFrame, producers: pd.DataFrame, keys: tuple[pd.Series, ...] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Plots with ``producer_id``: by phone (the first household with that phone), else by name within
    the khu phố when only one household there has that name; and the unresolved ones. ``keys``:
    :func:`producer_keys` of ``producers``, when already computed."""
    plots = plots.copy(deep=False)
    phones, phone_ids, names, name_ids = keys if keys is not None else producer_keys(producers)
    pk = name_key(plots["producer_name"]) + "|" + plots["khu_pho"].astype("string")
    by_phone = _lookup(plots["phone"], phones, phone_ids)
    by_name = _lookup(pk, names, name_ids)
    pid = by_phone.fillna(by_name)
    plots["producer_id"] = pid
    who = plots["producer_name"].fillna(plots["phone"]).astype("string")
    return plots, _unresolved(plots, pid.isna(), "crops", "Chủ hộ", who)


def link_linkages(linkages: pd.DataFrame, cooperatives: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Linkages with ``cooperative_ids`` (``; ``-separated), and the cooperative names not found."""
    links = linkages.copy(deep=False)
    exploded = links["cooperative_names"].str.split("; ").explode().astype("string")
    ids = _lookup(fold_series(exploded), *_coop_keys(cooperatives))
    links["cooperative_ids"] = ids.dropna().groupby(level=0).agg("; ".join).reindex(links.index).astype("string")
    missing_names = exploded[exploded.notna() & ids.isna()]
    rows = links.loc[missing_names.index]
    return links, pd.DataFrame({
        "dataset": "linkages", "source_file": rows["source_file"].to_numpy(),
        "source_sheet": rows["source_sheet"].to_numpy(), "source_row": rows["source_row"].to_numpy(),
        "field": "HTX/THT tham gia", "value": missing_names.to_numpy(),
    }, columns=_UNRESOLVED_COLUMNS)  # fmt: skip


def unresolved_table(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The unresolved references of several datasets, one table."""
    parts = [u for u in parts if not u.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_UNRESOLVED_COLUMNS)


def resolve_references(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Link producers to cooperatives, plots to producers, linkages to cooperatives.

    References resolve by normalised name (organisations) or by phone, then name within the khu
    phố (households). Unresolved ones keep their written value and are listed.
    """
    out = dict(tables)
    out["producers"], u1 = link_producers(tables["producers"], tables["cooperatives"])
    out["crops"], u2 = link_plots(tables["crops"], out["producers"])
    out["linkages"], u3 = link_linkages(tables["linkages"], tables["cooperatives"])
    return out, unresolved_table([u1, u2, u3])
