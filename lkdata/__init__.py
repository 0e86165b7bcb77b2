"""lkdata: data tools and reports for the agricultural office of Long Khánh ward.

The public API is re-exported here and imported on first use, so ``import lkdata`` stays light
(notebook kernels start fast).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Paths": "config",
    "DATASETS": "config",
    "LkdataError": "errors",
    "FileReadError": "errors",
    "ProcessedDataError": "errors",
    "ReferenceDataError": "errors",
    "SchemaError": "errors",
    "UsageError": "errors",
    "InternalError": "errors",
    "OutputError": "errors",
    "Reference": "clean.catalogues",
    "load_reference": "io.reference",
    "generate_sample": "sample",
    "load": "io.store",
    "indicators": "api",
    "breakdown": "api",
    "check_rules": "api",
    "explain": "api",
    "table": "api",
    "record_counts": "api",
    "indicator_table": "api",
    "breakdown_table": "api",
    "crosstab": "api",
    "chart": "api",
    "trend": "api",
    "trend_table": "api",
    "trend_chart": "api",
    "Period": "plan.periods",
    "parse_period": "plan.periods",
    "run_clean": "jobs.clean_run",
    "open_report": "api",
    "open_brief": "api",
    "open_quality": "api",
    "open_unit_summary": "api",
    "run_reports": "jobs.reports",
    "fold": "vn.text",
    "normalize_text": "vn.text",
    "repair_legacy": "vn.text",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'lkdata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
