"""The processed tables: one pandera ``DataFrameModel`` each, validated lazily; and the field registry.

Each input field is declared once, here, by :func:`_input`: its Vietnamese label (the ``Field``'s
``title``, as messages quote it), its parser kind, whether it is required (a missing or unreadable
value quarantines the row; the column is then not nullable) and whether it is personal data.
:mod:`lkdata.clean.fields` derives everything else from these declarations (parsing specs, labels,
ingest's required columns, the templates' columns, the personal columns). The raw header aliases have
one home, the office-editable ``headers.yaml``; a test keeps its fields and these in step.

Catalogue checks (khu phố, crops, certifications) are added at run time from the loaded catalogues
by :func:`schema_for`, so an office that edits its catalogues needs no code change.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ..vn.places import SUB_UNIT_TITLE
from .catalogues import Reference

__all__ = ["MODELS", "schema_for"]

_STR = pd.StringDtype()
_SOURCE = {"nullable": False}
_YEARS = "Năm, từ {low} đến {high}."
# Hard upper limits: what no record of a ward's plan can hold, whatever was meant (a typing accident, a
# number in the wrong column); plausibility.csv flags, far below them, what is merely unlikely, and a
# value typed in the wrong unit (kg in a column in tonnes) stays below them, to be kept and flagged.
_PEOPLE = 1_000_000  # people, households, members: the province has about 3 million people
_HECTARES = 1_000_000  # Đồng Nai province covers about 590,000 ha
_TONNES = 100_000_000  # the whole country harvests about 45 million tonnes of rice a year
_YIELD = 1_000_000  # tonnes per hectare: a thousand times kilograms typed into a column in tonnes
_MONEY = 100_000_000_000_000  # 100.000 tỷ đồng: more than the province's yearly budget


def _input(
    title: str,
    kind: str,
    *,
    required: bool = False,
    personal: bool = False,
    field: str | None = None,
    variety: str | None = None,
    help_text: str | None = None,
    unit: str | None = None,
    open_end: bool = False,
    strict: bool = False,
    tracked: bool = False,
    dated_by: str | None = None,
    **checks: Any,
) -> Any:
    """A column read from an input field.

    Parameters
    ----------
    title : str
        The field's short Vietnamese label, as messages quote it (``Thiếu {title}``).
    kind : str
        Its parser: ``text``, ``person``, ``phone``, ``id_card``, ``khu_pho``, ``crop``, ``cert``,
        ``coop_kind``, ``activity_kind``, ``task``, ``date``, ``bool``, ``int``, ``number``, ``area``,
        ``money``, ``code``, ``org_list``.
    required : bool
        A missing value quarantines the row (and the column is not nullable). A value of an optional field
        that cannot be accepted (unreadable, beyond its checks) is left empty and its reason kept in the
        row's ``issues``: one bad cell never sets a whole record aside.
    personal : bool
        A person's name, phone or ID-card number: kept out of published documents.
    field : str, optional
        The input field's name (its key in ``headers.yaml``) where the column's name differs,
        because the processed name carries a unit or a meaning (``farm_area`` -> ``farm_area_ha``).
    variety : str, optional
        For a crop: the column that receives the variety written with it.
    help_text : str, optional
        The template's help for this field where its kind's is not enough; ``{low}`` and ``{high}``
        are the bounds of its checks.
    unit : str, optional
        The unit of a ``number`` field (``tấn``, ``tấn/ha``: the units typed after a value are then
        converted to it) or of a count of years (``năm``); areas are in ha and money in đồng.
    open_end : bool
        An end date (an expiry, a contract's end, a dissolution): ``31/12/9999`` and ``Không thời hạn``
        say there is none, and it is left empty with a note, never stored as a date.
    strict : bool
        An optional field whose empty value means something (no dissolution: the cooperative runs on; no
        end: the linkage runs on): a value that cannot be accepted quarantines the row rather than be
        left empty, which would say the opposite of what was written.
    tracked : bool
        An attribute that carries no date of its own (a cooperative's members, a yes/no flag): each
        clean keeps its changes in a dated history (:mod:`lkdata.io.history`), so that its value as of a
        past date is read from there, never taken from today's data (:mod:`lkdata.plan.history`).
    dated_by : str, optional
        For a tracked field, the date column that dates it where a row gives that date (the day a
        growing-area code was granted): such a row needs no history.
    **checks
        pandera ``Field`` checks; ``nullable`` defaults to ``not required``. Every number has a hard
        upper limit (``le``): beyond it a value is no quantity of a ward's plan, whatever its unit.
    """
    meta = {
        "kind": kind,
        "required": required,
        "personal": personal,
        "open_end": open_end,
        "strict": strict,
        "tracked": tracked,
    }
    extra = (("field", field), ("variety", variety), ("help", help_text), ("unit", unit), ("dated_by", dated_by))
    meta |= {k: v for k, v in extra if v is not None}
    checks.setdefault("nullable", not required)
    return pa.Field(title=title, metadata=meta, **checks)


class _Provenance(pa.DataFrameModel):
    issues: Series[_STR] = pa.Field(nullable=True)
    merged_from: Series[_STR] = pa.Field(nullable=True)
    source_file: Series[_STR] = pa.Field(title="Tệp", **_SOURCE)
    source_sheet: Series[_STR] = pa.Field(title="Trang tính", nullable=True)
    source_row: Series[int] = pa.Field(title="Dòng", ge=1)

    class Config:
        coerce = True
        strict = "filter"


class Producer(_Provenance):
    """A farm household or production unit."""

    producer_id: Series[_STR] = pa.Field(title="Mã hộ", unique=True, str_startswith="P")
    name: Series[_STR] = _input("Tên", "person", required=True, personal=True)
    phone: Series[_STR] = _input("Số điện thoại", "phone", personal=True, str_matches=r"^0\d{9,10}$")
    id_card: Series[_STR] = _input("Số CCCD", "id_card", personal=True, str_matches=r"^\d{9}$|^\d{12}$")
    khu_pho: Series[_STR] = _input(SUB_UNIT_TITLE, "khu_pho", required=True)
    producer_type: Series[_STR] = _input("Loại hình", "text")
    cooperative_name: Series[_STR] = _input("HTX/THT", "text", field="cooperative")
    cooperative_id: Series[_STR] = pa.Field(nullable=True)
    farm_area_ha: Series[float] = _input("Diện tích", "area", field="farm_area", gt=0, le=5_000)
    main_crop: Series[_STR] = _input("Cây trồng", "crop", variety="crop_variety")
    crop_variety: Series[_STR] = pa.Field(nullable=True)
    gap_standard: Series[_STR] = _input("Tiêu chuẩn chứng nhận", "cert")
    gap_issued_on: Series[pd.Timestamp] = _input("Ngày cấp chứng nhận", "date")
    gap_expires_on: Series[pd.Timestamp] = _input("Ngày hết hạn chứng nhận", "date", open_end=True)
    trained: Series[pd.BooleanDtype] = _input("Tập huấn", "bool")
    ecommerce: Series[pd.BooleanDtype] = _input("Bán trên sàn TMĐT", "bool", tracked=True)
    registered_on: Series[pd.Timestamp] = _input("Ngày đăng ký", "date")

    class Config:
        metadata: ClassVar[dict] = {
            "record": "hộ",  # what one row is, as a count names it ("12 hộ")
            # columns a merged record takes together from one of its rows (a certificate's dates, a crop and
            # its variety), so merging never pairs values that no row wrote side by side
            "together": [("gap_standard", "gap_issued_on", "gap_expires_on"), ("main_crop", "crop_variety")],
        }

    @pa.dataframe_check(name="Ngày hết hạn chứng nhận trước ngày cấp")
    def certificate_dates_in_order(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["gap_expires_on"] < df["gap_issued_on"]).fillna(False)


class Cooperative(_Provenance):
    """A cooperative (HTX) or cooperative group (THT)."""

    cooperative_id: Series[_STR] = pa.Field(unique=True, str_startswith="C")
    name: Series[_STR] = _input("Tên", "text", required=True)
    kind: Series[_STR] = _input("Loại hình", "coop_kind", required=True, isin=["HTX", "THT"])
    established_on: Series[pd.Timestamp] = _input("Ngày thành lập", "date")
    dissolved_on: Series[pd.Timestamp] = _input("Ngày giải thể", "date", open_end=True, strict=True)
    khu_pho: Series[_STR] = _input(SUB_UNIT_TITLE, "khu_pho")
    members: Series[pd.Int64Dtype] = _input("Số thành viên", "int", ge=0, le=_PEOPLE, tracked=True)
    charter_capital_vnd: Series[pd.Int64Dtype] = _input(
        "Vốn điều lệ", "money", field="charter_capital", ge=0, le=_MONEY
    )
    main_products: Series[_STR] = _input("Sản phẩm chính", "text")
    managers_trained: Series[pd.Int64Dtype] = _input(
        "Số cán bộ quản lý được đào tạo",
        "int",
        ge=0,
        le=10_000,
        help_text="Số người, không âm (ví dụ 3).",
        tracked=True,
    )
    credit_access: Series[pd.BooleanDtype] = _input("Tiếp cận tín dụng", "bool", tracked=True)
    ocop_product: Series[_STR] = _input("Sản phẩm OCOP", "text")
    # products are recognised as OCOP products at 3, 4 or 5 stars (QĐ 148/QĐ-TTg of 2023): never 1 or 2
    ocop_stars: Series[pd.Int64Dtype] = _input(
        "Số sao OCOP", "int", isin=[3, 4, 5], help_text="Chọn số sao ({low} đến {high} sao)."
    )
    ocop_year: Series[pd.Int64Dtype] = _input(
        "Năm công nhận OCOP", "int", ge=2018, le=2100, help_text=_YEARS, unit="năm"
    )

    class Config:
        metadata: ClassVar[dict] = {
            "record": "HTX/THT",
            "together": [("established_on", "dissolved_on"), ("ocop_product", "ocop_stars", "ocop_year")],
        }

    @pa.dataframe_check(name="Ngày giải thể trước ngày thành lập")
    def dissolved_after_established(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["dissolved_on"] < df["established_on"]).fillna(False)


class Plot(_Provenance):
    """A crop plot of a producer."""

    plot_id: Series[_STR] = pa.Field(unique=True, str_startswith="V")
    producer_id: Series[_STR] = pa.Field(nullable=True)
    producer_name: Series[_STR] = _input("Tên chủ hộ", "person", personal=True)
    phone: Series[_STR] = _input("Số điện thoại", "phone", personal=True)
    khu_pho: Series[_STR] = _input(SUB_UNIT_TITLE, "khu_pho")
    crop: Series[_STR] = _input("Cây trồng", "crop", required=True, variety="variety")
    variety: Series[_STR] = pa.Field(nullable=True)
    area_ha: Series[float] = _input("Diện tích", "area", required=True, field="area", gt=0, le=5_000)
    growing_area_code: Series[_STR] = _input(
        "Mã số vùng trồng", "code", tracked=True, dated_by="growing_area_code_issued_on"
    )
    growing_area_code_issued_on: Series[pd.Timestamp] = _input("Ngày cấp mã số vùng trồng", "date")
    gap_standard: Series[_STR] = _input("Tiêu chuẩn chứng nhận", "cert")
    year: Series[pd.Int64Dtype] = _input("Năm trồng", "int", ge=1950, le=2100, help_text=_YEARS, unit="năm")
    yield_t_per_ha: Series[float] = _input("Năng suất", "number", ge=0, le=_YIELD, unit="tấn/ha")
    output_t: Series[float] = _input("Sản lượng", "number", ge=0, le=_TONNES, unit="tấn")

    class Config:
        # a sheet needs one of these columns ("columns"), and also each row one of these values ("rows")
        metadata: ClassVar[dict] = {"one_of": {("producer_name", "phone"): "rows"}, "record": "thửa"}


class Linkage(_Provenance):
    """A production-consumption linkage contract or project."""

    linkage_id: Series[_STR] = pa.Field(unique=True, str_startswith="L")
    name: Series[_STR] = _input("Tên", "text")
    lead_party: Series[_STR] = _input("Đơn vị chủ trì", "text")
    partner_enterprise: Series[_STR] = _input("Doanh nghiệp liên kết", "text")
    crop: Series[_STR] = _input("Cây trồng", "crop", variety="variety")
    cooperative_names: Series[_STR] = _input("HTX/THT tham gia", "org_list", field="cooperatives")
    cooperative_ids: Series[_STR] = pa.Field(nullable=True)
    households: Series[pd.Int64Dtype] = _input("Số hộ tham gia", "int", ge=0, le=_PEOPLE)
    area_ha: Series[float] = _input("Diện tích", "area", field="area", gt=0, le=_HECTARES)
    volume_t: Series[float] = _input("Sản lượng tiêu thụ", "number", ge=0, le=_TONNES, unit="tấn")
    contract_value_vnd: Series[pd.Int64Dtype] = _input(
        "Giá trị hợp đồng", "money", field="contract_value", ge=0, le=_MONEY
    )
    start_on: Series[pd.Timestamp] = _input("Ngày bắt đầu", "date", required=True)
    end_on: Series[pd.Timestamp] = _input("Ngày kết thúc", "date", open_end=True, strict=True)
    approval_no: Series[_STR] = _input("Số quyết định phê duyệt", "code")
    approved_on: Series[pd.Timestamp] = _input("Ngày phê duyệt", "date")
    support_vnd: Series[pd.Int64Dtype] = _input("Kinh phí hỗ trợ", "money", field="support", ge=0, le=_MONEY)
    support_item: Series[_STR] = _input("Hạng mục hỗ trợ", "text")
    status: Series[_STR] = _input("Tình trạng", "text")

    @pa.dataframe_check(name="Ngày kết thúc trước ngày bắt đầu")
    def ends_after_start(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["end_on"] < df["start_on"]).fillna(False)

    class Config:
        metadata: ClassVar[dict] = {"one_of": {("lead_party", "name"): "columns"}, "record": "liên kết"}


class Activity(_Provenance):
    """An event the plan counts."""

    activity_id: Series[_STR] = pa.Field(unique=True, str_startswith="A")
    held_on: Series[pd.Timestamp] = _input("Ngày tổ chức", "date", required=True)
    kind: Series[_STR] = _input("Loại hình", "activity_kind", required=True)
    # a task of the plan in use (its tasks.csv; checked by schema_for), by default the kind's: empty where the
    # sheet leaves it out and the plan has no task for the kind, or the sheet names no task of the plan
    plan_task: Series[_STR] = _input("Nhiệm vụ kế hoạch", "task")
    title: Series[_STR] = _input("Nội dung", "text")
    organiser: Series[_STR] = _input("Đơn vị tổ chức", "text")
    khu_pho: Series[_STR] = _input(SUB_UNIT_TITLE, "khu_pho")
    participants: Series[pd.Int64Dtype] = _input("Tổng số người tham dự", "int", ge=0, le=_PEOPLE)
    participants_households: Series[pd.Int64Dtype] = _input("Số hộ tham dự", "int", ge=0, le=_PEOPLE)
    participants_cooperatives: Series[pd.Int64Dtype] = _input("Số HTX/THT tham dự", "int", ge=0, le=10_000)
    participants_enterprises: Series[pd.Int64Dtype] = _input("Số doanh nghiệp tham dự", "int", ge=0, le=_PEOPLE)
    cost_vnd: Series[pd.Int64Dtype] = _input("Kinh phí", "money", field="cost", ge=0, le=_MONEY)

    class Config:
        metadata: ClassVar[dict] = {"record": "hoạt động"}


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "producers": Producer,
    "cooperatives": Cooperative,
    "crops": Plot,
    "linkages": Linkage,
    "activities": Activity,
}


def _pandas_types_only() -> None:
    """Let pandera find the pandas types it checks a model's annotations against without importing dask.

    Building a schema from a model, pandera collects the series and index types of every dataframe
    library installed (``pandera.typing.get_series_types``, ``get_index_types``): with dask installed
    that imports ``dask.dataframe``, about a second of CPU at every start of a clean (the province-size
    bench), though lkdata validates pandas frames only. Where dask is installed but not yet imported,
    pandera's dask module is stood in for, while both lists are made, by one that says dask is not
    installed (pandera's own answer without dask); pandera keeps both lists for the process. The stand-in
    is removed at once: ``pandera.typing.dask`` imports as usual afterwards.
    """
    import sys
    import types

    from pandera import typing

    made = typing.get_index_types.cache_info().currsize and typing.get_series_types.cache_info().currsize
    if made or "pandera.typing.dask" in sys.modules or "dask.dataframe" in sys.modules:
        return
    stand_in = types.ModuleType("pandera.typing.dask")
    stand_in.DASK_INSTALLED = False  # type: ignore[attr-defined]
    sys.modules["pandera.typing.dask"] = stand_in
    try:
        typing.get_index_types()
        typing.get_series_types()
    finally:
        del sys.modules["pandera.typing.dask"]


_pandas_types_only()


def schema_for(dataset: str, ref: Reference, *, ids_may_repeat: str | None = None) -> pa.DataFrameSchema:
    """The dataset's schema with the current catalogues' values as ``isin`` checks; ``ids_may_repeat``
    names an id column whose values need not be unique yet (rows before their duplicates are merged).

    Built once per dataset and catalogues (each batch of a clean validates with it; building copies the
    model's checks): the schema returned is shared, and never changed in place (pandera's
    ``update_column`` and ``remove_columns`` return new schemas).
    """
    catalogue = {
        "khu_pho": ref.khu_pho["name"],
        "main_crop": ref.crops["name"],
        "crop": ref.crops["name"],
        "gap_standard": ref.certifications["name"],
        "kind": ref.activity_kinds["code"] if dataset == "activities" else None,
        "plan_task": ref.task_numbers if dataset == "activities" else None,
    }
    key = tuple((column, None if values is None else tuple(values)) for column, values in catalogue.items())
    return _schema(dataset, key, ids_may_repeat)


@lru_cache(maxsize=64)
def _schema(dataset: str, catalogue: tuple, ids_may_repeat: str | None) -> pa.DataFrameSchema:
    schema = MODELS[dataset].to_schema()
    for column, values in catalogue:
        if values and column in schema.columns:
            col = schema.columns[column]
            schema = schema.update_column(column, checks=[*col.checks, pa.Check.isin(list(values))])
    if ids_may_repeat:
        schema = schema.update_column(ids_may_repeat, unique=False)
    return schema
