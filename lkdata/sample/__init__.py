"""The synthetic sample: a ward's raw spreadsheets, typed as people type them, with the truth it planted."""

from .builder import SAMPLE_NOTICE, TRUTH_FILE, generate_sample

__all__ = ["SAMPLE_NOTICE", "TRUTH_FILE", "generate_sample"]
