"""Intake templates: dropdowns from the catalogues, and a correctly filled template cleans with nothing set aside."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lkdata.clean.fields import field, fields
from lkdata.clean.plausibility import SUGGESTIONS
from lkdata.config import DATASETS
from lkdata.io.reference import load_reference
from lkdata.io.templates import ADVICE, TEMPLATE_NAMES, write_templates
from lkdata.jobs.clean_run import run_clean

REF = load_reference()
HEADER_ROW = 4  # 1-based, as Excel shows it


_TODAY = dt.date.today()
_RULES = {(r.dataset, r.field.name): r for r in REF.plausibility}


def _hard(dataset: str, name: str) -> tuple[object, object, bool]:
    """The schema's own limits of a field (a date's years 1900-2100), as the cleaner holds them."""
    f = field(dataset, name)
    if f.kind == "date":
        return dt.date(1900, 1, 1), dt.date(2100, 12, 31), False
    low, high = f.bounds or (None, None)
    return low, high, f.low_open


def _expected(rule, as_of: dt.date = _TODAY) -> tuple[object, object]:
    """A rule's range on ``as_of``, inside the field's hard limits."""
    low, high = rule.bounds(as_of)
    hard_low, hard_high, _ = _hard(rule.dataset, rule.field.name)
    if rule.field.kind != "date":
        low, high = (float(v) if v is not None else None for v in (low, high))
    if hard_low is not None and (low is None or low < hard_low):
        low = hard_low
    if hard_high is not None and (high is None or high > hard_high):
        high = hard_high
    return low, high


def _value(dataset: str, field: str, kind: str, i: int):
    """A correct value for a field, as someone filling the template in would type or pick it."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Đức"]
    by_kind = {
        "person": names[i % len(names)],
        "phone": f"09{12345670 + i:08d}",
        "id_card": f"0751{i:08d}",
        "khu_pho": REF.khu_pho["name"].iloc[i % len(REF.khu_pho)],
        "crop": REF.crops["name"].iloc[i % len(REF.crops)],
        "cert": "VietGAP",
        "coop_kind": "HTX" if i % 2 else "THT",
        "activity_kind": REF.activity_kinds["name"].iloc[i % len(REF.activity_kinds)],
        "task": None,  # derived from the activity kind when left empty
        "bool": "Có" if i % 2 else "Không",
        "area": 1.5 + i,
        "number": 2.5 + i,
        "int": 10 + i,
        "money": 150_000_000 + i,
        "code": f"VN-DNLK-{i:04d}",
        "org_list": "HTX Mẫu Một; THT Mẫu Hai",
        "text": f"{field} {i + 1}",
    }
    if kind == "date":
        return {"gap_expires_on": dt.datetime(2028, 1, 10), "end_on": dt.datetime(2100, 12, 31),
                "dissolved_on": None}.get(field, dt.datetime(2025, 3, 1 + i))  # fmt: skip
    if field in ("ocop_stars", "ocop_year", "year"):
        return {"ocop_stars": 3 + i % 3, "ocop_year": 2020 + i, "year": 2015 + i}[field]
    if dataset == "cooperatives" and field == "name":
        return f"HTX Mẫu số {i + 1}"
    return by_kind[kind]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    write_templates(out, REF)
    return out


def test_each_template_has_canonical_headers_dropdowns_and_a_frozen_header(templates: Path):
    for dataset in DATASETS:
        wb = openpyxl.load_workbook(templates / TEMPLATE_NAMES[dataset])
        ws = wb["Dữ liệu"]
        assert ws.freeze_panes == "A5"
        headers = [c.value for c in ws[HEADER_ROW] if c.value]
        assert headers == [REF.headers[dataset][f.name][0] for f in fields(dataset)]
        assert wb["Danh mục"].sheet_state == "hidden" and "Hướng dẫn" in wb.sheetnames
        lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
        kinds = {f.kind for f in fields(dataset)}
        expected = len(kinds & {"khu_pho", "crop", "cert", "coop_kind", "activity_kind", "task", "bool"})
        assert len([f for f in lists if "'Danh mục'!" in f]) >= expected
    khu_pho = [c.value for c in openpyxl.load_workbook(templates / TEMPLATE_NAMES["producers"])["Danh mục"]["A"]][1:]
    assert khu_pho == list(REF.khu_pho["name"])  # the lists come from the current catalogue


def _within_bounds(dataset: str, name: str, i: int):
    """Row 0 takes the low end of the field's plausible range, row 1 its high end, row 2 a zero where
    the rule counts it as a value of its own; ``None`` elsewhere (the row keeps its ordinary value)."""
    rule = _RULES.get((dataset, name))
    if rule is None or i > 2:
        return None
    value = [*_expected(rule), 0 if rule.zero_ok else None][i]
    return dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else value


def test_a_filled_template_cleans_with_nothing_quarantined_and_nothing_flagged(templates: Path, tmp_path: Path):
    """Filled in within its checks, up to the very ends of each plausible range (today's date, this year,
    50 ha, 100 tỷ đồng), a template cleans with nothing set aside and no value flagged as unusual."""
    raw = tmp_path / "raw"
    at_ends = 0
    for dataset in DATASETS:
        checks, _ = _validations(templates / TEMPLATE_NAMES[dataset])
        wb = openpyxl.load_workbook(templates / TEMPLATE_NAMES[dataset])
        ws = wb["Dữ liệu"]
        for i in range(5):
            for j, f in enumerate(fields(dataset), 1):
                value = _within_bounds(dataset, f.name, i)
                if value is None:
                    value = _value(dataset, f.name, f.kind, i)
                else:  # the template takes it without a word
                    at_ends += 1
                    dv = checks[REF.headers[dataset][f.name][0]]
                    assert _accepts(dv, value.date() if isinstance(value, dt.datetime) else value), (f.name, value)
                ws.cell(HEADER_ROW + 1 + i, j, value)
        (raw / dataset).mkdir(parents=True)
        wb.save(raw / dataset / TEMPLATE_NAMES[dataset])
    assert at_ends >= 2 * len(_RULES)
    run = run_clean(raw, tmp_path / "processed")
    for dataset, d in run.manifest["datasets"].items():
        assert d["rows_in"] == 5, dataset
        assert (d["clean"], d["quarantined"], d["skipped"], d["duplicates"]) == (5, 0, 0, 0), (dataset, d)
        [entry] = d["files"]
        assert entry["status"] == "ok" and entry["sheets"][0]["unmapped_columns"] == []
        issues = run.tables[dataset]["issues"].dropna()
        assert issues.empty, (dataset, issues.tolist())  # no plausibility flag, nor any other
    assert run.tables["producers"]["gap_standard"].eq("VietGAP").all()
    assert run.tables["activities"]["plan_task"].notna().all()
    founded = run.tables["cooperatives"]["established_on"]
    assert founded.min() == pd.Timestamp(1950, 1, 1) and founded.max() == pd.Timestamp(_TODAY)


# --- the checks and hints the templates carry -------------------------------------------------------------


def _validations(path: Path) -> tuple[dict[str, object], dict[str, str]]:
    """Each field's data validation (by its header) and each header's help on the instructions sheet."""
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path)
    ws = wb["Dữ liệu"]
    headers = {get_column_letter(c.column): c.value for c in ws[HEADER_ROW] if c.value}
    by_header = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        by_header[headers[letter]] = dv
    guide = {r[0]: r[2] for r in wb["Hướng dẫn"].iter_rows(min_row=2, values_only=True) if r[0]}
    return by_header, guide


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def _excel(formula: str, cell: float | str | None = None, today: dt.date | None = None) -> object:
    """Evaluate the small Excel formulas the templates write (comparisons, AND, OR, NOT, ISNUMBER, INT,
    DATE, TODAY, YEAR) with ``cell`` as the value of the cell they name: what Excel would decide."""
    today = today or dt.date.today()
    expr = re.sub(r"\b[A-Z]{1,3}[0-9]+\b", "CELL", formula.lstrip("="))
    expr = re.sub(r"(?<![<>!=])=(?!=)", "==", expr.replace("<>", "!="))
    names = {
        "CELL": cell,
        "AND": lambda *a: all(a),
        "OR": lambda *a: any(a),
        "NOT": lambda a: not a,
        "ISNUMBER": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "INT": lambda v: int(v // 1),
        "DATE": lambda y, m, d: _serial(dt.date(y, m, d)),
        "TODAY": lambda: _serial(today),
        "YEAR": lambda serial: (dt.date(1899, 12, 30) + dt.timedelta(days=serial)).year,
    }
    try:
        return eval(expr, {"__builtins__": {}}, names)  # our own templates' formulas, nothing else
    except TypeError:  # text compared with a number: Excel's validation fails
        return False


def _accepts(dv, value: float | dt.date) -> bool:
    """Whether Excel takes ``value`` into a cell under the data validation ``dv`` without its alert."""
    x = _serial(value) if isinstance(value, dt.date) else value
    if dv.type == "custom":
        return bool(_excel(dv.formula1, x))
    if dv.type == "whole" and x != int(x):
        return False
    low = _excel(dv.formula1) if dv.formula1 is not None else None
    high = _excel(dv.formula2) if dv.formula2 is not None else None
    return {
        None: lambda: low <= x <= high,
        "between": lambda: low <= x <= high,
        "greaterThanOrEqual": lambda: x >= low,
        "greaterThan": lambda: x > low,
        "lessThanOrEqual": lambda: x <= low,
    }[dv.operator]()


def _marked(ws, header_letter: str, value) -> bool:
    """Whether the conditional formatting of the column marks ``value`` (a value beyond the hard limits)."""
    x = _serial(value) if isinstance(value, dt.date) else value
    return any(
        bool(_excel(rule.formula[0], x))
        for rng, rules in ws.conditional_formatting._cf_rules.items()
        if str(rng.sqref).startswith(f"{header_letter}5:")
        for rule in rules
    )


def _step(value: object, kind: str) -> object:
    """The smallest step past an end: a day, a whole unit, or a sliver of a decimal."""
    if isinstance(value, dt.date):
        return dt.timedelta(days=1)
    return 1 if kind == "int" else max(abs(float(value)) * 1e-3, 1e-6)


def _by_letter(path: Path):
    from openpyxl.utils import get_column_letter

    ws = openpyxl.load_workbook(path)["Dữ liệu"]
    return ws, {c.value: get_column_letter(c.column) for c in ws[HEADER_ROW] if c.value}


@pytest.mark.parametrize(("dataset", "name"), sorted(_RULES), ids=[f"{d}-{n}" for d, n in sorted(_RULES)])
def test_number_and_date_checks_follow_the_plausibility_rules(templates: Path, dataset: str, name: str):
    """Each rule of ``plausibility.csv`` is its field's check: the ends are accepted, a step beyond them
    gets Excel's warning (the person may keep the value, as the cleaner keeps and flags it), and the
    message says the range, what the value may have meant and the rule's reason."""
    rule = _RULES[dataset, name]
    checks, guide = _validations(templates / TEMPLATE_NAMES[dataset])
    header = REF.headers[dataset][name][0]
    dv, kind = checks[header], rule.field.kind
    assert (dv.errorStyle, dv.errorTitle) == ("warning", "Số liệu bất thường")
    low, high = _expected(rule)
    for end, beyond in ((low, -1), (high, 1)):
        if end is None:
            continue
        assert _accepts(dv, end), (end, dv.formula1, dv.formula2)
        past = end + beyond * _step(end, kind)  # type: ignore[operator]
        if not (beyond < 0 and rule.zero_ok and past == 0):
            assert not _accepts(dv, past), (past, dv.formula1, dv.formula2)
    if kind != "date" and low is not None and low > 0:
        assert _accepts(dv, 0) == rule.zero_ok  # "0: chưa góp vốn" is a value of its own
    assert len(dv.error) <= 255 and len(dv.prompt) <= 255
    assert dv.error.startswith(f"{rule.field.label} ngoài mức hợp lý: thường ")
    assert ADVICE[rule.suggestion] in dv.error and dv.error.endswith("chọn Yes (Có) để giữ.")
    reason = dv.error.split(ADVICE[rule.suggestion], 1)[1]
    reason = re.split(r" (?:Bắt buộc: |Nếu đúng, )", reason)[0].strip().rstrip(".")
    assert rule.note.replace(";", ".").startswith(reason.replace(";", ".")), reason  # whole sentences of it
    assert guide[header].startswith(dv.prompt) and rule.note in guide[header]
    if kind == "date" and rule.high == "today":
        assert dv.formula2 == "TODAY()" and "đến hôm nay" in dv.prompt
    if rule.field.unit == "năm" and rule.high == "today":
        assert dv.formula2 == "YEAR(TODAY())" and "năm hiện tại" in dv.prompt


def test_every_suggestion_has_its_advice_and_most_warnings_give_the_rules_reason(templates: Path):
    assert set(ADVICE) == set(SUGGESTIONS)
    given = 0
    for (dataset, name), rule in _RULES.items():
        error = _validations(templates / TEMPLATE_NAMES[dataset])[0][REF.headers[dataset][name][0]].error
        given += re.split(r"(?<=[.;])\s", rule.note)[0].rstrip(";.") in error
    assert given >= 0.8 * len(_RULES), (given, len(_RULES))  # within Excel's 255 characters


@pytest.mark.parametrize(
    ("dataset", "name", "accepted", "warned"),
    [
        ("cooperatives", "established_on", [dt.date(1998, 5, 1), dt.date(1950, 1, 1), _TODAY],
         [dt.date(1945, 8, 19), _TODAY + dt.timedelta(days=1)]),
        ("cooperatives", "dissolved_on", [dt.date(2001, 1, 1)], [dt.date(1900, 1, 1)]),
        ("producers", "registered_on", [dt.date(1995, 6, 1)], [dt.date(1989, 12, 31)]),
        ("producers", "gap_issued_on", [dt.date(2008, 3, 1)], [dt.date(2005, 3, 15)]),
        ("producers", "gap_expires_on", [dt.date(2030, 1, 1), dt.date(2100, 12, 31)], [dt.date(2007, 1, 1)]),
        ("linkages", "start_on", [dt.date(1998, 1, 1), dt.date(2040, 1, 1)], [dt.date(1985, 1, 1)]),
        ("producers", "farm_area", [0.01, 2.5, 50], [3000, 0.005]),
        ("cooperatives", "charter_capital", [0, 1_000_000, 500_000_000], [500, 2e11]),
        ("cooperatives", "ocop_year", [2018, _TODAY.year], [2015, _TODAY.year + 1]),
        ("crops", "yield_t_per_ha", [0, 25], [12_000]),
    ],
)  # fmt: skip
def test_a_plausible_value_goes_in_and_an_unusual_one_is_only_warned_of(templates, dataset, name, accepted, warned):
    """A cooperative founded in 1998 can be entered (issue 14, defect 9); one founded in 1945 gets a warning."""
    checks, _ = _validations(templates / TEMPLATE_NAMES[dataset])
    dv = checks[REF.headers[dataset][name][0]]
    assert dv.errorStyle == "warning"
    assert all(_accepts(dv, v) for v in accepted), [v for v in accepted if not _accepts(dv, v)]
    assert not any(_accepts(dv, v) for v in warned), [v for v in warned if _accepts(dv, v)]


@pytest.mark.parametrize(
    ("dataset", "name", "beyond", "within"),
    [
        ("producers", "farm_area", [6000, 0, -1], [3000, 0.005, 50, "3000 m2"]),
        ("crops", "area", [5000.5, 0], [120]),
        ("linkages", "area", [0, -2], [9000]),
        ("crops", "year", [1940, 2150, 2020.5], [2999 - 999, _TODAY.year + 3]),
        ("cooperatives", "ocop_year", [2015], [_TODAY.year + 1]),
        ("cooperatives", "members", [-1, 2.5], [0, 5000]),
        ("cooperatives", "charter_capital", [-500], [500, 0]),
        ("producers", "registered_on", [dt.date(2101, 1, 1)], [dt.date(1985, 1, 1), _TODAY + dt.timedelta(days=9)]),
    ],
)  # fmt: skip
def test_a_value_the_cleaner_would_set_aside_is_marked_red(templates, dataset, name, beyond, within):
    """Excel gives a cell one validation: where it only warns, a value kept beyond the field's hard limits
    (which ``lkdata clean`` sets aside) is marked by conditional formatting; an unusual one is not."""
    ws, letters = _by_letter(templates / TEMPLATE_NAMES[dataset])
    letter = letters[REF.headers[dataset][name][0]]
    assert all(_marked(ws, letter, v) for v in beyond), [v for v in beyond if not _marked(ws, letter, v)]
    assert not any(_marked(ws, letter, v) for v in within), [v for v in within if _marked(ws, letter, v)]


def test_a_field_without_a_rule_is_held_to_its_hard_limits_with_a_stop(templates: Path):
    checks, guide = _validations(templates / TEMPLATE_NAMES["linkages"])
    end = checks[REF.headers["linkages"]["end_on"][0]]  # an end date has no plausible range of its own
    assert ("linkages", "end_on") not in _RULES
    assert end.errorStyle in (None, "stop") and end.type == "date"
    assert _accepts(end, dt.date(1998, 1, 1)) and _accepts(end, dt.date(2100, 12, 31))
    assert not _accepts(end, dt.date(2101, 1, 1))
    assert "2100" not in guide[REF.headers["linkages"]["end_on"][0]]


PLAUSIBILITY = (Path(__file__).parents[1] / "lkdata" / "reference" / "plausibility.csv").read_text(encoding="utf-8")


def _override(rows: dict[tuple[str, str], tuple[str, str] | None]) -> str:
    """The shipped ``plausibility.csv`` with some rules' min and max changed (``None``: rule removed)."""
    frame = pd.read_csv(io.StringIO(PLAUSIBILITY), dtype=str, keep_default_na=False)
    keep = []
    for _, row in frame.iterrows():
        key = (row["dataset"], row["field"])
        if key in rows and rows[key] is None:
            continue
        if key in rows:
            row["min"], row["max"] = rows[key]
        keep.append(row)
    return pd.DataFrame(keep).to_csv(index=False)


def test_the_templates_follow_the_offices_own_rules(tmp_path: Path, monkeypatch, capsys):
    """``lkdata template`` in a project whose ``data/raw/reference/plausibility.csv`` changes some rules:
    the templates follow them, clipped to the schema's limits; a field whose rule is removed gets a stop."""
    from lkdata.cli import main

    reference = tmp_path / "data" / "raw" / "reference"
    reference.mkdir(parents=True)
    text = _override({
        ("producers", "farm_area"): ("0,5", "20"),
        ("cooperatives", "established_on"): ("1990-01-01", "today"),
        ("crops", "area"): ("0.01", "10000"),  # above the schema's 5.000 ha: the schema wins
        ("activities", "participants"): ("", "300"),
        ("cooperatives", "members"): None,
    })  # fmt: skip
    (reference / "plausibility.csv").write_text(text, encoding="utf-8")
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    assert main(["template", "--out", str(tmp_path / "mau")]) == 0
    capsys.readouterr()

    def check(dataset: str, name: str):
        return _validations(tmp_path / "mau" / TEMPLATE_NAMES[dataset])[0][REF.headers[dataset][name][0]]

    area = check("producers", "farm_area")
    assert area.errorStyle == "warning" and "thường từ 0,5 đến 20 ha" in area.error
    assert [_accepts(area, v) for v in (0.5, 20, 0.49, 20.5, 50)] == [True, True, False, False, False]
    founded = check("cooperatives", "established_on")
    assert _accepts(founded, dt.date(1990, 1, 1)) and not _accepts(founded, dt.date(1989, 12, 31))
    plot = check("crops", "area")
    assert _accepts(plot, 5000) and not _accepts(plot, 5000.5)
    assert "Thường từ 0,01 đến 5.000 ha" in plot.prompt and "10.000" not in plot.prompt
    people = check("activities", "participants")
    assert _accepts(people, 300) and not _accepts(people, 301) and _accepts(people, 0)
    members = check("cooperatives", "members")
    assert members.errorStyle in (None, "stop") and members.error == "Số thành viên: chỉ nhận số từ 0 đến 1.000.000."
    assert _accepts(members, 0) and _accepts(members, 5000) and not _accepts(members, -1)
    assert not _accepts(members, 1_000_001)  # the schema's hard limit: no record of a ward holds more


def test_ocop_stars_are_three_to_five_and_no_hint_makes_no_sense(templates: Path):
    checks, guide = _validations(templates / TEMPLATE_NAMES["cooperatives"])
    stars = checks["Số sao OCOP"]
    assert (stars.type, stars.formula1) == ("list", '"3,4,5"')
    assert guide["Số sao OCOP"] == stars.prompt == "Chọn số sao (3 đến 5 sao)."
    year = checks["Năm công nhận OCOP"]
    assert (year.type, year.formula1, year.formula2) == ("whole", "2018", "YEAR(TODAY())")
    for dataset in DATASETS:  # every hint of every template: an example fits its field
        _, guide = _validations(templates / TEMPLATE_NAMES[dataset])
        for f in fields(dataset):
            text = guide[REF.headers[dataset][f.name][0]]
            assert text and "2100" not in text, (dataset, f.name, text)
            if f.choices:
                assert "ví dụ" not in text and str(max(f.choices)) in text, (dataset, f.name, text)
            if f.kind == "id_card":
                assert "12 chữ số" in text and "9 chữ số" in text
    assert _validations(templates / TEMPLATE_NAMES["cooperatives"])[1]["Số cán bộ quản lý được đào tạo"].startswith(
        "Số người, không âm (ví dụ 3)."
    )
