"""The office's log (``data/processed/noi_bo/nhat_ky.log``): what lkdata said, with the detail an analyst's
message leaves out (a reader's own English error, the file it met it in), for whoever maintains lkdata."""

from __future__ import annotations

import logging
from pathlib import Path

__all__ = ["JOURNAL", "JOURNAL_LOGGER", "attach_journal", "detach_journal", "journal"]

#: The log's place under the processed folder (office-only: a message may name a file or a person).
JOURNAL = Path("noi_bo") / "nhat_ky.log"


#: The logger of what only the log keeps (never shown on screen): ``logging.getLogger(JOURNAL_LOGGER)``.
JOURNAL_LOGGER = "lkdata.nhat_ky"


def journal() -> logging.Logger:
    """The logger whose records go only to the office's log (not to the screen, not to the parent logger)."""
    logger = logging.getLogger(JOURNAL_LOGGER)
    logger.propagate = False
    logger.setLevel(logging.INFO)  # below logging's last resort (WARNING): nothing printed when no log is attached
    return logger


class _Journal(logging.FileHandler):
    """A log file made (with its folder) only when the first record comes; a folder that cannot be written
    loses the record, never the command."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """A log that cannot be written is left out, with no traceback on the analyst's screen."""


def attach_journal(processed: Path) -> logging.Handler:
    """Append what :func:`journal` records to the log under ``processed``; returns the handler (to remove at
    the end)."""
    handler = _Journal(Path(processed) / JOURNAL, encoding="utf-8", delay=True)  # nothing made until a record
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%d/%m/%Y %H:%M:%S"))
    journal().addHandler(handler)
    return handler


def detach_journal(handler: logging.Handler | None) -> None:
    """Stop writing to the log (the end of a command)."""
    if handler is not None:
        journal().removeHandler(handler)
        handler.close()
