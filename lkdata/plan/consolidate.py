"""The province's roll-up of the exchange files its wards and communes sent (``lkdata consolidate``): which
files count, and the figures they add up to. Pure: it takes the files' contents (read and checked against the
format's schema by :mod:`lkdata.io.exchange_inbox`) and returns tables.

Rules, each in one place here:

- a file counts when it is for the period being consolidated, from a commune of the province's list (by its
  official code), and its indicators are consistent (one indicator per definition, the definition's unit and
  kind); otherwise it is refused with the reason;
- of a commune's files for the period, the newest (``generated_at``) counts and replaces the older ones: nothing
  is counted twice, and the replaced files are listed;
- reporting rate and timeliness after DHIS2: communes that reported / communes expected; reported by the due
  date (the file was made on or before it) / communes expected;
- indicators are matched by their definition's id, never by their label; flows and stocks add up across
  communes, shares never (recomputed from their parts where ``ratios.csv`` names them); a value left ``null``
  is not reported, never 0: every total says how many communes it covers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..vn.text import fold
from .catalogue import KIND_WORDS
from .periods import Period

__all__ = ["ADDS_UP", "Consolidation", "Definition", "consolidate", "made_at"]

#: The kinds of indicator whose values add up across communes (a share never does).
ADDS_UP = ("flow", "stock")
_VALUE_COLUMNS = ["code", "name", "definition", "indicator", "label", "unit", "kind", "value", "previous", "target"]


@dataclass(frozen=True)
class Definition:
    """A shared indicator definition as the province reads it: its label, unit and kind."""

    id: str
    label: str
    unit: str
    kind: str | None


def made_at(data: dict) -> dt.datetime:
    """When a file's report was made (``generated_at``, with its offset)."""
    return dt.datetime.fromisoformat(str(data["generated_at"]).replace("Z", "+00:00"))


def _unit(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _number(value: object) -> float | None:
    return None if value is None else float(value)


@dataclass
class Consolidation:
    """The roll-up of one period: who reported with which file, what was refused or replaced, the values by
    commune and the province's totals.

    Attributes
    ----------
    communes : DataFrame
        Every commune expected (``code``, ``name``, ``kind``), in the list's order.
    reports : DataFrame
        One row per commune whose file counts: ``code``, ``name``, ``kind``, ``file``, ``made`` (the time stamp),
        ``made_on`` (its day), ``late``, ``plan``, ``status``.
    replaced : DataFrame
        ``file``, ``code``, ``name``, ``made``, ``by``: older files of a commune that a newer one replaced.
    refused : DataFrame
        ``file`` and ``reason``, in file order.
    values : DataFrame
        One row per commune and indicator of the files that count (``value``, ``previous``, ``target`` are
        ``None`` where not reported).
    """

    period: Period
    communes: pd.DataFrame
    reports: pd.DataFrame
    replaced: pd.DataFrame
    refused: pd.DataFrame
    values: pd.DataFrame
    definitions: dict[str, Definition]
    ratios: dict[str, tuple] = field(default_factory=dict)
    other_files: list[str] = field(default_factory=list)

    # -- who reported ----------------------------------------------------------------------------------

    @property
    def expected(self) -> int:
        return len(self.communes)

    @property
    def reported(self) -> int:
        return len(self.reports)

    @property
    def on_time(self) -> int:
        """Communes whose file was made by the due date (all that reported when the period has none)."""
        return int((~self.reports["late"].astype(bool)).sum())

    @property
    def late(self) -> pd.DataFrame:
        return self.reports[self.reports["late"].astype(bool)]

    @property
    def missing(self) -> pd.DataFrame:
        """The communes expected whose file has not come (or was refused), in the list's order."""
        return self.communes[~self.communes["code"].isin(self.reports["code"])].reset_index(drop=True)

    @property
    def reporting_rate(self) -> float | None:
        """Communes that reported / communes expected (%)."""
        return 100 * self.reported / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        """Communes that reported by the due date / communes expected (%)."""
        return 100 * self.on_time / self.expected if self.expected else None

    # -- figures ---------------------------------------------------------------------------------------

    def shared(self) -> list[str]:
        """The definitions the plans share: in the files of at least two communes (every definition when only
        one commune reported), in the order they first appear."""
        counts = self.values.groupby("definition", sort=False)["code"].nunique()
        least = 2 if self.reported > 1 else 1
        return [d for d, n in counts.items() if n >= least]

    def own(self) -> pd.DataFrame:
        """The indicators only one commune's plan has (not totalled): ``name``, ``label``."""
        shared = set(self.shared())
        return self.values.loc[~self.values["definition"].isin(shared), ["name", "label"]].reset_index(drop=True)

    def totals(self) -> pd.DataFrame:
        """The province's figure of each shared definition: ``definition``, ``label``, ``unit``, ``kind``,
        ``communes`` (whose plan has it), ``covered`` (that reported a value), ``total`` (``None``: not added up),
        ``previous`` and ``previous_covered``, ``change_pct`` over the ``compared`` communes with both figures (their
        sums ``value_compared``, ``previous_compared``), ``target``
        and ``target_covered``, ``how`` (how it was added up, in words)."""
        rows = [self._total(d) for d in self.shared()]
        columns = ["definition", "label", "unit", "kind", "communes", "covered", "total", "previous",
                   "previous_covered", "change_pct", "compared", "value_compared", "previous_compared", "target",
                   "target_covered", "how"]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def _total(self, definition: str) -> dict:
        d = self.definitions[definition]
        rows = self.values[self.values["definition"] == definition]
        out = {"definition": definition, "label": d.label, "unit": d.unit, "kind": d.kind,
               "communes": rows["code"].nunique()}  # fmt: skip
        if d.kind in ADDS_UP:
            return out | _sums(rows) | {"how": "cộng các xã, phường có số liệu"}
        if d.kind == "ratio" and definition in self.ratios:
            return out | self._ratio(definition)
        why = "tỷ lệ: không cộng" if d.kind == "ratio" else "không rõ loại chỉ tiêu: không cộng"
        return out | {"covered": int(rows["value"].notna().sum()), "total": None, "previous": None,
                      "previous_covered": int(rows["previous"].notna().sum()), "change_pct": None, "target": None,
                      "target_covered": 0, "how": why}  # fmt: skip

    def _ratio(self, definition: str) -> dict:
        numerator, denominator, factor = self.ratios[definition][:3]
        wide = {c: self.values[self.values["definition"] == x].set_index("code")[["value", "previous"]]
                for c, x in (("num", numerator), ("den", denominator))}  # fmt: skip
        both = wide["num"].merge(wide["den"], left_index=True, right_index=True, suffixes=("_num", "_den"))

        def share(column: str) -> tuple[float | None, int]:
            ok = both[both[f"{column}_num"].notna() & both[f"{column}_den"].notna()]
            den = ok[f"{column}_den"].sum()
            return (factor * ok[f"{column}_num"].sum() / den if den else None), len(ok)

        total, covered = share("value")
        previous, previous_covered = share("previous")
        label_num, label_den = (
            self.definitions[x].label if x in self.definitions else x for x in (numerator, denominator)
        )
        return {"covered": covered, "total": total, "previous": previous, "previous_covered": previous_covered,
                "change_pct": None, "target": None, "target_covered": 0,
                "how": f"tính lại: ({label_num}) / ({label_den})"}  # fmt: skip

    def by_commune(self, definitions: Sequence[str]) -> pd.DataFrame:
        """Each commune that reported, with the value of each of ``definitions`` (``None``: not reported or not
        in its plan), beside its file's day and whether it was late."""
        out = self.reports[["code", "name", "kind", "made_on", "late"]].copy()
        for d in definitions:
            values = self.values[self.values["definition"] == d].set_index("code")["value"]
            out[d] = out["code"].map(values).astype(object).where(out["code"].isin(values.index), None)
        return out.reset_index(drop=True)

    def ranking_definitions(self, k: int = 4) -> list[str]:
        """The ``k`` shared definitions that add up and that most communes reported (for the rankings)."""
        totals = self.totals()
        totals = totals[totals["kind"].isin(ADDS_UP) & (totals["covered"] > 0)]
        return list(totals.sort_values("covered", ascending=False, kind="stable")["definition"].head(k))

    def ranking(self, definition: str, n: int = 5) -> pd.DataFrame:
        """The ``n`` communes with the largest value of ``definition`` (``rank``, ``name``, ``kind``, ``value``);
        communes that did not report it are not ranked."""
        rows = self.values[(self.values["definition"] == definition) & self.values["value"].notna()]
        rows = rows.assign(value=rows["value"].astype(float)).sort_values(["value", "name"], ascending=[False, True])
        top = rows.head(n)
        kinds = self.communes.set_index("code")["kind"]
        return pd.DataFrame({"rank": range(1, len(top) + 1), "name": list(top["name"]),
                             "kind": [kinds.get(c, "") for c in top["code"]], "value": list(top["value"])})  # fmt: skip

    def changes(self, n: int = 8) -> pd.DataFrame:
        """The shared figures that changed most against the same period a year earlier (by the size of the
        change in %, over the communes with both figures)."""
        totals = self.totals()
        totals = totals[totals["change_pct"].notna()]
        order = totals["change_pct"].astype(float).abs().sort_values(ascending=False, kind="stable").index
        return totals.loc[order].head(n).reset_index(drop=True)


def _sums(rows: pd.DataFrame) -> dict:
    value, previous, target = (rows[c].dropna().astype(float) for c in ("value", "previous", "target"))
    both = rows[rows["value"].notna() & rows["previous"].notna()]
    base = both["previous"].astype(float).sum()
    change = 100 * (both["value"].astype(float).sum() - base) / base if len(both) and base else None
    return {"covered": len(value), "total": value.sum() if len(value) else None,
            "previous": previous.sum() if len(previous) else None, "previous_covered": len(previous),
            "change_pct": change, "compared": len(both), "value_compared": both["value"].astype(float).sum(),
            "previous_compared": base, "target": target.sum() if len(target) else None,
            "target_covered": len(target)}  # fmt: skip


# --- which files count --------------------------------------------------------------------------------


def _period_problem(data: dict, period: Period) -> str | None:
    p = data["period"]
    if p["key"] == period.key and p["start"] == period.start.isoformat() and p["end"] == period.end.isoformat():
        return None
    return (f"tệp báo cáo kỳ “{p['label']}” ({p['key']}, từ {p['start']} đến {p['end']}), không phải kỳ đang tổng "
            f"hợp: {period.label} ({period.key})")  # fmt: skip


def _reporter_problem(data: dict, communes: pd.DataFrame) -> str | None:
    r = data["reporter"]
    if r.get("parent_code"):
        return (f"tệp của đơn vị “{r['kind']} {r['name']}” thuộc xã, phường mã {r['parent_code']}: Sở chỉ tổng hợp "
                "tệp của xã, phường")  # fmt: skip
    if r["code"] in set(communes["code"]):
        return None
    named = communes[communes["name"].map(fold) == fold(r["name"])]
    hint = "; ".join(f"{k} {n} có mã {c}" for c, n, k in named[["code", "name", "kind"]].itertuples(index=False))
    hint = f" ({hint}: sửa mã trong hồ sơ của xã, phường rồi lập lại tệp)" if hint else ""
    return f"mã xã, phường '{r['code']}' ({r['kind']} {r['name']}) không có trong danh mục xã, phường của tỉnh{hint}"


def _indicator_problem(data: dict, catalogue: dict[str, Definition]) -> str | None:
    seen_ids: set[str] = set()
    seen_definitions: dict[str, str] = {}
    for ind in data["indicators"]:
        if ind["id"] in seen_ids:
            return f"chỉ tiêu '{ind['id']}' ghi hai lần"
        seen_ids.add(ind["id"])
        if ind["definition"] in seen_definitions:
            return (f"hai chỉ tiêu '{seen_definitions[ind['definition']]}' và '{ind['id']}' cùng theo định nghĩa "
                    f"'{ind['definition']}' (mỗi định nghĩa một chỉ tiêu, để không tính hai lần)")  # fmt: skip
        seen_definitions[ind["definition"]] = ind["id"]
        known = catalogue.get(ind["definition"])
        if known is not None:
            if problem := _differs(ind, known, "danh mục định nghĩa của tỉnh"):
                return problem
    return None


def _differs(ind: dict, d: Definition, against: str) -> str | None:
    if _unit(ind["unit"]) != _unit(d.unit):
        return (f"chỉ tiêu “{ind['label']}” (định nghĩa '{d.id}') ghi đơn vị '{ind['unit']}', khác đơn vị '{d.unit}' "
                f"theo {against}")  # fmt: skip
    kind = ind.get("kind")
    if kind is not None and d.kind is not None and kind != d.kind:
        said, theirs = (KIND_WORDS[k] for k in (kind, d.kind))  # the schema allows only codes
        return (f"chỉ tiêu “{ind['label']}” (định nghĩa '{d.id}') ghi loại số liệu “{said}”, khác loại “{theirs}” "
                f"theo {against}")  # fmt: skip
    return None


def _majority(files: dict[str, dict], catalogue: dict[str, Definition]) -> dict[str, Definition]:
    """Each definition as most of the counted files write it (unit, kind, label), the catalogue's where it has
    one (ties: the file first in name order)."""
    seen: dict[str, list[dict]] = {}
    for _name, data in sorted(files.items()):
        for ind in data["indicators"]:
            seen.setdefault(ind["definition"], []).append(ind)
    out = dict(catalogue)
    for d, inds in seen.items():
        if d in catalogue:
            continue
        unit = Counter(" ".join(str(i["unit"]).split()) for i in inds).most_common(1)[0][0]
        kinds = Counter(i.get("kind") for i in inds if i.get("kind"))
        label = Counter(i["label"] for i in inds).most_common(1)[0][0]
        out[d] = Definition(d, label, unit, kinds.most_common(1)[0][0] if kinds else None)
    return out


def consolidate(received: Sequence, period: Period, communes: pd.DataFrame, *,
                catalogue: dict[str, Definition] | None = None, ratios: dict | None = None,
                other_files: Sequence[str] = ()) -> Consolidation:  # fmt: skip
    """Decide which files count and gather their values.

    Parameters
    ----------
    received : sequence of objects with ``name``, ``data`` and ``reason``
        The files read (:class:`lkdata.io.exchange_inbox.Received`): ``data`` is a schema-valid exchange file, or
        ``None`` and ``reason`` says why the file was refused.
    period : Period
        The period consolidated, with its due date from the Department's profile.
    communes : DataFrame
        The province's wards and communes (``code``, ``name``, ``kind``).
    catalogue : dict, optional
        The shared definitions the province knows (their unit and kind); others are read from the files.
    ratios : dict, optional
        definition -> (numerator, denominator, factor, label): shares recomputed from their parts.
    """
    catalogue = catalogue or {}
    refused = [(r.name, r.reason) for r in received if r.data is None]
    candidates: dict[str, dict] = {}
    for r in received:
        if r.data is None:
            continue
        problem = (_period_problem(r.data, period) or _reporter_problem(r.data, communes)
                   or _indicator_problem(r.data, catalogue))  # fmt: skip
        if problem:
            refused.append((r.name, problem))
        else:
            candidates[r.name] = r.data
    newest, replaced = _newest(candidates, communes)
    definitions = _majority(newest, catalogue)
    for name, data in sorted(newest.items()):
        for ind in data["indicators"]:
            if problem := _differs(ind, definitions[ind["definition"]], "đa số các xã, phường"):
                refused.append((name, problem + "; tệp không được tính"))
                del newest[name]
                break
    definitions = _majority(newest, catalogue)
    names = communes.set_index("code")["name"]
    reports, values = [], []
    for name, data in newest.items():
        code, made = data["reporter"]["code"], made_at(data)
        late = period.due is not None and made.date() > period.due
        reports.append({"code": code, "name": names[code], "kind": communes.set_index("code")["kind"][code],
                        "file": name, "made": made, "made_on": made.date(), "late": late,
                        "plan": data["plan"]["id"], "status": data.get("status", "final")})  # fmt: skip
        for ind in data["indicators"]:
            d = definitions[ind["definition"]]
            values.append({"code": code, "name": names[code], "definition": d.id, "indicator": ind["id"],
                           "label": ind["label"], "unit": d.unit, "kind": ind.get("kind") or d.kind,
                           "value": _number(ind["value"]), "previous": _number(ind["previous"]),
                           "target": _number(ind["target"])})  # fmt: skip
    order = {c: i for i, c in enumerate(communes["code"])}
    reports_df = pd.DataFrame(reports, columns=["code", "name", "kind", "file", "made", "made_on", "late", "plan",
                                                "status"])  # fmt: skip
    reports_df = reports_df.sort_values("code", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    values_df = pd.DataFrame(values, columns=_VALUE_COLUMNS).astype(
        {c: object for c in ("value", "previous", "target")}
    )
    return Consolidation(
        period=period,
        communes=communes[["code", "name", "kind"]].reset_index(drop=True),
        reports=reports_df,
        replaced=pd.DataFrame(replaced, columns=["file", "code", "name", "made", "by"]),
        refused=pd.DataFrame(sorted(refused), columns=["file", "reason"]),
        values=values_df,
        definitions=definitions,
        ratios=dict(ratios or {}),
        other_files=list(other_files),
    )


def _newest(files: dict[str, dict], communes: pd.DataFrame) -> tuple[dict[str, dict], list[tuple]]:
    """Of each commune's files, the one made last (equal times: the last by file name); the others, each with
    the file that replaced it."""
    names = communes.set_index("code")["name"]
    by_code: dict[str, list[tuple[dt.datetime, str]]] = {}
    for name, data in files.items():
        by_code.setdefault(data["reporter"]["code"], []).append((made_at(data), name))
    newest, replaced = {}, []
    for code, found in by_code.items():
        found.sort(key=lambda x: (x[0].timestamp(), x[1]))
        keep = found[-1][1]
        newest[keep] = files[keep]
        replaced += [(name, code, names[code], made, keep) for made, name in found[:-1]]
    return newest, sorted(replaced)
