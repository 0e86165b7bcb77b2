"""`lkdata indicators PERIOD`: the period's indicators task by task, one explained (``--explain``), or
written to a workbook with their definitions (``--xlsx``)."""

from __future__ import annotations

from pathlib import Path

from ..config import Paths
from ..errors import UsageError

__all__ = ["indicators_command"]


def indicators_command(period_key: str, *, cutoff: str | None = None, processed: str | None = None,
                       explain_id: str | None = None, xlsx: str | None = None) -> int:  # fmt: skip
    """Print the indicators of ``period_key`` (or explain one); return the exit code."""
    from ..api import indicators
    from ..io.reference import load_plan, load_reference
    from ..plan.periods import parse_period
    from ..vn.fmt import fmt_change, fmt_date, fmt_money, fmt_number, fmt_percent

    paths = Paths.default()
    ref = load_reference(paths.reference)
    period = parse_period(period_key, ref.ward, cutoff=cutoff)
    plan = load_plan(paths.reference, ref)
    if explain_id:  # one figure: its definition, the rows it counts, the total
        from ..api import explain

        print(explain(explain_id, period, processed=processed or None, plan=plan).text())
        return 0
    df = indicators(period, processed=Path(processed) if processed else None, plan=plan)
    print(
        f"Chỉ tiêu {period.label} (số liệu tính đến ngày {fmt_date(period.cutoff)}; "
        f"cùng kỳ: đến ngày {fmt_date(period.previous().cutoff)})"
    )
    for task, rows in df.groupby("task", sort=False):
        print(f"\n{task}. {plan.tasks[task]}")
        for r in rows.itertuples():

            def show(v: float, unit: str = r.unit) -> str:
                return fmt_money(v) if unit == "đồng" else f"{fmt_number(v, 1 if v % 1 else 0)} {unit}"

            target = (
                "; chưa giao chỉ tiêu"
                if r.target != r.target
                else f"; chỉ tiêu {show(r.target)} ({fmt_percent(r.attainment_pct)})"
            )
            unknown = f"; {r.unknown_note}" if r.unknown_note else ""
            print(f"  {r.label}: {show(r.value)} ({fmt_change(r.value, r.previous)}){target}{unknown}")
    if xlsx:
        from ..report.annex import definitions_table, indicators_table
        from .annex import write_annex

        target_path = Path(xlsx)
        if target_path.suffix.lower() != ".xlsx":
            raise UsageError(f"Tệp Excel phải có đuôi .xlsx: {target_path}")
        from ..io.store import load
        from ..plan.explain import definition

        data = load(processed=Path(processed) if processed else None)
        names = ref.kind_titles

        def describe(indicator: str) -> str:
            return " ".join(definition(plan.indicator(indicator), period, data, plan=plan, names=names).values())

        sheets = [indicators_table(df, period, plan), definitions_table(plan, period, describe)]
        write_annex(target_path, sheets, title=f"Chỉ tiêu kỳ {period.label}")
        print(f"\nĐã ghi bảng chỉ tiêu vào {target_path}")
    return 0
