"""argparse in Vietnamese: the help's headings, ``-h`` and the error messages an analyst meets on the
command line (``usage:``, ``options:``, ``invalid choice``, ``the following arguments are required``).

argparse writes its own words through :mod:`gettext`; rather than install a translation catalogue for
the whole process, :class:`ArgumentParser` names its groups and its ``-h`` itself and translates the
few error messages argparse makes (:func:`translate_error`), so nothing else in the process changes.
"""

from __future__ import annotations

import argparse
import re
import sys

__all__ = ["ArgumentParser", "HelpFormatter", "translate_error"]

USAGE = "Cách dùng: "

#: argparse's error messages (Python 3.10-3.13) and their Vietnamese, tried in order.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), vi)
    for pattern, vi in (
        (r"^argument (?P<arg>.+?): (?P<rest>.*)$", "đối số {arg}: {rest}"),
        (r"^invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)$",
         "lựa chọn không hợp lệ: {value} (chọn một trong: {choices})"),
        (r"^the following arguments are required: (?P<args>.*)$", "thiếu đối số bắt buộc: {args}"),
        (r"^unrecognized arguments: (?P<args>.*)$", "đối số không nhận ra: {args}"),
        (r"^expected one argument$", "cần một giá trị"),
        (r"^expected at most one argument$", "cần nhiều nhất một giá trị"),
        (r"^expected at least one argument$", "cần ít nhất một giá trị"),
        (r"^expected (?P<n>\d+) arguments?$", "cần {n} giá trị"),
        (r"^invalid (?P<type>\w+) value: (?P<value>.*)$", "giá trị không hợp lệ ({type}): {value}"),
        (r"^ambiguous option: (?P<opt>\S+) could match (?P<matches>.*)$",
         "tùy chọn không rõ: {opt} có thể là {matches}"),
        (r"^not allowed with argument (?P<arg>.*)$", "không dùng cùng với {arg}"),
        (r"^one of the arguments (?P<args>.*) is required$", "cần một trong các đối số {args}"),
        (r"^ignored explicit argument (?P<arg>.*)$", "không nhận giá trị {arg}"),
    )
)  # fmt: skip
_TYPES = {"int": "số nguyên", "float": "số"}


def translate_error(message: str) -> str:
    """An argparse error message in Vietnamese (nested: ``argument X: invalid choice ...``); a message it
    does not know is returned as it is."""
    for pattern, vi in _ERRORS:
        if m := pattern.match(message):
            parts = m.groupdict()
            if "rest" in parts:
                parts["rest"] = translate_error(parts["rest"])
            if "type" in parts:
                parts["type"] = _TYPES.get(parts["type"], parts["type"])
            return vi.format(**parts)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with ``Cách dùng:`` for ``usage:``."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser that speaks Vietnamese: headings, ``-h``, usage and errors (its sub-commands too)."""

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="hiện hướng dẫn này rồi thoát")  # fmt: skip

    def error(self, message: str):
        """Print the usage and the error in Vietnamese; exit with code 2 (a usage error)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {translate_error(message)}\n")
