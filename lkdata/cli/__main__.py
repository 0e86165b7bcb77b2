"""``python -m lkdata.cli``: the ``lkdata`` command."""

from . import run

run()
