"""Orchestration: clean runs, report batches, rendering and publishing. Joins the file edges (io) and the
pure packages; nothing but the command line imports it."""

from .imports import defer_iri_grammar

defer_iri_grammar()  # Papermill and nbconvert import jsonschema: 1.9 s of CPU saved per process
