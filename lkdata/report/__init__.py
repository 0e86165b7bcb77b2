"""Pure report view-models: the facts, notes, tables and charts the notebooks display. Never opens a file:
the entry points in :mod:`lkdata.api` load what they need."""
