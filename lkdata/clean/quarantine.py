"""Conventions of the quarantine tables, shared by the reader that fills them and the views that read them."""

from __future__ import annotations

__all__ = ["SKIPPED"]

#: The end of the reason of a row skipped on purpose (a totals row, a repeated header): nothing to fix.
SKIPPED = "(bỏ qua)"
