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
    "ReferenceDataError": "errors",
    "SchemaError": "errors",
    "UsageError": "errors",
    "Reference": "reference",
    "load_reference": "reference",
    "generate_sample": "sample",
    "load": "store",
    "indicators": "plan_indicators",
    "breakdown": "plan_indicators",
    "Period": "periods",
    "parse_period": "periods",
    "run_clean": "pipeline",
    "open_report": "document",
    "open_brief": "document",
    "open_quality": "quality",
    "run_reports": "report",
    "fold": "text",
    "normalize_text": "text",
    "repair_legacy": "text",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'lkdata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
