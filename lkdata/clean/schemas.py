"""The processed tables: one pandera ``DataFrameModel`` each, validated lazily.

Catalogue checks (khu phố, crops, certifications) are added at run time from the loaded catalogues
by :func:`schema_for`, so an office that edits its catalogues needs no code change.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .catalogues import Reference

__all__ = ["MODELS", "schema_for"]

_STR = pd.StringDtype()
_SOURCE = {"nullable": False}


class _Provenance(pa.DataFrameModel):
    issues: Series[_STR] = pa.Field(nullable=True)
    merged_from: Series[_STR] = pa.Field(nullable=True)
    source_file: Series[_STR] = pa.Field(**_SOURCE)
    source_sheet: Series[_STR] = pa.Field(nullable=True)
    source_row: Series[int] = pa.Field(ge=1)

    class Config:
        coerce = True
        strict = "filter"


class Producer(_Provenance):
    """A farm household or production unit."""

    producer_id: Series[_STR] = pa.Field(unique=True, str_startswith="P")
    name: Series[_STR]
    khu_pho: Series[_STR]
    phone: Series[_STR] = pa.Field(nullable=True, str_matches=r"^0\d{9,10}$")
    id_card: Series[_STR] = pa.Field(nullable=True, str_matches=r"^\d{9}$|^\d{12}$")
    producer_type: Series[_STR] = pa.Field(nullable=True)
    cooperative_name: Series[_STR] = pa.Field(nullable=True)
    cooperative_id: Series[_STR] = pa.Field(nullable=True)
    farm_area_ha: Series[float] = pa.Field(gt=0, le=5_000, nullable=True)
    main_crop: Series[_STR] = pa.Field(nullable=True)
    crop_variety: Series[_STR] = pa.Field(nullable=True)
    gap_standard: Series[_STR] = pa.Field(nullable=True)
    gap_issued_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    gap_expires_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    trained: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    ecommerce: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    registered_on: Series[pd.Timestamp] = pa.Field(nullable=True)

    @pa.dataframe_check(name="Ngày hết hạn chứng nhận trước ngày cấp")
    def certificate_dates_in_order(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["gap_expires_on"] < df["gap_issued_on"]).fillna(False)


class Cooperative(_Provenance):
    """A cooperative (HTX) or cooperative group (THT)."""

    cooperative_id: Series[_STR] = pa.Field(unique=True, str_startswith="C")
    name: Series[_STR]
    kind: Series[_STR] = pa.Field(isin=["HTX", "THT"])
    established_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    dissolved_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    khu_pho: Series[_STR] = pa.Field(nullable=True)
    members: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    charter_capital_vnd: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    main_products: Series[_STR] = pa.Field(nullable=True)
    managers_trained: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    credit_access: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    ocop_product: Series[_STR] = pa.Field(nullable=True)
    ocop_stars: Series[pd.Int64Dtype] = pa.Field(isin=[1, 2, 3, 4, 5], nullable=True)
    ocop_year: Series[pd.Int64Dtype] = pa.Field(ge=2018, le=2100, nullable=True)

    @pa.dataframe_check(name="Ngày giải thể trước ngày thành lập")
    def dissolved_after_established(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["dissolved_on"] < df["established_on"]).fillna(False)


class Plot(_Provenance):
    """A crop plot of a producer."""

    plot_id: Series[_STR] = pa.Field(unique=True, str_startswith="V")
    producer_id: Series[_STR] = pa.Field(nullable=True)
    producer_name: Series[_STR] = pa.Field(nullable=True)
    phone: Series[_STR] = pa.Field(nullable=True)
    khu_pho: Series[_STR] = pa.Field(nullable=True)
    crop: Series[_STR]
    variety: Series[_STR] = pa.Field(nullable=True)
    area_ha: Series[float] = pa.Field(gt=0, le=5_000)
    growing_area_code: Series[_STR] = pa.Field(nullable=True)
    gap_standard: Series[_STR] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(ge=1950, le=2100, nullable=True)
    yield_t_per_ha: Series[float] = pa.Field(ge=0, nullable=True)
    output_t: Series[float] = pa.Field(ge=0, nullable=True)


class Linkage(_Provenance):
    """A production-consumption linkage contract or project."""

    linkage_id: Series[_STR] = pa.Field(unique=True, str_startswith="L")
    name: Series[_STR] = pa.Field(nullable=True)
    lead_party: Series[_STR] = pa.Field(nullable=True)
    partner_enterprise: Series[_STR] = pa.Field(nullable=True)
    crop: Series[_STR] = pa.Field(nullable=True)
    cooperative_names: Series[_STR] = pa.Field(nullable=True)
    cooperative_ids: Series[_STR] = pa.Field(nullable=True)
    households: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    area_ha: Series[float] = pa.Field(gt=0, nullable=True)
    volume_t: Series[float] = pa.Field(ge=0, nullable=True)
    contract_value_vnd: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    start_on: Series[pd.Timestamp]
    end_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    approval_no: Series[_STR] = pa.Field(nullable=True)
    approved_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    support_vnd: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    support_item: Series[_STR] = pa.Field(nullable=True)
    status: Series[_STR] = pa.Field(nullable=True)

    @pa.dataframe_check(name="Ngày kết thúc trước ngày bắt đầu")
    def ends_after_start(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["end_on"] < df["start_on"]).fillna(False)


class Activity(_Provenance):
    """An event the plan counts."""

    activity_id: Series[_STR] = pa.Field(unique=True, str_startswith="A")
    held_on: Series[pd.Timestamp]
    kind: Series[_STR]
    plan_task: Series[_STR] = pa.Field(isin=[f"III.{i}" for i in range(1, 8)] + ["IV"])
    title: Series[_STR] = pa.Field(nullable=True)
    organiser: Series[_STR] = pa.Field(nullable=True)
    khu_pho: Series[_STR] = pa.Field(nullable=True)
    participants: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    participants_households: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    participants_cooperatives: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    participants_enterprises: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    cost_vnd: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "producers": Producer,
    "cooperatives": Cooperative,
    "crops": Plot,
    "linkages": Linkage,
    "activities": Activity,
}


def schema_for(dataset: str, ref: Reference) -> pa.DataFrameSchema:
    """The dataset's schema with the current catalogues' values as ``isin`` checks."""
    schema = MODELS[dataset].to_schema()
    khu_pho = list(ref.khu_pho["name"])
    crops = list(ref.crops["name"])
    certs = list(ref.certifications["name"])
    catalogue = {
        "khu_pho": khu_pho,
        "main_crop": crops,
        "crop": crops,
        "gap_standard": certs,
        "kind": list(ref.activity_kinds["code"]) if dataset == "activities" else None,
    }
    for column, values in catalogue.items():
        if values and column in schema.columns:
            col = schema.columns[column]
            schema = schema.update_column(column, checks=[*col.checks, pa.Check.isin(values)])
    return schema
