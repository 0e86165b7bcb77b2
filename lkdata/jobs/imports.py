"""Imports that cost a report more than they give it.

``jsonschema`` (which nbformat, and so Papermill and nbconvert, import) loads its ``iri`` format checker
at import time from ``rfc3987_syntax``, which compiles some thirty Earley grammars with Lark as it is
imported: about 1.9 s of CPU for every process that reads or writes a notebook, for a check no notebook
schema uses (jsonschema issue 1428). :func:`defer_iri_grammar` puts a stand-in under that module's name
that imports the real one the first time anything of it is used: the check works as before, only later.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

__all__ = ["defer_iri_grammar"]

_IRI = "rfc3987_syntax"


class _Deferred(types.ModuleType):
    """Stands for a module not imported yet: any name asked of it imports the module and answers from it."""

    def __getattr__(self, name: str):
        if name.startswith("__") and name != "__all__":  # what tools ask of any module: not a use of it
            raise AttributeError(name)
        return getattr(_real(), name)


def _real() -> types.ModuleType:
    if isinstance(sys.modules.get(_IRI), _Deferred):
        del sys.modules[_IRI]
    return importlib.import_module(_IRI)


def _is_valid_syntax(*args, **kwargs):
    return _real().is_valid_syntax(*args, **kwargs)


def defer_iri_grammar() -> None:
    """Let ``rfc3987_syntax`` be imported when first used rather than when jsonschema is (see the module).
    Does nothing where it is already imported or not installed."""
    if _IRI in sys.modules:
        return
    spec = importlib.util.find_spec(_IRI)
    if spec is None:
        return
    stand_in = _Deferred(_IRI, "rfc3987_syntax, imported when first used (lkdata.jobs.imports)")
    stand_in.__spec__, stand_in.__file__ = spec, spec.origin
    if spec.submodule_search_locations is not None:
        stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.is_valid_syntax = _is_valid_syntax
    sys.modules[_IRI] = stand_in
