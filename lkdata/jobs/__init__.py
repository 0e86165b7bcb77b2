"""Orchestration: clean runs, report batches, rendering and publishing. Joins the file edges (io) and the
pure packages; nothing but the command line imports it."""
