"""lkdata.clean.fields: the field registry, declared on the pandera models, and headers.yaml in step with it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from lkdata.clean.dataset import clean_dataset
from lkdata.clean.fields import fields, id_column, labels, personal_columns, required_columns, row_one_of
from lkdata.clean.schemas import MODELS
from lkdata.config import DATASETS
from lkdata.io.ingest import REQUIRED
from lkdata.io.reference import load_reference

REF = load_reference()
HEADERS = yaml.safe_load(
    Path(str(resources.files("lkdata") / "reference" / "headers.yaml")).read_text(encoding="utf-8")
)


def test_headers_yaml_names_exactly_the_registry_fields_in_order():
    """headers.yaml is the one home of the aliases: every input field has some, and nothing else does."""
    assert list(HEADERS) == list(DATASETS)
    for dataset in DATASETS:
        assert list(HEADERS[dataset]) == [f.name for f in fields(dataset)], dataset
        for name, aliases in HEADERS[dataset].items():
            assert aliases and all(isinstance(a, str) and a.strip() for a in aliases), (dataset, name)


def test_each_processed_column_is_declared_once_with_its_field():
    for dataset in DATASETS:
        columns = MODELS[dataset].to_schema().columns
        for f in fields(dataset):
            col = columns[f.column]
            assert col.title == f.label and col.metadata["kind"] == f.kind
            assert col.nullable != f.required
        assert len({f.name for f in fields(dataset)}) == len(fields(dataset))
        assert columns[id_column(dataset)].unique


def test_derived_lists_follow_the_registry():
    assert required_columns("producers") == (("name",), ("khu_pho",))
    assert required_columns("crops") == (("producer_name", "phone"), ("crop",), ("area",))
    assert required_columns("linkages") == (("lead_party", "name"), ("start_on",))
    assert REQUIRED == {d: required_columns(d) for d in DATASETS}
    assert row_one_of("crops") == [("producer_name", "phone")] and row_one_of("linkages") == []
    assert personal_columns() == {
        "producers": {"name": "person", "phone": "phone", "id_card": "id_card"},
        "crops": {"producer_name": "person", "phone": "phone"},
    }
    assert {f.name: f.column for f in fields("producers") if f.name != f.column} == {
        "cooperative": "cooperative_name",
        "farm_area": "farm_area_ha",
    }


def test_a_blank_row_of_any_dataset_is_set_aside_for_each_required_field():
    """Every field's kind has a parser; each required field (or group) says what is missing."""
    for dataset in DATASETS:
        raw = pd.DataFrame({f.name: [None] for f in fields(dataset)})
        raw[["source_file", "source_sheet", "source_row"]] = ["a.xlsx", "Sheet1", 5]
        result = clean_dataset(dataset, raw, REF)
        assert result.clean.empty
        [reasons] = result.quarantine["reasons"]
        for f in fields(dataset):
            if f.required:
                assert f"thiếu {labels(dataset)[f.name].lower()}" in reasons.lower(), (dataset, f.name, reasons)
    crops = clean_dataset("crops", pd.DataFrame({"crop": ["Sầu riêng"], "area": [1.0], "source_file": ["a"],
                                                 "source_sheet": ["S"], "source_row": [5]}), REF)  # fmt: skip
    assert crops.quarantine["reasons"].tolist() == ["Thiếu tên chủ hộ và số điện thoại"]
