"""``python -m lkdata.cli``: the ``lkdata`` command."""

import sys

from . import main

sys.exit(main())
